package io.footfall.bench;

import io.footfall.core.people.Funnels;
import io.footfall.store.clickhouse.ClickHouseHttp;
import io.footfall.store.clickhouse.ClickHouseStore;
import io.footfall.store.clickhouse.TabSeparatedRow;
import io.footfall.store.duckdb.DuckDbStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The funnel benchmark on ClickHouse: the month {@link FunnelBenchmark} generates in its DuckDB
 * file, copied into a throwaway {@code clickhouse-server} ({@link ClickHouseMonthCopy}), then the
 * same 5-step funnel through {@link ClickHouseStore#funnels()} and a hand-written ClickHouse
 * statement for the same answer, timed in turns; both must answer as the DuckDB store does over the
 * same events.
 */
final class ClickHouseFunnelBenchmark {
  private static final String DATABASE = "funnel_bench";

  private ClickHouseFunnelBenchmark() {}

  static FunnelBenchmark.Result run(
      Path file,
      long events,
      long people,
      YearMonth month,
      int runs,
      ClickHouseOptions options,
      PrintStream out)
      throws SQLException, IOException {
    Instant[] range = FunnelBenchmark.bounds(month);
    Funnels.Query q = FunnelBenchmark.query(range[0], range[1]);
    Duration generated;
    Funnels.Result duckAnswer;
    ClickHouseMonthCopy copy;
    try (DuckDbStore duck = DuckDbStore.open(file);
        Connection c = duck.connection()) {
      generated = FunnelBenchmark.ensure(c, file, events, people, range[0], range[1], out);
      duckAnswer = duck.funnels().funnel(q);
      copy = ClickHouseMonthCopy.of(c, DATABASE, options, out);
    }
    try (copy) {
      ClickHouseStore store = copy.store();
      ClickHouseHttp admin = copy.admin();
      String sql = handWritten(q, range[0], range[1]);
      List<Long> storeMillis = new ArrayList<>();
      List<Long> handMillis = new ArrayList<>();
      for (int r = 0; r < runs; r++) {
        long t0 = System.nanoTime();
        Funnels.Result viaStore = store.funnels().funnel(q);
        long t1 = System.nanoTime();
        Funnels.Result byHand = result(q, admin.select(sql).getFirst());
        long t2 = System.nanoTime();
        if (!viaStore.equals(byHand) || !viaStore.equals(duckAnswer)) {
          throw new BenchException(
              "the ClickHouse store's funnel, the hand-written statement and DuckDB differ:\n  store "
                  + viaStore
                  + "\n  by hand "
                  + byHand
                  + "\n  DuckDB "
                  + duckAnswer);
        }
        storeMillis.add((t1 - t0) / 1_000_000);
        handMillis.add((t2 - t1) / 1_000_000);
        out.printf(
            "  run %d: store %d ms, hand-written %d ms%n",
            r + 1, storeMillis.getLast(), handMillis.getLast());
      }
      return new FunnelBenchmark.Result(
          events, people, generated, storeMillis, handMillis, duckAnswer);
    }
  }

  private static final long NONE = 4_294_967_295L;

  /**
   * The hand-written ClickHouse statement for this one funnel (5 ordered steps, no exclusions), a
   * different formulation from the store's: per person, each step's positions in the (time, id)
   * order as their own array ending in a sentinel; from a start {@code s}, step k's position is the
   * first of step k's positions after step k-1's that is within the window, else the sentinel (so
   * every later step is too); each start's score is steps reached × 2^32 + (2^32 - 1 - s), the
   * counted attempt the start of the highest score; its steps are found again from it.
   */
  static String handWritten(Funnels.Query q, Instant from, Instant to) {
    long fromUs = FunnelBenchmark.micros(from);
    long toUs = FunnelBenchmark.micros(to);
    long window = q.window().toSeconds() * 1_000_000L;
    StringBuilder score = new StringBuilder("(1");
    for (int k = 2; k <= 5; k++) {
      score.append(" + (").append(position(k, "s", window)).append(" != ").append(NONE).append(")");
    }
    score.append(")");
    StringBuilder sql = new StringBuilder("SELECT count() AS n1");
    for (int k = 2; k <= 5; k++) {
      String d = "arraySort(groupArrayIf(c" + k + " - c" + (k - 1) + ", r >= " + k + "))";
      sql.append(", countIf(r >= ")
          .append(k)
          .append(")")
          .append(", ")
          .append(d)
          .append("[intDiv(countIf(r >= ")
          .append(k)
          .append(") + 1, 2)]")
          .append(", ")
          .append(d)
          .append("[intDiv(9 * countIf(r >= ")
          .append(k)
          .append(") + 9, 10)]");
    }
    sql.append(" FROM (SELECT unit, arraySort(groupArray((ts, event_id, m))) AS evs,")
        .append(" arrayMap(e -> tupleElement(e, 1), evs) AS t,")
        .append(" arrayMap(e -> tupleElement(e, 3), evs) AS ms, arrayEnumerate(ms) AS ix,")
        .append(" arrayFilter(i -> bitAnd(ms[i], 1) != 0 AND t[i] < ")
        .append(toUs)
        .append(", ix) AS q1");
    for (int k = 2; k <= 5; k++) {
      sql.append(", arrayPushBack(arrayFilter(i -> bitAnd(ms[i], ")
          .append(1 << (k - 1))
          .append(") != 0, ix), toUInt32(")
          .append(NONE)
          .append(")) AS q")
          .append(k);
    }
    sql.append(", arrayReduce('max', arrayMap(s -> toUInt64(")
        .append(score)
        .append(") * 4294967296 + (")
        .append(NONE)
        .append(" - s), q1)) AS best, toUInt32(")
        .append(NONE)
        .append(" - best % 4294967296) AS sb, intDiv(best, 4294967296) AS r, t[sb] AS c1");
    for (int k = 2; k <= 5; k++) {
      sql.append(", if(r >= ")
          .append(k)
          .append(", t[")
          .append(position(k, "sb", window))
          .append("], toInt64(0)) AS c")
          .append(k);
    }
    sql.append(
            " FROM (SELECT if(user_id != '', user_id, lu) AS unit, ts, event_id,"
                + " if(name = 'pageview' AND pathname = '/pricing', 1, 0) + multiIf(name ="
                + " 'signup', 2, name = 'add_to_cart', 4, name = 'checkout', 8, name = 'purchase',"
                + " 16, 0) AS m FROM events ANY LEFT JOIN (SELECT visitor_id,"
                + " argMin(user_id, (linked_at, event_id)) AS lu FROM person_links WHERE site_id = '")
        .append(FunnelBenchmark.SITE)
        .append("' GROUP BY visitor_id) USING visitor_id WHERE site_id = '")
        .append(FunnelBenchmark.SITE)
        .append("' AND ts >= ")
        .append(fromUs)
        .append(" AND ts <= ")
        .append(toUs + window)
        .append(") WHERE unit != '' AND m != 0 GROUP BY unit HAVING length(q1) > 0)");
    return sql.toString();
  }

  /** Step k's position in the attempt that starts at {@code start}, or the sentinel. */
  private static String position(int k, String start, long window) {
    if (k == 1) {
      return start;
    }
    return "arrayFirst(j -> j = "
        + NONE
        + " OR (j > "
        + position(k - 1, start, window)
        + " AND t[j] <= t["
        + start
        + "] + "
        + window
        + "), q"
        + k
        + ")";
  }

  private static Funnels.Result result(Funnels.Query q, TabSeparatedRow row) {
    List<Funnels.Step> steps = new ArrayList<>();
    steps.add(new Funnels.Step(q.steps().getFirst().label(), row.int64(0), Optional.empty()));
    for (int k = 2; k <= 5; k++) {
      long n = row.int64(3 * k - 5);
      Optional<Funnels.Times> times =
          n == 0
              ? Optional.empty()
              : Optional.of(
                  new Funnels.Times(
                      Duration.ofNanos(row.int64(3 * k - 4) * 1000),
                      Duration.ofNanos(row.int64(3 * k - 3) * 1000)));
      steps.add(new Funnels.Step(q.steps().get(k - 1).label(), n, times));
    }
    return new Funnels.Result(q.unit(), steps);
  }
}
