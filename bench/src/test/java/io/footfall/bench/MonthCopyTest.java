package io.footfall.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.store.duckdb.DuckDbStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonthCopyTest {
  @Test
  void copiesTheIdenticalRowsInBatchesOfTheGivenSize(@TempDir Path dir) throws Exception {
    try (DuckDbStore from = DuckDbStore.open(dir.resolve("from.duckdb"));
        DuckDbStore to = DuckDbStore.open(dir.resolve("to.duckdb"))) {
      try (Connection c = from.connection()) {
        MonthOfEvents.insert(
            c, "s1", MonthOfEventsTest.FROM, MonthOfEventsTest.TO, 5_000, "m", true);
        MonthOfEvents.insert(
            c, "other", MonthOfEventsTest.FROM, MonthOfEventsTest.TO, 50, "o", true);
      }

      MonthCopy.Result r = MonthCopy.copy(from, "s1", to, 700, Duration.ofHours(7));

      assertThat(r.events()).isEqualTo(5_000);
      // 5,000 in batches of 700: seven full writes and one of 100, whatever the windows.
      assertThat(r.writes()).isEqualTo(8);
      assertThat(to.events("s1")).isEqualTo(from.events("s1"));
      assertThat(to.events("other")).isEmpty();
    }
  }

  @Test
  void copiesNothingOfASiteWithoutEvents(@TempDir Path dir) {
    try (DuckDbStore from = DuckDbStore.open(dir.resolve("from.duckdb"));
        DuckDbStore to = DuckDbStore.open(dir.resolve("to.duckdb"))) {
      assertThat(MonthCopy.copy(from, "none", to, 10, Duration.ofDays(1)).events()).isZero();
    }
  }

  @Test
  void refusesAnEmptyBatchOrWindow(@TempDir Path dir) {
    try (DuckDbStore from = DuckDbStore.open(dir.resolve("from.duckdb"))) {
      assertThatThrownBy(() -> MonthCopy.copy(from, "s1", from, 0, Duration.ofDays(1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("batch size");
      assertThatThrownBy(() -> MonthCopy.copy(from, "s1", from, 10, Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
