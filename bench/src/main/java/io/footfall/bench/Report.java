package io.footfall.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The benchmark's results as a Markdown section: medians over the repeats, ranges, CPU shares, and
 * the targets with their verdicts.
 */
final class Report {
  /** Accepted events/s of batches ÷ the store's ceiling rows/s. */
  static final double TARGET_CEILING_RATIO = 0.5;

  /** Accepted events/s with one event per request. */
  static final double TARGET_SINGLE_EVENTS_PER_SECOND = 10_000;

  /** p99 latency of 202 answers, ms. */
  static final double TARGET_P99_MILLIS = 50;

  private final Machine machine;
  private final IngestOptions options;
  private final List<HttpRun> single;
  private final List<HttpRun> batched;
  private final Map<Integer, List<StoreCeiling.Result>> ceilings;
  private final long acknowledged;
  private final long stored;
  private final String ceilingWrite;

  /** A report of the embedded store: its ceiling is {@code DuckDbStore.write}. */
  Report(
      Machine machine,
      IngestOptions options,
      List<HttpRun> single,
      List<HttpRun> batched,
      Map<Integer, List<StoreCeiling.Result>> ceilings,
      long acknowledged,
      long stored) {
    this(machine, options, single, batched, ceilings, acknowledged, stored, "DuckDbStore.write");
  }

  /**
   * @param acknowledged events the server acknowledged over all HTTP runs, warm-ups included
   * @param stored events the server reports stored for the benchmark site at the end; -1 unknown
   * @param ceilingWrite the call the ceiling measured, such as {@code ClickHouseStore.write}
   */
  Report(
      Machine machine,
      IngestOptions options,
      List<HttpRun> single,
      List<HttpRun> batched,
      Map<Integer, List<StoreCeiling.Result>> ceilings,
      long acknowledged,
      long stored,
      String ceilingWrite) {
    this.ceilingWrite = ceilingWrite;
    this.machine = machine;
    this.acknowledged = acknowledged;
    this.stored = stored;
    this.options = options;
    this.single = List.copyOf(single);
    this.batched = List.copyOf(batched);
    this.ceilings = Map.copyOf(ceilings);
  }

  /**
   * One measured HTTP run with the server's and the benchmark's CPU time and the server's group
   * commits during it (NaN when the server exposes no such metrics); the longest commit is the
   * server's recent maximum, which covers the run.
   */
  record HttpRun(
      String scenario,
      int clients,
      int eventsPerRequest,
      LoadRun.Result result,
      Duration serverCpu,
      Duration benchCpu,
      double commits,
      double committedEvents,
      double commitSeconds,
      double longestCommitSeconds) {}

