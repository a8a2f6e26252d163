package io.footfall.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.footfall.core.Goal;
import io.footfall.core.query.Report;
import io.footfall.core.query.ReportQuery;
import io.footfall.store.duckdb.DuckDbStore;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The query benchmark: for each data size, a fresh data directory, a site created through the admin
 * API, a month of synthetic events written straight into the store file, and a copy of that file.
 * Then one server (its query cache off) answers the requests over HTTP while the same statements
 * run directly on the copy in this process (DuckDB lets one process open a file), request by
 * request in turn: both sides stay warm and meet the same moments of the machine. A last phase
 * measures the overview with the cache on, as a reloading dashboard sees it.
 *
 * <p>Until 2026-11-24 the sides took turns in phases, the server stopped for each direct phase:
 * every HTTP phase met a new server JVM whose JIT was still compiling, while the direct side ran in
 * this JVM, warm since the first phase (at 1M events, 40 warm-up runs instead of 10 took the
 * largest p50 ratio from 1.63 to 1.19).
 */
final class QueryBenchmark {
  /** The name the report gives the whole overview issued at once. */
  static final String OVERVIEW_SET = "overview set, all at once (wall time)";

  private static final Map<String, String> CACHE_OFF = Map.of("FOOTFALL_QUERY_CACHE_ENTRIES", "0");

