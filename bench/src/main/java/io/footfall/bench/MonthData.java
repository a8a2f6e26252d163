package io.footfall.bench;

import io.footfall.core.Goal;
import io.footfall.metadata.jdbc.JdbcMetadataStore;
import io.footfall.store.duckdb.DuckDbStore;
import io.footfall.store.duckdb.Rollups;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * A site's month of generated events, written straight into the store file while the server is
 * down, with live events around now (for {@code realtime}), its rollups built and a checkpoint: the
 * data the query and dashboard benchmarks read.
 *
 * @param visits visits in the month
 * @param liveEvents events around now
 * @param elapsed how long the preparation took
 * @param fileBytes the store file's size afterwards
 * @param goals the site's goals as the server's QueryService lists them
 */
record MonthData(long visits, long liveEvents, Duration elapsed, long fileBytes, List<Goal> goals) {
  /** How long the live events for {@code realtime} continue after generation. */
  static final Duration LIVE_AFTER = Duration.ofHours(2);

  /** How far the live events reach back before generation. */
  static final Duration LIVE_BEFORE = Duration.ofMinutes(30);

  static MonthData prepare(
      Path file,
      String siteId,
      String organization,
      long events,
      YearMonth yearMonth,
      ZoneId zone,
      PrintStream out) {
    Instant from = yearMonth.atDay(1).atStartOfDay(zone).toInstant();
    Instant to = yearMonth.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
    Instant now = Instant.now();
    Duration live = LIVE_BEFORE.plus(LIVE_AFTER);
    long liveEvents =
        Math.max(
            500,
            Math.round(
                events * live.toSeconds() / (double) Duration.between(from, to).toSeconds()));
    long start = System.nanoTime();
    List<Goal> goals;
    MonthOfEvents.Result month;
    try (DuckDbStore store = DuckDbStore.open(file);
        Connection c = store.connection()) {
      out.printf("generating %,d events in %s (%s)%n", events, yearMonth, zone);
      month = MonthOfEvents.insert(c, siteId, from, to, events, "m", true);
      out.printf(
          "  %,d visits in %.1f s; %,d live events from %s to %s%n",
          month.visits(),
          month.elapsed().toMillis() / 1e3,
          liveEvents,
          LocalTime.now(java.time.ZoneId.systemDefault()).minus(LIVE_BEFORE).withNano(0),
          LocalTime.now(java.time.ZoneId.systemDefault()).plus(LIVE_AFTER).withNano(0));
      MonthOfEvents.insert(
          c, siteId, now.minus(LIVE_BEFORE), now.plus(LIVE_AFTER), liveEvents, "l", false);
      // The goals as the server's QueryService will list them.
      goals = JdbcMetadataStore.open(store::connection).goals().list(organization, siteId);
      long rollupStart = System.nanoTime();
      Rollups.BuildResult built =
          store.refreshRollups(Map.of(siteId, new Rollups.SiteSettings(zone, "EUR")));
      out.printf(
          "  daily rollups of %d days built in %.1f s%n",
          built.days(), (System.nanoTime() - rollupStart) / 1e9);
      try (Statement st = c.createStatement()) {
        st.execute("CHECKPOINT");
      }
    } catch (SQLException e) {
      throw new BenchException("preparing the data in " + file + " failed: " + e.getMessage(), e);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    long bytes;
    try {
      bytes = Files.size(file);
    } catch (IOException e) {
      bytes = -1;
    }
    out.printf(
        "  data ready in %.1f s (with live events, goals and a checkpoint): %,.0f MiB%n",
        elapsed.toMillis() / 1e3, bytes / (double) (1 << 20));
    return new MonthData(month.visits(), liveEvents, elapsed, bytes, goals);
  }
}
