package io.footfall.core.people;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.core.Event;
import io.footfall.core.EventStore;
import io.footfall.core.Goal;
import io.footfall.core.TestEvents;
import io.footfall.core.WriteBatch;
import io.footfall.core.query.Dimension;
import io.footfall.core.query.Filter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The paths contract every event store passes: sequences in time then event id order, repeats
 * collapsed, the first anchor of a visit, start and end, the step limit, page views or all events,
 * sites apart. A randomized part checks over 300 queries against {@link PathsOracle}.
 */
public abstract class PathsContract<S extends EventStore> {
  private static final Instant T0 = Instant.parse("2026-05-04T10:00:00Z");
  private static final String[] PAGES = {"/", "/pricing", "/blog/a", "/blog/b", "/docs", ""};
  private static final String[] NAMES = {"signup", "click", "purchase"};
  private static final String[] COUNTRIES = {"DE", "FR", ""};
  private static final List<Goal> GOALS =
      List.of(
          new Goal("g1", "r1", "Blog", Goal.Kind.PAGEVIEW, "/blog/*", "", "", "", T0),
          new Goal("g2", "r1", "ProSignup", Goal.Kind.EVENT, "", "signup", "plan", "pro", T0));

  protected S store;
  private final PathsOracle oracle = new PathsOracle();
  private int ids;

  protected abstract S openStore();

