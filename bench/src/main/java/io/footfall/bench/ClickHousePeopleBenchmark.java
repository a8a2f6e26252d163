package io.footfall.bench;

import io.footfall.core.people.ActiveUsers;
import io.footfall.core.people.PeopleQuery;
import io.footfall.core.people.Profile;
import io.footfall.core.people.Retention;
import io.footfall.store.clickhouse.ClickHouseHttp;
import io.footfall.store.clickhouse.ClickHouseStore;
import io.footfall.store.clickhouse.TabSeparatedRow;
import io.footfall.store.duckdb.DuckDbStore;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The people benchmark on ClickHouse: {@link PeopleBenchmark}'s month and reports, copied into a
 * throwaway {@code clickhouse-server} ({@link ClickHouseMonthCopy}); each report runs in turns
 * through the ClickHouse store and as a hand-written ClickHouse statement, and both must answer as
 * the DuckDB store does over the same rows.
 *
 * <p>Design note: the hand-written statements (ClickHouse 18.16 SQL: no {@code WITH} subqueries)
 * are the DuckDB ones' formulation. No event is joined to its visitor's link: events with a user id
 * are reduced per user id, anonymous ones per visitor, and only those per-visitor rows are joined
 * to the links. Retention and active users then keep one bit mask per person (weeks; days in two
 * UInt64 halves, there being 90 of them) and count the people per distinct mask by bit tests; the
 * people list finds its page from each person's last time, then reads only the page's people's
 * rows.
 */
final class ClickHousePeopleBenchmark {
  private static final String DATABASE = "people_bench";
  private static final String SITE = "'" + PeopleBenchmark.SITE + "'";
  private static final String LINKS =
      "(SELECT visitor_id, argMin(user_id, (linked_at, event_id)) AS u FROM person_links"
          + " WHERE site_id = "
          + SITE
          + " GROUP BY visitor_id)";

  private ClickHousePeopleBenchmark() {}

  static PeopleBenchmark.Result run(
      Path file,
      long events,
      long people,
      YearMonth month,
      int runs,
      ClickHouseOptions options,
      PrintStream out)
      throws SQLException, IOException {
    Instant[] range = FunnelBenchmark.bounds(month);
    Retention.Query retention = PeopleBenchmark.retentionQuery(range[0], range[1]);
    ActiveUsers.Query active = PeopleBenchmark.activeQuery(month);
    PeopleQuery list = PeopleQuery.all(PeopleBenchmark.SITE, PeopleBenchmark.PAGE);
    Duration generated;
    Retention.Result duckRetention;
    ActiveUsers.Report duckActive;
    List<Profile> duckList;
    ClickHouseMonthCopy copy;
    try (DuckDbStore duck = DuckDbStore.open(file);
        Connection c = duck.connection()) {
      generated = PeopleBenchmark.prepare(c, file, events, people, range[0], range[1], out);
      duckRetention = duck.retention(retention);
      duckActive = duck.activeUsers().activeUsers(active);
      duckList = duck.people().list(list);
      copy = ClickHouseMonthCopy.of(c, DATABASE, options, out);
    }
    try (copy) {
      ClickHouseStore store = copy.store();
      ClickHouseHttp admin = copy.admin();
      List<PeopleBenchmark.Timing> timings = new ArrayList<>();
      timings.add(
          PeopleBenchmark.time(
              "retention",
              new PeopleBenchmark.Report<Retention.Result>() {
                @Override
                public Retention.Result store() {
                  return store.retention(retention);
                }

                @Override
                public Retention.Result byHand() {
                  return handRetention(admin, retention);
                }

                @Override
                public String describe(Retention.Result r) {
                  return r.cohorts().size() + " cohorts";
                }
              },
              duckRetention,
              runs,
              out));
      timings.add(
          PeopleBenchmark.time(
              "active users",
              new PeopleBenchmark.Report<ActiveUsers.Report>() {
                @Override
                public ActiveUsers.Report store() {
                  return store.activeUsers().activeUsers(active);
                }

                @Override
                public ActiveUsers.Report byHand() {
                  return handActiveUsers(admin, active);
                }

                @Override
                public String describe(ActiveUsers.Report r) {
                  return r.buckets().size() + " days";
                }
              },
              duckActive,
              runs,
              out));
      timings.add(
          PeopleBenchmark.time(
              "people list",
              new PeopleBenchmark.Report<List<Profile>>() {
                @Override
                public List<Profile> store() {
                  return store.people().list(list);
                }

                @Override
                public List<Profile> byHand() {
                  return handPeople(admin);
                }

                @Override
                public String describe(List<Profile> r) {
                  return r.size() + " people";
                }
              },
              duckList,
              runs,
              out));
      return new PeopleBenchmark.Result(events, people, generated, timings);
    }
  }