  /** The machine the numbers come from. */
  record Machine(
      int cpus,
      String cpuModel,
      long memoryBytes,
      String os,
      String jdk,
      String date,
      String load) {
    static Machine current() {
      long memory = 0;
      if (ManagementFactory.getOperatingSystemMXBean()
          instanceof com.sun.management.OperatingSystemMXBean os) {
        memory = os.getTotalMemorySize();
      }
      String model = "";
      try {
        model =
            Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).strip())
                .findFirst()
                .orElse("");
      } catch (IOException | RuntimeException e) {
        // Not Linux: the model is left out.
      }
      return new Machine(
          Runtime.getRuntime().availableProcessors(),
          model,
          memory,
          System.getProperty("os.name")
              + " "
              + System.getProperty("os.version")
              + " "
              + System.getProperty("os.arch"),
          System.getProperty("java.vm.name")
              + " "
              + Runtime.version()
              + " ("
              + System.getProperty("java.vendor")
              + ")",
          LocalDate.now(ZoneOffset.UTC).toString(),
          loadAverage());
    }

    /** The 1, 5 and 15 minute load averages, where the OS says; other work skews the numbers. */
    static String loadAverage() {
      try {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
        return String.join(" ", fields[0], fields[1], fields[2]);
      } catch (IOException | RuntimeException e) {
        return "";
      }
    }

    String describe() {
      return String.format(
          Locale.ROOT,
          "%d CPUs%s, %.0f GiB, %s, %s",
          cpus,
          cpuModel.isEmpty() ? "" : " (" + cpuModel + ")",
          memoryBytes / (double) (1L << 30),
          os,
          jdk);
    }
  }

  double singleEventsPerSecond() {
    return median(single, r -> r.result().eventsPerSecond());
  }

  double batchedEventsPerSecond() {
    return median(batched, r -> r.result().eventsPerSecond());
  }

  double ceilingRowsPerSecond(int batchSize) {
    return Stats.median(
        ceilings.get(batchSize).stream().mapToDouble(StoreCeiling.Result::rowsPerSecond).toArray());
  }

  /** The batch size with the highest median ceiling. */
  int bestCeilingBatchSize() {
    return options.ceilingBatchSizes().stream()
        .max((a, b) -> Double.compare(ceilingRowsPerSecond(a), ceilingRowsPerSecond(b)))
        .orElseThrow();
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "Measured %s on %s.%s%n%n",
            machine.date(),
            machine.describe(),
            machine.load().isEmpty()
                ? ""
                : " Load average (1, 5, 15 min) when the benchmark started: "
                    + machine.load()
                    + "."));
    md.append(
        String.format(
            Locale.ROOT,
            "Each scenario ran %d time(s), alternating, for at most %d s each (after a %d s warm-up"
                + " of each HTTP scenario); the table shows medians, with the range over the runs"
                + " in brackets. CPU is the share of the whole machine (%d CPUs × the run's wall"
                + " time) the process used. For the store ceiling, p50 and p99 are of one"
                + " `write` call (one commit).%n%n",
            options.repeats(),
            options.duration().toSeconds(),
            options.warmup().toSeconds(),
            machine.cpus()));
    md.append(
        "| scenario | clients | events/request | accepted events/s | requests/s | p50 ms | p99 ms |"
            + " non-202 | server CPU | bench CPU |\n");
    md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    row(md, "(a) single events over HTTP", single);
    row(md, "(b) batches over HTTP", batched);
    for (int size : options.ceilingBatchSizes()) {
      List<StoreCeiling.Result> runs = ceilings.get(size);
      double[] rates = runs.stream().mapToDouble(StoreCeiling.Result::rowsPerSecond).toArray();
      md.append(
          String.format(
              Locale.ROOT,
              "| (c) store ceiling: `%s`, %,d rows per commit | 1 thread | %,d |"
                  + " %s rows/s | %s | %.2f | %.2f | | | |%n",
              ceilingWrite,
              size,
              size,
              withRange(rates),
              count(
                      Stats.median(
                          runs.stream()
                              .mapToDouble(r -> r.rowsPerSecond() / r.batchSize())
                              .toArray()))
                  + " commits/s",
              Stats.median(runs.stream().mapToDouble(r -> r.writeMillis(50)).toArray()),
              Stats.median(runs.stream().mapToDouble(r -> r.writeMillis(99)).toArray())));
    }
    md.append('\n');
    commitLine(md, "(a)", single);
    commitLine(md, "(b)", batched);
    if (stored >= 0) {
      md.append(
          String.format(
              Locale.ROOT,
              "Acknowledged means stored: the server acknowledged %,d events over all runs and"
                  + " reports %,d stored%s.%n%n",
              acknowledged,
              stored,
              stored == acknowledged ? "" : " (MISMATCH)"));
    }

    md.append("| target | goal | measured | verdict |\n| --- | --- | --- | --- |\n");
    int best = bestCeilingBatchSize();
    double ratio = batchedEventsPerSecond() / ceilingRowsPerSecond(best);
    md.append(
        String.format(
            Locale.ROOT,
            "| (b) ÷ store ceiling | ≥ %.2f | %.2f (%s ÷ %s rows/s at %,d rows per commit) | %s |%n",
            TARGET_CEILING_RATIO,
            ratio,
            count(batchedEventsPerSecond()),
            count(ceilingRowsPerSecond(best)),
            best,
            atLeast(ratio, TARGET_CEILING_RATIO)));
    double singleRate = singleEventsPerSecond();
    md.append(
        String.format(
            Locale.ROOT,
            "| (a) single events/s | ≥ %s | %s | %s |%n",
            count(TARGET_SINGLE_EVENTS_PER_SECOND),
            count(singleRate),
            atLeast(singleRate, TARGET_SINGLE_EVENTS_PER_SECOND)));
    List<List<HttpRun>> both = List.of(single, batched);
    for (int i = 0; i < both.size(); i++) {
      List<HttpRun> runs = both.get(i);
      double p99 = median(runs, r -> r.result().latencyMillis(99));
      md.append(
          String.format(
              Locale.ROOT,
              "| (%s) p99 latency of 202 | ≤ %.0f ms | %.1f ms | %s |%n",
              i == 0 ? "a" : "b",
              TARGET_P99_MILLIS,
              p99,
              p99 <= TARGET_P99_MILLIS
                  ? "met"
                  : String.format(
                      Locale.ROOT, "missed by %.0f%%", (p99 / TARGET_P99_MILLIS - 1) * 100)));
    }
    return md.toString();
  }

  private void row(StringBuilder md, String name, List<HttpRun> runs) {
    HttpRun first = runs.get(0);
    double[] rates = runs.stream().mapToDouble(r -> r.result().eventsPerSecond()).toArray();
    md.append(
        String.format(
            Locale.ROOT,
            "| %s | %d | %d | %s | %s | %.2f | %.2f | %d | %.0f%% | %.0f%% |%n",
            name,
            first.clients(),
            first.eventsPerRequest(),
            withRange(rates),
            count(median(runs, r -> r.result().requestsPerSecond())),
            median(runs, r -> r.result().latencyMillis(50)),
            median(runs, r -> r.result().latencyMillis(99)),
            runs.stream().mapToLong(r -> r.result().non202()).sum(),
            median(runs, r -> cpuShare(r.serverCpu(), r)),
            median(runs, r -> cpuShare(r.benchCpu(), r))));
  }

  private void commitLine(StringBuilder md, String label, List<HttpRun> runs) {
    double commits = median(runs, HttpRun::commits);
    if (Double.isNaN(commits) || commits == 0) {
      return;
    }
    md.append(
        String.format(
            Locale.ROOT,
            "Server group commits during %s: %s per second, %.0f events and %.1f ms each, the"
                + " longest %.0f ms (medians over the runs). The writer thread was busy %.0f%% of"
                + " the run.%n%n",
            label,
            count(median(runs, r -> r.commits() / (r.result().elapsedNanos() / 1e9))),
            median(runs, r -> r.committedEvents() / r.commits()),
            median(runs, r -> r.commitSeconds() * 1e3 / r.commits()),
            median(runs, r -> r.longestCommitSeconds() * 1e3),
            median(runs, r -> r.commitSeconds() * 1e9 / r.result().elapsedNanos() * 100)));
  }

  private double cpuShare(Duration cpu, HttpRun run) {
    return cpu.toNanos() * 100.0 / (run.result().elapsedNanos() * (double) machine.cpus());
  }

  private static double median(List<HttpRun> runs, ToDoubleFunction<HttpRun> value) {
    return Stats.median(runs.stream().mapToDouble(value).toArray());
  }

  private static String withRange(double[] values) {
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (double v : values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return values.length == 1
        ? count(values[0])
        : count(Stats.median(values)) + " (" + count(min) + "–" + count(max) + ")";
  }

  private static String count(double value) {
    return String.format(Locale.ROOT, "%,.0f", value);
  }

  private static String atLeast(double measured, double goal) {
    return measured >= goal
        ? "met"
        : String.format(Locale.ROOT, "missed by %.0f%%", (1 - measured / goal) * 100);
  }
}
