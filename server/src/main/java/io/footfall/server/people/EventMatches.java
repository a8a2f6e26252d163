package io.footfall.server.people;

import com.fasterxml.jackson.databind.JsonNode;
import io.footfall.core.Event;
import io.footfall.core.Goal;
import io.footfall.core.people.EventMatch;
import io.footfall.core.query.Dimension;
import io.footfall.core.query.Filter;
import io.footfall.server.query.QueryException;
import io.footfall.server.query.RequestParts;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a step of a people report from a request: {@code {"event": "signup"}}, {@code {"page":
 * "/blog/*"}} (a path pattern: {@code *} any characters but {@code /}, {@code **} any) or {@code
 * {"goal": "Purchase"}}, with optional {@code "filters": [[operator, dimension, [values]], ...]} on
 * the same event. A step that cannot be read is a 400 naming its field.
 */
public final class EventMatches {
  /** The most filters one step may add. */
  public static final int MAX_FILTERS = 10;

  private static final int MAX_NAME = 500;

  private EventMatches() {}

  /**
   * The step at {@code field} (e.g. {@code steps[2]}).
   *
   * @param goals the site's goals, which {@code "goal"} names
   */
  public static EventMatch parse(JsonNode node, String field, List<Goal> goals) {
    if (node == null || !node.isObject()) {
      throw new QueryException(
          field,
          field
              + " must be an object: {\"event\": name}, {\"page\": path pattern} or {\"goal\":"
              + " name}, with optional \"filters\"");
    }
    List<String> kinds = new ArrayList<>();
    for (String k : List.of("event", "page", "goal")) {
      if (node.has(k)) {
        kinds.add(k);
      }
    }
    if (kinds.size() != 1) {
      throw new QueryException(
          field, field + " must name exactly one of \"event\", \"page\" or \"goal\"");
    }
    var names = node.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!List.of("event", "page", "goal", "filters").contains(n)) {
        throw new QueryException(
            field + "." + n,
            "unknown field " + field + "." + n + "; a step has event, page or goal, and filters");
      }
    }
    String kind = kinds.getFirst();
    String value = name(node.get(kind), field + "." + kind);
    List<Filter> filters = new ArrayList<>();
    switch (kind) {
      case "event" -> filters.add(is(Dimension.Kind.NAME, value));
      case "page" -> {
        if (!value.startsWith("/")) {
          throw new QueryException(
              field + ".page",
              field + ".page must be a path starting with '/', was '" + value + "'");
        }
        filters.add(is(Dimension.Kind.NAME, Event.PAGEVIEW));
        filters.add(
            new Filter(
                Filter.Op.MATCHES,
                Dimension.of(Dimension.Kind.PAGE),
                false,
                List.of(Goal.pathRegex(value))));
      }
      default -> {
        if (goals.stream().noneMatch(g -> g.name().equals(value))) {
          throw new QueryException(field + ".goal", "the site has no goal named '" + value + "'");
        }
        filters.add(is(Dimension.Kind.GOAL, value));
      }
    }
    JsonNode more = node.get("filters");
    if (more != null && !more.isNull()) {
      if (!more.isArray()) {
        throw new QueryException(
            field + ".filters",
            field + ".filters must be a list of [operator, dimension, [values]]");
      }
      if (more.size() > MAX_FILTERS) {
        throw new QueryException(
            field + ".filters", "at most " + MAX_FILTERS + " filters per step, was " + more.size());
      }
      for (int i = 0; i < more.size(); i++) {
        String f = field + ".filters[" + i + "]";
        Filter filter = RequestParts.filter(more.get(i), f);
        Dimension.Kind k = filter.dimension().kind();
        if (filter.wholeVisits()
            || k == Dimension.Kind.ENTRY_PAGE
            || k == Dimension.Kind.EXIT_PAGE) {
          throw new QueryException(
              f + "[1]",
              "a step's filters are on its one event: "
                  + filter.dimensionApiName()
                  + " is about a whole visit");
        }
        if (k == Dimension.Kind.GOAL) {
          for (String g : filter.values()) {
            if (goals.stream().noneMatch(x -> x.name().equals(g))) {
              throw new QueryException(f + "[2]", "the site has no goal named '" + g + "'");
            }
          }
        }
        filters.add(filter);
      }
    }
    return new EventMatch(value, filters);
  }

  private static String name(JsonNode node, String field) {
    if (node == null || !node.isTextual() || node.textValue().isBlank()) {
      throw new QueryException(field, field + " must be a non-empty string");
    }
    String s = node.textValue();
    if (s.length() > MAX_NAME) {
      throw new QueryException(
          field, field + " may have at most " + MAX_NAME + " characters, had " + s.length());
    }
    return s;
  }

  private static Filter is(Dimension.Kind kind, String value) {
    return new Filter(Filter.Op.IS, Dimension.of(kind), false, List.of(value));
  }
}
