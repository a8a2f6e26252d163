package io.footfall.core.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.core.Event;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class ReportTrafficTest {
  static final List<ReportTraffic.SiteTraffic> TRAFFIC = ReportTraffic.generate(3, 400);
  static final Duration TIMEOUT = Duration.ofMinutes(30);

  @Test
  void theSameSeedGivesTheSameTraffic() {
    assertThat(ReportTraffic.generate(3, 50)).isEqualTo(ReportTraffic.generate(3, 50));
    assertThat(ReportTraffic.generate(4, 50)).isNotEqualTo(ReportTraffic.generate(3, 50));
  }

  @Test
  void visitsFollowTheCollectorsRules() {
    for (ReportTraffic.SiteTraffic site : TRAFFIC) {
      Map<Long, List<Event>> visits = visits(site);
      for (List<Event> visit : visits.values()) {
        Event first = visit.getFirst();
        for (int i = 1; i < visit.size(); i++) {
          Event e = visit.get(i);
          assertThat(e.visitorId()).isEqualTo(first.visitorId());
          assertThat(Duration.between(visit.get(i - 1).timestamp(), e.timestamp()))
              .isLessThan(TIMEOUT);
          assertThat(attributes(e)).isEqualTo(attributes(first));
        }
      }
      Map<Long, List<List<Event>>> byVisitor = new LinkedHashMap<>();
      visits
          .values()
          .forEach(
              v ->
                  byVisitor
                      .computeIfAbsent(v.getFirst().visitorId(), x -> new ArrayList<>())
                      .add(v));
      for (List<List<Event>> ofOne : byVisitor.values()) {
        ofOne.sort(Comparator.comparing(v -> v.getFirst().timestamp()));
        for (int i = 1; i < ofOne.size(); i++) {
          assertThat(
                  Duration.between(
                      ofOne.get(i - 1).getLast().timestamp(), ofOne.get(i).getFirst().timestamp()))
              .isGreaterThan(TIMEOUT);
        }
      }
      assertThat(byVisitor.values()).anyMatch(v -> v.size() >= 3);
    }
  }

  @Test
  void truthAgreesWithACountOfTheEvents() {
    for (ReportTraffic.SiteTraffic site : TRAFFIC) {
      ReportTraffic.Truth truth = site.truth();
      assertThat(site.events()).hasSize((int) truth.events());
      assertThat(site.events().stream().filter(e -> e.name().equals(Event.PAGEVIEW)).count())
          .isEqualTo(truth.pageviews());
      assertThat(visits(site)).hasSize((int) truth.visits());
      assertThat(site.events().stream().map(Event::visitorId).distinct().count())
          .isEqualTo(truth.visitors());
      assertThat(truth.bounces()).isPositive().isLessThan(truth.visits());
    }
  }

  @Test
  void valuesAreAsciiTimestampsMilliseconds() {
    for (Event e : ReportTraffic.allEvents(TRAFFIC)) {
      assertThat(e.timestamp().truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
          .isEqualTo(e.timestamp());
      assertThat(e.toString()).matches("\\p{ASCII}*");
    }
  }

  @Test
  void sessionIdsRepeatAcrossSitesAndSoDoSomeVisitors() {
    Set<Long> sessions = new HashSet<>();
    Set<Long> visitors = new HashSet<>();
    boolean sessionRepeats = false;
    boolean visitorRepeats = false;
    for (ReportTraffic.SiteTraffic site : TRAFFIC) {
      Set<Long> siteVisitors = new HashSet<>();
      site.events().forEach(e -> siteVisitors.add(e.visitorId()));
      for (long s : visits(site).keySet()) {
        sessionRepeats |= !sessions.add(s);
      }
      for (long v : siteVisitors) {
        visitorRepeats |= !visitors.add(v);
      }
    }
    assertThat(sessionRepeats).isTrue();
    assertThat(visitorRepeats).isTrue();
  }

  @Test
  void coversTheTrickyShapes() {
    for (ReportTraffic.SiteTraffic site : TRAFFIC) {
      List<List<Event>> visits = new ArrayList<>(visits(site).values());
      assertShape(
          site,
          "a visit across local midnight",
          visits,
          v -> !day(site, v.getFirst()).equals(day(site, v.getLast())));
      assertShape(
          site,
          "a one-event custom visit",
          visits,
          v -> v.size() == 1 && !isPageview(v.getFirst()));
      assertShape(
          site,
          "a visit without page views",
          visits,
          v -> v.size() > 1 && v.stream().noneMatch(ReportTrafficTest::isPageview));
      assertShape(
          site,
          "an entry tie of two paths",
          visits,
          v -> tie(v.stream().filter(ReportTrafficTest::isPageview).toList(), true));
      assertShape(
          site,
          "an exit tie of two paths",
          visits,
          v -> tie(v.stream().filter(ReportTrafficTest::isPageview).toList(), false));
      assertShape(
          site,
          "an event without a page",
          visits,
          v -> v.stream().anyMatch(e -> e.page().pathname().isEmpty()));
      assertShape(
          site,
          "revenue in another currency",
          visits,
          v ->
              v.stream()
                  .anyMatch(
                      e ->
                          e.revenue().present()
                              && !e.revenue().currency().equals(site.currency())));
      // Strings, booleans, negative and decimal numbers, 3 as number and as string, numeric
      // strings with a trailing zero.
      for (String kind :
          List.of(
              ":\"[a-z]",
              ":true",
              ":false",
              ":-[0-9]",
              ":[0-9]+\\.[0-9]",
              ":3}",
              ":\"3\"",
              ":\"[0-9]+\\.[0-9]0\"")) {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(kind);
        assertShape(
            site,
            "a property value like " + kind,
            visits,
            v -> v.stream().anyMatch(e -> p.matcher(e.propertiesJson()).find()));
      }
      Instant from = site.firstDay();
      ZoneOffsetTransition t;
      while ((t = site.zone().getRules().nextTransition(from)) != null
          && t.getInstant().isBefore(site.afterLastDay())) {
        Instant change = t.getInstant();
        assertShape(
            site,
            "a visit across the DST change at " + change,
            visits,
            v ->
                v.getFirst().timestamp().isBefore(change)
                    && !v.getLast().timestamp().isBefore(change));
        from = change;
      }
    }
  }

  private static void assertShape(
      ReportTraffic.SiteTraffic site,
      String shape,
      List<List<Event>> visits,
      Predicate<List<Event>> test) {
    assertThat(visits.stream().anyMatch(test)).as("%s has %s", site.siteId(), shape).isTrue();
  }

  private static boolean tie(List<Event> pageviews, boolean atStart) {
    if (pageviews.size() < 2) {
      return false;
    }
    Event a = atStart ? pageviews.get(0) : pageviews.get(pageviews.size() - 1);
    Event b = atStart ? pageviews.get(1) : pageviews.get(pageviews.size() - 2);
    return a.timestamp().equals(b.timestamp()) && !a.page().pathname().equals(b.page().pathname());
  }

  private static LocalDate day(ReportTraffic.SiteTraffic site, Event e) {
    return LocalDate.ofInstant(e.timestamp(), site.zone());
  }

  private static boolean isPageview(Event e) {
    return e.name().equals(Event.PAGEVIEW);
  }

  /** The site's visits by session id, events in time order. */
  private static Map<Long, List<Event>> visits(ReportTraffic.SiteTraffic site) {
    Map<Long, List<Event>> visits = new LinkedHashMap<>();
    site.events()
        .forEach(e -> visits.computeIfAbsent(e.sessionId(), x -> new ArrayList<>()).add(e));
    return visits;
  }

  private static List<Object> attributes(Event e) {
    Event.Page p = e.page();
    Event.Client c = e.client();
    return List.of(
        p.source(),
        p.referrer(),
        p.referrerHost(),
        p.medium(),
        p.utm(),
        c.browser(),
        c.browserVersion(),
        c.os(),
        c.osVersion(),
        c.device(),
        c.screen(),
        c.country(),
        c.region(),
        c.city());
  }
}
