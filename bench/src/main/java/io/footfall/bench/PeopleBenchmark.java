package io.footfall.bench;

import io.footfall.core.Event;
import io.footfall.core.Goal;
import io.footfall.core.people.ActiveUsers;
import io.footfall.core.people.EventMatch;
import io.footfall.core.people.PeopleQuery;
import io.footfall.core.people.Profile;
import io.footfall.core.people.Retention;
import io.footfall.core.query.Dimension;
import io.footfall.core.query.Filter;
import io.footfall.store.duckdb.DuckDbStore;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The people reports of issue 16 item 10 other than the funnel: 12-week retention, daily active
 * users over 30 days and the people list's first page, over the month of {@link FunnelBenchmark}'s
 * generated events (the same file and data, with person properties added once). Each report runs in
 * turns through the store (as the API runs it) and as a hand-written SQL statement for the same
 * answer on the same connection; the answers must be equal (else the run fails), and the median and
 * 95th percentile of each and their ratio are printed.
 *
 * <p>Design note: the hand-written statements are a different formulation from the store's, each
 * written for its one question. Retention and active users resolve people without joining every
 * event to its link: the events with a user id are reduced per user id, the anonymous ones per
 * visitor (a BIGINT) and only those rows are joined to the links; each person's weeks or days
 * become one bit mask ({@code bit_or}), the people are counted per distinct mask, and each cohort
 * or day is counted from the masks by bit tests. The people list finds its page among the most
 * recent rows only: the latest N events, property changes and links; every person whose last seen
 * lies after the latest of those sources' N-th times is complete among them, and when at least a
 * page of people is, the page is theirs; then only the page's people's events are read for their
 * counts. With fewer such people the statement fails instead of answering wrong.
 */
final class PeopleBenchmark {
  static final String SITE = FunnelBenchmark.SITE;

  /** The people list's page size: the API's default. */
  static final int PAGE = 50;

  /** The recent rows of each source the hand-written people list reads. */
  static final int RECENT = 2_000;

  private PeopleBenchmark() {}

  /** One report's timings, in milliseconds, and a line about its answer. */
  record Timing(String report, List<Long> storeMillis, List<Long> handMillis, String answer) {}

  /** What the run measured. */
  record Result(long events, long people, Duration generated, List<Timing> timings) {}

  /** A report: the store's way and the hand-written way to the same answer. */
  interface Report<T> {
    T store() throws SQLException;

    T byHand() throws SQLException;

    String describe(T answer);
  }

  static Result run(Path file, long events, long people, YearMonth month, int runs, PrintStream out)
      throws SQLException {
    Instant[] range = FunnelBenchmark.bounds(month);
    Instant from = range[0];
    Instant to = range[1];
    try (DuckDbStore store = DuckDbStore.open(file);
        Connection c = store.connection()) {
      Duration generated = prepare(c, file, events, people, from, to, out);
      Retention.Query retention = retentionQuery(from, to);
      ActiveUsers.Query active = activeQuery(month);
      PeopleQuery list = PeopleQuery.all(SITE, PAGE);
      List<Timing> timings = new ArrayList<>();
      timings.add(
          time(
              "retention",
              new Report<Retention.Result>() {
                @Override
                public Retention.Result store() {
                  return store.retention(retention);
                }

                @Override
                public Retention.Result byHand() throws SQLException {
                  return handRetention(c, retention);
                }

                @Override
                public String describe(Retention.Result r) {
                  StringBuilder s = new StringBuilder();
                  for (Retention.Cohort k : r.cohorts()) {
                    s.append(k.start()).append(':');
                    for (Retention.Value v : k.values()) {
                      s.append(' ').append(String.format("%,d", v.people()));
                    }
                    s.append("; ");
                  }
                  return s.toString();
                }
              },
              runs,
              out));
      timings.add(
          time(
              "active users",
              new Report<ActiveUsers.Report>() {
                @Override
                public ActiveUsers.Report store() {
                  return store.activeUsers().activeUsers(active);
                }

                @Override
                public ActiveUsers.Report byHand() throws SQLException {
                  return handActiveUsers(c, active);
                }

                @Override
                public String describe(ActiveUsers.Report r) {
                  ActiveUsers.Bucket b = r.buckets().get(r.buckets().size() / 2);
                  return String.format(
                      "%s: DAU %,d, WAU %,d, MAU %,d, new %,d, returning %,d, dormant %,d",
                      b.start(),
                      b.active(),
                      b.wau(),
                      b.mau(),
                      b.newPeople(),
                      b.retained(),
                      b.dormant());
                }
              },
              runs,
              out));
      timings.add(
          time(
              "people list",
              new Report<List<Profile>>() {
                @Override
                public List<Profile> store() {
                  return store.people().list(list);
                }

                @Override
                public List<Profile> byHand() throws SQLException {
                  return handPeople(c);
                }

                @Override
                public String describe(List<Profile> r) {
                  Profile p = r.getFirst();
                  return String.format(
                      "%d people; first %s, last seen %s, %d events, %d visits, %s",
                      r.size(), p.userId(), p.lastSeen(), p.events(), p.visits(), p.properties());
                }
              },
              runs,
              out));
      return new Result(events, people, generated, timings);
    }
  }

