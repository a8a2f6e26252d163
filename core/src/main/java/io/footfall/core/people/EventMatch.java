package io.footfall.core.people;

import io.footfall.core.query.Filter;
import java.util.List;
import java.util.Objects;

/**
 * Which events count as one step of a people report (a funnel's step, a retention's start or
 * return): those matching every filter, as the reports' {@code event:} filters match one event. An
 * event step is {@code [is event:name [signup]]}, a page step {@code [is event:name [pageview]]}
 * and {@code [matches event:page [<pattern's regex>]]}, a goal step {@code [is event:goal
 * [<goal>]]} (with the query's goals), each with any further filters on the same event.
 *
 * @param label what the step is called in answers, e.g. {@code signup} or {@code /pricing}
 * @param filters the conditions, at least one; only ones a single event decides (no {@code visit:}
 *     filters over whole visits, no entry or exit page, no time bucket)
 */
public record EventMatch(String label, List<Filter> filters) {
  public EventMatch {
    Objects.requireNonNull(label, "label");
    if (label.isBlank() || label.length() > 500) {
      throw new IllegalArgumentException("a step's label must be 1 to 500 characters");
    }
    filters = List.copyOf(Objects.requireNonNull(filters, "filters"));
    if (filters.isEmpty()) {
      throw new IllegalArgumentException("a step needs at least one condition");
    }
  }
}
