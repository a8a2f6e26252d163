package io.footfall.core.people;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.core.Event;
import io.footfall.core.EventStore;
import io.footfall.core.TestEvents;
import io.footfall.core.WriteBatch;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The active-users contract every event store passes: each report equals {@link
 * ActiveUsersOracle}'s over the same writes. A randomized part generates people, visitors, links
 * and events over four months that cross DST changes, and checks over 300 reports (ranges, zones,
 * day/week/month buckets, both units, three sites, one of them deleted).
 */
public abstract class ActiveUsersContract<S extends EventStore> {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final List<ZoneId> ZONES =
      List.of(
          ZoneId.of("UTC"),
          BERLIN,
          ZoneId.of("America/New_York"),
          ZoneId.of("Asia/Kathmandu"),
          ZoneId.of("Pacific/Auckland"));

  protected S store;
  private final ActiveUsersOracle oracle = new ActiveUsersOracle();
  private int sequence;

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

  private Event event(String site, Instant at, long visitor, String user) {
    String id = String.format("au%06d", sequence++);
    return TestEvents.withUser(TestEvents.event(site, id, "pageview", at, visitor, visitor), user);
  }

  private static Instant local(String dateTime) {
    return LocalDateTime.parse(dateTime).atZone(BERLIN).toInstant();
  }

  private ActiveUsers.Report check(ActiveUsers.Query q) {
    ActiveUsers.Report expected = oracle.activeUsers(q);
    ActiveUsers.Report actual = store.activeUsers().activeUsers(q);
    assertThat(actual).as("%s", q).isEqualTo(expected);
    return actual;
  }

  /**
   * A small case whose numbers the test states as well: local days in Berlin across the spring DST
   * change, a visitor linked after its first events, a return after the range, tenants apart.
   */
  @Test
  void countsPeopleByLocalDayAndLooksBeyondTheRangeWhereTheDefinitionsSay() {
    write(
        List.of(
            // Anonymous visitor 7 on the 27th (23:30 Berlin is still the 27th), linked to u1 later.
            event("s1", local("2026-03-27T23:30:00"), 7, ""),
            event("s1", local("2026-03-29T03:30:00"), 7, "u1"),
            // u2: first seen long before the range, back in the range.
            event("s1", local("2026-01-05T10:00:00"), 9, "u2"),
            event("s1", local("2026-03-28T10:00:00"), 9, "u2"),
            // Nobody: an anonymous visitor never linked.
            event("s1", local("2026-03-28T11:00:00"), 11, ""),
            // u3 is new on the 30th and returns after the range ends.
            event("s1", local("2026-03-30T00:10:00"), 12, "u3"),
            event("s1", local("2026-04-20T12:00:00"), 12, "u3"),
            // Another site's u1.
            event("s2", local("2026-03-28T10:00:00"), 7, "u1")),
        List.of(new PersonUpdate("s1", "u1", local("2026-03-29T03:30:00"), "link", 7, List.of())));
    ActiveUsers.Report days =
        check(
            new ActiveUsers.Query(
                "s1",
                LocalDate.parse("2026-03-27"),
                LocalDate.parse("2026-03-31"),
                BERLIN,
                ActiveUsers.Period.DAY,
                ActiveUsers.Unit.PERSON));
    assertThat(days.buckets())
        .extracting(ActiveUsers.Bucket::active)
        .containsExactly(1L, 1L, 1L, 1L, 0L);
    assertThat(days.buckets().get(3).newPeople()).isEqualTo(1);
    assertThat(days.buckets().get(3).returnedWithin30())
        .as("u3 came back after the range")
        .isEqualTo(1);
    assertThat(days.buckets().get(4).mau()).isEqualTo(3);
    assertThat(days.buckets().get(1).resurrecting()).as("u2, seen in January").isEqualTo(1);
    assertThat(days.buckets().get(1).dormant()).as("u1 on the 27th, not the 28th").isEqualTo(1);
    ActiveUsers.Report visitors =
        check(
            new ActiveUsers.Query(
                "s1",
                LocalDate.parse("2026-03-23"),
                LocalDate.parse("2026-03-31"),
                BERLIN,
                ActiveUsers.Period.WEEK,
                ActiveUsers.Unit.VISITOR));
    assertThat(visitors.unit()).isEqualTo(ActiveUsers.Unit.VISITOR);
    assertThat(visitors.buckets()).extracting(ActiveUsers.Bucket::active).containsExactly(3L, 1L);

    store.deleteSite("s2");
    oracle.deleted("s2");
    check(
        new ActiveUsers.Query(
            "s2",
            LocalDate.parse("2026-03-01"),
            LocalDate.parse("2026-04-30"),
            BERLIN,
            ActiveUsers.Period.MONTH,
            ActiveUsers.Unit.PERSON));
  }

