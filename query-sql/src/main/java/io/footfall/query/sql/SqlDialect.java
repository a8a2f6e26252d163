package io.footfall.query.sql;

import io.footfall.core.query.Interval;

/**
 * What differs between the SQL of the stores the {@link QueryCompiler} targets. Every method
 * returns an SQL expression; arguments are SQL expressions too, never user input: user values reach
 * the SQL only as bound parameters ({@code ?}), which the compiler adds itself.
 */
public interface SqlDialect {

  /** {@code timestamp} moved by a whole number of seconds (an integer SQL expression). */
  String plusSeconds(String timestamp, String seconds);

  /**
   * {@code localTimestamp} truncated to the start of its minute, hour, day, week (Monday), month.
   */
  String truncate(Interval interval, String localTimestamp);

  /** An aggregate: any one value of the group (for values that are the same in the whole group). */
  String anyValue(String value);

  /**
   * The text of a top-level key of the JSON object in {@code jsonColumn}, NULL when absent; the
   * key's JSON path is bound to the one {@code ?} this expression contains.
   */
  String jsonText(String jsonColumn);

  /** The JSON path bound for {@link #jsonText}'s parameter, for a key {@code key}. */
  Object jsonPath(String key);

  /** {@code text} as an exact decimal number, NULL when it is not one. */
  String toDecimal(String text);

  /** Whether {@code text} contains the bound {@code ?} (case-sensitive). */
  String contains(String text);

  /** Whether the RE2 regular expression bound to {@code ?} matches part of {@code text}. */
  String regexFind(String text);

  /** Whether the RE2 regular expression bound to {@code ?} matches all of {@code text}. */
  String regexWhole(String text);

  /** Microseconds since the epoch of a UTC timestamp expression, as an integer. */
  String epochMicros(String utcTimestamp);

  /**
   * An exact sort key for {@code numerator / denominator}: equal quotients give equal keys; for
   * integer numerators ({@code decimal} false) quotients that differ at all give different keys
   * while the denominators stay below 10^9; for decimal numerators (at most 10 places) those that
   * differ by 10^-8 or more. NULL when the denominator is 0 or NULL.
   */
  String quotientKey(String numerator, String denominator, boolean decimal);

  /**
   * An aggregate: the {@code value} of the row with the smallest ({@code timestamp}, {@code value})
   * pair in the group.
   */
  String earliest(String value, String timestamp);

  /**
   * An aggregate: the {@code value} of the row with the largest ({@code timestamp}, {@code value})
   * pair in the group.
   */
  String latest(String value, String timestamp);

  /** An aggregate: the continuous (interpolated) quantile {@code fraction} of a numeric value. */
  String quantile(String value, double fraction);

  /** The value bound for a timestamp parameter compared with the events' timestamp column. */
  Object timestampParameter(java.time.Instant instant);
}
