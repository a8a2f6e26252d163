package io.footfall.query.sql;

import io.footfall.core.Event;
import io.footfall.core.Goal;
import io.footfall.core.query.Dimension;
import io.footfall.core.query.Filter;
import io.footfall.core.query.Interval;
import io.footfall.core.query.Metric;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;

/**
 * The CTEs that select events: {@code base} (the site's events inside the range), {@code vx} (one
 * row per visit with its entry and exit page) and {@code m} (the matching events, each dimension's
 * value as {@code d0, d1, ...}; for the goal dimension, one copy of the event per goal it
 * completes). Filters, goals and time buckets are compiled here.
 */
final class Matching {
  private final Plan plan;
  private final SqlDialect dialect;

  Matching(Plan plan) {
    this.plan = plan;
    this.dialect = plan.dialect;
  }

  /** {@code base}: the site's events inside the range, the reported columns only. */
  Sql base() {
    return new Sql()
        .add("SELECT ")
        .add(String.join(", ", EventColumns.REPORTED))
        .add(", " + String.join(", ", dialect.propertyColumns()))
        .add(" FROM " + dialect.eventsTable() + " WHERE site_id = ")
        .param(plan.q.siteId())
        .add(" AND ts >= ")
        .param(dialect.timestampParameter(plan.q.from()))
        .add(" AND ts < ")
        .param(dialect.timestampParameter(plan.q.to()));
  }

  /** {@code vx}: each visit's first and last page viewed. */
  Sql visitPages() {
    return new Sql()
        .add("SELECT session_id, ")
        .add(dialect.earliest("coalesce(pathname, '')", "ts"))
        .add(" AS entry_page, ")
        .add(dialect.latest("coalesce(pathname, '')", "ts"))
        .add(" AS exit_page FROM ")
        .ref("base")
        .add(" WHERE name = '")
        .add(Event.PAGEVIEW)
        .add("' GROUP BY session_id");
  }

  /**
   * {@code m}: the matching events; {@code withGoals} false drops goal filters and the goal
   * dimension (the {@code m0} of the conversion rate's totals).
   */
  Sql events(boolean withGoals) {
    List<Goal> expand = withGoals && plan.goalDim >= 0 ? plan.q.goals() : List.of();
    if (withGoals && plan.goalDim >= 0 && expand.isEmpty()) {
      return select(withGoals, null).add(" AND " + dialect.bool(false));
    }
    if (expand.isEmpty()) {
      return select(withGoals, null);
    }
    Sql s = new Sql();
    for (int g = 0; g < expand.size(); g++) {
      if (g > 0) {
        s.add(" UNION ALL ");
      }
      s.add(select(true, expand.get(g)));
    }
    return s;
  }

  private Sql select(boolean withGoals, Goal goal) {
    Sql s = new Sql().add("SELECT base.visitor_id, base.session_id, base.name, base.ts");
    s.add(", base.revenue_amount, base.revenue_currency");
    for (int i = 0; i < plan.dims.size(); i++) {
      if (i == plan.goalDim) {
        if (withGoals) {
          s.add(", ").param(goal == null ? "" : goal.name()).add(" AS d" + i);
        }
        continue;
      }
      s.add(", ").add(dimensionValue(plan.dims.get(i), "base.")).add(" AS d" + i);
    }
    for (int i = 0; i < plan.q.metrics().size(); i++) {
      Metric m = plan.q.metrics().get(i);
      if (m.kind().ofProperty()) {
        s.add(", ")
            .withParam(dialect.propertyNumber("base."), dialect.propertyKey(m.property()))
            .add(" AS pv" + i);
      }
    }
    if (withGoals && conversionsWithoutGoalDimension()) {
      s.add(", ").add(anyGoalOfFilters()).add(" AS is_conversion");
    }
    s.add(" FROM ").ref("base");
    if (plan.needVx) {
      s.add(" " + dialect.leftJoin() + " ").ref("vx").add(" USING (session_id)");
    }
    s.add(" WHERE " + dialect.bool(true));
    for (Filter f : plan.q.filters()) {
      if (!withGoals && f.dimension().kind() == Dimension.Kind.GOAL) {
        continue;
      }
      s.add(" AND ").add(filter(f));
    }
    if (goal != null) {
      s.add(" AND ").add(goalCondition(goal, "base."));
    }
    return s;
  }

