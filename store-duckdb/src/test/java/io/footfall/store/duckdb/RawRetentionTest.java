package io.footfall.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.core.Event;
import io.footfall.core.Site;
import io.footfall.core.SiteSettings;
import io.footfall.core.WriteBatch;
import io.footfall.core.query.Dimension;
import io.footfall.core.query.Metric;
import io.footfall.core.query.PastRetentionException;
import io.footfall.core.query.Report;
import io.footfall.core.query.ReportQuery;
import io.footfall.core.query.ReportTraffic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Raw retention on the embedded store: after a site's raw events before a horizon are deleted,
 * every report the dashboard asks of whole days is answered from the rollups with the numbers it
 * had before (the sites are small enough for every visitor sketch to be exact, so whole reports
 * must be equal), reports that need raw events from before the horizon are refused with the horizon
 * named, and once the store reopens the deleted events' bytes are gone from the file (the marker
 * lies in the URL and title, which no rollup keeps).
 */
class RawRetentionTest {
  private static final List<Metric.Kind> METRICS =
      List.of(
          Metric.Kind.VISITORS,
          Metric.Kind.VISITS,
          Metric.Kind.PAGEVIEWS,
          Metric.Kind.VIEWS_PER_VISIT,
          Metric.Kind.BOUNCE_RATE,
          Metric.Kind.VISIT_DURATION,
          Metric.Kind.EVENTS,
          Metric.Kind.REVENUE,
          Metric.Kind.ORDERS);

  private static final List<Metric.Kind> GOAL_METRICS =
      List.of(
          Metric.Kind.VISITORS,
          Metric.Kind.CONVERSIONS,
          Metric.Kind.CONVERSION_RATE,
          Metric.Kind.REVENUE);

