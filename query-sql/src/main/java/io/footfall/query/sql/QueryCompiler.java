package io.footfall.query.sql;

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

/**
 * Turns a {@link ReportQuery} into one SQL statement for a {@link SqlDialect}, and the statement's
 * result rows into a {@link Report}.
 *
 * <p>Design note. Nothing the caller sends is ever spliced into the SQL text: values, patterns,
 * property keys (as JSON paths), time zones and goal definitions are bound parameters; column names
 * come from {@link EventColumns}. The statement is a chain of CTEs, each built by one class:
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
 *   <li>the final select, ordered by {@link Ordering}.
 * </ul>
 *
 * The statement returns metric <em>parts</em> ({@link Formulas}), never ratios: {@link #assemble}
 * turns them into values with the one table of formulas, so rounding is exact and identical on
 * every backend. The SQL only computes the exact sort keys of ratios.
 */
public final class QueryCompiler {
  private final SqlDialect dialect;

  public QueryCompiler(SqlDialect dialect) {
    this.dialect = Objects.requireNonNull(dialect, "dialect");
  }

  /** The statement answering the query's page of rows; each row also carries the total count. */
  public CompiledQuery compile(ReportQuery q) {
    return statement(new Plan(q, dialect), false);
  }

  /** A statement returning one row with one column: how many rows the query has in all. */
  public CompiledQuery compileCount(ReportQuery q) {
    return statement(new Plan(q, dialect), true);
  }

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

  private CompiledQuery statement(Plan plan, boolean countOnly) {
    Matching matching = new Matching(plan);
    GroupMetrics groups = new GroupMetrics(plan);
    VisitMetrics visits = new VisitMetrics(plan);
    Ctes s = new Ctes();
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
              .add("count(DISTINCT visitor_id) AS t_visitors FROM m0")
              .add(plan.groupBy(false)));
    }
    Sql sql = s.sql();
    if (countOnly) {
      return sql.add(" SELECT count(*) FROM em").compiled();
    }
    sql.add(" SELECT ").add(plan.dimList("em.", true));
    for (PartOf p : plan.parts) {
      sql.add(PartColumns.of(p)).add(", ");
    }
    sql.add("count(*) OVER () AS total_rows FROM em");
    if (plan.quantiles) {
      sql.add(plan.join("eq", true));
    }
    if (visitMetrics) {
      sql.add(plan.join("vm", true));
    }
    if (plan.needTotals) {
      sql.add(plan.join("tm", false));
    }
    sql.add(" ORDER BY ").add(new Ordering(plan).orderBy());
    sql.add(" LIMIT ").param(plan.q.limit()).add(" OFFSET ").param(plan.q.offset());
    return sql.compiled();
  }

  /** The statement's named subqueries, in order: {@code WITH a AS (...), b AS (...)}. */
  private static final class Ctes {
    private final Sql sql = new Sql();

    void add(String name, Sql body) {
      sql.add(sql.text().isEmpty() ? "WITH " : ", ").add(name + " AS (").add(body).add(")");
    }

    Sql sql() {
      return sql;
    }
  }
}
