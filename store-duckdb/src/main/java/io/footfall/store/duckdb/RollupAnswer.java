package io.footfall.store.duckdb;

import io.footfall.core.Goal;
import io.footfall.core.query.Dimension;
import io.footfall.core.query.Filter;
import io.footfall.core.query.Formulas;
import io.footfall.core.query.Metric;
import io.footfall.core.query.Order;
import io.footfall.core.query.Report;
import io.footfall.core.query.ReportQuery;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Answers a report from the daily rollups ({@link Rollups}) instead of the raw events, for the
 * queries they hold everything for: whole local days, no filters, at most one dimension among the
 * visit attributes, entry and exit pages, pages, host names, event names, goals, and day, week or
 * month buckets. Every number equals the raw answer except distinct visitors (and the conversion
 * rate built on them), which come from merged sketches.
 */
final class RollupAnswer {
  private static final Set<Metric.Kind> VISIT_METRICS =
      EnumSet.of(
          Metric.Kind.VISITORS,
          Metric.Kind.VISITS,
          Metric.Kind.PAGEVIEWS,
          Metric.Kind.VIEWS_PER_VISIT,
          Metric.Kind.BOUNCE_RATE,
          Metric.Kind.VISIT_DURATION,
          Metric.Kind.EVENTS,
          Metric.Kind.REVENUE,
          Metric.Kind.ORDERS,
          Metric.Kind.AVERAGE_ORDER_VALUE);

  /** What the any-goal plan answers: the conversions card and the converted visitors card. */
  private static final Set<Metric.Kind> ANY_GOAL_METRICS =
      EnumSet.of(Metric.Kind.CONVERSIONS, Metric.Kind.VISITORS, Metric.Kind.CONVERSION_RATE);

  private static final Set<Metric.Kind> GOAL_METRICS =
      EnumSet.of(
          Metric.Kind.VISITORS,
          Metric.Kind.CONVERSIONS,
          Metric.Kind.CONVERSION_RATE,
          Metric.Kind.REVENUE,
          Metric.Kind.ORDERS,
          Metric.Kind.AVERAGE_ORDER_VALUE);

  /**
   * A query the rollups can answer.
   *
   * @param first the first local day of the range
   * @param last the last local day of the range, inclusive
   * @param dimension the one dimension, or null for a total
   * @param anyGoal for a total of conversions under a goal filter: the goals it names, whose
   *     completing events are counted once each; else null
   */
  record Plan(LocalDate first, LocalDate last, Dimension dimension, List<Goal> anyGoal) {}

  private RollupAnswer() {}