  @Test
  void reportsOfExpiredDaysKeepTheirNumbersAndTheBytesLeaveTheFile(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("footfall.duckdb");
    List<ReportTraffic.SiteTraffic> sites = ReportTraffic.generate(20261207L, 150);
    ReportTraffic.SiteTraffic site = sites.getFirst();
    ReportTraffic.SiteTraffic other = sites.get(1);
    LocalDate first = LocalDate.ofInstant(site.firstDay(), site.zone());
    LocalDate last = LocalDate.ofInstant(site.afterLastDay(), site.zone()).minusDays(1);
    long span = last.toEpochDay() - first.toEpochDay();
    assertThat(span).as("the generated site spans weeks").isGreaterThan(20);
    LocalDate horizonDay = first.plusDays(span / 2);
    Instant horizon = horizonDay.atStartOfDay(site.zone()).toInstant();
    // A marker on every event before the horizon, to look for in the file afterwards.
    String marker = "raw-retention-marker-" + Long.toHexString(new Random(5).nextLong());
    List<Event> events = new ArrayList<>();
    long expired = 0;
    for (ReportTraffic.SiteTraffic s : sites) {
      for (Event e : s.events()) {
        if (s.siteId().equals(site.siteId()) && e.timestamp().isBefore(horizon)) {
          e = marked(e, e.eventId(), marker);
          expired++;
        }
        events.add(e);
      }
    }
    Map<ReportQuery, Report> before = new LinkedHashMap<>();
    Map<ReportQuery, Report> otherBefore = new LinkedHashMap<>();
    List<ReportQuery> needRaw = new ArrayList<>();
    try (DuckDbStore store = DuckDbStore.open(file)) {
      for (int i = 0; i < events.size(); i += 500) {
        store.write(new WriteBatch(events.subList(i, Math.min(events.size(), i + 500)), List.of()));
      }
      store.refreshRollups(settings(sites));
      // The dashboard's questions over ranges before, across and after the horizon.
      List<LocalDate[]> ranges =
          List.of(
              new LocalDate[] {first, last},
              new LocalDate[] {first, horizonDay.minusDays(1)},
              new LocalDate[] {horizonDay.minusDays(3), horizonDay.plusDays(3)},
              new LocalDate[] {first.plusDays(2), first.plusDays(2)},
              new LocalDate[] {horizonDay, last});
      for (LocalDate[] range : ranges) {
        for (Dimension d : dimensions()) {
          boolean goal = d != null && d.kind() == Dimension.Kind.GOAL;
          ReportQuery q = query(site, range[0], range[1], goal ? GOAL_METRICS : METRICS, d);
          assertThat(RollupAnswer.plan(q)).as("rollups answer %s", q).isPresent();
          before.put(q, store.report(q));
        }
        needRaw.add(query(site, range[0], range[1], METRICS, Dimension.of(Dimension.Kind.HOUR)));
        ReportQuery o = query(other, range[0], range[1], METRICS, null);
        otherBefore.put(o, store.report(o));
      }
      Site asSite = site(site);
      long answersBefore = store.rollupAnswers();

      assertThat(store.expireRaw(asSite, horizon)).isEqualTo(expired);

      assertThat(store.rawHorizon(site.siteId())).contains(horizon);
      assertThat(store.rawHorizon(other.siteId())).isEmpty();
      assertThat(store.events(site.siteId()))
          .isNotEmpty()
          .allSatisfy(e -> assertThat(e.timestamp()).isAfterOrEqualTo(horizon));
      assertThat(store.events(other.siteId())).hasSize(other.events().size());
      for (Map.Entry<ReportQuery, Report> e : before.entrySet()) {
        assertThat(store.report(e.getKey())).as("%s", e.getKey()).isEqualTo(e.getValue());
      }
      assertThat(store.rollupAnswers() - answersBefore).isEqualTo(before.size());
      for (Map.Entry<ReportQuery, Report> e : otherBefore.entrySet()) {
        assertThat(store.report(e.getKey())).isEqualTo(e.getValue());
      }
      for (ReportQuery q : needRaw) {
        if (q.from().isBefore(horizon)) {
          assertThatThrownBy(() -> store.report(q))
              .isInstanceOfSatisfying(
                  PastRetentionException.class, p -> assertThat(p.horizon()).isEqualTo(horizon));
        } else {
          assertThat(store.report(q).rows()).isNotEmpty();
        }
      }

      // A late event of an expired day, and a new time zone, rebuild nothing before the horizon.
      Event late = site.events().getFirst();
      store.write(
          new WriteBatch(List.of(marked(late, "late-" + late.eventId(), marker)), List.of()));
      Map<String, Rollups.SiteSettings> moved = settings(sites);
      moved.put(site.siteId(), new Rollups.SiteSettings(java.time.ZoneId.of("Asia/Tokyo"), "EUR"));
      store.refreshRollups(moved);
      store.refreshRollups(settings(sites));
      ReportQuery expiredOnly =
          query(site, first, horizonDay.minusDays(1), METRICS, Dimension.of(Dimension.Kind.PAGE));
      assertThat(store.report(expiredOnly)).isEqualTo(before.get(expiredOnly));
      // The next expiry deletes the late event, and the horizon never moves back.
      assertThat(store.expireRaw(asSite, horizon.minusSeconds(86_400 * 3))).isEqualTo(1);
      assertThat(store.rawHorizon(site.siteId())).contains(horizon);
      assertThat(markedFiles(dir, marker)).as("deleted, not yet compacted").isNotEmpty();

      // Compacting copies the file while the store stays open: the marker is gone from the bytes,
      // and every answer is as it was.
      // The daily totals' retention: the rollups of the days before a later horizon go too, every
      // report reaching before it is refused, and ranges after it answer as before.
      Instant totalsHorizon = first.plusDays(3).atStartOfDay(site.zone()).toInstant();
      assertThat(store.expireAggregates(asSite, totalsHorizon)).isPositive();
      int refused = 0;
      for (Map.Entry<ReportQuery, Report> e : before.entrySet()) {
        if (e.getKey().from().isBefore(totalsHorizon)) {
          assertThatThrownBy(() -> store.report(e.getKey()))
              .isInstanceOfSatisfying(
                  PastRetentionException.class,
                  p -> assertThat(p.horizon()).isEqualTo(totalsHorizon));
          refused++;
        } else {
          assertThat(store.report(e.getKey())).as("%s", e.getKey()).isEqualTo(e.getValue());
        }
      }
      assertThat(refused).isPositive().isLessThan(before.size());

      // A connection handed out holds the compaction back until it is closed.
      java.sql.Connection held = store.connection();
      java.util.concurrent.CompletableFuture<Boolean> compacted;
      try {
        compacted = java.util.concurrent.CompletableFuture.supplyAsync(store::compact);
        Thread.sleep(300);
        assertThat(compacted).isNotDone();
      } finally {
        held.close();
      }
      assertThat(compacted.get(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(markedFiles(dir, marker)).isEmpty();
      assertThat(store.compact()).as("nothing deleted since").isFalse();
      for (Map.Entry<ReportQuery, Report> e : before.entrySet()) {
        if (!e.getKey().from().isBefore(totalsHorizon)) {
          assertThat(store.report(e.getKey())).as("%s", e.getKey()).isEqualTo(e.getValue());
        }
      }
      store.write(new WriteBatch(List.of(site.events().getLast()), List.of()));
      assertThat(store.events(other.siteId())).hasSize(other.events().size());
    }
    try (DuckDbStore store = DuckDbStore.open(file)) {
      assertThat(store.rawHorizon(site.siteId())).contains(horizon);
      assertThat(store.events(other.siteId())).hasSize(other.events().size());
    }
  }

  /** The files of the directory whose bytes hold the marker. */
  private static List<Path> markedFiles(Path dir, String marker) throws java.io.IOException {
    List<Path> found = new ArrayList<>();
    try (var files = Files.list(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        if (new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(marker)) {
          found.add(f);
        }
      }
    }
    return found;
  }

  private static List<Dimension> dimensions() {
    List<Dimension> out = new ArrayList<>();
    out.add(null);
    for (Dimension.Kind k : Dimension.Kind.values()) {
      if (k != Dimension.Kind.PROPERTY && k != Dimension.Kind.MINUTE && k != Dimension.Kind.HOUR) {
        out.add(Dimension.of(k));
      }
    }
    return out;
  }

  /** The event with the marker in its URL and title, which no rollup keeps. */
  private static Event marked(Event e, String id, String marker) {
    Event.Page p = e.page();
    return new Event(
        e.siteId(),
        id,
        e.timestamp(),
        e.receivedAt(),
        e.name(),
        e.visitorId(),
        e.sessionId(),
        e.userId(),
        new Event.Page(
            p.hostname(),
            p.pathname(),
            "https://example.com" + p.pathname() + "?m=" + marker,
            marker,
            p.referrer(),
            p.referrerHost(),
            p.source(),
            p.medium(),
            p.utm(),
            p.clickId()),
        e.client(),
        e.propertiesJson(),
        e.revenue());
  }

  private static Site site(ReportTraffic.SiteTraffic s) {
    return new Site(
        s.siteId(),
        "o_retention",
        "Retention",
        "example.com",
        s.zone(),
        s.currency(),
        1,
        "k_" + s.siteId(),
        SiteSettings.DEFAULTS,
        Instant.parse("2026-01-01T00:00:00Z"));
  }

  private static Map<String, Rollups.SiteSettings> settings(List<ReportTraffic.SiteTraffic> sites) {
    Map<String, Rollups.SiteSettings> out = new LinkedHashMap<>();
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
      Dimension dimension) {
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
        List.of(),
        10_000,
        0);
  }
}
