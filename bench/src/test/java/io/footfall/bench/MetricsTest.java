package io.footfall.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricsTest {
  private static final String TEXT =
      """
      # HELP footfall_ingest_commit_events Events written by one group commit
      # TYPE footfall_ingest_commit_events summary
      footfall_ingest_commit_events_count 12.0
      footfall_ingest_commit_events_sum 3400.0
      footfall_ingest_commit_events_sum_total 99
      footfall_ingest_commit_seconds_count{exception="none"} 10
      footfall_ingest_commit_seconds_count{exception="x"} 2
      footfall_ingest_commit_seconds_sum{exception="none"} 0.25 1700000000000
      """;

  @Test
  void readsAPlainSample() {
    assertThat(Metrics.sum(TEXT, "footfall_ingest_commit_events_sum")).isEqualTo(3400.0);
  }

  @Test
  void addsUpEveryLabelSetAndIgnoresTimestamps() {
    assertThat(Metrics.sum(TEXT, "footfall_ingest_commit_seconds_count")).isEqualTo(12.0);
    assertThat(Metrics.sum(TEXT, "footfall_ingest_commit_seconds_sum")).isEqualTo(0.25);
  }

  @Test
  void anAbsentMetricIsNotANumber() {
    assertThat(Metrics.sum(TEXT, "footfall_ingest_commit")).isNaN();
    assertThat(Metrics.sum("", "x")).isNaN();
  }
}