  /**
   * The rollup rows that cover a plan's days: per day when the report is by day, week or month;
   * otherwise as few as possible, whole calendar months first, then whole weeks (Monday to Sunday)
   * of what is left, then single days. Each row holds the solo visits of its days, so any such
   * cover sums to the same answer as the days' own rows.
   *
   * @param sql a subquery (with its alias) with the columns of rollup_days but {@code site_id}
   * @param params its parameters, in order
   * @param periods the first and last day of each week or month row used: those rows hold the
   *     visits across days that lie wholly inside them, too
   * @param periodParams the parameters of {@link #notInPeriods}
   */
  record Rows(
      String sql, List<Object> params, List<LocalDate[]> periods, List<Object> periodParams) {
    private static final String COLUMNS =
        "day, dim, value, visitors, visits, pageviews, events, revenue, orders, pv_revenue,"
            + " pv_orders, pv_visitors, visit_pageviews, bounces, duration_us";

    static Rows of(String siteId, Plan p, boolean byDay) {
      List<LocalDate> months = new ArrayList<>();
      List<LocalDate> weeks = new ArrayList<>();
      List<LocalDate[]> days = new ArrayList<>();
      if (byDay) {
        days.add(new LocalDate[] {p.first(), p.last()});
      } else {
        LocalDate m = Rollups.periodStart(Rollups.MONTH, p.first());
        if (m.isBefore(p.first())) {
          m = m.plusMonths(1);
        }
        LocalDate afterMonths = m;
        while (!Rollups.periodEnd(Rollups.MONTH, afterMonths).isAfter(p.last())) {
          months.add(afterMonths);
          afterMonths = afterMonths.plusMonths(1);
        }
        if (months.isEmpty()) {
          cover(p.first(), p.last(), weeks, days);
        } else {
          cover(p.first(), m.minusDays(1), weeks, days);
          cover(afterMonths, p.last(), weeks, days);
        }
      }
      List<Object> params = new ArrayList<>();
      StringBuilder sql = new StringBuilder("(SELECT ").append(COLUMNS);
      sql.append(" FROM rollup_days WHERE site_id = ? AND (false");
      params.add(siteId);
      for (LocalDate[] range : days) {
        sql.append(" OR day BETWEEN ? AND ?");
        params.add(range[0]);
        params.add(range[1]);
      }
      sql.append(")");
      if (!months.isEmpty() || !weeks.isEmpty()) {
        sql.append(" UNION ALL SELECT ").append(COLUMNS);
        sql.append(" FROM rollup_periods WHERE site_id = ? AND (false");
        params.add(siteId);
        for (LocalDate m : months) {
          sql.append(" OR (period = ? AND day = ?)");
          params.add(Rollups.MONTH);
          params.add(m);
        }
        for (LocalDate w : weeks) {
          sql.append(" OR (period = ? AND day = ?)");
          params.add(Rollups.WEEK);
          params.add(w);
        }
        sql.append(")");
      }
      sql.append(") r");
      List<LocalDate[]> periods = new ArrayList<>();
      for (LocalDate m : months) {
        periods.add(new LocalDate[] {m, Rollups.periodEnd(Rollups.MONTH, m)});
      }
      for (LocalDate w : weeks) {
        periods.add(new LocalDate[] {w, Rollups.periodEnd(Rollups.WEEK, w)});
      }
      List<Object> periodParams = new ArrayList<>();
      if (!periods.isEmpty()) {
        periodParams.add(siteId);
        periodParams.add(p.first().minusDays(1));
        periodParams.add(p.last().plusDays(1));
        for (LocalDate[] period : periods) {
          periodParams.add(period[0]);
          periodParams.add(period[1]);
        }
      }
      return new Rows(sql.toString(), params, periods, periodParams);
    }

    /**
     * A condition on {@code session_id} (with its leading AND; empty without period rows) leaving
     * out the visits that lie wholly inside one of the week or month rows used: those rows count
     * them already (see {@code Rollups.wholeCrossingVisits}). Visits are contiguous in time, so the
     * range widened by a day each side shows whether one reaches beyond a period. Its parameters
     * are bound by {@link #bindNotInPeriods}.
     */
    String notInPeriods() {
      if (periods.isEmpty()) {
        return "";
      }
      return " AND session_id NOT IN (SELECT session_id FROM rollup_parts WHERE site_id = ?"
          + " AND day BETWEEN ? AND ? GROUP BY session_id HAVING false"
          + " OR (min(day) >= ? AND max(day) <= ?)".repeat(periods.size())
          + ")";
    }

    /** Binds the parameters of {@link #notInPeriods} from index {@code i}; answers the next. */
    int bindNotInPeriods(PreparedStatement ps, int i) throws SQLException {
      for (Object o : periodParams) {
        ps.setObject(i++, o);
      }
      return i;
    }

    /** Whole weeks of {@code first..last}, and the days before and after them. */
    private static void cover(
        LocalDate first, LocalDate last, List<LocalDate> weeks, List<LocalDate[]> days) {
      if (first.isAfter(last)) {
        return;
      }
      LocalDate w = Rollups.periodStart(Rollups.WEEK, first);
      if (w.isBefore(first)) {
        w = w.plusWeeks(1);
      }
      LocalDate afterWeeks = w;
      while (!Rollups.periodEnd(Rollups.WEEK, afterWeeks).isAfter(last)) {
        weeks.add(afterWeeks);
        afterWeeks = afterWeeks.plusWeeks(1);
      }
      if (afterWeeks.equals(w)) {
        days.add(new LocalDate[] {first, last});
        return;
      }
      if (w.isAfter(first)) {
        days.add(new LocalDate[] {first, w.minusDays(1)});
      }
      if (!afterWeeks.isAfter(last)) {
        days.add(new LocalDate[] {afterWeeks, last});
      }
    }

    /**
     * Prepares {@code select}, whose {@code %s} stands for these rows, binding their parameters and
     * then {@code more}.
     */
    PreparedStatement prepare(Connection c, String select, Object... more) throws SQLException {
      PreparedStatement ps = c.prepareStatement(select.formatted(sql));
      try {
        int i = 1;
        for (Object o : params) {
          ps.setObject(i++, o);
        }
        for (Object o : more) {
          ps.setObject(i++, o);
        }
        return ps;
      } catch (SQLException e) {
        ps.close();
        throw e;
      }
    }
  }

