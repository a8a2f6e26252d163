package io.footfall.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.footfall.core.query.Dimension;
import io.footfall.core.query.Filter;
import io.footfall.core.query.Metric;
import io.footfall.core.query.Order;
import io.footfall.core.query.ReportQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServedStatementsTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void rebuildsTheQueryAndTheComparedRangeFromTheEcho() throws Exception {
    JsonNode answer =
        JSON.readTree(
            """
            {"results": [],
             "meta": {"currency": "EUR", "time_zone": "Europe/Berlin",
                      "comparison": {"mode": "previous_period",
                                     "date_range": ["2026-09-01T00:00+02:00",
                                                    "2026-10-01T00:00+02:00"]}},
             "query": {"site_id": "s1", "metrics": ["visitors", "sum:amount"],
                       "date_range": ["2026-10-01T00:00+02:00", "2026-11-01T00:00+01:00"],
                       "dimensions": ["visit:source"],
                       "filters": [["is", "visit:country", ["DE"]],
                                   ["contains", "event:page", ["/blog/"]],
                                   ["is_not", "visit:page", ["/pricing"]]],
                       "order_by": [["visitors", "asc"]],
                       "pagination": {"limit": 10, "offset": 20}}}
            """);

    ServedStatements s = ServedStatements.fromAnswer(answer, List.of(), false);

    assertThat(s.queries()).hasSize(2);
    ReportQuery q = s.queries().get(0);
    assertThat(q.siteId()).isEqualTo("s1");
    assertThat(q.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(q.from()).isEqualTo(Instant.parse("2026-09-30T22:00:00Z"));
    assertThat(q.to()).isEqualTo(Instant.parse("2026-10-31T23:00:00Z"));
    assertThat(q.metrics())
        .containsExactly(Metric.of(Metric.Kind.VISITORS), new Metric(Metric.Kind.SUM, "amount"));
    assertThat(q.dimensions()).containsExactly(Dimension.of(Dimension.Kind.SOURCE));
    assertThat(q.filters())
        .containsExactly(
            new Filter(Filter.Op.IS, Dimension.of(Dimension.Kind.COUNTRY), true, List.of("DE")),
            new Filter(
                Filter.Op.CONTAINS, Dimension.of(Dimension.Kind.PAGE), false, List.of("/blog/")),
            new Filter(
                Filter.Op.IS_NOT, Dimension.of(Dimension.Kind.PAGE), true, List.of("/pricing")));
    assertThat(q.orderBy()).containsExactly(new Order("visitors", false));
    assertThat(q.limit()).isEqualTo(10);
    assertThat(q.offset()).isEqualTo(20);
    ReportQuery compared = s.queries().get(1);
    assertThat(compared.from()).isEqualTo(Instant.parse("2026-08-31T22:00:00Z"));
    assertThat(compared.to()).isEqualTo(Instant.parse("2026-09-30T22:00:00Z"));
    assertThat(compared.limit()).isEqualTo(ReportQuery.MAX_LIMIT);
    assertThat(compared.offset()).isZero();
    assertThat(s.at(Instant.now())).isEqualTo(s.queries());
  }

  @Test
  void movesAMovingRangeToEndAtTheRunKeepingItsLength() throws Exception {
    JsonNode answer =
        JSON.readTree(
            """
            {"meta": {"currency": "EUR", "time_zone": "UTC"},
             "query": {"site_id": "s1", "metrics": ["visitors"],
                       "date_range": ["2026-11-23T10:00:00.5Z", "2026-11-23T10:05:00.5Z"],
                       "pagination": {"limit": 10000, "offset": 0}}}
            """);
    ServedStatements s = ServedStatements.fromAnswer(answer, List.of(), true);
    Instant now = Instant.parse("2026-11-23T12:00:00Z");

    ReportQuery q = s.at(now).get(0);

    assertThat(q.to()).isEqualTo(now);
    assertThat(Duration.between(q.from(), q.to())).isEqualTo(Duration.ofMinutes(5));
  }
}
