package io.footfall.server.privacy;

import io.footfall.server.net.UrlScheme;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps personal data out of what Footfall stores: redacts it from free text, URLs and custom
 * properties before an event is written.
 *
 * <p>Design note. Two independent nets catch personal data. The key net drops a query parameter or
 * property whose name says it holds personal data ({@code email}, {@code phone}, {@code token},
 * ...; the match ignores case, {@code -} and {@code _}, and a few strong words also match as a
 * suffix, so {@code user_email} and {@code csrf_token} go too). The value net redacts values that
 * look like personal data whatever their key: e-mail addresses, phone numbers (7 to 15 digits with
 * optional {@code +}, spaces, dashes, dots and parentheses), IPv4 and IPv6 literals, and card
 * numbers (13 to 19 digits that pass the Luhn check). The value net errs towards redaction: a
 * numeric id of 7 or more digits in a path or a value is redacted as a possible phone number, while
 * ISO dates, decimal numbers with one dot, times and version strings are not.
 *
 * <p>Cost: one pass over the characters decides which patterns can match at all, so text without
 * {@code @}, colons, dots or long digit runs costs a few hundred nanoseconds. Instances are
 * immutable and safe to share between threads.
 */
public final class PiiScrubber {

  /** What replaces personal data in text and property values. */
  public static final String REDACTED = "[redacted]";

  /** What replaces personal data inside a URL: {@link #REDACTED}, percent-encoded. */
  public static final String REDACTED_IN_URL = "%5Bredacted%5D";

  /** Keys that always hold personal data or secrets, compared after {@link #normalizeKey}. */
  static final List<String> BUILT_IN_KEYS =
      List.of(
          "email",
          "e-mail",
          "email_address",
          "mail",
          "phone",
          "phone_number",
          "tel",
          "telephone",
          "mobile",
          "name",
          "first_name",
          "last_name",
          "full_name",
          "firstname",
          "lastname",
          "surname",
          "given_name",
          "family_name",
          "username",
          "user_name",
          "login",
          "password",
          "passwd",
          "pwd",
          "pass",
          "ssn",
          "token",
          "secret",
          "api_key",
          "apikey",
          "access_token",
          "refresh_token",
          "id_token",
          "auth",
          "authorization",
          "session",
          "session_id",
          "sid",
          "jsessionid",
          "phpsessid",
          "signature",
          "otp",
          "address",
          "street",
          "zip",
          "zipcode",
          "postcode",
          "postal_code",
          "iban",
          "card",
          "card_number",
          "cc",
          "credit_card",
          "cvv",
          "cvc",
          "dob",
          "birthdate",
          "birthday",
          "date_of_birth",
          "passport",
          "tax_id",
          "national_id",
          "ip",
          "ip_address");

  /**
   * Words that mark a key as personal even with a prefix ({@code user_email}, {@code new_password},
   * {@code csrf_token}). Weak words such as {@code name} or {@code address} are not here on
   * purpose: {@code product_name} or {@code page_address} are ordinary analytics properties.
   */
  static final List<String> SENSITIVE_SUFFIXES =
      List.of(
          "email",
          "emailaddress",
          "phone",
          "phonenumber",
          "password",
          "passwd",
          "token",
          "secret",
          "apikey",
          "ssn",
          "iban",
          "creditcard",
          "cardnumber",
          "cvv");

