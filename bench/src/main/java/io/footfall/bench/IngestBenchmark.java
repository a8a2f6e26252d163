package io.footfall.bench;

import io.footfall.core.Event;
import io.footfall.core.EventStore;
import io.footfall.demo.TrafficGenerator;
import io.footfall.store.clickhouse.ClickHouseHttp;
import io.footfall.store.clickhouse.ClickHouseServer;
import io.footfall.store.clickhouse.ClickHouseStore;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The ingest benchmark: the server as a separate process on loopback, loaded with (a) single-event
 * requests and (b) batch requests, next to (c) the ceiling of the embedded store written directly
 * in this process. Each is repeated, alternating, and reported as medians.
 */
final class IngestBenchmark {
  private final IngestOptions options;
  private final Optional<ClickHouseOptions> clickhouse;
  private final PrintStream out;

  IngestBenchmark(IngestOptions options, PrintStream out) {
    this(options, Optional.empty(), out);
  }

  /**
   * With ClickHouse's options, the server's events go to a throwaway {@code clickhouse-server} this
   * benchmark starts, and the ceiling writes through {@link ClickHouseStore#write} into a fresh
   * database of the same server.
   */
  IngestBenchmark(IngestOptions options, Optional<ClickHouseOptions> clickhouse, PrintStream out) {
    this.options = options;
    this.clickhouse = clickhouse;
    this.out = out;
  }

  /** Runs everything and returns the report; the server is stopped and its files deleted. */
  Report run() {
    Report.Machine machine = Report.Machine.current();
    out.println("machine: " + machine.describe());
    Path work = createTempDirectory();
    ClickHouseServer ch = clickhouse.map(ClickHouseOptions::start).orElse(null);
    try {
      out.printf("generating %,d events of demo traffic%n", options.poolEvents());
      Instant now = Instant.now();
      List<Map<String, Object>> events =
          new TrafficGenerator(
                  1, Clock.fixed(now, ZoneOffset.UTC), ZoneOffset.UTC, 30, options.poolEvents())
              .events();
      List<Event> rows = EnrichedEvents.of(events, "ceiling", now);

      Map<String, String> environment =
          ch == null ? Map.of() : ClickHouseOptions.serverEnvironment(ch, "footfall");
      out.println(
          "starting the server: "
              + options.serverJar()
              + (ch == null ? "" : " with its events on ClickHouse at " + ch.endpoint(0)));
      try (ServerProcess server =
              ServerProcess.start(
                  options.serverJar(),
                  options.serverJvmOptions(),
                  options.port(),
                  work.resolve("data"),
                  environment);
          HttpClient http =
              HttpClient.newBuilder()
                  .version(HttpClient.Version.HTTP_1_1)
                  .connectTimeout(Duration.ofSeconds(10))
                  .executor(Executors.newVirtualThreadPerTaskExecutor())
                  .build()) {
        out.println("server " + server.baseUrl() + " (pid " + server.pid() + ") is ready");
        ServerProcess.SiteKeys site = server.createSite(http, "Bench", TrafficGenerator.DOMAIN);
        RequestBodies bodies =
            RequestBodies.of(events, site.writeKey(), "b" + Long.toHexString(now.toEpochMilli()));
        Scenario single =
            new Scenario(
                "single", options.singleClients(), 1, options.maxSingleRequests(), bodies::single);
        Scenario batched =
            new Scenario(
                "batched",
                options.batchClients(),
                options.batchSize(),
                options.maxBatchRequests(),
                () -> bodies.batch(options.batchSize()));

        long acknowledged = 0;
        if (!options.warmup().isZero()) {
          out.printf("warming up for %d s per scenario%n", options.warmup().toSeconds());
          for (Scenario s : List.of(single, batched)) {
            acknowledged +=
                LoadRun.run(
                        server.baseUrl().resolve("/api/track"),
                        server.adminToken(),
                        s.bodies(),
                        s.clients(),
                        options.warmup(),
                        s.maxRequests())
                    .acceptedEvents();
          }
        }

        List<Report.HttpRun> singleRuns = new ArrayList<>();
        List<Report.HttpRun> batchRuns = new ArrayList<>();
        Map<Integer, List<StoreCeiling.Result>> ceilings = new LinkedHashMap<>();
        for (int rep = 1; rep <= options.repeats(); rep++) {
          Report.HttpRun a = measure(rep, single, server, http);
          singleRuns.add(a);
          Report.HttpRun b = measure(rep, batched, server, http);
          batchRuns.add(b);
          acknowledged += a.result().acceptedEvents() + b.result().acceptedEvents();
          long ceilingRows =
              Math.min(options.maxCeilingRows(), Math.max(10_000, b.result().acceptedEvents()));
          for (int size : options.ceilingBatchSizes()) {
            StoreCeiling.Result c =
                ch == null
                    ? StoreCeiling.run(
                        rows, size, ceilingRows, options.duration(), work, "r" + rep + "-" + size)
                    : StoreCeiling.run(
                        rows,
                        size,
                        ceilingRows,
                        options.duration(),
                        "r" + rep + "-" + size,
                        clickHouseTarget(ch, "ceiling_r" + rep + "_" + size));
            ceilings.computeIfAbsent(size, k -> new ArrayList<>()).add(c);
            out.printf(
                "rep %d ceiling x%d: %,d rows in %.1f s = %,.0f rows/s; one write p50 %.1f ms,"
                    + " p99 %.1f ms, max %.1f ms%n",
                rep,
                size,
                c.rows(),
                c.elapsedNanos() / 1e9,
                c.rowsPerSecond(),
                c.writeMillis(50),
                c.writeMillis(99),
                c.writeMillis(100));
          }
        }
        long stored = server.storedEvents(http, site.id());
        out.printf(
            "acknowledged %,d events in all runs; the server reports %,d stored%n",
            acknowledged, stored);
        out.println("load average now: " + Report.Machine.loadAverage());
        out.println("stopping the server");
        return new Report(
            machine,
            options,
            singleRuns,
            batchRuns,
            ceilings,
            acknowledged,
            stored,
            ch == null ? "DuckDbStore.write" : "ClickHouseStore.write");
      }
    } finally {
      if (ch != null) {
        ClickHouseOptions.stop(ch);
      }
      deleteRecursively(work);
    }
  }

