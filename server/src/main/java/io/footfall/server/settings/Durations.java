package io.footfall.server.settings;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses human durations such as {@code 30s}, {@code 5m}, {@code 12h}, {@code 7d}. */
public final class Durations {
  private static final Pattern SIMPLE = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  private Durations() {}

  /**
   * Parses {@code value}, either in the short form ({@code 7d}) or ISO-8601 ({@code PT30M}).
   *
   * @throws IllegalArgumentException naming {@code setting} when the value does not parse
   */
  public static Duration parse(String setting, String value) {
    Matcher m = SIMPLE.matcher(value.strip());
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(value.strip());
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(
          setting + " must be a duration like 30s, 5m, 12h or 7d, was '" + value + "'", e);
    }
  }
}
