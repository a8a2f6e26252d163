package io.footfall.store.duckdb;

import io.footfall.core.query.Interval;
import io.footfall.query.sql.EventColumns;
import io.footfall.query.sql.SqlDialect;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/** DuckDB's SQL for the query compiler. */
final class DuckDbDialect implements SqlDialect {

  @Override
  public String plusSeconds(String timestamp, String seconds) {
    return "(" + timestamp + " + to_seconds(" + seconds + "))";
  }

  @Override
  public String truncate(Interval interval, String localTimestamp) {
    return "date_trunc('" + interval.name().toLowerCase(Locale.ROOT) + "', " + localTimestamp + ")";
  }

  @Override
  public String anyValue(String value) {
    return "any_value(" + value + ")";
  }

  @Override
  public List<String> propertyColumns() {
    return List.of("props");
  }

  @Override
  public String propertyText(String prefix) {
    return "json_extract_string(" + prefix + "props, ?)";
  }

  @Override
  public String propertyNumber(String prefix) {
    return "TRY_CAST(" + propertyText(prefix) + " AS DECIMAL(38, 10))";
  }

  @Override
  public Object propertyKey(String key) {
    return "$.\"" + key + "\"";
  }

  @Override
  public String contains(String text) {
    return "contains(" + text + ", ?)";
  }

  @Override
  public String regexFind(String text) {
    return "regexp_matches(" + text + ", ?)";
  }

  @Override
  public String regexWhole(String text) {
    return "regexp_full_match(" + text + ", ?)";
  }

  @Override
  public String epochMicros(String utcTimestamp) {
    return "epoch_us(" + utcTimestamp + ")";
  }

  @Override
  public String quotientKey(String numerator, String denominator, boolean decimal) {
    // 128-bit integers: a whole numerator times 10^18, or a decimal one made whole (10^10) times
    // 10^8, divided by the denominator, stays far from overflow for any realistic sum.
    String scaled =
        decimal
            ? "CAST(CAST("
                + numerator
                + " AS DECIMAL(38, 10)) * 10000000000 AS HUGEINT)"
                + " * 100000000"
            : "CAST(" + numerator + " AS HUGEINT) * 1000000000000000000";
    return "CASE WHEN coalesce("
        + denominator
        + ", 0) = 0 THEN NULL ELSE "
        + scaled
        + " // ("
        + denominator
        + ") END";
  }

  @Override
  public String earliest(String value, String timestamp) {
    return "min({'t': " + timestamp + ", 'v': " + value + "}).v";
  }

  @Override
  public String latest(String value, String timestamp) {
    return "max({'t': " + timestamp + ", 'v': " + value + "}).v";
  }

  @Override
  public String quantile(String value, double fraction) {
    return "quantile_cont(CAST(" + value + " AS DOUBLE), " + fraction + ")";
  }

  @Override
  public Object timestampParameter(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  @Override
  public String eventsTable() {
    return EventColumns.TABLE;
  }

  @Override
  public boolean namedSubqueries() {
    return true;
  }

  @Override
  public String bool(boolean value) {
    return value ? "TRUE" : "FALSE";
  }

  @Override
  public String innerJoin() {
    return "JOIN";
  }

  @Override
  public String leftJoin() {
    return "LEFT JOIN";
  }

  @Override
  public String zeroIfNull(String decimal) {
    return "coalesce(" + decimal + ", 0)";
  }

  @Override
  public String page(
      List<String> columns, java.util.Set<String> decimals, String relation, String orderBy) {
    return "SELECT "
        + String.join(", ", columns)
        + ", count(*) OVER () AS total_rows FROM "
        + relation
        + " ORDER BY "
        + orderBy
        + " LIMIT ? OFFSET ?";
  }

  /**
   * The event's person as a key, {@code 'u' || user id} or, without one, {@code 'v' || visitor id},
   * in the keys of the members and of the visitors whose first link is to a member: one
   * uncorrelated subquery, its members computed once ({@code MATERIALIZED}). The letters keep a
   * user id from ever equalling a visitor's key.
   */
  @Override
  public io.footfall.query.sql.CompiledQuery inSegment(
      io.footfall.core.people.Segment segment, String prefix) {
    DuckDbPeople.Sql sql = new DuckDbPeople.Sql();
    sql.append(
        "(CASE WHEN coalesce("
            + prefix
            + "user_id, '') <> '' THEN 'u' || "
            + prefix
            + "user_id ELSE 'v' || CAST("
            + prefix
            + "visitor_id AS VARCHAR) END) IN (WITH sm AS MATERIALIZED (");
    DuckDbSegments.members(sql, segment);
    sql.append("), ");
    DuckDbPeople.links(sql, segment.siteId(), java.util.Optional.empty());
    sql.append(
        " SELECT 'u' || person FROM sm UNION ALL SELECT 'v' || CAST(visitor_id AS VARCHAR)"
            + " FROM links WHERE user_id IN (SELECT person FROM sm))");
    return new io.footfall.query.sql.CompiledQuery(sql.text(), sql.parameters());
  }
}
