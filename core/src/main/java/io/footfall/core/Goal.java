package io.footfall.core;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Something a site counts as a conversion: a view of a page (by path pattern) or a custom event (by
 * name, optionally with one property value).
 *
 * <p>Path patterns match the whole path: {@code *} stands for any characters except {@code /}, and
 * {@code **} for any characters including {@code /}. So {@code /blog/*} matches {@code /blog/a} but
 * not {@code /blog/a/b}, and {@code /blog/**} matches both.
 *
 * @param id stable identifier
 * @param siteId the site the goal belongs to
 * @param name display name, unique within the site, 1 to 120 characters
 * @param kind a page view goal or a custom event goal
 * @param pathPattern for page view goals, the path pattern; empty otherwise
 * @param eventName for event goals, the event name; empty otherwise
 * @param propertyKey for event goals, a custom property the event must carry; empty for none
 * @param propertyValue the value {@code propertyKey} must have (compared as text)
 * @param createdAt when the goal was created
 */
public record Goal(
    String id,
    String siteId,
    String name,
    Kind kind,
    String pathPattern,
    String eventName,
    String propertyKey,
    String propertyValue,
    Instant createdAt) {

  /** What completes a goal. */
  public enum Kind {
    PAGEVIEW,
    EVENT
  }

  private static final Pattern PATH = Pattern.compile("/[^\\s]{0,999}");
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.$-]{1,64}");

  public Goal {
    Checks.id("id", id);
    Checks.id("siteId", siteId);
    Checks.required("name", name, 120);
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(pathPattern, "pathPattern");
    Objects.requireNonNull(eventName, "eventName");
    Objects.requireNonNull(propertyKey, "propertyKey");
    Objects.requireNonNull(propertyValue, "propertyValue");
    Objects.requireNonNull(createdAt, "createdAt");
    switch (kind) {
      case PAGEVIEW -> {
        if (!PATH.matcher(pathPattern).matches()) {
          throw new IllegalArgumentException(
              "path must start with '/', have no spaces and be at most 1000 characters, was '"
                  + pathPattern
                  + "'");
        }
        if (!eventName.isEmpty() || !propertyKey.isEmpty() || !propertyValue.isEmpty()) {
          throw new IllegalArgumentException("a page view goal has no event name or property");
        }
      }
      case EVENT -> {
        Checks.required("event_name", eventName, 120);
        if (!pathPattern.isEmpty()) {
          throw new IllegalArgumentException("an event goal has no path");
        }
        if (!propertyKey.isEmpty() && !KEY.matcher(propertyKey).matches()) {
          throw new IllegalArgumentException(
              "property key must be 1 to 64 letters, digits, '_', '.', '$' or '-', was '"
                  + propertyKey
                  + "'");
        }
        if (propertyKey.isEmpty() && !propertyValue.isEmpty()) {
          throw new IllegalArgumentException("a property value needs a property key");
        }
        Checks.text("property_value", propertyValue, 500);
      }
    }
  }

  /**
   * The path pattern as a regular expression over the whole path (RE2 and java.util.regex agree on
   * it): literal text quoted, {@code **} as {@code .*}, {@code *} as {@code [^/]*}.
   */
  public String pathRegex() {
    return pathRegex(pathPattern);
  }

  /**
   * A path pattern ({@code *} any characters but {@code /}, {@code **} any characters) as a regular
   * expression over the whole path, as {@link #pathRegex()} makes it.
   */
  public static String pathRegex(String pathPattern) {
    StringBuilder re = new StringBuilder("^");
    int i = 0;
    while (i < pathPattern.length()) {
      if (pathPattern.startsWith("**", i)) {
        re.append(".*");
        i += 2;
      } else if (pathPattern.charAt(i) == '*') {
        re.append("[^/]*");
        i++;
      } else {
        int next = i;
        while (next < pathPattern.length() && pathPattern.charAt(next) != '*') {
          next++;
        }
        re.append(quote(pathPattern.substring(i, next)));
        i = next;
      }
    }
    return re.append('$').toString();
  }

  /** Escapes every character that is special in RE2 or java.util.regex. */
  private static String quote(String literal) {
    StringBuilder out = new StringBuilder();
    for (char c : literal.toCharArray()) {
      if ("\\.^$|?*+()[]{}".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
