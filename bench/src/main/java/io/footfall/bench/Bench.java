package io.footfall.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Footfall's benchmarks, run from the command line: {@code java -jar
 * bench/target/footfall-bench.jar ingest|query [options]}. Targets are loopback only: the benchmark
 * starts the server itself.
 */
@Command(
    name = "footfall-bench",
    mixinStandardHelpOptions = true,
    description = "Footfall benchmarks.",
    subcommands = {
      Bench.Ingest.class,
      Bench.Query.class,
      Bench.Dashboard.class,
      Bench.Memory.class,
      Bench.Funnel.class,
      Bench.PeopleReports.class,
      Bench.Encryption.class
    })
public final class Bench implements Runnable {

  /** Runs the command line and exits with its status (0 success, 1 failure, 2 usage). */
  public static void main(String[] args) {
    System.exit(new CommandLine(new Bench()).execute(args));
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  /** The ingest benchmark; every option has a default. */
  @Command(
      name = "ingest",
      mixinStandardHelpOptions = true,
      description = {
        "Starts the server (separate process, loopback), loads it with single-event and batch",
        "requests, measures the embedded store's ceiling in this process, and prints a Markdown",
        "table of medians with the targets."
      })
  static final class Ingest implements Callable<Integer> {
    @Option(
        names = "--duration",
        description = "Time limit of one measured run, seconds (default: ${DEFAULT-VALUE})",
        defaultValue = "20")
    int durationSeconds;

    @Option(
        names = "--warmup",
        description = "Unmeasured warm-up per HTTP scenario, seconds (default: ${DEFAULT-VALUE})",
        defaultValue = "5")
    int warmupSeconds;

    @Option(
        names = "--repeats",
        description = "Measured runs of each scenario (default: ${DEFAULT-VALUE})",
        defaultValue = "3")
    int repeats;

    @Option(
        names = "--single-clients",
        description = "Concurrent clients sending one event each (default: ${DEFAULT-VALUE})",
        defaultValue = "128")
    int singleClients;

    @Option(
        names = "--batch-clients",
        description =
            "Concurrent clients sending batches (default: 16; 50 with --store clickhouse, so that"
                + " the server is offered the rows of the ceiling's largest insert at once)")
    Integer batchClients;

    @Option(
        names = "--batch-size",
        description = "Events per batch request (default: ${DEFAULT-VALUE})",
        defaultValue = "100")
    int batchSize;

    @Option(
        names = "--max-single-requests",
        description = "Request limit of one single-event run (default: ${DEFAULT-VALUE})",
        defaultValue = "1000000")
    long maxSingleRequests;

    @Option(
        names = "--max-batch-requests",
        description = "Request limit of one batch run (default: ${DEFAULT-VALUE})",
        defaultValue = "100000")
    long maxBatchRequests;

    @Option(
        names = "--ceiling-batch-sizes",
        split = ",",
        description =
            "Rows per store write (DuckDbStore.write, or ClickHouseStore.write with --store"
                + " clickhouse) in the ceiling runs (default: ${DEFAULT-VALUE})",
        defaultValue = "100,1000,5000")
    List<Integer> ceilingBatchSizes;

    @Option(
        names = "--max-ceiling-rows",
        description = "Row limit of one ceiling run (default: ${DEFAULT-VALUE})",
        defaultValue = "2000000")
    long maxCeilingRows;

    @Mixin ServerOptions server = new ServerOptions();

    @Option(
        names = "--pool-events",
        description = "Generated events the requests are cut from (default: ${DEFAULT-VALUE})",
        defaultValue = "20000")
    int poolEvents;

    @Mixin StoreOptions store = new StoreOptions();

    @Option(names = "--markdown", description = "Also write the Markdown report to this file")
    Path markdown;

    @Override
    public Integer call() {
      IngestOptions options;
      Optional<ClickHouseOptions> clickhouse;
      try {
        options =
            new IngestOptions(
                Duration.ofSeconds(durationSeconds),
                Duration.ofSeconds(warmupSeconds),
                repeats,
                singleClients,
                batchClients != null ? batchClients : store.defaultBatchClients(),
                batchSize,
                maxSingleRequests,
                maxBatchRequests,
                ceilingBatchSizes,
                maxCeilingRows,
                server.jar(),
                server.port,
                server.jvmOptions,
                poolEvents);
        clickhouse = store.clickhouse();
      } catch (IllegalArgumentException e) {
        System.err.println("footfall-bench ingest: " + e.getMessage());
        return 2;
      }
      try {
        Report report = new IngestBenchmark(options, clickhouse, System.out).run();
        print(report.markdown(), markdown);
        return 0;
      } catch (BenchException | io.footfall.core.StoreException | IOException e) {
        System.err.println("footfall-bench ingest failed: " + e.getMessage());
        return 1;
      }
    }
  }

  /** The query benchmark; every option has a default. */
  @Command(
      name = "query",
      mixinStandardHelpOptions = true,
      description = {
        "Generates a month of events of one site per size and a copy of its store file, then runs",
        "each request both ways, back to back: the server (separate process, loopback, query cache",
        "off) answering over HTTP, and the same SQL run directly on the copy in this process; then",
        "the dashboard's overview at once each way. Prints a Markdown table of p50/p95 per query",
        "with their ratios and the targets."
      })
  static final class Query implements Callable<Integer> {
    @Option(
        names = "--events",
        split = ",",
        description = "Events in the month, one data set each (default: ${DEFAULT-VALUE})",
        defaultValue = "10000000,50000000")
    List<Long> events;

    @Mixin MonthOptions data = new MonthOptions();

    @Option(
        names = "--runs",
        description = "Measured runs of each request on each side (default: ${DEFAULT-VALUE})",
        defaultValue = "20")
    int runs;

    @Option(
        names = "--warmup",
        description =
            "Unmeasured runs of everything on each side first, at least 1: the server's JIT needs"
                + " a few hundred requests (default: ${DEFAULT-VALUE})",
        defaultValue = "20")
    int warmup;

    @Option(
        names = "--cache-loads",
        description =
            "Overview loads with the query cache on, after the first; 0 skips (default: ${DEFAULT-VALUE})",
        defaultValue = "10")
    int cacheLoads;

    @Option(
        names = "--time-limit",
        description =
            "Time limit of one data size's measured runs, both sides, seconds (default:"
                + " ${DEFAULT-VALUE})",
        defaultValue = "1200")
    int timeLimitSeconds;

    @Option(
        names = "--request-timeout",
        description = "The longest one HTTP request may take, seconds (default: ${DEFAULT-VALUE})",
        defaultValue = "120")
    int requestTimeoutSeconds;

    @Mixin ServerOptions server = new ServerOptions();

    @Mixin FileOptions files = new FileOptions();

    @Option(
        names = "--explain-dir",
        description =
            "Write EXPLAIN ANALYZE of each size's slowest statement into this directory (DuckDB"
                + " only)")
    Path explainDir;

    @Option(
        names = "--requests",
        split = ",",
        description =
            "Measure only these requests (their names in the report, comma-separated), each one"
                + " at a time, and not the overview set; ClickHouse only (default: every request)")
    List<String> requests = List.of();

    @Mixin StoreOptions store = new StoreOptions();

    @Option(names = "--markdown", description = "Also write the Markdown report to this file")
    Path markdown;

    @Override
    public Integer call() {
      QueryOptions options;
      try {
        options =
            new QueryOptions(
                events,
                data.month,
                ZoneId.of(data.timeZone),
                runs,
                warmup,
                cacheLoads,
                Duration.ofSeconds(timeLimitSeconds),
                Duration.ofSeconds(requestTimeoutSeconds),
                server.jar(),
                server.port,
                server.jvmOptions,
                Optional.ofNullable(files.workDir),
                files.keepFiles,
                Optional.ofNullable(explainDir),
                requests);
      } catch (IllegalArgumentException | java.time.DateTimeException e) {
        System.err.println("footfall-bench query: " + e.getMessage());
        return 2;
      }
      Optional<ClickHouseOptions> clickhouse;
      try {
        clickhouse = store.clickhouse();
      } catch (IllegalArgumentException e) {
        System.err.println("footfall-bench query: " + e.getMessage());
        return 2;
      }
      if (clickhouse.isEmpty() && !options.requests().isEmpty()) {
        System.err.println("footfall-bench query: --requests needs --store clickhouse");
        return 2;
      }
      try {
        if (clickhouse.isPresent()) {
          ClickHouseQueryReport report =
              new ClickHouseQueryBenchmark(options, clickhouse.get(), System.out).run();
          print(report.markdown(), markdown);
        } else {
          QueryReport report = new QueryBenchmark(options, System.out).run();
          print(report.markdown(), markdown);
        }
        return 0;
      } catch (BenchException | io.footfall.core.StoreException | IOException e) {
        System.err.println("footfall-bench query failed: " + e.getMessage());
        return 1;
      }
    }
  }

  @Command(
      name = "dashboard",
      mixinStandardHelpOptions = true,
      description =
          "Loads the dashboard's overview of a month of generated events in Chromium, each time in"
              + " a fresh browser context, with the server's query cache off; prints p50/p95 of"
              + " the time until every number is on screen.")
  static final class Dashboard implements Callable<Integer> {
    @Option(
        names = "--events",
        description = "Events in the month (default: ${DEFAULT-VALUE})",
        defaultValue = "10000000")
    long events;

    @Mixin MonthOptions data = new MonthOptions();

    @Option(
        names = "--loads",
        description = "Measured loads (default: ${DEFAULT-VALUE})",
        defaultValue = "20")
    int loads;

    @Option(
        names = "--warmup",
        description =
            "Unmeasured loads first: the server's JIT settles after a few hundred requests, as in"
                + " a server that has been running (default: ${DEFAULT-VALUE})",
        defaultValue = "10")
    int warmup;

    @Option(
        names = "--chromium",
        description = "The Chromium executable (default: ${DEFAULT-VALUE})",
        defaultValue = "/usr/bin/chromium")
    Path chromium;

    @Option(
        names = "--load-timeout",
        description = "The longest one load may take, seconds (default: ${DEFAULT-VALUE})",
        defaultValue = "60")
    int loadTimeoutSeconds;

    @Mixin ServerOptions server = new ServerOptions();

    @Mixin FileOptions files = new FileOptions();

    @Option(names = "--markdown", description = "Also write the Markdown report to this file")
    Path markdown;

    @Override
    public Integer call() {
      if (events < 1 || loads < 1 || warmup < 0 || loadTimeoutSeconds < 1) {
        System.err.println(
            "footfall-bench dashboard: --events and --loads must be at least 1, --warmup at"
                + " least 0, --load-timeout at least 1");
        return 2;
      }
      DashboardBenchmark.Options options;
      try {
        options =
            new DashboardBenchmark.Options(
                events,
                data.month,
                ZoneId.of(data.timeZone),
                loads,
                warmup,
                chromium,
                Duration.ofSeconds(loadTimeoutSeconds),
                server.jar(),
                server.port,
                server.jvmOptions,
                Optional.ofNullable(files.workDir),
                files.keepFiles);
      } catch (java.time.DateTimeException e) {
        System.err.println("footfall-bench dashboard: " + e.getMessage());
        return 2;
      }
      try {
        String md = DashboardBenchmark.markdown(new DashboardBenchmark(options, System.out).run());
        print(md, markdown);
        return 0;
      } catch (BenchException
          | io.footfall.core.StoreException
          | com.microsoft.playwright.PlaywrightException
          | IOException e) {
        System.err.println("footfall-bench dashboard failed: " + e.getMessage());
        return 1;
      }
    }
  }

  @Command(
      name = "memory",
      mixinStandardHelpOptions = true,
      description = {
        "Starts the server with the launcher's JVM options (FOOTFALL_SERVER_JAVA_OPTS, which",
        "./footfall sets) on a month of generated events, then sends events at a steady rate while",
        "requesting the dashboard's overview, sampling the server's RSS from /proc/<pid>/status;",
        "prints the median and largest RSS and their ratio to the target."
      })
  static final class Memory implements Callable<Integer> {
    @Option(
        names = "--events",
        description = "Events in the month (default: ${DEFAULT-VALUE})",
        defaultValue = "1000000")
    long events;

    @Mixin MonthOptions data = new MonthOptions();

    @Option(
        names = "--rate",
        description = "Events per second while loaded, one per request (default: ${DEFAULT-VALUE})",
        defaultValue = "1000")
    int rate;

    @Option(
        names = "--duration",
        description = "How long the load runs, seconds (default: ${DEFAULT-VALUE})",
        defaultValue = "180")
    int durationSeconds;

    @Option(
        names = "--overview-every",
        description =
            "Seconds between two requests of the whole overview (default: ${DEFAULT-VALUE})",
        defaultValue = "2")
    double overviewEverySeconds;

    @Option(
        names = "--target-mib",
        description = "The RSS the server should stay within, MiB (default: ${DEFAULT-VALUE})",
        defaultValue = "512")
    long targetMiB;

    @Mixin ServerOptions server = new ServerOptions();

    @Mixin FileOptions files = new FileOptions();

    @Option(names = "--markdown", description = "Also write the Markdown report to this file")
    Path markdown;

    @Override
    public Integer call() {
      MemoryBenchmark.Options options;
      try {
        List<String> jvm = new ArrayList<>(MemoryBenchmark.launcherJvmOptions(System.getenv()));
        // Given options come last, so that they win over the launcher's (the JVM takes the last).
        jvm.addAll(server.jvmOptions);
        options =
            new MemoryBenchmark.Options(
                events,
                data.month,
                ZoneId.of(data.timeZone),
                rate,
                Duration.ofSeconds(durationSeconds),
                Duration.ofMillis(Math.round(overviewEverySeconds * 1000)),
                targetMiB,
                server.jar(),
                server.port,
                jvm,
                Optional.ofNullable(files.workDir),
                files.keepFiles);
      } catch (IllegalArgumentException | java.time.DateTimeException e) {
        System.err.println("footfall-bench memory: " + e.getMessage());
        return 2;
      }
      try {
        print(MemoryBenchmark.markdown(new MemoryBenchmark(options, System.out).run()), markdown);
        return 0;
      } catch (BenchException | io.footfall.core.StoreException | IOException e) {
        System.err.println("footfall-bench memory failed: " + e.getMessage());
        return 1;
      }
    }
  }

  @Command(
      name = "funnel",
      mixinStandardHelpOptions = true,
      description = {
        "Generates a month of events of many people in a DuckDB file (kept for the next run when",
        "it holds as many events), then times a 5-step ordered funnel of people with a 7-day",
        "window through the store, and a hand-written SQL statement for the same answer on the",
        "same connection, in turns; prints the median and p95 of each and their ratio. With",
        "--store clickhouse, loads the month into a throwaway clickhouse-server and times the",
        "ClickHouse store against a hand-written ClickHouse statement."
      })
  static final class Funnel implements Callable<Integer> {
    @Mixin PeopleMonth month = new PeopleMonth();

    @Option(
        names = "--file",
        description = "The DuckDB file (default: ${DEFAULT-VALUE})",
        defaultValue = "target/funnel-bench.duckdb")
    Path file;

    @Option(names = "--markdown", description = "Also write the Markdown report to this file")
    Path markdown;

    @Mixin StoreOptions store = new StoreOptions();

    @Override
    public Integer call() {
      Optional<String> wrong = month.wrong();
      if (wrong.isPresent()) {
        System.err.println("footfall-bench funnel: " + wrong.get());
        return 2;
      }
      try {
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        Optional<ClickHouseOptions> clickhouse = store.clickhouse();
        FunnelBenchmark.Result r =
            clickhouse.isPresent()
                ? ClickHouseFunnelBenchmark.run(
                    file,
                    month.events,
                    month.people,
                    month.month,
                    month.runs,
                    clickhouse.get(),
                    System.out)
                : FunnelBenchmark.run(
                    file, month.events, month.people, month.month, month.runs, System.out);
        print(FunnelBenchmark.markdown(r, store.store, load), markdown);
        return 0;
      } catch (IllegalArgumentException e) {
        System.err.println("footfall-bench funnel: " + e.getMessage());
        return 2;
      } catch (BenchException | io.footfall.core.StoreException | IOException e) {
        System.err.println("footfall-bench funnel failed: " + e.getMessage());
        return 1;
      } catch (java.sql.SQLException e) {
        System.err.println("footfall-bench funnel failed: " + e.getMessage());
        return 1;
      }
    }
  }

  @Command(
      name = "people",
      mixinStandardHelpOptions = true,
      description = {
        "Uses the funnel benchmark's generated month of events in a DuckDB file (generated when",
        "the file does not hold as many events; person properties are added once), then times",
        "12-week retention, daily active users over 30 days and the people list's first page",
        "through the store, and a hand-written SQL statement for each same answer on the same",
        "connection, in turns; prints the median and p95 of each and their ratio. With --store",
        "clickhouse, copies the month into a throwaway clickhouse-server and times the ClickHouse",
        "store against hand-written ClickHouse statements, each answer checked against DuckDB's."
      })
  static final class PeopleReports implements Callable<Integer> {
    @Mixin PeopleMonth month = new PeopleMonth();

    @Option(
        names = "--file",
        description = "The DuckDB file (default: ${DEFAULT-VALUE})",
        defaultValue = "target/people-bench.duckdb")
    Path file;

    @Option(names = "--markdown", description = "Also write the Markdown report to this file")
    Path markdown;

    @Mixin StoreOptions store = new StoreOptions();

    @Override
    public Integer call() {
      Optional<String> wrong = month.wrong();
      if (wrong.isPresent()) {
        System.err.println("footfall-bench people: " + wrong.get());
        return 2;
      }
      try {
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        Optional<ClickHouseOptions> clickhouse = store.clickhouse();
        PeopleBenchmark.Result r =
            clickhouse.isPresent()
                ? ClickHousePeopleBenchmark.run(
                    file,
                    month.events,
                    month.people,
                    month.month,
                    month.runs,
                    clickhouse.get(),
                    System.out)
                : PeopleBenchmark.run(
                    file, month.events, month.people, month.month, month.runs, System.out);
        print(PeopleBenchmark.markdown(r, store.store, load), markdown);
        return 0;
      } catch (IllegalArgumentException e) {
        System.err.println("footfall-bench people: " + e.getMessage());
        return 2;
      } catch (BenchException
          | io.footfall.core.StoreException
          | IOException
          | java.sql.SQLException e) {
        System.err.println("footfall-bench people failed: " + e.getMessage());
        return 1;
      }
    }
  }

  @Command(
      name = "encryption",
      mixinStandardHelpOptions = true,
      description = {
        "Writes the same month of events into a plain and an encrypted DuckDB file, then reads",
        "four queries from each, cold (just opened) and warm, in turns; prints the medians and",
        "the encrypted file's ratio to the plain one. Encrypts with OpenSSL when DuckDB's httpfs",
        "extension loads here, otherwise with DuckDB's built-in mbedtls (said in the report)."
      })
  static final class Encryption implements Callable<Integer> {
    @Option(
        names = "--events",
        description = "Events in the month (default: ${DEFAULT-VALUE})",
        defaultValue = "2000000")
    long events;

    @Option(
        names = "--runs",
        description = "Rounds of reading (default: ${DEFAULT-VALUE})",
        defaultValue = "5")
    int runs;

    @Option(
        names = "--dir",
        description = "Where the two files go (default: ${DEFAULT-VALUE})",
        defaultValue = "target/encryption-bench")
    Path dir;

    @Option(names = "--markdown", description = "Also write the Markdown report to this file")
    Path markdown;

    @Override
    public Integer call() {
      if (events < 1000 || runs < 1) {
        System.err.println("footfall-bench encryption: --events >= 1000 and --runs >= 1");
        return 2;
      }
      try {
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        EncryptionBenchmark.Result r = EncryptionBenchmark.run(dir, events, runs, System.out);
        print(EncryptionBenchmark.markdown(r, load), markdown);
        return 0;
      } catch (io.footfall.core.StoreException | IOException | java.sql.SQLException e) {
        System.err.println("footfall-bench encryption failed: " + e.getMessage());
        return 1;
      }
    }
  }

  static Path defaultServerJar() {
    Path inWorkingDir = Path.of("server", "target", "footfall-server.jar");
    if (Files.isRegularFile(inWorkingDir)) {
      return inWorkingDir;
    }
    try {
      // bench/target/footfall-bench.jar -> server/target/footfall-server.jar
      Path self = Path.of(Bench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path root = self.getParent().getParent().getParent();
      return root.resolve(inWorkingDir);
    } catch (java.net.URISyntaxException | RuntimeException e) {
      return inWorkingDir;
    }
  }

  /** Prints a benchmark's Markdown report, and writes it to {@code file} when one is given. */
  static void print(String md, Path file) throws IOException {
    System.out.println();
    System.out.println(md);
    if (file != null) {
      Files.writeString(file, md, StandardCharsets.UTF_8);
      System.out.println("written to " + file.toAbsolutePath());
    }
  }

  /** The generated month the query and dashboard benchmarks read. */
  static final class MonthOptions {
    @Option(
        names = "--month",
        description =
            "The month the events lie in, yyyy-MM; it must be over (default: ${DEFAULT-VALUE})",
        defaultValue = "2026-10")
    YearMonth month;

    @Option(
        names = "--timezone",
        description = "The site's time zone (default: ${DEFAULT-VALUE})",
        defaultValue = "Europe/Berlin")
    String timeZone;
  }

  /** The generated month of many people that the funnel and people benchmarks share. */
  static final class PeopleMonth {
    @Option(
        names = "--events",
        description = "Events in the month (default: ${DEFAULT-VALUE})",
        defaultValue = "1000000")
    long events;

    @Option(
        names = "--people",
        description = "People the events belong to (default: ${DEFAULT-VALUE})",
        defaultValue = "100000")
    long people;

    @Option(
        names = "--runs",
        description = "Timed runs of each statement (default: ${DEFAULT-VALUE})",
        defaultValue = "7")
    int runs;

    @Option(
        names = "--month",
        description = "The month, yyyy-MM (default: ${DEFAULT-VALUE})",
        defaultValue = "2026-10")
    YearMonth month;

    /** What is wrong with the options, if anything. */
    Optional<String> wrong() {
      if (events < 1 || people < 1 || people > events || runs < 1) {
        return Optional.of(
            "need 1 <= people <= events and runs >= 1, was people="
                + people
                + " events="
                + events
                + " runs="
                + runs);
      }
      return Optional.empty();
    }
  }

  /** Which event store the query and ingest benchmarks measure, and how ClickHouse is started. */
  static final class StoreOptions {
    @Option(
        names = "--store",
        description =
            "The event store: duckdb (embedded) or clickhouse (a throwaway clickhouse-server the"
                + " benchmark starts; the query benchmark also runs DuckDB side by side) (default:"
                + " ${DEFAULT-VALUE})",
        defaultValue = "duckdb")
    String store;

    @Option(
        names = "--clickhouse-bin",
        description =
            "The clickhouse or clickhouse-server executable (default: $FOOTFALL_CLICKHOUSE_BIN,"
                + " else /usr/bin/clickhouse, else /usr/sbin/clickhouse-server)")
    Path clickhouseBin;

    @Option(
        names = "--clickhouse-memory-mib",
        description =
            "ClickHouse's memory limit of one query (max_memory_usage), MiB (default:"
                + " ${DEFAULT-VALUE})",
        defaultValue = "8192")
    long clickhouseMemoryMiB;

    @Option(
        names = "--clickhouse-threads",
        description = "ClickHouse's threads of one query (max_threads) (default: ${DEFAULT-VALUE})",
        defaultValue = "2")
    int clickhouseThreads;

    @Option(
        names = "--copy-batch",
        description =
            "Events per ClickHouseStore.write when the generated month is copied into ClickHouse"
                + " (default: ${DEFAULT-VALUE})",
        defaultValue = "100000")
    int copyBatch;

    /**
     * The ingest benchmark's batch clients when {@code --batch-clients} is not given: 16, and 50 on
     * ClickHouse. A ClickHouse insert costs about the same whether it holds 100 or 5,000 rows (a
     * new part of ~95 files each time; docs/performance.md), so the server can only come near the
     * ceiling's 5,000-row inserts when the clients keep that many events outstanding: 50 × 100.
     */
    int defaultBatchClients() {
      return store.equals("clickhouse") ? 50 : 16;
    }

    /**
     * ClickHouse's settings with {@code --store clickhouse}, empty with {@code duckdb}.
     *
     * @throws IllegalArgumentException for another store name or a bad limit
     */
    Optional<ClickHouseOptions> clickhouse() {
      return switch (store) {
        case "duckdb" -> Optional.empty();
        case "clickhouse" ->
            Optional.of(
                new ClickHouseOptions(
                    Optional.ofNullable(clickhouseBin),
                    clickhouseMemoryMiB,
                    clickhouseThreads,
                    copyBatch));
        default ->
            throw new IllegalArgumentException(
                "--store must be duckdb or clickhouse, was '" + store + "'");
      };
    }
  }

  /** Where the query and dashboard benchmarks keep their data. */
  static final class FileOptions {
    @Option(
        names = "--work-dir",
        description = "Where the data directories go (default: a new temporary directory)")
    Path workDir;

    @Option(names = "--keep-files", description = "Keep the data directories at the end")
    boolean keepFiles;
  }

  /** The options of the server process a benchmark starts; the same for every benchmark. */
  static final class ServerOptions {
    @Option(
        names = "--server-jar",
        description =
            "The server jar (default: server/target/footfall-server.jar in the working directory,"
                + " else next to this jar's module)")
    Path jar;

    @Option(
        names = "--port",
        description = "Server port; 0 picks a free one (default: ${DEFAULT-VALUE})",
        defaultValue = "0")
    int port;

    @Option(
        names = "--server-jvm-option",
        description = "A JVM option for the server process; repeatable")
    List<String> jvmOptions = new ArrayList<>();

    Path jar() {
      return jar == null ? defaultServerJar() : jar;
    }
  }
}
