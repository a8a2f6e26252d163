package io.footfall.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.core.Event;
import io.footfall.demo.TrafficGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreCeilingTest {
  private static final Instant NOW = Instant.parse("2026-02-10T12:00:00Z");
  private static final List<Map<String, Object>> EVENTS =
      new TrafficGenerator(3, Clock.fixed(NOW, ZoneOffset.UTC), ZoneOffset.UTC, 5, 1_000).events();

  @Test
  void writesTheRequestedRowsInBatchesAndRemovesItsFile(@TempDir Path dir) throws Exception {
    List<Event> rows = EnrichedEvents.of(EVENTS, "site-1", NOW);

    StoreCeiling.Result result =
        StoreCeiling.run(rows, 300, 2_500, Duration.ofSeconds(60), dir, "t1");

    assertThat(result.rows()).isEqualTo(2_500);
    assertThat(result.batchSize()).isEqualTo(300);
    assertThat(result.rowsPerSecond()).isPositive();
    // 2,500 rows in batches of 300: eight full writes and one of 100.
    assertThat(result.writeNanos()).hasSize(9).isSorted();
    assertThat(result.writeMillis(100)).isGreaterThanOrEqualTo(result.writeMillis(50));
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void enrichesLikeThePipeline() {
    List<Event> rows = EnrichedEvents.of(EVENTS, "site-1", NOW);

    assertThat(rows).hasSameSizeAs(EVENTS);
    assertThat(rows).allMatch(e -> e.page().hostname().equals(TrafficGenerator.DOMAIN));
    assertThat(rows).allMatch(e -> e.client().network().matches(".*/(24|48)"));
    assertThat(rows).allMatch(e -> e.client().country().matches("[A-Z]{2}"));
    assertThat(rows).anyMatch(e -> e.page().medium().equals("search"));
    assertThat(rows).anyMatch(e -> e.page().clickId().equals("gclid"));
    assertThat(rows).anyMatch(e -> e.revenue().present());
    assertThat(rows.stream().map(e -> e.client().device()).distinct())
        .containsExactlyInAnyOrder("desktop", "mobile", "tablet");
    // Page views of one visit share a visit id.
    assertThat(rows.stream().map(Event::sessionId).distinct().count())
        .isLessThan(rows.size() * 3 / 4);
  }

  @Test
  void readsBrowsersFromTheUserAgents() {
    assertThat(
            EnrichedEvents.software(
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                    + " Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"))
        .containsExactly("Edge", "131", "Windows", "", "desktop");
    assertThat(
            EnrichedEvents.software(
                "Mozilla/5.0 (iPad; CPU OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
                    + " Gecko) Version/17.7 Mobile/15E148 Safari/604.1"))
        .containsExactly("Safari", "17", "iOS", "", "tablet");
  }
}
