package io.footfall.store.duckdb;

import io.footfall.core.StoreException;
import io.footfall.core.people.EventMatch;
import io.footfall.core.people.Funnels;
import io.footfall.core.query.QueryFailedException;
import io.footfall.query.sql.CompiledQuery;
import io.footfall.query.sql.EventConditions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Funnels of the embedded store, in one SQL statement per funnel.
 *
 * <p>Design note. Each event of the range (and of the window after it) gets a bit mask: bit k-1
 * when it matches step k, bit 10 when it matches an exclusion. Per unit (person or visit) the
 * events that matter (those with a bit set; for a strict funnel every event, since any event
 * between two steps breaks it) are gathered as one list of {@code t * 2048 + bits} in (time, event
 * id) order (see {@link #attempts} for how ties in time are kept exact). Each step-1 event in the
 * range starts an attempt (one row per attempt, by {@code unnest}); its end is the first exclusion
 * after it; each further step is found by a list lambda from the previous step's position: the
 * first matching event after it ({@code ordered}), the very next event ({@code strict}), or the
 * first matching event after the start ({@code any}), before the end and within the window. The
 * greedy earliest choice is the furthest an ordered attempt can get from its start. The unit's
 * attempt reaching most steps (then starting first) is kept; the last level counts units per step
 * and takes the nearest-rank median and 90th percentile of the time between consecutive steps from
 * the sorted list of those times. With a breakdown, step-1 events also carry the dimension's value
 * (a second list), the counted attempt takes its start's, and the last level groups by grouping
 * sets: the whole funnel and each value. A split by a person property gathers as a funnel without
 * breakdown does and joins each counted person's current value of the property (folded for those
 * people only, as retention does) to the last level.
 */
final class DuckDbFunnels implements Funnels {
  private static final DuckDbDialect DIALECT = new DuckDbDialect();
  private static final int EXCLUDED = 1 << 10;

  private final Supplier<Connection> connections;

  DuckDbFunnels(Supplier<Connection> connections) {
    this.connections = connections;
  }

  @Override
  public Result funnel(Query q) {
    Statement st = statement(q);
    int n = q.steps().size();
    try (Connection c = connections.get();
        PreparedStatement ps = c.prepareStatement(st.text.toString())) {
      for (int i = 0; i < st.parameters.size(); i++) {
        ps.setObject(i + 1, st.parameters.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        // The whole funnel first (with a breakdown, the row of the grand total), then the groups.
        rs.next();
        List<Step> steps = steps(q, rs);
        List<Group> groups = new ArrayList<>();
        while (rs.next()) {
          groups.add(new Group(rs.getString("v"), steps(q, rs)));
        }
        return new Result(q.unit(), steps, groups);
      }
    } catch (SQLException e) {
      if (e.getMessage() != null && e.getMessage().contains("Invalid Input Error")) {
        throw new QueryFailedException("the funnel query was refused: " + e.getMessage(), e);
      }
      throw new StoreException(
          "computing a funnel of "
              + n
              + " steps for site "
              + q.siteId()
              + " failed: "
              + e.getMessage(),
          e);
    }
  }

  private static List<Step> steps(Query q, ResultSet rs) throws SQLException {
    List<Step> steps = new ArrayList<>();
    for (int k = 1; k <= q.steps().size(); k++) {
      long count = rs.getLong("n" + k);
      Optional<Times> times = Optional.empty();
      if (k > 1 && count > 0) {
        times =
            Optional.of(new Times(micros(rs.getLong("med" + k)), micros(rs.getLong("p90_" + k))));
      }
      steps.add(new Step(q.steps().get(k - 1).label(), count, times));
    }
    return steps;
  }

  @Override
  public List<String> dropped(Query q, int step, int limit) {
    Funnels.checkDropped(q, step, limit);
    Statement st = attempts(q);
    st.add(" SELECT unit FROM kept WHERE r = ?", step).add(" ORDER BY unit LIMIT ?", limit);
    List<String> people = new ArrayList<>();
    try (Connection c = connections.get();
        PreparedStatement ps = c.prepareStatement(st.text.toString())) {
      for (int i = 0; i < st.parameters.size(); i++) {
        ps.setObject(i + 1, st.parameters.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          people.add(rs.getString(1));
        }
      }
      return people;
    } catch (SQLException e) {
      if (e.getMessage() != null && e.getMessage().contains("Invalid Input Error")) {
        throw new QueryFailedException("the funnel query was refused: " + e.getMessage(), e);
      }
      throw new StoreException(
          "listing who dropped after step "
              + step
              + " of a funnel for site "
              + q.siteId()
              + " failed: "
              + e.getMessage(),
          e);
    }
  }

  private static Duration micros(long us) {
    return Duration.of(us, ChronoUnit.MICROS);
  }

  /**
   * The statement of {@link #funnel}: one row with n{k}, med{k} and p90_{k} per step k; with a
   * breakdown, that row first (the grand total of the grouping sets), then one per group with its
   * value {@code v}, most units at step 1 first, ties by value (VARCHAR compares by bytes).
   */
  static Statement statement(Query q) {
    int n = q.steps().size();
    boolean split = !q.breakdown().isEmpty();
    Statement s = attempts(q);
    String units = "kept";
    if (split && q.breakdown().getFirst().byPerson()) {
      // A person property: each counted person's current value of it (the fold of their set, set
      // once and unset changes, for these people only), joined once the attempt is chosen.
      DuckDbPeople.Sql pv = new DuckDbPeople.Sql();
      DuckDbPeople.fold(
          pv,
          q.siteId(),
          DuckDbPeople.Scope.CANDIDATES,
          Optional.empty(),
          Optional.of(q.breakdown().getFirst().property()),
          "value_text");
      s.add(", candidates AS (SELECT unit AS user_id FROM kept), pv AS (")
          .add(pv.text())
          .params(pv.parameters())
          .add(
              "), valued AS (SELECT k.*, CASE WHEN coalesce(pv.value_text, '') = '' THEN '"
                  + NONE
                  + "' ELSE pv.value_text END AS v FROM kept k LEFT JOIN pv ON pv.person = k.unit)");
      units = "valued";
    }
    s.add(", agg AS (SELECT ").add(split ? "grouping(v) AS g, v, " : "").add("count(*) AS n1");
    for (int k = 2; k <= n; k++) {
      s.add(", count(*) FILTER (WHERE r >= " + k + ") AS n" + k)
          .add(", list_sort(list(c" + k + " - c" + (k - 1) + ") FILTER (WHERE r >= " + k)
          .add(")) AS d" + k);
    }
    s.add(" FROM " + units).add(split ? " GROUP BY GROUPING SETS ((), (v))" : "").add(")");
    s.add(" SELECT ").add(split ? "v, " : "").add("n1");
    for (int k = 2; k <= n; k++) {
      s.add(", n" + k)
          .add(", d" + k + "[(n" + k + " + 1) // 2] AS med" + k)
          .add(", d" + k + "[(9 * n" + k + " + 9) // 10] AS p90_" + k);
    }
    s.add(" FROM agg");
    if (split) {
      s.add(" ORDER BY g DESC, n1 DESC, v LIMIT " + (q.breakdown().getFirst().limit() + 1));
    }
    return s;
  }

  /**
   * The CTEs up to {@code kept}: per unit its counted attempt, {@code (unit, r, s, c1..cn)} with
   * {@code r} the steps reached and {@code c<k>} step k's completion time; the caller appends the
   * rest, starting with another CTE or the final query.
   */
  static Statement attempts(Query q) {
    int n = q.steps().size();
    boolean person = q.unit() == Unit.PERSON;
    // A split by the value on the step-1 event; a person property is joined after (statement).
    boolean split = !q.breakdown().isEmpty() && !q.breakdown().getFirst().byPerson();
    long window = q.window().toSeconds() * 1_000_000L;
    long toMicros = ChronoUnit.MICROS.between(java.time.Instant.EPOCH, q.to());
    Statement s = new Statement();
    s.add("WITH ");
    if (person) {
      DuckDbPeople.Sql links = new DuckDbPeople.Sql();
      DuckDbPeople.links(links, q.siteId(), Optional.empty());
      s.add(links.text()).params(links.parameters()).add(", ");
    }
    s.add("ev AS NOT MATERIALIZED (SELECT ")
        .add(person ? "coalesce(nullif(e.user_id, ''), l.user_id)" : "e.session_id")
        .add(" AS unit, epoch_us(e.ts) AS t, e.event_id AS id, (0");
    for (int k = 0; k < n; k++) {
      s.add(" + CASE WHEN ")
          .condition(q.steps().get(k), q)
          .add(" THEN " + (1 << k) + " ELSE 0 END");
    }
    if (!q.exclusions().isEmpty()) {
      s.add(" + CASE WHEN false");
      for (EventMatch x : q.exclusions()) {
        s.add(" OR ").condition(x, q);
      }
      s.add(" THEN " + EXCLUDED + " ELSE 0 END");
    }
    s.add(") AS m");
    if (split) {
      // The breakdown's value, read on step-1 events only: the others never start an attempt.
      s.add(", CASE WHEN ")
          .condition(q.steps().getFirst(), q)
          .add(" THEN ")
          .value(q.breakdown().getFirst(), q)
          .add(" END AS bv");
    }
    s.add(" FROM events e");
    if (person) {
      s.add(" LEFT JOIN links l ON l.visitor_id = e.visitor_id");
    }
    s.add(" WHERE e.site_id = ?", q.siteId())
        .add(" AND e.ts >= ?", DuckDbStore.utc(q.from()))
        .add(" AND e.ts <= ?", DuckDbStore.utc(q.to().plus(q.window())));
    q.segment()
        .ifPresent(
            seg -> {
              CompiledQuery member = DIALECT.inSegment(seg, "e.");
              s.add(" AND ").add(member.sql()).params(member.parameters());
            });
    s.add(")");
    // Per unit, its events in order, as one list of BIGINT t * 2048 + m (time in microseconds,
    // then the bits; exact while times stay below 2^52 us, the year 2112): plain lists aggregate
    // and sort several times faster than lists of structs (docs/performance.md, "The funnel
    // benchmark"). Sorting them orders a unit's events by (time, bits), which is the (time, event
    // id) order unless two events of the unit share a microsecond and differ in their bits; such
    // units are gathered again from lists of structs sorted by (time, id). A breakdown needs each
    // start's value beside it, so it gathers every unit that way. Only units with a start.
    String keep =
        (q.order() == Order.STRICT ? "" : " AND m <> 0")
            + " GROUP BY unit HAVING bool_or((m & 1) <> 0 AND t < "
            + toMicros
            + ")";
    String exact = "list_sort(list({'t': t, 'i': id, 'm': m" + (split ? ", 'v': bv" : "") + "}))";
    if (split) {
      s.add(", u0 AS (SELECT unit, " + exact + " AS es FROM ev WHERE unit IS NOT NULL")
          .add(keep)
          .add(
              "), u AS (SELECT unit, list_transform(es, lambda e: e.t * 2048 + e.m) AS es,"
                  + " list_transform(es, lambda e: e.v) AS bvs FROM u0)");
    } else {
      s.add(
              ", u0 AS MATERIALIZED (SELECT unit, es, len(list_filter(range(2, len(es) + 1),"
                  + " lambda i: es[i] >> 11 = es[i - 1] >> 11 AND es[i] <> es[i - 1])) > 0 AS tied"
                  + " FROM (SELECT unit, list_sort(list(t * 2048 + m)) AS es FROM ev"
                  + " WHERE unit IS NOT NULL")
          .add(keep)
          .add(
              ")), u AS (SELECT unit, es FROM u0 WHERE NOT tied UNION ALL SELECT unit,"
                  + " list_transform("
                  + exact
                  + ", lambda e: e.t * 2048 + e.m) FROM ev WHERE unit IN (SELECT unit FROM u0"
                  + " WHERE tied)")
          .add(q.order() == Order.STRICT ? "" : " AND m <> 0")
          .add(" GROUP BY unit)");
    }
    // One row per attempt: its start s (= p1), its end x (the first exclusion after it, else
    // past the last event) and the latest time a step may have.
    String time = "(es[%s] >> 11)";
    s.add(
        ", a1 AS (SELECT unit, es, "
            + (split ? "bvs[s] AS v, " : "")
            + "s, s AS p1, "
            + time.formatted("s")
            + " + "
            + window
            + " AS lim, "
            + (q.exclusions().isEmpty()
                ? "len(es) + 1"
                : "coalesce(list_filter(range(s + 1, len(es) + 1), lambda i: (es[i] & "
                    + EXCLUDED
                    + ") <> 0)[1], len(es) + 1)")
            + " AS x FROM (SELECT unit, es,"
            + (split ? " bvs," : "")
            + " unnest(list_filter(range(1, len(es) + 1),"
            + " lambda i: (es[i] & 1) <> 0 AND "
            + time.formatted("i")
            + " < "
            + toMicros
            + ")) AS s FROM u))");
    for (int k = 2; k <= n; k++) {
      String prev = "p" + (k - 1);
      String bit = Integer.toString(1 << (k - 1));
      String next =
          switch (q.order()) {
            case ORDERED ->
                "CASE WHEN "
                    + prev
                    + " = 0 THEN 0 ELSE coalesce(list_filter(range("
                    + prev
                    + " + 1, x), lambda i: (es[i] & "
                    + bit
                    + ") <> 0 AND (es[i] >> 11) <= lim)[1], 0) END";
            case STRICT ->
                "CASE WHEN "
                    + prev
                    + " > 0 AND "
                    + prev
                    + " + 1 < x AND (es["
                    + prev
                    + " + 1] & "
                    + bit
                    + ") <> 0 AND (es["
                    + prev
                    + " + 1] >> 11) <= lim THEN "
                    + prev
                    + " + 1 ELSE 0 END";
            case ANY ->
                "CASE WHEN "
                    + prev
                    + " = 0 THEN 0 ELSE coalesce(list_filter(range(s + 1, x), lambda i: (es[i] & "
                    + bit
                    + ") <> 0 AND (es[i] >> 11) <= lim)[1], 0) END";
          };
      s.add(", a" + k + " AS (SELECT *, " + next + " AS p" + k + " FROM a" + (k - 1) + ")");
    }
    // The unit's counted attempt, with its completion time of each step reached: the latest
    // time of the steps up to it (for ordered and strict funnels, the step's own time).
    s.add(", best AS (SELECT unit, (0");
    for (int k = 1; k <= n; k++) {
      s.add(" + CASE WHEN p" + k + " > 0 THEN 1 ELSE 0 END");
    }
    s.add(") AS r, s").add(split ? ", v" : "");
    for (int k = 1; k <= n; k++) {
      s.add(", CASE WHEN p" + k + " > 0 THEN greatest(");
      for (int j = 1; j <= k; j++) {
        s.add((j > 1 ? ", " : "") + "(es[p" + j + "] >> 11)");
      }
      s.add(") END AS c" + k);
    }
    s.add(" FROM a" + n + ")");
    s.add(
        ", kept AS "
            + (!q.breakdown().isEmpty() && q.breakdown().getFirst().byPerson()
                ? "MATERIALIZED "
                : "")
            + "(SELECT * FROM best QUALIFY row_number() OVER (PARTITION BY unit ORDER BY r"
            + " DESC, s) = 1)");
    return s;
  }

  /** SQL text and its parameters. */
  static final class Statement {
    final StringBuilder text = new StringBuilder();
    final List<Object> parameters = new ArrayList<>();

    Statement add(String sql) {
      text.append(sql);
      return this;
    }

    Statement add(String sql, Object parameter) {
      text.append(sql);
      parameters.add(parameter);
      return this;
    }

    Statement params(List<Object> values) {
      parameters.addAll(values);
      return this;
    }

    Statement value(Breakdown b, Query q) {
      CompiledQuery c = EventConditions.value(DIALECT, b.dimension().orElseThrow(), "e.");
      text.append(c.sql());
      parameters.addAll(c.parameters());
      return this;
    }

    Statement condition(EventMatch match, Query q) {
      CompiledQuery c = EventConditions.compile(DIALECT, match.filters(), q.goals(), "e.");
      text.append(c.sql());
      parameters.addAll(c.parameters());
      return this;
    }
  }
}
