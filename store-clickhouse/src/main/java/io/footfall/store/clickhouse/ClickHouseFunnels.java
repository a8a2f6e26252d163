package io.footfall.store.clickhouse;

import io.footfall.core.StoreException;
import io.footfall.core.people.EventMatch;
import io.footfall.core.people.Funnels;
import io.footfall.core.query.QueryFailedException;
import io.footfall.query.sql.EventConditions;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Funnels of a {@link ClickHouseStore}, in one statement per funnel that runs on ClickHouse 18.16
 * (no window functions, no ASOF join) and current versions alike.
 *
 * <p>Design note. Each event of the range (and of the window after it) gets a bit mask: bit k-1
 * when it matches step k, bit 10 when it matches an exclusion. The inner query groups by unit
 * (person or visit) and, in that one aggregation level (18.16 drops subquery columns that only a
 * lambda reads, so every lambda reads aliases of the same level), sorts the unit's events by (time,
 * event id) and follows every attempt as an array {@code [start, end, p2, p3, ...]} of positions:
 * the end is the first exclusion after the start; each further step is found from the previous one,
 * as {@link Funnels.Order} says (ordered and any: by {@code arrayFirst} over that step's own
 * positions, computed once per unit, not over every event per attempt); 0 means not reached. The
 * attempt with most steps (then the earliest start) gives the unit's steps reached and completion
 * times. A person's events are read by user id, and the anonymous ones that match a step or an
 * exclusion are joined to their visitor's first link ({@link ClickHousePeople#firstLinks}), not
 * every event of the site. The outer query counts units per step and takes the nearest-rank median
 * and 90th percentile of the times between consecutive steps by indexing the sorted array of them.
 * On a cluster the shards gather their part of each unit's events and the first node merges them
 * before any lambda runs, so a person whose visitors' events lie on both shards counts once. A
 * split by a person property follows the units as without breakdown and joins each counted person's
 * current value of the property (the people fold, as retention's split) before the outer
 * aggregation.
 */
final class ClickHouseFunnels implements Funnels {
  private static final int EXCLUDED = 1 << 10;
  private static final int CANNOT_COMPILE_REGEXP = 427;

  private final ClickHouseHttp main;
  private final String where;
  private final ClickHouseDialect dialect;

  ClickHouseFunnels(ClickHouseHttp main, String where, ClickHouseDialect dialect) {
    this.main = main;
    this.where = where;
    this.dialect = dialect;
  }

  @Override
  public Result funnel(Query q) {
    int n = q.steps().size();
    List<TabSeparatedRow> rows;
    try {
      rows = main.select(ClickHouseQuery.sql(sql(q, dialect)).withSetting("join_use_nulls", "0"));
    } catch (ClickHouseException e) {
      if (e instanceof ClickHouseQueryException refused
          && refused.code() == CANNOT_COMPILE_REGEXP) {
        throw new QueryFailedException(
            "the funnel query was refused: " + refused.serverMessage(), e);
      }
      throw new StoreException(
          "computing a funnel of "
              + n
              + " steps for site "
              + q.siteId()
              + " in ClickHouse ("
              + where
              + ") failed: "
              + e.getMessage(),
          e);
    }
    // The whole funnel first, then (with a breakdown) the groups, each ending in its value. A
    // grouped statement over no units has no rows at all.
    if (rows.isEmpty()) {
      return new Result(
          q.unit(), q.steps().stream().map(m -> new Step(m.label(), 0, Optional.empty())).toList());
    }
    List<Group> groups = new ArrayList<>();
    for (TabSeparatedRow r : rows.subList(1, rows.size())) {
      groups.add(new Group(r.text(3 * n), steps(q, r)));
    }
    return new Result(q.unit(), steps(q, rows.getFirst()), groups);
  }

  private static List<Step> steps(Query q, TabSeparatedRow r) {
    List<Step> steps = new ArrayList<>();
    for (int k = 1; k <= q.steps().size(); k++) {
      long count = r.int64(3 * (k - 1));
      Optional<Times> times = Optional.empty();
      if (k > 1 && count > 0) {
        times =
            Optional.of(
                new Times(micros(r.int64(3 * (k - 1) + 1)), micros(r.int64(3 * (k - 1) + 2))));
      }
      steps.add(new Step(q.steps().get(k - 1).label(), count, times));
    }
    return steps;
  }

  @Override
  public List<String> dropped(Query q, int step, int limit) {
    Funnels.checkDropped(q, step, limit);
    String sql =
        "SELECT unit FROM ("
            + perUnit(q, dialect)
            + ") WHERE r = "
            + step
            + " ORDER BY unit LIMIT "
            + limit;
    List<String> people = new ArrayList<>();
    try {
      main.forEachRow(
          ClickHouseQuery.sql(sql).withSetting("join_use_nulls", "0"), r -> people.add(r.text(0)));
    } catch (ClickHouseException e) {
      if (e instanceof ClickHouseQueryException refused
          && refused.code() == CANNOT_COMPILE_REGEXP) {
        throw new QueryFailedException(
            "the funnel query was refused: " + refused.serverMessage(), e);
      }
      throw new StoreException(
          "listing who dropped after step "
              + step
              + " of a funnel for site "
              + q.siteId()
              + " in ClickHouse ("
              + where
              + ") failed: "
              + e.getMessage(),
          e);
    }
    return people;
  }

  private static Duration micros(long us) {
    return Duration.of(us, ChronoUnit.MICROS);
  }

  /**
   * The statement: one row of (count, median, p90) per step; median and p90 0 for step 1. With a
   * breakdown each unit's row is doubled by an {@code ARRAY JOIN} (g = 0 for the whole funnel, g =
   * 1 for its group), so one aggregation gives the whole funnel's row first and then the groups',
   * each with its value last: most units at step 1 first, ties by value (strings compare by bytes).
   */
  static String sql(Query q, ClickHouseDialect dialect) {
    int n = q.steps().size();
    boolean split = !q.breakdown().isEmpty();
    StringBuilder s = new StringBuilder("SELECT ");
    for (int k = 1; k <= n; k++) {
      if (k > 1) {
        s.append(", ");
      }
      s.append("countIf(r >= ").append(k).append(") AS n").append(k);
      if (k == 1) {
        s.append(", toInt64(0), toInt64(0)");
      } else {
        String times = "arraySort(groupArrayIf(c" + k + " - c" + (k - 1) + ", r >= " + k + "))";
        s.append(", ")
            .append(times)
            .append("[intDiv(n")
            .append(k)
            .append(" + 1, 2)], ")
            .append(times)
            .append("[intDiv(9 * n")
            .append(k)
            .append(" + 9, 10)]");
      }
    }
    s.append(split ? ", if(g = 0, '', v) AS gv" : "");
    String units = perUnit(q, dialect);
    if (split && q.breakdown().getFirst().byPerson()) {
      // A person property: each counted person's current value of it (the people fold), joined
      // once the attempt is chosen; no value (or an empty text) is (none).
      StringBuilder valued = new StringBuilder("SELECT r");
      for (int k = 1; k <= n; k++) {
        valued.append(", c").append(k);
      }
      String none = ClickHouseLiterals.string(NONE);
      units =
          valued
              + ", if(pv_text = '', "
              + none
              + ", pv_text) AS v FROM ("
              + units
              + ") AS units ANY LEFT JOIN (SELECT user_id AS unit, cur_text AS pv_text FROM ("
              + ClickHousePeople.fold(
                  ClickHouseLiterals.string(q.siteId()),
                  "key = " + ClickHouseLiterals.string(q.breakdown().getFirst().property()))
              + ")) AS pv USING unit";
    }
    s.append(" FROM (").append(units).append(")");
    if (split) {
      s.append(" ARRAY JOIN [0, 1] AS g GROUP BY g, gv ORDER BY g, n1 DESC, gv LIMIT ")
          .append(q.breakdown().getFirst().limit() + 1);
    }
    return s.toString();
  }

  /**
   * The inner query: per unit with a start, {@code unit}, {@code r} (the steps its counted attempt
   * reached) and {@code c1..cn} (its completion time of each, 0 past r), among others.
   */
  static String perUnit(Query q, ClickHouseDialect dialect) {
    int n = q.steps().size();
    boolean person = q.unit() == Unit.PERSON;
    String site = ClickHouseLiterals.string(q.siteId());
    long window = q.window().toSeconds() * 1_000_000L;
    long from = ClickHouseDialect.micros(q.from());
    long to = ClickHouseDialect.micros(q.to());
    StringBuilder mask = new StringBuilder("(0");
    for (int k = 0; k < n; k++) {
      mask.append(" + if(")
          .append(condition(q.steps().get(k), q, dialect))
          .append(", ")
          .append(1 << k)
          .append(", 0)");
    }
    if (!q.exclusions().isEmpty()) {
      mask.append(" + if(0");
      for (EventMatch x : q.exclusions()) {
        mask.append(" OR ").append(condition(x, q, dialect));
      }
      mask.append(", ").append(EXCLUDED).append(", 0)");
    }
    mask.append(")");
    // A split by the value on the step-1 event; a person property is joined after (sql).
    boolean split = !q.breakdown().isEmpty() && !q.breakdown().getFirst().byPerson();
    // The breakdown's value, read on step-1 events only: the others never start an attempt.
    String value =
        split
            ? ", materialize(if("
                + condition(q.steps().getFirst(), q, dialect)
                + ", "
                + ClickHouseStore.render(
                    EventConditions.value(
                        dialect, q.breakdown().getFirst().dimension().orElseThrow(), ""))
                + ", '')) AS bv"
            : "";
    // The events that can take part: of the site, in the range and its window after, of the
    // cohort, matching a step or an exclusion (any event, for a strict order: one in between
    // breaks it), each with its mask and split value.
    // materialize: a step of any event makes a constant mask, which the join makes a column, and
    // 18.16's UNION ALL refuses a constant in one branch and a column in the other.
    String events =
        " ts, event_id, materialize("
            + mask
            + ") AS fm"
            + value
            + " FROM events WHERE site_id = "
            + site
            + " AND ts >= "
            + from
            + " AND ts <= "
            + (to + window)
            + q.segment().map(seg -> " AND " + dialect.inSegment(seg, "").sql()).orElse("")
            + " AND fm"
            + (q.order() == Order.STRICT ? " >= 0" : " != 0");
    String carried = " ts, event_id, fm" + (split ? ", bv" : "");
    // A person's events: by user id, or through the visitor's first link for anonymous events;
    // only those are joined to the links, not every event.
    String units =
        person
            ? "SELECT user_id AS unit,"
                + carried
                + " FROM (SELECT user_id,"
                + events
                + " AND user_id != '') UNION ALL SELECT linked_person AS unit,"
                + carried
                + " FROM (SELECT visitor_id,"
                + events
                + " AND user_id = '') GLOBAL ANY INNER JOIN "
                + ClickHousePeople.firstLinks(site)
                + " AS links USING visitor_id"
            : "SELECT session_id AS unit," + carried + " FROM (SELECT session_id," + events + ")";
    StringBuilder s =
        new StringBuilder("SELECT unit, arraySort(groupArray((ts, event_id, fm")
            .append(split ? ", bv" : "")
            .append("))) AS evs,")
            .append(" arrayMap(e -> tupleElement(e, 1), evs) AS tss,")
            .append(split ? " arrayMap(e -> tupleElement(e, 4), evs) AS bvs," : "")
            .append(" arrayMap(e -> tupleElement(e, 3), evs) AS ms, arrayEnumerate(ms) AS idx,")
            .append(" arrayFilter(i -> bitAnd(ms[i], 1) != 0 AND tss[i] < ")
            .append(to)
            .append(", idx) AS starts,")
            // [start, end]: the end is the first exclusion after the start, else past the last
            // event (always, without exclusions: no search).
            .append(
                q.exclusions().isEmpty()
                    ? " arrayMap(i -> [toUInt32(i), toUInt32(length(ms) + 1)], starts) AS a1"
                    : " arrayMap(i -> [toUInt32(i), toUInt32(if(arrayFirstIndex((xm, xj) -> xj > i"
                        + " AND bitAnd(xm, "
                        + EXCLUDED
                        + ") != 0, ms, idx) = 0, length(ms) + 1, arrayFirstIndex((xm, xj) -> xj > i"
                        + " AND bitAnd(xm, "
                        + EXCLUDED
                        + ") != 0, ms, idx)))], starts) AS a1");
    if (q.order() != Order.STRICT) {
      // Each step's positions, searched from each attempt's previous step.
      for (int k = 2; k <= n; k++) {
        s.append(", arrayFilter(i -> bitAnd(ms[i], ")
            .append(1 << (k - 1))
            .append(") != 0, idx) AS at")
            .append(k);
      }
    }
    for (int k = 2; k <= n; k++) {
      String prev = k == 2 ? "a[1]" : "a[" + k + "]";
      String lim = "tss[a[1]] + " + window;
      int bit = 1 << (k - 1);
      String next =
          switch (q.order()) {
            case ORDERED ->
                "if("
                    + prev
                    + " = 0, toUInt32(0), toUInt32(arrayFirst(j -> j > "
                    + prev
                    + " AND j < a[2] AND tss[j] <= "
                    + lim
                    + ", at"
                    + k
                    + ")))";
            case STRICT ->
                "if("
                    + prev
                    + " > 0 AND "
                    + prev
                    + " + 1 < a[2] AND bitAnd(ms["
                    + prev
                    + " + 1], "
                    + bit
                    + ") != 0 AND tss["
                    + prev
                    + " + 1] <= "
                    + lim
                    + ", toUInt32("
                    + prev
                    + " + 1), toUInt32(0))";
            case ANY ->
                "if("
                    + prev
                    + " = 0, toUInt32(0), toUInt32(arrayFirst(j -> j > a[1] AND j < a[2] AND"
                    + " tss[j] <= "
                    + lim
                    + ", at"
                    + k
                    + ")))";
          };
      s.append(", arrayMap(a -> arrayPushBack(a, ")
          .append(next)
          .append("), a")
          .append(k - 1)
          .append(") AS a")
          .append(k);
    }
    // The counted attempt: most steps reached, then the earliest start.
    s.append(", arraySort(a -> (-toInt64(arrayCount(p -> p > 0, a)), a[1]), a")
        .append(n)
        .append(")[1] AS best, arrayCount(p -> p > 0, arraySlice(best, 3)) + 1 AS r,")
        .append(" tss[best[1]] AS c1")
        .append(split ? ", bvs[best[1]] AS v" : "");
    for (int k = 2; k <= n; k++) {
      s.append(", if(r >= ")
          .append(k)
          .append(", greatest(c")
          .append(k - 1)
          .append(", tss[best[")
          .append(k + 1)
          .append("]]), toInt64(0)) AS c")
          .append(k);
    }
    s.append(" FROM (")
        .append(units)
        .append(") GROUP BY unit HAVING countIf(bitAnd(fm, 1) != 0 AND ts < ")
        .append(to)
        .append(") > 0");
    return s.toString();
  }

  private static String condition(EventMatch match, Query q, ClickHouseDialect dialect) {
    return ClickHouseStore.render(EventConditions.compile(dialect, match.filters(), q.goals(), ""));
  }
}
