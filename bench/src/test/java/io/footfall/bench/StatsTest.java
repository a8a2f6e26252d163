package io.footfall.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StatsTest {

  @Test
  void percentileIsTheNearestRank() {
    long[] oneToHundred = new long[100];
    for (int i = 0; i < 100; i++) {
      oneToHundred[i] = 100L - i;
    }
    assertThat(Stats.percentile(oneToHundred.clone(), 50)).isEqualTo(50);
    assertThat(Stats.percentile(oneToHundred.clone(), 99)).isEqualTo(99);
    assertThat(Stats.percentile(oneToHundred.clone(), 99.5)).isEqualTo(100);
    assertThat(Stats.percentile(oneToHundred.clone(), 100)).isEqualTo(100);
    assertThat(Stats.percentile(oneToHundred.clone(), 0.1)).isEqualTo(1);
  }

  @Test
  void percentileOfOneValueIsThatValue() {
    assertThat(Stats.percentile(new long[] {7}, 50)).isEqualTo(7);
    assertThat(Stats.percentile(new long[] {7}, 99)).isEqualTo(7);
  }

  @Test
  void percentileAgreesWithCountingOnRandomData() {
    SplittableRandom random = new SplittableRandom(3);
    long[] values = random.longs(10_001, 0, 1_000_000).toArray();
    for (double p : new double[] {1, 25, 50, 90, 99, 99.9}) {
      long q = Stats.percentile(values.clone(), p);
      long atOrBelow = Arrays.stream(values).filter(v -> v <= q).count();
      long below = Arrays.stream(values).filter(v -> v < q).count();
      assertThat(atOrBelow)
          .as("p%s", p)
          .isGreaterThanOrEqualTo((long) Math.ceil(p / 100 * values.length));
      assertThat(below).as("p%s", p).isLessThan((long) Math.ceil(p / 100 * values.length));
    }
  }

  @Test
  void medianOfOddAndEvenCounts() {
    assertThat(Stats.median(3, 1, 2)).isEqualTo(2);
    assertThat(Stats.median(4, 1, 3, 2)).isEqualTo(2.5);
    assertThat(Stats.median(5)).isEqualTo(5);
  }

  @Test
  void medianLeavesItsInputAlone() {
    double[] values = {3, 1, 2};
    Stats.median(values);
    assertThat(values).containsExactly(3, 1, 2);
  }

  @Test
  void rejectsEmptyInputAndPercentilesOutOfRange() {
    assertThatThrownBy(() -> Stats.percentile(new long[0], 50))
        .hasMessage("percentile of no values");
    assertThatThrownBy(() -> Stats.percentile(new long[] {1}, 0))
        .hasMessage("percentile must be in (0, 100], was 0.0");
    assertThatThrownBy(() -> Stats.percentile(new long[] {1}, 101))
        .hasMessageContaining("was 101.0");
    assertThatThrownBy(Stats::median).hasMessage("median of no values");
  }

  @Test
  void concatenatesTheUsedPartsOfEachArray() {
    long[][] arrays = {{1, 2, 0, 0}, {3, 0}, {}};
    assertThat(Stats.concat(arrays, new int[] {2, 1, 0})).containsExactly(1, 2, 3);
  }
}
