package io.footfall.core.people;

import java.util.Objects;

/**
 * One change to one property of a person.
 *
 * <p>A person's properties are the fold of their changes in order ({@link PersonUpdate#at()}, then
 * the update's event id, then the change's place in the update): {@link Op#SET} sets the value,
 * {@link Op#SET_ONCE} sets it only when the property has no value at that point, {@link Op#UNSET}
 * removes it.
 *
 * @param op what the change does
 * @param key the property's name, 1 to 256 characters
 * @param valueJson the value as a JSON scalar (a string in quotes, a number, {@code true} or {@code
 *     false}) for {@code SET} and {@code SET_ONCE}; empty for {@code UNSET}
 */
public record PropertyChange(Op op, String key, String valueJson) {
  /** What a change does to the property. */
  public enum Op {
    SET,
    SET_ONCE,
    UNSET
  }

  public PropertyChange {
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(valueJson, "valueJson");
    if (key.isEmpty() || key.length() > 256) {
      throw new IllegalArgumentException("a person property's name has 1 to 256 characters");
    }
    if ((op == Op.UNSET) != valueJson.isEmpty()) {
      throw new IllegalArgumentException(
          op == Op.UNSET ? "an unset carries no value" : "a set carries a JSON scalar value");
    }
  }

  /**
   * The value's text, what searches and property matches compare: a string's characters without
   * quotes and escapes, a number or boolean as written; empty for an unset.
   */
  public String text() {
    return text(valueJson);
  }

  /** The text of a JSON scalar (see {@link #text()}). */
  public static String text(String valueJson) {
    if (valueJson.length() < 2 || valueJson.charAt(0) != '"') {
      return valueJson;
    }
    StringBuilder out = new StringBuilder(valueJson.length());
    for (int i = 1; i < valueJson.length() - 1; i++) {
      char c = valueJson.charAt(i);
      if (c != '\\' || i + 1 >= valueJson.length() - 1) {
        out.append(c);
        continue;
      }
      char e = valueJson.charAt(++i);
      switch (e) {
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (i + 4 < valueJson.length()) {
            out.append((char) Integer.parseInt(valueJson.substring(i + 1, i + 5), 16));
            i += 4;
          }
        }
        default -> out.append(e);
      }
    }
    return out.toString();
  }

  public static PropertyChange set(String key, String valueJson) {
    return new PropertyChange(Op.SET, key, valueJson);
  }

  public static PropertyChange setOnce(String key, String valueJson) {
    return new PropertyChange(Op.SET_ONCE, key, valueJson);
  }

  public static PropertyChange unset(String key) {
    return new PropertyChange(Op.UNSET, key, "");
  }
}
