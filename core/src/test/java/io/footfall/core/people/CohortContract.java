package io.footfall.core.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.core.Event;
import io.footfall.core.EventStore;
import io.footfall.core.WriteBatch;
import io.footfall.core.query.Dimension;
import io.footfall.core.query.Filter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cohort contract every event store passes (docs/metrics.md, "Cohorts"): who is a member of a
 * segment at an instant (behavioural windows, properties folded up to the instant, first source,
 * first seen in the site's zone, static lists, all ANDed), as its size and as the people list
 * filtered by it. A randomized part checks over 300 segments against {@link CohortOracle}, which
 * shares no code with the stores.
 */
public abstract class CohortContract<S extends EventStore> {
  private static final Instant DATA_START = Instant.parse("2026-01-10T00:00:00Z");
  private static final int DATA_DAYS = 200;
  private static final List<ZoneId> ZONES =
      List.of(
          ZoneId.of("UTC"),
          ZoneId.of("Europe/Berlin"),
          ZoneId.of("America/New_York"),
          ZoneId.of("Asia/Kolkata"));

  protected S store;
  private final CohortOracle oracle = new CohortOracle();
  private final PeopleOracle people = new PeopleOracle();

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
    people.written(events, updates);
  }

  private static Segment segment(String site, Instant at, Segment.Condition... conditions) {
    return new Segment(site, List.of(conditions), at, ZoneId.of("UTC"), RetentionContract.GOALS);
  }

  /**
   * A small case told in words: a window counts events before the instant only, a linked visitor's
   * events are the person's, "did not" holds for someone who did nothing, properties are folded up
   * to the instant, and the people list keeps the members.
   */
  @Test
  void evaluatesEachKindOfConditionAtTheInstant() {
    Instant t = Instant.parse("2026-03-10T12:00:00Z");
    write(
        List.of(
            event("s1", "a1", t.minus(Duration.ofDays(10)), "signup", 1, "u1", "Google"),
            event("s1", "a2", t.minus(Duration.ofDays(2)), "login", 1, "u1", ""),
            event("s1", "a3", t.minus(Duration.ofDays(1)), "login", 1, "u1", ""),
            event("s1", "b1", t.minus(Duration.ofDays(3)), "login", 9, "", "DuckDuckGo"),
            event("s1", "b2", t.plus(Duration.ofDays(1)), "login", 9, "", ""),
            event("s2", "c1", t.minus(Duration.ofDays(1)), "login", 1, "u1", "")),
        List.of(
            new PersonUpdate("s1", "u2", t.minus(Duration.ofDays(20)), "x1", 9, List.of()),
            new PersonUpdate(
                "s1",
                "u3",
                t.minus(Duration.ofDays(5)),
                "x2",
                0,
                List.of(PropertyChange.set("plan", "\"pro\""))),
            new PersonUpdate(
                "s1",
                "u3",
                t.plus(Duration.ofDays(5)),
                "x3",
                0,
                List.of(PropertyChange.set("plan", "\"free\"")))));
    EventMatch login = RetentionContract.STEPS.get(1);
    Segment twice = segment("s1", t, new Segment.Performed(login, 2, 7));
    assertThat(store.people().segmentSize(twice)).isEqualTo(1);
    assertThat(store.people().list(PeopleQuery.all("s1", 10).withSegment(twice)))
        .extracting(Profile::userId)
        .containsExactly("u1");
    Segment once = segment("s1", t, new Segment.Performed(login, 1, 7));
    assertThat(members(once)).containsExactly("u2", "u1");
    Segment idle = segment("s1", t, new Segment.NotPerformed(login, 7));
    assertThat(members(idle)).containsExactly("u3");
    Segment pro =
        segment(
            "s1",
            t,
            new Segment.PersonProperty("plan", Segment.TextOp.IS, List.of("pro")),
            new Segment.FirstSeen(LocalDate.parse("2026-03-05"), LocalDate.parse("2026-03-05")));
    assertThat(members(pro)).containsExactly("u3");
    assertThat(store.people().segmentSize(pro.at(t.plus(Duration.ofDays(6))))).isZero();
    Segment fromGoogle = segment("s1", t, new Segment.FirstSource(List.of("Google", "(none)")));
    assertThat(members(fromGoogle)).containsExactly("u3", "u1");
    Segment listed = segment("s1", t, new Segment.UserIds(List.of("u2", "u3", "u9")));
    assertThat(members(listed)).containsExactly("u3", "u2");
    assertThat(store.people().segmentSize(listed.at(t.minus(Duration.ofDays(30))))).isZero();
    for (Segment s : List.of(twice, once, idle, pro, fromGoogle, listed)) {
      assertThat(Set.copyOf(members(s))).as("%s", s).isEqualTo(oracle.members(s));
    }
  }

  /**
   * A static list at its limit, 100,000 ids, most of them never seen: the members are the listed
   * ids that are people of the site (a list this long is several MB of SQL text, which a store must
   * still take).
   */
  @Test
  void takesAStaticListAtItsLimit() {
    Instant t = Instant.parse("2026-03-10T12:00:00Z");
    List<Event> events = new ArrayList<>();
    for (int u = 1; u <= 5; u++) {
      events.add(event("s1", "b" + u, t.minus(Duration.ofHours(u)), "login", u, "user-" + u, ""));
    }
    write(events, List.of());
    List<String> ids = new ArrayList<>();
    for (int i = 0; ids.size() < Segment.MAX_USER_IDS - 2; i++) {
      ids.add(String.format("someone-%06d-with-a-long-id-of-a-customer", i));
    }
    ids.add("user-2");
    ids.add("user-4");
    Segment listed = segment("s1", t, new Segment.UserIds(ids));
    assertThat(store.people().segmentSize(listed)).isEqualTo(2);
    assertThat(members(listed)).containsExactly("user-2", "user-4");
    assertThat(oracle.members(listed)).containsExactly("user-2", "user-4");
  }

  /** A pattern the store's regular expression engine cannot compile is refused as such. */
  @Test
  void refusesAPatternItsEngineCannotCompile() {
    write(List.of(event("s1", "e1", DATA_START, "signup", 1, "u1", "")), List.of());
    Segment broken =
        segment(
            "s1",
            DATA_START.plusSeconds(60),
            new Segment.Performed(
                new EventMatch(
                    "broken",
                    List.of(
                        new Filter(
                            Filter.Op.MATCHES,
                            Dimension.of(Dimension.Kind.PAGE),
                            false,
                            List.of("a(")))),
                1,
                3));
    assertThatThrownBy(() -> store.people().segmentSize(broken))
        .isInstanceOf(io.footfall.core.query.QueryFailedException.class);
  }

  /** Random people, events, links and property changes; every segment against the oracle. */
  @Test
  void agreesWithTheOracleOnRandomSegments() {
    Random random = new Random(20261207);
    String[] sites = {"r1", "r2"};
    int seq = 0;
    for (int batch = 0; batch < 6; batch++) {
      List<Event> events = new ArrayList<>();
      List<PersonUpdate> updates = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        String site = sites[random.nextInt(4) == 0 ? 1 : 0];
        Instant at =
            DATA_START
                .plus(Duration.ofDays(random.nextInt(DATA_DAYS)))
                .plus(Duration.ofMinutes(random.nextInt(24 * 60)));
        String id = String.format("ev%05d", seq++);
        long visitor = 1L + random.nextInt(160);
        String user = random.nextInt(5) < 2 ? "user-" + random.nextInt(60) : "";
        events.add(
            RetentionContract.event(
                site,
                id,
                at,
                RetentionContract.NAMES[random.nextInt(RetentionContract.NAMES.length)],
                visitor,
                user,
                RetentionContract.PATHS[random.nextInt(RetentionContract.PATHS.length)],
                RetentionContract.SOURCES[random.nextInt(RetentionContract.SOURCES.length)],
                RetentionContract.PROPS[random.nextInt(RetentionContract.PROPS.length)]));
        if (random.nextInt(6) == 0) {
          String key = random.nextBoolean() ? "plan" : "tier";
          String value = List.of("\"pro\"", "\"free\"", "3", "true", "\"\"").get(random.nextInt(5));
          updates.add(
              new PersonUpdate(
                  site,
                  "user-" + random.nextInt(70),
                  at,
                  "c" + id,
                  0,
                  switch (random.nextInt(5)) {
                    case 0 -> List.of(PropertyChange.setOnce(key, value));
                    case 1 -> List.of(PropertyChange.unset(key));
                    case 2 -> List.of(); // seen, nothing said
                    default -> List.of(PropertyChange.set(key, value));
                  }));
        }
        if (random.nextInt(12) == 0) {
          updates.add(
              new PersonUpdate(
                  site,
                  "user-" + random.nextInt(70),
                  DATA_START.plus(Duration.ofMinutes(random.nextInt(DATA_DAYS * 24 * 60))),
                  "l" + id,
                  visitor,
                  List.of()));
        }
      }
      write(events, updates);
    }

    int queries = 0;
    int nonEmpty = 0;
    int partial = 0;
    for (int i = 0; i < 320; i++) {
      Segment s = randomSegment(random);
      Set<String> expected = oracle.members(s);
      assertThat(store.people().segmentSize(s))
          .as("segment %d: %s", i, s)
          .isEqualTo(expected.size());
      queries++;
      if (!expected.isEmpty()) {
        nonEmpty++;
      }
      if (i % 4 == 0) {
        // The people list keeps the members, in its own order and pages.
        List<String> everyone =
            people.list(PeopleQuery.all(s.siteId(), 1000)).stream()
                .map(Profile::userId)
                .filter(expected::contains)
                .toList();
        assertThat(members(s)).as("list of segment %d: %s", i, s).isEqualTo(everyone);
        if (everyone.size() > 3) {
          Profile third = people.profile(s.siteId(), everyone.get(2)).orElseThrow();
          PeopleQuery after =
              new PeopleQuery(
                  s.siteId(),
                  "",
                  Optional.empty(),
                  2,
                  Optional.of(new PeopleQuery.Position(third.lastSeen(), third.userId())),
                  Optional.of(s));
          assertThat(store.people().list(after))
              .extracting(Profile::userId)
              .as("page after the third of segment %d", i)
              .isEqualTo(everyone.subList(3, Math.min(5, everyone.size())));
        }
      }
      if (!expected.isEmpty() && expected.size() < 40) {
        partial++;
      }
    }
    assertThat(queries).isGreaterThanOrEqualTo(300);
    assertThat(nonEmpty).as("segments with members").isGreaterThan(150);
    assertThat(partial).as("segments with some but not most people").isGreaterThan(100);
  }

  private List<String> members(Segment s) {
    return store.people().list(PeopleQuery.all(s.siteId(), 1000).withSegment(s)).stream()
        .map(Profile::userId)
        .toList();
  }

  private static Segment randomSegment(Random random) {
    ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
    LocalDate day = LocalDate.ofInstant(DATA_START, zone).plusDays(random.nextInt(DATA_DAYS + 20));
    Instant at =
        random.nextInt(10) < 7
            ? day.atStartOfDay(zone).toInstant()
            : day.atStartOfDay(zone).toInstant().plusSeconds(random.nextInt(86_400));
    List<Segment.Condition> conditions = new ArrayList<>();
    for (int c = 1 + random.nextInt(random.nextInt(4) == 0 ? 3 : 2); c > 0; c--) {
      conditions.add(randomCondition(random, zone));
    }
    String site = random.nextInt(8) == 0 ? "r2" : "r1";
    return new Segment(site, conditions, at, zone, RetentionContract.GOALS);
  }

  static Segment.Condition randomCondition(Random random, ZoneId zone) {
    List<EventMatch> steps = RetentionContract.STEPS;
    int days =
        random.nextInt(10) == 0
            ? Segment.MAX_WINDOW_DAYS
            : 1 + random.nextInt(random.nextInt(60) + 1);
    return switch (random.nextInt(9)) {
      case 0, 1, 2 ->
          new Segment.Performed(
              steps.get(random.nextInt(steps.size())), 1 + random.nextInt(4), days);
      case 3 -> new Segment.NotPerformed(steps.get(random.nextInt(steps.size())), days);
      case 4 -> {
        Segment.TextOp op =
            List.of(
                    Segment.TextOp.IS,
                    Segment.TextOp.IS_NOT,
                    Segment.TextOp.CONTAINS,
                    Segment.TextOp.DOES_NOT_CONTAIN)
                .get(random.nextInt(4));
        List<String> values =
            op == Segment.TextOp.CONTAINS || op == Segment.TextOp.DOES_NOT_CONTAIN
                ? List.of(List.of("r", "e", "x").get(random.nextInt(3)))
                : random.nextBoolean() ? List.of("pro") : List.of("free", "3", "");
        yield new Segment.PersonProperty(random.nextBoolean() ? "plan" : "tier", op, values);
      }
      case 5 ->
          new Segment.FirstSource(
              random.nextBoolean() ? List.of("Google") : List.of("(none)", "DuckDuckGo"));
      case 6 -> {
        LocalDate from =
            LocalDate.ofInstant(DATA_START, zone).plusDays(random.nextInt(DATA_DAYS) - 5);
        yield new Segment.FirstSeen(from, from.plusDays(random.nextInt(60)));
      }
      case 7 -> {
        List<String> ids = new ArrayList<>();
        for (int k = 1 + random.nextInt(30); k > 0; k--) {
          ids.add("user-" + random.nextInt(80));
        }
        yield new Segment.UserIds(ids);
      }
      default -> new Segment.Performed(steps.get(random.nextInt(steps.size())), 1, days);
    };
  }

  private static Event event(
      String site, String id, Instant at, String name, long visitor, String user, String source) {
    return RetentionContract.event(site, id, at, name, visitor, user, "/", source, "{}");
  }
}