  // Regular expressions here avoid unbounded repeated groups: Java matches those recursively, and
  // a long enough input would overflow the stack. Possessive classes scan once; code checks the
  // rest, and phone numbers are found by a plain scan.
  private static final Pattern EMAIL_CANDIDATE =
      Pattern.compile("(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]++@[A-Za-z0-9.-]++");
  private static final Pattern ENCODED_EMAIL_CANDIDATE =
      Pattern.compile("(?<![A-Za-z0-9._+-])[A-Za-z0-9._+-]++%40[A-Za-z0-9.-]++");
  private static final Pattern IPV4 =
      Pattern.compile(
          "(?<![\\w.])(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}"
              + "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?!\\w|\\.\\d)");
  // A cheap superset of IPv6 literals; isIpv6Literal() decides.
  private static final Pattern IPV6_CANDIDATE =
      Pattern.compile(
          "(?<![\\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\\.\\d{1,3}){0,3}(?![\\w:])");
  private static final Pattern CARD_CANDIDATE =
      Pattern.compile("(?<!\\w)\\d(?:[ -]?\\d){12,18}(?!\\w)");
  private static final Pattern DATE_PREFIX =
      Pattern.compile("^(?:\\d{4}[-./]\\d{1,2}[-./]\\d{1,2}|\\d{1,2}[-./]\\d{1,2}[-./]\\d{4})");

  private static final int MAX_NESTED_URLS = 3;

  private final Set<String> keys;

  /**
   * Creates a scrubber with the built-in keys plus {@code extraKeys} (a site's own list).
   *
   * @param extraKeys further property and query keys to drop; matched like the built-in ones
   */
  public PiiScrubber(Collection<String> extraKeys) {
    Objects.requireNonNull(extraKeys, "extraKeys");
    Set<String> all = new HashSet<>();
    for (String key : BUILT_IN_KEYS) {
      all.add(normalizeKey(key));
    }
    for (String key : extraKeys) {
      String normalized = normalizeKey(Objects.requireNonNull(key, "extraKeys element"));
      if (!normalized.isEmpty()) {
        all.add(normalized);
      }
    }
    this.keys = Set.copyOf(all);
  }

