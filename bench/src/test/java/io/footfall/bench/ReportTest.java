package io.footfall.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ReportTest {
  private static final long SECOND = 1_000_000_000L;
  private static final Report.Machine MACHINE =
      new Report.Machine(
          2, "Test CPU", 8L << 30, "Linux 6 amd64", "JDK 25", "2026-01-02", "0.50 0.40 0.30");
  private static final IngestOptions OPTIONS =
      new IngestOptions(
          Duration.ofSeconds(10),
          Duration.ofSeconds(1),
          3,
          64,
          16,
          100,
          1_000,
          1_000,
          List.of(100, 1000),
          1_000,
          Path.of("server.jar"),
          0,
          List.of(),
          100);

  @Test
  void reportsMediansAndVerdictsAgainstTheTargets() {
    // Single: 9,000 / 12,000 / 11,000 events/s -> median 11,000 (met).
    // Batched: 40,000 events/s each; ceilings 50,000 (x100) and 100,000 (x1000) rows/s -> 0.40.
    List<Report.HttpRun> single =
        List.of(run(90_000, 10, 1), run(120_000, 10, 1), run(110_000, 10, 1));
    List<Report.HttpRun> batched =
        List.of(run(400_000, 10, 100), run(400_000, 10, 100), run(400_000, 10, 100));
    Map<Integer, List<StoreCeiling.Result>> ceilings =
        Map.of(
            100, List.of(ceiling(100, 50_000), ceiling(100, 50_000), ceiling(100, 50_000)),
            1000, List.of(ceiling(1000, 100_000), ceiling(1000, 90_000), ceiling(1000, 110_000)));

    Report report = new Report(MACHINE, OPTIONS, single, batched, ceilings, 1_500_000, 1_500_000);
    String md = report.markdown();

    assertThat(report.singleEventsPerSecond()).isEqualTo(11_000);
    assertThat(report.bestCeilingBatchSize()).isEqualTo(1000);
    assertThat(md).contains("Measured 2026-01-02 on 2 CPUs (Test CPU), 8 GiB");
    assertThat(md).contains("when the benchmark started: 0.50 0.40 0.30.");
    assertThat(md).contains("| (a) single events over HTTP | 64 | 1 | 11,000 (9,000–12,000) |");
    assertThat(md).contains("| (a) single events/s | ≥ 10,000 | 11,000 | met |");
    assertThat(md)
        .contains(
            "| (b) ÷ store ceiling | ≥ 0.50 | 0.40 (40,000 ÷ 100,000 rows/s at 1,000 rows per commit) | missed by 20% |");
    assertThat(md).contains("100,000 (90,000–110,000) rows/s");
    assertThat(md)
        .contains("acknowledged 1,500,000 events over all runs and reports 1,500,000 stored.");
    // Latencies 1..N ms: the p99 of each run is well over 50 ms.
    assertThat(md)
        .containsPattern(
            "\\| \\(a\\) p99 latency of 202 \\| ≤ 50 ms \\| [0-9.]+ ms \\| missed by [0-9]+% \\|");
  }

  @Test
  void describesTheServersGroupCommitsWhenItExposesThem() {
    // 10 s runs with 500 commits of 800 events, 12 ms each (6 s busy), the longest 400 ms.
    List<Report.HttpRun> batched =
        List.of(withCommits(run(400_000, 10, 100)), withCommits(run(400_000, 10, 100)));
    Map<Integer, List<StoreCeiling.Result>> ceilings =
        Map.of(100, List.of(ceiling(100, 50_000)), 1000, List.of(ceiling(1000, 100_000)));

    String md = new Report(MACHINE, OPTIONS, batched, batched, ceilings, 0, -1).markdown();

    assertThat(md)
        .contains(
            "Server group commits during (b): 50 per second, 800 events and 12.0 ms each, the"
                + " longest 400 ms (medians over the runs). The writer thread was busy 60% of the"
                + " run.");
    assertThat(md).doesNotContain("Acknowledged means stored");
  }

  private static Report.HttpRun withCommits(Report.HttpRun r) {
    return new Report.HttpRun(
        r.scenario(),
        r.clients(),
        r.eventsPerRequest(),
        r.result(),
        r.serverCpu(),
        r.benchCpu(),
        500,
        400_000,
        6,
        0.4);
  }

  private static Report.HttpRun run(long accepted, int seconds, int eventsPerRequest) {
    long requests = accepted / eventsPerRequest;
    long[] latencies =
        LongStream.rangeClosed(1, Math.min(requests, 1_000)).map(ms -> ms * 1_000_000).toArray();
    LoadRun.Result result =
        new LoadRun.Result(requests, accepted, Map.of(202, requests), latencies, seconds * SECOND);
    return new Report.HttpRun(
        eventsPerRequest == 1 ? "single" : "batched",
        eventsPerRequest == 1 ? 64 : 16,
        eventsPerRequest,
        result,
        Duration.ofSeconds(seconds),
        Duration.ofSeconds(seconds / 2),
        Double.NaN,
        Double.NaN,
        Double.NaN,
        Double.NaN);
  }

  private static StoreCeiling.Result ceiling(int batchSize, long rowsPerSecond) {
    long writes = rowsPerSecond * 2 / batchSize;
    long[] each = new long[(int) writes];
    java.util.Arrays.fill(each, 2 * SECOND / writes);
    return new StoreCeiling.Result(batchSize, rowsPerSecond * 2, 2 * SECOND, each);
  }
}
