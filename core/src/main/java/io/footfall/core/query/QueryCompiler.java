package io.footfall.core.query;

import io.footfall.core.Event;
import io.footfall.core.Goal;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Turns a {@link ReportQuery} into one SQL statement for a {@link SqlDialect}, and the statement's
 * result rows into a {@link Report}.
 *
 * <p>Design note. Nothing the caller sends is ever spliced into the SQL text: values, patterns,
 * property keys (as JSON paths), time zones and goal definitions are bound parameters; column names
 * come from a fixed table here. The statement is a chain of CTEs:
 *
 * <ul>
 *   <li>{@code base}: the site's events inside the range;
 *   <li>{@code vx} (only for entry/exit pages): one row per visit with its entry and exit page;
 *   <li>{@code m}: the matching events, with each dimension's value as {@code d0, d1, ...} (for the
 *       goal dimension, one copy of the event per goal it completes);
 *   <li>{@code em}: the event metrics per group;
 *   <li>{@code vs}/{@code vm} (only for visit metrics): every matching visit's in-range events
 *       summarised, then per group;
 *   <li>{@code tm} (only for conversion rate): visitors per group with the goal filters dropped.
 * </ul>
 *
 * Ratios are not computed in SQL: the statement returns their integer or exact-decimal parts and
 * {@link #assemble} divides with {@link BigDecimal}, so rounding is exact and identical on every
 * backend. The SQL only computes approximate ratios to sort by.
 */
public final class QueryCompiler {
  private final SqlDialect dialect;

  public QueryCompiler(SqlDialect dialect) {
    this.dialect = Objects.requireNonNull(dialect, "dialect");
  }

  /** The statement answering the query's page of rows; each row also carries the total count. */
  public CompiledQuery compile(ReportQuery q) {
    return new Build(q).statement(false);
  }

  /** A statement returning one row with one column: how many rows the query has in all. */
  public CompiledQuery compileCount(ReportQuery q) {
    return new Build(q).statement(true);
  }

  /** Turns the rows of {@link #compile}'s statement into the report. */
  public Report assemble(ReportQuery q, List<Object[]> rows) {
    List<Report.Row> out = new ArrayList<>();
    long total = 0;
    int dims = q.dimensions().size();
    List<String> names = columnNames(q);
    for (Object[] row : rows) {
      Map<String, Object> byName = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        byName.put(names.get(i), row[i]);
      }
      List<String> dimValues = new ArrayList<>();
      for (int i = 0; i < dims; i++) {
        Object v = row[i];
        if (v instanceof java.time.LocalDateTime t) {
          dimValues.add(timeLabel(t));
        } else {
          dimValues.add(v == null || v.toString().isEmpty() ? Filter.NONE : v.toString());
        }
      }
      List<Object> metricValues = new ArrayList<>();
      for (int i = 0; i < q.metrics().size(); i++) {
        metricValues.add(metricValue(q.metrics().get(i), i, byName));
      }
      total = asLong(row[row.length - 1]);
      out.add(new Report.Row(dimValues, metricValues));
    }
    return new Report(out, total);
  }

  // ------------------------------------------------------------------ result values

  /**
   * The events table's column that holds a dimension's value, for the dimensions stored as a plain
   * column (every event-level and visit attribute dimension but properties and goals).
   *
   * @throws IllegalStateException for a dimension that is computed, not stored
   */
  public static String eventColumn(Dimension.Kind kind) {
    return switch (kind) {
      case PAGE -> "pathname";
      case HOSTNAME -> "hostname";
      case NAME -> "name";
      case SOURCE -> "source";
      case REFERRER -> "referrer";
      case MEDIUM -> "medium";
      case UTM_SOURCE -> "utm_source";
      case UTM_MEDIUM -> "utm_medium";
      case UTM_CAMPAIGN -> "utm_campaign";
      case UTM_TERM -> "utm_term";
      case UTM_CONTENT -> "utm_content";
      case COUNTRY -> "country";
      case REGION -> "region";
      case CITY -> "city";
      case BROWSER -> "browser";
      case BROWSER_VERSION -> "browser_version";
      case OS -> "os";
      case OS_VERSION -> "os_version";
      case DEVICE -> "device";
      case SCREEN -> "screen";
      case ENTRY_PAGE, EXIT_PAGE, PROPERTY, GOAL, MINUTE, HOUR, DAY, WEEK, MONTH ->
          throw new IllegalStateException(kind + " has no plain column");
    };
  }

  /** A time bucket's label: its local start as {@code yyyy-MM-ddTHH:mm:ss}. */
  public static String timeLabel(java.time.LocalDateTime t) {
    return String.format(
        java.util.Locale.ROOT,
        "%04d-%02d-%02dT%02d:%02d:%02d",
        t.getYear(),
        t.getMonthValue(),
        t.getDayOfMonth(),
        t.getHour(),
        t.getMinute(),
        t.getSecond());
  }

  /**
   * The goals whose names a goal filter's operator and values match (negated operators: those its
   * positive form matches), in the order of {@code goals}.
   */
  public static List<Goal> goalsNamed(Filter f, List<Goal> goals) {
    Filter.Op op = f.op().positive();
    List<Goal> out = new ArrayList<>();
    for (Goal g : goals) {
      for (String v : f.values()) {
        boolean hit =
            switch (op) {
              case IS -> g.name().equals(v);
              case CONTAINS -> g.name().contains(v);
              case MATCHES -> Pattern.compile(v).matcher(g.name()).find();
              default -> throw new IllegalStateException(op.toString());
            };
        if (hit) {
          out.add(g);
          break;
        }
      }
    }
    return out;
  }

  /**
   * A metric's value from the named parts a report row carries ({@code c_visitors}, {@code v_dur},
   * ...), divided and rounded as docs/metrics.md says. Public so that a store answering from
   * pre-aggregated data (the embedded store's rollups) rounds exactly as the SQL path does.
   *
   * @param m the metric
   * @param i its position in the query (property aggregates are named by it)
   * @param c the row's parts by name
   */
  public static Object metricValue(Metric m, int i, Map<String, Object> c) {
    return switch (m.kind()) {
      case VISITORS -> asLong(c.get("c_visitors"));
      case VISITS -> asLong(c.get("c_visits"));
      case PAGEVIEWS -> asLong(c.get("c_pageviews"));
      case EVENTS -> asLong(c.get("c_events"));
      case CONVERSIONS -> asLong(c.get("c_conversions"));
      case ORDERS -> asLong(c.get("c_orders"));
      case VIEWS_PER_VISIT -> ratio(asBig(c.get("v_pv")), asBig(c.get("v_visits")), 2);
      case BOUNCE_RATE ->
          ratio(asBig(c.get("v_bounces")).multiply(HUNDRED), asBig(c.get("v_visits")), 1);
      case VISIT_DURATION -> {
        BigDecimal d = ratio(asBig(c.get("v_dur")), asBig(c.get("v_visits")).multiply(MILLION), 0);
        yield d == null ? null : d.longValueExact();
      }
      case CONVERSION_RATE ->
          ratio(asBig(c.get("c_converted")).multiply(HUNDRED), asBig(c.get("t_visitors")), 2);
      case REVENUE -> asBig(c.get("c_revenue")).setScale(2, RoundingMode.HALF_UP);
      case AVERAGE_ORDER_VALUE -> ratio(asBig(c.get("c_revenue")), asBig(c.get("c_orders")), 2);
      case SUM -> scaled(c.get("p" + i + "_sum"));
      case MIN -> scaled(c.get("p" + i + "_min"));
      case MAX -> scaled(c.get("p" + i + "_max"));
      case P50, P95 -> scaled(c.get("p" + i + "_q"));
      case AVG -> ratio(asBig(c.get("p" + i + "_sum")), asBig(c.get("p" + i + "_n")), 4);
    };
  }

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  private static BigDecimal ratio(BigDecimal numerator, BigDecimal denominator, int scale) {
    if (denominator.signum() == 0) {
      return null;
    }
    return numerator.divide(denominator, scale, RoundingMode.HALF_UP);
  }

  private static BigDecimal scaled(Object v) {
    if (v == null) {
      return null;
    }
    BigDecimal d = v instanceof Double x ? new BigDecimal(x.toString()) : asBig(v);
    return d.setScale(4, RoundingMode.HALF_UP);
  }

  private static long asLong(Object v) {
    return v == null ? 0 : ((Number) v).longValue();
  }

  private static BigDecimal asBig(Object v) {
    return switch (v) {
      case null -> BigDecimal.ZERO;
      case BigDecimal d -> d;
      case BigInteger b -> new BigDecimal(b);
      case Double d -> new BigDecimal(d.toString());
      case Float f -> new BigDecimal(f.toString());
      case Number n -> BigDecimal.valueOf(n.longValue());
      default -> new BigDecimal(v.toString());
    };
  }

  /** The statement's columns, in order: d0.., the metric parts, total_rows. */
  static List<String> columnNames(ReportQuery q) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < q.dimensions().size(); i++) {
      names.add("d" + i);
    }
    names.addAll(parts(q));
    names.add("total_rows");
    return names;
  }

  /** The metric parts the statement selects, without duplicates. */
  private static List<String> parts(ReportQuery q) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < q.metrics().size(); i++) {
      Metric m = q.metrics().get(i);
      List<String> mine =
          switch (m.kind()) {
            case VISITORS -> List.of("c_visitors");
            case VISITS -> List.of("c_visits");
            case PAGEVIEWS -> List.of("c_pageviews");
            case EVENTS -> List.of("c_events");
            case CONVERSIONS -> List.of("c_conversions");
            case ORDERS -> List.of("c_orders");
            case REVENUE -> List.of("c_revenue");
            case AVERAGE_ORDER_VALUE -> List.of("c_revenue", "c_orders");
            case CONVERSION_RATE -> List.of("c_converted", "t_visitors");
            case VIEWS_PER_VISIT -> List.of("v_pv", "v_visits");
            case BOUNCE_RATE -> List.of("v_bounces", "v_visits");
            case VISIT_DURATION -> List.of("v_dur", "v_visits");
            case SUM -> List.of("p" + i + "_sum");
            case MIN -> List.of("p" + i + "_min");
            case MAX -> List.of("p" + i + "_max");
            case P50, P95 -> List.of("p" + i + "_q");
            case AVG -> List.of("p" + i + "_sum", "p" + i + "_n");
          };
      for (String p : mine) {
        if (!parts.contains(p)) {
          parts.add(p);
        }
      }
    }
    return parts;
  }

  // ------------------------------------------------------------------ SQL

  /** SQL text with its parameters, built left to right. */
  private static final class Sql {
    final StringBuilder text = new StringBuilder();
    final List<Object> params = new ArrayList<>();

    Sql add(String s) {
      text.append(s);
      return this;
    }

    Sql param(Object value) {
      text.append('?');
      params.add(value);
      return this;
    }

    /** Appends an expression containing exactly one {@code ?}, bound to {@code value}. */
    Sql withParam(String expression, Object value) {
      if (expression.chars().filter(ch -> ch == '?').count() != 1) {
        throw new IllegalStateException("expected one parameter in " + expression);
      }
      text.append(expression);
      params.add(value);
      return this;
    }

    Sql add(Sql other) {
      text.append(other.text);
      params.addAll(other.params);
      return this;
    }

    /**
     * Appends {@code template} applied to {@code inner}'s text, binding {@code inner}'s parameters
     * and then {@code trailing}: the dialect places its argument before its own {@code ?}.
     */
    Sql call(java.util.function.UnaryOperator<String> template, Sql inner, Object... trailing) {
      String applied = template.apply(inner.text.toString());
      long marks = applied.chars().filter(ch -> ch == '?').count();
      if (marks != inner.params.size() + trailing.length) {
        throw new IllegalStateException("parameter count mismatch in " + applied);
      }
      text.append(applied);
      params.addAll(inner.params);
      params.addAll(List.of(trailing));
      return this;
    }
  }

  private final class Build {
    final ReportQuery q;
    final List<Dimension> dims;
    final int goalDim;
    final boolean needVx;
    final boolean needVisits;
    final boolean needTotals;

    Build(ReportQuery q) {
      this.q = q;
      this.dims = q.dimensions();
      this.goalDim = indexOf(dims, Dimension.Kind.GOAL);
      this.needVx =
          dims.stream().anyMatch(Build::isEntryExit)
              || q.filters().stream().anyMatch(f -> isEntryExit(f.dimension()));
      this.needVisits = q.metrics().stream().anyMatch(m -> m.kind().ofVisits());
      this.needTotals = q.metrics().stream().anyMatch(m -> m.kind() == Metric.Kind.CONVERSION_RATE);
    }

    static boolean isEntryExit(Dimension d) {
      return d.kind() == Dimension.Kind.ENTRY_PAGE || d.kind() == Dimension.Kind.EXIT_PAGE;
    }

    static int indexOf(List<Dimension> dims, Dimension.Kind kind) {
      for (int i = 0; i < dims.size(); i++) {
        if (dims.get(i).kind() == kind) {
          return i;
        }
      }
      return -1;
    }

    CompiledQuery statement(boolean countOnly) {
      Sql s = new Sql().add("WITH base AS (SELECT ");
      s.add(String.join(", ", BASE_COLUMNS));
      s.add(" FROM events WHERE site_id = ")
          .param(q.siteId())
          .add(" AND ts >= ")
          .param(dialect.timestampParameter(q.from()))
          .add(" AND ts < ")
          .param(dialect.timestampParameter(q.to()))
          .add(")");
      if (needVx) {
        s.add(", vx AS (SELECT session_id, ")
            .add(dialect.earliest("coalesce(pathname, '')", "ts"))
            .add(" AS entry_page, ")
            .add(dialect.latest("coalesce(pathname, '')", "ts"))
            .add(" AS exit_page FROM base WHERE name = '")
            .add(Event.PAGEVIEW)
            .add("' GROUP BY session_id)");
      }
      s.add(", m AS (").add(matching(true)).add(")");
      boolean visitsInEm =
          needVisits
              && wholeVisits()
              && dims.stream().allMatch(d -> d.kind().level() == Dimension.Level.VISIT);
      // Without event-level dimensions a visit falls in few groups (one, or one per time bucket it
      // spans): ev holds one row per group and visit, em adds them up, so visitors and visits are
      // counted over visits instead of events and every additive metric comes from one pass. With
      // event-level dimensions (pages, names, properties, goals) a visit spreads over many groups
      // and em aggregates the events directly.
      boolean perVisitRows =
          dims.stream().noneMatch(d -> d.kind().level() == Dimension.Level.EVENT);
      if (perVisitRows) {
        s.add(", ev AS (SELECT ")
            .add(dimList("", true))
            .add("session_id, ")
            .add(dialect.anyValue("visitor_id"))
            .add(" AS visitor_id, ")
            .add(perVisit(visitsInEm))
            .add(" FROM m GROUP BY ")
            .add(dimList("", true))
            .add("session_id)");
        s.add(", em AS (SELECT ").add(dimList("", true)).add(perGroup(visitsInEm));
        s.add(" FROM ev").add(groupBy()).add(")");
      } else {
        s.add(", em AS (SELECT ").add(dimList("", true)).add(perEvent());
        s.add(" FROM m").add(groupBy()).add(")");
      }
      boolean quantiles =
          q.metrics().stream()
              .anyMatch(m -> m.kind() == Metric.Kind.P50 || m.kind() == Metric.Kind.P95);
      if (quantiles) {
        s.add(", eq AS (SELECT ").add(dimList("", true));
        List<String> qs = new ArrayList<>();
        for (int i = 0; i < q.metrics().size(); i++) {
          Metric m = q.metrics().get(i);
          if (m.kind() == Metric.Kind.P50 || m.kind() == Metric.Kind.P95) {
            qs.add(
                dialect.quantile("pv" + i, m.kind() == Metric.Kind.P50 ? 0.5 : 0.95)
                    + " AS p"
                    + i
                    + "_q");
          }
        }
        s.add(String.join(", ", qs)).add(" FROM m").add(groupBy()).add(")");
      }
      if (needVisits && !visitsInEm) {
        // A visit's events may be spread over groups (event-level and time dimensions) or only
        // partly match: summarise whole visits first, then join them to their groups.
        s.add(", vs AS (SELECT session_id, ").add(visitSummary());
        if (wholeVisits()) {
          s.add(" FROM m GROUP BY session_id)");
        } else {
          s.add(" FROM base WHERE session_id IN (SELECT session_id FROM m) GROUP BY session_id)");
        }
        s.add(", vm AS (SELECT ")
            .add(dimList("", true))
            .add(VISIT_METRICS)
            .add(
                perVisitRows
                    ? " FROM ev JOIN vs USING (session_id)"
                    : " FROM (SELECT DISTINCT "
                        + dimList("", true)
                        + "session_id FROM m) ev"
                        + " JOIN vs USING (session_id)")
            .add(groupBy())
            .add(")");
      }
      if (needTotals) {
        s.add(", m0 AS (").add(matching(false)).add(")");
        s.add(", tm AS (SELECT ")
            .add(dimList("", false))
            .add("count(DISTINCT visitor_id) AS t_visitors FROM m0")
            .add(groupBy(false))
            .add(")");
      }
      if (countOnly) {
        return new CompiledQuery(s.add(" SELECT count(*) FROM em").text.toString(), s.params);
      }
      s.add(" SELECT ").add(dimList("em.", true));
      List<String> parts = parts(q);
      for (String p : parts) {
        s.add(p).add(", ");
      }
      s.add("count(*) OVER () AS total_rows FROM em");
      if (quantiles) {
        s.add(join("eq", true));
      }
      if (needVisits && !visitsInEm) {
        s.add(join("vm", true));
      }
      if (needTotals) {
        s.add(join("tm", false));
      }
      s.add(" ORDER BY ").add(orderBy());
      s.add(" LIMIT ").param(q.limit()).add(" OFFSET ").param(q.offset());
      return new CompiledQuery(s.text.toString(), s.params);
    }

    /**
     * Whether m holds every in-range event of each visit it touches: no goal dimension copies
     * events, and every filter keeps or drops whole visits (visit attributes are the same on all
     * events of a visit; {@code visit:} filters on event dimensions select whole visits).
     */
    boolean wholeVisits() {
      return goalDim < 0
          && q.filters().stream()
              .allMatch(
                  f -> f.wholeVisits() || f.dimension().kind().level() == Dimension.Level.VISIT);
    }

    /** "d0, d1, " (with the goal dimension, or without it for the totals). */
    String dimList(String prefix, boolean withGoal) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < dims.size(); i++) {
        if (i == goalDim && !withGoal) {
          continue;
        }
        b.append(prefix).append('d').append(i).append(", ");
      }
      return b.toString();
    }

    String groupBy() {
      return groupBy(true);
    }

    String groupBy(boolean withGoal) {
      String list = dimList("", withGoal);
      return list.isEmpty() ? "" : " GROUP BY " + list.substring(0, list.length() - 2);
    }

    String join(String table, boolean withGoal) {
      String list = dimList("", withGoal);
      if (list.isEmpty()) {
        return " CROSS JOIN " + table;
      }
      return " LEFT JOIN " + table + " USING (" + list.substring(0, list.length() - 2) + ")";
    }

    /** The matching events; {@code withGoals} false drops goal filters and the goal dimension. */
    Sql matching(boolean withGoals) {
      List<Goal> expand = withGoals && goalDim >= 0 ? q.goals() : List.of();
      if (withGoals && goalDim >= 0 && expand.isEmpty()) {
        return matchingSelect(withGoals, null).add(" AND FALSE");
      }
      if (expand.isEmpty()) {
        return matchingSelect(withGoals, null);
      }
      Sql s = new Sql();
      for (int g = 0; g < expand.size(); g++) {
        if (g > 0) {
          s.add(" UNION ALL ");
        }
        s.add(matchingSelect(true, expand.get(g)));
      }
      return s;
    }

    Sql matchingSelect(boolean withGoals, Goal goal) {
      Sql s = new Sql().add("SELECT base.visitor_id, base.session_id, base.name, base.ts");
      s.add(", base.revenue_amount, base.revenue_currency");
      for (int i = 0; i < dims.size(); i++) {
        if (i == goalDim) {
          if (withGoals) {
            s.add(", ").param(goal == null ? "" : goal.name()).add(" AS d" + i);
          }
          continue;
        }
        s.add(", ").add(dimensionValue(dims.get(i), "base.")).add(" AS d" + i);
      }
      for (int i = 0; i < q.metrics().size(); i++) {
        Metric m = q.metrics().get(i);
        if (m.kind().ofProperty()) {
          s.add(", ")
              .withParam(
                  dialect.toDecimal(dialect.jsonText("base.props")), dialect.jsonPath(m.property()))
              .add(" AS pv" + i);
        }
      }
      if (withGoals && hasConversionsWithoutGoalDim()) {
        s.add(", ").add(anyGoalOfFilters()).add(" AS is_conversion");
      }
      s.add(" FROM base");
      if (needVx) {
        s.add(" LEFT JOIN vx USING (session_id)");
      }
      s.add(" WHERE TRUE");
      for (Filter f : q.filters()) {
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

    boolean hasConversionsWithoutGoalDim() {
      return goalDim < 0 && q.metrics().stream().anyMatch(m -> m.kind().needsGoal());
    }

    /** Whether an event completes any goal a positive goal filter names. */
    Sql anyGoalOfFilters() {
      List<Goal> named = new ArrayList<>();
      for (Filter f : q.filters()) {
        if (f.dimension().kind() == Dimension.Kind.GOAL && !f.op().negated()) {
          for (Goal g : goalsNamed(f)) {
            if (!named.contains(g)) {
              named.add(g);
            }
          }
        }
      }
      return anyOf(named, "base.");
    }

    Sql anyOf(List<Goal> goals, String prefix) {
      if (goals.isEmpty()) {
        return new Sql().add("FALSE");
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
                .withParam(
                    dialect.regexWhole("coalesce(" + prefix + "pathname, '')"), g.pathRegex())
                .add(")");
        case EVENT -> {
          s.add("(" + prefix + "name = ").param(g.eventName());
          if (!g.propertyKey().isEmpty()) {
            // coalesce: an event without the property does not complete the goal (false, not NULL,
            // so that a negated goal filter keeps it).
            s.add(" AND coalesce(")
                .withParam(dialect.jsonText(prefix + "props"), dialect.jsonPath(g.propertyKey()))
                .add(" = ")
                .param(g.propertyValue())
                .add(", FALSE)");
          }
          s.add(")");
        }
      }
      return s;
    }

    /** The goals of the query whose names the filter's operator and values match. */
    List<Goal> goalsNamed(Filter f) {
      return QueryCompiler.goalsNamed(f, q.goals());
    }

    Sql filter(Filter f) {
      Dimension d = f.dimension();
      boolean eventLevel = d.kind().level() == Dimension.Level.EVENT;
      if (eventLevel && f.wholeVisits()) {
        Sql s = new Sql().add("base.session_id ");
        if (f.op().negated()) {
          s.add("NOT ");
        }
        s.add("IN (SELECT session_id FROM base WHERE ");
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
    Sql positive(Filter f, String prefix) {
      Dimension d = f.dimension();
      if (d.kind() == Dimension.Kind.GOAL) {
        return anyOf(goalsNamed(f), prefix);
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
            s.add(i > 0 ? " OR " : "")
                .call(dialect::contains, textOrNone(d, prefix), values.get(i));
          }
        }
        case MATCHES -> {
          for (int i = 0; i < values.size(); i++) {
            s.add(i > 0 ? " OR " : "")
                .call(dialect::regexFind, textOrNone(d, prefix), values.get(i));
          }
        }
        default -> throw new IllegalStateException(f.op().toString());
      }
      return s.add(")");
    }

    /**
     * The wall-clock time of a UTC timestamp in the query's zone: the timestamp plus the zone's
     * offset, which changes only at the zone's transitions inside the range, so a CASE over those
     * few instants does it with arithmetic (no per-row time zone library calls).
     */
    void localTime(Sql s, String utc) {
      java.time.zone.ZoneRules rules = q.zone().getRules();
      List<java.time.zone.ZoneOffsetTransition> changes = new ArrayList<>();
      java.time.zone.ZoneOffsetTransition t = rules.nextTransition(q.from());
      while (t != null && t.getInstant().isBefore(q.to())) {
        changes.add(t);
        t = rules.nextTransition(t.getInstant());
      }
      Sql offset = new Sql();
      if (changes.isEmpty()) {
        offset.param(rules.getOffset(q.from()).getTotalSeconds());
      } else {
        offset.add("CASE");
        for (java.time.zone.ZoneOffsetTransition c : changes) {
          offset
              .add(" WHEN " + utc + " < ")
              .param(dialect.timestampParameter(c.getInstant()))
              .add(" THEN ")
              .param(c.getOffsetBefore().getTotalSeconds());
        }
        offset
            .add(" ELSE ")
            .param(changes.getLast().getOffsetAfter().getTotalSeconds())
            .add(" END");
      }
      s.call(o -> dialect.plusSeconds(utc, o), offset);
    }

    /**
     * The value as patterns see it: an absent value is the text {@code (none)}, as results show it,
     * so {@code contains "none"} finds it and {@code does_not_contain "n"} drops it.
     */
    Sql textOrNone(Dimension d, String prefix) {
      Sql v = dimensionValue(d, prefix);
      Sql s = new Sql();
      s.call(t -> "CASE WHEN " + t + " = '' THEN '" + Filter.NONE + "' ELSE ", v);
      return s.add(dimensionValue(d, prefix)).add(" END");
    }

    /** The dimension's value on an event as text, '' when absent; a timestamp for time buckets. */
    Sql dimensionValue(Dimension d, String prefix) {
      Sql s = new Sql();
      switch (d.kind()) {
        case MINUTE, HOUR, DAY, WEEK, MONTH -> {
          Sql local = new Sql();
          localTime(local, prefix + "ts");
          s.call(t -> dialect.truncate(Interval.of(d.kind()), t), local);
        }
        case PROPERTY ->
            s.add("coalesce(")
                .withParam(dialect.jsonText(prefix + "props"), dialect.jsonPath(d.property()))
                .add(", '')");
        case GOAL -> throw new IllegalStateException("goals are matched, not read");
        default -> s.add("coalesce(").add(column(d, prefix)).add(", '')");
      }
      return s;
    }

    String column(Dimension d, String prefix) {
      return switch (d.kind()) {
        case ENTRY_PAGE -> "vx.entry_page";
        case EXIT_PAGE -> "vx.exit_page";
        default -> prefix + eventColumn(d.kind());
      };
    }

    static final String VISIT_METRICS =
        "count(*) AS v_visits, sum(CASE WHEN vs.n = 1 AND vs.pv = 1 THEN 1 ELSE 0 END) AS v_bounces,"
            + " sum(vs.dur) AS v_dur, sum(vs.pv) AS v_pv";

    /** A visit's events counted, its page views, and its length in milliseconds. */
    String visitSummary() {
      return "count(*) AS n, sum(CASE WHEN name = '"
          + Event.PAGEVIEW
          + "' THEN 1 ELSE 0 END) AS pv, "
          + dialect.epochMicros("max(ts)")
          + " - "
          + dialect.epochMicros("min(ts)")
          + " AS dur";
    }

    /** The aggregates of one visit's matching events in one group (the ev rows). */
    Sql perVisit(boolean withDuration) {
      List<String> out = new ArrayList<>();
      Sql s = new Sql();
      out.add(
          withDuration
              ? visitSummary()
              : "count(*) AS n, sum(CASE WHEN name = '"
                  + Event.PAGEVIEW
                  + "' THEN 1 ELSE 0 END) AS pv");
      List<String> wanted = parts(q);
      if (wanted.contains("c_conversions") && goalDim < 0) {
        out.add("sum(CASE WHEN is_conversion THEN 1 ELSE 0 END) AS conv");
      }
      if (wanted.contains("c_converted") && goalDim < 0) {
        out.add("max(CASE WHEN is_conversion THEN 1 ELSE 0 END) AS converted");
      }
      s.add(String.join(", ", out));
      return moneyAndProperties(s, "rev", "ord");
    }

    /** The metric parts of a group, aggregated from its matching events directly. */
    Sql perEvent() {
      List<String> wanted = parts(q);
      Sql s = new Sql().add("count(*) AS g_events");
      if (wanted.contains("c_visitors")) {
        s.add(", count(DISTINCT visitor_id) AS c_visitors");
      }
      if (wanted.contains("c_converted")) {
        s.add(
            goalDim >= 0
                ? ", count(DISTINCT visitor_id) AS c_converted"
                : ", count(DISTINCT CASE WHEN is_conversion THEN visitor_id END) AS c_converted");
      }
      if (wanted.contains("c_visits")) {
        s.add(", count(DISTINCT session_id) AS c_visits");
      }
      if (wanted.contains("c_pageviews")) {
        s.add(", sum(CASE WHEN name = '" + Event.PAGEVIEW + "' THEN 1 ELSE 0 END) AS c_pageviews");
      }
      if (wanted.contains("c_events")) {
        s.add(", count(*) AS c_events");
      }
      if (wanted.contains("c_conversions")) {
        s.add(
            goalDim >= 0
                ? ", count(*) AS c_conversions"
                : ", sum(CASE WHEN is_conversion THEN 1 ELSE 0 END) AS c_conversions");
      }
      return moneyAndProperties(s, "c_revenue", "c_orders");
    }

    /**
     * Appends the revenue and order sums (as {@code revenue} and {@code orders}) and the property
     * aggregates that add up across rows, from the matching events.
     */
    Sql moneyAndProperties(Sql s, String revenue, String orders) {
      List<String> wanted = parts(q);
      if (wanted.contains("c_revenue")) {
        s.add(", sum(CASE WHEN revenue_currency = ")
            .param(q.currency())
            .add(" THEN revenue_amount END) AS " + revenue);
      }
      if (wanted.contains("c_orders")) {
        s.add(", sum(CASE WHEN revenue_currency = ")
            .param(q.currency())
            .add(" AND revenue_amount IS NOT NULL THEN 1 ELSE 0 END) AS " + orders);
      }
      for (int i = 0; i < q.metrics().size(); i++) {
        String v = "pv" + i;
        switch (q.metrics().get(i).kind()) {
          case SUM -> s.add(", sum(" + v + ") AS p" + i + "_sum");
          case MIN -> s.add(", min(" + v + ") AS p" + i + "_min");
          case MAX -> s.add(", max(" + v + ") AS p" + i + "_max");
          case AVG -> s.add(", sum(" + v + ") AS p" + i + "_sum, count(" + v + ") AS p" + i + "_n");
          default -> {}
        }
      }
      return s;
    }

    /** The metric parts of a group, added up over its ev rows (one per visit). */
    String perGroup(boolean withVisits) {
      List<String> out = new ArrayList<>();
      out.add("count(*) AS g_visits");
      List<String> wanted = parts(q);
      if (wanted.contains("c_visitors")) {
        out.add("count(DISTINCT visitor_id) AS c_visitors");
      }
      if (wanted.contains("c_converted")) {
        // The goal dimension's rows hold only events that complete the row's goal.
        out.add(
            goalDim >= 0
                ? "count(DISTINCT visitor_id) AS c_converted"
                : "count(DISTINCT CASE WHEN converted = 1 THEN visitor_id END) AS c_converted");
      }
      if (wanted.contains("c_visits")) {
        out.add("count(*) AS c_visits");
      }
      if (wanted.contains("c_pageviews")) {
        out.add("sum(pv) AS c_pageviews");
      }
      if (wanted.contains("c_events")) {
        out.add("sum(n) AS c_events");
      }
      if (wanted.contains("c_conversions")) {
        out.add(goalDim >= 0 ? "sum(n) AS c_conversions" : "sum(conv) AS c_conversions");
      }
      if (wanted.contains("c_revenue")) {
        out.add("sum(rev) AS c_revenue");
      }
      if (wanted.contains("c_orders")) {
        out.add("sum(ord) AS c_orders");
      }
      if (withVisits) {
        out.add(
            "count(*) AS v_visits, sum(CASE WHEN n = 1 AND pv = 1 THEN 1 ELSE 0 END) AS v_bounces,"
                + " sum(dur) AS v_dur, sum(pv) AS v_pv");
      }
      for (int i = 0; i < q.metrics().size(); i++) {
        switch (q.metrics().get(i).kind()) {
          case SUM -> out.add("sum(p" + i + "_sum) AS p" + i + "_sum");
          case MIN -> out.add("min(p" + i + "_min) AS p" + i + "_min");
          case MAX -> out.add("max(p" + i + "_max) AS p" + i + "_max");
          case AVG ->
              out.add("sum(p" + i + "_sum) AS p" + i + "_sum, sum(p" + i + "_n) AS p" + i + "_n");
          default -> {}
        }
      }
      return String.join(", ", out);
    }

    String orderBy() {
      List<String> keys = new ArrayList<>();
      if (q.orderBy().isEmpty()) {
        int time = -1;
        for (int i = 0; i < dims.size(); i++) {
          if (dims.get(i).isTime()) {
            time = i;
            break;
          }
        }
        if (time >= 0) {
          keys.add("em.d" + time + " ASC");
        } else {
          keys.add(sortExpression(q.metrics().get(0)) + " DESC NULLS LAST");
        }
      } else {
        for (Order o : q.orderBy()) {
          keys.add(sortKey(o.by()) + (o.descending() ? " DESC" : " ASC") + " NULLS LAST");
        }
      }
      for (int i = 0; i < dims.size(); i++) {
        keys.add("em.d" + i + " ASC");
      }
      return String.join(", ", keys);
    }

    String sortKey(String by) {
      for (int i = 0; i < dims.size(); i++) {
        if (dims.get(i).apiName().equals(by)) {
          return "em.d" + i;
        }
      }
      for (Metric m : q.metrics()) {
        if (m.apiName().equals(by)) {
          return sortExpression(m);
        }
      }
      throw new IllegalArgumentException("order_by names '" + by + "', which the query lacks");
    }

    String sortExpression(Metric m) {
      int i = q.metrics().indexOf(m);
      return switch (m.kind()) {
        case VISITORS -> "c_visitors";
        case VISITS -> "c_visits";
        case PAGEVIEWS -> "c_pageviews";
        case EVENTS -> "c_events";
        case CONVERSIONS -> "c_conversions";
        case ORDERS -> "c_orders";
        case REVENUE -> "coalesce(c_revenue, 0)";
        case VIEWS_PER_VISIT -> div("v_pv", "v_visits");
        case BOUNCE_RATE -> div("v_bounces", "v_visits");
        case VISIT_DURATION -> div("v_dur", "v_visits");
        case CONVERSION_RATE -> div("c_converted", "t_visitors");
        case AVERAGE_ORDER_VALUE -> dialect.quotientKey("c_revenue", "c_orders", true);
        case SUM -> "p" + i + "_sum";
        case MIN -> "p" + i + "_min";
        case MAX -> "p" + i + "_max";
        case P50, P95 -> "p" + i + "_q";
        case AVG -> dialect.quotientKey("p" + i + "_sum", "p" + i + "_n", true);
      };
    }

    /**
     * A sort key for the quotient a / b that orders exactly: floor(a × 10^18 / b) in 128-bit
     * integers, so equal quotients tie (and fall to the dimensions) and quotients of counts below
     * 10^9 that differ at all get different keys. Decimal parts are scaled to integers first.
     */
    String div(String a, String b) {
      return dialect.quotientKey(a, b, false);
    }
  }

  private static final List<String> BASE_COLUMNS =
      List.of(
          "visitor_id",
          "session_id",
          "name",
          "ts",
          "hostname",
          "pathname",
          "referrer",
          "source",
          "medium",
          "utm_source",
          "utm_medium",
          "utm_campaign",
          "utm_term",
          "utm_content",
          "country",
          "region",
          "city",
          "browser",
          "browser_version",
          "os",
          "os_version",
          "device",
          "screen",
          "props",
          "revenue_amount",
          "revenue_currency");
}
