package io.footfall.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.store.duckdb.DuckDbStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonthOfEventsTest {
  static final Instant FROM = Instant.parse("2026-09-30T22:00:00Z");
  static final Instant TO = Instant.parse("2026-10-31T23:00:00Z");

  @Test
  void insertsExactlyTheEventsAsVisitsInsideTheRange(@TempDir Path dir) throws Exception {
    try (DuckDbStore store = DuckDbStore.open(dir.resolve("f.duckdb"));
        Connection c = store.connection();
        Statement st = c.createStatement()) {
      MonthOfEvents.Result r = MonthOfEvents.insert(c, "s1", FROM, TO, 5_000, "m", true);
      MonthOfEvents.insert(c, "s1", TO, TO.plusSeconds(7_200), 300, "l", false);

      assertThat(r.events()).isEqualTo(5_000);
      try (ResultSet rs =
          st.executeQuery(
              "SELECT count(*), count(DISTINCT event_id), count(DISTINCT session_id), min(ts),"
                  + " max(ts) FROM events WHERE event_id LIKE 'm%'")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(5_000);
        assertThat(rs.getLong(2)).isEqualTo(5_000);
        assertThat(rs.getLong(3)).isEqualTo(r.visits());
        assertThat(rs.getObject(4, LocalDateTime.class))
            .isAfterOrEqualTo(LocalDateTime.ofInstant(FROM, ZoneOffset.UTC));
        assertThat(rs.getObject(5, LocalDateTime.class))
            .isBefore(LocalDateTime.ofInstant(TO, ZoneOffset.UTC));
      }
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM events WHERE event_id LIKE 'l%'")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(300);
      }
    }
  }

  @Test
  void visitsKeepTheirAttributesStartWithAPageViewAndLastUnderHalfAnHour(@TempDir Path dir)
      throws Exception {
    try (DuckDbStore store = DuckDbStore.open(dir.resolve("f.duckdb"));
        Connection c = store.connection();
        Statement st = c.createStatement()) {
      MonthOfEvents.insert(c, "s1", FROM, TO, 5_000, "m", true);

      try (ResultSet rs =
          st.executeQuery(
              "SELECT count(*) FILTER (WHERE attributes > 1), count(*) FILTER (WHERE first_name"
                  + " <> 'pageview'), max(span_s), count(*) FILTER (WHERE n = 1)"
                  + " FROM (SELECT session_id, count(*) AS n, arg_min(name, ts) AS first_name,"
                  + " count(DISTINCT (visitor_id, source, medium, utm_campaign, referrer, country,"
                  + " browser, os, device, screen)) AS attributes,"
                  + " epoch(max(ts)) - epoch(min(ts)) AS span_s FROM events GROUP BY session_id)")) {
        rs.next();
        assertThat(rs.getLong(1)).as("visits whose attributes vary").isZero();
        assertThat(rs.getLong(2)).as("visits starting with a custom event").isZero();
        assertThat(rs.getDouble(3)).isLessThan(30 * 60);
        assertThat(rs.getLong(4)).as("one-event visits").isPositive();
      }
      try (ResultSet rs =
          st.executeQuery(
              "SELECT count(*) FILTER (WHERE name = 'purchase' AND revenue_amount IS NULL),"
                  + " count(*) FILTER (WHERE name = 'purchase'), count(DISTINCT pathname),"
                  + " count(*) FILTER (WHERE pathname = '/') FROM events")) {
        rs.next();
        assertThat(rs.getLong(1)).as("purchases without revenue").isZero();
        assertThat(rs.getLong(2)).isPositive();
        assertThat(rs.getLong(3)).isBetween(100L, (long) MonthOfEvents.PATHS);
        // Zipf-like: the home page alone takes far more than an even share.
        assertThat(rs.getLong(4)).isGreaterThan(5_000 / 20);
      }
    }
  }

  @Test
  void theMeanVisitLengthFollowsTheWeights() {
    assertThat(MonthOfEvents.meanVisitLength()).isEqualTo(2.94);
  }
}
