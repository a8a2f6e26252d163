package io.footfall.bench;

import io.footfall.core.Goal;
import io.footfall.demo.TrafficGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * How much memory the server takes with the launcher's JVM options: a month of generated events in
 * the store, then events arriving at a steady rate over loopback while the dashboard's overview is
 * requested again and again, with the server process's resident set size sampled from {@code
 * /proc/<pid>/status} ({@code VmRSS}, and {@code VmHWM}, the most it ever held) once a second.
 *
 * <p>The server is a separate process started as {@code ./footfall start} starts it: the launcher
 * hands its JVM options to the benchmark in {@code FOOTFALL_SERVER_JAVA_OPTS}. The query cache is
 * on (the default), but every commit of new events empties the site's part of it, so the overview's
 * queries really run while events arrive.
 */
final class MemoryBenchmark {
  /**
   * @param events events in the generated month
   * @param month the month they lie in (over)
   * @param zone the site's time zone
   * @param eventsPerSecond the steady ingest rate, one event per request, as trackers send them
   * @param duration how long events arrive and the dashboard is asked
   * @param overviewEvery how often the whole overview is requested at once
   * @param targetMiB the resident set size the server should stay within
   */
  record Options(
      long events,
      YearMonth month,
      ZoneId zone,
      int eventsPerSecond,
      Duration duration,
      Duration overviewEvery,
      long targetMiB,
      Path serverJar,
      int port,
      List<String> serverJvmOptions,
      Optional<Path> workDir,
      boolean keepFiles) {
    Options {
      if (events < 1 || eventsPerSecond < 1 || targetMiB < 1) {
        throw new IllegalArgumentException(
            "--events, --rate and --target-mib must be at least 1, were "
                + events
                + ", "
                + eventsPerSecond
                + ", "
                + targetMiB);
      }
      if (duration.isNegative() || duration.isZero() || overviewEvery.isZero()) {
        throw new IllegalArgumentException("--duration and --overview-every must be positive");
      }
      serverJvmOptions = List.copyOf(serverJvmOptions);
    }
  }

  /** One sample of the server's memory, in KiB, at seconds after the load began. */
  record Sample(double seconds, long rssKib, long hwmKib) {}

  /**
   * What was measured.
   *
   * @param idle samples before events arrive (the month loaded, the server started)
   * @param loaded samples while events arrive and the dashboard is asked
   * @param finalHwmKib {@code VmHWM} at the end: the most the process ever held
   */
  record Result(
      Report.Machine machine,
      Options options,
      long visits,
      List<Sample> idle,
      List<Sample> loaded,
      long finalHwmKib,
      long eventsAccepted,
      long eventsFailed,
      int overviews,
      int overviewFailures,
      double overviewP50Millis,
      double overviewMaxMillis,
      List<String> failures) {}

  private static final Duration IDLE = Duration.ofSeconds(10);
  // Enough that a busy server's latency does not cap the rate: 8 reached only ~500/s on two
  // shared cores.
  private static final int INGEST_CONNECTIONS = 64;

  private final Options options;
  private final PrintStream out;

