package io.footfall.core.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.core.Event;
import io.footfall.core.EventStore;
import io.footfall.core.Goal;
import io.footfall.core.WriteBatch;
import io.footfall.core.query.Dimension;
import io.footfall.core.query.Filter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The retention contract every event store passes (docs/metrics.md, "Retention"): a randomized part
 * checks over 300 queries (both modes, days, ISO weeks and months, steps with filters and goals,
 * time zones with and without daylight saving time, ranges on and off local midnight) against
 * {@link RetentionOracle}, which shares no code with the stores.
 */
public abstract class RetentionContract<S extends EventStore> {
  private static final Instant DATA_START = Instant.parse("2026-01-10T00:00:00Z");
  private static final int DATA_DAYS = 340;
  private static final Instant CREATED = Instant.parse("2025-01-01T00:00:00Z");
  private static final List<ZoneId> ZONES =
      List.of(
          ZoneId.of("UTC"),
          ZoneId.of("Europe/Berlin"),
          ZoneId.of("America/New_York"),
          ZoneId.of("Asia/Kolkata"),
          ZoneId.of("Australia/Lord_Howe"));
  static final List<Goal> GOALS =
      List.of(
          new Goal("g1", "r1", "Blog", Goal.Kind.PAGEVIEW, "/blog/**", "", "", "", CREATED),
          new Goal(
              "g2", "r1", "Pro purchase", Goal.Kind.EVENT, "", "purchase", "plan", "pro", CREATED));
  static final String[] NAMES = {
    Event.PAGEVIEW, Event.PAGEVIEW, Event.PAGEVIEW, "signup", "login", "login", "purchase"
  };
  static final String[] PATHS = {"/", "/pricing", "/blog/a", "/blog/b/c", "/docs"};
  static final String[] PROPS = {
    "{\"plan\":\"pro\"}", "{\"plan\":\"free\"}", "{}", "{\"plan\":\"pro\",\"n\":3}"
  };
  static final String[] SOURCES = {"Google", "", "DuckDuckGo"};

  protected S store;
  private final RetentionOracle oracle = new RetentionOracle();

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

  /** An event of the random data of the people contracts (cohorts use it too). */
  static Event event(
      String site,
      String id,
      Instant at,
      String name,
      long visitor,
      String user,
      String path,
      String source,
      String props) {
    Event.Page page =
        new Event.Page(
            "example.com",
            path,
            "https://example.com" + path,
            "Title",
            source.isEmpty() ? "" : "https://" + source.toLowerCase(java.util.Locale.ROOT) + "/",
            source.isEmpty() ? "" : source.toLowerCase(java.util.Locale.ROOT),
            source,
            source.isEmpty() ? "" : "search",
            Event.Utm.NONE,
            "");
    Event.Client client =
        new Event.Client(
            "Firefox", "128", "Linux", "", "desktop", "1920x1080", "en-US", "DE", "", "", "");
    return new Event(
        site,
        id,
        at,
        at,
        name,
        visitor,
        visitor * 1000 + at.getEpochSecond() / 86_400,
        user,
        page,
        client,
        props,
        Event.Revenue.NONE);
  }

  private static Filter is(Dimension d, String... values) {
    return new Filter(Filter.Op.IS, d, false, List.of(values));
  }

  private static Filter filter(Filter.Op op, Dimension d, String... values) {
    return new Filter(op, d, false, List.of(values));
  }

  private static final Dimension NAME = Dimension.of(Dimension.Kind.NAME);
  private static final Dimension PAGE = Dimension.of(Dimension.Kind.PAGE);

