package io.footfall.core.people;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.core.Event;
import io.footfall.core.EventStore;
import io.footfall.core.TestEvents;
import io.footfall.core.WriteBatch;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The people contract every event store passes: person properties (set, set once, unset, in order),
 * links of consented visitors (the first wins, earlier events join), profiles, the list with
 * search, property match and pages, timelines, tenants apart, and deletion with the site. A
 * randomized part checks over 300 reads against {@link PeopleOracle}.
 */
public abstract class PeopleContract<S extends EventStore> {
  private static final Instant T0 = Instant.parse("2026-05-04T10:00:00Z");

  protected S store;
  private final PeopleOracle oracle = new PeopleOracle();

  protected abstract S openStore();

  @BeforeEach
  void open() {
    store = openStore();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void write(List<Event> events, List<PersonUpdate> updates) {
    store.write(new WriteBatch(events, List.of(), updates));
    oracle.written(events, updates);
  }

  private static PersonUpdate update(
      String site, String user, Instant at, String eventId, long link, PropertyChange... changes) {
    return new PersonUpdate(site, user, at, eventId, link, List.of(changes));
  }

  private static Event event(
      String site, String id, Instant at, long visitor, long session, String user) {
    return TestEvents.withUser(TestEvents.event(site, id, "signup", at, visitor, session), user);
  }

  @Test
  void foldsSetSetOnceAndUnsetInOrder() {
    write(
        List.of(),
        List.of(
            update("s1", "u1", T0, "e1", 0, PropertyChange.setOnce("plan", "\"free\"")),
            update("s1", "u1", T0.plusSeconds(1), "e2", 0, PropertyChange.setOnce("plan", "\"x\"")),
            update(
                "s1", "u1", T0.plusSeconds(2), "e3", 0, PropertyChange.set("email", "\"a@x\""))));
    // Same instant: the event id orders; inside an update, the change's place.
    write(
        List.of(),
        List.of(
            update(
                "s1",
                "u1",
                T0.plusSeconds(5),
                "e5b",
                0,
                PropertyChange.unset("email"),
                PropertyChange.setOnce("email", "\"b@x\"")),
            update("s1", "u1", T0.plusSeconds(5), "e5a", 0, PropertyChange.set("email", "\"c@x\"")),
            update("s1", "u1", T0.plusSeconds(6), "e6", 0, PropertyChange.set("score", "42"))));

    Profile p = store.people().profile("s1", "u1").orElseThrow();
    assertThat(p.properties())
        .containsExactly(
            Map.entry("email", "\"b@x\""), Map.entry("plan", "\"free\""), Map.entry("score", "42"));
    assertThat(p.firstSeen()).isEqualTo(T0);
    assertThat(p.lastSeen()).isEqualTo(T0.plusSeconds(6));
    assertThat(p.events()).isZero();
    assertSame(p, oracle.profile("s1", "u1").orElseThrow());
  }

  @Test
  void aLinkedVisitorsEarlierEventsJoinThePersonAndTheFirstLinkHolds() {
    write(
        List.of(
            event("s1", "a1", T0, 7, 70, ""),
            event("s1", "a2", T0.plusSeconds(60), 7, 70, ""),
            event("s1", "a3", T0.plusSeconds(90), 8, 80, "")),
        List.of());
    write(
        List.of(event("s1", "a4", T0.plusSeconds(120), 7, 71, "u1")),
        List.of(
            update("s1", "u1", T0.plusSeconds(120), "a4", 7),
            update("s1", "u2", T0.plusSeconds(200), "b1", 7, PropertyChange.set("k", "true"))));

    Profile u1 = store.people().profile("s1", "u1").orElseThrow();
    assertThat(u1.events()).isEqualTo(3);
    assertThat(u1.visits()).isEqualTo(2);
    assertThat(u1.firstSeen()).isEqualTo(T0);
    assertThat(u1.revenue()).containsOnlyKeys("EUR");
    assertThat(u1.revenue().get("EUR")).isEqualByComparingTo("59.97");
    Profile u2 = store.people().profile("s1", "u2").orElseThrow();
    assertThat(u2.events()).isZero();
    assertThat(u2.properties()).containsExactly(Map.entry("k", "true"));
    assertThat(store.people().profile("s1", "nobody")).isEmpty();
    assertThat(store.people().timeline("s1", "u1", Optional.empty(), 10))
        .extracting(Event::eventId)
        .containsExactly("a4", "a2", "a1");
  }

  @Test
  void keepsSitesApartAndForgetsADeletedSite() {
    write(
        List.of(event("s1", "x1", T0, 1, 10, "u1"), event("s2", "x2", T0, 1, 10, "u1")),
        List.of(
            update("s1", "u1", T0, "x1", 0, PropertyChange.set("plan", "\"pro\"")),
            update("s2", "u1", T0, "x2", 0, PropertyChange.set("plan", "\"free\""))));
    assertThat(store.people().profile("s1", "u1").orElseThrow().properties())
        .containsEntry("plan", "\"pro\"");
    assertThat(store.people().list(PeopleQuery.all("s2", 10)))
        .singleElement()
        .satisfies(p -> assertThat(p.properties()).containsEntry("plan", "\"free\""));

    store.deleteSite("s2");
    oracle.deleted("s2");
    assertThat(store.people().profile("s2", "u1")).isEmpty();
    assertThat(store.people().list(PeopleQuery.all("s2", 10))).isEmpty();
    assertThat(store.people().profile("s1", "u1")).isPresent();
  }

  @Test
  void searchesMatchesAndPagesThePeopleList() {
    write(
        List.of(
            event("s1", "e1", T0, 1, 10, "Alice-1"),
            event("s1", "e2", T0.plusSeconds(10), 2, 20, "bob-2"),
            event("s1", "e3", T0.plusSeconds(10), 3, 30, "carol-3")),
        List.of(
            update("s1", "bob-2", T0, "e2", 0, PropertyChange.set("email", "\"Bob@Example.org\"")),
            update("s1", "carol-3", T0, "e3", 0, PropertyChange.set("plan", "\"pro\""))));

    assertThat(store.people().list(PeopleQuery.all("s1", 10)))
        .extracting(Profile::userId)
        .containsExactly("bob-2", "carol-3", "Alice-1");
    assertThat(
            store
                .people()
                .list(new PeopleQuery("s1", "EXAMPLE", Optional.empty(), 10, Optional.empty())))
        .extracting(Profile::userId)
        .containsExactly("bob-2");
    assertThat(
            store
                .people()
                .list(new PeopleQuery("s1", "alice", Optional.empty(), 10, Optional.empty())))
        .extracting(Profile::userId)
        .containsExactly("Alice-1");
    assertThat(
            store
                .people()
                .list(
                    new PeopleQuery(
                        "s1",
                        "",
                        Optional.of(new PeopleQuery.PropertyMatch("plan", "pro")),
                        10,
                        Optional.empty())))
        .extracting(Profile::userId)
        .containsExactly("carol-3");
    assertThat(
            store
                .people()
                .list(
                    new PeopleQuery(
                        "s1",
                        "",
                        Optional.empty(),
                        1,
                        Optional.of(new PeopleQuery.Position(T0.plusSeconds(10), "bob-2")))))
        .extracting(Profile::userId)
        .containsExactly("carol-3");
  }

  /** Random people, events and updates in several batches; every read against the oracle. */
  @Test
  void agreesWithTheOracleOnRandomPeople() {
    Random random = new Random(20261207);
    String[] sites = {"r1", "r2"};
    String[] keys = {"plan", "email", "Name", "score", "beta"};
    int eventSeq = 0;
    for (int batch = 0; batch < 12; batch++) {
      List<Event> events = new ArrayList<>();
      List<PersonUpdate> updates = new ArrayList<>();
      for (int i = 0; i < 120; i++) {
        String site = sites[random.nextInt(sites.length)];
        // A coarse clock, so that many things happen at the same instant.
        Instant at = T0.plusSeconds(60L * random.nextInt(2_000)).plusMillis(random.nextInt(3));
        String id = String.format("ev%05d", eventSeq++);
        long visitor = 1L + random.nextInt(150);
        String user = random.nextInt(3) == 0 ? "" : userId(random);
        if (random.nextInt(4) != 0) {
          Event e = event(site, id, at, visitor, visitor * 100 + random.nextInt(4), user);
          if (random.nextInt(3) == 0) {
            e = TestEvents.withProperties(e, "{}");
          }
          events.add(
              random.nextInt(4) == 0
                  ? TestEvents.withRevenue(
                      e,
                      random.nextBoolean()
                          ? Event.Revenue.NONE
                          : new Event.Revenue(
                              new BigDecimal(random.nextInt(10_000)).movePointLeft(2), "USD"))
                  : e);
        }
        if (random.nextInt(2) == 0) {
          String person = user.isEmpty() ? userId(random) : user;
          List<PropertyChange> changes = new ArrayList<>();
          for (int c = random.nextInt(4); c > 0; c--) {
            String key = keys[random.nextInt(keys.length)];
            changes.add(
                switch (random.nextInt(3)) {
                  case 0 -> PropertyChange.set(key, value(random));
                  case 1 -> PropertyChange.setOnce(key, value(random));
                  default -> PropertyChange.unset(key);
                });
          }
          long link = random.nextInt(3) == 0 ? visitor : 0;
          updates.add(new PersonUpdate(site, person, at, id, link, changes));
        }
      }
      write(events, updates);
    }

    int reads = 0;
    for (String site : sites) {
      for (int u = 0; u < 70; u++) {
        String user = "user-" + u;
        assertProfile(site, user);
        reads++;
      }
      for (int q = 0; q < 80; q++) {
        String search =
            switch (random.nextInt(4)) {
              case 0 -> "";
              case 1 -> "USER-" + random.nextInt(10);
              case 2 -> "Mail";
              default -> "o";
            };
        Optional<PeopleQuery.PropertyMatch> match =
            random.nextInt(3) == 0
                ? Optional.of(
                    new PeopleQuery.PropertyMatch(
                        keys[random.nextInt(keys.length)], PropertyChange.text(value(random))))
                : Optional.empty();
        int limit = 1 + random.nextInt(25);
        Optional<PeopleQuery.Position> after = Optional.empty();
        for (int page = 0; page < 3; page++) {
          PeopleQuery query = new PeopleQuery(site, search, match, limit, after);
          List<Profile> expected = oracle.list(query);
          List<Profile> actual = store.people().list(query);
          assertThat(actual).as("%s", query).hasSize(expected.size());
          for (int i = 0; i < expected.size(); i++) {
            assertSame(actual.get(i), expected.get(i));
          }
          reads++;
          if (expected.size() < limit) {
            break;
          }
          Profile last = expected.getLast();
          after = Optional.of(new PeopleQuery.Position(last.lastSeen(), last.userId()));
        }
      }
      for (int t = 0; t < 40; t++) {
        String user = "user-" + random.nextInt(70);
        Optional<People.EventPosition> before = Optional.empty();
        int limit = 1 + random.nextInt(8);
        for (int page = 0; page < 3; page++) {
          List<Event> expected = oracle.timeline(site, user, before, limit);
          assertThat(normalized(store.people().timeline(site, user, before, limit)))
              .as("timeline of %s on %s after %s", user, site, before)
              .isEqualTo(normalized(expected));
          reads++;
          if (expected.size() < limit) {
            break;
          }
          Event last = expected.getLast();
          before = Optional.of(new People.EventPosition(last.timestamp(), last.eventId()));
        }
      }
    }
    assertThat(reads).isGreaterThanOrEqualTo(300);
  }

  private void assertProfile(String site, String user) {
    Optional<Profile> expected = oracle.profile(site, user);
    Optional<Profile> actual = store.people().profile(site, user);
    assertThat(actual.isPresent())
        .as("%s on %s exists", user, site)
        .isEqualTo(expected.isPresent());
    expected.ifPresent(e -> assertSame(actual.orElseThrow(), e));
  }

  /** Equal, with amounts compared as numbers (a store may keep another scale). */
  private static void assertSame(Profile actual, Profile expected) {
    assertThat(normalized(actual))
        .as("profile of %s", expected.userId())
        .isEqualTo(normalized(expected));
  }

  private static Profile normalized(Profile p) {
    TreeMap<String, BigDecimal> revenue = new TreeMap<>();
    p.revenue().forEach((k, v) -> revenue.put(k, v.stripTrailingZeros()));
    return new Profile(
        p.userId(), p.properties(), p.firstSeen(), p.lastSeen(), p.events(), p.visits(), revenue);
  }

  /** The events with their revenue amounts compared as numbers (a store may keep another scale). */
  private static List<Event> normalized(List<Event> events) {
    return events.stream()
        .map(
            e ->
                TestEvents.withRevenue(
                    e,
                    new Event.Revenue(
                        e.revenue().amount().stripTrailingZeros(), e.revenue().currency())))
        .toList();
  }

  private static String userId(Random random) {
    return "user-" + random.nextInt(70);
  }

  private static String value(Random random) {
    return switch (random.nextInt(5)) {
      case 0 -> "\"" + (random.nextBoolean() ? "Pro" : "free") + "\"";
      case 1 -> "\"person" + random.nextInt(20) + "@Mail.example\"";
      case 2 -> String.valueOf(random.nextInt(100));
      case 3 -> random.nextBoolean() ? "true" : "false";
      default -> "\"Quote \\\"q\\\" and \\u00e9\"";
    };
  }
}
