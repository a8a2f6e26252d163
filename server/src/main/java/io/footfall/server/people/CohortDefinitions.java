package io.footfall.server.people;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.core.Goal;
import io.footfall.core.Site;
import io.footfall.core.people.Segment;
import io.footfall.server.query.QueryException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * A cohort's conditions as the API writes them, as the metadata keeps them (JSON text), and as the
 * stores evaluate them ({@link Segment}). Requests are checked field by field, every refusal naming
 * its field ({@code conditions[2].within_days}) and its limit. A static list's user ids are stored
 * as the site stores user ids (a keyed hash unless the site keeps clear ids, see {@code
 * SiteSettings.UserIdMode}), so they compare with the events' ids; they are never shown again, only
 * counted.
 *
 * <pre>
 * {"type":"performed","step":{"event":"purchase"},"at_least":2,"within_days":30}
 * {"type":"not_performed","step":{"page":"/pricing"},"within_days":7}
 * {"type":"property","name":"plan","op":"is"|"is_not"|"contains"|"does_not_contain","values":["pro"]}
 * {"type":"first_source","values":["Google","(none)"]}
 * {"type":"first_seen","from":"2026-01-01","to":"2026-01-31"}
 * {"type":"static","user_ids":["ada","bob"]}   (or one string, ids split by line breaks or commas)
 * </pre>
 */
final class CohortDefinitions {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern PROPERTY_KEY = Pattern.compile("[A-Za-z0-9_.$-]{1,64}");
  private static final Pattern SEPARATORS = Pattern.compile("[\\r\\n,]+");
  private static final Map<String, Set<String>> FIELDS =
      Map.of(
          "performed", Set.of("type", "step", "at_least", "within_days"),
          "not_performed", Set.of("type", "step", "within_days"),
          "property", Set.of("type", "name", "op", "values"),
          "first_source", Set.of("type", "values"),
          "first_seen", Set.of("type", "from", "to"),
          "static", Set.of("type", "user_ids"));

  /** The key under which the stored form keeps a static list's ids, as stored. */
  private static final String STORED_IDS = "stored_user_ids";

  private CohortDefinitions() {}

  /**
   * The stored definition of a request's {@code conditions}: each checked (steps against the site's
   * goals), a static list's ids turned into stored ids.
   *
   * @param storedUserId the id the site stores for a user id it is sent
   * @throws QueryException 400 naming the field at fault
   */
  static String stored(
      JsonNode conditions,
      Site site,
      List<Goal> goals,
      BiFunction<Site, String, String> storedUserId) {
    if (conditions == null || !conditions.isArray()) {
      throw new QueryException(
          "conditions", "conditions must be a list of 1 to " + Segment.MAX_CONDITIONS + " objects");
    }
    if (conditions.isEmpty() || conditions.size() > Segment.MAX_CONDITIONS) {
      throw new QueryException(
          "conditions",
          "a cohort has 1 to " + Segment.MAX_CONDITIONS + " conditions, not " + conditions.size());
    }
    ArrayNode out = JSON.arrayNode();
    for (int i = 0; i < conditions.size(); i++) {
      String field = "conditions[" + i + "]";
      JsonNode c = conditions.get(i);
      String type = type(c, field);
      ObjectNode kept = c.deepCopy();
      if (type.equals("static")) {
        kept.remove("user_ids");
        ArrayNode ids = kept.putArray(STORED_IDS);
        for (String id : userIds(c.get("user_ids"), field + ".user_ids")) {
          ids.add(storedUserId.apply(site, id));
        }
      }
      // What the stores will be asked: checked now, so that a bad cohort is never saved.
      condition(kept, field, goals);
      out.add(kept);
    }
    ObjectNode definition = JSON.objectNode();
    definition.set("conditions", out);
    return definition.toString();
  }

  /**
   * The stored definition evaluated at an instant.
   *
   * @throws QueryException 400 when a condition no longer holds up (a goal its step names was
   *     deleted)
   */
  static Segment segment(String definition, Site site, List<Goal> goals, Instant at) {
    JsonNode conditions = read(definition).get("conditions");
    List<Segment.Condition> out = new ArrayList<>();
    for (int i = 0; i < conditions.size(); i++) {
      out.add(condition(conditions.get(i), "conditions[" + i + "]", goals));
    }
    return new Segment(site.id(), out, at, site.timeZone(), goals);
  }

  /** The conditions as the API shows them: a static list by its number of ids. */
  static ArrayNode shown(String definition) {
    ArrayNode out = JSON.arrayNode();
    for (JsonNode c : read(definition).get("conditions")) {
      ObjectNode shown = c.deepCopy();
      JsonNode ids = shown.remove(STORED_IDS);
      if (ids != null) {
        shown.put("user_ids", ids.size());
      }
      out.add(shown);
    }
    return out;
  }

  private static JsonNode read(String definition) {
    try {
      return MAPPER.readTree(definition);
    } catch (IOException e) {
      throw new UncheckedIOException("a stored cohort definition is not JSON", e);
    }
  }

  private static String type(JsonNode c, String field) {
    if (c == null || !c.isObject()) {
      throw new QueryException(field, field + " must be an object with a \"type\"");
    }
    JsonNode t = c.get("type");
    String type = t != null && t.isTextual() ? t.textValue() : "";
    if (!FIELDS.containsKey(type)) {
      throw new QueryException(
          field + ".type", field + ".type must be one of " + new TreeSet<>(FIELDS.keySet()));
    }
    return type;
  }

