package io.footfall.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueryReportTest {
  static final Report.Machine MACHINE =
      new Report.Machine(2, "CPU", 1L << 34, "Linux", "JDK 25", "2026-11-24", "1.00 1.00 1.00");

  static List<Long> millis(long... values) {
    List<Long> out = new ArrayList<>();
    for (long v : values) {
      out.add(v * 1_000_000);
    }
    return out;
  }

  static QueryBenchmark.SizeResult size(
      long events, List<Long> aggregateHttp, List<Long> setHttp, Map<String, List<String>> failed) {
    StatsRequest aggregate = new StatsRequest("aggregate", "/api/stats/aggregate", "", "GET a");
    StatsRequest pages = new StatsRequest("overview: top pages", "/api/stats/breakdown", "", "b");
    Map<String, List<Long>> http = new LinkedHashMap<>();
    http.put("aggregate", aggregateHttp);
    http.put("overview: top pages", millis(90, 100));
    http.put(QueryBenchmark.OVERVIEW_SET, setHttp);
    Map<String, List<Long>> direct = new LinkedHashMap<>();
    direct.put("aggregate", millis(100, 110));
    direct.put("overview: top pages", millis(80, 90));
    direct.put(QueryBenchmark.OVERVIEW_SET, millis(200, 210));
    return new QueryBenchmark.SizeResult(
        Path.of("unused"),
        events,
        500,
        3_000,
        Duration.ofSeconds(1),
        1 << 20,
        List.of(aggregate, pages),
        1,
        http,
        direct,
        Map.of("aggregate", 1L, "overview: top pages", 10L),
        Map.of("aggregate", 1, "overview: top pages", 1),
        50_000_000,
        millis(5, 6),
        0,
        Map.of("aggregate", List.of(), "overview: top pages", List.of()),
        failed,
        List.of("aggregate"));
  }

  static QueryOptions options() {
    return new QueryOptions(
        List.of(10_000_000L),
        YearMonth.of(2026, 10),
        ZoneId.of("Europe/Berlin"),
        2,
        1,
        2,
        Duration.ofSeconds(10),
        Duration.ofSeconds(10),
        Path.of("server.jar"),
        0,
        List.of(),
        Optional.empty(),
        false,
        Optional.empty(),
        List.of());
  }

  @Test
  void comparesTheDirectSideWithItselfToShowTheNoise() {
    // Runs 1–2 took 10 and 20 ms, runs 3–4 12 and 18 ms: p50 (nearest rank) 10 ÷ 12.
    assertThat(QueryReport.selfRatio(millis(10, 20, 12, 18), 50))
        .isCloseTo(10.0 / 12, within(1e-9));
    assertThat(QueryReport.selfRatio(millis(10, 20), 50)).isNaN();

    String noise =
        QueryReport.noiseFloor(size(10_000_000, millis(100, 110), millis(200, 210), Map.of()));

    // Two runs each: no second half, so nothing is measured.
    assertThat(noise)
        .startsWith("Noise at 10,000,000 events: the direct side against itself")
        .contains("at p50 not measured (fewer than three runs)")
        .contains("at p95 not measured (fewer than three runs)");
  }

  @Test
  void judgesRatiosAndTheOverviewTarget() {
    String md =
        new QueryReport(
                MACHINE,
                options(),
                List.of(size(10_000_000, millis(110, 150), millis(220, 320), Map.of())))
            .markdown();

    assertThat(md)
        .contains("| aggregate | 1 | 1 | 110 | 150 | 150 | 100 | 110 | 110 | 1.10 | 1.36 |")
        .contains(
            "| HTTP ÷ direct at p50, each request and the overview set, 10,000,000 events | ≤ 1.20"
                + " | 2 of 2 within; the largest 1.10 (aggregate: 110.0 ÷ 100.0 ms) | met |")
        .contains("the largest 1.52 (overview set, all at once (wall time): 320.0 ÷ 210.0 ms)")
        .contains(
            "| overview set over HTTP, p95, 10,000,000 events | < 300 ms | 320.0 ms |"
                + " missed by 7% |")
        .contains("second and later loads took p50 5.0 ms");
  }

  @Test
  void reportsRequestsThatFailedOverHttp() {
    String md =
        new QueryReport(
                MACHINE,
                options(),
                List.of(
                    size(
                        50_000_000,
                        millis(110, 120),
                        List.of(),
                        Map.of(
                            "overview: top pages",
                            List.of("GET http://127.0.0.1:1/x failed: closed")))))
            .markdown();

    assertThat(md)
        .contains("| **overview set, all at once (wall time)** | 1 |  | failed | failed | failed |")
        .contains("- overview: top pages: 1 time(s), e.g. GET <url> failed: closed")
        .contains("no HTTP time for overview set, all at once (wall time)")
        .contains(
            "| overview set over HTTP, p95, 50,000,000 events | (none above 10M) |"
                + " no load completed | failed |");
  }
}
