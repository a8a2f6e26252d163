package io.footfall.core.query;

import java.util.Objects;

/**
 * One sort key of a query's results.
 *
 * @param by a metric's or a dimension's API name that the query asks for
 * @param descending whether larger values come first
 */
public record Order(String by, boolean descending) {
  public Order {
    Objects.requireNonNull(by, "by");
  }
}
