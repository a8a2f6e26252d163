package io.footfall.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every event store backend passes. A backend's test extends this class and opens a
 * fresh, empty store in {@link #openStore()}.
 */
public abstract class EventStoreContract<S extends EventStore> {
  private static final Event.VisitAttributes GOOGLE =
      TestEvents.visitAttributes("Google", "search", "1920x1080");
  private static final Event.VisitAttributes NEWSLETTER =
      TestEvents.visitAttributes("Newsletter", "email", "390x844");

  protected S store;

  protected abstract S openStore();

  @BeforeEach
  void open() {
    store = openStore();
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void storesEventsFieldForField() {
    Instant at = Instant.parse("2026-03-01T10:15:30.123456Z");
    Event written = TestEvents.pageview("s1", at, 42L, 7L);
    store.write(new WriteBatch(List.of(written), List.of()));

    assertThat(store.events("s1")).containsExactly(written);
    assertThat(store.events("other")).isEmpty();
  }

  @Test
  void tellsTheTimeOfASitesFirstEvent() {
    Instant at = Instant.parse("2026-03-01T10:00:00Z");
    store.write(
        new WriteBatch(
            List.of(
                TestEvents.pageview("s1", at.plusSeconds(60), 1, 10),
                TestEvents.pageview("s1", at, 1, 10),
                TestEvents.pageview("s2", at.minusSeconds(60), 3, 30)),
            List.of()));

    assertThat(store.firstEventTime("s1")).contains(at);
    assertThat(store.firstEventTime("nobody")).isEmpty();
  }

  @Test
  void listsPropertyKeysByEventsInTheRangeOfOneSite() {
    Instant from = Instant.parse("2026-03-01T00:00:00Z");
    Instant to = from.plus(java.time.Duration.ofDays(2));
    java.util.Random random = new java.util.Random(7);
    String[] keys = {"plan", "author", "format", "step", "variant"};
    Map<String, Long> expected = new java.util.TreeMap<>();
    List<Event> events = new java.util.ArrayList<>();
    for (int i = 0; i < 400; i++) {
      // Some events just outside the range, some of another site, some without properties.
      Instant at = from.plusSeconds(random.nextLong(-3_600, 2 * 86_400 + 3_600));
      String site = random.nextInt(10) == 0 ? "s2" : "s1";
      java.util.StringJoiner json = new java.util.StringJoiner(",", "{", "}");
      java.util.Set<String> carried = new java.util.TreeSet<>();
      for (String k : keys) {
        if (random.nextInt(k.length()) == 0) {
          json.add("\"" + k + "\":" + random.nextInt(5));
          carried.add(k);
        }
      }
      boolean none = carried.isEmpty() && random.nextBoolean();
      events.add(
          TestEvents.withProperties(
              TestEvents.event(site, "e" + i, "signup", at, i, i), none ? "{}" : json.toString()));
      if (site.equals("s1") && !at.isBefore(from) && at.isBefore(to)) {
        carried.forEach(k -> expected.merge(k, 1L, Long::sum));
      }
    }
    // Keys a query could not name are left out.
    events.add(
        TestEvents.withProperties(
            TestEvents.event("s1", "odd", "signup", from.plusSeconds(5), 1, 1),
            "{\"has space\":1,\"plan\":2}"));
    expected.merge("plan", 1L, Long::sum);
    store.write(new WriteBatch(events, List.of()));

    List<EventStore.PropertyKey> wanted =
        expected.entrySet().stream()
            .map(e -> new EventStore.PropertyKey(e.getKey(), e.getValue()))
            .sorted(
                java.util.Comparator.comparingLong(EventStore.PropertyKey::events)
                    .reversed()
                    .thenComparing(EventStore.PropertyKey::key))
            .toList();
    assertThat(wanted).hasSizeGreaterThan(3);
    assertThat(store.propertyKeys("s1", from, to, 100)).isEqualTo(wanted);
    assertThat(store.propertyKeys("s1", from, to, 2)).isEqualTo(wanted.subList(0, 2));
    assertThat(store.propertyKeys("nobody", from, to, 10)).isEmpty();
  }

  @Test
  void countsEventsVisitorsSessionsAndCounters() {
    Instant at = Instant.parse("2026-03-01T10:00:00Z");
    store.write(
        new WriteBatch(
            List.of(
                TestEvents.pageview("s1", at, 1, 10),
                TestEvents.pageview("s1", at.plusSeconds(5), 1, 10),
                TestEvents.pageview("s1", at.plusSeconds(9), 2, 20),
                TestEvents.pageview("s2", at, 3, 30)),
            List.of(new WriteBatch.CounterDelta("s1", LocalDate.of(2026, 3, 1), 2, 1, 0))));
    store.write(
        new WriteBatch(
            List.of(),
            List.of(new WriteBatch.CounterDelta("s1", LocalDate.of(2026, 3, 1), 1, 0, 4))));

    assertThat(store.counts("s1")).isEqualTo(new EventStore.SiteCounts(3, 2, 2, 3, 1, 4));
    assertThat(store.counts("nobody")).isEqualTo(new EventStore.SiteCounts(0, 0, 0, 0, 0, 0));
  }

  @Test
  void deletesEverythingOfOneSiteAndNothingOfAnother() {
    Instant at = Instant.parse("2026-03-01T10:00:00Z");
    java.util.Random random = new java.util.Random(14);
    List<Event> events = new java.util.ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String site = random.nextInt(3) == 0 ? "s2" : "s1";
      events.add(
          TestEvents.withProperties(
              TestEvents.event(
                  site,
                  "e" + i,
                  random.nextBoolean() ? "pageview" : "signup",
                  at.plusSeconds(random.nextInt(3 * 86_400)),
                  random.nextInt(20),
                  random.nextInt(40)),
              "{\"plan\":" + random.nextInt(3) + "}"));
    }
    LocalDate day = LocalDate.of(2026, 3, 1);
    store.write(
        new WriteBatch(
            events,
            List.of(
                new WriteBatch.CounterDelta("s1", day, 3, 2, 1),
                new WriteBatch.CounterDelta("s2", day, 1, 1, 1))));
    List<Event> otherBefore = store.events("s2");
    EventStore.SiteCounts otherCounts = store.counts("s2");
    List<EventStore.Visit> otherVisits =
        store.recentVisits(at.minusSeconds(1)).stream()
            .filter(v -> v.siteId().equals("s2"))
            .toList();
    long ofSite = events.stream().filter(e -> e.siteId().equals("s1")).count();
    assertThat(ofSite).isPositive();

    assertThat(store.deleteSite("s1")).isEqualTo(ofSite);

    assertThat(store.events("s1")).isEmpty();
    assertThat(store.counts("s1")).isEqualTo(new EventStore.SiteCounts(0, 0, 0, 0, 0, 0));
    assertThat(store.firstEventTime("s1")).isEmpty();
    assertThat(store.propertyKeys("s1", at, at.plusSeconds(4 * 86_400), 10)).isEmpty();
    List<String> ids = events.stream().map(Event::eventId).toList();
    assertThat(store.existingIds("s1", ids, at.minusSeconds(86_400))).isEmpty();
    Map<String, String> recent = new ConcurrentHashMap<>();
    store.forEachRecentId(at.minusSeconds(86_400), (site, id) -> recent.put(id, site));
    assertThat(recent.values()).containsOnly("s2");
    assertThat(store.recentVisits(at.minusSeconds(1))).isEqualTo(otherVisits);

    assertThat(store.events("s2")).isEqualTo(otherBefore);
    assertThat(store.counts("s2")).isEqualTo(otherCounts);
    assertThat(store.deleteSite("s1")).as("nothing left to delete").isZero();
    assertThat(store.deleteSite("nobody")).isZero();
  }

  @Test
  void expiringRawEventsDeletesTheSitesOlderEventsAndRefusesRawReportsBeforeTheHorizon() {
    Instant at = Instant.parse("2026-03-01T00:00:00Z");
    java.util.Random random = new java.util.Random(17);
    List<Event> events = new java.util.ArrayList<>();
    for (int i = 0; i < 200; i++) {
      events.add(
          TestEvents.event(
              random.nextInt(3) == 0 ? "s2" : "s1",
              "e" + i,
              "pageview",
              at.plusSeconds(random.nextInt(6 * 86_400)),
              random.nextInt(20),
              random.nextInt(40)));
    }
    store.write(new WriteBatch(events, List.of()));
    Instant horizon = at.plusSeconds(3 * 86_400);
    List<Event> otherBefore = store.events("s2");
    List<Event> kept =
        store.events("s1").stream().filter(e -> !e.timestamp().isBefore(horizon)).toList();
    long older =
        events.stream()
            .filter(e -> e.siteId().equals("s1") && e.timestamp().isBefore(horizon))
            .count();
    assertThat(older).isPositive();
    assertThat(store.rawHorizon("s1")).isEmpty();
    Site site =
        new Site(
            "s1",
            "o1",
            "Site",
            "example.com",
            java.time.ZoneOffset.UTC,
            "EUR",
            3,
            "k1",
            SiteSettings.DEFAULTS,
            at);

    assertThat(store.expireRaw(site, horizon)).isEqualTo(older);

    assertThat(store.events("s1")).isEqualTo(kept);
    assertThat(store.events("s2")).isEqualTo(otherBefore);
    assertThat(store.rawHorizon("s1")).contains(horizon);
    assertThat(store.rawHorizon("s2")).isEmpty();
    // Hours need raw events: a range reaching before the horizon is refused, one after it is not.
    java.util.function.Function<Instant, io.footfall.core.query.ReportQuery> hours =
        from ->
            new io.footfall.core.query.ReportQuery(
                "s1",
                java.time.ZoneOffset.UTC,
                from,
                at.plusSeconds(6 * 86_400),
                "EUR",
                List.of(
                    io.footfall.core.query.Metric.of(io.footfall.core.query.Metric.Kind.EVENTS)),
                List.of(
                    io.footfall.core.query.Dimension.of(
                        io.footfall.core.query.Dimension.Kind.HOUR)),
                List.of(),
                List.of(),
                List.of(),
                1_000,
                0);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.report(hours.apply(at)))
        .isInstanceOfSatisfying(
            io.footfall.core.query.PastRetentionException.class,
            e -> assertThat(e.horizon()).isEqualTo(horizon));
    assertThat(
            store.report(hours.apply(horizon)).rows().stream()
                .mapToLong(r -> ((Number) r.metrics().getFirst()).longValue())
                .sum())
        .isEqualTo(kept.size());
    // The horizon only moves forward; an earlier expiry deletes nothing more.
    assertThat(store.expireRaw(site, at.plusSeconds(86_400))).isZero();
    assertThat(store.rawHorizon("s1")).contains(horizon);
    assertThat(store.expireRaw(site, at.plusSeconds(10 * 86_400))).isEqualTo(kept.size());
    assertThat(store.events("s1")).isEmpty();
    assertThat(store.rawHorizon("s1")).contains(at.plusSeconds(10 * 86_400));
  }

  @Test
  void aDataSubjectsEventsPropertiesAndLinksAreReadAndErasedAndNobodyElses() {
    Instant at = Instant.parse("2026-03-01T10:00:00Z");
    List<Event> events = new java.util.ArrayList<>();
    // The subject: events with their user id, and a consented visitor (77) linked to them later,
    // whose earlier anonymous events are theirs too; another person and cookieless visitors.
    for (int i = 0; i < 6; i++) {
      events.add(
          TestEvents.withUser(
              TestEvents.event("s1", "mine-" + i, "signup", at.plusSeconds(60L * i), 5, 50),
              "subject@example.com"));
      events.add(TestEvents.event("s1", "anon-" + i, "pageview", at.plusSeconds(30L * i), 77, 70));
      events.add(
          TestEvents.withUser(
              TestEvents.event("s1", "other-" + i, "signup", at.plusSeconds(60L * i), 6, 60),
              "other@example.com"));
      events.add(TestEvents.event("s1", "daily-" + i, "pageview", at.plusSeconds(i), 100 + i, i));
      events.add(
          TestEvents.withUser(
              TestEvents.event("s2", "site2-" + i, "signup", at.plusSeconds(i), 5, 50),
              "subject@example.com"));
    }
    List<io.footfall.core.people.PersonUpdate> updates =
        List.of(
            new io.footfall.core.people.PersonUpdate(
                "s1",
                "subject@example.com",
                at.plusSeconds(3600),
                "identify-1",
                77,
                List.of(io.footfall.core.people.PropertyChange.set("plan", "\"pro\""))),
            new io.footfall.core.people.PersonUpdate(
                "s1",
                "other@example.com",
                at.plusSeconds(3600),
                "identify-2",
                0,
                List.of(io.footfall.core.people.PropertyChange.set("plan", "\"free\""))));
    store.write(new WriteBatch(events, List.of(), updates));
    io.footfall.core.people.DataSubject subject =
        new io.footfall.core.people.DataSubject(
            "s1", java.util.Set.of("subject@example.com"), java.util.Set.of());
    List<Event> theirs =
        store.events("s1").stream()
            .filter(e -> e.eventId().startsWith("mine-") || e.eventId().startsWith("anon-"))
            .toList();
    List<Event> others = store.events("s1").stream().filter(e -> !theirs.contains(e)).toList();

    io.footfall.core.people.DataSubject.Data data = store.subjectData(subject);

    assertThat(data.events()).containsExactlyInAnyOrderElementsOf(theirs);
    assertThat(data.properties())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.userId()).isEqualTo("subject@example.com");
              assertThat(p.key()).isEqualTo("plan");
              assertThat(p.valueJson()).isEqualTo("\"pro\"");
            });
    assertThat(data.links())
        .singleElement()
        .satisfies(l -> assertThat(l.visitorId()).isEqualTo(77));
    // Found by the anonymous visitor alone, the same events, without the properties.
    io.footfall.core.people.DataSubject byVisitor =
        new io.footfall.core.people.DataSubject("s1", java.util.Set.of(), java.util.Set.of(77L));
    assertThat(store.subjectData(byVisitor).events())
        .extracting(Event::eventId)
        .allMatch(id -> id.startsWith("anon-"))
        .hasSize(6);

    io.footfall.core.people.DataSubject.Erased erased = store.eraseSubject(subject);

    assertThat(erased).isEqualTo(new io.footfall.core.people.DataSubject.Erased(12, 1, 1));
    assertThat(store.events("s1")).containsExactlyInAnyOrderElementsOf(others);
    assertThat(store.events("s2")).hasSize(6);
    assertThat(store.subjectData(subject).events()).isEmpty();
    assertThat(store.subjectData(subject).properties()).isEmpty();
    assertThat(store.subjectData(subject).links()).isEmpty();
    assertThat(store.people().profile("s1", "subject@example.com")).isEmpty();
    assertThat(store.people().profile("s1", "other@example.com")).isPresent();
    assertThat(store.eraseSubject(subject))
        .isEqualTo(new io.footfall.core.people.DataSubject.Erased(0, 0, 0));
  }

  @Test
  void findsExistingIdsOfOneSiteOnly() {
    Instant at = Instant.parse("2026-03-01T10:00:00Z");
    store.write(
        new WriteBatch(
            List.of(
                TestEvents.event("s1", "a", "signup", at, 1, 1),
                TestEvents.event("s2", "b", "signup", at, 1, 1)),
            List.of()));

    assertThat(store.existingIds("s1", List.of("a", "b", "c"), at.minusSeconds(60)))
        .containsExactly("a");
    assertThat(store.existingIds("s1", List.of("a"), at.plusSeconds(60))).isEmpty();

    Map<String, String> seen = new ConcurrentHashMap<>();
    store.forEachRecentId(at.minusSeconds(1), seen::put);
    assertThat(seen).isEqualTo(Map.of("s1", "a", "s2", "b"));
  }

  @Test
  void returnsTheLatestVisitOfEachVisitor() {
    Instant at = Instant.parse("2026-03-01T10:00:00Z");
    Event latest = TestEvents.pageview("s1", at.plusSeconds(3600), 1, 11);
    store.write(
        new WriteBatch(
            List.of(
                TestEvents.pageview("s1", at, 1, 10),
                latest,
                TestEvents.pageview("s1", at.plusSeconds(3700), 1, 11)),
            List.of()));

    assertThat(store.recentVisits(at.minusSeconds(1)))
        .containsExactly(
            new EventStore.Visit(
                "s1", 1, 11, at.plusSeconds(3600), at.plusSeconds(3700), latest.visitAttributes()));
  }

  @Test
  void readsTheVisitAttributesFromTheVisitsEarliestEvent() {
    Instant at = Instant.parse("2026-03-01T10:00:00Z");
    store.write(
        new WriteBatch(
            List.of(
                TestEvents.pageview("s1", at.plusSeconds(120), 1, 10).withVisit(GOOGLE),
                TestEvents.pageview("s1", at.plusSeconds(60), 1, 10).withVisit(NEWSLETTER),
                TestEvents.pageview("s1", at.plusSeconds(180), 1, 10).withVisit(GOOGLE)),
            List.of()));

    assertThat(store.recentVisits(at))
        .containsExactly(
            new EventStore.Visit("s1", 1, 10, at.plusSeconds(60), at.plusSeconds(180), NEWSLETTER));
  }

  @Test
  void describesAVisitByItsEventsAtOrAfterTheGivenTime() {
    Instant at = Instant.parse("2026-03-01T10:00:00Z");
    store.write(
        new WriteBatch(
            List.of(
                TestEvents.pageview("s1", at.minusSeconds(1), 1, 10).withVisit(GOOGLE),
                TestEvents.pageview("s1", at, 1, 10).withVisit(NEWSLETTER),
                TestEvents.pageview("s1", at.plusSeconds(60), 1, 10).withVisit(GOOGLE)),
            List.of()));

    assertThat(store.recentVisits(at))
        .containsExactly(new EventStore.Visit("s1", 1, 10, at, at.plusSeconds(60), NEWSLETTER));
  }

  @Test
  void breaksTiesInTimeByReceiptThenByEventId() {
    Instant at = Instant.parse("2026-03-01T10:00:00Z");
    store.write(
        new WriteBatch(
            List.of(
                TestEvents.receivedAt(
                    TestEvents.event("s1", "a", Event.PAGEVIEW, at, 1, 10).withVisit(GOOGLE),
                    at.plusSeconds(2)),
                TestEvents.receivedAt(
                    TestEvents.event("s1", "b", Event.PAGEVIEW, at, 1, 10).withVisit(NEWSLETTER),
                    at.plusSeconds(1)),
                TestEvents.event("s1", "d", Event.PAGEVIEW, at, 2, 20).withVisit(GOOGLE),
                TestEvents.event("s1", "c", Event.PAGEVIEW, at, 2, 20).withVisit(NEWSLETTER)),
            List.of()));

    assertThat(store.recentVisits(at))
        .containsExactlyInAnyOrder(
            new EventStore.Visit("s1", 1, 10, at, at, NEWSLETTER),
            new EventStore.Visit("s1", 2, 20, at, at, NEWSLETTER));
  }

  @Test
  void listsTheSitesEventNamesWithFirstAndLastSeenAndCountMostFirst() {
    Instant at = Instant.parse("2026-03-02T10:00:00Z");
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String name = i % 3 == 0 ? "signup" : "pageview";
      events.add(TestEvents.event("s1", "n" + i, name, at.plusSeconds(60L * i), i, i));
    }
    events.add(TestEvents.event("s2", "other", "elsewhere", at, 1, 1));
    store.write(new WriteBatch(events, List.of()));

    assertThat(store.seenEvents("s1"))
        .containsExactly(
            new SeenEvent("pageview", at.plusSeconds(60), at.plusSeconds(60L * 29), 20),
            new SeenEvent("signup", at, at.plusSeconds(60L * 27), 10));
    assertThat(store.seenEvents("s3")).isEmpty();
  }

  @Test
  void countsTheSitesEventsPerUtcDayAndName() {
    Instant day1 = Instant.parse("2026-03-02T23:30:00Z");
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      // Every 10 minutes from 23:30: three on 2 March, nine on 3 March.
      String name = i % 4 == 0 ? "signup" : "pageview";
      events.add(TestEvents.event("s1", "v" + i, name, day1.plusSeconds(600L * i), i, i));
    }
    events.add(TestEvents.event("s2", "x", "pageview", day1, 1, 1));
    store.write(new WriteBatch(events, List.of()));
    java.time.LocalDate d1 = java.time.LocalDate.of(2026, 3, 2);

    assertThat(store.dailyVolumes("s1", d1, d1.plusDays(1)))
        .containsExactly(
            new EventStore.DailyVolume(d1, "pageview", 2),
            new EventStore.DailyVolume(d1, "signup", 1),
            new EventStore.DailyVolume(d1.plusDays(1), "pageview", 7),
            new EventStore.DailyVolume(d1.plusDays(1), "signup", 2));
    assertThat(store.dailyVolumes("s1", d1.plusDays(1), d1.plusDays(1))).hasSize(2);
    assertThat(store.dailyVolumes("s1", d1.minusDays(5), d1.minusDays(1))).isEmpty();
  }
}
