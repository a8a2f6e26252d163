package io.footfall.bench;

import io.footfall.core.Event;
import io.footfall.core.EventStore;
import io.footfall.core.WriteBatch;
import io.footfall.store.duckdb.DuckDbStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies a site's generated events from the DuckDB store file {@link MonthData} wrote into another
 * store, through that store's own {@link EventStore#write}: the identical rows (ids, times, every
 * column), so that two stores answer over the same month. Events are read window by window of time
 * ({@link DuckDbStore#forEachEvent}) and written in batches of a fixed size, so that neither side
 * holds more than a window and a batch.
 */
final class MonthCopy {
  private MonthCopy() {}

  /**
   * What a copy did.
   *
   * @param events events copied
   * @param writes how many times the target store was written to
   * @param elapsed time of the whole copy, reading included
   */
  record Result(long events, long writes, Duration elapsed) {
    double eventsPerSecond() {
      return events / (elapsed.toNanos() / 1e9);
    }
  }

  /**
   * Copies every event of {@code siteId} from {@code from} into {@code to}, {@code batchSize} per
   * {@code write}, reading {@code window} of event time at a time.
   *
   * @throws BenchException if the count copied differs from the count in the file
   */
  static Result copy(
      DuckDbStore from, String siteId, EventStore to, int batchSize, Duration window) {
    if (batchSize < 1 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException(
          "a copy needs a positive batch size and window, got " + batchSize + " and " + window);
    }
    long start = System.nanoTime();
    Instant first;
    Instant last;
    long expected;
    try (Connection c = from.connection();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*), min(ts), max(ts) FROM events WHERE site_id = ?")) {
      ps.setString(1, siteId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        expected = rs.getLong(1);
        if (expected == 0) {
          return new Result(0, 0, Duration.ofNanos(System.nanoTime() - start));
        }
        first = rs.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC);
        last = rs.getObject(3, LocalDateTime.class).toInstant(ZoneOffset.UTC);
      }
    } catch (SQLException e) {
      throw new BenchException("counting the events of site " + siteId + " failed: " + e, e);
    }
    List<Event> batch = new ArrayList<>(batchSize);
    long[] writes = {0};
    long copied = 0;
    // The last window ends just past the last event (times are microseconds).
    Instant end = last.plusNanos(1_000);
    for (Instant t = first; t.isBefore(end); t = t.plus(window)) {
      Instant until = t.plus(window).isBefore(end) ? t.plus(window) : end;
      copied +=
          from.forEachEvent(
              siteId,
              t,
              until,
              e -> {
                batch.add(e);
                if (batch.size() == batchSize) {
                  to.write(new WriteBatch(List.copyOf(batch), List.of()));
                  writes[0]++;
                  batch.clear();
                }
              });
    }
    if (!batch.isEmpty()) {
      to.write(new WriteBatch(List.copyOf(batch), List.of()));
      writes[0]++;
    }
    if (copied != expected) {
      throw new BenchException(
          "copied " + copied + " events of site " + siteId + " but the file holds " + expected);
    }
    return new Result(copied, writes[0], Duration.ofNanos(System.nanoTime() - start));
  }
}