  MemoryBenchmark(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  Result run() {
    Report.Machine machine = Report.Machine.current();
    out.println("machine: " + machine.describe() + "; load average " + machine.load());
    out.println("server JVM options: " + String.join(" ", options.serverJvmOptions()));
    Path work = options.workDir().orElseGet(QueryBenchmark::createTempDirectory);
    Path dataDir = work.resolve("memory-" + options.events()).resolve("data");
    QueryBenchmark.deleteRecursively(dataDir.getParent());
    try {
      ServerProcess.SiteKeys site;
      try (ServerProcess server = start(dataDir);
          HttpClient admin = HttpClient.newHttpClient()) {
        site =
            server.createSite(
                admin, "Memory bench", MonthOfEvents.HOST, options.zone().getId(), "EUR");
        for (Goal g : QuerySet.goals(site.id(), Instant.now())) {
          server.createGoal(admin, site.id(), g);
        }
      }
      MonthData data =
          MonthData.prepare(
              dataDir.resolve("footfall.duckdb"),
              site.id(),
              site.organizationId(),
              options.events(),
              options.month(),
              options.zone(),
              out);
      Instant now = Instant.now();
      List<Map<String, Object>> pool =
          new TrafficGenerator(7, Clock.fixed(now, ZoneOffset.UTC), ZoneOffset.UTC, 1, 20_000)
              .events();
      RequestBodies bodies =
          RequestBodies.of(pool, site.writeKey(), "m" + Long.toHexString(now.toEpochMilli()));
      try (ServerProcess server = start(dataDir)) {
        out.printf("server pid %d ready; idle for %d s%n", server.pid(), IDLE.toSeconds());
        List<Sample> idle = sample(server.pid(), IDLE, System.nanoTime());
        return load(machine, server, site, data, bodies, idle);
      }
    } finally {
      if (!options.keepFiles()) {
        QueryBenchmark.deleteRecursively(dataDir.getParent());
      }
    }
  }

  private Result load(
      Report.Machine machine,
      ServerProcess server,
      ServerProcess.SiteKeys site,
      MonthData data,
      RequestBodies bodies,
      List<Sample> idle) {
    LocalDate day = QuerySet.relativeDate(options.month());
    List<StatsRequest> overview = QuerySet.overview(site.id(), day);
    AtomicLong accepted = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    List<String> failures = new CopyOnWriteArrayList<>();
    long start = System.nanoTime();
    long end = start + options.duration().toNanos();
    AtomicLong next = new AtomicLong();
    double intervalNanos = 1e9 / options.eventsPerSecond();
    URI track = server.baseUrl().resolve("/api/track");
    List<Thread> senders = new ArrayList<>();
    for (int t = 0; t < INGEST_CONNECTIONS; t++) {
      senders.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    LoopbackHttp http = new LoopbackHttp(track, server.adminToken());
                    while (true) {
                      long due = start + (long) (next.getAndIncrement() * intervalNanos);
                      // A server that falls behind is not caught up after the end: the load
                      // lasts as long as the sampling, and the report gives the rate reached.
                      if (due >= end || System.nanoTime() >= end) {
                        return;
                      }
                      long wait = due - System.nanoTime();
                      if (wait > 0) {
                        LockSupport.parkNanos(wait);
                      }
                      try {
                        LoopbackHttp.Answer a = http.post(bodies.single());
                        if (a.status() == 202) {
                          accepted.incrementAndGet();
                        } else {
                          failed.incrementAndGet();
                          note(failures, "ingest answered " + a.status());
                        }
                      } catch (IOException e) {
                        failed.incrementAndGet();
                        note(failures, "ingest failed: " + e.getMessage());
                      }
                    }
                  }));
    }
    List<Long> overviewNanos = new CopyOnWriteArrayList<>();
    int[] overviewFailures = {0};
    Thread dashboard =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (HttpQueries client =
                      new HttpQueries(
                          server.baseUrl(), server.adminToken(), Duration.ofMinutes(2))) {
                    long at = start;
                    while (at < end && System.nanoTime() < end) {
                      long wait = at - System.nanoTime();
                      if (wait > 0) {
                        LockSupport.parkNanos(wait);
                      }
                      long began = System.nanoTime();
                      client.sendTogether(overview);
                      overviewNanos.add(System.nanoTime() - began);
                      at += options.overviewEvery().toNanos();
                    }
                    client
                        .failures()
                        .forEach(
                            (name, why) -> {
                              overviewFailures[0] += why.size();
                              note(failures, name + ": " + why.get(0));
                            });
                  }
                });
    out.printf(
        "%d events/s for %d s, the overview (%d requests) every %.1f s%n",
        options.eventsPerSecond(),
        options.duration().toSeconds(),
        overview.size(),
        options.overviewEvery().toMillis() / 1e3);
    List<Sample> loaded = sample(server.pid(), options.duration(), start);
    try {
      for (Thread t : senders) {
        t.join();
      }
      dashboard.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted while the load ran", e);
    }
    long hwm = read(server.pid())[1];
    long[] sorted = overviewNanos.stream().mapToLong(Long::longValue).sorted().toArray();
    return new Result(
        machine,
        options,
        data.visits(),
        idle,
        loaded,
        hwm,
        accepted.get(),
        failed.get(),
        sorted.length,
        overviewFailures[0],
        sorted.length == 0 ? 0 : Stats.percentile(sorted, 50) / 1e6,
        sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6,
        List.copyOf(failures));
  }

  private static void note(List<String> failures, String why) {
    if (failures.size() < 10) {
      failures.add(why);
    }
  }

  /** Samples once a second for {@code how long}, printing every tenth sample. */
  private List<Sample> sample(long pid, Duration howLong, long since) {
    List<Sample> samples = new ArrayList<>();
    long end = System.nanoTime() + howLong.toNanos();
    long at = System.nanoTime();
    while (at < end) {
      long[] kib = read(pid);
      Sample s = new Sample((System.nanoTime() - since) / 1e9, kib[0], kib[1]);
      samples.add(s);
      if (samples.size() % 10 == 1) {
        out.printf(
            "  %5.0f s: RSS %,d MiB (peak so far %,d MiB)%n",
            s.seconds(), s.rssKib() >> 10, s.hwmKib() >> 10);
      }
      at += 1_000_000_000L;
      long wait = at - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
    }
    return samples;
  }

  /** {@code VmRSS} and {@code VmHWM} of the process, in KiB. */
  static long[] read(long pid) {
    Path status = Path.of("/proc", Long.toString(pid), "status");
    long rss = -1;
    long hwm = -1;
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmRSS:")) {
          rss = kib(line);
        } else if (line.startsWith("VmHWM:")) {
          hwm = kib(line);
        }
      }
    } catch (IOException e) {
      throw new BenchException("cannot read " + status + " (Linux only): " + e.getMessage(), e);
    }
    if (rss < 0 || hwm < 0) {
      throw new BenchException(status + " has no VmRSS or VmHWM line");
    }
    return new long[] {rss, hwm};
  }

  private static long kib(String line) {
    return Long.parseLong(line.replaceAll("[^0-9]", ""));
  }

  private ServerProcess start(Path dataDir) {
    return ServerProcess.start(
        options.serverJar(), options.serverJvmOptions(), options.port(), dataDir);
  }

  /** The report: median and largest RSS while loaded, the peak, and their ratio to the target. */
  static String markdown(Result r) {
    long[] rss = r.loaded().stream().mapToLong(Sample::rssKib).sorted().toArray();
    long[] idle = r.idle().stream().mapToLong(Sample::rssKib).sorted().toArray();
    long target = r.options().targetMiB() << 10;
    StringBuilder md = new StringBuilder();
    md.append("Machine: ").append(r.machine().describe()).append('\n');
    md.append("Server JVM options: `")
        .append(String.join(" ", r.options().serverJvmOptions()))
        .append("`\n");
    md.append(
        String.format(
            "Data: %,d events in %s (%,d visits, %s); then %,d events/s, one per request, for"
                + " %d s, and the overview's %d requests at once every %.1f s%n%n",
            r.options().events(),
            r.options().month(),
            r.visits(),
            r.options().zone(),
            r.options().eventsPerSecond(),
            r.options().duration().toSeconds(),
            QuerySet.overview("s", LocalDate.now(java.time.ZoneId.systemDefault())).size(),
            r.options().overviewEvery().toMillis() / 1e3));
    md.append("| | RSS (MiB) | ÷ target (").append(r.options().targetMiB()).append(" MiB) |\n");
    md.append("| --- | ---: | ---: |\n");
    row(md, "idle after start, median", Stats.percentile(idle, 50), target);
    row(md, "under load, median", Stats.percentile(rss, 50), target);
    row(md, "under load, largest sample", rss[rss.length - 1], target);
    row(md, "peak (VmHWM at the end)", r.finalHwmKib(), target);
    md.append(
        String.format(
            "%nEvents accepted %,d (%.0f/s), failed %,d; overviews %d (p50 %.0f ms, slowest %.0f"
                + " ms), failed requests %d%n",
            r.eventsAccepted(),
            r.eventsAccepted() / (double) r.options().duration().toSeconds(),
            r.eventsFailed(),
            r.overviews(),
            r.overviewP50Millis(),
            r.overviewMaxMillis(),
            r.overviewFailures()));
    if (!r.failures().isEmpty()) {
      md.append("\nFirst failures: ").append(String.join("; ", r.failures())).append('\n');
    }
    md.append(
        String.format(
            "%nVerdict: %s (largest sample %,d MiB, peak %,d MiB, target %,d MiB)%n",
            rss[rss.length - 1] <= target && r.finalHwmKib() <= target
                ? "within the target"
                : "OVER the target",
            rss[rss.length - 1] >> 10,
            r.finalHwmKib() >> 10,
            r.options().targetMiB()));
    return md.toString();
  }

  private static void row(StringBuilder md, String what, long kib, long targetKib) {
    md.append(String.format("| %s | %,d | %.2f |%n", what, kib >> 10, kib / (double) targetKib));
  }

  /** The server's JVM options the launcher passes; empty when run without it. */
  static List<String> launcherJvmOptions(Map<String, String> env) {
    String opts = env.getOrDefault("FOOTFALL_SERVER_JAVA_OPTS", "").strip();
    return opts.isEmpty() ? List.of() : Arrays.asList(opts.split("\\s+"));
  }
}
