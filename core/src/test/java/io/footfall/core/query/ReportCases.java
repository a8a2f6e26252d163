package io.footfall.core.query;

import io.footfall.core.Event;
import io.footfall.core.Goal;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Small traffic that pins one tricky definition of docs/metrics.md each, with the answer worked out
 * by hand from the definition (the comments show the arithmetic). {@code ReportOracleTest} holds
 * the oracle to these answers, {@link ReportContract} every store.
 *
 * <p>Times are written with their offset: {@code 2026-03-29T03:00:00+02:00} is 3 a.m. in Berlin
 * just after the spring change. The site is {@value #SITE} in Berlin with the currency EUR unless a
 * case says otherwise.
 */
final class ReportCases {
  static final String SITE = "s1";
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

  /** The goals of {@value #SITE}. */
  static final List<Goal> GOALS =
      List.of(
          pageGoal("g1", "Blog", "/blog/*"),
          pageGoal("g2", "Blog deep", "/blog/**"),
          pageGoal("g3", "Docs", "/docs"),
          pageGoal("g4", "Files", "/files/*.pdf"),
          new Goal("g5", SITE, "Signup", Goal.Kind.EVENT, "", "signup", "", "", CREATED),
          new Goal(
              "g6",
              SITE,
              "Flagged download",
              Goal.Kind.EVENT,
              "",
              "download",
              "flag",
              "true",
              CREATED));

  /** A case: the events to store (of any site), the query, and its answer. */
  record Case(String name, List<Event> events, ReportQuery query, Report expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  private ReportCases() {}

  /** Every case, those that the engine gets wrong today included. */
  static List<Case> all() {
    return List.of(
        bounceIsALonePageview(),
        oneEventVisitsLastZeroAndTheMeanRoundsHalfUp(),
        theRangeCutsVisits(),
        aVisitAcrossMidnightCountsWholeInEachDay(),
        aVisitAcrossMidnightIsOneVisit(),
        springDstDayBuckets(),
        springDstHourBuckets(),
        autumnDstDayBuckets(),
        autumnDstRepeatedHourIsOneBucket(),
        newYorkRepeatedHourIsOneBucket(),
        halfHourZoneBuckets(),
        weeksStartOnMonday(),
        monthBuckets(),
        entryAndExitPageTies(),
        eventLevelPageFilterKeepsEvents(),
        visitLevelPageFilterKeepsWholeVisits(),
        negatedVisitLevelFilterKeepsVisitsWithoutAMatch(),
        negatedEventLevelFilterKeepsOtherEvents(),
        goalWildcards(),
        goalPropertyIsComparedAsText(),
        conversionRateDividesByVisitorsWithoutGoalFilters(),
        revenueInAnotherCurrencyIsLeftOut(),
        propertyAggregatesAndPercentiles(),
        propertyAverageRoundsHalfUpOnce(),
        percentilesAreExact(),
        nonDecimalStringsAreNotNumbers(),
        absentValuesAreNone(),
        noneFiltersAbsentValues(),
        anotherSitesEventsAreNeverSeen(),
        anEmptyAggregateIsOneRow(),
        nullsComeLastDescending(),
        nullsComeLastAscending(),
        ordersByTheExactValue(),
        tiesBreakByTheDimensionsInQueryOrder(),
        ordersByADimensionDescending(),
        conversionRateWithoutConversionsIsZero(),
        visitMetricsOnlyAggregate(),
        quotesAndDotsAreJustCharacters(),
        // Cases that found engine bugs (regressions now).
        conversionRateWithVisitLevelGoalFilter(),
        noneIsMatchedByContainsAndMatches(),
        negatedGoalFilterKeepsEventsWithoutTheProperty(),
        durationKeepsMicroseconds(),
        equalAveragesAreTies());
  }

  // ------------------------------------------------------------------------------- visits

  static Case bounceIsALonePageview() {
    Traffic t = new Traffic();
    t.visit(1, 1).pageview("2026-03-10T10:00:00Z", "/");
    t.visit(2, 2).event("2026-03-10T10:00:00Z", "signup", "/", "{}");
    t.visit(3, 3)
        .pageview("2026-03-10T10:00:00Z", "/")
        .pageview("2026-03-10T10:01:00Z", "/pricing");
    t.visit(4, 4)
        .pageview("2026-03-10T10:00:00Z", "/")
        .event("2026-03-10T10:02:00Z", "signup", "/", "{}");
    // One of four visits is exactly one page view; (1 + 0 + 2 + 1) / 4 = 1 page view per visit.
    return new Case(
        "bounce is a visit of one page view and nothing else",
        t.events,
        day().metrics("visits", "bounce_rate", "views_per_visit", "pageviews", "events").build(),
        report(1, row(List.of(), 4L, d("25.0"), d("1.00"), 4L, 6L)));
  }

  static Case oneEventVisitsLastZeroAndTheMeanRoundsHalfUp() {
    Traffic t = new Traffic();
    t.visit(1, 1).pageview("2026-03-10T10:00:00Z", "/");
    t.visit(2, 2)
        .pageview("2026-03-10T10:00:00Z", "/")
        .event("2026-03-10T10:01:01Z", "signup", "/", "{}");
    // (0 + 61) / 2 = 30.5 seconds, half-up to 31.
    return new Case(
        "a one-event visit lasts 0 s; the mean duration rounds half-up",
        t.events,
        day().metrics("visits", "visit_duration").build(),
        report(1, row(List.of(), 2L, 31L)));
  }

  static Case theRangeCutsVisits() {
    Traffic t = new Traffic();
    t.visit(1, 1)
        .pageview("2026-03-10T09:50:00Z", "/a")
        .pageview("2026-03-10T10:05:00Z", "/b")
        .pageview("2026-03-10T10:20:00Z", "/c");
    t.visit(2, 2).pageview("2026-03-10T10:55:00Z", "/x").pageview("2026-03-10T11:05:00Z", "/y");
    // Inside [10:00, 11:00): visit 1 is /b, /c (15 minutes), visit 2 only /x: a bounce there.
    return new Case(
        "the range cuts visits: entry page, duration and bounce see only its events",
        t.events,
        range("2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z")
            .metrics("visits", "pageviews", "visit_duration", "bounce_rate")
            .dims("visit:entry_page")
            .build(),
        report(
            2,
            row(List.of("/b"), 1L, 2L, 900L, d("0.0")),
            row(List.of("/x"), 1L, 1L, 0L, d("100.0"))));
  }

  private static Traffic acrossMidnight() {
    Traffic t = new Traffic();
    t.visit(1, 1)
        .pageview("2026-03-10T23:50:00+01:00", "/a")
        .pageview("2026-03-11T00:10:00+01:00", "/b");
    return t;
  }

  static Case aVisitAcrossMidnightCountsWholeInEachDay() {
    // Each day's row is the aggregate with its events; visit metrics see the whole visit in range.
    return new Case(
        "a visit across midnight counts in both days, with its whole duration",
        acrossMidnight().events,
        range("2026-03-10T00:00:00+01:00", "2026-03-12T00:00:00+01:00")
            .metrics("visits", "pageviews", "visit_duration")
            .dims("time:day")
            .build(),
        report(
            2,
            row(List.of("2026-03-10T00:00:00"), 1L, 1L, 1200L),
            row(List.of("2026-03-11T00:00:00"), 1L, 1L, 1200L)));
  }

  static Case aVisitAcrossMidnightIsOneVisit() {
    return new Case(
        "a visit across midnight is one visit",
        acrossMidnight().events,
        range("2026-03-10T00:00:00+01:00", "2026-03-12T00:00:00+01:00")
            .metrics("visitors", "visits", "pageviews", "visit_duration", "bounce_rate")
            .build(),
        report(1, row(List.of(), 1L, 1L, 2L, 1200L, d("0.0"))));
  }

  // ------------------------------------------------------------------------------- time

  /** One page view per visitor at each time. */
  private static Traffic lonePageviews(String... times) {
    Traffic t = new Traffic();
    for (int i = 0; i < times.length; i++) {
      t.visit(i + 1, i + 1).pageview(times[i], "/");
    }
    return t;
  }

  private static Traffic springChange() {
    return lonePageviews(
        "2026-03-28T23:59:59.999+01:00",
        "2026-03-29T00:00:00+01:00",
        "2026-03-29T01:59:59.999+01:00",
        "2026-03-29T03:00:00+02:00",
        "2026-03-29T23:59:59.999+02:00",
        "2026-03-30T00:00:00+02:00");
  }

  static Case springDstDayBuckets() {
    return new Case(
        "the spring DST day is one bucket of 23 hours",
        springChange().events,
        range("2026-03-28T00:00:00+01:00", "2026-03-31T00:00:00+02:00")
            .metrics("pageviews")
            .dims("time:day")
            .build(),
        report(
            3,
            row(List.of("2026-03-28T00:00:00"), 1L),
            row(List.of("2026-03-29T00:00:00"), 4L),
            row(List.of("2026-03-30T00:00:00"), 1L)));
  }

  static Case springDstHourBuckets() {
    return new Case(
        "the spring DST day has no 02:00 hour",
        springChange().events,
        range("2026-03-29T00:00:00+01:00", "2026-03-30T00:00:00+02:00")
            .metrics("pageviews")
            .dims("time:hour")
            .build(),
        report(
            4,
            row(List.of("2026-03-29T00:00:00"), 1L),
            row(List.of("2026-03-29T01:00:00"), 1L),
            row(List.of("2026-03-29T03:00:00"), 1L),
            row(List.of("2026-03-29T23:00:00"), 1L)));
  }

  private static Traffic autumnChange() {
    return lonePageviews(
        "2026-10-24T23:59:59.999+02:00",
        "2026-10-25T00:00:00+02:00",
        "2026-10-25T01:59:59.999+02:00",
        "2026-10-25T02:00:00+02:00",
        "2026-10-25T02:30:00+02:00",
        "2026-10-25T02:30:00+01:00",
        "2026-10-25T02:59:59.999+01:00",
        "2026-10-25T03:00:00+01:00",
        "2026-10-25T23:59:59.999+01:00",
        "2026-10-26T00:00:00+01:00");
  }

  static Case autumnDstDayBuckets() {
    return new Case(
        "the autumn DST day is one bucket of 25 hours",
        autumnChange().events,
        range("2026-10-24T00:00:00+02:00", "2026-10-27T00:00:00+01:00")
            .metrics("pageviews")
            .dims("time:day")
            .build(),
        report(
            3,
            row(List.of("2026-10-24T00:00:00"), 1L),
            row(List.of("2026-10-25T00:00:00"), 8L),
            row(List.of("2026-10-26T00:00:00"), 1L)));
  }

  static Case autumnDstRepeatedHourIsOneBucket() {
    return new Case(
        "the repeated autumn hour is one bucket of two hours",
        autumnChange().events,
        range("2026-10-25T00:00:00+02:00", "2026-10-26T00:00:00+01:00")
            .metrics("pageviews")
            .dims("time:hour")
            .build(),
        report(
            5,
            row(List.of("2026-10-25T00:00:00"), 1L),
            row(List.of("2026-10-25T01:00:00"), 1L),
            row(List.of("2026-10-25T02:00:00"), 4L),
            row(List.of("2026-10-25T03:00:00"), 1L),
            row(List.of("2026-10-25T23:00:00"), 1L)));
  }

  static Case newYorkRepeatedHourIsOneBucket() {
    Traffic t =
        lonePageviews(
            "2026-11-01T00:59:59.999-04:00",
            "2026-11-01T01:30:00-04:00",
            "2026-11-01T01:30:00-05:00",
            "2026-11-01T02:00:00-05:00");
    return new Case(
        "New York's repeated autumn hour is one bucket",
        t.events,
        range("2026-11-01T00:00:00-04:00", "2026-11-02T00:00:00-05:00")
            .zone(ZoneId.of("America/New_York"))
            .metrics("pageviews")
            .dims("time:hour")
            .build(),
        report(
            3,
            row(List.of("2026-11-01T00:00:00"), 1L),
            row(List.of("2026-11-01T01:00:00"), 2L),
            row(List.of("2026-11-01T02:00:00"), 1L)));
  }

  static Case halfHourZoneBuckets() {
    Traffic t =
        lonePageviews(
            "2026-03-10T17:29:59.999Z",
            "2026-03-10T17:30:00Z",
            "2026-03-10T18:29:59.999Z",
            "2026-03-10T18:30:00Z");
    // +05:30: 22:59:59.999, 23:00, 23:59:59.999, and midnight of the 11th.
    return new Case(
        "hours of a +05:30 zone start at half past in UTC",
        t.events,
        range("2026-03-10T00:00:00+05:30", "2026-03-12T00:00:00+05:30")
            .zone(ZoneId.of("Asia/Kolkata"))
            .metrics("pageviews")
            .dims("time:hour")
            .build(),
        report(
            3,
            row(List.of("2026-03-10T22:00:00"), 1L),
            row(List.of("2026-03-10T23:00:00"), 2L),
            row(List.of("2026-03-11T00:00:00"), 1L)));
  }

  private static Traffic aroundAMonday() {
    // Monday the 23rd, Sunday the 29th (the spring change), Monday the 30th, Wednesday 1 April.
    return lonePageviews(
        "2026-03-23T00:00:00+01:00",
        "2026-03-29T23:59:59.999+02:00",
        "2026-03-30T00:00:00+02:00",
        "2026-04-01T12:00:00+02:00");
  }

  static Case weeksStartOnMonday() {
    return new Case(
        "weeks start on Monday",
        aroundAMonday().events,
        range("2026-03-16T00:00:00+01:00", "2026-04-06T00:00:00+02:00")
            .metrics("pageviews")
            .dims("time:week")
            .build(),
        report(
            2, row(List.of("2026-03-23T00:00:00"), 2L), row(List.of("2026-03-30T00:00:00"), 2L)));
  }

  static Case monthBuckets() {
    return new Case(
        "months start on the 1st, local time",
        aroundAMonday().events,
        range("2026-03-16T00:00:00+01:00", "2026-04-06T00:00:00+02:00")
            .metrics("pageviews")
            .dims("time:month")
            .build(),
        report(
            2, row(List.of("2026-03-01T00:00:00"), 3L), row(List.of("2026-04-01T00:00:00"), 1L)));
  }

  // -------------------------------------------------------------------------------- pages

  static Case entryAndExitPageTies() {
    Traffic t = new Traffic();
    t.visit(1, 1)
        .pageview("2026-03-10T10:00:00Z", "/b")
        .pageview("2026-03-10T10:00:00Z", "/a")
        .pageview("2026-03-10T10:01:00Z", "/m")
        .pageview("2026-03-10T10:02:00Z", "/d")
        .pageview("2026-03-10T10:02:00Z", "/c");
    t.visit(2, 2).event("2026-03-10T10:00:00Z", "signup", "/signup", "{}");
    // Ties at the same instant: the smaller path enters, the larger exits. No page view: (none).
    return new Case(
        "entry and exit pages: ties go to the smaller and the larger path",
        t.events,
        day().metrics("visits", "pageviews").dims("visit:entry_page", "visit:exit_page").build(),
        report(2, row(List.of("(none)", "(none)"), 1L, 0L), row(List.of("/a", "/d"), 1L, 5L)));
  }

  private static Traffic pricingVisits() {
    Traffic t = new Traffic();
    t.visit(1, 1)
        .pageview("2026-03-10T10:00:00Z", "/pricing")
        .pageview("2026-03-10T10:01:00Z", "/")
        .pageview("2026-03-10T10:02:00Z", "/about");
    t.visit(2, 2).pageview("2026-03-10T10:00:00Z", "/");
    return t;
  }

  private static final String[] PAGE_METRICS = {
    "visitors", "visits", "pageviews", "views_per_visit", "bounce_rate"
  };

  static Case eventLevelPageFilterKeepsEvents() {
    // One /pricing view; its visit has 3 page views in all.
    return new Case(
        "event:page keeps the events on the page, visit metrics see their whole visits",
        pricingVisits().events,
        day().metrics(PAGE_METRICS).filter("is", "event:page", "/pricing").build(),
        report(1, row(List.of(), 1L, 1L, 1L, d("3.00"), d("0.0"))));
  }

  static Case visitLevelPageFilterKeepsWholeVisits() {
    return new Case(
        "visit:page keeps whole visits that viewed the page",
        pricingVisits().events,
        day().metrics(PAGE_METRICS).filter("is", "visit:page", "/pricing").build(),
        report(1, row(List.of(), 1L, 1L, 3L, d("3.00"), d("0.0"))));
  }

  static Case negatedVisitLevelFilterKeepsVisitsWithoutAMatch() {
    return new Case(
        "visit:page is_not keeps the visits that never viewed the page",
        pricingVisits().events,
        day().metrics(PAGE_METRICS).filter("is_not", "visit:page", "/pricing").build(),
        report(1, row(List.of(), 1L, 1L, 1L, d("1.00"), d("100.0"))));
  }

  static Case negatedEventLevelFilterKeepsOtherEvents() {
    // The other events: /, /about of visit 1 and / of visit 2; (3 + 1) / 2 page views per visit.
    return new Case(
        "event:page is_not keeps the other events",
        pricingVisits().events,
        day().metrics(PAGE_METRICS).filter("is_not", "event:page", "/pricing").build(),
        report(1, row(List.of(), 2L, 2L, 3L, d("2.00"), d("50.0"))));
  }

  // -------------------------------------------------------------------------------- goals

  static Case goalWildcards() {
    Traffic t = new Traffic();
    String[] paths = {
      "/blog/a",
      "/blog/a/b",
      "/blog",
      "/blog/",
      "/docs",
      "/docs/x",
      "/files/a.pdf",
      "/files/apdf",
      "/files/a/b.pdf"
    };
    for (int i = 0; i < paths.length; i++) {
      t.visit(i + 1, i + 1).pageview("2026-03-10T10:00:00Z", paths[i]);
    }
    t.visit(99, 99).event("2026-03-10T10:00:00Z", "signup", "/blog/a", "{}");
    // /blog/* : /blog/a, /blog/            /blog/** : /blog/a, /blog/a/b, /blog/
    // /docs   : /docs                      /files/*.pdf : /files/a.pdf    signup: 1 (not a view)
    return new Case(
        "goal patterns: * stops at '/', ** does not, '.' is literal; two goals, two rows",
        t.events,
        day().metrics("conversions", "visitors").dims("event:goal").build(),
        report(
            5,
            row(List.of("Blog deep"), 3L, 3L),
            row(List.of("Blog"), 2L, 2L),
            row(List.of("Docs"), 1L, 1L),
            row(List.of("Files"), 1L, 1L),
            row(List.of("Signup"), 1L, 1L)));
  }

  private static Traffic downloads() {
    Traffic t = new Traffic();
    String[] flags = {"{\"flag\":true}", "{\"flag\":\"true\"}", "{\"flag\":false}", "{}"};
    for (int i = 0; i < flags.length; i++) {
      t.visit(i + 1, i + 1).event("2026-03-10T10:00:00Z", "download", "/files", flags[i]);
    }
    return t;
  }

  static Case goalPropertyIsComparedAsText() {
    // true and "true" both read as the text "true".
    return new Case(
        "a goal's property value is compared as text",
        downloads().events,
        day().metrics("conversions").dims("event:goal").build(),
        report(1, row(List.of("Flagged download"), 2L)));
  }

  static Case conversionRateDividesByVisitorsWithoutGoalFilters() {
    Traffic t = new Traffic();
    t.visit(1, 1)
        .source("Google")
        .pageview("2026-03-10T10:00:00Z", "/")
        .event("2026-03-10T10:01:00Z", "signup", "/", "{}");
    t.visit(2, 2).source("Google").pageview("2026-03-10T10:00:00Z", "/");
    t.visit(5, 5).source("Google").pageview("2026-03-10T10:00:00Z", "/");
    t.visit(3, 3).pageview("2026-03-10T10:00:00Z", "/pricing");
    t.visit(3, 4).event("2026-03-10T12:00:00Z", "signup", "/", "{}");
    t.visit(4, 6).pageview("2026-03-10T10:00:00Z", "/");
    // Google: 1 converted of 3 visitors; direct: 1 of 2.
    return new Case(
        "conversion rate: converted visitors of the row over the row's visitors without goal filters",
        t.events,
        day()
            .metrics("visitors", "conversions", "conversion_rate")
            .dims("visit:source")
            .filter("is", "event:goal", "Signup")
            .build(),
        report(
            2,
            row(List.of("(none)"), 1L, 1L, d("50.00")),
            row(List.of("Google"), 1L, 1L, d("33.33"))));
  }

  static Case conversionRateWithoutConversionsIsZero() {
    Traffic t = new Traffic();
    t.visit(1, 1).pageview("2026-03-10T10:00:00Z", "/");
    // Nobody converted; one visitor without the goal filter: 0 / 1.
    return new Case(
        "conversion rate of an aggregate without conversions is 0, not null",
        t.events,
        day()
            .metrics("visitors", "conversions", "conversion_rate")
            .filter("is", "event:goal", "Signup")
            .build(),
        report(1, row(List.of(), 0L, 0L, d("0.00"))));
  }

  // ------------------------------------------------------------------- money and properties

  static Case revenueInAnotherCurrencyIsLeftOut() {
    Traffic t = new Traffic();
    t.visit(1, 1)
        .purchase("2026-03-10T10:00:00Z", "10.00", "EUR")
        .purchase("2026-03-10T10:01:00Z", "0.01", "EUR")
        .purchase("2026-03-10T10:02:00Z", "100.00", "USD")
        .event("2026-03-10T10:03:00Z", "signup", "/", "{}");
    // 10.01 EUR in 2 orders: 5.005, half-up 5.01. The USD order is not converted, not counted.
    return new Case(
        "revenue in another currency is left out",
        t.events,
        day().metrics("revenue", "orders", "average_order_value", "events").build(),
        report(1, row(List.of(), d("10.01"), 2L, d("5.01"), 4L)));
  }

  private static Traffic withV(String... jsonValues) {
    Traffic t = new Traffic();
    for (int i = 0; i < jsonValues.length; i++) {
      String props = jsonValues[i] == null ? "{}" : "{\"v\":" + jsonValues[i] + "}";
      t.visit(i + 1, i + 1).event("2026-03-10T10:00:00Z", "download", "/files", props);
    }
    return t;
  }

  private static final String[] PROPERTY_METRICS = {
    "sum:v", "avg:v", "min:v", "max:v", "p50:v", "p95:v"
  };

  static Case propertyAggregatesAndPercentiles() {
    Traffic t = withV("1", "2", "3", "4", "\"10\"", "\"abc\"", "true", "\"2.50\"", null);
    // Numbers 1, 2, 2.5, 3, 4, 10: sum 22.5, mean 3.75; p50 at 2.5: 2.5 + 0.5 × 0.5 = 2.75;
    // p95 at 4.75: 4 + 0.75 × 6 = 8.5.
    return new Case(
        "property aggregates over numbers and numeric strings; percentiles interpolate",
        t.events,
        day().metrics(PROPERTY_METRICS).build(),
        report(
            1,
            row(
                List.of(),
                d("22.5000"),
                d("3.7500"),
                d("1.0000"),
                d("10.0000"),
                d("2.7500"),
                d("8.5000"))));
  }

  static Case propertyAverageRoundsHalfUpOnce() {
    Traffic t = withV("0.01", "0", "0", "0", "0", "0", "0", "0");
    // 0.01 / 8 = 0.00125, half-up 0.0013; p95 at 6.65: 0 + 0.65 × 0.01 = 0.0065.
    return new Case(
        "a property's mean is rounded half-up once, from the exact quotient",
        t.events,
        day().metrics(PROPERTY_METRICS).build(),
        report(
            1,
            row(
                List.of(),
                d("0.0100"),
                d("0.0013"),
                d("0.0000"),
                d("0.0100"),
                d("0.0000"),
                d("0.0065"))));
  }

  static Case nonDecimalStringsAreNotNumbers() {
    Traffic t =
        withV("7", "\"nan\"", "\"inf\"", "\"Infinity\"", "\"NaN\"", "\"12abc\"", "\"\"", "false");
    return new Case(
        "strings that are not decimal numbers are not numbers",
        t.events,
        day().metrics(PROPERTY_METRICS).build(),
        report(
            1,
            row(
                List.of(),
                d("7.0000"),
                d("7.0000"),
                d("7.0000"),
                d("7.0000"),
                d("7.0000"),
                d("7.0000"))));
  }

  private static Traffic plans() {
    Traffic t = new Traffic();
    t.visit(1, 1)
        .source("Google")
        .pageview("2026-03-10T10:00:00Z", "/")
        .event("2026-03-10T10:01:00Z", "signup", "/", "{\"plan\":\"pro\"}");
    t.visit(2, 2)
        .pageview("2026-03-10T10:00:00Z", "/")
        .event("2026-03-10T10:01:00Z", "signup", "/", "{}");
    return t;
  }

  static Case absentValuesAreNone() {
    return new Case(
        "absent values are reported as (none)",
        plans().events,
        day().metrics("events").dims("event:props:plan").build(),
        report(2, row(List.of("(none)"), 3L), row(List.of("pro"), 1L)));
  }

  static Case noneFiltersAbsentValues() {
    return new Case(
        "(none) in a filter stands for an absent value",
        plans().events,
        day().metrics("visits", "events").filter("is", "visit:source", "(none)").build(),
        report(1, row(List.of(), 1L, 2L)));
  }

  // ------------------------------------------------------------------------ sites and rows

  static Case anotherSitesEventsAreNeverSeen() {
    Traffic t = new Traffic();
    t.visit(1, 1).pageview("2026-03-10T10:00:00Z", "/");
    // Same visitor and session ids on another site, which would make the visit no bounce.
    t.visit("s2", 1, 1)
        .pageview("2026-03-10T10:01:00Z", "/x")
        .purchase("2026-03-10T10:02:00Z", "5.00", "EUR");
    t.visit("s2", 2, 2).pageview("2026-03-10T10:00:00Z", "/");
    return new Case(
        "a site's query never sees another site's events",
        t.events,
        day()
            .metrics(
                "visitors",
                "visits",
                "pageviews",
                "events",
                "bounce_rate",
                "visit_duration",
                "revenue")
            .dims("event:page")
            .build(),
        report(1, row(List.of("/"), 1L, 1L, 1L, 1L, d("100.0"), 0L, d("0.00"))));
  }

  static Case anEmptyAggregateIsOneRow() {
    Traffic t = new Traffic();
    t.visit(1, 1).pageview("2026-03-10T10:00:00Z", "/");
    return new Case(
        "an aggregate without events is one row: counts 0, undefined values null",
        t.events,
        range("2026-03-11T00:00:00+01:00", "2026-03-12T00:00:00+01:00")
            .metrics(
                "visitors",
                "visits",
                "pageviews",
                "events",
                "views_per_visit",
                "bounce_rate",
                "visit_duration",
                "revenue",
                "orders",
                "average_order_value",
                "sum:v",
                "p50:v")
            .build(),
        report(
            1, row(List.of(), 0L, 0L, 0L, 0L, null, null, null, d("0.00"), 0L, null, null, null)));
  }

  private static Traffic pagesWithV() {
    Traffic t = new Traffic();
    String[][] pages = {{"/a", "1"}, {"/b", null}, {"/c", "5"}, {"/d", "\"x\""}};
    for (int i = 0; i < pages.length; i++) {
      String props = pages[i][1] == null ? "{}" : "{\"v\":" + pages[i][1] + "}";
      t.visit(i + 1, i + 1).event("2026-03-10T10:00:00Z", "pageview", pages[i][0], props);
    }
    return t;
  }

  static Case nullsComeLastDescending() {
    return new Case(
        "rows without a value come last when descending; limit and offset after ordering",
        pagesWithV().events,
        day().metrics("avg:v").dims("event:page").order("avg:v", true).limit(2).offset(1).build(),
        report(4, row(List.of("/a"), d("1.0000")), row(List.of("/b"), (Object) null)));
  }

  static Case nullsComeLastAscending() {
    return new Case(
        "rows without a value come last when ascending",
        pagesWithV().events,
        day().metrics("avg:v").dims("event:page").order("avg:v", false).build(),
        report(
            4,
            row(List.of("/a"), d("1.0000")),
            row(List.of("/c"), d("5.0000")),
            row(List.of("/b"), (Object) null),
            row(List.of("/d"), (Object) null)));
  }

  static Case ordersByTheExactValue() {
    Traffic t = new Traffic();
    t.visit(1, 1)
        .pageview("2026-03-10T10:00:00Z", "/b")
        .event("2026-03-10T10:00:10.400Z", "signup", "", "{}");
    t.visit(2, 2)
        .pageview("2026-03-10T10:00:00Z", "/a")
        .event("2026-03-10T10:00:10.200Z", "signup", "", "{}");
    // Durations 10.4 s (/b), 10.3 s (both visits: (none)), 10.2 s (/a): all shown as 10.
    return new Case(
        "rows are ordered by the exact value, not the rounded one",
        t.events,
        day().metrics("visit_duration").dims("event:page").order("visit_duration", true).build(),
        report(3, row(List.of("/b"), 10L), row(List.of("(none)"), 10L), row(List.of("/a"), 10L)));
  }

  private static Traffic pagesBySource() {
    Traffic t = new Traffic();
    String[][] visits = {{"/b", "Google"}, {"/a", "Newsletter"}, {"/a", "Google"}, {"/b", ""}};
    for (int i = 0; i < visits.length; i++) {
      t.visit(i + 1, i + 1).source(visits[i][1]).pageview("2026-03-10T10:00:00Z", visits[i][0]);
    }
    return t;
  }

  static Case tiesBreakByTheDimensionsInQueryOrder() {
    // '(' sorts before letters in binary order.
    return new Case(
        "ties are broken by the dimensions ascending, in query order",
        pagesBySource().events,
        day().metrics("visitors").dims("event:page", "visit:source").build(),
        report(
            4,
            row(List.of("/a", "Google"), 1L),
            row(List.of("/a", "Newsletter"), 1L),
            row(List.of("/b", "(none)"), 1L),
            row(List.of("/b", "Google"), 1L)));
  }

  static Case ordersByADimensionDescending() {
    return new Case(
        "an explicit order by a dimension, ties broken by the dimensions ascending",
        pagesBySource().events,
        day()
            .metrics("visitors")
            .dims("event:page", "visit:source")
            .order("event:page", true)
            .build(),
        report(
            4,
            row(List.of("/b", "(none)"), 1L),
            row(List.of("/b", "Google"), 1L),
            row(List.of("/a", "Google"), 1L),
            row(List.of("/a", "Newsletter"), 1L)));
  }

  /** Regression: the engine once built SQL with an empty select list for this query. */
  static Case visitMetricsOnlyAggregate() {
    return new Case(
        "an aggregate of visit metrics only",
        bounceIsALonePageview().events(),
        day().metrics("bounce_rate").build(),
        report(1, row(List.of(), d("25.0"))));
  }

  static Case quotesAndDotsAreJustCharacters() {
    Traffic t = new Traffic();
    t.visit(1, 1)
        .event("2026-03-10T10:00:00Z", "pageview", "/it's", "{\"a.b\":\"x\\\"y\",\"n-1\":2.5}");
    t.visit(2, 2)
        .event("2026-03-10T10:00:00Z", "pageview", "/it's", "{\"a.b\":\"plain\",\"n-1\":\"1.5\"}");
    t.visit(3, 3)
        .event("2026-03-10T10:00:00Z", "pageview", "/other", "{\"a.b\":\"x\\\"y\",\"n-1\":4}");
    // Keys with '.' and '-' are keys, not paths; the value x"y is read unescaped.
    return new Case(
        "quotes, dots and dashes in values and property keys are just characters",
        t.events,
        day()
            .metrics("events", "sum:n-1")
            .dims("event:props:a.b")
            .filter("is", "event:page", "/it's")
            .build(),
        report(2, row(List.of("plain"), 1L, d("1.5000")), row(List.of("x\"y"), 1L, d("2.5000"))));
  }

  // ----------------------------------------------------------- cases of known engine bugs

  static Case conversionRateWithVisitLevelGoalFilter() {
    Traffic t = new Traffic();
    t.visit(1, 1)
        .pageview("2026-03-10T10:00:00Z", "/")
        .event("2026-03-10T10:01:00Z", "signup", "/signup", "{}");
    t.visit(2, 2).pageview("2026-03-10T10:00:00Z", "/");
    // Row /: the converted visit's / view completes no goal: 0 of 2 visitors of / without the
    // goal filter. Row /signup: 1 of 1.
    return new Case(
        "conversion rate under visit:goal counts visitors of goal-completing events",
        t.events,
        day()
            .metrics("visitors", "conversion_rate")
            .dims("event:page")
            .filter("is", "visit:goal", "Signup")
            .build(),
        report(2, row(List.of("/"), 1L, d("0.00")), row(List.of("/signup"), 1L, d("100.00"))));
  }

  static Case noneIsMatchedByContainsAndMatches() {
    // The events without a plan read "(none)", which contains "none".
    return new Case(
        "contains and matches see an absent value as (none)",
        plans().events,
        day().metrics("events").filter("contains", "event:props:plan", "none").build(),
        report(1, row(List.of(), 3L)));
  }

  static Case negatedGoalFilterKeepsEventsWithoutTheProperty() {
    // Downloads with flag false and without flag do not complete "Flagged download".
    return new Case(
        "a negated goal filter keeps events that lack the goal's property",
        downloads().events,
        day().metrics("events").filter("is_not", "event:goal", "Flagged download").build(),
        report(1, row(List.of(), 2L)));
  }

  static Case durationKeepsMicroseconds() {
    Traffic t = new Traffic();
    t.visit(1, 1)
        .pageview("2026-03-10T10:00:00.000001Z", "/")
        .pageview("2026-03-10T10:00:00.500000Z", "/b");
    // 0.499999 s rounds to 0; the two timestamps cut to milliseconds would give 0.5 s, so 1.
    return new Case(
        "a visit's duration is measured from the stored timestamps, microseconds included",
        t.events,
        day().metrics("visits", "visit_duration").build(),
        report(1, row(List.of(), 1L, 0L)));
  }

  static Case equalAveragesAreTies() {
    Traffic t = new Traffic();
    t.visit(1, 1).event("2026-03-10T10:00:00Z", "pageview", "/a", "{\"v\":0.1}");
    for (int i = 2; i <= 4; i++) {
      t.visit(i, i).event("2026-03-10T10:00:00Z", "pageview", "/b", "{\"v\":0.1}");
    }
    // Both means are exactly 0.1 (0.1 / 1 and 0.3 / 3): a tie, broken by the page ascending.
    return new Case(
        "equal exact values are ties, whatever their floating-point quotients",
        t.events,
        day().metrics("avg:v").dims("event:page").order("avg:v", false).build(),
        report(2, row(List.of("/a"), d("0.1000")), row(List.of("/b"), d("0.1000"))));
  }

  static Case percentilesAreExact() {
    Traffic t = withV("0", "0.003");
    // p95 at 0.95: 0 + 0.95 × 0.003 = 0.00285, half-up 0.0029; p50: 0.0015.
    return new Case(
        "percentiles are interpolated exactly, then rounded half-up once",
        t.events,
        day().metrics("p50:v", "p95:v").build(),
        report(1, row(List.of(), d("0.0015"), d("0.0029"))));
  }

  // ----------------------------------------------------------------------------- builders

  static BigDecimal d(String value) {
    return new BigDecimal(value);
  }

  static Report report(long totalRows, Report.Row... rows) {
    return new Report(List.of(rows), totalRows);
  }

  static Report.Row row(List<String> dimensions, Object... metrics) {
    return new Report.Row(dimensions, Arrays.asList(metrics));
  }

  static Instant at(String time) {
    return OffsetDateTime.parse(time).toInstant();
  }

  private static Goal pageGoal(String id, String name, String pattern) {
    return new Goal(id, SITE, name, Goal.Kind.PAGEVIEW, pattern, "", "", "", CREATED);
  }

  /** Tuesday 10 March 2026 in Berlin. */
  static QueryBuilder day() {
    return range("2026-03-10T00:00:00+01:00", "2026-03-11T00:00:00+01:00");
  }

  static QueryBuilder range(String from, String to) {
    return new QueryBuilder(at(from), at(to));
  }

  /** Queries of {@value #SITE}, in the API's names. */
  static final class QueryBuilder {
    private final Instant from;
    private final Instant to;
    private ZoneId zone = BERLIN;
    private final List<Metric> metrics = new ArrayList<>();
    private final List<Dimension> dimensions = new ArrayList<>();
    private final List<Filter> filters = new ArrayList<>();
    private final List<Order> orderBy = new ArrayList<>();
    private int limit = ReportQuery.MAX_LIMIT;
    private int offset;

    QueryBuilder(Instant from, Instant to) {
      this.from = from;
      this.to = to;
    }

    QueryBuilder zone(ZoneId z) {
      zone = z;
      return this;
    }

    QueryBuilder metrics(String... names) {
      for (String n : names) {
        int colon = n.indexOf(':');
        metrics.add(
            colon < 0
                ? Metric.of(Metric.Kind.byApiName(n).orElseThrow())
                : new Metric(
                    Metric.Kind.byApiName(n.substring(0, colon)).orElseThrow(),
                    n.substring(colon + 1)));
      }
      return this;
    }

    QueryBuilder dims(String... names) {
      for (String n : names) {
        dimensions.add(Dimension.byApiName(n).orElseThrow());
      }
      return this;
    }

    /** A filter; {@code visit:page}, {@code visit:goal}, ... name the visit level. */
    QueryBuilder filter(String op, String dimension, String... values) {
      boolean wholeVisits = false;
      Dimension d = Dimension.byApiName(dimension).orElse(null);
      if (d == null && dimension.startsWith("visit:")) {
        d = Dimension.byApiName("event:" + dimension.substring(6)).orElseThrow();
        wholeVisits = true;
      }
      filters.add(
          new Filter(Filter.Op.byApiName(op).orElseThrow(), d, wholeVisits, List.of(values)));
      return this;
    }

    QueryBuilder order(String by, boolean descending) {
      orderBy.add(new Order(by, descending));
      return this;
    }

    QueryBuilder limit(int n) {
      limit = n;
      return this;
    }

    QueryBuilder offset(int n) {
      offset = n;
      return this;
    }

    ReportQuery build() {
      return new ReportQuery(
          SITE, zone, from, to, "EUR", metrics, dimensions, filters, GOALS, orderBy, limit, offset);
    }
  }

  /** Events, visit by visit. */
  static final class Traffic {
    final List<Event> events = new ArrayList<>();

    Visit visit(long visitorId, long sessionId) {
      return visit(SITE, visitorId, sessionId);
    }

    Visit visit(String siteId, long visitorId, long sessionId) {
      return new Visit(this, siteId, visitorId, sessionId);
    }
  }

  /** One visit's events; its attributes are set before its first event. */
  static final class Visit {
    private final Traffic traffic;
    private final String siteId;
    private final long visitorId;
    private final long sessionId;
    private String source = "";

    Visit(Traffic traffic, String siteId, long visitorId, long sessionId) {
      this.traffic = traffic;
      this.siteId = siteId;
      this.visitorId = visitorId;
      this.sessionId = sessionId;
    }

    Visit source(String name) {
      source = name;
      return this;
    }

    Visit pageview(String time, String path) {
      return event(time, Event.PAGEVIEW, path, "{}");
    }

    Visit purchase(String time, String amount, String currency) {
      return add(
          time, "purchase", "/checkout", "{}", new Event.Revenue(new BigDecimal(amount), currency));
    }

    Visit event(String time, String name, String path, String propertiesJson) {
      return add(time, name, path, propertiesJson, Event.Revenue.NONE);
    }

    private Visit add(String time, String name, String path, String props, Event.Revenue revenue) {
      Instant t = at(time);
      String host = path.isEmpty() ? "" : "example.com";
      Event.Page page =
          new Event.Page(
              host,
              path,
              path.isEmpty() ? "" : "https://example.com" + path,
              "",
              "",
              "",
              source,
              source.isEmpty() ? "" : "search",
              Event.Utm.NONE,
              "");
      Event.Client client =
          new Event.Client(
              "Firefox",
              "128",
              "Linux",
              "",
              "desktop",
              "1920x1080",
              "en-US",
              "DE",
              "Berlin",
              "Berlin",
              "192.0.2.0/24");
      traffic.events.add(
          new Event(
              siteId,
              siteId + "-" + traffic.events.size(),
              t,
              t,
              name,
              visitorId,
              sessionId,
              "",
              page,
              client,
              props,
              revenue));
      return this;
    }
  }
}