  /** The steps the random queries choose from: events, pages, goals, with further filters. */
  static final List<EventMatch> STEPS =
      List.of(
          new EventMatch("signup", List.of(is(NAME, "signup"))),
          new EventMatch("login", List.of(is(NAME, "login"))),
          new EventMatch(
              "purchase", List.of(is(NAME, "purchase"), is(Dimension.property("plan"), "pro"))),
          new EventMatch(
              "/blog/**",
              List.of(
                  is(NAME, Event.PAGEVIEW),
                  filter(Filter.Op.MATCHES, PAGE, Goal.pathRegex("/blog/**")))),
          new EventMatch("Blog", List.of(is(Dimension.of(Dimension.Kind.GOAL), "Blog"))),
          new EventMatch(
              "Pro purchase", List.of(is(Dimension.of(Dimension.Kind.GOAL), "Pro purchase"))),
          new EventMatch(
              "pageview not from Google",
              List.of(
                  is(NAME, Event.PAGEVIEW),
                  filter(Filter.Op.IS_NOT, Dimension.of(Dimension.Kind.SOURCE), "Google"))),
          new EventMatch(
              "anything but the blog",
              List.of(
                  is(NAME, Event.PAGEVIEW, "login", "purchase"),
                  filter(Filter.Op.DOES_NOT_CONTAIN, PAGE, "/blog"))),
          new EventMatch(
              "pageview without a plan",
              List.of(is(NAME, Event.PAGEVIEW), is(Dimension.property("plan"), Filter.NONE))),
          new EventMatch("pricing", List.of(filter(Filter.Op.CONTAINS, PAGE, "pri"))),
          new EventMatch(
              "login or signup", List.of(filter(Filter.Op.MATCHES, NAME, "^(login|signup)$"))));

