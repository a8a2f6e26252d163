package io.footfall.core.people;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.core.Event;
import io.footfall.core.EventStore;
import io.footfall.core.Goal;
import io.footfall.core.WriteBatch;
import io.footfall.core.query.Dimension;
import io.footfall.core.query.Filter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The funnel contract every event store passes: generated people (identified users, anonymous
 * visitors linked to them later, visitors never linked) on two sites, and over 300 random funnels
 * (every order, both units, windows from a minute to three days, step filters, goals, exclusions,
 * half of them split by a dimension's value on the counted attempt's step-1 event, a share of those
 * of people by a person property's current value instead) checked against {@link FunnelOracle}.
 */
public abstract class FunnelContract<S extends EventStore> {
  private static final Instant T0 = Instant.parse("2026-03-27T00:00:00Z");
  private static final String[] SITES = {"f1", "f2"};
  private static final String[] PATHS = {"/", "/pricing", "/cart", "/checkout", "/blog/a"};
  private static final String[] NAMES = {"signup", "add_to_cart", "purchase"};
  private static final long[] WINDOWS = {1, 60, 600, 3_600, 86_400, 259_200};

  /**
   * Sources of visits: none, plain ones, and two whose order differs between UTF-16 and UTF-8
   * (U+FB00 and U+1F600), so that ties between groups must be broken by UTF-8 bytes.
   */
  private static final String[] SOURCES = {"", "Google", "Newsletter", "\uFB00", "\uD83D\uDE00"};

  /** The person properties funnels of people are split by, "plan" more often. */
  private static final String[] PERSON_KEYS = {"plan", "plan", "tier"};

  private static final String[] PERSON_VALUES = {
    "\"pro\"", "\"free\"", "3", "true", "\"\"", "\"\uFB00\"", "\"\uD83D\uDE00\""
  };

  private static final List<Dimension> BREAKDOWNS =
      List.of(
          Dimension.of(Dimension.Kind.SOURCE),
          Dimension.of(Dimension.Kind.COUNTRY),
          Dimension.of(Dimension.Kind.DEVICE),
          Dimension.of(Dimension.Kind.PAGE),
          Dimension.of(Dimension.Kind.NAME),
          Dimension.of(Dimension.Kind.HOSTNAME),
          Dimension.property("plan"));

  protected S store;
  private final FunnelOracle oracle = new FunnelOracle();
  private final Set<String> ids = new HashSet<>();

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

  /**
   * A person who does step 3 before step 2 reaches step 2 only in an ordered funnel, all three in
   * any order; with an event between steps 1 and 2, a strict funnel stops at step 1; an exclusion
   * between steps ends the attempt there.
   */
  @Test
  void ordersDecideWhatAPersonWhoSkipsAheadReaches() {
    Random random = new Random(7);
    List<Event> events = new ArrayList<>();
    String site = "f1";
    Instant t = T0.plusSeconds(3_600);
    events.add(event(site, "a1", "signup", "/", t, 1, 10, "u1", random));
    events.add(event(site, "a2", "purchase", "/", t.plusSeconds(5), 1, 10, "u1", random));
    events.add(event(site, "a3", "add_to_cart", "/", t.plusSeconds(9), 1, 10, "u1", random));
    events.add(event(site, "b1", "signup", "/", t, 2, 20, "u2", random));
    events.add(event(site, "b2", "pageview", "/blog/a", t.plusSeconds(1), 2, 20, "u2", random));
    events.add(event(site, "b3", "add_to_cart", "/", t.plusSeconds(2), 2, 20, "u2", random));
    events.add(event(site, "b4", "purchase", "/", t.plusSeconds(3), 2, 20, "u2", random));
    write(events, List.of());
    List<EventMatch> steps = List.of(named("signup"), named("add_to_cart"), named("purchase"));

    Funnels.Result ordered = check(query(site, steps, Funnels.Order.ORDERED, List.of()));
    Funnels.Result any = check(query(site, steps, Funnels.Order.ANY, List.of()));
    Funnels.Result strict = check(query(site, steps, Funnels.Order.STRICT, List.of()));
    Funnels.Result excluded =
        check(query(site, steps, Funnels.Order.ORDERED, List.of(page("/blog/*"))));

    assertThat(ordered.steps()).extracting(Funnels.Step::count).containsExactly(2L, 2L, 1L);
    assertThat(any.steps()).extracting(Funnels.Step::count).containsExactly(2L, 2L, 2L);
    assertThat(strict.steps()).extracting(Funnels.Step::count).containsExactly(2L, 0L, 0L);
    assertThat(excluded.steps()).extracting(Funnels.Step::count).containsExactly(2L, 1L, 0L);
    assertThat(ordered.conversionFromFirst(2)).isEqualTo(0.5);
    assertThat(ordered.droppedAfter(1)).isEqualTo(1);
  }

  /**
   * A unit counts in the group of its counted attempt's step-1 event: a person whose first start
   * (on /a) does not convert and whose later one (on /b) does counts under /b; groups come most
   * units first, and a visit without a source is in {@code (none)}.
   */
  @Test
  void splitsUnitsByTheValueOnTheirCountedAttemptsFirstStep() {
    Random random = new Random(11);
    String site = "f1";
    Instant t = T0.plusSeconds(3_600);
    List<Event> events = new ArrayList<>();
    events.add(event(site, "c1", "signup", "/a", t, 3, 30, "u1", random));
    events.add(event(site, "c2", "signup", "/b", t.plusSeconds(5_400), 3, 30, "u1", random));
    events.add(event(site, "c3", "purchase", "/b", t.plusSeconds(6_000), 3, 30, "u1", random));
    events.add(event(site, "d1", "signup", "/a", t, 4, 40, "u2", random));
    events.add(event(site, "d2", "purchase", "/a", t.plusSeconds(60), 4, 40, "u2", random));
    events.add(event(site, "e1", "signup", "/a", t, 5, 50, "u3", random));
    write(events, List.of());
    List<EventMatch> steps = List.of(named("signup"), named("purchase"));
    Funnels.Query byPage =
        new Funnels.Query(
            site,
            T0,
            T0.plusSeconds(86_400),
            steps,
            goals(site),
            Duration.ofHours(1),
            Funnels.Unit.PERSON,
            Funnels.Order.ORDERED,
            List.of(),
            List.of(new Funnels.Breakdown(Dimension.of(Dimension.Kind.PAGE), 25)));

    Funnels.Result r = check(byPage);

    assertThat(r.steps()).extracting(Funnels.Step::count).containsExactly(3L, 2L);
    assertThat(r.groups()).extracting(Funnels.Group::value).containsExactly("/a", "/b");
    assertThat(r.groups().get(0).steps()).extracting(Funnels.Step::count).containsExactly(2L, 1L);
    assertThat(r.groups().get(1).steps()).extracting(Funnels.Step::count).containsExactly(1L, 1L);
    assertThat(r.groups().get(1).steps().get(1).fromPrevious().orElseThrow().median())
        .isEqualTo(Duration.ofSeconds(600));
    Funnels.Result bySource =
        check(
            new Funnels.Query(
                site,
                T0,
                T0.plusSeconds(86_400),
                steps,
                goals(site),
                Duration.ofHours(1),
                Funnels.Unit.VISIT,
                Funnels.Order.ORDERED,
                List.of(),
                List.of(new Funnels.Breakdown(Dimension.of(Dimension.Kind.SOURCE), 1))));
    assertThat(bySource.groups()).hasSize(1);
    assertThat(bySource.groups().getFirst().steps().getFirst().count()).isPositive();
  }

  /** Random people on two sites, and over 300 random funnels against the oracle. */
  @Test
  void agreesWithTheOracleOnRandomFunnels() {
    Random random = new Random(20261207);
    // A second stream for what the person-property split adds (the people's property changes,
    // which funnels are split by them), so that the rest of the data and funnels stay as they were.
    Random more = new Random(20261208);
    for (int batch = 0; batch < 3; batch++) {
      List<Event> events = new ArrayList<>();
      List<PersonUpdate> updates = new ArrayList<>();
      for (String site : SITES) {
        people(site, batch, random, events, updates);
        properties(site, batch, more, updates);
      }
      write(events, updates);
    }
    int queries = 0;
    int converting = 0;
    int droppedLists = 0;
    int segmented = 0;
    int splitConverting = 0;
    int personSplits = 0;
    for (; queries < 320; queries++) {
      String site = SITES[random.nextInt(SITES.length)];
      int stepCount = 2 + random.nextInt(random.nextInt(4) == 0 ? 5 : 3);
      List<EventMatch> steps = new ArrayList<>();
      for (int i = 0; i < stepCount; i++) {
        steps.add(step(random));
      }
      List<EventMatch> exclusions = new ArrayList<>();
      for (int i = random.nextInt(4) == 0 ? 1 + random.nextInt(2) : 0; i > 0; i--) {
        exclusions.add(step(random));
      }
      Instant from = T0.plusSeconds(86_400L * random.nextInt(4) + 3_600L * random.nextInt(3));
      Instant to = from.plusSeconds(3_600L * (1 + random.nextInt(72)));
      Funnels.Query q =
          new Funnels.Query(
              site,
              from,
              to,
              steps,
              goals(site),
              Duration.ofSeconds(WINDOWS[random.nextInt(WINDOWS.length)]),
              random.nextInt(3) == 0 ? Funnels.Unit.VISIT : Funnels.Unit.PERSON,
              List.of(Funnels.Order.ORDERED, Funnels.Order.STRICT, Funnels.Order.ANY)
                  .get(random.nextInt(3)),
              exclusions,
              random.nextBoolean()
                  ? List.of()
                  : List.of(
                      new Funnels.Breakdown(
                          BREAKDOWNS.get(random.nextInt(BREAKDOWNS.size())),
                          List.of(1, 2, 3, 25).get(random.nextInt(4)))));
      if (q.unit() == Funnels.Unit.PERSON && !q.breakdown().isEmpty() && more.nextInt(5) < 2) {
        q = bySomePersonProperty(q, more);
      }
      if (random.nextInt(4) == 0) {
        q = q.withSegment(segment(site, to, random));
        segmented++;
      }
      Funnels.Result r = check(q);
      if (!q.breakdown().isEmpty()
          && q.breakdown().getFirst().byPerson()
          && r.groups().size() > 1) {
        personSplits++;
      }
      if (r.steps().get(1).count() > 0) {
        converting++;
      }
      if (r.groups().size() > 1 && r.groups().get(1).steps().get(1).count() > 0) {
        splitConverting++;
      }
      if (q.unit() == Funnels.Unit.PERSON && random.nextInt(3) == 0) {
        int step = 1 + random.nextInt(stepCount - 1);
        int limit = 1 + random.nextInt(30);
        List<String> expected = oracle.dropped(q, step, limit);
        assertThat(store.funnels().dropped(q, step, limit))
            .as("dropped after step %d of %s", step, q)
            .isEqualTo(expected);
        droppedLists += expected.isEmpty() ? 0 : 1;
      }
    }
    assertThat(queries).isGreaterThanOrEqualTo(300);
    assertThat(converting).as("funnels in which someone reached step 2").isGreaterThan(100);
    assertThat(droppedLists).as("lists of who dropped that name someone").isGreaterThan(20);
    assertThat(segmented).as("funnels of a cohort's members").isGreaterThan(50);
    assertThat(splitConverting)
        .as("split funnels whose second group has someone at step 2")
        .isGreaterThan(30);
    assertThat(personSplits)
        .as("funnels split by a person property into more than one group")
        .isGreaterThan(20);
  }

  /** The same funnel split by a person property instead, with the same limit. */
  private static Funnels.Query bySomePersonProperty(Funnels.Query q, Random random) {
    Funnels.Query split =
        new Funnels.Query(
            q.siteId(),
            q.from(),
            q.to(),
            q.steps(),
            q.goals(),
            q.window(),
            q.unit(),
            q.order(),
            q.exclusions(),
            List.of(
                Funnels.Breakdown.byPersonProperty(
                    PERSON_KEYS[random.nextInt(PERSON_KEYS.length)],
                    q.breakdown().getFirst().limit())));
    return q.segment().map(split::withSegment).orElse(split);
  }

  /**
   * A split by a person property counts each person under their current value (the fold of all
   * their changes, also those after the range and before their events), {@code (none)} without one
   * or with an empty text; the groups are ordered and limited as every split, and the previous
   * period splits the same way.
   */
  @Test
  void splitsPeopleByTheirCurrentPropertyValue() {
    Random random = new Random(13);
    String site = "f2";
    Instant t = T0.plusSeconds(3_600);
    List<Event> events = new ArrayList<>();
    List<PersonUpdate> updates = new ArrayList<>();
    // Five people start: u1 and u2 convert. Their plans end as: u1 pro (free, then set to pro
    // after the range), u2 free (set once after an unset), u3 pro (a set once after a set does
    // nothing), u4 none (unset), u5 an empty text.
    String[] users = {"u1", "u2", "u3", "u4", "u5"};
    for (int i = 0; i < users.length; i++) {
      events.add(event(site, "s" + i, "signup", "/", t, 60 + i, 600 + i, users[i], random));
      if (i < 2) {
        events.add(
            event(
                site,
                "p" + i,
                "purchase",
                "/",
                t.plusSeconds(60),
                60 + i,
                600 + i,
                users[i],
                random));
      }
    }
    updates.add(
        update(site, "u1", t.minusSeconds(60), "x1", PropertyChange.set("plan", "\"free\"")));
    updates.add(
        update(
            site, "u1", T0.plusSeconds(3 * 86_400), "x2", PropertyChange.set("plan", "\"pro\"")));
    updates.add(update(site, "u2", t, "x3", PropertyChange.set("plan", "\"pro\"")));
    updates.add(update(site, "u2", t, "x4", PropertyChange.unset("plan")));
    updates.add(update(site, "u2", t, "x5", PropertyChange.setOnce("plan", "\"free\"")));
    updates.add(update(site, "u3", t, "x6", PropertyChange.set("plan", "\"pro\"")));
    updates.add(update(site, "u3", t, "x7", PropertyChange.setOnce("plan", "\"free\"")));
    updates.add(update(site, "u4", t, "x8", PropertyChange.set("plan", "\"pro\"")));
    updates.add(update(site, "u4", t.plusSeconds(1), "x9", PropertyChange.unset("plan")));
    updates.add(update(site, "u5", t, "y1", PropertyChange.set("plan", "\"\"")));
    write(events, updates);
    List<EventMatch> steps = List.of(named("signup"), named("purchase"));
    Funnels.Query byPlan =
        new Funnels.Query(
            site,
            T0,
            T0.plusSeconds(86_400),
            steps,
            goals(site),
            Duration.ofHours(1),
            Funnels.Unit.PERSON,
            Funnels.Order.ORDERED,
            List.of(),
            List.of(Funnels.Breakdown.byPersonProperty("plan", 25)));

    Funnels.Result r = check(byPlan);

    assertThat(r.groups())
        .extracting(Funnels.Group::value)
        .containsExactly(Filter.NONE, "pro", "free");
    assertThat(r.groups()).extracting(g -> g.steps().get(1).count()).containsExactly(0L, 1L, 1L);
    // Limited as every split: most people at step 1 first, ties by UTF-8 bytes.
    Funnels.Query firstTwo =
        new Funnels.Query(
            site,
            T0,
            T0.plusSeconds(86_400),
            steps,
            goals(site),
            Duration.ofHours(1),
            Funnels.Unit.PERSON,
            Funnels.Order.ORDERED,
            List.of(),
            List.of(Funnels.Breakdown.byPersonProperty("plan", 2)));
    assertThat(check(firstTwo).groups())
        .extracting(Funnels.Group::value)
        .containsExactly(Filter.NONE, "pro");
    // A property nobody has puts everyone in (none).
    Funnels.Query byTier =
        new Funnels.Query(
            site,
            T0,
            T0.plusSeconds(86_400),
            steps,
            goals(site),
            Duration.ofHours(1),
            Funnels.Unit.PERSON,
            Funnels.Order.ORDERED,
            List.of(),
            List.of(Funnels.Breakdown.byPersonProperty("tier", 25)));
    assertThat(check(byTier).groups())
        .singleElement()
        .satisfies(g -> assertThat(g.value()).isEqualTo(Filter.NONE))
        .satisfies(g -> assertThat(g.steps().getFirst().count()).isEqualTo(5));
  }

  private static PersonUpdate update(
      String site, String user, Instant at, String id, PropertyChange change) {
    return new PersonUpdate(site, user, at, id, 0, List.of(change));
  }

  /** A random cohort of the site, of one or two conditions, at the end of the funnel's range. */
  private static Segment segment(String site, Instant at, Random random) {
    List<Segment.Condition> conditions = new ArrayList<>();
    for (int c = 1 + random.nextInt(2); c > 0; c--) {
      conditions.add(
          switch (random.nextInt(4)) {
            case 0 ->
                new Segment.Performed(step(random), 1 + random.nextInt(3), 1 + random.nextInt(6));
            case 1 -> new Segment.NotPerformed(step(random), 1 + random.nextInt(3));
            case 2 -> {
              List<String> ids = new ArrayList<>();
              for (int i = 1 + random.nextInt(20); i > 0; i--) {
                ids.add("user-" + random.nextInt(30));
              }
              yield new Segment.UserIds(ids);
            }
            default ->
                new Segment.FirstSeen(
                    LocalDate.ofInstant(T0, ZoneOffset.UTC),
                    LocalDate.ofInstant(T0, ZoneOffset.UTC).plusDays(random.nextInt(4)));
          });
    }
    return new Segment(site, conditions, at, ZoneOffset.UTC, goals(site));
  }

  private Funnels.Result check(Funnels.Query q) {
    Funnels.Result expected = oracle.funnel(q);
    Funnels.Result actual = store.funnels().funnel(q);
    assertThat(actual).as("%s", q).isEqualTo(expected);
    return actual;
  }

  private static Funnels.Query query(
      String site, List<EventMatch> steps, Funnels.Order order, List<EventMatch> exclusions) {
    return new Funnels.Query(
        site,
        T0,
        T0.plusSeconds(86_400),
        steps,
        goals(site),
        Duration.ofHours(1),
        Funnels.Unit.PERSON,
        order,
        exclusions);
  }

  // ------------------------------------------------------------------------- generated data

  /**
   * People of the site: identified users with one to three visitors, some anonymous visitors linked
   * to them (by an update before or after their events; some visitors linked twice, the first link
   * holding), and visitors never linked.
   */
  private void people(
      String site, int batch, Random random, List<Event> events, List<PersonUpdate> updates) {
    for (int p = 0; p < 25; p++) {
      String user = "user-" + random.nextInt(30);
      int visitors = 1 + random.nextInt(3);
      for (int v = 0; v < visitors; v++) {
        long visitor = 1 + random.nextInt(200) + 1000L * batch;
        boolean identified = random.nextInt(3) == 0;
        Instant visitStart = T0.plusSeconds(random.nextInt(5 * 86_400));
        int sessions = 1 + random.nextInt(3);
        for (int s = 0; s < sessions; s++) {
          long session = visitor * 100 + random.nextInt(50);
          Instant at = visitStart.plusSeconds(random.nextInt(2 * 86_400));
          for (int e = random.nextInt(12); e > 0; e--) {
            // A coarse clock: many events of a visit at the same second.
            at = at.plusSeconds(random.nextInt(3) == 0 ? 0 : random.nextInt(900));
            events.add(randomEvent(site, at, visitor, session, identified ? user : "", random));
          }
        }
        if (!identified && random.nextInt(3) != 0) {
          String linked = random.nextInt(5) == 0 ? "user-" + random.nextInt(30) : user;
          updates.add(
              new PersonUpdate(
                  site,
                  linked,
                  visitStart.plusSeconds(random.nextInt(86_400)),
                  id(random),
                  visitor,
                  List.of()));
        }
      }
    }
  }

  /**
   * Changes of the people's properties {@link #PERSON_KEYS}: sets, sets once and unsets at random
   * times (also before and after the events), some of several changes in one update, values that
   * include an empty text, a number, a boolean and two texts whose order differs between UTF-16 and
   * UTF-8.
   */
  private void properties(String site, int batch, Random random, List<PersonUpdate> updates) {
    for (int u = 0; u < 30; u++) {
      for (int i = random.nextInt(4); i > 0; i--) {
        List<PropertyChange> changes = new ArrayList<>();
        for (int c = 1 + random.nextInt(2); c > 0; c--) {
          String key = PERSON_KEYS[random.nextInt(PERSON_KEYS.length)];
          String value = PERSON_VALUES[random.nextInt(PERSON_VALUES.length)];
          changes.add(
              switch (random.nextInt(5)) {
                case 0 -> PropertyChange.unset(key);
                case 1, 2 -> PropertyChange.setOnce(key, value);
                default -> PropertyChange.set(key, value);
              });
        }
        updates.add(
            new PersonUpdate(
                site,
                "user-" + u,
                T0.plusSeconds(random.nextInt(3) * 86_400L + random.nextInt(2) * 60L),
                "pp-" + batch + "-" + id(random),
                0,
                changes));
      }
    }
  }

  private Event randomEvent(
      String site, Instant at, long visitor, long session, String user, Random random) {
    boolean pageview = random.nextInt(2) == 0;
    String name = pageview ? Event.PAGEVIEW : NAMES[random.nextInt(NAMES.length)];
    return event(
        site,
        id(random),
        name,
        PATHS[random.nextInt(PATHS.length)],
        at,
        visitor,
        session,
        user,
        random);
  }

  /** A fresh event id: random letters, so that ties in time are broken in no particular order. */
  private String id(Random random) {
    while (true) {
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < 8; i++) {
        s.append((char) ('a' + random.nextInt(26)));
      }
      if (ids.add(s.toString())) {
        return s.toString();
      }
    }
  }

  private static Event event(
      String site,
      String id,
      String name,
      String path,
      Instant at,
      long visitor,
      long session,
      String user,
      Random random) {
    Event.Page page =
        new Event.Page(
            "example.com",
            path,
            "https://example.com" + path,
            "",
            "",
            "",
            SOURCES[(int) (session % SOURCES.length)],
            "",
            Event.Utm.NONE,
            "");
    Event.Client client =
        new Event.Client(
            "Firefox",
            "128",
            "Linux",
            "",
            random.nextInt(3) == 0 ? "mobile" : "desktop",
            "",
            "",
            random.nextBoolean() ? "DE" : "FR",
            "",
            "",
            "");
    String props =
        switch (random.nextInt(3)) {
          case 0 -> "{\"plan\":\"pro\"}";
          case 1 -> "{\"plan\":\"free\",\"n\":3}";
          default -> "{}";
        };
    return new Event(
        site,
        id,
        at,
        at,
        name,
        visitor,
        session,
        user,
        page,
        client,
        props,
        name.equals("purchase")
            ? new Event.Revenue(new BigDecimal("9.9900"), "EUR")
            : Event.Revenue.NONE);
  }

  private static List<Goal> goals(String site) {
    return List.of(
        new Goal(
            "g-checkout-" + site,
            site,
            "Checkout",
            Goal.Kind.PAGEVIEW,
            "/checkout",
            "",
            "",
            "",
            T0),
        new Goal(
            "g-pro-" + site,
            site,
            "Bought pro",
            Goal.Kind.EVENT,
            "",
            "purchase",
            "plan",
            "pro",
            T0));
  }

  // ------------------------------------------------------------------------------- steps

  private static EventMatch step(Random random) {
    EventMatch base =
        switch (random.nextInt(6)) {
          case 0, 1 -> named(NAMES[random.nextInt(NAMES.length)]);
          case 2 -> page(random.nextBoolean() ? "/blog/*" : PATHS[random.nextInt(PATHS.length)]);
          case 3 -> goal(random.nextBoolean() ? "Checkout" : "Bought pro");
          case 4 -> page("/**");
          default -> named(Event.PAGEVIEW);
        };
    if (random.nextInt(3) != 0) {
      return base;
    }
    List<Filter> filters = new ArrayList<>(base.filters());
    filters.add(
        switch (random.nextInt(4)) {
          case 0 -> filter(Filter.Op.IS, Dimension.property("plan"), "pro");
          case 1 -> filter(Filter.Op.IS_NOT, Dimension.of(Dimension.Kind.COUNTRY), "FR");
          case 2 -> filter(Filter.Op.CONTAINS, Dimension.of(Dimension.Kind.DEVICE), "mob");
          default -> filter(Filter.Op.IS, Dimension.property("plan"), Filter.NONE);
        });
    return new EventMatch(base.label() + "+", filters);
  }

  private static EventMatch named(String name) {
    return new EventMatch(
        name, List.of(filter(Filter.Op.IS, Dimension.of(Dimension.Kind.NAME), name)));
  }

  private static EventMatch page(String pattern) {
    return new EventMatch(
        pattern,
        List.of(
            filter(Filter.Op.IS, Dimension.of(Dimension.Kind.NAME), Event.PAGEVIEW),
            filter(Filter.Op.MATCHES, Dimension.of(Dimension.Kind.PAGE), Goal.pathRegex(pattern))));
  }

  private static EventMatch goal(String name) {
    return new EventMatch(
        name, List.of(filter(Filter.Op.IS, Dimension.of(Dimension.Kind.GOAL), name)));
  }

  private static Filter filter(Filter.Op op, Dimension d, String value) {
    return new Filter(op, d, false, List.of(value));
  }
}
