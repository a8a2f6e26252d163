package io.footfall.query.sql;

import io.footfall.core.Event;
import io.footfall.core.Goal;
import io.footfall.core.query.Dimension;
import io.footfall.core.query.Filter;
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

  private final Conditions conditions;

  Matching(Plan plan) {
    this.plan = plan;
    this.dialect = plan.dialect;
    this.conditions = new Conditions(dialect, plan.q.goals(), this::localTime);
  }

  /**
   * {@code base}: the site's events inside the range, the reported columns only; of a segment's
   * members only when the query has one.
   */
  Sql base() {
    Sql base = baseOfAll();
    plan.segment.ifPresent(
        s -> {
          CompiledQuery member = dialect.inSegment(s, "");
          base.add(" AND ").call(t -> member.sql(), new Sql(), member.parameters().toArray());
        });
    return base;
  }

  private Sql baseOfAll() {
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
      s.add(", ").add(conditions.dimensionValue(plan.dims.get(i), "base.")).add(" AS d" + i);
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
      s.add(" AND ").add(conditions.goalCondition(goal, "base."));
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
    return conditions.anyOf(named, "base.");
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
      s.add(conditions.positive(f, "base.")).add(")");
      return s;
    }
    Sql s = new Sql();
    if (f.op().negated()) {
      s.add("NOT ");
    }
    return s.add(conditions.positive(f, "base."));
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
}