  /**
   * Generates the month in the file unless it holds it ({@link FunnelBenchmark#ensure}) and adds
   * the person properties once; answers how long generating took (zero when the file held it).
   */
  static Duration prepare(
      Connection c, Path file, long events, long people, Instant from, Instant to, PrintStream out)
      throws SQLException {
    Duration generated = FunnelBenchmark.ensure(c, file, events, people, from, to, out);
    if (!generated.isZero()) {
      try (Statement s = c.createStatement()) {
        s.execute("DELETE FROM person_properties WHERE site_id = '" + SITE + "'");
      }
    }
    if (properties(c) == 0) {
      long start = System.nanoTime();
      addProperties(c, people, from, to);
      out.printf(
          "  added %,d property changes in %.1f s%n",
          properties(c), (System.nanoTime() - start) / 1e9);
    }
    return generated;
  }

  private static <T> Timing time(String name, Report<T> report, int runs, PrintStream out)
      throws SQLException {
    return time(name, report, null, runs, out);
  }

  /**
   * Times the report's two ways in turns, after one unmeasured round, the side going first
   * alternating from run to run; each answer must equal the other and, when given, {@code expected}
   * (another store's answer).
   */
  static <T> Timing time(String name, Report<T> report, T expected, int runs, PrintStream out)
      throws SQLException {
    List<Long> storeMillis = new ArrayList<>();
    List<Long> handMillis = new ArrayList<>();
    T answer = null;
    out.printf("%s:%n", name);
    // One unmeasured round first (the first statement of a kind pays for cold caches and plans),
    // then the side that goes first alternates, so neither always runs on the other's warm cache.
    for (int r = -1; r < runs; r++) {
      boolean storeFirst = r % 2 == 0;
      long[] took = new long[2];
      List<T> answers = new ArrayList<>(java.util.Arrays.asList(null, null));
      for (int side : storeFirst ? new int[] {0, 1} : new int[] {1, 0}) {
        long t0 = System.nanoTime();
        answers.set(side, side == 0 ? report.store() : report.byHand());
        took[side] = System.nanoTime() - t0;
      }
      T viaStore = answers.get(0);
      T byHand = answers.get(1);
      if (!viaStore.equals(byHand) || (expected != null && !viaStore.equals(expected))) {
        throw new BenchException(
            "the store's "
                + name
                + ", the hand-written statement"
                + (expected == null ? "" : " and DuckDB's answer")
                + " differ:\n  store "
                + viaStore
                + "\n  by hand "
                + byHand
                + (expected == null ? "" : "\n  DuckDB " + expected));
      }
      answer = viaStore;
      if (r < 0) {
        out.printf(
            "  warm-up: store %d ms, hand-written %d ms%n",
            took[0] / 1_000_000, took[1] / 1_000_000);
        continue;
      }
      storeMillis.add(took[0] / 1_000_000);
      handMillis.add(took[1] / 1_000_000);
      out.printf(
          "  run %d (%s first): store %d ms, hand-written %d ms%n",
          r + 1,
          storeFirst ? "store" : "hand-written",
          storeMillis.getLast(),
          handMillis.getLast());
    }
    String described = report.describe(answer);
    out.printf("  answer: %s%n", described);
    return new Timing(name, storeMillis, handMillis, described);
  }

