package io.footfall.query.sql;

import io.footfall.core.Goal;
import io.footfall.core.query.Dimension;
import io.footfall.core.query.Filter;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether one event matches a list of filters (all hold), as a SQL condition: for the people
 * reports, whose steps ("signed up", "viewed /pricing", "completed the goal Purchase") are filters
 * on single events. An event matches exactly as it does in the reports' {@code event:} filters.
 *
 * <p>Only what one event decides can be asked: no {@code visit:} filters over whole visits, no
 * entry or exit page, no time bucket.
 */
public final class EventConditions {
  private EventConditions() {}

  /**
   * The condition, with its parameters in the order of their {@code ?}; {@code TRUE} for no
   * filters.
   *
   * @param prefix what the events' columns are qualified with, e.g. {@code "e."} or {@code ""}
   * @param goals the goals the filters' goal conditions name
   * @throws IllegalArgumentException for a filter one event cannot decide
   */
  public static CompiledQuery compile(
      SqlDialect dialect, List<Filter> filters, List<Goal> goals, String prefix) {
    Conditions conditions =
        new Conditions(
            dialect,
            goals,
            column -> {
              throw new IllegalArgumentException("a time bucket is not a condition on one event");
            });
    Sql s = new Sql().add("(" + dialect.bool(true));
    for (Filter f : filters) {
      Dimension.Kind kind = f.dimension().kind();
      if (f.wholeVisits() && kind.level() == Dimension.Level.EVENT) {
        throw new IllegalArgumentException(
            "a filter on whole visits is not a condition on one event: " + f.dimensionApiName());
      }
      if (kind == Dimension.Kind.ENTRY_PAGE
          || kind == Dimension.Kind.EXIT_PAGE
          || kind.level() == Dimension.Level.TIME) {
        throw new IllegalArgumentException(
            f.dimensionApiName() + " is not a condition on one event");
      }
      s.add(" AND ");
      if (f.op().negated()) {
        s.add("NOT ");
      }
      s.add(conditions.positive(f, prefix));
    }
    s.add(")");
    StringBuilder text = new StringBuilder();
    List<Object> params = new ArrayList<>();
    s.render(text, params, java.util.Map.of());
    return new CompiledQuery(text.toString(), params);
  }

  /**
   * The value of a dimension on one event as text, {@code (none)} when the event has none (an empty
   * or absent value), as breakdowns show it: for a people report split by the value on an event.
   * Only dimensions with one value per event: not goals, entry or exit pages, or time buckets.
   *
   * @param prefix what the events' columns are qualified with, e.g. {@code "e."} or {@code ""}
   * @throws IllegalArgumentException for a dimension without one value per event
   */
  public static CompiledQuery value(SqlDialect dialect, Dimension dimension, String prefix) {
    Dimension.Kind kind = dimension.kind();
    if (kind == Dimension.Kind.GOAL
        || kind == Dimension.Kind.ENTRY_PAGE
        || kind == Dimension.Kind.EXIT_PAGE
        || kind.level() == Dimension.Level.TIME) {
      throw new IllegalArgumentException(dimension.apiName() + " has no single value on one event");
    }
    Conditions conditions =
        new Conditions(
            dialect,
            List.of(),
            column -> {
              throw new IllegalArgumentException("a time bucket is not a value of one event");
            });
    Sql v = conditions.dimensionValue(dimension, prefix);
    Sql s = new Sql();
    s.call(t -> "CASE WHEN " + t + " = '' THEN '" + Filter.NONE + "' ELSE ", v);
    s.add(conditions.dimensionValue(dimension, prefix)).add(" END");
    StringBuilder text = new StringBuilder();
    List<Object> params = new ArrayList<>();
    s.render(text, params, java.util.Map.of());
    return new CompiledQuery(text.toString(), params);
  }
}
