package io.footfall.query.sql;

import java.util.List;
import java.util.Objects;

/**
 * A compiled statement as steps: its named subqueries, each to be materialized under its name (a
 * temporary table) in order, each referring only to earlier ones by name, then the main select that
 * refers to them. For engines without CTEs that compute a subquery once per reference (ClickHouse
 * 18.16), where writing a subquery out at every use multiplies the work.
 *
 * @param steps the named subqueries, in the order they must be created
 * @param main the final select
 */
public record CompiledSteps(List<Step> steps, CompiledQuery main) {
  public CompiledSteps {
    steps = List.copyOf(steps);
    Objects.requireNonNull(main, "main");
  }

  /** One named subquery: {@code name} holds the rows of {@code body}. */
  public record Step(String name, CompiledQuery body) {
    public Step {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(body, "body");
    }
  }
}
