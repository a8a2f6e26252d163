package io.footfall.core.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.core.Goal;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class ReportOracleTest {
  static final List<ReportTraffic.SiteTraffic> TRAFFIC = ReportTraffic.generate(11, 300);

  @TestFactory
  Stream<DynamicTest> answersTheHandWorkedCases() {
    return ReportCases.all().stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.name(),
                    () -> {
                      Report r = ReportOracle.report(c.events(), c.query());
                      assertThat(r)
                          .as(
                              "%s%nexpected:%n%sbut the oracle said:%n%s",
                              ReportText.describe(c.query()),
                              ReportText.render(c.expected()),
                              ReportText.render(r))
                          .isEqualTo(c.expected());
                    }));
  }

  @Test
  void aggregateOverAllTimeIsTheGeneratorsTruth() {
    for (ReportTraffic.SiteTraffic site : TRAFFIC) {
      ReportTraffic.Truth truth = site.truth();
      Report r =
          ReportOracle.report(
              ReportTraffic.allEvents(TRAFFIC),
              query(
                  site,
                  List.of(
                      Metric.Kind.VISITORS,
                      Metric.Kind.VISITS,
                      Metric.Kind.EVENTS,
                      Metric.Kind.PAGEVIEWS,
                      Metric.Kind.BOUNCE_RATE,
                      Metric.Kind.VISIT_DURATION,
                      Metric.Kind.REVENUE,
                      Metric.Kind.ORDERS),
                  List.of()));
      BigDecimal visits = BigDecimal.valueOf(truth.visits());
      assertThat(r.totalRows()).isEqualTo(1);
      assertThat(r.rows().getFirst().metrics())
          .as(site.siteId())
          .containsExactly(
              truth.visitors(),
              truth.visits(),
              truth.events(),
              truth.pageviews(),
              BigDecimal.valueOf(100 * truth.bounces()).divide(visits, 1, RoundingMode.HALF_UP),
              BigDecimal.valueOf(truth.durationMillis())
                  .divide(visits.multiply(BigDecimal.valueOf(1000)), 0, RoundingMode.HALF_UP)
                  .longValueExact(),
              truth.revenue().setScale(2, RoundingMode.HALF_UP),
              truth.orders());
      assertThat(truth.otherCurrencyOrders()).isPositive();
    }
  }

  @Test
  void goalBreakdownIsTheGeneratorsCompletions() {
    for (ReportTraffic.SiteTraffic site : TRAFFIC) {
      Report r =
          ReportOracle.report(
              site.events(),
              query(
                  site,
                  List.of(Metric.Kind.CONVERSIONS),
                  List.of(Dimension.of(Dimension.Kind.GOAL))));
      Map<String, Object> byGoal = new LinkedHashMap<>();
      r.rows().forEach(row -> byGoal.put(row.dimensions().getFirst(), row.metrics().getFirst()));
      assertThat(byGoal).as(site.siteId()).isEqualTo(Map.copyOf(site.truth().completions()));
      assertThat(site.truth().completions().values()).allMatch(n -> n > 0);
    }
  }

  /** docs/metrics.md: a row for value v of D equals the aggregate with "D is v" added. */
  @Test
  void breakdownRowsEqualTheAggregateWithTheRowsFilter() {
    int rowsChecked = 0;
    for (ReportTraffic.SiteTraffic site : TRAFFIC) {
      ReportQueries queries = new ReportQueries(site, new Random(5));
      int checked = 0;
      while (checked < 15) {
        ReportQuery q = queries.next();
        if (q.dimensions().size() != 1 || q.dimensions().getFirst().isTime()) {
          continue;
        }
        checked++;
        Dimension d = q.dimensions().getFirst();
        ReportQuery all = withPage(q, q.dimensions(), q.filters(), ReportQuery.MAX_LIMIT);
        for (Report.Row row : ReportOracle.report(site.events(), all).rows()) {
          List<Filter> filters = new ArrayList<>(q.filters());
          filters.add(new Filter(Filter.Op.IS, d, false, List.of(row.dimensions().getFirst())));
          Report aggregate = ReportOracle.report(site.events(), withPage(q, List.of(), filters, 1));
          assertThat(aggregate.rows().getFirst().metrics())
              .as("%s, row %s", ReportText.describe(q), row.dimensions())
              .isEqualTo(row.metrics());
          rowsChecked++;
        }
      }
    }
    assertThat(rowsChecked).isGreaterThan(200);
  }

  @Test
  void globMatchesLikeTheHandWrittenPathTable() {
    List<Goal> pageGoals =
        ReportTraffic.goals("s").stream().filter(g -> g.kind() == Goal.Kind.PAGEVIEW).toList();
    for (ReportTraffic.PagePath path : ReportTraffic.PATHS) {
      for (Goal g : pageGoals) {
        assertThat(ReportOracle.glob(g.pathPattern(), 0, path.path(), 0))
            .as("%s against %s", path.path(), g.pathPattern())
            .isEqualTo(path.goals().contains(g.name()));
      }
    }
  }

  @Test
  void readsPropertiesAsTextAndNumbers() {
    Map<String, ReportOracle.PropertyValue> p =
        ReportOracle.properties(
            "{\"a\":12.5,\"b\":\"2.50\",\"c\":true,\"d\":\"nan\",\"e\":\"x\\\"y\",\"f\":-3}");
    assertThat(p)
        .containsExactly(
            Map.entry("a", new ReportOracle.PropertyValue("12.5", new BigDecimal("12.5"))),
            Map.entry("b", new ReportOracle.PropertyValue("2.50", new BigDecimal("2.50"))),
            Map.entry("c", new ReportOracle.PropertyValue("true", null)),
            Map.entry("d", new ReportOracle.PropertyValue("nan", null)),
            Map.entry("e", new ReportOracle.PropertyValue("x\"y", null)),
            Map.entry("f", new ReportOracle.PropertyValue("-3", new BigDecimal("-3"))));
  }

  @Test
  void interpolatesPercentilesBetweenClosestRanks() {
    List<BigDecimal> values = Stream.of("1", "2", "4", "8").map(BigDecimal::new).toList();
    // Positions 1.5 and 2.85.
    assertThat(ReportOracle.percentile(values, new BigDecimal("0.5"))).isEqualByComparingTo("3");
    assertThat(ReportOracle.percentile(values, new BigDecimal("0.95"))).isEqualByComparingTo("7.4");
    assertThat(ReportOracle.percentile(List.of(BigDecimal.TEN), new BigDecimal("0.95")))
        .isEqualByComparingTo("10");
  }

  @Test
  void refusesConversionsWithoutAGoal() {
    ReportTraffic.SiteTraffic site = TRAFFIC.getFirst();
    assertThatThrownBy(
            () ->
                ReportOracle.report(
                    site.events(), query(site, List.of(Metric.Kind.CONVERSIONS), List.of())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static ReportQuery query(
      ReportTraffic.SiteTraffic site, List<Metric.Kind> metrics, List<Dimension> dimensions) {
    return new ReportQuery(
        site.siteId(),
        site.zone(),
        site.firstDay(),
        site.afterLastDay(),
        site.currency(),
        metrics.stream().map(Metric::of).toList(),
        dimensions,
        List.of(),
        site.goals(),
        List.of(),
        ReportQuery.MAX_LIMIT,
        0);
  }

  private static ReportQuery withPage(
      ReportQuery q, List<Dimension> dimensions, List<Filter> filters, int limit) {
    return new ReportQuery(
        q.siteId(),
        q.zone(),
        q.from(),
        q.to(),
        q.currency(),
        q.metrics(),
        dimensions,
        filters,
        q.goals(),
        List.of(),
        limit,
        0);
  }
}
