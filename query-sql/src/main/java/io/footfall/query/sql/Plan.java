package io.footfall.query.sql;

import io.footfall.core.query.Dimension;
import io.footfall.core.query.Formulas;
import io.footfall.core.query.Formulas.Part;
import io.footfall.core.query.Formulas.PartOf;
import io.footfall.core.query.Metric;
import io.footfall.core.query.ReportQuery;
import java.util.List;

/**
 * A query as the compiler's parts see it: which CTEs the statement needs and the names they share.
 * Every dimension's value is column {@code d0, d1, ...} from the matching events on.
 */
final class Plan {
  final ReportQuery q;
  final SqlDialect dialect;
  final List<Dimension> dims;

  /** The position of the goal dimension, -1 without one. */
  final int goalDim;

  /** Whether entry or exit pages are grouped or filtered by (the vx CTE). */
  final boolean needVx;

  /** Whether a metric looks at whole visits (the vs and vm CTEs, unless em has them). */
  final boolean needVisits;

  /** Whether the conversion rate needs the visitors without goal filters (the tm CTE). */
  final boolean needTotals;

  /** Whether a metric is a property quantile (the eq CTE). */
  final boolean quantiles;

  /**
   * Whether em is summed over one row per group and visit (ev) rather than over events: true
   * without event-level dimensions, where a visit falls in few groups (one, or one per time bucket
   * it spans), so visitors and visits are counted over visits and every additive metric comes from
   * one pass. With event-level dimensions (pages, names, properties, goals) a visit spreads over
   * many groups and em aggregates the events directly.
   */
  final boolean perVisitRows;

  /** Whether em itself carries the visit metrics (whole visits, each in one group). */
  final boolean visitsInEm;

  /** The metric parts the statement selects, each once. */
  final List<PartOf> parts;

  /** When present, only the events of the segment's members are read. */
  final java.util.Optional<io.footfall.core.people.Segment> segment;

  Plan(
      ReportQuery q,
      SqlDialect dialect,
      java.util.Optional<io.footfall.core.people.Segment> segment) {
    this.q = q;
    this.dialect = dialect;
    this.segment = segment;
    if (segment.isPresent() && !segment.get().siteId().equals(q.siteId())) {
      throw new IllegalArgumentException(
          "the segment is of site " + segment.get().siteId() + ", not " + q.siteId());
    }
    this.dims = q.dimensions();
    this.goalDim = indexOf(dims, Dimension.Kind.GOAL);
    this.needVx =
        dims.stream().anyMatch(Plan::isEntryExit)
            || q.filters().stream().anyMatch(f -> isEntryExit(f.dimension()));
    this.needVisits = q.metrics().stream().anyMatch(m -> m.kind().ofVisits());
    this.needTotals = q.metrics().stream().anyMatch(m -> m.kind() == Metric.Kind.CONVERSION_RATE);
    this.quantiles =
        q.metrics().stream()
            .anyMatch(m -> m.kind() == Metric.Kind.P50 || m.kind() == Metric.Kind.P95);
    this.perVisitRows = dims.stream().noneMatch(d -> d.kind().level() == Dimension.Level.EVENT);
    this.visitsInEm =
        needVisits
            && wholeVisits()
            && dims.stream().allMatch(d -> d.kind().level() == Dimension.Level.VISIT);
    this.parts = Formulas.parts(q.metrics());
  }

  static boolean isEntryExit(Dimension d) {
    return d.kind() == Dimension.Kind.ENTRY_PAGE || d.kind() == Dimension.Kind.EXIT_PAGE;
  }

  private static int indexOf(List<Dimension> dims, Dimension.Kind kind) {
    for (int i = 0; i < dims.size(); i++) {
      if (dims.get(i).kind() == kind) {
        return i;
      }
    }
    return -1;
  }

  /** Whether the statement selects a shared part. */
  boolean wants(Part part) {
    return parts.stream().anyMatch(p -> p.part() == part);
  }

  /**
   * Whether m holds every in-range event of each visit it touches: no goal dimension copies events,
   * and every filter keeps or drops whole visits (visit attributes are the same on all events of a
   * visit; {@code visit:} filters on event dimensions select whole visits).
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
}