  /**
   * Per person (user ids directly, anonymous visitors through their link) the bitwise OR of {@code
   * columns}' values over the rows of {@code rows}, which selects user_id, visitor_id and them:
   * {@code person} and the ORs under the same names.
   */
  private static String perPerson(String rows, String... columns) {
    String ors =
        java.util.Arrays.stream(columns)
            .map(col -> "groupBitOr(" + col + ") AS " + col)
            .collect(Collectors.joining(", "));
    String names = String.join(", ", columns);
    return "SELECT person, "
        + ors
        + " FROM (SELECT user_id AS person, "
        + ors
        + " FROM ("
        + rows
        + " AND user_id != '') GROUP BY user_id UNION ALL SELECT u AS person, "
        + names
        + " FROM (SELECT visitor_id, "
        + ors
        + " FROM ("
        + rows
        + " AND user_id = '') GROUP BY visitor_id) ANY INNER JOIN "
        + LINKS
        + " USING visitor_id) GROUP BY person";
  }

  /**
   * Retention: per person the weeks with an event ({@code seen}) and with a start ({@code began});
   * the cohort is the lowest start bit, period k counts when the bit k weeks later is seen.
   */
  static Retention.Result handRetention(ClickHouseHttp ch, Retention.Query q) {
    long base = FunnelBenchmark.micros(q.startOf(q.firstCohort()));
    String rows =
        "SELECT user_id, visitor_id, bitShiftLeft(toUInt64(1), toUInt64(intDiv(ts - "
            + base
            + ", 604800000000))) AS seen, seen * toUInt64(name = 'pageview' AND pathname ="
            + " '/pricing' AND ts < "
            + FunnelBenchmark.micros(q.to())
            + ") AS began FROM events WHERE site_id = "
            + SITE
            + " AND ts >= "
            + FunnelBenchmark.micros(q.from())
            + " AND ts < "
            + FunnelBenchmark.micros(q.horizon());
    String sql =
        "SELECT c, k, count() AS n FROM (SELECT seen, toUInt64(round(log2(bitAnd(began,"
            + " bitNot(began) + 1)))) AS c FROM ("
            + perPerson(rows, "seen", "began")
            + ") WHERE began != 0) ARRAY JOIN range("
            + (q.periods() + 1)
            + ") AS k WHERE k = 0 OR bitAnd(bitShiftRight(seen, c + k), 1) = 1"
            + " GROUP BY c, k ORDER BY c, k";
    TreeMap<Integer, long[]> counts = new TreeMap<>();
    for (TabSeparatedRow r : ch.select(sql)) {
      counts.computeIfAbsent((int) r.int64(0), k -> new long[q.periods() + 1])[(int) r.int64(1)] =
          r.int64(2);
    }
    return PeopleBenchmark.cohorts(q, counts);
  }