  /** A fresh database on the ClickHouse server for one ceiling run, dropped afterwards. */
  private static StoreCeiling.Target clickHouseTarget(ClickHouseServer ch, String database) {
    return new StoreCeiling.Target() {
      @Override
      public EventStore open() {
        return ClickHouseStore.builder(ch.endpoint(0)).database(database).open();
      }

      @Override
      public void discard() {
        try (ClickHouseHttp admin = ch.client()) {
          admin.execute("DROP DATABASE IF EXISTS " + database);
        }
      }
    };
  }

  private record Scenario(
      String name, int clients, int eventsPerRequest, long maxRequests, Supplier<byte[]> bodies) {}

  private Report.HttpRun measure(int rep, Scenario s, ServerProcess server, HttpClient http) {
    String before = server.metrics(http);
    java.time.LocalTime started =
        java.time.LocalTime.now(java.time.ZoneId.systemDefault()).withNano(0);
    Duration serverCpu = server.cpuTime();
    long benchCpu = benchCpuNanos();
    LoadRun.Result result =
        LoadRun.run(
            server.baseUrl().resolve("/api/track"),
            server.adminToken(),
            s.bodies(),
            s.clients(),
            options.duration(),
            s.maxRequests());
    Duration serverUsed = server.cpuTime().minus(serverCpu);
    Duration benchUsed = Duration.ofNanos(benchCpuNanos() - benchCpu);
    String after = server.metrics(http);
    double commits =
        Metrics.sum(after, "footfall_ingest_commit_events_count")
            - Metrics.sum(before, "footfall_ingest_commit_events_count");
    double committed =
        Metrics.sum(after, "footfall_ingest_commit_events_sum")
            - Metrics.sum(before, "footfall_ingest_commit_events_sum");
    double commitSeconds =
        Metrics.sum(after, "footfall_ingest_commit_seconds_sum")
            - Metrics.sum(before, "footfall_ingest_commit_seconds_sum");
    double commitMax = Metrics.sum(after, "footfall_ingest_commit_seconds_max");
    Report.HttpRun run =
        new Report.HttpRun(
            s.name(),
            s.clients(),
            s.eventsPerRequest(),
            result,
            serverUsed,
            benchUsed,
            commits,
            committed,
            commitSeconds,
            commitMax);
    out.printf(
        "rep %d %s [%s-%s]: %,d requests, %,.0f events/s, p50 %.2f ms, p99 %.2f ms, statuses %s,"
            + " server CPU %.1f s, bench CPU %.1f s, commits %s%n",
        rep,
        s.name(),
        started,
        java.time.LocalTime.now(java.time.ZoneId.systemDefault()).withNano(0),
        result.requests(),
        result.eventsPerSecond(),
        result.latencyMillis(50),
        result.latencyMillis(99),
        result.statuses(),
        serverUsed.toMillis() / 1e3,
        benchUsed.toMillis() / 1e3,
        Double.isNaN(commits)
            ? "n/a"
            : String.format(
                "%,.0f (mean %.0f events, %.1f ms; longest %.0f ms)",
                commits, committed / commits, commitSeconds * 1e3 / commits, commitMax * 1e3));
    return run;
  }

  private static long benchCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  private static Path createTempDirectory() {
    try {
      return Files.createTempDirectory("footfall-bench-");
    } catch (IOException e) {
      throw new BenchException("cannot create a temporary directory: " + e, e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.err.println("could not delete " + dir + ": " + e);
    }
  }
}
