package io.footfall.query.sql;

import io.footfall.core.people.Segment;
import io.footfall.core.query.Filter;
import io.footfall.core.query.Formulas;
import io.footfall.core.query.Formulas.PartOf;
import io.footfall.core.query.Report;
import io.footfall.core.query.ReportQuery;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a {@link ReportQuery} into one SQL statement for a {@link SqlDialect}, and the statement's
 * result rows into a {@link Report}.
 *
 * <p>Design note. Nothing the caller sends is ever spliced into the SQL text: values, patterns,
 * property keys, time zones and goal definitions are bound parameters; column names come from
 * {@link EventColumns}. The statement is a chain of CTEs, each built by one class:
 *
 * <ul>
 *   <li>{@code base}, {@code vx}, {@code m} ({@link Matching}): the site's events inside the range;
 *       one row per visit with its entry and exit page (only for entry/exit pages); the matching
 *       events, with each dimension's value as {@code d0, d1, ...} (for the goal dimension, one
 *       copy of the event per goal it completes);
 *   <li>{@code ev}, {@code em}, {@code eq} ({@link GroupMetrics}): the metric parts per group;
 *   <li>{@code vs}, {@code vm} ({@link VisitMetrics}, only for visit metrics): every matching
 *       visit's in-range events summarised, then per group;
 *   <li>{@code m0}, {@code tm} (only for conversion rate): visitors per group with the goal filters
 *       dropped;
 *   <li>{@code jeq}, {@code jvm}, {@code jtm}: em joined with each of eq, vm, tm it needs, one join
 *       per select (ClickHouse 18.16 refuses a second join in one select);
 *   <li>the final select, ordered by {@link Ordering}, one page of it with the total row count
 *       ({@link SqlDialect#page}).
 * </ul>
 *
 * <p>The CTEs are references in the {@link Sql} built, not text: a dialect with {@code WITH name AS
 * (...)} gets them named, one without (ClickHouse 18.16) gets each written out where it is used, as
 * an aliased subquery ({@link SqlDialect#namedSubqueries}).
 *
 * <p>The statement returns metric <em>parts</em> ({@link Formulas}), never ratios: {@link
 * #assemble} turns them into values with the one table of formulas, so rounding is exact and
 * identical on every backend. The SQL only computes the exact sort keys of ratios.
 */
public final class QueryCompiler {
  private final SqlDialect dialect;

  public QueryCompiler(SqlDialect dialect) {
    this.dialect = Objects.requireNonNull(dialect, "dialect");
  }

  /** The statement answering the query's page of rows; each row also carries the total count. */
  public CompiledQuery compile(ReportQuery q) {
    return compile(q, Optional.empty());
  }

  /**
   * {@link #compile} over the events of the segment's members only (docs/metrics.md, "Cohorts"):
   * every other event of the site is left out before anything is counted.
   */
  public CompiledQuery compile(ReportQuery q, Optional<Segment> segment) {
    Built b = statement(new Plan(q, dialect, segment), false);
    return b.named().compile(b.main(), dialect);
  }

  /** A statement returning one row with one column: how many rows the query has in all. */
  public CompiledQuery compileCount(ReportQuery q) {
    return compileCount(q, Optional.empty());
  }

  /** {@link #compileCount} over the segment's members' events. */
  public CompiledQuery compileCount(ReportQuery q, Optional<Segment> segment) {
    Built b = statement(new Plan(q, dialect, segment), true);
    return b.named().compile(b.main(), dialect);
  }

  /**
   * {@link #compile}'s statement as steps: its CTEs to materialize one by one, then the select that
   * reads them; the rows are the same. The CTEs named in {@code inlined} (see the design note;
   * {@code base} always exists) are written out where they are used instead: {@code base}, the
   * site's events in range with every reported column, is cheaper to read again, with only the
   * columns each use needs, than to hold in memory.
   */
  public CompiledSteps compileSteps(ReportQuery q, java.util.Set<String> inlined) {
    return compileSteps(q, inlined, Optional.empty());
  }

  /** {@link #compileSteps} over the segment's members' events. */
  public CompiledSteps compileSteps(
      ReportQuery q, java.util.Set<String> inlined, Optional<Segment> segment) {
    Built b = statement(new Plan(q, dialect, segment), false);
    return b.named().steps(b.main(), inlined);
  }

  /** {@link #compileCount}'s statement as steps, like {@link #compileSteps}. */
  public CompiledSteps compileCountSteps(ReportQuery q, java.util.Set<String> inlined) {
    return compileCountSteps(q, inlined, Optional.empty());
  }

  /** {@link #compileCountSteps} over the segment's members' events. */
  public CompiledSteps compileCountSteps(
      ReportQuery q, java.util.Set<String> inlined, Optional<Segment> segment) {
    Built b = statement(new Plan(q, dialect, segment), true);
    return b.named().steps(b.main(), inlined);
  }

  /** A statement's named subqueries and its main select. */
  private record Built(Sql.Statement named, Sql main) {}

  /** Turns the rows of {@link #compile}'s statement into the report. */
  public Report assemble(ReportQuery q, List<Object[]> rows) {
    List<Report.Row> out = new ArrayList<>();
    long total = 0;
    int dims = q.dimensions().size();
    List<PartOf> parts = Formulas.parts(q.metrics());
    for (Object[] row : rows) {
      Map<PartOf, Object> byPart = new HashMap<>();
      for (int i = 0; i < parts.size(); i++) {
        byPart.put(parts.get(i), row[dims + i]);
      }
      List<String> dimValues = new ArrayList<>();
      for (int i = 0; i < dims; i++) {
        Object v = row[i];
        if (v instanceof LocalDateTime t) {
          dimValues.add(Report.timeLabel(t));
        } else {
          dimValues.add(v == null || v.toString().isEmpty() ? Filter.NONE : v.toString());
        }
      }
      List<Object> metricValues = new ArrayList<>();
      for (int i = 0; i < q.metrics().size(); i++) {
        metricValues.add(Formulas.value(q.metrics().get(i), i, byPart::get));
      }
      total = ((Number) row[row.length - 1]).longValue();
      out.add(new Report.Row(dimValues, metricValues));
    }
    return new Report(out, total);
  }

  private Built statement(Plan plan, boolean countOnly) {
    Matching matching = new Matching(plan);
    GroupMetrics groups = new GroupMetrics(plan);
    VisitMetrics visits = new VisitMetrics(plan);
    Sql.Statement s = new Sql.Statement();
    s.add("base", matching.base());
    if (plan.needVx) {
      s.add("vx", matching.visitPages());
    }
    s.add("m", matching.events(true));
    if (plan.perVisitRows) {
      s.add("ev", groups.perVisit());
    }
    s.add("em", groups.perGroup());
    if (plan.quantiles) {
      s.add("eq", groups.quantiles());
    }
    boolean visitMetrics = plan.needVisits && !plan.visitsInEm;
    if (visitMetrics) {
      s.add("vs", visits.visits());
      s.add("vm", visits.perGroup());
    }
    if (plan.needTotals) {
      s.add("m0", matching.events(false));
      s.add(
          "tm",
          new Sql()
              .add("SELECT ")
              .add(plan.dimList("", false))
              .add("count(DISTINCT visitor_id) AS t_visitors FROM ")
              .ref("m0")
              .add(plan.groupBy(false)));
    }
    if (countOnly) {
      return new Built(s, new Sql().add("SELECT count(*) FROM ").ref("em"));
    }
    // em joined with eq, vm and tm, one join per select (ClickHouse 18.16 allows no more): each
    // step selects the dimensions and the parts gathered so far.
    String joined = "em";
    List<String> columns = new ArrayList<>(plan.dims.size());
    for (int i = 0; i < plan.dims.size(); i++) {
      columns.add("d" + i);
    }
    int dimColumns = columns.size();
    for (PartOf p : plan.parts) {
      if (source(p, visitMetrics).equals("em")) {
        columns.add(PartColumns.of(p));
      }
    }
    for (String right : List.of("eq", "vm", "tm")) {
      List<String> added = new ArrayList<>();
      for (PartOf p : plan.parts) {
        if (source(p, visitMetrics).equals(right)) {
          added.add(PartColumns.of(p));
        }
      }
      if (added.isEmpty()) {
        continue;
      }
      columns.addAll(added);
      String name = "j" + right;
      s.add(
          name,
          new Sql()
              .add("SELECT " + String.join(", ", columns) + " FROM ")
              .ref(joined)
              .add(join(right.equals("tm") ? plan.dimList("", false) : plan.dimList("", true)))
              .ref(right)
              .add(using(right.equals("tm") ? plan.dimList("", false) : plan.dimList("", true))));
      joined = name;
    }
    if (columns.size() == dimColumns) {
      throw new IllegalStateException("a query without metrics: " + plan.q);
    }
    // The result columns: the dimensions, then the parts in the order assemble reads them.
    List<String> result = new ArrayList<>(columns.subList(0, dimColumns));
    java.util.Set<String> decimals = new java.util.HashSet<>();
    for (PartOf p : plan.parts) {
      result.add(PartColumns.of(p));
      if (PartColumns.isDecimal(p)) {
        decimals.add(PartColumns.of(p));
      }
    }
    String orderBy = new Ordering(plan).orderBy();
    Sql main =
        new Sql()
            .call(
                relation -> dialect.page(result, decimals, relation, orderBy),
                new Sql().ref(joined),
                plan.q.limit(),
                plan.q.offset());
    return new Built(s, main);
  }

  /** The subquery that computes a part: em, or eq, vm, tm (joined to em on the dimensions). */
  private static String source(PartOf p, boolean visitMetrics) {
    return switch (p.part()) {
      case PROPERTY_QUANTILE -> "eq";
      case VISIT_COUNT, VISIT_PAGEVIEWS, BOUNCES, DURATION_MICROS -> visitMetrics ? "vm" : "em";
      case ALL_VISITORS -> "tm";
      default -> "em";
    };
  }

  /** The join to a per-group subquery on the dimensions (a cross join of one row without any). */
  private String join(String dimList) {
    return dimList.isEmpty() ? " CROSS JOIN " : " " + dialect.leftJoin() + " ";
  }

  private static String using(String dimList) {
    return dimList.isEmpty() ? "" : " USING (" + dimList.substring(0, dimList.length() - 2) + ")";
  }
}