  /**
   * Active users by UTC day: per person the days with an event as bits {@code d + 30} (day d of the
   * range, from -29 to 59; bit 0 for any day before) in two UInt64 halves, the people counted per
   * distinct pair, then each day's numbers by tests against constant masks per day.
   */
  static ActiveUsers.Report handActiveUsers(ClickHouseHttp ch, ActiveUsers.Query q) {
    int days = (int) (q.last().toEpochDay() - q.first().toEpochDay()) + 1;
    if (days > 30 || q.period() != ActiveUsers.Period.DAY || q.unit() != ActiveUsers.Unit.PERSON) {
      throw new IllegalArgumentException("the hand-written statement is of 30 UTC days of people");
    }
    long end =
        FunnelBenchmark.micros(
            q.last().plusDays(31).atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
    String p = "greatest(intDiv(ts, 86400000000) - " + q.first().toEpochDay() + " + 30, 0)";
    String rows =
        "SELECT user_id, visitor_id, if("
            + p
            + " < 64, bitShiftLeft(toUInt64(1), toUInt64("
            + p
            + ")), toUInt64(0)) AS lo, if("
            + p
            + " >= 64, bitShiftLeft(toUInt64(1), toUInt64("
            + p
            + " - 64)), toUInt64(0)) AS hi FROM events WHERE site_id = "
            + SITE
            + " AND ts < "
            + end;
    String sql =
        "SELECT d, sumIf(n, a_on), sumIf(n, a_wau), sumIf(n, a_mau), sumIf(n, a_on AND NOT"
            + " a_before), sumIf(n, a_on AND a_prev), sumIf(n, NOT a_on AND a_prev), sumIf(n, a_on"
            + " AND NOT a_before AND a_ret) FROM (SELECT n, d, "
            + any(days, 30, 30)
            + " AS a_on, "
            + any(days, 24, 30)
            + " AS a_wau, "
            + any(days, 1, 30)
            + " AS a_mau, "
            + anyFromZero(days, 29)
            + " AS a_before, "
            + any(days, 29, 29)
            + " AS a_prev, "
            + any(days, 31, 60)
            + " AS a_ret FROM (SELECT lo, hi, count() AS n FROM ("
            + perPerson(rows, "lo", "hi")
            + ") GROUP BY lo, hi) ARRAY JOIN range("
            + days
            + ") AS d) GROUP BY d ORDER BY d";
    List<ActiveUsers.Bucket> buckets = new ArrayList<>();
    for (TabSeparatedRow r : ch.select(sql)) {
      long[] n = new long[7];
      for (int i = 0; i < 7; i++) {
        n[i] = r.int64(i + 1);
      }
      buckets.add(PeopleBenchmark.day(q.first().plusDays(r.int64(0)), n));
    }
    return new ActiveUsers.Report(q.unit(), q.period(), buckets);
  }

  /**
   * Whether any bit from {@code d + from} (at least 0) to {@code d + to} is set, for the row's day
   * d.
   */
  private static String any(int days, int from, int to) {
    long[] lo = new long[days];
    long[] hi = new long[days];
    for (int d = 0; d < days; d++) {
      for (int b = Math.max(0, d + from); b <= d + to; b++) {
        if (b < 64) {
          lo[d] |= 1L << b;
        } else {
          hi[d] |= 1L << (b - 64);
        }
      }
    }
    return "(bitAnd(lo, arrayElement("
        + masks(lo)
        + ", d + 1)) != 0 OR bitAnd(hi, arrayElement("
        + masks(hi)
        + ", d + 1)) != 0)";
  }

  /** Whether any bit from 0 to {@code d + to} is set. */
  private static String anyFromZero(int days, int to) {
    return any(days, -to, to);
  }

  private static String masks(long[] values) {
    return java.util.Arrays.stream(values)
        .mapToObj(v -> "toUInt64(" + Long.toUnsignedString(v) + ")")
        .collect(Collectors.joining(", ", "[", "]"));
  }

  /**
   * The people list: each person's last time (their property rows, their events by user id, their
   * visitors' anonymous events through the links, each reduced before the join), the first page of
   * them, then only the page's people's rows read for their profiles.
   */
  static List<Profile> handPeople(ClickHouseHttp ch) {
    String page =
        "SELECT person, max(t) AS seen FROM (SELECT user_id AS person, max(at) AS t FROM"
            + " person_properties WHERE site_id = "
            + SITE
            + " GROUP BY user_id UNION ALL SELECT user_id AS person, max(ts) AS t FROM events"
            + " WHERE site_id = "
            + SITE
            + " AND user_id != '' GROUP BY user_id UNION ALL SELECT u AS person, t FROM (SELECT"
            + " visitor_id, max(ts) AS t FROM events WHERE site_id = "
            + SITE
            + " AND user_id = '' GROUP BY visitor_id) ANY INNER JOIN "
            + LINKS
            + " USING visitor_id) GROUP BY person ORDER BY seen DESC, person LIMIT "
            + PeopleBenchmark.PAGE;
    List<String> ids = new ArrayList<>();
    for (TabSeparatedRow r : ch.select(page)) {
      ids.add(r.text(0));
    }
    if (ids.isEmpty()) {
      return List.of();
    }
    String in =
        ids.stream()
            .map(id -> "'" + id.replace("\\", "\\\\").replace("'", "\\'") + "'")
            .collect(Collectors.joining(", ", "(", ")"));
    String theirVisitors =
        "(SELECT visitor_id FROM person_links WHERE site_id = "
            + SITE
            + " AND user_id IN "
            + in
            + ")";
    String theirs =
        "(SELECT user_id AS person, session_id, ts, revenue_amount, revenue_currency FROM events"
            + " WHERE site_id = "
            + SITE
            + " AND user_id IN "
            + in
            + " UNION ALL SELECT u AS person, session_id, ts, revenue_amount, revenue_currency FROM"
            + " (SELECT visitor_id, session_id, ts, revenue_amount, revenue_currency FROM events"
            + " WHERE site_id = "
            + SITE
            + " AND user_id = '' AND visitor_id IN "
            + theirVisitors
            + ") ANY INNER JOIN (SELECT visitor_id, argMin(user_id, (linked_at, event_id)) AS u"
            + " FROM person_links WHERE site_id = "
            + SITE
            + " AND visitor_id IN "
            + theirVisitors
            + " GROUP BY visitor_id) USING visitor_id WHERE u IN "
            + in
            + ")";
    String after = "(at > sa OR (at = sa AND (event_id > se OR (event_id = se AND seq >= ss))))";
    String profiles =
        "SELECT 'e' AS kind, person, '' AS k, '' AS v, count() AS n, uniqExact(session_id) AS"
            + " visits, min(ts) AS first_t, max(ts) AS last_t FROM "
            + theirs
            + " GROUP BY person UNION ALL SELECT 'u' AS kind, user_id AS person, '' AS k, '' AS v,"
            + " toUInt64(0) AS n, toUInt64(0) AS visits, min(at) AS first_t, max(at) AS last_t"
            + " FROM person_properties WHERE site_id = "
            + SITE
            + " AND user_id IN "
            + in
            + " GROUP BY user_id UNION ALL SELECT 'r' AS kind, person, revenue_currency AS k,"
            + " toString(sum(assumeNotNull(revenue_amount))) AS v, toUInt64(0) AS n, toUInt64(0)"
            + " AS visits, toInt64(0) AS first_t, toInt64(0) AS last_t FROM "
            + theirs
            + " WHERE revenue_amount IS NOT NULL GROUP BY person, revenue_currency UNION ALL"
            + " SELECT 'p' AS kind, user_id AS person, key AS k, argMin(value_json, (at,"
            + " event_id, seq)) AS v, toUInt64(0) AS n, toUInt64(0) AS visits, toInt64(0) AS"
            + " first_t, toInt64(0) AS last_t FROM (SELECT user_id, key, value_json, at, event_id,"
            + " seq, settled, sa, se, ss FROM person_properties ANY LEFT JOIN (SELECT user_id,"
            + " key, toUInt8(1) AS settled, argMax(at, (at, event_id, seq)) AS sa,"
            + " argMax(event_id, (at, event_id, seq)) AS se, argMax(seq, (at, event_id, seq)) AS"
            + " ss FROM person_properties WHERE site_id = "
            + SITE
            + " AND user_id IN "
            + in
            + " AND op IN ('set', 'unset') GROUP BY user_id, key) USING user_id, key WHERE"
            + " site_id = "
            + SITE
            + " AND user_id IN "
            + in
            + " AND op IN ('set', 'set_once')) WHERE settled = 0 OR "
            + after
            + " GROUP BY user_id, key";
    Map<String, Person> built = new LinkedHashMap<>();
    for (String id : ids) {
      built.put(id, new Person(id));
    }
    for (TabSeparatedRow r : ch.select(profiles)) {
      Person b = built.get(r.text(1));
      switch (r.text(0)) {
        case "p" -> b.properties.put(r.text(2), r.text(3));
        case "r" -> b.revenue.merge(r.text(2), new BigDecimal(r.text(3)), BigDecimal::add);
        default -> {
          b.events += r.int64(4);
          b.visits += r.int64(5);
          b.first = Math.min(b.first, r.int64(6));
          b.last = Math.max(b.last, r.int64(7));
        }
      }
    }
    return built.values().stream().map(Person::build).toList();
  }

  /** What the profile rows say of one person of the page. */
  private static final class Person {
    final String userId;
    final TreeMap<String, String> properties = new TreeMap<>();
    final TreeMap<String, BigDecimal> revenue = new TreeMap<>();
    long events;
    long visits;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;

    Person(String userId) {
      this.userId = userId;
    }

    Profile build() {
      return new Profile(
          userId,
          properties,
          Instant.EPOCH.plusNanos(first * 1000),
          Instant.EPOCH.plusNanos(last * 1000),
          events,
          visits,
          revenue);
    }
  }
}