  /**
   * Returns whether a property or query key names personal data: one of the built-in or extra keys,
   * or a key ending in a strong word such as {@code email} or {@code token}; case, {@code -} and
   * {@code _} are ignored.
   */
  public boolean isPiiKey(String key) {
    if (key == null) {
      return false;
    }
    String normalized = normalizeKey(key);
    if (keys.contains(normalized)) {
      return true;
    }
    for (String suffix : SENSITIVE_SUFFIXES) {
      if (normalized.endsWith(suffix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Replaces e-mail addresses, phone numbers, IPv4 and IPv6 literals and card numbers in {@code
   * value} with {@value #REDACTED}; everything else is kept as it is. Null gives an empty string.
   */
  public String scrubText(String value) {
    return scrub(value);
  }

  /**
   * Removes personal data from a URL and keeps everything else byte for byte: drops {@code
   * user:password@} from the authority, drops query parameters (also in the fragment, where SPAs
   * and OAuth put them) whose key is a PII key, and redacts PII-looking text in the path, in query
   * values and in the fragment with {@value #REDACTED_IN_URL}; a component that had to change is
   * written back percent-encoded. Campaign parameters such as {@code utm_source} survive. Never
   * throws; null gives an empty string, and text that is not a URL is scrubbed as a path.
   */
  public String scrubUrl(String url) {
    return scrubUrl(url, 0);
  }

  /**
   * Returns a new map in the same order without the entries whose key is a PII key (or itself
   * contains personal data), with String values passed through {@link #scrubText}; numbers,
   * booleans and nulls are kept as they are, and any other value is scrubbed as its text.
   */
  public Map<String, Object> scrubProperties(Map<String, Object> properties) {
    Objects.requireNonNull(properties, "properties");
    Map<String, Object> scrubbed = LinkedHashMap.newLinkedHashMap(properties.size());
    for (Map.Entry<String, Object> entry : properties.entrySet()) {
      String key = entry.getKey();
      if (key == null || isPiiKey(key) || !scrubText(key).equals(key)) {
        continue;
      }
      Object value = entry.getValue();
      if (value == null || value instanceof Number || value instanceof Boolean) {
        scrubbed.put(key, value);
      } else {
        scrubbed.put(key, scrubText(value.toString()));
      }
    }
    return scrubbed;
  }

  /** Lower case without {@code -} and {@code _}: {@code First-Name} and {@code first_name} meet. */
  static String normalizeKey(String key) {
    StringBuilder normalized = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c != '-' && c != '_') {
        normalized.append(Character.toLowerCase(c));
      }
    }
    return normalized.toString();
  }

  private static String scrub(String value) {
    if (value == null) {
      return "";
    }
    int digits = 0;
    int colons = 0;
    int dots = 0;
    boolean at = false;
    boolean percent = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
        continue;
      }
      switch (c) {
        case '@' -> at = true;
        case ':' -> colons++;
        case '.' -> dots++;
        case '%' -> percent = true;
        default -> {}
      }
    }
    String result = value;
    if (at) {
      result = replace(EMAIL_CANDIDATE, result, candidate -> emailLength(candidate, "@"));
    }
    if (percent && dots > 0) {
      result = replace(ENCODED_EMAIL_CANDIDATE, result, candidate -> emailLength(candidate, "%40"));
    }
    if (colons >= 2) {
      result = replace(IPV6_CANDIDATE, result, whole(PiiScrubber::isIpv6Literal));
    }
    if (dots >= 3 && digits >= 4) {
      result = IPV4.matcher(result).replaceAll(Matcher.quoteReplacement(REDACTED));
    }
    if (digits >= 7) {
      if (digits >= 13) {
        result = replace(CARD_CANDIDATE, result, whole(PiiScrubber::isCardNumber));
      }
      result = replacePhoneNumbers(result);
    }
    return result;
  }

  private static ToIntFunction<String> whole(Predicate<String> isPersonal) {
    return candidate -> isPersonal.test(candidate) ? candidate.length() : -1;
  }

  /**
   * How much of {@code local SEPARATOR domain...} is an e-mail address: the domain loses trailing
   * dots and dashes (sentence ends) and must have a top-level domain of two or more letters.
   * Returns -1 when it is not an address.
   */
  static int emailLength(String candidate, String separator) {
    int domainStart = candidate.indexOf(separator) + separator.length();
    int end = candidate.length();
    while (end > domainStart
        && (candidate.charAt(end - 1) == '.' || candidate.charAt(end - 1) == '-')) {
      end--;
    }
    String domain = candidate.substring(domainStart, end);
    int lastDot = domain.lastIndexOf('.');
    if (lastDot <= 0 || domain.contains("..") || domain.startsWith(".")) {
      return -1;
    }
    String topLevel = domain.substring(lastDot + 1);
    if (topLevel.length() < 2) {
      return -1;
    }
    for (int i = 0; i < topLevel.length(); i++) {
      if (!Character.isLetter(topLevel.charAt(i))) {
        return -1;
      }
    }
    return end;
  }

  /**
   * Finds phone numbers by a linear scan rather than a regular expression: a run of digits with at
   * most two separators ({@code space . ( ) -}) between digits, optionally led by {@code +} or
   * {@code (}, not glued to a word, a dot or a dash on either side.
   */
  private static String replacePhoneNumbers(String text) {
    StringBuilder out = null;
    int copied = 0;
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      boolean opener = (c == '+' || c == '(') && i + 1 < n;
      if (!(isDigit(c) || opener) || (i > 0 && gluesToPhone(text.charAt(i - 1)))) {
        i++;
        continue;
      }
      int j = i;
      if (text.charAt(j) == '+') {
        j++;
      }
      if (j < n && text.charAt(j) == '(') {
        j++;
      }
      int lastDigitEnd = -1;
      int separatorRun = 0;
      while (j < n) {
        char d = text.charAt(j);
        if (isDigit(d)) {
          separatorRun = 0;
          lastDigitEnd = ++j;
        } else if (lastDigitEnd > 0 && separatorRun < 2 && " .()-".indexOf(d) >= 0) {
          separatorRun++;
          j++;
        } else {
          break;
        }
      }
      if (lastDigitEnd < 0) {
        i++;
        continue;
      }
      boolean gluedAfter =
          lastDigitEnd < n
              && (Character.isLetterOrDigit(text.charAt(lastDigitEnd))
                  || text.charAt(lastDigitEnd) == '_');
      if (!gluedAfter && isPhoneNumber(text.substring(i, lastDigitEnd))) {
        if (out == null) {
          out = new StringBuilder(n);
        }
        out.append(text, copied, i).append(REDACTED);
        copied = lastDigitEnd;
      }
      i = lastDigitEnd;
    }
    if (out == null) {
      return text;
    }
    return out.append(text, copied, n).toString();
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Characters that make a following digit part of something else: a word, a decimal, an id. */
  private static boolean gluesToPhone(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '+' || c == '.' || c == '-';
  }

  /**
   * Replaces the personal part of each candidate match: {@code personalLength} gives how many of
   * the candidate's leading characters are personal data, or -1 to keep the candidate.
   */
  private static String replace(
      Pattern pattern, String text, ToIntFunction<String> personalLength) {
    Matcher matcher = pattern.matcher(text);
    StringBuilder out = null;
    int copied = 0;
    while (matcher.find()) {
      int length = personalLength.applyAsInt(matcher.group());
      if (length <= 0) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      out.append(text, copied, matcher.start()).append(REDACTED);
      copied = matcher.start() + length;
    }
    if (out == null) {
      return text;
    }
    return out.append(text, copied, text.length()).toString();
  }

  static boolean isPhoneNumber(String candidate) {
    int digits = 0;
    int dots = 0;
    int group = 0;
    int shortestGroup = Integer.MAX_VALUE;
    boolean otherSeparator = false;
    for (int i = 0; i < candidate.length(); i++) {
      char c = candidate.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
        group++;
        continue;
      }
      if (group > 0) {
        shortestGroup = Math.min(shortestGroup, group);
        group = 0;
      }
      if (c == '.') {
        dots++;
      } else if (c != '+') {
        otherSeparator = true;
      }
    }
    shortestGroup = Math.min(shortestGroup, group);
    if (digits < 7 || digits > 15) {
      return false;
    }
    // With dots alone, 555.123.4567 is a phone number; 12345.678 (a decimal) and 128.0.6613.98
    // (a version) are not.
    if (dots > 0 && !otherSeparator && (dots == 1 || shortestGroup < 2)) {
      return false;
    }
    return !DATE_PREFIX.matcher(candidate).find();
  }