  /**
   * Retention of people: start the pricing page (as the API's page step has it: a page view whose
   * path matches the pattern), return any event, 12 weeks, "on", cohorts of the month (the weeks
   * touching it, from the Monday before its first day); UTC.
   */
  static Retention.Query retentionQuery(Instant from, Instant to) {
    EventMatch pricing =
        new EventMatch(
            "/pricing",
            List.of(
                new Filter(
                    Filter.Op.IS,
                    Dimension.of(Dimension.Kind.NAME),
                    false,
                    List.of(Event.PAGEVIEW)),
                new Filter(
                    Filter.Op.MATCHES,
                    Dimension.of(Dimension.Kind.PAGE),
                    false,
                    List.of(Goal.pathRegex("/pricing")))));
    // Any event: no event is named "(any)".
    EventMatch any =
        new EventMatch(
            "any event",
            List.of(
                new Filter(
                    Filter.Op.IS_NOT, Dimension.of(Dimension.Kind.NAME), false, List.of("(any)"))));
    return new Retention.Query(
        SITE,
        from,
        to,
        ZoneOffset.UTC,
        pricing,
        any,
        Retention.Period.WEEK,
        12,
        Retention.Mode.ON,
        List.<Goal>of(),
        to.plus(Duration.ofDays(7 * 14)));
  }

  /** Active people by day over the month's first 30 days, UTC. */
  static ActiveUsers.Query activeQuery(YearMonth month) {
    return new ActiveUsers.Query(
        SITE,
        month.atDay(1),
        month.atDay(30),
        ZoneOffset.UTC,
        ActiveUsers.Period.DAY,
        ActiveUsers.Unit.PERSON);
  }

