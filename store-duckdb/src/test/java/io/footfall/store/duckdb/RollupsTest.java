package io.footfall.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.core.Event;
import io.footfall.core.WriteBatch;
import io.footfall.core.query.Dimension;
import io.footfall.core.query.Filter;
import io.footfall.core.query.Metric;
import io.footfall.core.query.Order;
import io.footfall.core.query.Report;
import io.footfall.core.query.ReportQuery;
import io.footfall.core.query.ReportTraffic;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports answered from the rollups equal the raw answers (proven against the oracle by {@link
 * DuckDbReportTest}): with a few hundred visitors per site every sketch is still in its exact mode,
 * so the whole report, visitors included, must be equal; {@link VisitorSketchTest} bounds the
 * estimate on large counts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RollupsTest {
  private static final List<Dimension> DIMENSIONS = new ArrayList<>();

  static {
    for (Dimension.Kind k : Dimension.Kind.values()) {
      if (k != Dimension.Kind.PROPERTY && k != Dimension.Kind.MINUTE && k != Dimension.Kind.HOUR) {
        DIMENSIONS.add(Dimension.of(k));
      }
    }
  }

  private static final List<List<Metric.Kind>> METRIC_SETS =
      List.of(
          List.of(
              Metric.Kind.VISITORS,
              Metric.Kind.VISITS,
              Metric.Kind.PAGEVIEWS,
              Metric.Kind.VIEWS_PER_VISIT,
              Metric.Kind.BOUNCE_RATE,
              Metric.Kind.VISIT_DURATION,
              Metric.Kind.EVENTS),
          List.of(
              Metric.Kind.BOUNCE_RATE,
              Metric.Kind.REVENUE,
              Metric.Kind.ORDERS,
              Metric.Kind.AVERAGE_ORDER_VALUE,
              Metric.Kind.VISITORS),
          List.of(Metric.Kind.VISIT_DURATION, Metric.Kind.PAGEVIEWS));

  private static final List<List<Metric.Kind>> GOAL_METRIC_SETS =
      List.of(
          List.of(
              Metric.Kind.VISITORS,
              Metric.Kind.CONVERSIONS,
              Metric.Kind.CONVERSION_RATE,
              Metric.Kind.REVENUE),
          List.of(
              Metric.Kind.CONVERSION_RATE, Metric.Kind.ORDERS, Metric.Kind.AVERAGE_ORDER_VALUE));

  /** The metrics of the dashboard's conversion cards, each set asked under one goal filter. */
  private static final List<List<Metric.Kind>> ANY_GOAL_METRIC_SETS =
      List.of(
          List.of(Metric.Kind.CONVERSIONS),
          List.of(Metric.Kind.VISITORS, Metric.Kind.CONVERSION_RATE),
          List.of(Metric.Kind.CONVERSION_RATE, Metric.Kind.CONVERSIONS, Metric.Kind.VISITORS));

  private DuckDbStore store;
  private List<ReportTraffic.SiteTraffic> sites;

  @BeforeAll
  void load(@TempDir Path dir) {
    store = DuckDbStore.open(dir.resolve("footfall.duckdb"));
    sites = ReportTraffic.generate(Long.getLong("footfall.rollupSeed", 20261124L), 160);
    List<Event> all = ReportTraffic.allEvents(sites);
    for (int i = 0; i < all.size(); i += 500) {
      store.write(new WriteBatch(all.subList(i, Math.min(all.size(), i + 500)), List.of()));
    }
    Rollups.BuildResult built = store.refreshRollups(settings());
    assertThat(built.sites()).isEqualTo(sites.size());
    try (var c = store.connection();
        var st = c.createStatement();
        var rs = st.executeQuery("SELECT count(DISTINCT session_id) FROM rollup_parts")) {
      rs.next();
      assertThat(rs.getLong(1)).as("visits across midnight, combined at query time").isPositive();
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void crossingVisitStatementsHaveATypeForEveryColumn() throws Exception {
    List<Dimension.Kind> kinds = new ArrayList<>(java.util.Arrays.asList(Dimension.Kind.values()));
    kinds.add(null);
    try (java.sql.Connection c = store.connection()) {
      for (Dimension.Kind kind : kinds) {
        try (java.sql.PreparedStatement ps =
            c.prepareStatement(RollupAnswer.crossingSelect(kind, ""))) {
          java.sql.ResultSetMetaData meta = ps.getMetaData();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            // DuckDB names its NULL type "NULL", quotes included.
            assertThat(meta.getColumnTypeName(i).replace("\"", ""))
                .as("column %d of the statement for %s", i, kind)
                .isNotEqualTo("NULL");
          }
        }
      }
    }
  }

  @AfterAll
  void close() {
    store.close();
  }

  private Map<String, Rollups.SiteSettings> settings() {
    Map<String, Rollups.SiteSettings> out = new HashMap<>();
    for (ReportTraffic.SiteTraffic s : sites) {
      out.put(s.siteId(), new Rollups.SiteSettings(s.zone(), s.currency()));
    }
    return out;
  }

  private static ReportQuery query(
      ReportTraffic.SiteTraffic site,
      LocalDate first,
      LocalDate last,
      List<Metric.Kind> metrics,
      Dimension dimension,
      List<Order> order,
      int limit,
      int offset) {
    return new ReportQuery(
        site.siteId(),
        site.zone(),
        first.atStartOfDay(site.zone()).toInstant(),
        last.plusDays(1).atStartOfDay(site.zone()).toInstant(),
        site.currency(),
        metrics.stream().map(Metric::of).toList(),
        dimension == null ? List.of() : List.of(dimension),
        List.of(),
        site.goals(),
        order,
        limit,
        offset);
  }

  /** The raw answer and the rollups' answer, checking the rollups were the ones that answered. */
  private Report[] both(ReportQuery q) {
    assertThat(RollupAnswer.plan(q)).as("rollups answer %s", q).isPresent();
    store.useRollups(false);
    Report raw = store.report(q);
    store.useRollups(true);
    long before = store.rollupAnswers();
    Report rolled = store.report(q);
    assertThat(store.rollupAnswers()).as("answered from rollups: %s", q).isEqualTo(before + 1);
    return new Report[] {raw, rolled};
  }

  @Test
  void everyServedShapeEqualsTheRawAnswer() {
    Random random = new Random(7);
    int compared = 0;
    for (ReportTraffic.SiteTraffic site : sites) {
      LocalDate first = LocalDate.ofInstant(site.firstDay(), site.zone());
      LocalDate last = LocalDate.ofInstant(site.afterLastDay(), site.zone()).minusDays(1);
      List<LocalDate[]> ranges = new ArrayList<>();
      ranges.add(new LocalDate[] {first, last});
      for (int i = 0; i < 5; i++) {
        // Short ranges read day rows; long ones also whole weeks and months (rollup_periods).
        long span = last.toEpochDay() - first.toEpochDay();
        LocalDate a = first.plusDays(random.nextLong(span + 1));
        LocalDate b = a.plusDays(i < 3 ? random.nextInt(4) : 7 + random.nextInt(60));
        ranges.add(new LocalDate[] {a, b.isAfter(last) ? last : b});
      }
      List<Dimension> dims = new ArrayList<>(DIMENSIONS);
      dims.add(null);
      for (LocalDate[] range : ranges) {
        for (Dimension d : dims) {
          boolean goal = d != null && d.kind() == Dimension.Kind.GOAL;
          for (List<Metric.Kind> metrics : goal ? GOAL_METRIC_SETS : METRIC_SETS) {
            ReportQuery q = query(site, range[0], range[1], metrics, d, List.of(), 10_000, 0);
            Report[] r = both(q);
            assertThat(r[1]).as("%s", q).isEqualTo(r[0]);
            compared++;
          }
        }
      }
    }
    assertThat(compared).isGreaterThan(500);
  }

  @Test
  void conversionsOfAnyNamedGoalEqualTheRawAnswer() {
    Random random = new Random(11);
    List<Filter> filters =
        List.of(
            goalFilter(Filter.Op.IS, ReportTraffic.G_SIGNUP, ReportTraffic.G_PRO),
            goalFilter(Filter.Op.IS, ReportTraffic.G_PRO),
            goalFilter(Filter.Op.IS, ReportTraffic.G_FLAGGED),
            goalFilter(Filter.Op.IS, ReportTraffic.G_DONE, ReportTraffic.G_ITEM),
            goalFilter(Filter.Op.CONTAINS, "p"),
            goalFilter(Filter.Op.MATCHES, "^(?!Flagged)"));
    int compared = 0;
    for (ReportTraffic.SiteTraffic site : sites) {
      LocalDate first = LocalDate.ofInstant(site.firstDay(), site.zone());
      LocalDate last = LocalDate.ofInstant(site.afterLastDay(), site.zone()).minusDays(1);
      LocalDate a = first.plusDays(random.nextLong(last.toEpochDay() - first.toEpochDay() + 1));
      LocalDate b = a.plusDays(7 + random.nextInt(40));
      for (LocalDate[] range :
          List.of(new LocalDate[] {first, last}, new LocalDate[] {a, b.isAfter(last) ? last : b})) {
        for (Filter f : filters) {
          for (List<Metric.Kind> metrics : ANY_GOAL_METRIC_SETS) {
            ReportQuery q =
                withFilter(query(site, range[0], range[1], metrics, null, List.of(), 10, 0), f);
            Report[] r = both(q);
            assertThat(r[1]).as("%s", q).isEqualTo(r[0]);
            if (range[0].equals(first) && range[1].equals(last)) {
              assertThat(((Number) r[1].rows().getFirst().metrics().getFirst()).doubleValue())
                  .as("%s of %s on %s", metrics, f, site.siteId())
                  .isPositive();
            }
            compared++;
          }
        }
      }
      // The dashboard's converted-visitors card: any goal at all, visitors and their rate.
      ReportQuery converted =
          withFilter(
              query(
                  site,
                  first,
                  last,
                  List.of(Metric.Kind.VISITORS, Metric.Kind.CONVERSION_RATE),
                  null,
                  List.of(),
                  10,
                  0),
              goalFilter(Filter.Op.MATCHES, ".*"));
      Report[] card = both(converted);
      assertThat(card[1]).as("%s", converted).isEqualTo(card[0]);
      // Two property keys on one event name (download: flag, v) could count one event twice.
      ReportQuery all =
          withFilter(
              query(site, first, last, List.of(Metric.Kind.CONVERSIONS), null, List.of(), 10, 0),
              goalFilter(Filter.Op.MATCHES, ".*"));
      assertThat(RollupAnswer.plan(all)).isEmpty();
    }
    assertThat(compared).isGreaterThan(120);
  }

  private static Filter goalFilter(Filter.Op op, String... names) {
    return new Filter(op, Dimension.of(Dimension.Kind.GOAL), false, List.of(names));
  }

  private static ReportQuery withFilter(ReportQuery q, Filter f) {
    return new ReportQuery(
        q.siteId(),
        q.zone(),
        q.from(),
        q.to(),
        q.currency(),
        q.metrics(),
        q.dimensions(),
        List.of(f),
        q.goals(),
        q.orderBy(),
        q.limit(),
        q.offset());
  }

  @Test
  void ordersAndPagesAsTheRawAnswer() {
    ReportTraffic.SiteTraffic site = sites.get(1);
    LocalDate first = LocalDate.ofInstant(site.firstDay(), site.zone());
    LocalDate last = LocalDate.ofInstant(site.afterLastDay(), site.zone()).minusDays(1);
    Dimension page = Dimension.of(Dimension.Kind.PAGE);
    List<Metric.Kind> metrics =
        List.of(Metric.Kind.VISITORS, Metric.Kind.BOUNCE_RATE, Metric.Kind.PAGEVIEWS);
    for (List<Order> order :
        List.of(
            List.<Order>of(),
            List.of(new Order("bounce_rate", false)),
            List.of(new Order("event:page", true)),
            List.of(new Order("pageviews", false), new Order("visitors", true)))) {
      for (int offset : new int[] {0, 3, 7, 1000}) {
        Report[] r = both(query(site, first, last, metrics, page, order, 5, offset));
        assertThat(r[1]).as("order %s offset %d", order, offset).isEqualTo(r[0]);
      }
    }
  }

  @Test
  void newEventsSendReportsToTheRawEventsUntilTheNextBuild() {
    ReportTraffic.SiteTraffic site = sites.get(2);
    LocalDate first = LocalDate.ofInstant(site.firstDay(), site.zone());
    LocalDate last = LocalDate.ofInstant(site.afterLastDay(), site.zone()).minusDays(1);
    ReportQuery q = query(site, first, last, METRIC_SETS.getFirst(), null, List.of(), 10_000, 0);
    Event late = site.events().get(site.events().size() / 2);
    Event again =
        new Event(
            late.siteId(),
            "rollups-late-event",
            late.timestamp().plusSeconds(1),
            late.receivedAt(),
            "late",
            late.visitorId(),
            late.sessionId(),
            late.userId(),
            late.page(),
            late.client(),
            late.propertiesJson(),
            late.revenue());
    store.write(new WriteBatch(List.of(again), List.of()));
    long before = store.rollupAnswers();
    Report afterWrite = store.report(q);
    assertThat(store.rollupAnswers()).isEqualTo(before);
    store.refreshRollups(settings());
    Report[] r = both(q);
    assertThat(r[1]).isEqualTo(r[0]).isEqualTo(afterWrite);
  }

  @Test
  void aChangedTimeZoneRebuildsTheSite() {
    ReportTraffic.SiteTraffic site = sites.get(0);
    Map<String, Rollups.SiteSettings> moved = settings();
    moved.put(site.siteId(), new Rollups.SiteSettings(java.time.ZoneId.of("Asia/Tokyo"), "EUR"));
    store.refreshRollups(moved);
    ReportQuery q =
        query(
            site,
            LocalDate.ofInstant(site.firstDay(), site.zone()),
            LocalDate.ofInstant(site.afterLastDay(), site.zone()).minusDays(1),
            METRIC_SETS.getFirst(),
            Dimension.of(Dimension.Kind.DAY),
            List.of(),
            10_000,
            0);
    long before = store.rollupAnswers();
    store.report(q);
    assertThat(store.rollupAnswers())
        .as("built for Tokyo, asked for its own zone")
        .isEqualTo(before);
    store.refreshRollups(settings());
    Report[] r = both(q);
    assertThat(r[1]).isEqualTo(r[0]);
  }
}
