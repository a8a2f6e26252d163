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
   * The columns that hold an event's custom properties, selected with the other reported columns
   * ({@link EventColumns#REPORTED}) and read only through {@link #propertyText} and {@link
   * #propertyNumber}: a JSON text column, or parallel key and value arrays.
   */
  java.util.List<String> propertyColumns();

  /**
   * The text of a custom property of the event whose columns carry {@code prefix} (such as {@code
   * "base."}): a string's own text, a number's or boolean's JSON text, NULL when the event lacks
   * the key (or its value is JSON null). The key, as {@link #propertyKey} gives it, is bound to
   * every {@code ?} this expression contains (one or more).
   */
  String propertyText(String prefix);

  /**
   * A custom property as an exact decimal number ({@code DECIMAL(38, 10)}): a JSON number, or a
   * string that reads as a decimal number; NULL otherwise. The key is bound to every {@code ?}.
   */
  String propertyNumber(String prefix);

  /** The value bound for the {@code ?} of {@link #propertyText} and {@link #propertyNumber}. */
  Object propertyKey(String key);

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

  /** The events table as the statement names it ({@link EventColumns#TABLE}, maybe qualified). */
  String eventsTable();

  /**
   * Whether the statement names its subqueries ({@code WITH name AS (subquery)}) and refers to them
   * by name; false where the dialect has no such CTEs (ClickHouse 18.16), which gets each subquery
   * written out, aliased by its name, wherever it is used.
   */
  boolean namedSubqueries();

  /** A boolean literal ({@code TRUE}, or {@code 1} where there is no boolean type). */
  String bool(boolean value);

  /**
   * The keyword of an inner join with every matching pair ({@code JOIN}; {@code ALL INNER JOIN}
   * where the strictness is a server setting that must not decide).
   */
  String innerJoin();

  /** The keyword of a left join with every matching pair ({@code LEFT JOIN}, {@code ALL ...}). */
  String leftJoin();

  /** A decimal expression, 0 where it is NULL. */
  String zeroIfNull(String decimal);

  /**
   * The statement's final select: the {@code columns} of {@code relation} (a subquery or a name,
   * already aliased) ordered by {@code orderBy}, then a column {@code total_rows} with how many
   * rows the relation has, and only the page: the template's two {@code ?} are bound to the limit
   * and then the offset. {@code decimals} are those of the columns that hold exact decimals.
   */
  String page(
      java.util.List<String> columns,
      java.util.Set<String> decimals,
      String relation,
      String orderBy);

  /**
   * Whether the event whose columns carry {@code prefix} is an event of a member of the segment at
   * its instant (docs/metrics.md, "Cohorts"): its user id is a member's, or it has none and its
   * visitor's first link is to a member. A condition with its parameters; its text holds no {@code
   * ?} but the parameters' (a dialect without bound parameters renders its values as literals in
   * which no {@code ?} is left).
   */
  CompiledQuery inSegment(io.footfall.core.people.Segment segment, String prefix);
}
