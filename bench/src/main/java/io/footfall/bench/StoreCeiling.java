package io.footfall.bench;

import io.footfall.core.Event;
import io.footfall.core.EventStore;
import io.footfall.core.WriteBatch;
import io.footfall.store.duckdb.DuckDbStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The ceiling: how fast the store alone takes enriched rows, in this process, with no HTTP, parsing
 * or enrichment in front of it. Rows go through {@link EventStore#write} in batches of a fixed
 * size, one committed transaction (DuckDB) or one insert (ClickHouse) each, as the server's group
 * commit writes them, into a fresh store: a new DuckDB file, or a new ClickHouse database.
 */
final class StoreCeiling {
  private StoreCeiling() {}

  /** A fresh store for one ceiling run, and how to throw it away afterwards. */
  interface Target {
    /** Opens the fresh store. */
    EventStore open();

    /** Deletes what {@link #open} made; called after the store is closed. */
    void discard();
  }

  /**
   * What one ceiling run measured.
   *
   * @param batchSize rows per {@code write}
   * @param rows rows written
   * @param elapsedNanos time spent in {@code write} calls
   * @param writeNanos the duration of every {@code write} call, sorted ascending
   */
  record Result(int batchSize, long rows, long elapsedNanos, long[] writeNanos) {
    double rowsPerSecond() {
      return rows / (elapsedNanos / 1e9);
    }

    /** A percentile of the time one {@code write} (one commit) took, in milliseconds. */
    double writeMillis(double percentile) {
      return writeNanos.length == 0 ? Double.NaN : Stats.percentile(writeNanos, percentile) / 1e6;
    }
  }

  /**
   * Writes up to {@code rows} copies of the template rows (each with a fresh id) into a new store
   * file under {@code dir}, in batches of {@code batchSize}, stopping early when {@code limit} has
   * passed. The batches are built before the clock starts; the file is deleted afterwards.
   */
  static Result run(
      List<Event> templates, int batchSize, long rows, Duration limit, Path dir, String tag) {
    Path file = dir.resolve("ceiling-" + tag + ".duckdb");
    return run(
        templates,
        batchSize,
        rows,
        limit,
        tag,
        new Target() {
          @Override
          public EventStore open() {
            return DuckDbStore.open(file);
          }

          @Override
          public void discard() {
            delete(file);
            delete(file.resolveSibling(file.getFileName() + ".wal"));
          }
        });
  }

  /**
   * Like {@link #run(List, int, long, Duration, Path, String)}, into the store {@code target}
   * opens, which it discards afterwards.
   */
  static Result run(
      List<Event> templates, int batchSize, long rows, Duration limit, String tag, Target target) {
    if (batchSize < 1 || rows < 1 || templates.isEmpty()) {
      throw new IllegalArgumentException(
          "a ceiling run needs batchSize >= 1, rows >= 1 and template rows, got "
              + batchSize
              + ", "
              + rows
              + ", "
              + templates.size());
    }
    List<WriteBatch> batches = new ArrayList<>();
    long made = 0;
    while (made < rows) {
      int size = (int) Math.min(batchSize, rows - made);
      List<Event> events = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        long n = made + i;
        events.add(
            EnrichedEvents.withId(templates.get((int) (n % templates.size())), tag + "-" + n));
      }
      batches.add(new WriteBatch(events, List.of()));
      made += size;
    }
    long written = 0;
    long elapsed;
    long[] writes = new long[batches.size()];
    int count = 0;
    try (EventStore store = target.open()) {
      long start = System.nanoTime();
      long deadline = start + limit.toNanos();
      for (WriteBatch batch : batches) {
        if (System.nanoTime() >= deadline) {
          break;
        }
        long t0 = System.nanoTime();
        store.write(batch);
        writes[count++] = System.nanoTime() - t0;
        written += batch.events().size();
      }
      elapsed = System.nanoTime() - start;
    } finally {
      target.discard();
    }
    long[] used = java.util.Arrays.copyOf(writes, count);
    java.util.Arrays.sort(used);
    return new Result(batchSize, written, elapsed, used);
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new BenchException("cannot delete the ceiling store file " + file + ": " + e, e);
    }
  }
}