  /** Random people, events and links in several batches; every query against the oracle. */
  @Test
  void agreesWithTheOracleOnRandomQueries() {
    Random random = new Random(20261207);
    String[] sites = {"r1", "r2"};
    int seq = 0;
    for (int batch = 0; batch < 8; batch++) {
      List<Event> events = new ArrayList<>();
      List<PersonUpdate> updates = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        String site = sites[random.nextInt(4) == 0 ? 1 : 0];
        // Days at random, times often near local midnights of the zones tried.
        Instant at =
            DATA_START
                .plus(Duration.ofDays(random.nextInt(DATA_DAYS)))
                .plus(
                    random.nextBoolean()
                        ? Duration.ofMinutes(random.nextInt(24 * 60))
                        : Duration.ofMinutes(
                            List.of(-60, 0, 60, 120, 240, 300, 330, -330, -600, -660)
                                    .get(random.nextInt(10))
                                + random.nextInt(31)
                                - 15));
        String id = String.format("ev%05d", seq++);
        long visitor = 1L + random.nextInt(160);
        String user = random.nextInt(5) < 2 ? "user-" + random.nextInt(60) : "";
        events.add(
            event(
                site,
                id,
                at,
                NAMES[random.nextInt(NAMES.length)],
                visitor,
                user,
                PATHS[random.nextInt(PATHS.length)],
                SOURCES[random.nextInt(SOURCES.length)],
                PROPS[random.nextInt(PROPS.length)]));
        if (random.nextInt(8) == 0) {
          // A change of a person property: what a breakdown by property reads, folded.
          String key = random.nextBoolean() ? "plan" : "tier";
          String value = List.of("\"pro\"", "\"free\"", "3", "true", "\"\"").get(random.nextInt(5));
          updates.add(
              new PersonUpdate(
                  site,
                  "user-" + random.nextInt(60),
                  at,
                  "c" + id,
                  0,
                  List.of(
                      switch (random.nextInt(4)) {
                        case 0 -> PropertyChange.setOnce(key, value);
                        case 1 -> PropertyChange.unset(key);
                        default -> PropertyChange.set(key, value);
                      })));
        }
        if (random.nextInt(12) == 0) {
          // A link of the visitor, at any time: the first one (by time, then id) holds.
          updates.add(
              new PersonUpdate(
                  site,
                  "user-" + random.nextInt(60),
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
    int segmented = 0;
    for (int i = 0; i < 320; i++) {
      Retention.Query q = randomQuery(random);
      if (random.nextInt(4) == 0) {
        // A cohort's members only, at the end of the range.
        List<Segment.Condition> conditions = new ArrayList<>();
        for (int c = 1 + random.nextInt(2); c > 0; c--) {
          conditions.add(CohortContract.randomCondition(random, q.zone()));
        }
        q = q.withSegment(new Segment(q.siteId(), conditions, q.to(), q.zone(), GOALS));
        segmented++;
      }
      Retention.Result expected = oracle.retention(q);
      assertThat(store.retention(q)).as("query %d: %s", i, q).isEqualTo(expected);
      queries++;
      if (!expected.cohorts().isEmpty()) {
        nonEmpty++;
      }
    }
    assertThat(queries).isGreaterThanOrEqualTo(300);
    assertThat(nonEmpty).as("queries with cohorts").isGreaterThan(200);
    assertThat(segmented).as("retention of a cohort's members").isGreaterThan(50);
  }

  private static Retention.Query randomQuery(Random random) {
    ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
    Retention.Period period =
        List.of(Retention.Period.DAY, Retention.Period.WEEK, Retention.Period.MONTH)
            .get(random.nextInt(3));
    LocalDate day = LocalDate.ofInstant(DATA_START, zone).plusDays(random.nextInt(DATA_DAYS) - 10);
    Instant from =
        random.nextInt(10) < 7
            ? day.atStartOfDay(zone).toInstant()
            : day.atStartOfDay(zone).toInstant().plusSeconds(random.nextInt(86_400));
    long days =
        switch (period) {
          case DAY -> 1 + random.nextInt(60);
          case WEEK -> 7L * (1 + random.nextInt(20));
          case MONTH -> 30L * (1 + random.nextInt(6));
        };
    Instant to =
        random.nextInt(10) < 7
            ? day.plusDays(days).atStartOfDay(zone).toInstant()
            : from.plus(Duration.ofDays(days)).plusSeconds(random.nextInt(86_400));
    int periods =
        random.nextInt(20) == 0
            ? Retention.MAX_PERIODS
            : 1
                + random.nextInt(
                    switch (period) {
                      case DAY -> 14;
                      case WEEK -> 8;
                      case MONTH -> 6;
                    });
    String site = random.nextInt(8) == 0 ? (random.nextBoolean() ? "r2" : "r3") : "r1";
    Retention.Breakdown breakdown =
        switch (random.nextInt(6)) {
          case 0, 1 -> Retention.Breakdown.SOURCE;
          case 2 -> Retention.Breakdown.PROPERTY;
          default -> Retention.Breakdown.NONE;
        };
    Instant now = DATA_START.plus(Duration.ofDays(30 + random.nextInt(DATA_DAYS)));
    return new Retention.Query(
        site,
        from,
        to,
        zone,
        STEPS.get(random.nextInt(STEPS.size())),
        STEPS.get(random.nextInt(STEPS.size())),
        period,
        periods,
        random.nextBoolean() ? Retention.Mode.ON : Retention.Mode.ON_OR_AFTER,
        GOALS,
        now,
        breakdown,
        breakdown == Retention.Breakdown.PROPERTY ? (random.nextBoolean() ? "plan" : "tier") : "");
  }

  /**
   * A small case told in words: the cohort is the first start in the range, returns are counted per
   * period after it, an anonymous visitor's events count for the user it is linked to, and the
   * start event itself is no return.
   */
  @Test
  void countsFirstStartsAndLaterReturnsOfPeople() {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    LocalDate monday = LocalDate.of(2026, 3, 23); // the week of the switch to summer time
    Instant t = monday.atStartOfDay(berlin).toInstant().plus(Duration.ofHours(10));
    List<Event> events = new ArrayList<>();
    // u1 signs up on Monday, logs in on Tuesday and again a week later.
    events.add(event("s1", "a1", t, "signup", 1, "u1", "/", "", "{}"));
    events.add(event("s1", "a2", t.plus(Duration.ofDays(1)), "login", 1, "u1", "/", "", "{}"));
    events.add(event("s1", "a3", t.plus(Duration.ofDays(8)), "login", 1, "u1", "/", "", "{}"));
    // u2 signs up on Monday twice (one cohort), then logs in anonymously on Wednesday, a visitor
    // linked to u2 later.
    events.add(event("s1", "b1", t.plusSeconds(60), "signup", 2, "u2", "/", "", "{}"));
    events.add(event("s1", "b2", t.plusSeconds(120), "signup", 2, "u2", "/", "", "{}"));
    events.add(event("s1", "b3", t.plus(Duration.ofDays(2)), "login", 9, "", "/", "", "{}"));
    // Another site's people never count.
    events.add(event("s2", "c1", t, "signup", 1, "u1", "/", "", "{}"));
    events.add(event("s2", "c2", t.plus(Duration.ofDays(1)), "login", 1, "u1", "/", "", "{}"));
    write(
        events,
        List.of(new PersonUpdate("s1", "u2", t.plus(Duration.ofDays(3)), "b9", 9, List.of())));
    EventMatch signup = STEPS.get(0);
    EventMatch login = STEPS.get(1);
    Retention.Query days =
        new Retention.Query(
            "s1",
            monday.atStartOfDay(berlin).toInstant(),
            monday.plusDays(7).atStartOfDay(berlin).toInstant(),
            berlin,
            signup,
            login,
            Retention.Period.DAY,
            8,
            Retention.Mode.ON,
            List.of(),
            t.plus(Duration.ofDays(60)));
    Retention.Result r = store.retention(days);
    assertThat(r).isEqualTo(oracle.retention(days));
    assertThat(r.unit()).isEqualTo("person");
    assertThat(r.cohorts())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.start()).isEqualTo(monday);
              assertThat(c.values())
                  .extracting(Retention.Value::people)
                  .containsExactly(2L, 1L, 1L, 0L, 0L, 0L, 0L, 0L, 1L);
            });
    Retention.Query weeksAfter =
        new Retention.Query(
            "s1",
            days.from(),
            days.to(),
            berlin,
            signup,
            login,
            Retention.Period.WEEK,
            2,
            Retention.Mode.ON_OR_AFTER,
            List.of(),
            t.plus(Duration.ofDays(9)));
    Retention.Result w = store.retention(weeksAfter);
    assertThat(w).isEqualTo(oracle.retention(weeksAfter));
    assertThat(w.cohorts().getFirst().values())
        .containsExactly(
            new Retention.Value(2, true),
            new Retention.Value(1, false),
            new Retention.Value(0, false));
  }

  /** A pattern the store's regular expression engine cannot compile is refused as such. */
  @Test
  void refusesAPatternItsEngineCannotCompile() {
    write(List.of(event("s1", "e1", DATA_START, "signup", 1, "u1", "/", "", "{}")), List.of());
    Instant from = DATA_START.minus(Duration.ofDays(1));
    Retention.Query q =
        new Retention.Query(
            "s1",
            from,
            from.plus(Duration.ofDays(7)),
            ZoneId.of("UTC"),
            new EventMatch("broken", List.of(filter(Filter.Op.MATCHES, PAGE, "a("))),
            STEPS.get(1),
            Retention.Period.DAY,
            3,
            Retention.Mode.ON,
            List.of(),
            from);
    assertThatThrownBy(() -> store.retention(q))
        .isInstanceOf(io.footfall.core.query.QueryFailedException.class);
  }

  @Test
  void refusesPeriodsOutsideTheLimit() {
    Instant from = Instant.parse("2026-03-01T00:00:00Z");
    assertThatThrownBy(
            () ->
                new Retention.Query(
                    "s1",
                    from,
                    from.plus(Duration.ofDays(7)),
                    ZoneId.of("UTC"),
                    STEPS.get(0),
                    STEPS.get(1),
                    Retention.Period.DAY,
                    Retention.MAX_PERIODS + 1,
                    Retention.Mode.ON,
                    List.of(),
                    from))
        .hasMessageContaining("periods must be 1 to " + Retention.MAX_PERIODS);
  }
}
