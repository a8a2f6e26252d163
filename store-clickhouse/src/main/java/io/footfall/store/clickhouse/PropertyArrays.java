package io.footfall.store.clickhouse;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An event's custom properties (a flat JSON object) as the parallel arrays the events table keeps
 * for reports: the keys with a text and their texts, and the keys whose value is a number and their
 * numbers. Each key once: the last occurrence wins, as in the report oracle.
 *
 * <p>Why arrays and not the JSON text: 18.16 has no JSON functions but {@code visitParamExtract*},
 * which find a key by searching for its quoted text and so miss keys written with JSON escapes (a
 * quote written as backslash, u, 0022), read only string values with {@code
 * visitParamExtractString}, and take the first of duplicate keys. Parsing once on write gives exact
 * answers and a lookup by {@code indexOf} on both 18.16 and current versions.
 *
 * <p>Text is a string's own text, a number's or boolean's JSON text, a nested object's or array's
 * JSON text; JSON null has none (the key is left out, as if absent). A value is a number when it is
 * a JSON number or a string that reads as a decimal number ({@code [+-]?(digits[.digits]|
 * .digits)}), like DuckDB's {@code TRY_CAST(... AS DECIMAL(38, 10))}: rounded half up to 10 places,
 * not a number beyond 28 integer digits. Text that is not a JSON object gives no properties.
 */
record PropertyArrays(
    List<String> keys, List<String> texts, List<String> numberKeys, List<BigDecimal> numbers) {
  private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)");

  static final PropertyArrays NONE = new PropertyArrays(List.of(), List.of(), List.of(), List.of());

  static PropertyArrays of(String json) {
    Map<String, String[]> byKey = new LinkedHashMap<>();
    try {
      Reader r = new Reader(json);
      r.skipSpace();
      r.expect('{');
      r.skipSpace();
      if (r.peek() != '}') {
        do {
          r.skipSpace();
          String key = r.string();
          r.skipSpace();
          r.expect(':');
          r.skipSpace();
          String[] value = r.value();
          byKey.remove(key);
          byKey.put(key, value);
          r.skipSpace();
        } while (r.comma());
      }
      r.expect('}');
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return NONE;
    }
    List<String> keys = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    List<String> numberKeys = new ArrayList<>();
    List<BigDecimal> numbers = new ArrayList<>();
    for (Map.Entry<String, String[]> e : byKey.entrySet()) {
      String[] v = e.getValue();
      if (v[0] == null) {
        continue;
      }
      keys.add(e.getKey());
      texts.add(v[0]);
      BigDecimal n = number(v);
      if (n != null) {
        numberKeys.add(e.getKey());
        numbers.add(n);
      }
    }
    return new PropertyArrays(keys, texts, numberKeys, numbers);
  }

  /** {@code v} is (text, kind): kind "s" for a string, "n" for a number, "o" for anything else. */
  private static BigDecimal number(String[] v) {
    BigDecimal d;
    if (v[1].equals("n")) {
      d = new BigDecimal(v[0]);
    } else if (v[1].equals("s") && DECIMAL.matcher(v[0]).matches()) {
      d = new BigDecimal(v[0]);
    } else {
      return null;
    }
    d = d.setScale(Math.min(Math.max(d.scale(), 0), 10), RoundingMode.HALF_UP);
    return d.precision() - d.scale() > 28 ? null : d;
  }

  private static final class Reader {
    private final String s;
    private int i;

    Reader(String s) {
      this.s = s;
    }

    char peek() {
      return s.charAt(i);
    }

    void skipSpace() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }

    void expect(char c) {
      if (s.charAt(i) != c) {
        throw new IllegalArgumentException("expected " + c + " at " + i);
      }
      i++;
    }

    boolean comma() {
      if (i < s.length() && s.charAt(i) == ',') {
        i++;
        return true;
      }
      return false;
    }

    String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (true) {
        char c = s.charAt(i++);
        if (c == '"') {
          return out.toString();
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        char e = s.charAt(i++);
        switch (e) {
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'u' -> {
            out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            i += 4;
          }
          default -> out.append(e);
        }
      }
    }

    /** The value's text and kind (see {@link PropertyArrays#number}). */
    String[] value() {
      char c = peek();
      if (c == '"') {
        return new String[] {string(), "s"};
      }
      int start = i;
      if (c == '{' || c == '[') {
        skipNested();
        return new String[] {s.substring(start, i), "o"};
      }
      while (i < s.length() && ",}] \t\r\n".indexOf(s.charAt(i)) < 0) {
        i++;
      }
      String raw = s.substring(start, i);
      return switch (raw) {
        case "null" -> new String[] {null, "o"};
        case "true", "false" -> new String[] {raw, "o"};
        default -> {
          new BigDecimal(raw); // NumberFormatException (an IllegalArgumentException) if not one
          yield new String[] {raw, "n"};
        }
      };
    }

    private void skipNested() {
      int depth = 0;
      do {
        char c = s.charAt(i);
        if (c == '"') {
          string();
          continue;
        }
        if (c == '{' || c == '[') {
          depth++;
        } else if (c == '}' || c == ']') {
          depth--;
        }
        i++;
      } while (depth > 0);
    }
  }
}
