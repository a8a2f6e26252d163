package io.footfall.core.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.footfall.core.Event;
import io.footfall.core.EventStore;
import io.footfall.core.Goal;
import io.footfall.core.TestEvents;
import io.footfall.core.WriteBatch;
import io.footfall.core.people.CohortOracle;
import io.footfall.core.people.EventMatch;
import io.footfall.core.people.PersonUpdate;
import io.footfall.core.people.PropertyChange;
import io.footfall.core.people.Segment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Reports filtered by a segment (docs/metrics.md, "Cohorts"): every store answers a random report
 * query over a random cohort's members exactly as {@link ReportOracle} answers it over the events
 * {@link CohortOracle} says are the members' (their user ids' and their linked visitors'). The
 * report traffic gets people: some visitors' events carry a user id, some visitors are linked to a
 * user afterwards, some users have a plan, the rest stay cookieless.
 */
public abstract class SegmentReportContract<S extends EventStore> {
  private static final int VISITORS_PER_SITE = 250;
  private static final int QUERIES_PER_SITE = 40;

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

  @TestFactory
  Stream<DynamicTest> reportsOfASegmentCountItsMembersEventsOnly() {
    List<ReportTraffic.SiteTraffic> sites =
        ReportTraffic.generate(ReportContract.SEED, VISITORS_PER_SITE);
    CohortOracle cohorts = new CohortOracle();
    List<Event> all = new ArrayList<>();
    List<PersonUpdate> updates = new ArrayList<>();
    for (ReportTraffic.SiteTraffic site : sites) {
      List<Event> events = new ArrayList<>();
      Map<Long, Boolean> linked = new HashMap<>();
      for (Event e : site.events()) {
        long v = e.visitorId();
        String user = "user-" + Math.floorMod(v, 25);
        int kind = Math.floorMod(v * 31, 10);
        if (kind < 3) {
          e = TestEvents.withUser(e, user);
        } else if (kind == 3 && linked.putIfAbsent(v, true) == null) {
          // A consented visitor identified an hour after its first event: its events join the user.
          updates.add(
              new PersonUpdate(
                  site.siteId(),
                  user,
                  e.timestamp().plus(Duration.ofHours(1)),
                  "link-" + v,
                  v,
                  List.of()));
        }
        events.add(e);
      }
      for (int k = 0; k < 25; k++) {
        updates.add(
            new PersonUpdate(
                site.siteId(),
                "user-" + k,
                site.firstDay().plus(Duration.ofHours(k)),
                "plan-" + k,
                0,
                List.of(PropertyChange.set("plan", k % 3 == 0 ? "\"pro\"" : "\"free\""))));
      }
      all.addAll(events);
    }
    store.write(new WriteBatch(all, List.of(), updates));
    cohorts.written(all, updates);

    List<DynamicTest> tests = new ArrayList<>();
    int nonEmpty = 0;
    for (ReportTraffic.SiteTraffic site : sites) {
      Random random = new Random(ReportContract.SEED + site.siteId().hashCode() * 7L);
      ReportQueries queries = new ReportQueries(site, random);
      for (int i = 0; i < QUERIES_PER_SITE; i++) {
        ReportQuery q = queries.next();
        Segment s = segment(site, q.to(), random);
        List<Event> members = cohorts.eventsOfMembers(s);
        nonEmpty += members.isEmpty() ? 0 : 1;
        tests.add(
            DynamicTest.dynamicTest(
                site.siteId() + " #" + i + ": " + ReportText.describe(q) + " of " + s.conditions(),
                () -> assertMatchesOracle(members, q, s)));
      }
    }
    assertThat(nonEmpty).as("segments with members' events").isGreaterThan(tests.size() / 2);
    return tests.stream();
  }

  private static Segment segment(ReportTraffic.SiteTraffic site, Instant at, Random random) {
    List<Goal> goals = site.goals();
    Segment.Condition c =
        switch (random.nextInt(6)) {
          case 0 ->
              new Segment.Performed(
                  step(Dimension.Kind.NAME, Event.PAGEVIEW), 1 + random.nextInt(5), 30);
          case 1 ->
              new Segment.Performed(
                  step(Dimension.Kind.GOAL, goals.get(random.nextInt(goals.size())).name()),
                  1,
                  1 + random.nextInt(60));
          case 2 -> new Segment.NotPerformed(step(Dimension.Kind.NAME, "purchase"), 30);
          case 3 -> new Segment.PersonProperty("plan", Segment.TextOp.IS, List.of("pro"));
          case 4 -> new Segment.FirstSource(List.of("Google", "(none)"));
          default ->
              new Segment.UserIds(
                  List.of("user-" + random.nextInt(25), "user-" + random.nextInt(25)));
        };
    return new Segment(site.siteId(), List.of(c), at, site.zone(), goals);
  }

  private static EventMatch step(Dimension.Kind kind, String value) {
    return new EventMatch(
        value, List.of(new Filter(Filter.Op.IS, Dimension.of(kind), false, List.of(value))));
  }

  private void assertMatchesOracle(List<Event> events, ReportQuery query, Segment s) {
    Report expected = ReportOracle.report(events, query);
    Report actual = store.report(query, Optional.of(s));
    if (!expected.equals(actual)) {
      fail(
          "the store's report of the segment differs from the oracle's for\n  "
              + ReportText.describe(query)
              + "\n  of "
              + s.conditions()
              + "\nexpected (oracle):\n"
              + ReportText.render(expected)
              + "actual (store):\n"
              + ReportText.render(actual)
              + ReportText.firstDifference(expected, actual));
    }
  }
}