  /** The plan for the query, or empty when only the raw events can answer it. */
  static Optional<Plan> plan(ReportQuery q) {
    if (q.filters().size() == 1 && q.dimensions().isEmpty()) {
      return anyGoalPlan(q);
    }
    if (!q.filters().isEmpty() || q.dimensions().size() > 1) {
      return Optional.empty();
    }
    Optional<LocalDate[]> days = wholeDays(q);
    if (days.isEmpty()) {
      return Optional.empty();
    }
    Dimension d = q.dimensions().isEmpty() ? null : q.dimensions().getFirst();
    boolean goal = d != null && d.kind() == Dimension.Kind.GOAL;
    Set<Metric.Kind> allowed = goal ? GOAL_METRICS : VISIT_METRICS;
    for (Metric m : q.metrics()) {
      if (!allowed.contains(m.kind())) {
        return Optional.empty();
      }
    }
    if (d != null && !goal && !servable(d.kind())) {
      return Optional.empty();
    }
    return Optional.of(new Plan(days.get()[0], days.get()[1], d, null));
  }

  /** Whether the query covers whole local days; its first and last day if so. */
  private static Optional<LocalDate[]> wholeDays(ReportQuery q) {
    LocalDate first = LocalDate.ofInstant(q.from(), q.zone());
    LocalDate end = LocalDate.ofInstant(q.to(), q.zone());
    if (!first.atStartOfDay(q.zone()).toInstant().equals(q.from())
        || !end.atStartOfDay(q.zone()).toInstant().equals(q.to())) {
      return Optional.empty();
    }
    return Optional.of(new LocalDate[] {first, end.minusDays(1)});
  }

  /**
   * The plan of the dashboard's conversion cards: the total of {@code conversions}, converted
   * {@code visitors} and {@code conversion_rate} under one positive {@code event:goal} filter, when
   * the rollups can tell the events that complete any of its goals without counting one twice:
   * page-view goals by page, event goals by name, and event goals with a property condition by
   * their property's values, as long as the goals on one event name test one property key (events
   * carrying two keys could complete two goals) and no event goal names the page-view event itself.
   */
  private static Optional<Plan> anyGoalPlan(ReportQuery q) {
    Filter f = q.filters().getFirst();
    if (f.dimension().kind() != Dimension.Kind.GOAL
        || f.wholeVisits()
        || f.op().negated()
        || !ANY_GOAL_METRICS.containsAll(q.metrics().stream().map(Metric::kind).toList())) {
      return Optional.empty();
    }
    Optional<LocalDate[]> days = wholeDays(q);
    if (days.isEmpty()) {
      return Optional.empty();
    }
    List<Goal> goals = f.goalsNamed(q.goals());
    Map<String, Set<String>> keys = new HashMap<>();
    for (Goal g : goals) {
      if (g.kind() == Goal.Kind.EVENT) {
        if (g.eventName().equals(io.footfall.core.Event.PAGEVIEW)) {
          return Optional.empty();
        }
        keys.computeIfAbsent(g.eventName(), n -> new java.util.HashSet<>()).add(g.propertyKey());
      }
    }
    // Visitors are a union and cannot count one twice; conversions are a sum and could.
    boolean counted = q.metrics().stream().anyMatch(m -> m.kind() == Metric.Kind.CONVERSIONS);
    for (Set<String> k : keys.values()) {
      if (counted && k.size() > 1 && !k.contains("")) {
        return Optional.empty();
      }
    }
    return Optional.of(new Plan(days.get()[0], days.get()[1], null, List.copyOf(goals)));
  }

  private static boolean servable(Dimension.Kind k) {
    return Rollups.ATTRIBUTES.contains(k)
        || Rollups.EVENT_DIMS.contains(k)
        || k == Dimension.Kind.ENTRY_PAGE
        || k == Dimension.Kind.EXIT_PAGE
        || k == Dimension.Kind.DAY
        || k == Dimension.Kind.WEEK
        || k == Dimension.Kind.MONTH;
  }

  /** What one result row adds up. */
  private static final class Acc {
    final VisitorSketch visitors = VisitorSketch.merging();
    long visits;
    long pageviews;
    long events;
    long conversions;
    long orders;
    BigDecimal revenue = BigDecimal.ZERO;
    long visitPageviews;
    long bounces;
    long durationUs;
  }

  /** A visit spanning days, its parts in the range combined. */
  private static final class Visit {
    long visitor;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    long events;
    long pageviews;
    BigDecimal revenue = BigDecimal.ZERO;
    long orders;
    String entry = "";
    String exit = "";
    String attribute = "";
    final Map<String, long[]> counts = new LinkedHashMap<>();
    final Map<String, BigDecimal> money = new HashMap<>();

    void add(String group, long events, long pageviews, long orders, BigDecimal revenue) {
      long[] c = counts.computeIfAbsent(group, g -> new long[4]);
      c[0] += events;
      c[1] += pageviews;
      c[2] += orders;
      if (revenue != null) {
        money.merge(group, revenue, BigDecimal::add);
      }
    }
  }

