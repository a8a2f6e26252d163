package io.footfall.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A fixed set of values drawn with given relative weights.
 *
 * @param <T> the value type
 */
final class Weighted<T> {
  private final List<T> values;
  private final double[] cumulative;

  private Weighted(List<T> values, double[] cumulative) {
    this.values = List.copyOf(values);
    this.cumulative = cumulative;
  }

  /** Starts a table; add values with {@link Builder#add}. */
  static <T> Builder<T> builder() {
    return new Builder<>();
  }

  /** Values with Zipf weights: the value at rank r (from 1) weighs {@code 1 / r^exponent}. */
  static <T> Weighted<T> zipf(List<T> ranked, double exponent) {
    Builder<T> b = builder();
    for (int i = 0; i < ranked.size(); i++) {
      b.add(1.0 / Math.pow(i + 1, exponent), ranked.get(i));
    }
    return b.build();
  }

  /** Every value with the same weight. */
  static <T> Weighted<T> uniform(List<T> values) {
    Builder<T> b = builder();
    values.forEach(v -> b.add(1.0, v));
    return b.build();
  }

  T pick(SplittableRandom random) {
    double x = random.nextDouble() * cumulative[cumulative.length - 1];
    for (int i = 0; i < cumulative.length; i++) {
      if (x < cumulative[i]) {
        return values.get(i);
      }
    }
    return values.get(values.size() - 1);
  }

  List<T> values() {
    return values;
  }

  static final class Builder<T> {
    private final List<T> values = new ArrayList<>();
    private final List<Double> weights = new ArrayList<>();

    Builder<T> add(double weight, T value) {
      if (!(weight > 0)) {
        throw new IllegalArgumentException("weight must be positive, was " + weight);
      }
      values.add(Objects.requireNonNull(value, "value"));
      weights.add(weight);
      return this;
    }

    Weighted<T> build() {
      if (values.isEmpty()) {
        throw new IllegalStateException("a weighted table needs at least one value");
      }
      double[] cumulative = new double[weights.size()];
      double sum = 0;
      for (int i = 0; i < cumulative.length; i++) {
        sum += weights.get(i);
        cumulative[i] = sum;
      }
      return new Weighted<>(values, cumulative);
    }
  }
}
