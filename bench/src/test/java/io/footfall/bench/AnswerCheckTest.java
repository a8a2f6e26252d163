package io.footfall.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.footfall.core.query.Report;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerCheckTest {
  static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  static Report.Row row(List<String> dims, Object... metrics) {
    return new Report.Row(dims, Arrays.asList(metrics));
  }

  @Test
  void agreesWhenRowsAndValuesMatch() throws Exception {
    JsonNode answer =
        JSON.readTree(
            """
            {"results": [{"metrics": [10, 42.50, null], "dimensions": ["Google"]},
                         {"metrics": [3, 40.0, 12], "dimensions": ["(none)"]}],
             "meta": {"total_rows": 2}}
            """);
    Report direct =
        new Report(
            List.of(
                row(List.of("Google"), 10L, new BigDecimal("42.5"), null),
                row(List.of("(none)"), 3L, new BigDecimal("40.0"), 12L)),
            2);

    assertThat(AnswerCheck.differences(answer, List.of(direct), false)).isEmpty();
  }

  @Test
  void namesTheRowAndMetricThatDiffer() throws Exception {
    JsonNode answer =
        JSON.readTree(
            """
            {"results": [{"metrics": [10, 42.5], "dimensions": ["Google"]}],
             "meta": {"total_rows": 3}}
            """);
    Report direct = new Report(List.of(row(List.of("Google"), 11L, new BigDecimal("42.5"))), 2);

    assertThat(AnswerCheck.differences(answer, List.of(direct), false))
        .containsExactly(
            "row 0 [Google]: metric 0 is 10 in the answer, 11 direct",
            "total_rows 3 in the answer, 2 direct");
  }

  @Test
  void acceptsFilledEmptyBucketsOnlyWhenZero() throws Exception {
    JsonNode answer =
        JSON.readTree(
            """
            {"results": [{"metrics": [5], "dimensions": ["2026-10-01T00:00:00"]},
                         {"metrics": [0], "dimensions": ["2026-10-02T00:00:00"]},
                         {"metrics": [7], "dimensions": ["2026-10-03T00:00:00"]}]}
            """);
    Report direct = new Report(List.of(row(List.of("2026-10-01T00:00:00"), 5L)), 1);

    assertThat(AnswerCheck.differences(answer, List.of(direct), true))
        .containsExactly(
            "empty bucket [2026-10-03T00:00:00]: the direct query has no such row, the answer has"
                + " [7]");
  }

  @Test
  void comparesTheComparedPeriod() throws Exception {
    JsonNode answer =
        JSON.readTree(
            """
            {"results": [{"metrics": [10], "dimensions": [],
                          "comparison": {"dimensions": [], "metrics": [8], "change": [25.0]}}]}
            """);
    Report now = new Report(List.of(row(List.of(), 10L)), 1);

    assertThat(
            AnswerCheck.differences(
                answer, List.of(now, new Report(List.of(row(List.of(), 8L)), 1)), false))
        .isEmpty();
    assertThat(
            AnswerCheck.differences(
                answer, List.of(now, new Report(List.of(row(List.of(), 9L)), 1)), false))
        .containsExactly("compared row []: metric 0 is 8 in the answer, 9 direct");
  }
}