  /** The report, read from the rollups of the plan's days. */
  static Report answer(Connection c, ReportQuery q, Plan p) throws SQLException {
    if (p.anyGoal() != null) {
      Acc a = new Acc();
      a.conversions = conversionsOfAny(c, q, p, a.visitors);
      long totalVisitors = 0;
      if (q.metrics().stream().anyMatch(m -> m.kind() == Metric.Kind.CONVERSION_RATE)) {
        Rows source = Rows.of(q.siteId(), p, false);
        VisitorSketch total = VisitorSketch.merging();
        try (PreparedStatement ps =
            source.prepare(c, "SELECT visitors FROM %s WHERE dim = ?", Rollups.TOTAL)) {
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              total.merge(rs.getBytes(1));
            }
          }
        }
        for (Visit v : crossingVisits(c, q, p, source)) {
          total.add(Rollups.hash(v.visitor));
        }
        totalVisitors = total.count();
      }
      Result r = result(q, "", a, totalVisitors);
      return new Report(List.of(new Report.Row(List.of(), r.metrics)), 1);
    }
    Dimension d = p.dimension();
    Dimension.Kind kind = d == null ? null : d.kind();
    boolean goal = kind == Dimension.Kind.GOAL;
    Map<String, Acc> groups = new LinkedHashMap<>();
    VisitorSketch total = VisitorSketch.merging();
    boolean needTotal = q.metrics().stream().anyMatch(m -> m.kind() == Metric.Kind.CONVERSION_RATE);
    Rows source = Rows.of(q.siteId(), p, kind != null && isTime(kind));
    if (goal) {
      goalRows(c, q, source, groups);
    } else {
      String dim = dimKey(kind);
      try (PreparedStatement ps =
          source.prepare(
              c,
              "SELECT day, value, visitors, visits, pageviews, events, revenue, orders,"
                  + " visit_pageviews, bounces, duration_us FROM %s WHERE dim = ?",
              dim)) {
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            LocalDate day = rs.getObject(1, LocalDate.class);
            String key = kind == null ? "" : isTime(kind) ? bucket(kind, day) : rs.getString(2);
            Acc a = groups.computeIfAbsent(key, k -> new Acc());
            a.visitors.merge(rs.getBytes(3));
            a.visits += rs.getLong(4);
            a.pageviews += rs.getLong(5);
            a.events += rs.getLong(6);
            BigDecimal rev = rs.getBigDecimal(7);
            if (rev != null) {
              a.revenue = a.revenue.add(rev);
            }
            a.orders += rs.getLong(8);
            a.visitPageviews += rs.getLong(9);
            a.bounces += rs.getLong(10);
            a.durationUs += rs.getLong(11);
          }
        }
      }
    }
    if (needTotal) {
      try (PreparedStatement ps =
          source.prepare(c, "SELECT visitors FROM %s WHERE dim = ?", Rollups.TOTAL)) {
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            total.merge(rs.getBytes(1));
          }
        }
      }
    }
    for (Visit v : crossingVisits(c, q, p, source)) {
      total.add(Rollups.hash(v.visitor));
      boolean bounce = v.events == 1 && v.pageviews == 1;
      long duration = v.last - v.first;
      for (Map.Entry<String, long[]> e : v.counts.entrySet()) {
        Acc a = groups.computeIfAbsent(e.getKey(), k -> new Acc());
        long[] n = e.getValue();
        a.visitors.add(Rollups.hash(v.visitor));
        a.visits++;
        a.visitPageviews += v.pageviews;
        a.bounces += bounce ? 1 : 0;
        a.durationUs += duration;
        if (goal) {
          a.conversions += n[0];
        } else {
          a.events += n[0];
          a.pageviews += n[1];
        }
        a.orders += n[2];
        BigDecimal rev = v.money.get(e.getKey());
        if (rev != null) {
          a.revenue = a.revenue.add(rev);
        }
      }
    }
    if (d == null) {
      groups.computeIfAbsent("", k -> new Acc()); // a total has its one row, zeros or not
    }
    long totalVisitors = total.count();
    List<Result> results = new ArrayList<>();
    for (Map.Entry<String, Acc> e : groups.entrySet()) {
      results.add(result(q, e.getKey(), e.getValue(), totalVisitors));
    }
    results.sort(order(q));
    int from = Math.min(q.offset(), results.size());
    int to = Math.min(from + q.limit(), results.size());
    List<Report.Row> rows = new ArrayList<>();
    for (Result r : results.subList(from, to)) {
      List<String> dims =
          d == null ? List.of() : List.of(r.value.isEmpty() ? Filter.NONE : r.value);
      rows.add(new Report.Row(dims, r.metrics));
    }
    return new Report(rows, results.size());
  }

  private static String dimKey(Dimension.Kind kind) {
    return kind == null || isTime(kind) ? Rollups.TOTAL : Dimension.of(kind).apiName();
  }

  private static boolean isTime(Dimension.Kind kind) {
    return kind.level() == Dimension.Level.TIME;
  }

  /** A day's bucket label for a day, week or month interval. */
  private static String bucket(Dimension.Kind kind, LocalDate day) {
    LocalDate start =
        switch (kind) {
          case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
          case MONTH -> day.withDayOfMonth(1);
          default -> day;
        };
    return Report.timeLabel(start.atStartOfDay());
  }

  /** Solo rows of the pages and event names that complete the query's goals. */
  // The statement's %s is the rollup table, filled in by Rows.prepare.
  @SuppressWarnings("OrphanedFormatString")
  private static void goalRows(Connection c, ReportQuery q, Rows source, Map<String, Acc> groups)
      throws SQLException {
    List<Goal> pageGoals = q.goals().stream().filter(g -> g.kind() == Goal.Kind.PAGEVIEW).toList();
    List<Goal> eventGoals = q.goals().stream().filter(g -> g.kind() == Goal.Kind.EVENT).toList();
    List<Pattern> patterns = pageGoals.stream().map(g -> Pattern.compile(g.pathRegex())).toList();
    if (!pageGoals.isEmpty()) {
      StringBuilder sql =
          new StringBuilder(
              "SELECT value, pv_visitors, pageviews, pv_revenue, pv_orders FROM %s"
                  + " WHERE dim = ? AND (");
      List<Object> params = new ArrayList<>();
      params.add(Dimension.of(Dimension.Kind.PAGE).apiName());
      for (int i = 0; i < pageGoals.size(); i++) {
        sql.append(i > 0 ? " OR " : "").append("regexp_full_match(value, ?)");
        params.add(pageGoals.get(i).pathRegex());
      }
      sql.append(")");
      try (PreparedStatement ps = source.prepare(c, sql.toString(), params.toArray())) {
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String page = rs.getString(1);
            byte[] sketch = rs.getBytes(2);
            if (sketch == null) {
              continue; // no page views on this page that day
            }
            for (int i = 0; i < pageGoals.size(); i++) {
              if (patterns.get(i).matcher(page).matches()) {
                Acc a = groups.computeIfAbsent(pageGoals.get(i).name(), k -> new Acc());
                addGoal(a, sketch, rs.getLong(3), rs.getBigDecimal(4), rs.getLong(5));
              }
            }
          }
        }
      }
    }
    for (Goal g : eventGoals) {
      boolean property = !g.propertyKey().isEmpty();
      try (PreparedStatement ps =
          source.prepare(
              c,
              "SELECT visitors, events, revenue, orders FROM %s WHERE dim = ? AND value = ?",
              property
                  ? Rollups.PROPERTY_DIM + g.propertyKey()
                  : Dimension.of(Dimension.Kind.NAME).apiName(),
              property ? propertyValue(c, g) : g.eventName())) {
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Acc a = groups.computeIfAbsent(g.name(), k -> new Acc());
            addGoal(a, rs.getBytes(1), rs.getLong(2), rs.getBigDecimal(3), rs.getLong(4));
          }
        }
      }
    }
  }

  /**
   * The events of the plan's days that complete at least one of its goals ({@link #anyGoalPlan}):
   * page views of matching pages, events of the goals' names (all of them when a goal on the name
   * has no property condition, else those with one of the goals' values), from the rows of the
   * cover and the parts of the visits across midnight it does not hold whole. Their visitors go
   * into {@code converted}: of a page row those with a page view of it ({@code pv_visitors}), of a
   * name or property row its visitors, of a part its visit's visitor.
   */
  private static long conversionsOfAny(Connection c, ReportQuery q, Plan p, VisitorSketch converted)
      throws SQLException {
    List<Pattern> pages = new ArrayList<>();
    Set<String> allOfName = new java.util.HashSet<>();
    Map<String, Set<String>> byProperty = new HashMap<>(); // props:<key> -> [name, value] texts
    for (Goal g : p.anyGoal()) {
      if (g.kind() == Goal.Kind.PAGEVIEW) {
        pages.add(Pattern.compile(g.pathRegex()));
      } else if (g.propertyKey().isEmpty()) {
        allOfName.add(g.eventName());
      }
    }
    for (Goal g : p.anyGoal()) {
      if (g.kind() == Goal.Kind.EVENT
          && !g.propertyKey().isEmpty()
          && !allOfName.contains(g.eventName())) {
        byProperty
            .computeIfAbsent(Rollups.PROPERTY_DIM + g.propertyKey(), k -> new java.util.HashSet<>())
            .add(propertyValue(c, g));
      }
    }
    String page = Dimension.of(Dimension.Kind.PAGE).apiName();
    String name = Dimension.of(Dimension.Kind.NAME).apiName();
    List<Object> dims = new ArrayList<>(byProperty.keySet());
    if (!pages.isEmpty()) {
      dims.add(page);
    }
    if (!allOfName.isEmpty()) {
      dims.add(name);
    }
    if (dims.isEmpty()) {
      return 0;
    }
    String in = " dim IN (?" + ", ?".repeat(dims.size() - 1) + ")";
    Rows source = Rows.of(q.siteId(), p, false);
    long total = 0;
    try (PreparedStatement ps =
        source.prepare(
            c,
            "SELECT dim, value, events, pageviews, visitors, pv_visitors FROM %s WHERE" + in,
            dims.toArray())) {
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long n = completing(rs, page, name, pages, allOfName, byProperty);
          if (n > 0) {
            byte[] who = rs.getBytes(rs.getString(1).equals(page) ? 6 : 5);
            if (who != null) {
              converted.merge(who);
            }
          }
          total += n;
        }
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT v.dim, v.value, v.events, v.pageviews, r.visitor_id FROM rollup_part_values v"
                + " JOIN rollup_parts r ON r.site_id = v.site_id AND r.day = v.day"
                + " AND r.session_id = v.session_id"
                + " WHERE v.site_id = ? AND v.day BETWEEN ? AND ? AND"
                + in.replace(" dim IN", " v.dim IN")
                + source
                    .notInPeriods()
                    .replace(" AND session_id NOT IN", " AND v.session_id NOT IN"))) {
      int i = 1;
      ps.setString(i++, q.siteId());
      ps.setObject(i++, p.first());
      ps.setObject(i++, p.last());
      for (Object dim : dims) {
        ps.setObject(i++, dim);
      }
      source.bindNotInPeriods(ps, i);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long n = completing(rs, page, name, pages, allOfName, byProperty);
          if (n > 0) {
            converted.add(Rollups.hash(rs.getLong(5)));
          }
          total += n;
        }
      }
    }
    return total;
  }

  /** Of a row (dim, value, events, page views): the events that complete one of the goals. */
  private static long completing(
      ResultSet rs,
      String page,
      String name,
      List<Pattern> pages,
      Set<String> allOfName,
      Map<String, Set<String>> byProperty)
      throws SQLException {
    String dim = rs.getString(1);
    String value = rs.getString(2);
    if (dim.equals(page)) {
      for (Pattern pattern : pages) {
        if (pattern.matcher(value).matches()) {
          return rs.getLong(4);
        }
      }
      return 0;
    }
    if (dim.equals(name)) {
      return allOfName.contains(value) ? rs.getLong(3) : 0;
    }
    Set<String> values = byProperty.get(dim);
    return values != null && values.contains(value) ? rs.getLong(3) : 0;
  }

  /** The value of the property rows an event goal with a property condition reads. */
  private static String propertyValue(Connection c, Goal g) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT CAST(to_json([CAST(? AS VARCHAR), CAST(? AS VARCHAR)]) AS VARCHAR)")) {
      ps.setString(1, g.eventName());
      ps.setString(2, g.propertyValue());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private static void addGoal(
      Acc a, byte[] visitors, long conversions, BigDecimal rev, long orders) {
    a.visitors.merge(visitors);
    a.conversions += conversions;
    if (rev != null) {
      a.revenue = a.revenue.add(rev);
    }
    a.orders += orders;
  }

  /**
   * The statement of {@link #crossingVisits} for a dimension ({@code null}: none). Its columns that
   * the dimension does not need are typed NULLs: a bare {@code NULL} has DuckDB's NULL type, whose
   * name the JDBC driver fails to look up and answers with an exception it catches, for every such
   * column of every statement (exceptions were ~6% of an aggregate request's allocation in a JFR
   * profile at 10M events).
   *
   * @param notInPeriods the condition that leaves out visits wholly inside period rows
   */
  static String crossingSelect(Dimension.Kind kind, String notInPeriods) {
    int attr = kind == null ? -1 : Rollups.ATTRIBUTES.indexOf(kind);
    String attribute = attr >= 0 ? "attrs[" + (attr + 1) + "]" : "''";
    String none = "CAST(NULL AS VARCHAR)";
    String entry = kind == Dimension.Kind.ENTRY_PAGE ? "entry_page" : none;
    String exit = kind == Dimension.Kind.EXIT_PAGE ? "exit_page" : none;
    // By day: one row per visit and day. Otherwise DuckDB combines a visit's days, and only the
    // columns the dimension needs travel.
    return kind != null && isTime(kind)
        ? "SELECT session_id, day, visitor_id, epoch_us(first_ts), epoch_us(last_ts), events,"
            + " pageviews, revenue, orders, %1$s, %1$s, '' FROM rollup_parts".formatted(none)
            + " WHERE site_id = ? AND day BETWEEN ? AND ?"
        : "SELECT session_id, CAST(NULL AS DATE), any_value(visitor_id), min(epoch_us(first_ts)),"
            + " max(epoch_us(last_ts)), sum(events), sum(pageviews), sum(revenue),"
            + " sum(orders), arg_min(%1$s, entry_ts),".formatted(entry)
            + " arg_max(%1$s, exit_ts), any_value(%2$s)".formatted(exit, attribute)
            + " FROM rollup_parts WHERE site_id = ? AND day BETWEEN ? AND ?"
            + notInPeriods
            + " GROUP BY session_id";
  }

  /** The visits of the range that span more than one local day, with their groups. */
  private static List<Visit> crossingVisits(Connection c, ReportQuery q, Plan p, Rows source)
      throws SQLException {
    Dimension.Kind kind = p.dimension() == null ? null : p.dimension().kind();
    Map<Long, Visit> visits = new LinkedHashMap<>();
    boolean byDay = kind != null && isTime(kind);
    String select = crossingSelect(kind, source.notInPeriods());
    try (PreparedStatement ps = c.prepareStatement(select)) {
      ps.setString(1, q.siteId());
      ps.setObject(2, p.first());
      ps.setObject(3, p.last());
      if (!byDay) {
        source.bindNotInPeriods(ps, 4);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Visit v = visits.computeIfAbsent(rs.getLong(1), k -> new Visit());
          v.visitor = rs.getLong(3);
          v.first = Math.min(v.first, rs.getLong(4));
          v.last = Math.max(v.last, rs.getLong(5));
          long events = rs.getLong(6);
          long pageviews = rs.getLong(7);
          BigDecimal revenue = rs.getBigDecimal(8);
          long orders = rs.getLong(9);
          v.events += events;
          v.pageviews += pageviews;
          v.orders += orders;
          if (revenue != null) {
            v.revenue = v.revenue.add(revenue);
          }
          String entryPage = rs.getString(10);
          if (entryPage != null) {
            v.entry = entryPage;
          }
          String exitPage = rs.getString(11);
          if (exitPage != null) {
            v.exit = exitPage;
          }
          v.attribute = rs.getString(12);
          if (byDay) {
            v.add(
                bucket(kind, rs.getObject(2, LocalDate.class)), events, pageviews, orders, revenue);
          }
        }
      }
    }
    if (kind == null
        || Rollups.ATTRIBUTES.contains(kind)
        || kind == Dimension.Kind.ENTRY_PAGE
        || kind == Dimension.Kind.EXIT_PAGE) {
      for (Visit v : visits.values()) {
        String group =
            kind == null
                ? ""
                : kind == Dimension.Kind.ENTRY_PAGE
                    ? v.entry
                    : kind == Dimension.Kind.EXIT_PAGE ? v.exit : v.attribute;
        v.add(group, v.events, v.pageviews, v.orders, v.revenue);
      }
    } else if (kind == Dimension.Kind.GOAL) {
      crossingGoals(c, q, p, visits);
    } else if (!isTime(kind)) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT session_id, value, events, pageviews, revenue, orders"
                  + " FROM rollup_part_values WHERE site_id = ? AND dim = ?"
                  + " AND day BETWEEN ? AND ?")) {
        ps.setString(1, q.siteId());
        ps.setString(2, Dimension.of(kind).apiName());
        ps.setObject(3, p.first());
        ps.setObject(4, p.last());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Visit v = visits.get(rs.getLong(1));
            if (v != null) {
              v.add(
                  rs.getString(2),
                  rs.getLong(3),
                  rs.getLong(4),
                  rs.getLong(6),
                  rs.getBigDecimal(5));
            }
          }
        }
      }
    }
    return new ArrayList<>(visits.values());
  }

  private static void crossingGoals(Connection c, ReportQuery q, Plan p, Map<Long, Visit> visits)
      throws SQLException {
    List<String> dims = new ArrayList<>();
    List<Pattern> patterns = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (Goal g : q.goals()) {
      if (g.kind() == Goal.Kind.PAGEVIEW) {
        dims.add(Dimension.of(Dimension.Kind.PAGE).apiName());
        patterns.add(Pattern.compile(g.pathRegex()));
        values.add(null);
      } else if (g.propertyKey().isEmpty()) {
        dims.add(Dimension.of(Dimension.Kind.NAME).apiName());
        patterns.add(null);
        values.add(g.eventName());
      } else {
        dims.add(Rollups.PROPERTY_DIM + g.propertyKey());
        patterns.add(null);
        values.add(propertyValue(c, g));
      }
    }
    if (dims.isEmpty()) {
      return;
    }
    List<String> distinct = dims.stream().distinct().toList();
    StringBuilder in = new StringBuilder();
    for (int i = 0; i < distinct.size(); i++) {
      in.append(i > 0 ? ", ?" : "?");
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT session_id, dim, value, events, pageviews, revenue, orders, pv_revenue,"
                + " pv_orders FROM rollup_part_values WHERE site_id = ? AND day BETWEEN ? AND ?"
                + " AND dim IN ("
                + in
                + ")")) {
      ps.setString(1, q.siteId());
      ps.setObject(2, p.first());
      ps.setObject(3, p.last());
      for (int i = 0; i < distinct.size(); i++) {
        ps.setString(4 + i, distinct.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Visit v = visits.get(rs.getLong(1));
          if (v == null) {
            continue;
          }
          String dim = rs.getString(2);
          String value = rs.getString(3);
          for (int i = 0; i < q.goals().size(); i++) {
            if (!dims.get(i).equals(dim)) {
              continue;
            }
            String name = q.goals().get(i).name();
            if (patterns.get(i) != null) {
              if (patterns.get(i).matcher(value).matches()) {
                v.add(name, rs.getLong(5), 0, rs.getLong(9), rs.getBigDecimal(8));
              }
            } else if (values.get(i).equals(value)) {
              v.add(name, rs.getLong(4), 0, rs.getLong(7), rs.getBigDecimal(6));
            }
          }
        }
      }
    }
    // A visit whose in-range events complete no goal is in no goal's row.
    for (Visit v : visits.values()) {
      v.counts.values().removeIf(n -> n[0] == 0);
    }
  }

  /** One group's values and sort keys. */
  private record Result(String value, List<Object> metrics, List<BigDecimal> keys) {}

  private static Result result(ReportQuery q, String value, Acc a, long totalVisitors) {
    long visitors = a.visitors.count();
    Formulas.Parts parts =
        p ->
            switch (p.part()) {
              case VISITORS, CONVERTED -> visitors;
              case VISITS, VISIT_COUNT -> a.visits;
              case PAGEVIEWS -> a.pageviews;
              case EVENTS -> a.events;
              case CONVERSIONS -> a.conversions;
              case ORDERS -> a.orders;
              case REVENUE -> a.revenue;
              case ALL_VISITORS -> totalVisitors;
              case VISIT_PAGEVIEWS -> a.visitPageviews;
              case BOUNCES -> a.bounces;
              case DURATION_MICROS -> a.durationUs;
              case PROPERTY_SUM, PROPERTY_COUNT, PROPERTY_MIN, PROPERTY_MAX, PROPERTY_QUANTILE ->
                  throw new IllegalStateException(p + " is not answered from rollups");
            };
    List<Object> metrics = new ArrayList<>();
    List<BigDecimal> keys = new ArrayList<>();
    for (int i = 0; i < q.metrics().size(); i++) {
      Metric m = q.metrics().get(i);
      metrics.add(Formulas.value(m, i, parts));
      keys.add(Formulas.sortValue(Formulas.sortKey(m, i), parts));
    }
    return new Result(value, metrics, keys);
  }

  /** The SQL path's order: the query's keys (nulls last), then the dimension ascending. */
  private static Comparator<Result> order(ReportQuery q) {
    Comparator<Result> byValue = (x, y) -> compareCodePoints(x.value, y.value);
    boolean time = !q.dimensions().isEmpty() && q.dimensions().getFirst().isTime();
    if (q.orderBy().isEmpty()) {
      return time ? byValue : byKey(0, true).thenComparing(byValue);
    }
    Comparator<Result> c = null;
    for (Order o : q.orderBy()) {
      int metric = -1;
      for (int i = 0; i < q.metrics().size(); i++) {
        if (q.metrics().get(i).apiName().equals(o.by())) {
          metric = i;
        }
      }
      Comparator<Result> next;
      if (metric >= 0) {
        next = byKey(metric, o.descending());
      } else {
        next = o.descending() ? byValue.reversed() : byValue;
      }
      c = c == null ? next : c.thenComparing(next);
    }
    return c.thenComparing(byValue);
  }

  private static Comparator<Result> byKey(int metric, boolean descending) {
    return (x, y) -> {
      BigDecimal a = x.keys.get(metric);
      BigDecimal b = y.keys.get(metric);
      if (a == null || b == null) {
        return a == null ? (b == null ? 0 : 1) : -1;
      }
      return descending ? b.compareTo(a) : a.compareTo(b);
    };
  }

  /** Text in code point order, as DuckDB sorts VARCHAR. */
  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