  /** Random people, visitors and links over four months; every report against the oracle. */
  @Test
  void agreesWithTheOracleOnRandomActivity() {
    Random random = new Random(20261207L);
    String[] sites = {"r1", "r2", "r3"};
    Instant start = Instant.parse("2026-01-10T00:00:00Z");
    for (int batch = 0; batch < 8; batch++) {
      List<Event> events = new ArrayList<>();
      List<PersonUpdate> updates = new ArrayList<>();
      for (int i = 0; i < 250; i++) {
        String site = sites[random.nextInt(2)];
        // Activity thins out over time, so that people go dormant and come back.
        long minutes =
            random.nextInt(4) == 0
                ? random.nextInt(120 * 24 * 60)
                : (long) (Math.pow(random.nextDouble(), 2) * 120 * 24 * 60);
        Instant at = start.plusSeconds(60 * minutes).plusMillis(random.nextInt(1000));
        long visitor = 1L + random.nextInt(90);
        String user = random.nextInt(3) == 0 ? "user-" + random.nextInt(40) : "";
        Event e = event(site, at, visitor, user);
        events.add(e);
        if (random.nextInt(12) == 0) {
          updates.add(
              new PersonUpdate(
                  site,
                  "user-" + random.nextInt(40),
                  at,
                  e.eventId(),
                  random.nextInt(3) == 0 ? 0 : visitor,
                  List.of()));
        }
      }
      write(events, updates);
    }
    // A third site, deleted: nothing of it remains.
    write(List.of(event("r3", start.plusSeconds(86_400), 5, "user-1")), List.of());
    store.deleteSite("r3");
    oracle.deleted("r3");

    int reports = 0;
    int segmented = 0;
    LocalDate earliest = LocalDate.parse("2026-01-01");
    for (int i = 0; i < 320; i++) {
      ActiveUsers.Period period =
          List.of(ActiveUsers.Period.DAY, ActiveUsers.Period.WEEK, ActiveUsers.Period.MONTH)
              .get(random.nextInt(3));
      LocalDate first = earliest.plusDays(random.nextInt(140));
      int span =
          switch (period) {
            case DAY -> 1 + random.nextInt(45);
            case WEEK -> 1 + random.nextInt(100);
            case MONTH -> 1 + random.nextInt(150);
          };
      ActiveUsers.Query q =
          new ActiveUsers.Query(
              sites[random.nextInt(10) == 0 ? 2 : random.nextInt(2)],
              first,
              first.plusDays(span - 1),
              ZONES.get(random.nextInt(ZONES.size())),
              period,
              random.nextInt(3) == 0 ? ActiveUsers.Unit.VISITOR : ActiveUsers.Unit.PERSON);
      if (random.nextInt(4) == 0 && !q.siteId().equals("r3")) {
        // A cohort's members only, at the end of the range.
        Segment.Condition c =
            switch (random.nextInt(3)) {
              case 0 -> {
                List<String> ids = new ArrayList<>();
                for (int k = 1 + random.nextInt(15); k > 0; k--) {
                  ids.add("user-" + random.nextInt(40));
                }
                yield new Segment.UserIds(ids);
              }
              case 1 ->
                  new Segment.FirstSeen(
                      earliest.plusDays(random.nextInt(60)),
                      earliest.plusDays(60 + random.nextInt(60)));
              default ->
                  new Segment.Performed(
                      new EventMatch(
                          "pageview",
                          List.of(
                              new io.footfall.core.query.Filter(
                                  io.footfall.core.query.Filter.Op.IS,
                                  io.footfall.core.query.Dimension.of(
                                      io.footfall.core.query.Dimension.Kind.NAME),
                                  false,
                                  List.of("pageview")))),
                      1 + random.nextInt(4),
                      1 + random.nextInt(30));
            };
        q =
            q.withSegment(
                new Segment(
                    q.siteId(),
                    List.of(c),
                    q.last().plusDays(1).atStartOfDay(q.zone()).toInstant(),
                    q.zone(),
                    List.of()));
        segmented++;
      }
      check(q);
      reports++;
    }
    assertThat(reports).isGreaterThanOrEqualTo(300);
    assertThat(segmented).as("reports of a cohort's members").isGreaterThan(50);
  }
}