  private static Segment.Condition condition(JsonNode c, String field, List<Goal> goals) {
    String type = type(c, field);
    Set<String> allowed = new TreeSet<>(FIELDS.get(type));
    if (type.equals("static")) {
      allowed.remove("user_ids");
      allowed.add(STORED_IDS);
    }
    for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        throw new QueryException(
            field + "." + name,
            "unknown field " + field + "." + name + "; a " + type + " condition has " + allowed);
      }
    }
    return switch (type) {
      case "performed" ->
          new Segment.Performed(
              EventMatches.parse(c.get("step"), field + ".step", goals),
              whole(c.get("at_least"), field + ".at_least", 1, Segment.MAX_TIMES, 1),
              whole(c.get("within_days"), field + ".within_days", 1, Segment.MAX_WINDOW_DAYS, -1));
      case "not_performed" ->
          new Segment.NotPerformed(
              EventMatches.parse(c.get("step"), field + ".step", goals),
              whole(c.get("within_days"), field + ".within_days", 1, Segment.MAX_WINDOW_DAYS, -1));
      case "property" -> {
        JsonNode name = c.get("name");
        if (name == null
            || !name.isTextual()
            || !PROPERTY_KEY.matcher(name.textValue()).matches()) {
          throw new QueryException(
              field + ".name",
              field + ".name must be 1 to 64 letters, digits, '_', '.', '$' or '-'");
        }
        JsonNode op = c.get("op");
        Segment.TextOp textOp = Segment.TextOp.IS;
        if (op != null && !op.isNull()) {
          textOp = null;
          for (Segment.TextOp o : Segment.TextOp.values()) {
            if (op.isTextual() && o.apiName().equals(op.textValue())) {
              textOp = o;
            }
          }
          if (textOp == null) {
            throw new QueryException(
                field + ".op", field + ".op must be is, is_not, contains or does_not_contain");
          }
        }
        yield new Segment.PersonProperty(
            name.textValue(), textOp, values(c.get("values"), field + ".values"));
      }
      case "first_source" -> new Segment.FirstSource(values(c.get("values"), field + ".values"));
      case "first_seen" -> {
        LocalDate from = date(c.get("from"), field + ".from");
        LocalDate to = date(c.get("to"), field + ".to");
        if (to.isBefore(from)) {
          throw new QueryException(field + ".to", field + ".to (" + to + ") is before from");
        }
        yield new Segment.FirstSeen(from, to);
      }
      default -> {
        JsonNode ids = c.get(STORED_IDS);
        List<String> stored = new ArrayList<>();
        ids.forEach(n -> stored.add(n.textValue()));
        yield new Segment.UserIds(stored);
      }
    };
  }

  private static int whole(JsonNode n, String field, int min, int max, int absent) {
    if ((n == null || n.isNull()) && absent >= 0) {
      return absent;
    }
    if (n == null || !n.canConvertToInt() || !n.isIntegralNumber()) {
      throw new QueryException(field, field + " must be a whole number from " + min + " to " + max);
    }
    int v = n.intValue();
    if (v < min || v > max) {
      throw new QueryException(
          field, field + " must be a whole number from " + min + " to " + max + ", was " + v);
    }
    return v;
  }

  private static List<String> values(JsonNode n, String field) {
    if (n == null || !n.isArray() || n.isEmpty() || n.size() > Segment.MAX_VALUES) {
      throw new QueryException(
          field, field + " must be a list of 1 to " + Segment.MAX_VALUES + " strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode v : n) {
      if (!v.isTextual() || v.textValue().length() > 500) {
        throw new QueryException(field, field + " must hold strings of at most 500 characters");
      }
      out.add(v.textValue());
    }
    return out;
  }

  private static LocalDate date(JsonNode n, String field) {
    try {
      if (n != null && n.isTextual()) {
        return LocalDate.parse(n.textValue());
      }
    } catch (DateTimeParseException e) {
      // answered below
    }
    throw new QueryException(field, field + " must be a date like 2026-01-31");
  }

  /**
   * A static list's user ids as sent: a list of strings, or one text split at line breaks and
   * commas.
   */
  private static List<String> userIds(JsonNode n, String field) {
    List<String> ids = new ArrayList<>();
    if (n != null && n.isTextual()) {
      for (String id : SEPARATORS.split(n.textValue())) {
        if (!id.strip().isEmpty()) {
          ids.add(id.strip());
        }
      }
    } else if (n != null && n.isArray()) {
      for (JsonNode v : n) {
        if (!v.isTextual()) {
          throw new QueryException(field, field + " must hold strings, the users' ids");
        }
        ids.add(v.textValue());
      }
    } else {
      throw new QueryException(
          field,
          field + " must be a list of user ids, or one text of ids split by lines or commas");
    }
    Set<String> distinct = new TreeSet<>(ids);
    if (distinct.isEmpty() || distinct.size() > Segment.MAX_USER_IDS) {
      throw new QueryException(
          field,
          "a static list has 1 to "
              + String.format(Locale.ROOT, "%,d", Segment.MAX_USER_IDS)
              + " distinct user ids, not "
              + distinct.size());
    }
    for (String id : distinct) {
      if (id.isEmpty() || id.length() > 256 || id.chars().anyMatch(Character::isISOControl)) {
        throw new QueryException(
            field,
            field
                + " holds a user id that is empty, longer than 256 characters or has a control"
                + " character");
      }
    }
    return List.copyOf(distinct);
  }
}