  private final QueryOptions options;
  private final PrintStream out;
  private final ObjectMapper json =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  QueryBenchmark(QueryOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** Runs every size; the data directories are deleted unless asked to keep them. */
  QueryReport run() {
    io.footfall.bench.Report.Machine machine = io.footfall.bench.Report.Machine.current();
    out.println("machine: " + machine.describe() + "; load average " + machine.load());
    Path work = options.workDir().orElseGet(QueryBenchmark::createTempDirectory);
    List<SizeResult> sizes = new ArrayList<>();
    try {
      for (long events : options.events()) {
        sizes.add(runSize(events, work.resolve("data-" + events)));
      }
    } finally {
      if (!options.keepFiles()) {
        sizes.forEach(s -> deleteRecursively(s.dataDir()));
        if (options.workDir().isEmpty()) {
          deleteRecursively(work);
        }
      } else {
        out.println("data kept in " + work.toAbsolutePath());
      }
    }
    return new QueryReport(machine, options, sizes);
  }

  /**
   * What one data size measured.
   *
   * @param events events in the month
   * @param liveEvents events around the run for {@code realtime}
   * @param visits visits of the month
   * @param generation time to generate and checkpoint the data
   * @param fileBytes the store file's size
   * @param requests the endpoint requests and the overview's, in order
   * @param overviewSize how many of the requests (the last ones) form the overview
   * @param http per request name (and {@link #OVERVIEW_SET}), every measured time over HTTP
   * @param direct the same, run directly
   * @param rows per request name, the rows of its first statement's result
   * @param statements per request name, how many statements the server runs for it
   * @param cachedFirstNanos the overview's first load with the cache on; {@link
   *     ConcurrentRun#FAILED} when not measured or a request failed
   * @param cachedNanos its later loads in which every request succeeded
   * @param cacheFailures requests that failed in the cache phase
   * @param differences per request name, where the answers disagree; empty when all agree
   * @param httpFailures per request name, why its measured or warm-up sends failed (the server
   *     answered something else than 200, or nothing)
   * @param slowest the three endpoint requests with the largest direct p50, slowest first
   */
  record SizeResult(
      Path dataDir,
      long events,
      long liveEvents,
      long visits,
      Duration generation,
      long fileBytes,
      List<StatsRequest> requests,
      int overviewSize,
      Map<String, List<Long>> http,
      Map<String, List<Long>> direct,
      Map<String, Long> rows,
      Map<String, Integer> statements,
      long cachedFirstNanos,
      List<Long> cachedNanos,
      int cacheFailures,
      Map<String, List<String>> differences,
      Map<String, List<String>> httpFailures,
      List<String> slowest) {}

  private SizeResult runSize(long events, Path dataDir) {
    deleteRecursively(dataDir);
    out.printf("%n== %,d events: data in %s%n", events, dataDir.toAbsolutePath());
    Path file = dataDir.resolve("data").resolve("footfall.duckdb");
    ServerProcess.SiteKeys site;
    try (ServerProcess server = start(dataDir, CACHE_OFF);
        HttpClient admin = HttpClient.newHttpClient()) {
      site =
          server.createSite(
              admin, "Query bench", MonthOfEvents.HOST, options.zone().getId(), "EUR");
      for (Goal g : QuerySet.goals(site.id(), Instant.now())) {
        server.createGoal(admin, site.id(), g);
      }
      out.println("site " + site.id() + " (" + options.zone() + ", EUR) with 4 goals");
    }
    MonthData data =
        MonthData.prepare(
            file, site.id(), site.organizationId(), events, options.month(), options.zone(), out);
    LocalDate day = QuerySet.relativeDate(options.month());
    List<StatsRequest> endpoints = QuerySet.endpoints(site.id(), day);
    List<StatsRequest> overview = QuerySet.overview(site.id(), day);
    List<StatsRequest> all = new ArrayList<>(endpoints);
    all.addAll(overview);

    Path copy = dataDir.resolve("direct").resolve("footfall.duckdb");
    copyStore(file, copy);
    Map<String, List<Long>> http = samples(all);
    Map<String, List<Long>> direct = samples(all);
    Map<String, List<Long>> serverTimes = samples(all);
    Map<String, ServedStatements> statements = new LinkedHashMap<>();
    Map<String, JsonNode> answers = new LinkedHashMap<>();
    Map<String, List<String>> differences = new LinkedHashMap<>();
    Map<String, Long> rows = new LinkedHashMap<>();
    Map<String, List<String>> failures = new LinkedHashMap<>();
    List<String> slowest;
    try (ServerProcess server = start(dataDir, CACHE_OFF);
        HttpQueries client =
            new HttpQueries(server.baseUrl(), server.adminToken(), options.requestTimeout());
        DuckDbStore store = DuckDbStore.open(copy)) {
      DirectQueries runner = new DirectQueries(store);
      discover(client, all, overview, data.goals(), statements, answers);
      check(runner, all, statements, answers, differences, rows);
      List<ServedStatements> overviewStatements =
          overview.stream().map(r -> statements.get(r.name())).toList();
      Side overHttp =
          new Side() {
            @Override
            public long one(StatsRequest r) {
              return client.sendOrRecord(r);
            }

            @Override
            public ConcurrentRun together() {
              return client.sendTogether(overview);
            }
          };
      Side directly =
          new Side() {
            @Override
            public long one(StatsRequest r) {
              return runner.run(statements.get(r.name()));
            }

            @Override
            public ConcurrentRun together() {
              return runner.runTogether(overviewStatements);
            }
          };
      long warmStart = System.nanoTime();
      for (int i = 1; i < options.warmup(); i++) {
        run(
            i % 2 == 0,
            overHttp,
            directly,
            endpoints,
            overview,
            Optional.empty(),
            Optional.empty());
      }
      out.printf(
          "warm-up: %d run(s) of everything on each side in %.0f s%n",
          options.warmup(), (System.nanoTime() - warmStart) / 1e9);
      client.forgetServerTimes();
      measure(overHttp, directly, endpoints, overview, http, direct);
      record(client.failures(), failures);
      client.serverNanos().forEach((name, t) -> serverTimes.get(name).addAll(t));
      printServerTimes(all, http, serverTimes);
      slowest = slowest(endpoints, direct, statements, runner, events);
    }
    deleteRecursively(copy.getParent());
    long cachedFirst = ConcurrentRun.FAILED;
    int cacheFailures = 0;
    List<Long> cached = new ArrayList<>();
    if (options.cacheLoads() > 0) {
      try (ServerProcess server = start(dataDir, Map.of());
          HttpQueries client =
              new HttpQueries(server.baseUrl(), server.adminToken(), options.requestTimeout())) {
        ConcurrentRun firstLoad = client.sendTogether(overview);
        cachedFirst = firstLoad.complete() ? firstLoad.wallNanos() : ConcurrentRun.FAILED;
        for (int i = 0; i < options.cacheLoads(); i++) {
          ConcurrentRun load = client.sendTogether(overview);
          if (load.complete()) {
            cached.add(load.wallNanos());
          }
        }
        cacheFailures = client.failures().values().stream().mapToInt(List::size).sum();
        out.printf(
            "cache on: overview first load %s, then p50 %.1f ms over %d complete loads%n",
            cachedFirst == ConcurrentRun.FAILED
                ? "failed"
                : String.format(java.util.Locale.ROOT, "%.1f ms", cachedFirst / 1e6),
            QueryReport.millis(cached, 50),
            cached.size());
      }
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    statements.forEach((name, s) -> counts.put(name, s.queries().size()));
    return new SizeResult(
        dataDir,
        events,
        data.liveEvents(),
        data.visits(),
        data.elapsed(),
        data.fileBytes(),
        all,
        overview.size(),
        http,
        direct,
        rows,
        counts,
        cachedFirst,
        cached,
        cacheFailures,
        differences,
        failures,
        slowest);
  }

  /**
   * The first warm-up pass of the first HTTP phase, which also learns each request's statements
   * from its answer (and keeps the answer for the check).
   */
  private void discover(
      HttpQueries client,
      List<StatsRequest> all,
      List<StatsRequest> overview,
      List<Goal> goals,
      Map<String, ServedStatements> statements,
      Map<String, JsonNode> answers) {
    for (StatsRequest r : all) {
      HttpQueries.Timed first = client.send(r);
      out.printf("  first answer of %s: %.1f ms%n", r.name(), first.nanos() / 1e6);
      JsonNode answer = parse(first.body());
      answers.put(r.name(), answer);
      statements.put(r.name(), ServedStatements.fromAnswer(answer, goals, r.movingRange()));
    }
    client.sendTogether(overview);
  }

  /**
   * Runs every request's statements once directly, over the ranges the server answered for, and
   * compares the reports with the server's answers; this is also the first direct warm-up.
   */
  private void check(
      DirectQueries runner,
      List<StatsRequest> all,
      Map<String, ServedStatements> statements,
      Map<String, JsonNode> answers,
      Map<String, List<String>> differences,
      Map<String, Long> rows) {
    for (StatsRequest r : all) {
      List<Report> reports = runner.reports(statements.get(r.name()));
      rows.put(r.name(), (long) reports.get(0).rows().size());
      differences.put(
          r.name(), AnswerCheck.differences(answers.get(r.name()), reports, r.fillsBuckets()));
    }
    long disagree = differences.values().stream().filter(d -> !d.isEmpty()).count();
    out.printf(
        "answers: HTTP and direct agree for %d of %d requests%n",
        all.size() - disagree, all.size());
    differences.forEach(
        (name, d) -> d.stream().limit(5).forEach(x -> out.println("  " + name + ": " + x)));
  }

  /**
   * Prints, per request, the measured time over HTTP beside the server's own (Server-Timing): what
   * is left is the connection, the request's parsing and authentication and the JSON.
   */
  private void printServerTimes(
      List<StatsRequest> all, Map<String, List<Long>> http, Map<String, List<Long>> server) {
    out.println("  over HTTP so far, p50 / p95 ms: whole request, of which the server's query");
    for (StatsRequest r : all) {
      List<Long> inServer = server.get(r.name());
      if (inServer.isEmpty()) {
        continue;
      }
      out.printf(
          "    %-52s %7.1f / %7.1f   %7.1f / %7.1f%n",
          r.name(),
          QueryReport.millis(http.get(r.name()), 50),
          QueryReport.millis(http.get(r.name()), 95),
          QueryReport.millis(inServer, 50),
          QueryReport.millis(inServer, 95));
    }
  }

  private void record(Map<String, List<String>> from, Map<String, List<String>> into) {
    from.forEach(
        (name, why) -> {
          into.computeIfAbsent(name, k -> new ArrayList<>()).addAll(why);
          out.printf("  %s failed %d time(s): %s%n", name, why.size(), why.get(0));
        });
  }

  /** How one phase runs a request, and the overview at once. */
  private interface Side {
    /** Runs the request; returns its time. */
    long one(StatsRequest r);

    /** Runs the overview's requests at once. */
    ConcurrentRun together();
  }

  /**
   * One run: every endpoint request over HTTP and directly, back to back, then the overview at once
   * each way; each side's samples recorded when given.
   *
   * @param httpFirst whether HTTP goes first in each pair
   */
  private static void run(
      boolean httpFirst,
      Side overHttp,
      Side directly,
      List<StatsRequest> endpoints,
      List<StatsRequest> overview,
      Optional<Map<String, List<Long>>> httpSamples,
      Optional<Map<String, List<Long>>> directSamples) {
    Side first = httpFirst ? overHttp : directly;
    Side second = httpFirst ? directly : overHttp;
    Optional<Map<String, List<Long>>> firstSamples = httpFirst ? httpSamples : directSamples;
    Optional<Map<String, List<Long>>> secondSamples = httpFirst ? directSamples : httpSamples;
    for (StatsRequest r : endpoints) {
      one(first, r, firstSamples);
      one(second, r, secondSamples);
    }
    together(first, overview, firstSamples);
    together(second, overview, secondSamples);
  }

  /** Runs one request; records its time when given samples and it succeeded. */
  private static void one(Side side, StatsRequest r, Optional<Map<String, List<Long>>> samples) {
    long nanos = side.one(r);
    if (nanos != ConcurrentRun.FAILED) {
      samples.ifPresent(m -> m.get(r.name()).add(nanos));
    }
  }

  /** Runs the overview at once; records the set's time and each request's when given samples. */
  private static void together(
      Side side, List<StatsRequest> overview, Optional<Map<String, List<Long>>> samples) {
    ConcurrentRun set = side.together();
    samples.ifPresent(
        m -> {
          // A load with a failed request is not a time the dashboard showed its numbers in.
          if (set.complete()) {
            m.get(OVERVIEW_SET).add(set.wallNanos());
          }
          for (int i = 0; i < overview.size(); i++) {
            if (set.eachNanos()[i] != ConcurrentRun.FAILED) {
              m.get(overview.get(i).name()).add(set.eachNanos()[i]);
            }
          }
        });
  }

  /**
   * The measured runs: in each, every request is sent over HTTP and run directly back to back, then
   * the overview at once each way, the side that goes first swapping every run, so that both sides
   * of a request meet the same moment of this shared machine and neither always follows the other;
   * {@code runs} of them, or fewer if the time limit passes.
   */
  private void measure(
      Side overHttp,
      Side directly,
      List<StatsRequest> endpoints,
      List<StatsRequest> overview,
      Map<String, List<Long>> http,
      Map<String, List<Long>> direct) {
    long deadline = System.nanoTime() + options.timeLimit().toNanos();
    LocalTime started = LocalTime.now(java.time.ZoneId.systemDefault()).withNano(0);
    int done = 0;
    while (done < options.runs() && System.nanoTime() < deadline) {
      run(
          done % 2 == 0,
          overHttp,
          directly,
          endpoints,
          overview,
          Optional.of(http),
          Optional.of(direct));
      done++;
      if (done % 10 == 0 || done == options.runs()) {
        out.printf(
            "  %d of %d runs; overview set so far p50 %.1f ms over HTTP, %.1f ms directly%n",
            done,
            options.runs(),
            QueryReport.millis(http.get(OVERVIEW_SET), 50),
            QueryReport.millis(direct.get(OVERVIEW_SET), 50));
      }
    }
    out.printf(
        "measured [%s-%s]: %d of %d runs%s%n",
        started,
        LocalTime.now(java.time.ZoneId.systemDefault()).withNano(0),
        done,
        options.runs(),
        done < options.runs() ? " (time limit reached)" : "");
  }

  /**
   * The three endpoint requests with the largest direct p50, slowest first, and their plans if
   * asked for. The overview's requests are left out: their times inside the set include waiting for
   * each other.
   */
  private List<String> slowest(
      List<StatsRequest> all,
      Map<String, List<Long>> direct,
      Map<String, ServedStatements> statements,
      DirectQueries runner,
      long events) {
    List<StatsRequest> worst =
        all.stream()
            .sorted(
                Comparator.comparingDouble(
                        (StatsRequest r) -> QueryReport.millis(direct.get(r.name()), 50))
                    .reversed())
            .limit(3)
            .toList();
    if (options.explainDir().isPresent()) {
      for (StatsRequest r : worst) {
        ReportQuery q = statements.get(r.name()).at(Instant.now()).get(0);
        String plan = runner.explainAnalyze(q);
        Path target =
            options.explainDir().get().resolve("explain-" + events + "-" + slug(r.name()) + ".txt");
        try {
          Files.createDirectories(target.getParent());
          Files.writeString(
              target,
              r.shown() + "\n\n" + DuckDbStore.queryCompiler().compile(q).sql() + "\n\n" + plan,
              StandardCharsets.UTF_8);
          out.println("plan of " + r.name() + " written to " + target);
        } catch (IOException e) {
          throw new BenchException("cannot write " + target + ": " + e, e);
        }
      }
    }
    return worst.stream().map(StatsRequest::name).toList();
  }

  private static String slug(String name) {
    return name.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "");
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
        "server %s (pid %d%s) ready in %.1f s%n",
        server.baseUrl(),
        server.pid(),
        environment.isEmpty() ? ", query cache on" : ", query cache off",
        (System.nanoTime() - t0) / 1e9);
    return server;
  }

