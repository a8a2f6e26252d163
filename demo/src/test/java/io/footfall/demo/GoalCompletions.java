package io.footfall.demo;

import io.footfall.core.Goal;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Whether an event completes a goal, written from {@link Goal}'s contract (whole-path match of the
 * pattern; event name and, when set, one property value compared as text), for tests that check the
 * demo's goals against its traffic without the query engine.
 */
final class GoalCompletions {
  private GoalCompletions() {}

  /** The demo goal as the record the server stores, which also checks it against Goal's rules. */
  static Goal goal(Catalog.GoalDefinition d) {
    return new Goal(
        "g_demo",
        "s_demo",
        d.name(),
        Goal.Kind.valueOf(d.type().toUpperCase(Locale.ROOT)),
        d.path(),
        d.eventName(),
        d.propertyKey(),
        d.propertyValue(),
        Instant.EPOCH);
  }

  /**
   * @param name the event's name ({@code pageview} for page views)
   * @param path the page's path, without query or fragment
   * @param properties the event's custom properties
   */
  static boolean completes(Goal goal, String name, String path, Map<?, ?> properties) {
    return switch (goal.kind()) {
      case PAGEVIEW -> name.equals("pageview") && Pattern.matches(goal.pathRegex(), path);
      case EVENT ->
          name.equals(goal.eventName())
              && (goal.propertyKey().isEmpty()
                  || goal.propertyValue()
                      .equals(String.valueOf(properties.get(goal.propertyKey()))));
    };
  }
}
