package io.footfall.store.duckdb;

import io.footfall.core.query.Interval;
import io.footfall.core.query.SqlDialect;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * DuckDB's SQL for the query compiler. Time zones go through DuckDB's ICU extension (bundled with
 * the JDBC driver): {@code timezone('UTC', ts)} reads the stored UTC timestamp as an instant,
 * {@code timezone(zone, instant)} gives the wall-clock time in the zone.
 */
final class DuckDbDialect implements SqlDialect {

  @Override
  public String bucket(Interval interval, String utcTimestamp) {
    String unit = interval.name().toLowerCase(Locale.ROOT);
    return "strftime(date_trunc('"
        + unit
        + "', timezone(?, timezone('UTC', "
        + utcTimestamp
        + "))), '%Y-%m-%dT%H:%M:%S')";
  }

  @Override
  public Object zoneParameter(ZoneId zone) {
    // ICU knows region ids; a fixed offset is spelled the way ICU reads it.
    if (zone instanceof ZoneOffset offset) {
      return offset.getTotalSeconds() == 0 ? "UTC" : "GMT" + offset.getId();
    }
    return zone.getId();
  }

  @Override
  public String jsonText(String jsonColumn) {
    return "json_extract_string(" + jsonColumn + ", ?)";
  }

  @Override
  public Object jsonPath(String key) {
    return "$.\"" + key + "\"";
  }

  @Override
  public String toDecimal(String text) {
    return "TRY_CAST(" + text + " AS DECIMAL(38, 10))";
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
  public String epochMillis(String utcTimestamp) {
    return "epoch_ms(" + utcTimestamp + ")";
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
}
