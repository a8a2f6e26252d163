package io.footfall.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.core.people.PropertyChange;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Validates one event object against the schema and the limits, producing an {@link IncomingEvent}
 * or a rejection that names the field and the limit. Unknown fields are ignored, so newer clients
 * keep working with older servers.
 */
final class EventParser {
  private static final Pattern NAME = Pattern.compile("[^\\p{Cntrl}]{1,120}");
  private static final Pattern SCREEN = Pattern.compile("\\d{1,5}x\\d{1,5}");
  private static final Pattern LOCALE = Pattern.compile("[A-Za-z]{2,8}([-_][A-Za-z0-9]{1,8}){0,4}");
  private static final Pattern CURRENCY = Pattern.compile("[A-Za-z]{3}");
  private static final int MAX_ID_LENGTH = 128;
  private static final int MAX_KEY_LENGTH = 128;
  private static final int MAX_TITLE_LENGTH = 512;
  private static final int MAX_USER_AGENT_LENGTH = 1024;
  private static final BigDecimal MAX_AMOUNT = new BigDecimal("100000000000000");
  private static final BigDecimal MAX_PROPERTY_NUMBER = MAX_AMOUNT.multiply(MAX_AMOUNT);

  private final IngestLimits limits;

  EventParser(IngestLimits limits) {
    this.limits = limits;
  }

  /** One parsed batch item: exactly one of {@code event} and {@code rejection} is set. */
  record Result(IncomingEvent event, Rejection rejection) {
    static Result rejected(int index, String field, String message) {
      return new Result(null, new Rejection(index, field, message));
    }

    Result withBatchSentAt(Instant sentAt) {
      if (event == null || event.sentAt().isPresent()) {
        return this;
      }
      IncomingEvent e = event;
      return new Result(
          new IncomingEvent(
              e.index(),
              e.name(),
              e.timestamp(),
              Optional.of(sentAt),
              e.id(),
              e.anonymousId(),
              e.userId(),
              e.url(),
              e.referrer(),
              e.title(),
              e.screen(),
              e.locale(),
              e.hashMode(),
              e.ip(),
              e.userAgent(),
              e.campaign(),
              e.properties(),
              e.revenueAmount(),
              e.revenueCurrency(),
              e.userChanges()),
          null);
    }
  }

  /**
   * Why one event of a request was not accepted.
   *
   * @param tooLarge whether the event broke a size limit (a single such event answers 413, any
   *     other rejected single event 400)
   */
  record Rejection(int index, String field, String message, boolean tooLarge) {
    Rejection(int index, String field, String message) {
      this(index, field, message, false);
    }
  }

  /** A field failed validation; carries the field path relative to the event. */
  private static final class FieldError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String field;

