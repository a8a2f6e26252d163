package io.footfall.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DashboardBenchmarkTest {
  private static final Report.Machine MACHINE =
      new Report.Machine(2, "CPU", 1L << 34, "Linux", "JDK 25", "2026-11-24", "1.00 1.00 1.00");

  /** Loads of {@code base + i * step} ms, i = 1..n, in a shuffled order; phases scaled alike. */
  private static DashboardBenchmark.Series series(
      DashboardBenchmark.Mode mode, int n, double base, double step, int errors, long seed) {
    List<Double> millis = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      millis.add(base + i * step);
    }
    java.util.Collections.shuffle(millis, new Random(seed));
    List<DashboardBenchmark.Phases> phases =
        millis.stream()
            .map(m -> new DashboardBenchmark.Phases(m / 5, m / 4, m / 2, m - 10, m, m / 3, m * 2))
            .toList();
    return new DashboardBenchmark.Series(mode, millis, phases, 13, errors, "/sites/s_1?range=x");
  }

  private static DashboardBenchmark.Result result(List<DashboardBenchmark.Series> series) {
    DashboardBenchmark.Options options =
        new DashboardBenchmark.Options(
            10_000_000,
            YearMonth.of(2026, 10),
            ZoneId.of("Europe/Berlin"),
            series.getFirst().millis().size(),
            10,
            Path.of("/usr/bin/chromium"),
            Duration.ofSeconds(60),
            Path.of("server.jar"),
            0,
            List.of(),
            Optional.empty(),
            false);
    MonthData data =
        new MonthData(3_400_000, 33_000, Duration.ofSeconds(120), 531L << 20, List.of());
    return new DashboardBenchmark.Result(MACHINE, "1.00 1.00 1.00", options, data, series);
  }

  @Test
  void eachModeGetsItsPercentilesPhasesAndVerdict() {
    // 20 loads: 520..1,090 ms in the open browser (p50 = 10th, p95 = 19th), 330..900 in new
    // contexts.
    String md =
        DashboardBenchmark.markdown(
            result(
                List.of(
                    series(DashboardBenchmark.Mode.OPEN_BROWSER, 20, 490, 30, 0, 1),
                    series(DashboardBenchmark.Mode.NEW_CONTEXT, 20, 300, 30, 0, 2))));
    assertThat(md)
        .contains(
            "| "
                + DashboardBenchmark.Mode.OPEN_BROWSER.described
                + " | 790 | 1060 | 1090 | 20 | 0 |")
        .contains(
            "| " + DashboardBenchmark.Mode.NEW_CONTEXT.described + " | 600 | 870 | 900 | 20 | 0 |")
        .contains("| painted (the load's time) | 790 | 1060 | 600 | 870 |")
        .contains(
            "| CPU time of Chromium's processes during the load | 1580 | 2120 | 1200 | 1740 |")
        .contains(
            DashboardBenchmark.Mode.OPEN_BROWSER.described + " | < 1000 ms | 1060 ms | missed |")
        .contains(DashboardBenchmark.Mode.NEW_CONTEXT.described + " | < 1000 ms | 870 ms | met |")
        .contains("— 13 API requests");
  }

  @Test
  void aLoadWithAnErrorBoxMissesTheTargetWhateverItsTime() {
    String md =
        DashboardBenchmark.markdown(
            result(List.of(series(DashboardBenchmark.Mode.OPEN_BROWSER, 20, 100, 10, 1, 3))));
    assertThat(md).contains("| < 1000 ms | 290 ms | missed |");
  }
}
