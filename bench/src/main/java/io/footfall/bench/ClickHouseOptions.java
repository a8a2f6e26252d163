package io.footfall.bench;

import io.footfall.store.clickhouse.ClickHouseServer;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How the ClickHouse benchmarks start their throwaway {@code clickhouse-server}; {@link Bench}
 * documents each option with its default.
 *
 * @param binary the {@code clickhouse} or {@code clickhouse-server} executable; empty for {@code
 *     $FOOTFALL_CLICKHOUSE_BIN}, else {@code /usr/bin/clickhouse}, else {@code
 *     /usr/sbin/clickhouse-server}
 * @param maxMemoryMiB one query's memory limit ({@code max_memory_usage}), MiB
 * @param maxThreads one query's threads ({@code max_threads})
 * @param copyBatch events per {@code ClickHouseStore.write} when the generated month is copied in
 */
record ClickHouseOptions(Optional<Path> binary, long maxMemoryMiB, int maxThreads, int copyBatch) {
  ClickHouseOptions {
    Objects.requireNonNull(binary, "binary");
    if (maxMemoryMiB < 64 || maxThreads < 1 || copyBatch < 1) {
      throw new IllegalArgumentException(
          "clickhouse-memory-mib must be at least 64, clickhouse-threads and copy-batch at least"
              + " 1; were "
              + maxMemoryMiB
              + ", "
              + maxThreads
              + ", "
              + copyBatch);
    }
  }

  /** A throwaway server with these limits, not started. */
  ClickHouseServer server() {
    long bytes = maxMemoryMiB << 20;
    return binary
        .map(b -> ClickHouseServer.oneNode(b, bytes, maxThreads))
        .orElseGet(() -> ClickHouseServer.oneNode(bytes, maxThreads));
  }

  /** Starts a throwaway server with these limits. */
  ClickHouseServer start() {
    ClickHouseServer server = server();
    try {
      server.start();
    } catch (java.io.IOException | IllegalStateException e) {
      throw new BenchException("cannot start clickhouse-server: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted while starting clickhouse-server", e);
    }
    return server;
  }

  /** Stops it and deletes its files. */
  static void stop(ClickHouseServer server) {
    try {
      server.stop();
    } catch (java.io.IOException e) {
      System.err.println("could not delete ClickHouse's files in " + server.directory() + ": " + e);
    }
  }

  /**
   * The environment that puts the Footfall server's events on that ClickHouse server, in {@code
   * database}.
   */
  static java.util.Map<String, String> serverEnvironment(ClickHouseServer server, String database) {
    String url = server.endpoint(0).toString();
    return java.util.Map.of(
        "FOOTFALL_STORE",
        "clickhouse",
        "FOOTFALL_CLICKHOUSE_URL",
        url.endsWith("/") ? url.substring(0, url.length() - 1) : url,
        "FOOTFALL_CLICKHOUSE_DATABASE",
        database);
  }
}