  static boolean isCardNumber(String candidate) {
    int sum = 0;
    boolean doubled = false;
    for (int i = candidate.length() - 1; i >= 0; i--) {
      char c = candidate.charAt(i);
      if (c < '0' || c > '9') {
        continue;
      }
      int digit = c - '0';
      if (doubled) {
        digit *= 2;
        if (digit > 9) {
          digit -= 9;
        }
      }
      sum += digit;
      doubled = !doubled;
    }
    return sum % 10 == 0;
  }

  /** Strict RFC 4291 text form: eight groups, or fewer with one {@code ::}, optional IPv4 tail. */
  static boolean isIpv6Literal(String candidate) {
    String text = candidate;
    int groupsNeeded = 8;
    int lastColon = text.lastIndexOf(':');
    if (text.indexOf('.') >= 0) {
      String tail = text.substring(lastColon + 1);
      if (!IPV4.matcher(tail).matches()) {
        return false;
      }
      text = text.substring(0, lastColon + 1) + "0:0";
    }
    int compression = text.indexOf("::");
    if (compression >= 0 && text.indexOf("::", compression + 1) >= 0) {
      return false;
    }
    boolean hexSeen = false;
    int groups = 0;
    String[] parts = text.split(":", -1);
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (part.isEmpty()) {
        continue;
      }
      if (part.length() > 4) {
        return false;
      }
      hexSeen = true;
      groups++;
    }
    if (!hexSeen) {
      return false;
    }
    if (compression < 0) {
      // Without "::" an empty group (a leading or trailing single colon) is malformed.
      return groups == groupsNeeded && parts.length == groupsNeeded;
    }
    boolean badStart = text.startsWith(":") && !text.startsWith("::");
    boolean badEnd = text.endsWith(":") && !text.endsWith("::");
    return groups < groupsNeeded && !badStart && !badEnd;
  }

  private String scrubUrl(String url, int depth) {
    if (url == null || url.isEmpty()) {
      return "";
    }
    int hash = url.indexOf('#');
    String beforeFragment = hash < 0 ? url : url.substring(0, hash);
    int question = beforeFragment.indexOf('?');
    String base = question < 0 ? beforeFragment : beforeFragment.substring(0, question);

    StringBuilder out = new StringBuilder(url.length());
    int pathStart = 0;
    int schemeEnd = base.indexOf("://");
    int authorityStart = -1;
    if (schemeEnd > 0 && UrlScheme.isScheme(base, schemeEnd)) {
      authorityStart = schemeEnd + 3;
    } else if (base.startsWith("//")) {
      authorityStart = 2;
    }
    if (authorityStart >= 0) {
      int slash = base.indexOf('/', authorityStart);
      int authorityEnd = slash < 0 ? base.length() : slash;
      int at = base.lastIndexOf('@', authorityEnd - 1);
      out.append(base, 0, authorityStart);
      out.append(base, at >= authorityStart ? at + 1 : authorityStart, authorityEnd);
      pathStart = authorityEnd;
    }
    out.append(scrubPath(base.substring(pathStart)));
    if (question >= 0) {
      appendQuery(out, beforeFragment.substring(question + 1), depth);
    }
    if (hash >= 0) {
      out.append('#').append(scrubFragment(url.substring(hash + 1), depth));
    }
    return out.toString();
  }

  private String scrubFragment(String fragment, int depth) {
    int question = fragment.indexOf('?');
    if (question >= 0) {
      // Hash routing: #/reset?email=...&token=...
      StringBuilder out = new StringBuilder(fragment.length());
      out.append(scrubPath(fragment.substring(0, question)));
      appendQuery(out, fragment.substring(question + 1), depth);
      return out.toString();
    }
    if (fragment.indexOf('=') >= 0) {
      // OAuth implicit flow and friends: #access_token=...&token_type=bearer
      return scrubQuery(fragment, depth);
    }
    return scrubPath(fragment);
  }

  /** Appends {@code ?query}, or nothing when every parameter of a non-empty query was dropped. */
  private void appendQuery(StringBuilder out, String query, int depth) {
    String scrubbed = scrubQuery(query, depth);
    if (scrubbed.isEmpty() && !query.isEmpty()) {
      return;
    }
    out.append('?').append(scrubbed);
  }

  private String scrubQuery(String query, int depth) {
    StringJoiner out = new StringJoiner("&");
    boolean dropped = false;
    int start = 0;
    while (true) {
      int amp = query.indexOf('&', start);
      int end = amp < 0 ? query.length() : amp;
      String parameter = query.substring(start, end);
      String kept = parameter.isEmpty() ? parameter : scrubParameter(parameter, depth);
      if (kept == null) {
        dropped = true;
      } else {
        out.add(kept);
      }
      if (amp < 0) {
        break;
      }
      start = amp + 1;
    }
    String result = out.toString();
    // "a=1&token=x&" must not leave a dangling separator where only empty pieces remain.
    return dropped && result.replace("&", "").isEmpty() ? "" : result;
  }

  /** Returns the parameter to keep (possibly redacted), or null to drop it. */
  private String scrubParameter(String parameter, int depth) {
    if (parameter.isEmpty()) {
      return null;
    }
    int equals = parameter.indexOf('=');
    String rawKey = equals < 0 ? parameter : parameter.substring(0, equals);
    String key = percentDecode(rawKey, true);
    if (isPiiKey(key) || !scrub(key).equals(key)) {
      return null;
    }
    if (equals < 0) {
      return parameter;
    }
    String rawValue = parameter.substring(equals + 1);
    return parameter.substring(0, equals + 1) + scrubComponent(rawValue, true, depth);
  }

  private String scrubPath(String path) {
    if (path.isEmpty()) {
      return path;
    }
    StringBuilder out = new StringBuilder(path.length());
    int start = 0;
    while (true) {
      int slash = path.indexOf('/', start);
      int end = slash < 0 ? path.length() : slash;
      out.append(scrubSegment(path.substring(start, end)));
      if (slash < 0) {
        return out.toString();
      }
      out.append('/');
      start = slash + 1;
    }
  }

  /** A path segment, with matrix parameters ({@code ;jsessionid=...}) treated like a query. */
  private String scrubSegment(String segment) {
    int semicolon = segment.indexOf(';');
    if (semicolon < 0) {
      return scrubComponent(segment, false, MAX_NESTED_URLS);
    }
    StringBuilder out = new StringBuilder(segment.length());
    out.append(scrubComponent(segment.substring(0, semicolon), false, MAX_NESTED_URLS));
    for (String parameter : segment.substring(semicolon + 1).split(";", -1)) {
      String kept = scrubParameter(parameter, MAX_NESTED_URLS);
      if (kept != null) {
        out.append(';').append(kept);
      }
    }
    return out.toString();
  }

  /**
   * Scrubs one encoded URL component. Unchanged text keeps its original bytes; changed text is
   * written back percent-encoded. A value that is itself a URL (a redirect target) is scrubbed as a
   * URL, a few levels deep.
   */
  private String scrubComponent(String raw, boolean query, int depth) {
    if (raw.isEmpty()) {
      return raw;
    }
    String decoded = percentDecode(raw, query);
    String scrubbed = decoded;
    if (depth < MAX_NESTED_URLS && looksLikeUrl(decoded)) {
      scrubbed = scrubUrl(decoded, depth + 1);
    }
    scrubbed = scrub(scrubbed);
    if (scrubbed.equals(decoded)) {
      return raw;
    }
    return percentEncode(scrubbed, query);
  }

  private static boolean looksLikeUrl(String text) {
    return text.regionMatches(true, 0, "http://", 0, 7)
        || text.regionMatches(true, 0, "https://", 0, 8);
  }

  /** Lenient: malformed escapes stay as they are, malformed UTF-8 becomes U+FFFD. */
  static String percentDecode(String text, boolean plusIsSpace) {
    if (text.indexOf('%') < 0 && (!plusIsSpace || text.indexOf('+') < 0)) {
      return text;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%' && i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0) {
        int high = hex(text.charAt(i + 1));
        int low = hex(text.charAt(i + 2));
        if (low >= 0) {
          bytes.write(high * 16 + low);
          i += 2;
          continue;
        }
      }
      flush(bytes, out);
      out.append(plusIsSpace && c == '+' ? ' ' : c);
    }
    flush(bytes, out);
    return out.toString();
  }

  private static void flush(ByteArrayOutputStream bytes, StringBuilder out) {
    if (bytes.size() > 0) {
      out.append(bytes.toString(StandardCharsets.UTF_8));
      bytes.reset();
    }
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** Encodes everything but RFC 3986 unreserved characters and a few safe sub-delimiters. */
  static String percentEncode(String text, boolean query) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "-._~!$'()*,:@".indexOf(c) >= 0) {
        out.append((char) c);
      } else if (query && c == ' ') {
        out.append('+');
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return "PiiScrubber[" + keys.size() + " keys]";
  }
}