  /** Whether m marks conversions itself ({@code is_conversion}): goals filtered, not grouped. */
  boolean conversionsWithoutGoalDimension() {
    return plan.goalDim < 0 && plan.q.metrics().stream().anyMatch(m -> m.kind().needsGoal());
  }

  /** Whether an event completes any goal a positive goal filter names. */
  private Sql anyGoalOfFilters() {
    List<Goal> named = new ArrayList<>();
    for (Filter f : plan.q.filters()) {
      if (f.dimension().kind() == Dimension.Kind.GOAL && !f.op().negated()) {
        for (Goal g : f.goalsNamed(plan.q.goals())) {
          if (!named.contains(g)) {
            named.add(g);
          }
        }
      }
    }
    return anyOf(named, "base.");
  }

  private Sql anyOf(List<Goal> goals, String prefix) {
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

  private Sql goalCondition(Goal g, String prefix) {
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

  private Sql filter(Filter f) {
    Dimension d = f.dimension();
    boolean eventLevel = d.kind().level() == Dimension.Level.EVENT;
    if (eventLevel && f.wholeVisits()) {
      Sql s = new Sql().add("base.session_id ");
      if (f.op().negated()) {
        s.add("NOT ");
      }
      s.add("IN (SELECT session_id FROM ").ref("base").add(" WHERE ");
      s.add(positive(f, "base.")).add(")");
      return s;
    }
    Sql s = new Sql();
    if (f.op().negated()) {
      s.add("NOT ");
    }
    return s.add(positive(f, "base."));
  }

  /** The filter's condition without its negation, on one event. */
  private Sql positive(Filter f, String prefix) {
    Dimension d = f.dimension();
    if (d.kind() == Dimension.Kind.GOAL) {
      return anyOf(f.goalsNamed(plan.q.goals()), prefix);
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
   * The wall-clock time of a UTC timestamp in the query's zone: the timestamp plus the zone's
   * offset, which changes only at the zone's transitions inside the range, so a CASE over those few
   * instants does it with arithmetic (no per-row time zone library calls).
   */
  private Sql localTime(String utc) {
    ZoneRules rules = plan.q.zone().getRules();
    List<ZoneOffsetTransition> changes = new ArrayList<>();
    ZoneOffsetTransition t = rules.nextTransition(plan.q.from());
    while (t != null && t.getInstant().isBefore(plan.q.to())) {
      changes.add(t);
      t = rules.nextTransition(t.getInstant());
    }
    Sql offset = new Sql();
    if (changes.isEmpty()) {
      offset.param(rules.getOffset(plan.q.from()).getTotalSeconds());
    } else {
      offset.add("CASE");
      for (ZoneOffsetTransition c : changes) {
        offset
            .add(" WHEN " + utc + " < ")
            .param(dialect.timestampParameter(c.getInstant()))
            .add(" THEN ")
            .param(c.getOffsetBefore().getTotalSeconds());
      }
      offset.add(" ELSE ").param(changes.getLast().getOffsetAfter().getTotalSeconds()).add(" END");
    }
    return new Sql().call(o -> dialect.plusSeconds(utc, o), offset);
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
  private Sql dimensionValue(Dimension d, String prefix) {
    Sql s = new Sql();
    switch (d.kind()) {
      case MINUTE, HOUR, DAY, WEEK, MONTH ->
          s.call(t -> dialect.truncate(Interval.of(d.kind()), t), localTime(prefix + "ts"));
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
