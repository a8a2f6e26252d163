package io.footfall.bench;

import java.util.Arrays;

/** Order statistics for latencies and repeated measurements. */
final class Stats {
  private Stats() {}

  /**
   * The nearest-rank percentile: the smallest value such that at least {@code p}% of the values are
   * less than or equal to it. {@code p} in (0, 100]. The array is sorted in place.
   *
   * @throws IllegalArgumentException if there are no values or {@code p} is out of range
   */
  static long percentile(long[] values, double p) {
    if (values.length == 0) {
      throw new IllegalArgumentException("percentile of no values");
    }
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100], was " + p);
    }
    Arrays.sort(values);
    int rank = (int) Math.ceil(p / 100.0 * values.length);
    return values[Math.max(0, rank - 1)];
  }

  /**
   * The median; the mean of the two middle values when the count is even.
   *
   * @throws IllegalArgumentException if there are no values
   */
  static double median(double... values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("median of no values");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /** Concatenates latency arrays, each used up to its given length. */
  static long[] concat(long[][] arrays, int[] lengths) {
    int total = 0;
    for (int n : lengths) {
      total += n;
    }
    long[] all = new long[total];
    int at = 0;
    for (int i = 0; i < arrays.length; i++) {
      System.arraycopy(arrays[i], 0, all, at, lengths[i]);
      at += lengths[i];
    }
    return all;
  }
}
