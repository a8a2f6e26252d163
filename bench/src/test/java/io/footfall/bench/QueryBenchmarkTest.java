package io.footfall.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole query benchmark on a tiny data set: the server jar started three times (site, the
 * measured runs beside the direct side on a copy of the file, cache phase), 20,000 events, two
 * measured runs per side. Needs the server jar, which the build packages before the bench module's
 * tests.
 */
class QueryBenchmarkTest {
  static final Path SERVER_JAR = Path.of("..", "server", "target", "footfall-server.jar");

  static QueryOptions options(Path work, int runs, int warmup) {
    return new QueryOptions(
        List.of(20_000L),
        YearMonth.of(2026, 10),
        ZoneId.of("Europe/Berlin"),
        runs,
        warmup,
        1,
        Duration.ofSeconds(60),
        Duration.ofSeconds(60),
        SERVER_JAR,
        0,
        List.of(),
        Optional.of(work),
        false,
        Optional.empty(),
        List.of());
  }

  @Test
  void measuresEveryRequestBothWaysAndTheAnswersAgree(@TempDir Path work) {
    ByteArrayOutputStream log = new ByteArrayOutputStream();

    QueryReport report =
        new QueryBenchmark(options(work, 2, 2), new PrintStream(log, true, StandardCharsets.UTF_8))
            .run();

    QueryBenchmark.SizeResult size = report.sizes().get(0);
    assertThat(size.events()).isEqualTo(20_000);
    assertThat(size.requests()).hasSize(19);
    assertThat(size.differences()).hasSize(19);
    size.differences().forEach((name, differences) -> assertThat(differences).as(name).isEmpty());
    for (String name : size.http().keySet()) {
      assertThat(size.http().get(name)).as("HTTP runs of " + name).hasSize(2);
      assertThat(size.direct().get(name)).as("direct runs of " + name).hasSize(2);
    }
    assertThat(size.statements().get("compare (30d, previous period)")).isEqualTo(2);
    assertThat(size.rows().get("timeseries (day)")).isEqualTo(31);
    assertThat(size.cachedFirstNanos()).isPositive();
    assertThat(size.cachedNanos()).hasSize(1);
    assertThat(size.slowest()).hasSize(3);
    String md = report.markdown();
    assertThat(md)
        .contains("#### 20,000 events")
        .contains("| breakdown visit:entry_page | 1 |")
        .contains("**" + QueryBenchmark.OVERVIEW_SET + "**")
        .contains("HTTP and direct answers agree (same rows, same values) for all 19 requests")
        .contains("| overview set over HTTP, p95, 20,000 events | < 300 ms |");
    assertThat(work.resolve("data-20000")).doesNotExist();
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("store file copied for the direct side")
        .contains("warm-up: 2 run(s) of everything on each side")
        .contains("measured [")
        .contains(": 2 of 2 runs");
  }

  @Test
  void refusesARunWithoutWarmUp(@TempDir Path work) {
    assertThatThrownBy(() -> options(work, 2, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("warmup must be positive, was 0");
  }
}
