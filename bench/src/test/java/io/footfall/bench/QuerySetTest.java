package io.footfall.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuerySetTest {
  static final LocalDate DAY = QuerySet.relativeDate(YearMonth.of(2026, 10));

  @Test
  void coversEveryEndpointWithAFixedDayExceptRealtime() {
    List<StatsRequest> endpoints = QuerySet.endpoints("s1", DAY);

    assertThat(DAY).isEqualTo(LocalDate.of(2026, 10, 31));
    assertThat(endpoints.stream().map(r -> r.pathAndQuery().replaceAll("\\?.*", "")).distinct())
        .containsExactlyInAnyOrder(
            "/api/stats/aggregate",
            "/api/stats/timeseries",
            "/api/stats/breakdown",
            "/api/stats/realtime",
            "/api/stats/compare",
            "/api/query");
    for (StatsRequest r : endpoints) {
      boolean realtime = r.pathAndQuery().startsWith("/api/stats/realtime");
      assertThat(r.movingRange()).as(r.name()).isEqualTo(realtime);
      assertThat(r.pathAndQuery() + r.jsonBody())
          .as(r.name())
          .contains(realtime ? "site_id" : "2026-10-31");
    }
  }

  @Test
  void requestsAreChosenByNameInTheirOrderAndUnknownNamesAreRefused() {
    List<StatsRequest> endpoints = QuerySet.endpoints("s1", DAY);
    List<StatsRequest> overview = QuerySet.overview("s1", DAY);
    String last = overview.getLast().name();
    String first = endpoints.getFirst().name();

    assertThat(ClickHouseQueryBenchmark.chosen(endpoints, overview, List.of(last, first)))
        .extracting(StatsRequest::name)
        .containsExactly(first, last);
    assertThatThrownBy(
            () -> ClickHouseQueryBenchmark.chosen(endpoints, overview, List.of(first, "nope")))
        .isInstanceOf(BenchException.class)
        .hasMessageContaining("no request named [nope]")
        .hasMessageContaining(first);
  }

  @Test
  void theOverviewIsNineRequestsOverTheMonth() {
    List<StatsRequest> overview = QuerySet.overview("s1", DAY);

    assertThat(overview).hasSize(9);
    assertThat(overview).allMatch(r -> r.pathAndQuery().contains("date_range=month"));
    assertThat(overview.get(0).shown())
        .isEqualTo(
            "GET /api/stats/aggregate?date_range=month&metrics=visitors,visits,pageviews,"
                + "views_per_visit,bounce_rate,visit_duration&compare=previous_period");
    assertThat(overview.get(1).fillsBuckets()).isTrue();
    assertThat(QuerySet.goals("s1", java.time.Instant.EPOCH)).hasSize(4);
  }

  @Test
  void aPostShowsItsBodyWithoutTheSiteAndDay() {
    StatsRequest post =
        QuerySet.endpoints("s1", DAY).stream().filter(StatsRequest::isPost).findFirst().get();

    assertThat(post.jsonBody()).contains("\"site_id\":\"s1\"").contains("\"relative_date\"");
    assertThat(post.shown()).startsWith("POST /api/query {").doesNotContain("s1");
  }
}
