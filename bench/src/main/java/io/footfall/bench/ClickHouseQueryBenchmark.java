package io.footfall.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.footfall.core.Goal;
import io.footfall.core.query.Report;
import io.footfall.core.query.ReportQuery;
import io.footfall.metadata.jdbc.JdbcMetadataStore;
import io.footfall.store.clickhouse.ClickHouseHttp;
import io.footfall.store.clickhouse.ClickHouseServer;
import io.footfall.store.clickhouse.ClickHouseStore;
import io.footfall.store.duckdb.DuckDbStore;
import io.footfall.store.duckdb.DuckDbStoreProvider;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The query benchmark on ClickHouse ({@code bench query --store clickhouse}): per data size, the
 * same generated month as the DuckDB benchmark ({@link MonthData}, in a DuckDB file of its own),
 * copied row for row into a throwaway {@code clickhouse-server} through {@link
 * ClickHouseStore#write} ({@link MonthCopy}). Then one Footfall server on that ClickHouse, its
 * query cache off, answers each request over HTTP, while this process runs the same report queries
 * through {@link ClickHouseStore#report} against the same ClickHouse and through {@link
 * DuckDbStore#report} on the DuckDB file (rollups built, as a DuckDB server would have them): three
 * sides per request, back to back, the side going first rotating every run.
 *
 * <p>HTTP ÷ ClickHouse direct is the server's overhead on ClickHouse (target ≤ 1.2 at p50); DuckDB
 * direct ÷ ClickHouse direct says which store answers the request faster on this machine. A query
 * that fails on a side (ClickHouse's {@code max_memory_usage}, a timeout) is recorded and reported
 * with its message, not retried or left out silently.
 */
final class ClickHouseQueryBenchmark {
  /** The sides, in the order of the first run. */
  static final List<String> SIDES = List.of("HTTP", "ClickHouse", "DuckDB");

  /** The CTE the ClickHouse store writes out at each use rather than as a temporary table. */
  private static final Set<String> INLINED = Set.of("base");

  private static final Map<String, String> CACHE_OFF = Map.of("FOOTFALL_QUERY_CACHE_ENTRIES", "0");

  private final QueryOptions options;
  private final ClickHouseOptions clickhouse;
  private final PrintStream out;
  private final ObjectMapper json =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  ClickHouseQueryBenchmark(QueryOptions options, ClickHouseOptions clickhouse, PrintStream out) {
    this.options = options;
    this.clickhouse = clickhouse;
    this.out = out;
  }

  /**
   * What one data size measured.
   *
   * @param load the copy of the month into ClickHouse
   * @param merge the {@code OPTIMIZE TABLE ... FINAL} after it
   * @param parts active parts of the events table afterwards
   * @param times per side ({@link #SIDES}), per request name and {@link
   *     QueryBenchmark#OVERVIEW_SET}, every measured time
   * @param statements per request name, how many report queries the server runs for it
   * @param steps per request name, the temporary tables ClickHouse builds for it (all statements)
   * @param fromRollups per request name, how many of its statements DuckDB answered from rollups
   * @param differences per direct side, per request name, where its answer differs from HTTP's
   * @param failures per side, per request name, why runs failed
   * @param runs measured runs done (fewer than asked when the time limit passed)
   */
  record SizeResult(
      long events,
      long visits,
      long liveEvents,
      Duration generation,
      MonthCopy.Result load,
      Duration merge,
      long parts,
      List<StatsRequest> requests,
      int overviewSize,
      Map<String, Map<String, List<Long>>> times,
      Map<String, Integer> statements,
      Map<String, Integer> steps,
      Map<String, Long> fromRollups,
      Map<String, Map<String, List<String>>> differences,
      Map<String, Map<String, List<String>>> failures,
      int runs) {}

  /** Runs every size on one throwaway ClickHouse, a database per size; deletes everything after. */
  ClickHouseQueryReport run() {
    io.footfall.bench.Report.Machine machine = io.footfall.bench.Report.Machine.current();
    out.println("machine: " + machine.describe() + "; load average " + machine.load());
    Path work = options.workDir().orElseGet(QueryBenchmark::createTempDirectory);
    List<SizeResult> sizes = new ArrayList<>();
    long t0 = System.nanoTime();
    ClickHouseServer server = clickhouse.start();
    out.printf(
        "clickhouse-server at %s (max_memory_usage %d MiB, max_threads %d) ready in %.1f s%n",
        server.endpoint(0),
        clickhouse.maxMemoryMiB(),
        clickhouse.maxThreads(),
        (System.nanoTime() - t0) / 1e9);
    try {
      for (long events : options.events()) {
        sizes.add(runSize(server, events, work.resolve("ch-data-" + events)));
      }
    } finally {
      ClickHouseOptions.stop(server);
      if (!options.keepFiles()) {
        sizes.forEach(s -> QueryBenchmark.deleteRecursively(work.resolve("ch-data-" + s.events())));
        if (options.workDir().isEmpty()) {
          QueryBenchmark.deleteRecursively(work);
        }
      } else {
        out.println("data kept in " + work.toAbsolutePath() + " (ClickHouse's deleted)");
      }
    }
    return new ClickHouseQueryReport(machine, options, clickhouse, sizes);
  }

  private SizeResult runSize(ClickHouseServer clickhouseServer, long events, Path dataDir) {
    QueryBenchmark.deleteRecursively(dataDir);
    out.printf("%n== %,d events: data in %s%n", events, dataDir.toAbsolutePath());
    String database = "bench_" + events;
    Map<String, String> env =
        new LinkedHashMap<>(ClickHouseOptions.serverEnvironment(clickhouseServer, database));
    Map<String, String> cacheOff = new LinkedHashMap<>(env);
    cacheOff.putAll(CACHE_OFF);
    ServerProcess.SiteKeys site;
    try (ServerProcess server = start(dataDir, cacheOff);
        HttpClient admin = HttpClient.newHttpClient()) {
      site =
          server.createSite(
              admin, "Query bench", MonthOfEvents.HOST, options.zone().getId(), "EUR");
      for (Goal g : QuerySet.goals(site.id(), Instant.now())) {
        server.createGoal(admin, site.id(), g);
      }
      out.println("site " + site.id() + " (" + options.zone() + ", EUR) with 4 goals");
    }
    List<Goal> goals = goals(dataDir, site);
    Path duckFile = dataDir.resolve("duckdb").resolve("footfall.duckdb");
    MonthData data =
        MonthData.prepare(
            duckFile,
            site.id(),
            site.organizationId(),
            events,
            options.month(),
            options.zone(),
            out);

    LocalDate day = QuerySet.relativeDate(options.month());
    List<StatsRequest> endpoints = QuerySet.endpoints(site.id(), day);
    List<StatsRequest> overview = QuerySet.overview(site.id(), day);
    if (!options.requests().isEmpty()) {
      endpoints = chosen(endpoints, overview, options.requests());
      overview = List.of();
    }
    Map<String, Map<String, List<String>>> failures = new LinkedHashMap<>();
    Map<String, Map<String, List<Long>>> times = new LinkedHashMap<>();
    for (String side : SIDES) {
      failures.put(side, new ConcurrentHashMap<>());
      times.put(side, new LinkedHashMap<>());
    }
    Map<String, ServedStatements> statements = new LinkedHashMap<>();
    Map<String, Map<String, List<String>>> differences = new LinkedHashMap<>();
    Map<String, Integer> steps = new LinkedHashMap<>();
    Map<String, Long> fromRollups = new LinkedHashMap<>();
    MonthCopy.Result load;
    Duration merge;
    long parts;
    int runs;
    List<StatsRequest> measured = new ArrayList<>();
    try (DuckDbStore duck = DuckDbStore.open(duckFile);
        ClickHouseStore store =
            ClickHouseStore.builder(clickhouseServer.endpoint(0))
                .database(database)
                .timeout(options.requestTimeout())
                .open();
        ClickHouseHttp admin =
            ClickHouseHttp.builder(clickhouseServer.endpoint(0))
                .queryTimeout(Duration.ofHours(1))
                .build()) {
      out.printf("copying the month into ClickHouse (database %s)%n", database);
      load = MonthCopy.copy(duck, site.id(), store, clickhouse.copyBatch(), Duration.ofHours(6));
      out.printf(
          "  %,d events in %d writes of up to %,d in %.1f s = %,.0f events/s%n",
          load.events(),
          load.writes(),
          clickhouse.copyBatch(),
          load.elapsed().toMillis() / 1e3,
          load.eventsPerSecond());
      long m0 = System.nanoTime();
      admin.execute("OPTIMIZE TABLE " + database + ".events FINAL");
      merge = Duration.ofNanos(System.nanoTime() - m0);
      parts =
          admin
              .select(
                  "SELECT count() FROM system.parts WHERE active AND database = '"
                      + database
                      + "' AND table = 'events'")
              .getFirst()
              .int64(0);
      out.printf(
          "  merged (OPTIMIZE FINAL) in %.1f s: %d active part(s)%n",
          merge.toMillis() / 1e3, parts);

      try (ServerProcess server = start(dataDir, cacheOff);
          HttpQueries client =
              new HttpQueries(server.baseUrl(), server.adminToken(), options.requestTimeout())) {
        DirectQueries onClickHouse = new DirectQueries(store);
        DirectQueries onDuckDb = new DirectQueries(duck);
        List<StatsRequest> all = new ArrayList<>(endpoints);
        all.addAll(overview);
        for (StatsRequest r : all) {
          try {
            HttpQueries.Timed first = client.send(r);
            out.printf("  first answer of %s: %.1f ms%n", r.name(), first.nanos() / 1e6);
            JsonNode answer = parse(first.body());
            ServedStatements s = ServedStatements.fromAnswer(answer, goals, r.movingRange());
            statements.put(r.name(), s);
            steps.put(r.name(), steps(store, s));
            check("ClickHouse", onClickHouse, r, s, answer, differences, failures);
            long before = duck.rollupAnswers();
            check("DuckDB", onDuckDb, r, s, answer, differences, failures);
            fromRollups.put(r.name(), duck.rollupAnswers() - before);
            measured.add(r);
          } catch (BenchException e) {
            failures
                .get("HTTP")
                .computeIfAbsent(r.name(), k -> new CopyOnWriteArrayList<>())
                .add(e.getMessage());
            out.println("  " + r.name() + " failed over HTTP, left out: " + e.getMessage());
          }
        }
        List<StatsRequest> measuredEndpoints =
            measured.stream().filter(endpoints::contains).toList();
        List<StatsRequest> measuredOverview = measured.stream().filter(overview::contains).toList();
        for (String side : SIDES) {
          measured.forEach(r -> times.get(side).put(r.name(), new ArrayList<>()));
          times.get(side).put(QueryBenchmark.OVERVIEW_SET, new ArrayList<>());
        }
        Map<String, Side> sides = new LinkedHashMap<>();
        sides.put("HTTP", http(client, measuredOverview));
        sides.put(
            "ClickHouse",
            direct("ClickHouse", onClickHouse, statements, measuredOverview, failures));
        sides.put("DuckDB", direct("DuckDB", onDuckDb, statements, measuredOverview, failures));
        long warmStart = System.nanoTime();
        for (int i = 1; i < options.warmup(); i++) {
          run(i, sides, measuredEndpoints, measuredOverview, null);
        }
        out.printf(
            "warm-up: %d run(s) of everything on each side in %.0f s%n",
            options.warmup(), (System.nanoTime() - warmStart) / 1e9);
        failures.values().forEach(Map::clear);
        client.failures().clear();
        client.forgetServerTimes();
        runs = measure(sides, measuredEndpoints, measuredOverview, times);
        printServerTimes(measured, times, client.serverNanos());
        client
            .failures()
            .forEach(
                (name, why) ->
                    failures
                        .get("HTTP")
                        .computeIfAbsent(name, k -> new CopyOnWriteArrayList<>())
                        .addAll(why));
      }
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    statements.forEach((name, s) -> counts.put(name, s.queries().size()));
    return new SizeResult(
        events,
        data.visits(),
        data.liveEvents(),
        data.elapsed(),
        load,
        merge,
        parts,
        measured,
        (int) measured.stream().filter(overview::contains).count(),
        times,
        counts,
        steps,
        fromRollups,
        differences,
        failures,
        runs);
  }

  /** The site's goals as the server's QueryService lists them, from its metadata file. */
  private static List<Goal> goals(Path dataDir, ServerProcess.SiteKeys site) {
    Path metadata = dataDir.resolve("data").resolve("metadata").resolve(DuckDbStoreProvider.FILE);
    try (DuckDbStore store = DuckDbStore.open(metadata)) {
      return JdbcMetadataStore.open(store::connection)
          .goals()
          .list(site.organizationId(), site.id());
    }
  }

  /** The temporary tables the ClickHouse store creates for the request's report queries. */
  private static int steps(ClickHouseStore store, ServedStatements s) {
    int n = 0;
    for (ReportQuery q : s.queries()) {
      n += store.queryCompiler().compileSteps(q, INLINED).steps().size();
    }
    return n;
  }

  /** Runs the statements once on a direct side and compares the reports with the HTTP answer. */
  private void check(
      String side,
      DirectQueries runner,
      StatsRequest r,
      ServedStatements s,
      JsonNode answer,
      Map<String, Map<String, List<String>>> differences,
      Map<String, Map<String, List<String>>> failures) {
    try {
      List<Report> reports = runner.reports(s);
      List<String> d = AnswerCheck.differences(answer, reports, r.fillsBuckets());
      differences.computeIfAbsent(side, k -> new LinkedHashMap<>()).put(r.name(), d);
      d.stream()
          .limit(3)
          .forEach(x -> out.println("  " + side + " differs, " + r.name() + ": " + x));
    } catch (RuntimeException e) {
      failures
          .get(side)
          .computeIfAbsent(r.name(), k -> new CopyOnWriteArrayList<>())
          .add(String.valueOf(e.getMessage()));
      out.println("  " + r.name() + " failed on " + side + ": " + e.getMessage());
    }
  }

  /** How one side runs a request, and the overview at once. */
  private interface Side {
    long one(StatsRequest r);

    ConcurrentRun together();
  }

  private static Side http(HttpQueries client, List<StatsRequest> overview) {
    return new Side() {
      @Override
      public long one(StatsRequest r) {
        return client.sendOrRecord(r);
      }

      @Override
      public ConcurrentRun together() {
        return client.sendTogether(overview);
      }
    };
  }

  /** A direct side: a query that throws is a failure recorded with its message, not the end. */
  private static Side direct(
      String name,
      DirectQueries runner,
      Map<String, ServedStatements> statements,
      List<StatsRequest> overview,
      Map<String, Map<String, List<String>>> failures) {
    return new Side() {
      @Override
      public long one(StatsRequest r) {
        try {
          return runner.run(statements.get(r.name()));
        } catch (RuntimeException e) {
          failures
              .get(name)
              .computeIfAbsent(r.name(), k -> new CopyOnWriteArrayList<>())
              .add(String.valueOf(e.getMessage()));
          return ConcurrentRun.FAILED;
        }
      }

      @Override
      public ConcurrentRun together() {
        List<Callable<Long>> tasks = new ArrayList<>();
        for (StatsRequest r : overview) {
          tasks.add(() -> one(r));
        }
        return ConcurrentRun.of(tasks, Thread.ofPlatform().daemon(true).factory());
      }
    };
  }

  /**
   * The sides in the order of run {@code run}: rotated by one each run, so that each side goes
   * first, second and third equally often.
   */
  static List<String> order(int run) {
    List<String> order = new ArrayList<>();
    for (int i = 0; i < SIDES.size(); i++) {
      order.add(SIDES.get((run + i) % SIDES.size()));
    }
    return order;
  }

  /**
   * The requests of both lists that {@code names} names, in the lists' order.
   *
   * @throws BenchException naming the unknown names and the known ones
   */
  static List<StatsRequest> chosen(
      List<StatsRequest> endpoints, List<StatsRequest> overview, List<String> names) {
    List<StatsRequest> all = new ArrayList<>(endpoints);
    all.addAll(overview);
    List<String> known = all.stream().map(StatsRequest::name).toList();
    List<String> unknown = names.stream().filter(n -> !known.contains(n)).toList();
    if (!unknown.isEmpty()) {
      throw new BenchException(
          "no request named " + unknown + "; the requests are " + String.join(", ", known));
    }
    return all.stream().filter(r -> names.contains(r.name())).toList();
  }

  /** One run: each endpoint request on every side back to back, then the overview each way. */
  private static void run(
      int run,
      Map<String, Side> sides,
      List<StatsRequest> endpoints,
      List<StatsRequest> overview,
      Map<String, Map<String, List<Long>>> samples) {
    List<String> order = order(run);
    for (StatsRequest r : endpoints) {
      for (String side : order) {
        long nanos = sides.get(side).one(r);
        if (samples != null && nanos != ConcurrentRun.FAILED) {
          samples.get(side).get(r.name()).add(nanos);
        }
      }
    }
    for (String side : overview.isEmpty() ? List.<String>of() : order) {
      ConcurrentRun set = sides.get(side).together();
      if (samples == null) {
        continue;
      }
      Map<String, List<Long>> m = samples.get(side);
      if (set.complete()) {
        m.get(QueryBenchmark.OVERVIEW_SET).add(set.wallNanos());
      }
      for (int i = 0; i < overview.size(); i++) {
        if (set.eachNanos()[i] != ConcurrentRun.FAILED) {
          m.get(overview.get(i).name()).add(set.eachNanos()[i]);
        }
      }
    }
  }

  private int measure(
      Map<String, Side> sides,
      List<StatsRequest> endpoints,
      List<StatsRequest> overview,
      Map<String, Map<String, List<Long>>> times) {
    long deadline = System.nanoTime() + options.timeLimit().toNanos();
    LocalTime started = LocalTime.now(java.time.ZoneId.systemDefault()).withNano(0);
    int done = 0;
    while (done < options.runs() && System.nanoTime() < deadline) {
      run(done, sides, endpoints, overview, times);
      done++;
      if (done % 5 == 0 || done == options.runs()) {
        out.printf(
            "  %d of %d runs; overview set so far p50 %.1f ms over HTTP, %.1f ms on ClickHouse"
                + " directly, %.1f ms on DuckDB directly%n",
            done,
            options.runs(),
            QueryReport.millis(times.get("HTTP").get(QueryBenchmark.OVERVIEW_SET), 50),
            QueryReport.millis(times.get("ClickHouse").get(QueryBenchmark.OVERVIEW_SET), 50),
            QueryReport.millis(times.get("DuckDB").get(QueryBenchmark.OVERVIEW_SET), 50));
      }
    }
    out.printf(
        "measured [%s-%s]: %d of %d runs%s%n",
        started,
        LocalTime.now(java.time.ZoneId.systemDefault()).withNano(0),
        done,
        options.runs(),
        done < options.runs() ? " (time limit reached)" : "");
    return done;
  }

  /**
   * Prints, per request, the time over HTTP beside the server's own ({@code Server-Timing}: the
   * access check, the goals, the store's report and any wait for a query thread) and the same
   * report run directly on ClickHouse: HTTP minus the server's time is what Jetty, JSON and
   * loopback add; the server's time minus the direct one is what the server's query path adds.
   */
  private void printServerTimes(
      List<StatsRequest> requests,
      Map<String, Map<String, List<Long>>> times,
      Map<String, List<Long>> server) {
    out.println(
        "  p50 / p95 ms: over HTTP, of which the server's own (Server-Timing), ClickHouse directly");
    for (StatsRequest r : requests) {
      List<Long> inServer = server.getOrDefault(r.name(), List.of());
      if (inServer.isEmpty()) {
        continue;
      }
      List<Long> http = times.get("HTTP").get(r.name());
      List<Long> direct = times.get("ClickHouse").get(r.name());
      out.printf(
          "    %-40s %8.1f / %8.1f   %8.1f / %8.1f   %8.1f / %8.1f%n",
          r.name(),
          QueryReport.millis(http, 50),
          QueryReport.millis(http, 95),
          QueryReport.millis(inServer, 50),
          QueryReport.millis(inServer, 95),
          QueryReport.millis(direct, 50),
          QueryReport.millis(direct, 95));
    }
  }

  private ServerProcess start(Path dataDir, Map<String, String> environment) {
    long t0 = System.nanoTime();
    ServerProcess server =
        ServerProcess.start(
            options.serverJar(),
            options.serverJvmOptions(),
            options.port(),
            dataDir.resolve("data"),
            environment);
    out.printf(
        "server %s (pid %d, events on ClickHouse, query cache off) ready in %.1f s%n",
        server.baseUrl(), server.pid(), (System.nanoTime() - t0) / 1e9);
    return server;
  }

  private JsonNode parse(String body) {
    try {
      return json.readTree(body);
    } catch (IOException e) {
      throw new BenchException("an answer is not JSON: " + body, e);
    }
  }
}