  private static long properties(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM person_properties WHERE site_id = '" + SITE + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Person properties, for the people list to fold: every person sets {@code plan} on a day of the
   * month, a third of them unset it a day later, half set {@code first_touch} once, twice (the
   * first holds).
   */
  static void addProperties(Connection c, long people, Instant from, Instant to)
      throws SQLException {
    long days = Duration.between(from, to).toDays();
    String start = LocalDateTime.ofInstant(from, ZoneOffset.UTC).toString();
    String rows =
        " FROM (SELECT p, TIMESTAMP '"
            + start
            + "' + to_seconds(((hash(p, 14) % 1000000007)::BIGINT % "
            + (days - 1)
            + ") * 86400 + (hash(p, 15) % 1000000007)::BIGINT % 86400) AS ts FROM range("
            + people
            + ") t(p))";
    try (Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO person_properties (site_id, user_id, ts, event_id, seq, op, key,"
              + " value_json, value_text) SELECT '"
              + SITE
              + "', 'user-' || p, ts, 'prop-' || p, 0, 'set', 'plan', '\"' || plan || '\"', plan"
              + " FROM (SELECT *, ['free', 'pro', 'team'][1 + p % 3] AS plan"
              + rows
              + ")");
      s.execute(
          "INSERT INTO person_properties (site_id, user_id, ts, event_id, seq, op, key,"
              + " value_json, value_text) SELECT '"
              + SITE
              + "', 'user-' || p, ts + INTERVAL 1 DAY, 'unset-' || p, 0, 'unset', 'plan', NULL,"
              + " NULL"
              + rows
              + " WHERE p % 3 = 1");
      s.execute(
          "INSERT INTO person_properties (site_id, user_id, ts, event_id, seq, op, key,"
              + " value_json, value_text) SELECT '"
              + SITE
              + "', 'user-' || p, ts, 'once-' || p, k, 'set_once', 'first_touch', '\"' || v ||"
              + " '\"', v FROM (SELECT p, ts + to_seconds(k * 3600) AS ts, k, ['ad', 'blog'][k]"
              + " AS v"
              + rows
              + ", range(1, 3) r(k) WHERE p % 2 = 0)");
      s.execute("CHECKPOINT");
    }
  }

  private static String at(Instant i) {
    return "TIMESTAMP '" + LocalDateTime.ofInstant(i, ZoneOffset.UTC) + "'";
  }

  /** Each visitor's link: the first by (time, event id), as docs/metrics.md defines it. */
  private static final String LINKS =
      "lk AS (SELECT visitor_id, arg_min(user_id, (linked_at, event_id, user_id)) AS u"
          + " FROM person_links WHERE site_id = '$SITE' GROUP BY visitor_id)";

  /**
   * The hand-written retention: per user id and per anonymous visitor (then its link) the bit mask
   * of the weeks with an event ({@code seen}) and with a start ({@code began}), one mask pair per
   * person, counted per distinct pair; a pair's cohort is its lowest start bit, its period k counts
   * when the bit k weeks later is seen.
   */
  static final String RETENTION =
      """
      WITH $LINKS,
      e AS NOT MATERIALIZED (SELECT user_id, visitor_id, 1::BIGINT << ((epoch_us(ts) - $BASE) // 604800000000) AS w,
          name = 'pageview' AND pathname = '/pricing' AND ts < $TO AS s
        FROM events WHERE site_id = '$SITE' AND ts >= $FROM AND ts < $HORIZON),
      known AS (SELECT user_id AS person, bit_or(w) AS seen, bit_or(CASE WHEN s THEN w ELSE 0 END) AS began
        FROM e WHERE user_id <> '' GROUP BY user_id),
      anon AS (SELECT lk.u AS person, a.seen, a.began FROM
          (SELECT visitor_id, bit_or(w) AS seen, bit_or(CASE WHEN s THEN w ELSE 0 END) AS began
            FROM e WHERE coalesce(user_id, '') = '' GROUP BY visitor_id) a
          JOIN lk ON lk.visitor_id = a.visitor_id),
      per AS (SELECT bit_or(seen) AS seen, bit_or(began) AS began
        FROM (SELECT * FROM known UNION ALL SELECT * FROM anon) GROUP BY person),
      shapes AS (SELECT seen, CAST(round(log2(began & -began)) AS INTEGER) AS c, count(*) AS n
        FROM per WHERE began <> 0 GROUP BY ALL)
      SELECT c, 0 AS k, sum(n) AS n FROM shapes GROUP BY c
      UNION ALL
      SELECT c, k, sum(n) FROM shapes, range(1, $PERIODS + 1) t(k)
        WHERE (seen >> (c + k)) & 1 = 1 GROUP BY c, k
      ORDER BY c, k
      """;

  static Retention.Result handRetention(Connection c, Retention.Query q) throws SQLException {
    LocalDate base = q.firstCohort();
    String sql =
        RETENTION
            .replace("$LINKS", LINKS)
            .replace("$SITE", SITE)
            .replace("$BASE", Long.toString(q.startOf(base).getEpochSecond() * 1_000_000L))
            .replace("$FROM", at(q.from()))
            .replace("$TO", at(q.to()))
            .replace("$HORIZON", at(q.horizon()))
            .replace("$PERIODS", Integer.toString(q.periods()));
    TreeMap<Integer, long[]> counts = new TreeMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        counts.computeIfAbsent(rs.getInt(1), k -> new long[q.periods() + 1])[rs.getInt(2)] =
            rs.getLong(3);
      }
    }
    return cohorts(q, counts);
  }

  /** The retention result of counts per cohort number (weeks from the first cohort) and period. */
  static Retention.Result cohorts(Retention.Query q, java.util.SortedMap<Integer, long[]> counts) {
    LocalDate base = q.firstCohort();
    List<Retention.Cohort> cohorts = new ArrayList<>();
    counts.forEach((k, n) -> cohorts.add(Retention.cohort(q, "", q.period().plus(base, k), n)));
    return new Retention.Result(cohorts);
  }

  /**
   * The hand-written active users, days only: per person one mask of the days with an event, bit
   * {@code d + 30} for day d of the range from day -29 to day 59, bit 0 for any day before; the
   * people counted per distinct mask, then each day's numbers by bit tests on the masks.
   */
  static final String ACTIVE =
      """
      WITH $LINKS,
      e AS NOT MATERIALIZED (SELECT user_id, visitor_id,
          1::HUGEINT << greatest(epoch_us(ts) // 86400000000 - $DAY0 + 30, 0) AS b
        FROM events WHERE site_id = '$SITE' AND ts < $END),
      known AS (SELECT user_id AS person, bit_or(b) AS m FROM e WHERE user_id <> '' GROUP BY user_id),
      anon AS (SELECT lk.u AS person, a.m FROM
          (SELECT visitor_id, bit_or(b) AS m FROM e WHERE coalesce(user_id, '') = ''
            GROUP BY visitor_id) a
          JOIN lk ON lk.visitor_id = a.visitor_id),
      shapes AS (SELECT m, count(*) AS n FROM
          (SELECT bit_or(m) AS m FROM (SELECT * FROM known UNION ALL SELECT * FROM anon)
            GROUP BY person) GROUP BY m),
      bits AS (SELECT m, n, d, (m >> (d + 30)) & 1 = 1 AS on_d,
          m & ((1::HUGEINT << (d + 30)) - 1) = 0 AS none_before FROM shapes, range(0, $DAYS) t(d))
      SELECT d,
        coalesce(sum(n) FILTER (WHERE on_d), 0) AS active,
        coalesce(sum(n) FILTER (WHERE (m >> (d + 24)) & 127 <> 0), 0) AS wau,
        coalesce(sum(n) FILTER (WHERE (m >> (d + 1)) & 1073741823 <> 0), 0) AS mau,
        coalesce(sum(n) FILTER (WHERE on_d AND none_before), 0) AS fresh,
        coalesce(sum(n) FILTER (WHERE on_d AND (m >> (d + 29)) & 1 = 1), 0) AS retained,
        coalesce(sum(n) FILTER (WHERE NOT on_d AND (m >> (d + 29)) & 1 = 1), 0) AS dormant,
        coalesce(sum(n) FILTER (WHERE on_d AND none_before
          AND (m >> (d + 31)) & 1073741823 <> 0), 0) AS returned
      FROM bits GROUP BY d ORDER BY d
      """;

  static ActiveUsers.Report handActiveUsers(Connection c, ActiveUsers.Query q) throws SQLException {
    if (q.period() != ActiveUsers.Period.DAY
        || !q.zone().equals(ZoneOffset.UTC)
        || q.unit() != ActiveUsers.Unit.PERSON) {
      throw new IllegalArgumentException("the hand-written statement is of UTC days of people");
    }
    int days = (int) (q.last().toEpochDay() - q.first().toEpochDay()) + 1;
    if (days > 30) {
      throw new IllegalArgumentException("the hand-written statement's masks hold 30 days");
    }
    String sql =
        ACTIVE
            .replace("$LINKS", LINKS)
            .replace("$SITE", SITE)
            .replace("$DAY0", Long.toString(q.first().toEpochDay()))
            .replace("$DAYS", Integer.toString(days))
            .replace("$END", at(q.last().plusDays(31).atStartOfDay(ZoneOffset.UTC).toInstant()));
    List<ActiveUsers.Bucket> buckets = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        long[] n = new long[7];
        for (int i = 0; i < 7; i++) {
          n[i] = rs.getLong(i + 2);
        }
        buckets.add(day(q.first().plusDays(rs.getInt(1)), n));
      }
    }
    return new ActiveUsers.Report(q.unit(), q.period(), buckets);
  }

  /**
   * A day's bucket of counts: active, 7-day and 30-day active, new, retained, dormant and new
   * people who returned within 30 days.
   */
  static ActiveUsers.Bucket day(LocalDate day, long[] n) {
    return new ActiveUsers.Bucket(day, day, day, 1, n[0], n[0], n[1], n[2], n[3], n[4], n[5], n[6]);
  }

  /**
   * The hand-written people list: the page among the most recent rows (see the class comment), its
   * people's events found by user id and by linked visitor, their property changes folded (per key,
   * the values from the last set or unset on; the earliest of them that is not an unset), and their
   * revenue per currency.
   */
  static final String PEOPLE =
      """
      WITH $LINKS,
      te AS (SELECT user_id, visitor_id, ts FROM events WHERE site_id = '$SITE'
        ORDER BY ts DESC LIMIT $RECENT),
      tp AS (SELECT user_id, ts FROM person_properties WHERE site_id = '$SITE'
        ORDER BY ts DESC LIMIT $RECENT),
      tl AS (SELECT user_id, linked_at AS ts FROM person_links WHERE site_id = '$SITE'
        ORDER BY linked_at DESC LIMIT $RECENT),
      cut AS (SELECT greatest(
          (SELECT CASE WHEN count(*) = $RECENT THEN min(ts) END FROM te),
          (SELECT CASE WHEN count(*) = $RECENT THEN min(ts) END FROM tp),
          (SELECT CASE WHEN count(*) = $RECENT THEN min(ts) END FROM tl),
          TIMESTAMP '-infinity') AS t),
      recent AS (SELECT person, max(ts) AS last_seen FROM (
          SELECT coalesce(nullif(te.user_id, ''), lk.u) AS person, te.ts FROM te
            LEFT JOIN lk ON lk.visitor_id = te.visitor_id
          UNION ALL SELECT user_id, ts FROM tp UNION ALL SELECT user_id, ts FROM tl)
        WHERE person IS NOT NULL AND ts > (SELECT t FROM cut) GROUP BY person),
      page AS (SELECT person, (SELECT count(*) FROM recent) AS complete FROM recent
        ORDER BY last_seen DESC, person LIMIT $PAGE),
      theirs AS (SELECT e.user_id AS person, e.ts, e.session_id, e.revenue_currency,
          e.revenue_amount FROM events e WHERE e.site_id = '$SITE'
          AND e.user_id IN (SELECT person FROM page)
        UNION ALL SELECT mine.u, e.ts, e.session_id, e.revenue_currency, e.revenue_amount
          FROM events e JOIN (SELECT visitor_id, u FROM lk WHERE u IN (SELECT person FROM page)) mine
            ON mine.visitor_id = e.visitor_id
          WHERE e.site_id = '$SITE' AND coalesce(e.user_id, '') = ''),
      counted AS (SELECT person, count(*) AS events,
          count(DISTINCT session_id) + max(CASE WHEN session_id IS NULL THEN 1 ELSE 0 END) AS visits,
          min(ts) AS first_ts, max(ts) AS last_ts FROM theirs GROUP BY person),
      said AS (SELECT user_id AS person, min(ts) AS first_ts, max(ts) AS last_ts FROM (
          SELECT user_id, ts FROM person_properties WHERE site_id = '$SITE'
            AND user_id IN (SELECT person FROM page)
          UNION ALL SELECT user_id, linked_at FROM person_links WHERE site_id = '$SITE'
            AND user_id IN (SELECT person FROM page)) GROUP BY user_id),
      changes AS (SELECT user_id AS person, key, op, value_json, (ts, event_id, seq) AS pos
        FROM person_properties WHERE site_id = '$SITE' AND op IN ('set', 'set_once', 'unset')
          AND user_id IN (SELECT person FROM page)),
      decided AS (SELECT person, key, max(pos) AS at FROM changes WHERE op <> 'set_once'
        GROUP BY person, key),
      holding AS (SELECT c.person, c.key, c.value_json FROM changes c
          LEFT JOIN decided d ON d.person = c.person AND d.key = c.key
        WHERE c.op <> 'unset' AND (d.at IS NULL OR c.pos >= d.at)
        QUALIFY row_number() OVER (PARTITION BY c.person, c.key ORDER BY c.pos) = 1),
      current AS (SELECT person, list([key, value_json]) AS props FROM holding GROUP BY person),
      money AS (SELECT person, list([revenue_currency, CAST(amount AS VARCHAR)]) AS revenue
        FROM (SELECT person, revenue_currency, sum(revenue_amount) AS amount FROM theirs
          WHERE revenue_amount IS NOT NULL GROUP BY ALL) GROUP BY person)
      SELECT p.person, least(c.first_ts, s.first_ts) AS first_seen,
        greatest(c.last_ts, s.last_ts) AS last_seen, coalesce(c.events, 0), coalesce(c.visits, 0),
        cur.props, m.revenue, p.complete
      FROM page p LEFT JOIN counted c ON c.person = p.person LEFT JOIN said s ON s.person = p.person
        LEFT JOIN current cur ON cur.person = p.person LEFT JOIN money m ON m.person = p.person
      ORDER BY last_seen DESC, p.person
      """;

  static List<Profile> handPeople(Connection c) throws SQLException {
    String sql =
        PEOPLE
            .replace("$LINKS", LINKS)
            .replace("$SITE", SITE)
            .replace("$RECENT", Integer.toString(RECENT))
            .replace("$PAGE", Integer.toString(PAGE));
    List<Profile> page = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        if (rs.getLong(8) < PAGE) {
          throw new BenchException(
              "the hand-written people list found "
                  + rs.getLong(8)
                  + " complete people among the "
                  + RECENT
                  + " most recent rows, fewer than a page");
        }
        TreeMap<String, String> properties = new TreeMap<>();
        for (String[] pair : pairs(rs.getArray(6))) {
          properties.put(pair[0], pair[1]);
        }
        TreeMap<String, BigDecimal> revenue = new TreeMap<>();
        for (String[] pair : pairs(rs.getArray(7))) {
          revenue.put(pair[0], new BigDecimal(pair[1]));
        }
        page.add(
            new Profile(
                rs.getString(1),
                properties,
                rs.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                rs.getObject(3, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                rs.getLong(4),
                rs.getLong(5),
                revenue));
      }
    }
    return page;
  }

  private static List<String[]> pairs(Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    List<String[]> out = new ArrayList<>();
    for (Object element : (Object[]) array.getArray()) {
      Object[] pair = (Object[]) ((Array) element).getArray();
      out.add(new String[] {(String) pair[0], (String) pair[1]});
    }
    return out;
  }

  /** The run as Markdown: the figures docs/performance.md records. */
  static String markdown(Result r, String store, String load) {
    StringBuilder md = new StringBuilder();
    md.append(
            String.format(
                "People reports on %s: %,d events of %,d people, the month; %d runs; load before:"
                    + " %s%n%n",
                store.equals("clickhouse") ? "ClickHouse" : "DuckDB",
                r.events(),
                r.people(),
                r.timings().getFirst().storeMillis().size(),
                load))
        .append(
            "| report | store median ms | store p95 ms | hand-written median ms |"
                + " hand-written p95 ms | ratio (median, p95) |\n")
        .append("| --- | ---: | ---: | ---: | ---: | --- |\n");
    for (Timing t : r.timings()) {
      long sm = FunnelBenchmark.percentile(t.storeMillis(), 50);
      long sp = FunnelBenchmark.percentile(t.storeMillis(), 95);
      long hm = FunnelBenchmark.percentile(t.handMillis(), 50);
      long hp = FunnelBenchmark.percentile(t.handMillis(), 95);
      md.append(
          String.format(
              "| %s | %d | %d | %d | %d | %.2f, %.2f |%n",
              t.report(),
              sm,
              sp,
              hm,
              hp,
              sm / (double) Math.max(1, hm),
              sp / (double) Math.max(1, hp)));
    }
    md.append('\n');
    for (Timing t : r.timings()) {
      md.append("- ").append(t.report()).append(": ").append(t.answer()).append('\n');
    }
    return md.toString();
  }
}
