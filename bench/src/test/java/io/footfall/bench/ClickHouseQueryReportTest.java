package io.footfall.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClickHouseQueryReportTest {
  static ClickHouseQueryBenchmark.SizeResult size() {
    StatsRequest aggregate = new StatsRequest("aggregate", "/api/stats/aggregate", "", "GET a");
    StatsRequest goals = new StatsRequest("breakdown by goal", "/api/stats/breakdown", "", "b");
    StatsRequest pages = new StatsRequest("overview: top pages", "/api/stats/breakdown", "", "c");
    Map<String, Map<String, List<Long>>> times = new LinkedHashMap<>();
    times.put(
        "HTTP",
        Map.of(
            "aggregate",
            QueryReportTest.millis(110, 120),
            "breakdown by goal",
            QueryReportTest.millis(300, 320),
            "overview: top pages",
            QueryReportTest.millis(90, 100),
            QueryBenchmark.OVERVIEW_SET,
            QueryReportTest.millis(400, 410)));
    times.put(
        "ClickHouse",
        Map.of(
            "aggregate",
            QueryReportTest.millis(100, 110),
            "breakdown by goal",
            QueryReportTest.millis(200, 210),
            "overview: top pages",
            QueryReportTest.millis(80, 90),
            QueryBenchmark.OVERVIEW_SET,
            QueryReportTest.millis(380, 390)));
    times.put(
        "DuckDB",
        Map.of(
            "aggregate",
            QueryReportTest.millis(10, 11),
            "breakdown by goal",
            QueryReportTest.millis(400, 420),
            "overview: top pages",
            QueryReportTest.millis(80, 90),
            QueryBenchmark.OVERVIEW_SET,
            QueryReportTest.millis(50, 60)));
    return new ClickHouseQueryBenchmark.SizeResult(
        1_000_000,
        300_000,
        3_000,
        Duration.ofSeconds(70),
        new MonthCopy.Result(1_003_000, 11, Duration.ofSeconds(20)),
        Duration.ofSeconds(3),
        1,
        List.of(aggregate, goals, pages),
        1,
        times,
        Map.of("aggregate", 1, "breakdown by goal", 1, "overview: top pages", 1),
        Map.of("aggregate", 0, "breakdown by goal", 5, "overview: top pages", 1),
        Map.of("aggregate", 1L, "breakdown by goal", 0L, "overview: top pages", 1L),
        Map.of("ClickHouse", Map.of("aggregate", List.of())),
        Map.of(
            "HTTP",
            Map.of(),
            "ClickHouse",
            Map.of("breakdown by goal", List.of("Memory limit (for query) exceeded\n at x")),
            "DuckDB",
            Map.of()),
        2);
  }

  @Test
  void namesTheFasterStoreAndByHowMuch() {
    assertThat(ClickHouseQueryReport.faster(10, 100)).isEqualTo("DuckDB 10.0×");
    assertThat(ClickHouseQueryReport.faster(300, 100)).isEqualTo("ClickHouse 3.0×");
    assertThat(ClickHouseQueryReport.faster(100, 103)).isEqualTo("even");
    assertThat(ClickHouseQueryReport.faster(Double.NaN, 100)).isEqualTo("—");
  }

  @Test
  void rotatesWhichSideGoesFirst() {
    assertThat(ClickHouseQueryBenchmark.order(0)).containsExactly("HTTP", "ClickHouse", "DuckDB");
    assertThat(ClickHouseQueryBenchmark.order(1)).containsExactly("ClickHouse", "DuckDB", "HTTP");
    assertThat(ClickHouseQueryBenchmark.order(2)).containsExactly("DuckDB", "HTTP", "ClickHouse");
    assertThat(ClickHouseQueryBenchmark.order(3)).isEqualTo(ClickHouseQueryBenchmark.order(0));
  }

  @Test
  void judgesHttpAgainstClickHouseAndReportsFailuresWordForWord() {
    String md =
        new ClickHouseQueryReport(
                QueryReportTest.MACHINE,
                QueryReportTest.options(),
                new ClickHouseOptions(Optional.empty(), 8192, 2, 100_000),
                List.of(size()))
            .markdown();

    assertThat(md)
        .contains("##### 1,000,000 events on ClickHouse")
        .contains("`max_memory_usage` 8,192 MiB")
        // 110 ÷ 100 at p50; DuckDB answered from a rollup, ten times faster.
        .contains(
            "| aggregate | 1 | 0 | 1 | 110 | 120 | 100 | 110 | 1.10 | 10.0 | 11.0 | DuckDB 10.0× |")
        .contains("| breakdown by goal | 1 | 5 | 0 | 300 | 320 | 200 | 210 | 1.50 | 400 | 420 |")
        .contains("ClickHouse 2.0×")
        .contains(
            "- breakdown by goal failed on ClickHouse 1 time(s): Memory limit (for query)"
                + " exceeded at x")
        // aggregate 1.10, breakdown by goal 1.50, the set 400 ÷ 380 = 1.05.
        .contains("2 of 3 within; the largest 1.50 (breakdown by goal) | missed |");
  }
}
