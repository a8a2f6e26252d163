package io.footfall.query.sql;

import io.footfall.core.Event;
import io.footfall.core.Goal;
import io.footfall.core.query.Dimension;
import io.footfall.core.query.Filter;
import io.footfall.core.query.Interval;
import java.util.List;
import java.util.function.Function;

/**
 * Conditions on one event as SQL: a filter's match, a goal's completion, a dimension's value. The
 * reports ({@link Matching}) and the people reports ({@link EventConditions}) compile filters here,
 * so an event matches the same way in both.
 */
final class Conditions {
  private final SqlDialect dialect;
  private final List<Goal> goals;
  private final Function<String, Sql> localTime;

  /**
   * @param goals the goals that goal filters name
   * @param localTime the wall-clock time of a UTC timestamp column, for time buckets
   */
  Conditions(SqlDialect dialect, List<Goal> goals, Function<String, Sql> localTime) {
    this.dialect = dialect;
    this.goals = List.copyOf(goals);
    this.localTime = localTime;
  }

  Sql anyOf(List<Goal> goals, String prefix) {
    if (goals.isEmpty()) {
      return new Sql().add(dialect.bool(false));
    }
    Sql s = new Sql().add("(");
    for (int i = 0; i < goals.size(); i++) {
      if (i > 0) {
        s.add(" OR ");
      }
      s.add(goalCondition(goals.get(i), prefix));
    }
    return s.add(")");
  }

  Sql goalCondition(Goal g, String prefix) {
    Sql s = new Sql();
    switch (g.kind()) {
      case PAGEVIEW ->
          s.add("(" + prefix + "name = '" + Event.PAGEVIEW + "' AND ")
              .withParam(dialect.regexWhole("coalesce(" + prefix + "pathname, '')"), g.pathRegex())
              .add(")");
      case EVENT -> {
        s.add("(" + prefix + "name = ").param(g.eventName());
        if (!g.propertyKey().isEmpty()) {
          // coalesce: an event without the property does not complete the goal (false, not NULL,
          // so that a negated goal filter keeps it).
          s.add(" AND coalesce(")
              .withParam(dialect.propertyText(prefix), dialect.propertyKey(g.propertyKey()))
              .add(" = ")
              .param(g.propertyValue())
              .add(", " + dialect.bool(false) + ")");
        }
        s.add(")");
      }
    }
    return s;
  }

  /** The filter's condition without its negation, on one event. */
  Sql positive(Filter f, String prefix) {
    Dimension d = f.dimension();
    if (d.kind() == Dimension.Kind.GOAL) {
      return anyOf(f.goalsNamed(goals), prefix);
    }
    List<String> values = f.values().stream().map(v -> v.equals(Filter.NONE) ? "" : v).toList();
    Sql s = new Sql().add("(");
    switch (f.op().positive()) {
      case IS -> {
        s.add(dimensionValue(d, prefix)).add(" IN (");
        for (int i = 0; i < values.size(); i++) {
          s.add(i > 0 ? ", " : "").param(values.get(i));
        }
        s.add(")");
      }
      case CONTAINS -> {
        for (int i = 0; i < values.size(); i++) {
          s.add(i > 0 ? " OR " : "").call(dialect::contains, textOrNone(d, prefix), values.get(i));
        }
      }
      case MATCHES -> {
        for (int i = 0; i < values.size(); i++) {
          s.add(i > 0 ? " OR " : "").call(dialect::regexFind, textOrNone(d, prefix), values.get(i));
        }
      }
      default -> throw new IllegalStateException(f.op().toString());
    }
    return s.add(")");
  }

  /**
   * The value as patterns see it: an absent value is the text {@code (none)}, as results show it,
   * so {@code contains "none"} finds it and {@code does_not_contain "n"} drops it.
   */
  private Sql textOrNone(Dimension d, String prefix) {
    Sql v = dimensionValue(d, prefix);
    Sql s = new Sql();
    s.call(t -> "CASE WHEN " + t + " = '' THEN '" + Filter.NONE + "' ELSE ", v);
    return s.add(dimensionValue(d, prefix)).add(" END");
  }

  /** The dimension's value on an event as text, '' when absent; a timestamp for time buckets. */
  Sql dimensionValue(Dimension d, String prefix) {
    Sql s = new Sql();
    switch (d.kind()) {
      case MINUTE, HOUR, DAY, WEEK, MONTH ->
          s.call(t -> dialect.truncate(Interval.of(d.kind()), t), localTime.apply(prefix + "ts"));
      case PROPERTY ->
          s.add("coalesce(")
              .withParam(dialect.propertyText(prefix), dialect.propertyKey(d.property()))
              .add(", '')");
      case GOAL -> throw new IllegalStateException("goals are matched, not read");
      default -> s.add("coalesce(").add(column(d, prefix)).add(", '')");
    }
    return s;
  }

  private static String column(Dimension d, String prefix) {
    return switch (d.kind()) {
      case ENTRY_PAGE -> "vx.entry_page";
      case EXIT_PAGE -> "vx.exit_page";
      default -> prefix + EventColumns.of(d.kind());
    };
  }
}