    FieldError(String field, String message) {
      super(message, null, false, false);
      this.field = field;
    }
  }

  Result parse(int index, String prefix, ObjectNode node) {
    try {
      return new Result(read(index, node), null);
    } catch (FieldError e) {
      return Result.rejected(index, prefix + e.field, e.getMessage());
    }
  }

  Instant batchSentAt(JsonNode node) {
    try {
      return time("sent_at", node);
    } catch (FieldError e) {
      throw IngestException.invalid("sent_at", e.getMessage());
    }
  }

  private IncomingEvent read(int index, ObjectNode n) {
    String name = text(n, "event", 120, true);
    if (!NAME.matcher(name).matches()) {
      throw new FieldError("event", "event must be 1 to 120 characters without control characters");
    }
    Optional<Instant> timestamp = optionalTime(n, "timestamp");
    Optional<Instant> sentAt = optionalTime(n, "sent_at");
    String id = text(n, "id", MAX_ID_LENGTH, false);

    ObjectNode actor = object(n, "actor");
    String anonymousId =
        actor == null ? "" : text(actor, "anonymous_id", MAX_ID_LENGTH, false, "actor.");
    String userId = actor == null ? "" : text(actor, "user_id", 256, false, "actor.");

    ObjectNode c = object(n, "context");
    String url = "";
    String referrer = "";
    String title = "";
    String screen = "";
    String locale = "";
    boolean hashMode = false;
    String ip = "";
    String userAgent = "";
    Map<String, String> campaign = Map.of();
    if (c != null) {
      url = text(c, "url", limits.maxUrlLength(), false, "context.");
      if (!url.isEmpty()) {
        requireHttpUrl("context.url", url);
      }
      referrer = text(c, "referrer", limits.maxUrlLength(), false, "context.");
      title = text(c, "title", MAX_TITLE_LENGTH, false, "context.");
      screen = text(c, "screen", 11, false, "context.");
      if (!screen.isEmpty() && !SCREEN.matcher(screen).matches()) {
        throw new FieldError("context.screen", "screen must look like 1920x1080");
      }
      locale = text(c, "locale", 35, false, "context.");
      if (!locale.isEmpty() && !LOCALE.matcher(locale).matches()) {
        throw new FieldError("context.locale", "locale must be a language tag like en-US");
      }
      JsonNode h = c.get("hash_mode");
      if (h != null && !h.isNull()) {
        if (!h.isBoolean()) {
          throw new FieldError("context.hash_mode", "hash_mode must be true or false");
        }
        hashMode = h.booleanValue();
      }
      ip = text(c, "ip", 45, false, "context.");
      userAgent = text(c, "user_agent", MAX_USER_AGENT_LENGTH, false, "context.");
      ObjectNode camp = object(c, "campaign", "context.");
      if (camp != null) {
        campaign = campaign(camp);
      }
    }

    Map<String, Object> properties = properties(object(n, "properties"));
    List<IncomingEvent.UserChange> userChanges = userChanges(n);
    if (name.equals(IncomingEvent.IDENTIFY) && userId.isEmpty()) {
      throw new FieldError("actor.user_id", "an identify call names the user: actor.user_id");
    }
    if (!userChanges.isEmpty() && userId.isEmpty()) {
      throw new FieldError(
          n.has("traits") ? "traits" : "user_properties",
          "person properties need a person: send actor.user_id with them");
    }
    Optional<BigDecimal> amount = Optional.empty();
    String currency = "";
    ObjectNode revenue = object(n, "revenue");
    if (revenue != null) {
      amount = Optional.of(amount(revenue.get("amount")));
      currency = text(revenue, "currency", 3, true, "revenue.");
      if (!CURRENCY.matcher(currency).matches()) {
        throw new FieldError("revenue.currency", "currency must be a 3-letter ISO 4217 code");
      }
      currency = currency.toUpperCase(java.util.Locale.ROOT);
    }
    return new IncomingEvent(
        index,
        name,
        timestamp,
        sentAt,
        id.isEmpty() ? Optional.empty() : Optional.of(id),
        anonymousId,
        userId,
        url,
        referrer,
        title,
        screen,
        locale,
        hashMode,
        ip,
        userAgent,
        campaign,
        properties,
        amount,
        currency,
        userChanges);
  }

  /**
   * What the event says about its person: {@code user_properties}, either plain names and values
   * (each set) or the operators {@code $set}, {@code $set_once} (or {@code $setOnce}) and {@code
   * $unset} (an array of names, or an object whose names are unset); then an identify's {@code
   * traits}, each set. Values are scalars, as event properties are; a null value is ignored.
   */
  private List<IncomingEvent.UserChange> userChanges(ObjectNode n) {
    List<IncomingEvent.UserChange> out = new ArrayList<>();
    ObjectNode up = object(n, "user_properties");
    if (up != null) {
      for (Map.Entry<String, JsonNode> e : up.properties()) {
        String field = "user_properties." + abbreviate(e.getKey());
        switch (e.getKey()) {
          case "$set" -> sets(PropertyChange.Op.SET, field, e.getValue(), out);
          case "$set_once", "$setOnce" ->
              sets(PropertyChange.Op.SET_ONCE, field, e.getValue(), out);
          case "$unset" -> unsets(field, e.getValue(), out);
          default -> change(PropertyChange.Op.SET, field, e.getKey(), e.getValue(), out);
        }
      }
    }
    ObjectNode traits = object(n, "traits");
    if (traits != null) {
      sets(PropertyChange.Op.SET, "traits", traits, out);
    }
    if (out.size() > limits.maxProperties()) {
      throw new FieldError(
          up != null ? "user_properties" : "traits",
          "the event changes "
              + out.size()
              + " person properties; at most "
              + limits.maxProperties()
              + " allowed");
    }
    return out;
  }

  private void sets(
      PropertyChange.Op op, String field, JsonNode values, List<IncomingEvent.UserChange> out) {
    if (!values.isObject()) {
      throw new FieldError(field, field + " must be an object of names and values");
    }
    for (Map.Entry<String, JsonNode> e : values.properties()) {
      change(op, field + "." + abbreviate(e.getKey()), e.getKey(), e.getValue(), out);
    }
  }

  private void unsets(String field, JsonNode names, List<IncomingEvent.UserChange> out) {
    List<String> keys = new ArrayList<>();
    if (names.isArray()) {
      for (JsonNode k : names) {
        if (!k.isTextual()) {
          throw new FieldError(field, "$unset lists property names as strings");
        }
        keys.add(k.textValue());
      }
    } else if (names.isObject()) {
      names.properties().forEach(e -> keys.add(e.getKey()));
    } else {
      throw new FieldError(field, "$unset must be an array of property names");
    }
    for (String key : keys) {
      requireKey(field + "." + abbreviate(key), key);
      out.add(new IncomingEvent.UserChange(PropertyChange.Op.UNSET, key, null));
    }
  }

  private void change(
      PropertyChange.Op op,
      String field,
      String key,
      JsonNode v,
      List<IncomingEvent.UserChange> out) {
    requireKey(field, key);
    if (v.isNull()) {
      return;
    }
    Object value =
        scalar(
            field, v, "person property values must be strings, numbers or booleans; flatten them");
    out.add(new IncomingEvent.UserChange(op, key, value));
  }

  private static void requireKey(String field, String key) {
    if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
      throw new FieldError(
          field, "person property names must be 1 to " + MAX_KEY_LENGTH + " characters");
    }
    requireCleanText(field, key);
  }

  private static void requireHttpUrl(String field, String url) {
    String lower = url.length() > 8 ? url.substring(0, 8).toLowerCase(java.util.Locale.ROOT) : "";
    if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
      throw new FieldError(field, "url must be an absolute http(s) URL");
    }
    try {
      java.net.URI uri = java.net.URI.create(url.replace(" ", "%20"));
      if (uri.getHost() == null || uri.getHost().isEmpty()) {
        throw new FieldError(field, "url must have a host");
      }
    } catch (IllegalArgumentException e) {
      throw new FieldError(field, "url is not a valid URL");
    }
  }

  private Map<String, String> campaign(ObjectNode camp) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : new String[] {"source", "medium", "name", "campaign", "term", "content"}) {
      String v = text(camp, key, limits.maxStringLength(), false, "context.campaign.");
      if (!v.isEmpty()) {
        out.put(key.equals("name") ? "campaign" : key, v);
      }
    }
    return out;
  }

  private Map<String, Object> properties(ObjectNode props) {
    if (props == null) {
      return Map.of();
    }
    if (props.size() > limits.maxProperties()) {
      throw new FieldError(
          "properties",
          "properties has "
              + props.size()
              + " keys; at most "
              + limits.maxProperties()
              + " allowed");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : props.properties()) {
      String key = e.getKey();
      String field = "properties." + abbreviate(key);
      if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
        throw new FieldError(
            field, "property names must be 1 to " + MAX_KEY_LENGTH + " characters");
      }
      requireCleanText(field, key);
      JsonNode v = e.getValue();
      if (v.isNull()) {
        // JSON clients (Segment's SDKs among them) send null for "not set": the property is
        // dropped, the event kept (README, event fields).
        continue;
      }
      out.put(
          key,
          scalar(
              field,
              v,
              "property values must be strings, numbers or booleans; flatten nested values"));
    }
    return out;
  }

  /**
   * A property's value: a String within the length limit and free of control characters, a Boolean,
   * or a BigDecimal within ±10^28.
   *
   * @param notScalar the error when the value is an object or array
   */
  private Object scalar(String field, JsonNode v, String notScalar) {
    if (v.isTextual()) {
      requireCleanText(field, v.textValue());
      if (v.textValue().length() > limits.maxStringLength()) {
        throw new FieldError(
            field,
            "value of "
                + v.textValue().length()
                + " characters exceeds the limit of "
                + limits.maxStringLength());
      }
      return v.textValue();
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isNumber()) {
      BigDecimal d = finite(field, v);
      if (d.abs().compareTo(MAX_PROPERTY_NUMBER) > 0) {
        throw new FieldError(field, "number out of range: at most 10^28 in magnitude");
      }
      return d;
    }
    throw new FieldError(field, notScalar);
  }

  private static BigDecimal amount(JsonNode node) {
    BigDecimal d;
    if (node == null || node.isNull()) {
      throw new FieldError("revenue.amount", "revenue.amount is required");
    } else if (node.isNumber()) {
      d = finite("revenue.amount", node);
    } else if (node.isTextual()) {
      try {
        d = new BigDecimal(node.textValue().strip());
      } catch (NumberFormatException e) {
        throw new FieldError("revenue.amount", "revenue.amount must be a number");
      }
    } else {
      throw new FieldError("revenue.amount", "revenue.amount must be a number");
    }
    if (d.abs().compareTo(MAX_AMOUNT) >= 0) {
      throw new FieldError("revenue.amount", "revenue.amount must be below 10^14");
    }
    return d;
  }

  /**
   * The number as a decimal. JSON numbers beyond a double's range ({@code 1e309}) arrive as
   * infinity, which has no decimal value: they are out of range, not a server error.
   */
  private static BigDecimal finite(String field, JsonNode number) {
    if (number.isFloatingPointNumber()
        && !number.isBigDecimal()
        && !Double.isFinite(number.doubleValue())) {
      throw new FieldError(
          field, "number out of range: " + field + " is beyond a double (about 1.8e308)");
    }
    return number.decimalValue();
  }

  private static Optional<Instant> optionalTime(ObjectNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    return Optional.of(time(field, v));
  }

  private static Instant time(String field, JsonNode v) {
    if (v.isIntegralNumber()) {
      long ms = v.asLong();
      if (!v.canConvertToLong() || ms < 0 || ms > 32503680000000L) {
        throw new FieldError(field, field + " must be epoch milliseconds between 1970 and 3000");
      }
      return Instant.ofEpochMilli(ms);
    }
    if (v.isTextual() && v.textValue().length() <= 40) {
      try {
        return OffsetDateTime.parse(v.textValue()).toInstant();
      } catch (DateTimeParseException e) {
        // fall through to the error below
      }
    }
    throw new FieldError(
        field, field + " must be an ISO-8601 time with offset (2026-01-31T12:00:00Z) or epoch ms");
  }

  private static ObjectNode object(ObjectNode n, String field) {
    return object(n, field, "");
  }

  private static ObjectNode object(ObjectNode n, String field, String prefix) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v instanceof ObjectNode o) {
      return o;
    }
    throw new FieldError(prefix + field, prefix + field + " must be an object");
  }

  private static String text(ObjectNode n, String field, int max, boolean required) {
    return text(n, field, max, required, "");
  }

  private static String text(ObjectNode n, String field, int max, boolean required, String prefix) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new FieldError(prefix + field, prefix + field + " is required");
      }
      return "";
    }
    if (!v.isTextual()) {
      throw new FieldError(prefix + field, prefix + field + " must be a string");
    }
    String s = v.textValue();
    if (s.length() > max) {
      throw new FieldError(
          prefix + field,
          prefix + field + " has " + s.length() + " characters; at most " + max + " allowed");
    }
    requireCleanText(prefix + field, s);
    return s.strip();
  }

  /**
   * Refuses text that downstream tools cannot carry: NUL (U+0000, which ends strings in C-based
   * tools and is refused by PostgreSQL) and unpaired surrogates (sent as {@code "\ud800"} escapes;
   * not encodable as UTF-8).
   */
  private static void requireCleanText(String field, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0) {
        throw new FieldError(field, field + " contains NUL (U+0000) at character " + i);
      }
      if (Character.isSurrogate(c)) {
        boolean paired =
            Character.isHighSurrogate(c)
                && i + 1 < s.length()
                && Character.isLowSurrogate(s.charAt(i + 1));
        if (!paired) {
          throw new FieldError(
              field,
              field + " contains an unpaired surrogate (U+" + hex(c) + ") at character " + i);
        }
        i++;
      }
    }
  }

  private static String hex(char c) {
    return Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT);
  }

  /**
   * A property name as it may appear in an error's field path: at most 40 characters, control
   * characters and unpaired surrogates shown as {@code ?} (the answer must itself be valid text).
   */
  private static String abbreviate(String key) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < key.length() && out.length() < 40) {
      int cp = key.codePointAt(i);
      boolean printable =
          !Character.isISOControl(cp)
              && (cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE);
      out.appendCodePoint(printable ? cp : '?');
      i += Character.charCount(cp);
    }
    return i < key.length() ? out + "…" : out.toString();
  }
}
