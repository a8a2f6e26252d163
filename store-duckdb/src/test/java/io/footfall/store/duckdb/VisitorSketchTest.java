package io.footfall.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Percentage.withPercentage;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VisitorSketchTest {
  @Test
  void countsExactlyUpToTheLimitAcrossMerges() {
    Random random = new Random(1);
    Set<Long> exact = new HashSet<>();
    VisitorSketch union = new VisitorSketch();
    for (int day = 0; day < 20; day++) {
      VisitorSketch daily = new VisitorSketch();
      for (int i = 0; i < 120; i++) {
        long visitor = random.nextLong(VisitorSketch.EXACT_LIMIT); // repeats within and across days
        exact.add(visitor);
        daily.add(Rollups.hash(visitor));
      }
      union.merge(daily.toBytes());
      assertThat(union.count()).isEqualTo(exact.size());
    }
    assertThat(exact.size()).isLessThanOrEqualTo(VisitorSketch.EXACT_LIMIT);
    byte[] stored = union.toBytes();
    assertThat(stored).hasSize(1 + 8 * exact.size());
    VisitorSketch copy = new VisitorSketch();
    copy.merge(stored);
    assertThat(copy.count()).isEqualTo(exact.size());
  }

  @Test
  void aReportsUnionOfExactRowsStaysExactPastTheStoredLimit() {
    Random random = new Random(2);
    Set<Long> exact = new HashSet<>();
    VisitorSketch union = VisitorSketch.merging();
    for (int day = 0; day < 30; day++) {
      VisitorSketch daily = new VisitorSketch();
      for (int i = 0; i < 400; i++) {
        long visitor = random.nextLong(3 * VisitorSketch.EXACT_LIMIT);
        exact.add(visitor);
        daily.add(Rollups.hash(visitor));
      }
      byte[] stored = daily.toBytes();
      assertThat(stored[0]).as("a stored day of 400 visitors is exact").isEqualTo((byte) 1);
      union.merge(stored);
    }
    assertThat(exact.size())
        .isBetween(VisitorSketch.EXACT_LIMIT + 1, VisitorSketch.MERGED_EXACT_LIMIT);
    assertThat(union.count()).isEqualTo(exact.size());
  }

  @Test
  void aReportsUnionTurnsIntoAnEstimatePastItsOwnLimit() {
    VisitorSketch union = VisitorSketch.merging();
    for (long v = 0; v <= VisitorSketch.MERGED_EXACT_LIMIT; v++) {
      union.add(Rollups.hash(v));
    }
    assertThat((double) union.count())
        .isCloseTo(VisitorSketch.MERGED_EXACT_LIMIT + 1, withPercentage(5))
        .isNotEqualTo((double) VisitorSketch.MERGED_EXACT_LIMIT + 1);
  }

  @Test
  void turnsIntoAnEstimateBeyondTheLimit() {
    VisitorSketch s = new VisitorSketch();
    for (long v = 0; v <= VisitorSketch.EXACT_LIMIT; v++) {
      s.add(Rollups.hash(v));
    }
    byte[] stored = s.toBytes();
    assertThat(stored).hasSize(2 + (1 << VisitorSketch.P));
    assertThat((double) s.count()).isCloseTo(VisitorSketch.EXACT_LIMIT + 1, withPercentage(5));
  }

  @Test
  void mergedSketchesEstimateLargeCountsClosely() {
    Random random = new Random(3);
    VisitorSketch union = new VisitorSketch();
    Set<Long> exact = new HashSet<>();
    for (int day = 0; day < 30; day++) {
      VisitorSketch daily = new VisitorSketch();
      for (int i = 0; i < 20_000; i++) {
        // Returning visitors: ids drawn from a pool, so days overlap.
        long visitor = random.nextLong(200_000);
        exact.add(visitor);
        daily.add(Rollups.hash(visitor));
      }
      // Small sketches (exact form) and large ones (estimating form) merge into one another.
      VisitorSketch small = new VisitorSketch();
      small.add(Rollups.hash(1_000_000L + day));
      exact.add(1_000_000L + day);
      union.merge(small.toBytes());
      union.merge(daily.toBytes());
    }
    double error = Math.abs(union.count() - exact.size()) / (double) exact.size();
    assertThat(error)
        .as("relative error of %d vs %d", union.count(), exact.size())
        .isLessThan(0.03);
  }

  @Test
  void mergingStoredSketchesEqualsAddingTheirVisitors() {
    Random random = new Random(9);
    // Exact all along; exact days turning into an estimate; estimating days merged one by one.
    for (int perDay : new int[] {50, 700, 5_000}) {
      VisitorSketch merged = new VisitorSketch();
      VisitorSketch added = new VisitorSketch();
      for (int day = 0; day < 12; day++) {
        VisitorSketch daily = new VisitorSketch();
        for (int i = 0; i < perDay; i++) {
          long hash = Rollups.hash(random.nextLong(perDay * 4L));
          daily.add(hash);
          added.add(hash);
        }
        merged.merge(daily.toBytes());
      }
      assertThat(merged.toBytes()).as("%d a day", perDay).isEqualTo(added.toBytes());
      assertThat(merged.count()).isEqualTo(added.count());
    }
  }

  @Test
  void refusesBytesThatAreNoSketch() {
    assertThatThrownBy(() -> new VisitorSketch().merge(new byte[] {7, 1, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kind 7");
  }
}