  /**
   * Copies the store file (and its write-ahead log, if one is left) for the direct side: DuckDB
   * lets one process open a file, and the server keeps the original open throughout.
   */
  private void copyStore(Path file, Path copy) {
    long t0 = System.nanoTime();
    try {
      Files.createDirectories(copy.getParent());
      Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
      Path wal = file.resolveSibling(file.getFileName() + ".wal");
      if (Files.exists(wal)) {
        Files.copy(
            wal,
            copy.resolveSibling(copy.getFileName() + ".wal"),
            StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new BenchException("cannot copy " + file + " to " + copy + ": " + e, e);
    }
    out.printf("store file copied for the direct side in %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }

  private JsonNode parse(String body) {
    try {
      return json.readTree(body);
    } catch (IOException e) {
      throw new BenchException("an answer is not JSON: " + body, e);
    }
  }

  private static Map<String, List<Long>> samples(List<StatsRequest> requests) {
    Map<String, List<Long>> map = new LinkedHashMap<>();
    requests.forEach(r -> map.put(r.name(), new ArrayList<>()));
    map.put(OVERVIEW_SET, new ArrayList<>());
    return map;
  }

  static Path createTempDirectory() {
    try {
      return Files.createTempDirectory("footfall-qbench-");
    } catch (IOException e) {
      throw new BenchException("cannot create a temporary directory: " + e, e);
    }
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.err.println("could not delete " + dir + ": " + e);
    }
  }
}
