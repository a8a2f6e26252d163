package io.footfall.store.clickhouse;

import io.footfall.core.query.Interval;
import io.footfall.query.sql.SqlDialect;
import java.time.Instant;
import java.util.List;

/**
 * ClickHouse's SQL for the query compiler, written for what 18.16 and current versions (26.7,
 * checked through chDB) both run: see {@code store-clickhouse/CLICKHOUSE-SQL.md} for each rule.
 *
 * <p>Times are {@code Int64} microseconds since the epoch ({@code ts}); a local time is the same
 * count shifted by the zone's offset, made a {@code DateTime('UTC')} only to truncate it, so that a
 * bucket prints as the local wall-clock time whatever the server's zone. Weeks and months truncate
 * to a {@code Date} ({@code toMonday}, {@code toStartOfMonth}), which the store reads as midnight.
 */
final class ClickHouseDialect implements SqlDialect {
  private static final String SECOND = "1000000";

  private final String database;

  /**
   * @param database the database of the events table, named in full: a temporary table created
   *     {@code AS SELECT} on 18.16 resolves unqualified names in {@code default}, not in the
   *     request's database
   */
  ClickHouseDialect(String database) {
    if (!database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("database name '" + database + "' is not an identifier");
    }
    this.database = database;
  }

  /** A table of this store's database, named in full (as {@link #eventsTable} is). */
  String table(String name) {
    return database + "." + name;
  }

  @Override
  public String eventsTable() {
    return database + "." + io.footfall.query.sql.EventColumns.TABLE;
  }

  @Override
  public String plusSeconds(String timestamp, String seconds) {
    return "(" + timestamp + " + (" + seconds + ") * " + SECOND + ")";
  }

  @Override
  public String truncate(Interval interval, String localTimestamp) {
    String t = "toDateTime(intDiv(" + localTimestamp + ", " + SECOND + "), 'UTC')";
    return switch (interval) {
      case MINUTE -> "toStartOfMinute(" + t + ")";
      case HOUR -> "toStartOfHour(" + t + ")";
      case DAY -> "toStartOfDay(" + t + ")";
      case WEEK -> "toMonday(" + t + ")";
      case MONTH -> "toStartOfMonth(" + t + ")";
    };
  }

  @Override
  public String anyValue(String value) {
    return "any(" + value + ")";
  }

  @Override
  public List<String> propertyColumns() {
    return List.of("prop_keys", "prop_values", "prop_number_keys", "prop_numbers");
  }

  @Override
  public String propertyText(String prefix) {
    return lookup(prefix + "prop_keys", prefix + "prop_values");
  }

  @Override
  public String propertyNumber(String prefix) {
    return lookup(prefix + "prop_number_keys", prefix + "prop_numbers");
  }

  /**
   * The value of the key bound to both {@code ?} in parallel arrays, NULL when the key is absent.
   * Not an {@code Array(Nullable(...))} read past its end: comparing such an element crashes 18.16.
   */
  private static String lookup(String keys, String values) {
    return "if(has(" + keys + ", ?), arrayElement(" + values + ", indexOf(" + keys + ", ?)), NULL)";
  }

  @Override
  public Object propertyKey(String key) {
    return key;
  }

  @Override
  public String contains(String text) {
    return "(position(" + text + ", ?) > 0)";
  }

  @Override
  public String regexFind(String text) {
    return "match(" + text + ", ?)";
  }

  @Override
  public String regexWhole(String text) {
    // RE2 in both: without the m flag, ^ and $ anchor at the ends of the whole text. A capturing
    // group, as the compiler's text may hold no question mark (every one is a parameter).
    return "match(" + text + ", concat('^(', ?, ')$'))";
  }

  @Override
  public String epochMicros(String utcTimestamp) {
    return utcTimestamp;
  }

  @Override
  public String quotientKey(String numerator, String denominator, boolean decimal) {
    // Decimal128, as there is no Int128 on 18.16: floor(n × 10^18 / d) becomes n / d with 18
    // places for counts, and n × 10^8 / d with 10 places for decimals (at most 10 places): the
    // same order. Division truncates towards zero rather than down, which orders the same way.
    // `if` evaluates both branches, so the divisor is never 0 even where the key is NULL.
    String scaled =
        decimal
            ? "toDecimal128(" + numerator + ", 10) * 100000000"
            : "toDecimal128(" + numerator + ", 18)";
    // 18.16 refuses if(c, 1, <Nullable(UInt64)>), so the divisor is made at least 1 instead.
    return "if(coalesce("
        + denominator
        + ", 0) = 0, NULL, "
        + scaled
        + " / greatest(ifNull("
        + denominator
        + ", 0), 1))";
  }

  @Override
  public String earliest(String value, String timestamp) {
    return "argMin(" + value + ", (" + timestamp + ", " + value + "))";
  }

  @Override
  public String latest(String value, String timestamp) {
    return "argMax(" + value + ", (" + timestamp + ", " + value + "))";
  }

