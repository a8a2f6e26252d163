package io.footfall.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.core.Event;
import io.footfall.core.Goal;
import io.footfall.core.TestEvents;
import io.footfall.core.WriteBatch;
import io.footfall.core.query.Dimension;
import io.footfall.core.query.Filter;
import io.footfall.core.query.Metric;
import io.footfall.core.query.Report;
import io.footfall.core.query.ReportQuery;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every metric, dimension and operator compiles to SQL DuckDB runs, and partitions add up: the rows
 * of a visit-level breakdown sum to the total. The exact numbers are checked against an independent
 * oracle by the report contract suite.
 */
class DuckDbReportShapesTest {
  static final Instant START = Instant.parse("2026-03-27T00:00:00Z");
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @TempDir Path dir;
  DuckDbStore store;
  List<Event> events;
  List<Goal> goals;

  @BeforeEach
  void load() {
    store = DuckDbStore.open(dir.resolve("footfall.duckdb"));
    Random random = new Random(7);
    events = new ArrayList<>();
    String[] paths = {"/", "/pricing", "/blog/a", "/blog/b/c", "/docs"};
    String[] names = {"pageview", "pageview", "pageview", "signup", "download"};
    long session = 0;
    for (int visitor = 1; visitor <= 40; visitor++) {
      Instant at = START.plus(Duration.ofMinutes(random.nextInt(4 * 24 * 60)));
      for (int visit = 0; visit < 1 + random.nextInt(3); visit++) {
        session++;
        int n = 1 + random.nextInt(5);
        for (int i = 0; i < n; i++) {
          Event e =
              TestEvents.event(
                  "s1",
                  "e" + events.size(),
                  i == 0 ? "pageview" : names[random.nextInt(names.length)],
                  at,
                  visitor,
                  session);
          events.add(
              new Event(
                  e.siteId(),
                  e.eventId(),
                  e.timestamp(),
                  e.receivedAt(),
                  e.name(),
                  e.visitorId(),
                  e.sessionId(),
                  e.userId(),
                  new Event.Page(
                      e.page().hostname(),
                      paths[random.nextInt(paths.length)],
                      e.page().url(),
                      e.page().title(),
                      e.page().referrer(),
                      e.page().referrerHost(),
                      session % 3 == 0 ? "" : "Google",
                      e.page().medium(),
                      e.page().utm(),
                      e.page().clickId()),
                  e.client(),
                  "{\"n\":" + random.nextInt(100) + ",\"plan\":\"p" + (session % 2) + "\"}",
                  e.revenue()));
          at = at.plus(Duration.ofMinutes(random.nextInt(20)));
        }
        at = at.plus(Duration.ofHours(2));
      }
    }
    events.add(TestEvents.pageview("other", START.plusSeconds(60), 999, 999));
    store.write(new WriteBatch(events, List.of()));
    Instant now = Instant.parse("2026-03-01T00:00:00Z");
    goals =
        List.of(
            new Goal("g1", "s1", "Blog", Goal.Kind.PAGEVIEW, "/blog/**", "", "", "", now),
            new Goal("g2", "s1", "Signup", Goal.Kind.EVENT, "", "signup", "", "", now),
            new Goal(
                "g3", "s1", "Pro download", Goal.Kind.EVENT, "", "download", "plan", "p1", now));
  }

  @AfterEach
  void close() {
    store.close();
  }

  ReportQuery query(List<Metric> metrics, List<Dimension> dims, List<Filter> filters) {
    return new ReportQuery(
        "s1",
        BERLIN,
        START,
        START.plus(Duration.ofDays(6)),
        "EUR",
        metrics,
        dims,
        filters,
        goals,
        List.of(),
        10_000,
        0);
  }

  static List<Metric> everyMetric() {
    List<Metric> all = new ArrayList<>();
    for (Metric.Kind k : Metric.Kind.values()) {
      all.add(k.ofProperty() ? new Metric(k, "n") : Metric.of(k));
    }
    return all;
  }

  @Test
  void everyMetricByEveryDimensionRuns() {
    for (Dimension.Kind k : Dimension.Kind.values()) {
      Dimension d = k == Dimension.Kind.PROPERTY ? Dimension.property("plan") : Dimension.of(k);
      Report r = store.report(query(everyMetric(), List.of(d), List.of()));
      assertThat(r.rows()).as(k.apiName()).isNotEmpty();
      assertThat(r.totalRows()).isEqualTo(r.rows().size());
    }
  }

  @Test
  void everyOperatorAtBothLevelsRuns() {
    for (Filter.Op op : Filter.Op.values()) {
      for (boolean whole : new boolean[] {false, true}) {
        for (Dimension d :
            List.of(
                Dimension.of(Dimension.Kind.PAGE),
                Dimension.property("plan"),
                Dimension.of(Dimension.Kind.GOAL),
                Dimension.of(Dimension.Kind.SOURCE),
                Dimension.of(Dimension.Kind.ENTRY_PAGE))) {
          String value =
              d.kind() == Dimension.Kind.GOAL
                  ? "Blog"
                  : op.apiName().contains("match") ? "^/b" : "/";
          Report r =
              store.report(
                  query(
                      everyMetric(), List.of(), List.of(new Filter(op, d, whole, List.of(value)))));
          assertThat(r.rows()).hasSize(1);
        }
      }
    }
  }

  @Test
  void visitLevelBreakdownsPartitionTheTotal() {
    List<Metric> counts =
        List.of(
            Metric.of(Metric.Kind.PAGEVIEWS),
            Metric.of(Metric.Kind.EVENTS),
            Metric.of(Metric.Kind.VISITS));
    Report total = store.report(query(counts, List.of(), List.of()));
    assertThat(total.rows().get(0).metrics().get(1))
        .isEqualTo(events.stream().filter(e -> e.siteId().equals("s1")).count());
    for (Dimension.Kind k :
        List.of(Dimension.Kind.SOURCE, Dimension.Kind.ENTRY_PAGE, Dimension.Kind.DAY)) {
      Report by = store.report(query(counts, List.of(Dimension.of(k)), List.of()));
      for (int m = 0; m < 2; m++) {
        int metric = m;
        long sum = by.rows().stream().mapToLong(r -> (Long) r.metrics().get(metric)).sum();
        assertThat(sum).as(k + " " + counts.get(m)).isEqualTo(total.rows().get(0).metrics().get(m));
      }
    }
  }

  @Test
  void pagesAndTotalsAgree() {
    ReportQuery all =
        query(
            List.of(Metric.of(Metric.Kind.PAGEVIEWS)),
            List.of(Dimension.of(Dimension.Kind.PAGE)),
            List.of());
    Report whole = store.report(all);
    ReportQuery second =
        new ReportQuery(
            all.siteId(),
            all.zone(),
            all.from(),
            all.to(),
            all.currency(),
            all.metrics(),
            all.dimensions(),
            all.filters(),
            all.goals(),
            all.orderBy(),
            2,
            2);
    Report page = store.report(second);
    assertThat(page.totalRows()).isEqualTo(whole.rows().size());
    assertThat(page.rows()).isEqualTo(whole.rows().subList(2, 4));
    ReportQuery beyond =
        new ReportQuery(
            all.siteId(),
            all.zone(),
            all.from(),
            all.to(),
            all.currency(),
            all.metrics(),
            all.dimensions(),
            all.filters(),
            all.goals(),
            all.orderBy(),
            2,
            100);
    assertThat(store.report(beyond).totalRows()).isEqualTo(whole.rows().size());
    assertThat(Arrays.asList(whole.rows().get(0).dimensions().get(0))).isNotEmpty();
  }
}
