package io.footfall.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecentIdsTest {
  final Instant t0 = Instant.parse("2026-03-01T00:00:00Z");

  @Test
  void remembersEveryAddedIdAndFewOthers() {
    RecentIds ids = new RecentIds(Duration.ofDays(8), Duration.ofHours(6));
    Random random = new Random(1);
    Set<Long> added = new HashSet<>();
    for (int i = 0; i < 200_000; i++) {
      long k = RecentIds.key("s", "id-" + random.nextLong());
      added.add(k);
      ids.add(k, t0.plusSeconds(i));
    }
    assertThat(ids.size()).isEqualTo(added.size());
    for (long k : added) {
      assertThat(ids.mightContain(k)).isTrue();
    }
    int falseHits = 0;
    for (int i = 0; i < 100_000; i++) {
      if (ids.mightContain(RecentIds.key("s", "other-" + i))) {
        falseHits++;
      }
    }
    assertThat(falseHits).isZero();
    assertThat(ids.mightContain(0L)).isFalse();
    ids.add(0L, t0);
    assertThat(ids.mightContain(0L)).isTrue();
  }

  @Test
  void forgetsBucketsOlderThanTheWindow() {
    RecentIds ids = new RecentIds(Duration.ofDays(1), Duration.ofHours(1));
    ids.add(RecentIds.key("s", "old"), t0);
    ids.add(RecentIds.key("s", "new"), t0.plus(Duration.ofHours(20)));

    ids.expire(t0.plus(Duration.ofHours(25)));

    assertThat(ids.mightContain(RecentIds.key("s", "old"))).isFalse();
    assertThat(ids.mightContain(RecentIds.key("s", "new"))).isTrue();
    assertThat(ids.size()).isEqualTo(1);
  }

  @Test
  void keysDifferBySite() {
    assertThat(RecentIds.key("a", "x")).isNotEqualTo(RecentIds.key("b", "x"));
    assertThat(RecentIds.key("ab", "c")).isNotEqualTo(RecentIds.key("a", "bc"));
  }
}