  @BeforeEach
  void open() {
    store = openStore();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void write(List<Event> events) {
    store.write(new WriteBatch(events, List.of(), List.of()));
    oracle.written(events);
  }

  private Event event(
      String site,
      String name,
      String path,
      Instant at,
      long session,
      String country,
      String plan) {
    Event base =
        TestEvents.event(site, String.format("p%06d", ids++), name, at, session / 10, session);
    Event.Page p = base.page();
    Event.Client c = base.client();
    return new Event(
        site,
        base.eventId(),
        at,
        at,
        name,
        base.visitorId(),
        session,
        "",
        new Event.Page(
            p.hostname(),
            path,
            "https://example.com" + path,
            p.title(),
            p.referrer(),
            p.referrerHost(),
            p.source(),
            p.medium(),
            p.utm(),
            p.clickId()),
        new Event.Client(
            c.browser(),
            c.browserVersion(),
            c.os(),
            c.osVersion(),
            c.device(),
            c.screen(),
            c.locale(),
            country,
            c.region(),
            c.city(),
            c.network()),
        plan.isEmpty() ? "{}" : "{\"plan\":\"" + plan + "\"}",
        Event.Revenue.NONE);
  }

  private Event page(String site, String path, Instant at, long session) {
    return event(site, Event.PAGEVIEW, path, at, session, "DE", "");
  }

  private static EventMatch pageStep(String pattern) {
    return new EventMatch(
        pattern,
        List.of(
            new Filter(
                Filter.Op.IS, Dimension.of(Dimension.Kind.NAME), false, List.of(Event.PAGEVIEW)),
            new Filter(
                Filter.Op.MATCHES,
                Dimension.of(Dimension.Kind.PAGE),
                false,
                List.of(Goal.pathRegex(pattern)))));
  }

  private static EventMatch eventStep(String name) {
    return new EventMatch(
        name,
        List.of(new Filter(Filter.Op.IS, Dimension.of(Dimension.Kind.NAME), false, List.of(name))));
  }

  private static PathsQuery query(
      String site, PathsQuery.Direction direction, EventMatch anchor, int steps, boolean all) {
    return new PathsQuery(
        site,
        T0.minus(Duration.ofDays(1)),
        T0.plus(Duration.ofDays(30)),
        direction,
        anchor,
        steps,
        all ? PathsQuery.StepEvents.ALL : PathsQuery.StepEvents.PAGEVIEWS,
        100,
        GOALS);
  }

  @Test
  void collapsesRepeatsAndStartsAtTheFirstAnchorInTimeThenEventIdOrder() {
    Instant t = T0;
    write(
        List.of(
            page("s1", "/b", t.plusSeconds(1), 1),
            page("s1", "/pricing", t.plusSeconds(2), 1),
            page("s1", "/pricing", t.plusSeconds(3), 1),
            event("s1", "signup", "/pricing", t.plusSeconds(4), 1, "DE", ""),
            page("s1", "/docs", t.plusSeconds(5), 1),
            page("s1", "/pricing", t.plusSeconds(6), 1),
            page("s1", "/a", t.plusSeconds(7), 1),
            // Same instant: the event id orders (p000007 before p000008).
            page("s1", "/x", t.plusSeconds(10), 2),
            page("s1", "/pricing", t.plusSeconds(10), 2),
            page("s2", "/pricing", t.plusSeconds(1), 3),
            page("s2", "/other", t.plusSeconds(2), 3)));

    PathsResult start =
        store
            .paths()
            .paths(query("s1", PathsQuery.Direction.START, pageStep("/pricing"), 3, false));
    assertThat(start.paths())
        .containsExactly(
            new PathsResult.PathCount(List.of("/pricing"), 1),
            new PathsResult.PathCount(List.of("/pricing", "/docs", "/pricing"), 1));
    assertThat(start.visits()).isEqualTo(2);
    assertThat(start.positions())
        .containsExactly(
            new PathsResult.PositionCount(1, 2, 0),
            new PathsResult.PositionCount(2, 1, 1),
            new PathsResult.PositionCount(3, 1, 0));

    PathsResult all =
        store.paths().paths(query("s1", PathsQuery.Direction.START, pageStep("/pricing"), 4, true));
    assertThat(all.paths().getLast().steps())
        .containsExactly("/pricing", "signup", "/docs", "/pricing");

    PathsResult end =
        store.paths().paths(query("s1", PathsQuery.Direction.END, pageStep("/pricing"), 2, false));
    assertThat(end.paths())
        .containsExactly(
            new PathsResult.PathCount(List.of("/b", "/pricing"), 1),
            new PathsResult.PathCount(List.of("/x", "/pricing"), 1));
    assertThat(end.edges())
        .containsExactly(
            new PathsResult.Edge(2, "/b", 1, "/pricing", 1),
            new PathsResult.Edge(2, "/x", 1, "/pricing", 1));
    assertThat(
            store
                .paths()
                .paths(query("s2", PathsQuery.Direction.START, pageStep("/pricing"), 2, false))
                .paths())
        .containsExactly(new PathsResult.PathCount(List.of("/pricing", "/other"), 1));
    assertThat(
            store
                .paths()
                .paths(query("s1", PathsQuery.Direction.START, eventStep("signup"), 2, false))
                .visits())
        .as("with page views as steps, a custom event anchors nothing")
        .isZero();
  }

  /** A path may hold any character (the collector decodes %00): names come back as stored. */
  @Test
  void keepsNamesWithNulBackslashAndQuotes() {
    String odd = "/a\u0000b\\0c'd\"e\tf";
    write(
        List.of(
            page("s1", "/start", T0, 1),
            page("s1", odd, T0.plusSeconds(1), 1),
            event("s1", "a\\b", "/", T0.plusSeconds(2), 1, "DE", ""),
            page("s1", "/start", T0, 2),
            page("s1", "/a", T0.plusSeconds(1), 2),
            page("s1", "b\\0c'd\"e\tf", T0.plusSeconds(2), 2)));
    PathsQuery q = query("s1", PathsQuery.Direction.START, pageStep("/start"), 4, true);
    PathsResult r = store.paths().paths(q);
    assertThat(r.paths())
        .extracting(PathsResult.PathCount::steps)
        .containsExactlyInAnyOrder(
            List.of("/start", odd, "a\\b"), List.of("/start", "/a", "b\\0c'd\"e\tf"));
    assertThat(r).isEqualTo(oracle.paths(q));
  }

  /** Random visits over several days in several batches; every answer against the oracle. */
  @Test
  void agreesWithTheOracleOnRandomVisits() {
    Random random = new Random(20261207L);
    String[] sites = {"r1", "r2"};
    long session = 1;
    for (int batch = 0; batch < 4; batch++) {
      List<Event> events = new ArrayList<>();
      for (int v = 0; v < 90; v++) {
        String site = sites[random.nextInt(sites.length)];
        String country = COUNTRIES[random.nextInt(COUNTRIES.length)];
        Instant at = T0.plus(Duration.ofMinutes(random.nextInt(6 * 24 * 60)));
        int n = 1 + random.nextInt(14);
        for (int i = 0; i < n; i++) {
          // A coarse clock: many events of a visit share an instant.
          at = at.plusSeconds(random.nextInt(3) * 30L);
          boolean view = random.nextInt(3) != 0;
          String plan = random.nextInt(3) == 0 ? "" : (random.nextBoolean() ? "pro" : "free");
          Event e =
              event(
                  site,
                  view ? Event.PAGEVIEW : NAMES[random.nextInt(NAMES.length)],
                  PAGES[random.nextInt(PAGES.length)],
                  at,
                  session,
                  country,
                  plan);
          // Some visitors are users, for the paths of a cohort's members.
          long visitor = e.visitorId();
          events.add(visitor % 3 == 0 ? TestEvents.withUser(e, "user-" + visitor % 7) : e);
        }
        session++;
      }
      write(events);
    }

    int queries = 0;
    int nonEmpty = 0;
    int segmented = 0;
    for (int q = 0; q < 320; q++) {
      String site = sites[random.nextInt(sites.length)];
      Instant from = T0.plus(Duration.ofHours(random.nextInt(5 * 24) - 24));
      Instant to = from.plus(Duration.ofHours(1 + random.nextInt(4 * 24)));
      PathsQuery query =
          new PathsQuery(
              site,
              from,
              to,
              random.nextBoolean() ? PathsQuery.Direction.START : PathsQuery.Direction.END,
              anchor(random),
              2 + random.nextInt(9),
              random.nextBoolean() ? PathsQuery.StepEvents.ALL : PathsQuery.StepEvents.PAGEVIEWS,
              1 + random.nextInt(random.nextBoolean() ? 5 : 200),
              GOALS);
      if (random.nextInt(4) == 0) {
        List<String> ids = new ArrayList<>();
        for (int k = 1 + random.nextInt(4); k > 0; k--) {
          ids.add("user-" + random.nextInt(7));
        }
        Segment.Condition c =
            random.nextBoolean()
                ? new Segment.UserIds(ids)
                : new Segment.Performed(anchor(random), 1, 1 + random.nextInt(5));
        query = query.withSegment(new Segment(site, List.of(c), to, ZoneOffset.UTC, GOALS));
        segmented++;
      }
      PathsResult expected = oracle.paths(query);
      PathsResult actual = store.paths().paths(query);
      assertThat(actual).as("%s", query).isEqualTo(expected);
      queries++;
      if (expected.visits() > 0) {
        nonEmpty++;
      }
    }
    assertThat(queries).isGreaterThanOrEqualTo(300);
    assertThat(nonEmpty).as("queries with some path").isGreaterThan(200);
    assertThat(segmented).as("paths of a cohort's members").isGreaterThan(50);
  }

  private static EventMatch anchor(Random random) {
    EventMatch base =
        switch (random.nextInt(6)) {
          case 0 -> pageStep("/pricing");
          case 1 -> pageStep("/blog/*");
          case 2 -> pageStep("/**");
          case 3 -> eventStep(NAMES[random.nextInt(NAMES.length)]);
          case 4 ->
              new EventMatch(
                  "Blog",
                  List.of(
                      new Filter(
                          Filter.Op.IS,
                          Dimension.of(Dimension.Kind.GOAL),
                          false,
                          List.of("Blog"))));
          default ->
              new EventMatch(
                  "ProSignup",
                  List.of(
                      new Filter(
                          Filter.Op.IS,
                          Dimension.of(Dimension.Kind.GOAL),
                          false,
                          List.of("ProSignup"))));
        };
    List<Filter> filters = new ArrayList<>(base.filters());
    switch (random.nextInt(6)) {
      case 0 ->
          filters.add(
              new Filter(
                  Filter.Op.IS, Dimension.of(Dimension.Kind.COUNTRY), false, List.of("DE", "FR")));
      case 1 ->
          filters.add(
              new Filter(
                  Filter.Op.IS_NOT, Dimension.of(Dimension.Kind.COUNTRY), false, List.of("FR")));
      case 2 ->
          filters.add(
              new Filter(Filter.Op.CONTAINS, Dimension.property("plan"), false, List.of("r")));
      case 3 ->
          filters.add(
              new Filter(
                  Filter.Op.DOES_NOT_CONTAIN,
                  Dimension.of(Dimension.Kind.PAGE),
                  false,
                  List.of("blog")));
      default -> {}
    }
    return new EventMatch(base.label(), filters);
  }
}
