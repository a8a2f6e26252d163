package io.footfall.bench;

import io.footfall.core.Event;
import io.footfall.core.Goal;
import io.footfall.core.people.EventMatch;
import io.footfall.core.people.Funnels;
import io.footfall.core.query.Dimension;
import io.footfall.core.query.Filter;
import io.footfall.store.duckdb.DuckDbStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The funnel benchmark of issue 16 item 10: a month of generated events of many people in a DuckDB
 * file, a 5-step ordered funnel of people with a 7-day window over the month through {@link
 * Funnels#funnel} (the store's statement, as the API runs it), and the same answer from a
 * hand-written SQL statement run directly on the same connection in the same run, each timed in
 * turns; prints the median and 95th percentile of each and their ratio, and fails if the answers
 * differ.
 *
 * <p>Design note: the data. Event {@code i} belongs to person {@code i % people} and is that
 * person's event number {@code k = i / people}; a person's events start on a day of the month drawn
 * from their number and follow each other 1 to 24 hours apart, so most of a person's events lie in
 * one week. Event k is, with 55% chance, step k+1 of the funnel (the pricing page, signup,
 * add_to_cart, checkout, purchase) for k under 5, else a page view of another page or a random
 * step, so that every step has people who reach it and people who drop. 20% of events are anonymous
 * (no user id): their visitor is linked to the person by an identify row, as consent mode leaves
 * them, for 80% of the people; the rest are nobody's.
 */
final class FunnelBenchmark {
  static final String SITE = "funnels";

  private FunnelBenchmark() {}

  /** What the run measured. */
  record Result(
      long events,
      long people,
      Duration generated,
      List<Long> storeMillis,
      List<Long> handMillis,
      Funnels.Result answer) {}

  static Result run(Path file, long events, long people, YearMonth month, int runs, PrintStream out)
      throws SQLException {
    Instant from = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant to = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    try (DuckDbStore store = DuckDbStore.open(file);
        Connection c = store.connection()) {
      Duration generated = ensure(c, file, events, people, from, to, out);
      Funnels.Query q = query(from, to);
      List<Long> storeMillis = new ArrayList<>();
      List<Long> handMillis = new ArrayList<>();
      Funnels.Result answer = null;
      for (int r = 0; r < runs; r++) {
        long t0 = System.nanoTime();
        Funnels.Result viaStore = store.funnels().funnel(q);
        long t1 = System.nanoTime();
        Funnels.Result byHand = handWritten(c, q, from, to);
        long t2 = System.nanoTime();
        if (!viaStore.equals(byHand)) {
          throw new BenchException(
              "the store's funnel and the hand-written statement differ:\n  store "
                  + viaStore
                  + "\n  by hand "
                  + byHand);
        }
        answer = viaStore;
        storeMillis.add((t1 - t0) / 1_000_000);
        handMillis.add((t2 - t1) / 1_000_000);
        out.printf(
            "  run %d: store %d ms, hand-written %d ms%n",
            r + 1, storeMillis.getLast(), handMillis.getLast());
      }
      return new Result(events, people, generated, storeMillis, handMillis, answer);
    }
  }

  /**
   * Generates the month's events into the file unless it already holds as many; returns the time
   * the generation took (zero when the file was reused).
   */
  static Duration ensure(
      Connection c, Path file, long events, long people, Instant from, Instant to, PrintStream out)
      throws SQLException {
    // The generator keeps only the events inside the month, so the file remembers what was asked.
    String asked = events + " events of " + people + " people from " + from + " to " + to;
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS bench_generated (asked VARCHAR)");
      try (ResultSet rs = s.executeQuery("SELECT asked FROM bench_generated")) {
        if (rs.next() && rs.getString(1).equals(asked)) {
          out.printf("reusing %,d events of %,d people in %s%n", count(c), people, file);
          return Duration.ZERO;
        }
      }
    }
    long start = System.nanoTime();
    out.printf("generating %,d events of %,d people from %s%n", events, people, from);
    generate(c, events, people, from, to);
    try (Statement s = c.createStatement()) {
      s.execute("DELETE FROM bench_generated");
      s.execute("INSERT INTO bench_generated VALUES ('" + asked + "')");
    }
    Duration generated = Duration.ofNanos(System.nanoTime() - start);
    out.printf("  generated in %.1f s%n", generated.toMillis() / 1e3);
    return generated;
  }

  /** Microseconds since the epoch. */
  static long micros(Instant t) {
    return java.time.temporal.ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }

  /** Month bounds: its first instant and the first of the next month, UTC. */
  static Instant[] bounds(YearMonth month) {
    return new Instant[] {
      month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
      month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant()
    };
  }

  static Funnels.Query query(Instant from, Instant to) {
    return new Funnels.Query(
        SITE,
        from,
        to,
        List.of(
            step(Event.PAGEVIEW, "/pricing"),
            step("signup", ""),
            step("add_to_cart", ""),
            step("checkout", ""),
            step("purchase", "")),
        List.<Goal>of(),
        Duration.ofDays(7),
        Funnels.Unit.PERSON,
        Funnels.Order.ORDERED,
        List.of());
  }

  private static EventMatch step(String name, String path) {
    List<Filter> filters = new ArrayList<>();
    filters.add(new Filter(Filter.Op.IS, Dimension.of(Dimension.Kind.NAME), false, List.of(name)));
    if (!path.isEmpty()) {
      filters.add(
          new Filter(Filter.Op.IS, Dimension.of(Dimension.Kind.PAGE), false, List.of(path)));
    }
    return new EventMatch(path.isEmpty() ? name : path, filters);
  }

  static long count(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT count(*) FROM events WHERE site_id = '" + SITE + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static void generate(Connection c, long events, long people, Instant from, Instant to)
      throws SQLException {
    long days = Duration.between(from, to).toDays();
    try (Statement s = c.createStatement()) {
      s.execute("DELETE FROM events WHERE site_id = '" + SITE + "'");
      s.execute("DELETE FROM person_links WHERE site_id = '" + SITE + "'");
      // p: the person, k: their event number; start: the person's first event; anon: no user id.
      s.execute(
          "INSERT INTO events (site_id, event_id, ts, received_at, name, visitor_id, session_id,"
              + " user_id, hostname, pathname, source, country, device, props)"
              + " SELECT '"
              + SITE
              + "', 'e' || i, ts, ts, name, 1000000000 + p, (1000000000 + p) * 100 + k, CASE WHEN"
              + " anon THEN NULL ELSE 'user-' || p END, 'shop.example', CASE WHEN name ="
              + " 'pageview' THEN path ELSE '/app' END, ['', 'Google', 'Newsletter'][1 + (hash(p, 3) % 1000000007)::BIGINT"
              + " % 3], ['DE', 'FR', 'US', 'GB'][1 + (hash(p, 4) % 1000000007)::BIGINT % 4], ['desktop', 'mobile'][1 +"
              + " (hash(p, 5) % 1000000007)::BIGINT % 2], '{}' FROM (SELECT i, p, k, TIMESTAMP '"
              + java.time.LocalDateTime.ofInstant(from, ZoneOffset.UTC)
              + "' + to_seconds(((hash(p, 1) % 1000000007)::BIGINT % "
              + days
              + ") * 86400 + k * (3600 + (hash(p, 2) % 1000000007)::BIGINT % 82800) + (hash(i, 6) % 1000000007)::BIGINT % 600) AS ts,"
              + " (hash(i, 7) % 1000000007)::BIGINT % 5 = 0 AS anon, CASE WHEN k < 5 AND (hash(i, 8) % 1000000007)::BIGINT % 100 < 55 THEN ['pageview',"
              + " 'signup', 'add_to_cart', 'checkout', 'purchase'][k + 1] WHEN (hash(i, 9) % 1000000007)::BIGINT % 10 <"
              + " 6 THEN 'pageview' ELSE ['signup', 'add_to_cart', 'checkout', 'purchase'][1 +"
              + " (hash(i, 10) % 1000000007)::BIGINT % 4] END AS name, CASE WHEN k = 0 OR (hash(i, 11) % 1000000007)::BIGINT % 4 = 0 THEN"
              + " '/pricing' ELSE '/page/' || ((hash(i, 12) % 1000000007)::BIGINT % 50) END AS path FROM (SELECT i, i %"
              + " "
              + people
              + " AS p, i // "
              + people
              + " AS k FROM range("
              + events
              + ") t(i))) WHERE ts < TIMESTAMP '"
              + java.time.LocalDateTime.ofInstant(to, ZoneOffset.UTC)
              + "'");
      // 80% of people link their anonymous visitor to themselves.
      s.execute(
          "INSERT INTO person_links (site_id, visitor_id, user_id, linked_at, event_id) SELECT '"
              + SITE
              + "', 1000000000 + p, 'user-' || p, TIMESTAMP '"
              + java.time.LocalDateTime.ofInstant(from, ZoneOffset.UTC)
              + "', 'link-' || p FROM range("
              + people
              + ") t(p) WHERE (hash(p, 13) % 1000000007)::BIGINT % 5 <> 0");
      s.execute("CHECKPOINT");
    }
  }

  /**
   * The same answer by a statement written by hand for this one funnel: the events that match a
   * step, numbered by step, per person sorted once by (time, id); {@code HANDWRITTEN} holds it.
   */
  static Funnels.Result handWritten(Connection c, Funnels.Query q, Instant from, Instant to)
      throws SQLException {
    String sql =
        HANDWRITTEN
            .replace("$SITE", SITE)
            .replace("$FROM", java.time.LocalDateTime.ofInstant(from, ZoneOffset.UTC).toString())
            .replace("$TO", java.time.LocalDateTime.ofInstant(to, ZoneOffset.UTC).toString())
            .replace(
                "$END",
                java.time.LocalDateTime.ofInstant(to.plus(q.window()), ZoneOffset.UTC).toString())
            .replace("$WINDOW", Long.toString(q.window().toSeconds() * 1_000_000L));
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      List<Funnels.Step> steps = new ArrayList<>();
      for (int k = 1; k <= 5; k++) {
        long n = rs.getLong("n" + k);
        Optional<Funnels.Times> times = Optional.empty();
        if (k > 1 && n > 0) {
          times =
              Optional.of(
                  new Funnels.Times(
                      Duration.ofNanos(rs.getLong("med" + k) * 1000),
                      Duration.ofNanos(rs.getLong("p90_" + k) * 1000)));
        }
        steps.add(new Funnels.Step(q.steps().get(k - 1).label(), n, times));
      }
      return new Funnels.Result(q.unit(), steps);
    }
  }

  /**
   * The hand-written statement: the events matching a step get a bit per step; per person, sorted
   * once by (time, id), each window pass finds for every event the chain of the next step's event
   * after it, from the last step back to step 2 ({@code first_value ... IGNORE NULLS} over the
   * following rows: the greedy earliest choice), so a step-1 event's chain is its attempt's step
   * times; the attempt reaches the steps whose time is within the window; per person the one with
   * most steps (then the earliest start) counts.
   */
  static final String HANDWRITTEN =
      """
      WITH links AS (SELECT visitor_id, arg_min(user_id, (linked_at, event_id, user_id)) AS user_id
        FROM person_links WHERE site_id = '$SITE' GROUP BY visitor_id),
      ev AS (SELECT coalesce(nullif(e.user_id, ''), l.user_id) AS unit, epoch_us(e.ts) AS t,
          e.event_id AS id,
          CASE WHEN e.name = 'pageview' AND e.pathname = '/pricing' THEN 1 ELSE 0 END
          + CASE e.name WHEN 'signup' THEN 2 WHEN 'add_to_cart' THEN 4 WHEN 'checkout' THEN 8
              WHEN 'purchase' THEN 16 ELSE 0 END AS m
        FROM events e LEFT JOIN links l ON l.visitor_id = e.visitor_id
        WHERE e.site_id = '$SITE' AND e.ts >= TIMESTAMP '$FROM' AND e.ts <= TIMESTAMP '$END'
          AND (e.name IN ('signup', 'add_to_cart', 'checkout', 'purchase')
            OR (e.name = 'pageview' AND e.pathname = '/pricing'))),
      c AS (SELECT unit, t, m,
          first_value(CASE WHEN m & 16 <> 0 THEN [t] END IGNORE NULLS) OVER w AS c5, id
        FROM ev WHERE unit IS NOT NULL
        WINDOW w AS (PARTITION BY unit ORDER BY t, id
          ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING)),
      c4 AS (SELECT *, first_value(CASE WHEN m & 8 <> 0 THEN [t] || coalesce(c5, []) END
          IGNORE NULLS) OVER w AS k4 FROM c
        WINDOW w AS (PARTITION BY unit ORDER BY t, id
          ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING)),
      c3 AS (SELECT *, first_value(CASE WHEN m & 4 <> 0 THEN [t] || coalesce(k4, []) END
          IGNORE NULLS) OVER w AS k3 FROM c4
        WINDOW w AS (PARTITION BY unit ORDER BY t, id
          ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING)),
      c2 AS (SELECT *, first_value(CASE WHEN m & 2 <> 0 THEN [t] || coalesce(k3, []) END
          IGNORE NULLS) OVER w AS k2 FROM c3
        WINDOW w AS (PARTITION BY unit ORDER BY t, id
          ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING)),
      att AS (SELECT unit, t AS s, list_filter([t] || coalesce(k2, []), lambda x: x <= t + $WINDOW) AS c
        FROM c2 WHERE m & 1 <> 0 AND t >= epoch_us(TIMESTAMP '$FROM') AND t < epoch_us(TIMESTAMP '$TO')),
      kept AS (SELECT len(c) AS r, c FROM att
        QUALIFY row_number() OVER (PARTITION BY unit ORDER BY len(c) DESC, s) = 1),
      agg AS (SELECT count(*) AS n1,
          count(*) FILTER (WHERE r >= 2) AS n2, list_sort(list(c[2] - c[1]) FILTER (WHERE r >= 2)) AS d2,
          count(*) FILTER (WHERE r >= 3) AS n3, list_sort(list(c[3] - c[2]) FILTER (WHERE r >= 3)) AS d3,
          count(*) FILTER (WHERE r >= 4) AS n4, list_sort(list(c[4] - c[3]) FILTER (WHERE r >= 4)) AS d4,
          count(*) FILTER (WHERE r >= 5) AS n5, list_sort(list(c[5] - c[4]) FILTER (WHERE r >= 5)) AS d5
        FROM kept)
      SELECT n1, n2, d2[(n2 + 1) // 2] AS med2, d2[(9 * n2 + 9) // 10] AS p90_2,
        n3, d3[(n3 + 1) // 2] AS med3, d3[(9 * n3 + 9) // 10] AS p90_3,
        n4, d4[(n4 + 1) // 2] AS med4, d4[(9 * n4 + 9) // 10] AS p90_4,
        n5, d5[(n5 + 1) // 2] AS med5, d5[(9 * n5 + 9) // 10] AS p90_5 FROM agg
      """;

  static long percentile(List<Long> values, int p) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get((int) Math.ceil(sorted.size() * p / 100.0) - 1);
  }

  /** The run as Markdown: the figures docs/performance.md records. */
  static String markdown(Result r, String store, String load) {
    long storeMedian = percentile(r.storeMillis(), 50);
    long storeP95 = percentile(r.storeMillis(), 95);
    long handMedian = percentile(r.handMillis(), 50);
    long handP95 = percentile(r.handMillis(), 95);
    StringBuilder md = new StringBuilder();
    md.append(
            String.format(
                "Funnel on %s: %,d events of %,d people, 5 ordered steps, 7-day window, the"
                    + " month; %d runs; load before: %s%n%n",
                store, r.events(), r.people(), r.storeMillis().size(), load))
        .append("| statement | median ms | p95 ms |\n| --- | ---: | ---: |\n")
        .append(String.format("| store (Funnels.funnel) | %d | %d |%n", storeMedian, storeP95))
        .append(String.format("| hand-written SQL | %d | %d |%n", handMedian, handP95))
        .append(
            String.format(
                "| ratio store / hand-written | %.2f | %.2f |%n",
                storeMedian / (double) Math.max(1, handMedian),
                storeP95 / (double) Math.max(1, handP95)))
        .append("\nSteps: ");
    for (Funnels.Step s : r.answer().steps()) {
      md.append(s.label()).append(' ').append(String.format("%,d", s.count())).append("; ");
    }
    return md.append('\n').toString();
  }
}