  @Override
  public String quantile(String value, double fraction) {
    // Exact and interpolated like the oracle: the value at (n - 1) × fraction of the sorted values,
    // in Decimal(38, 12) so that the interpolation (hundredths of a difference of 10-place
    // decimals) is exact; 18.16 has no quantileExactInclusive. Two 18.16 traps shape it: groupArray
    // of a Decimal crashes the server (see page), and arraySort of a Decimal array takes quadratic
    // time (7 s for 6,000 values, measured). So the values are gathered as text and sorted by their
    // Float64 (exact order unless two values share a double, i.e. agree in ~15 digits); only the
    // two values interpolated between are read back as decimals. A '0' after the last value keeps
    // the reads valid when there are none (`if` evaluates both branches; the result is then NULL).
    long percent = Math.round(fraction * 100);
    if (percent < 0 || percent > 100 || Math.abs(percent - fraction * 100) > 1e-9) {
      throw new IllegalArgumentException("quantile fraction " + fraction + " is not in hundredths");
    }
    String pos = "((greatest(length(qa) - 1, 1) - 1) * " + percent + ")";
    String lo = "(intDiv(" + pos + ", 100) + 1)";
    String frac = "(" + pos + " % 100)";
    String hi = "(" + lo + " + if(" + frac + " > 0, 1, 0))";
    String low = "toDecimal128(qa[" + lo + "], 12)";
    String interpolated =
        low + " + (toDecimal128(qa[" + hi + "], 12) - " + low + ") * " + frac + " / 100";
    return "if(count("
        + value
        + ") = 0, NULL, arrayElement(arrayMap(qa -> "
        + interpolated
        + ", [arrayPushBack(arraySort((qs, qf) -> qf, groupArray(toString("
        + value
        + ")), groupArray(toFloat64("
        + value
        + "))), '0')]), 1))";
  }

  @Override
  public Object timestampParameter(Instant instant) {
    return micros(instant);
  }

  @Override
  public boolean namedSubqueries() {
    return false;
  }

  @Override
  public String bool(boolean value) {
    return value ? "1" : "0";
  }

  @Override
  public String innerJoin() {
    return "ALL INNER JOIN";
  }

  @Override
  public String leftJoin() {
    return "ALL LEFT JOIN";
  }

  @Override
  public String zeroIfNull(String decimal) {
    // 18.16 refuses coalesce(Decimal, 0) ("Conditional function with Decimal and non Decimal").
    return "ifNull(toDecimal128(" + decimal + ", 10), toDecimal128(0, 10))";
  }

  @Override
  public String page(
      List<String> columns, java.util.Set<String> decimals, String relation, String orderBy) {
    // No window functions on 18.16: the rows are gathered into one array beside their count, then
    // unfolded, sorted and cut to the page. One pass over the events; the array holds the rows the
    // sort would hold anyway. 18.16 crashes (SIGSEGV in
    // ColumnDecimal::deserializeAndInsertFromArena)
    // on groupArray of anything holding a Decimal, so decimals travel as text ('' for NULL) and are
    // read back as Decimal(38, 12), which holds every scale the parts have (4, 10, 12) exactly.
    StringBuilder out = new StringBuilder("SELECT ");
    List<String> packed = new java.util.ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      String c = columns.get(i);
      String element = "tupleElement(page_row, " + (i + 1) + ")";
      if (decimals.contains(c)) {
        packed.add("ifNull(toString(" + c + "), '')");
        out.append("if(")
            .append(element)
            .append(" = '', NULL, toDecimal128(if(")
            .append(element)
            .append(" = '', '0', ")
            .append(element)
            .append("), 12))");
      } else {
        packed.add(c);
        out.append(element);
      }
      out.append(" AS ").append(c).append(", ");
    }
    return out.append("total_rows FROM (SELECT groupArray(tuple(")
        .append(String.join(", ", packed))
        .append(")) AS page_rows, count() AS total_rows FROM ")
        .append(relation)
        .append(") ARRAY JOIN page_rows AS page_row ORDER BY ")
        .append(orderBy)
        .append(" LIMIT ? OFFSET ?")
        .toString();
  }

  /** Microseconds since the epoch: how the events table stores a time. */
  static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }

  /** The instant of a microsecond count. */
  static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
  }

  /**
   * The event's person as a key, {@code 'u'} and the user id or, without one, {@code 'v'} and the
   * visitor id, {@code GLOBAL IN} the keys of the members and of the visitors whose first link is
   * to a member (18.16 has no CTEs: the members are written out twice). Values are literals; every
   * {@code ?} in them is written {@code \x3F}, so the text has no {@code ?} for the compiler's
   * parameters to take.
   */
  @Override
  public io.footfall.query.sql.CompiledQuery inSegment(
      io.footfall.core.people.Segment segment, String prefix) {
    String members = ClickHouseSegments.members(segment, this);
    String sql =
        "if("
            + prefix
            + "user_id != '', concat('u', "
            + prefix
            + "user_id), concat('v', toString("
            + prefix
            + "visitor_id))) GLOBAL IN (SELECT concat('u', person) FROM ("
            + members
            + ") UNION ALL SELECT concat('v', toString(visitor_id)) FROM (SELECT visitor_id,"
            + " argMin(user_id, (linked_at, event_id)) AS linked FROM "
            + table("person_links")
            + " WHERE site_id = "
            + ClickHouseLiterals.string(segment.siteId())
            + " GROUP BY visitor_id) WHERE linked GLOBAL IN ("
            + members
            + "))";
    return new io.footfall.query.sql.CompiledQuery(sql.replace("?", "\\x3F"), java.util.List.of());
  }
}
