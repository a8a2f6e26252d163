package io.footfall.store.duckdb;

import io.footfall.core.StoreException;
import io.footfall.core.people.Retention;
import io.footfall.query.sql.CompiledQuery;
import io.footfall.query.sql.EventConditions;
import io.footfall.query.sql.RetentionCounts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Retention on the embedded store in one statement (docs/metrics.md, "Retention"). The site's
 * events from the range's start to the horizon that are a start or a return, with their person
 * (user id, else the visitor's first link: {@link DuckDbPeople#links}) and local period number
 * ({@link RetentionCounts}), are first reduced to one row per person and period; each person's
 * cohort is the least period with a start in the range; then the rows of returns 1 to N periods
 * after it are counted per (cohort, k), or, for "on or after", each person's latest such k. Without
 * breakdown, when the periods to the horizon fit 126 bits, each person's periods are instead two
 * bit masks (starts, returns), grouped by person once and counted per distinct shape
 * (docs/performance.md, "The people reports benchmark").
 */
final class DuckDbRetention {
  private static final DuckDbDialect DIALECT = new DuckDbDialect();

  /** The most periods from the first cohort to the horizon kept as the bits of one HUGEINT. */
  static final long MASK_BITS = 126;

  private final Supplier<Connection> connections;

  DuckDbRetention(Supplier<Connection> connections) {
    this.connections = connections;
  }

  Retention.Result retention(Retention.Query q) {
    DuckDbPeople.Sql sql = statement(q);
    List<RetentionCounts.Row> rows = new ArrayList<>();
    try (Connection c = connections.get();
        PreparedStatement ps = sql.prepare(c);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.add(
            new RetentionCounts.Row(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
      }
    } catch (SQLException e) {
      if (e.getMessage() != null && e.getMessage().contains("Invalid Input Error")) {
        throw new io.footfall.core.query.QueryFailedException(
            "the retention query was refused: " + e.getMessage(), e);
      }
      throw new StoreException(
          "the retention query on site " + q.siteId() + " failed: " + e.getMessage(), e);
    }
    return RetentionCounts.assemble(q, rows);
  }

  /**
   * The statement: rows {@code (group, cohort number, k, people)} as {@link RetentionCounts} reads.
   * With a breakdown by source, each person's group is the source of their first start event in the
   * range: per person and period the earliest start's by (ts, event id), then per person that of
   * the least period with a start.
   */
  static DuckDbPeople.Sql statement(Retention.Query q) {
    boolean split = q.breakdown() == Retention.Breakdown.SOURCE;
    DuckDbPeople.Sql sql = new DuckDbPeople.Sql();
    sql.append("WITH ");
    DuckDbPeople.links(sql, q.siteId(), Optional.empty());
    sql.append(", ev AS (SELECT person, ").append(periodNumber(q.period(), "lt"));
    sql.append(" AS p, s, r").append(split ? ", ts, eid, src" : "");
    // The events with a user id are that user's; only the anonymous ones are joined to their
    // visitor's link (joining every event to the links costs more than reading them).
    sql.append(" FROM (");
    events(sql, q, split, "e.user_id", "", " AND e.user_id <> ''");
    sql.append(" UNION ALL ");
    events(
        sql,
        q,
        split,
        "l.user_id",
        " JOIN links l ON l.visitor_id = e.visitor_id",
        " AND coalesce(e.user_id, '') = ''");
    sql.append(")").append(" WHERE person IS NOT NULL AND (s OR r))");
    long first = number(q.period(), q.firstCohort());
    long width =
        q.period().between(q.firstCohort(), q.period().plus(q.lastCohort(), q.periods() + 1L));
    if (q.breakdown() == Retention.Breakdown.NONE && width <= MASK_BITS) {
      masks(sql, q, first, width);
      return sql;
    }
    // One row per person and period first: what the rest reads is at most people × periods.
    sql.append(", pp AS (SELECT person, p, bool_or(s) AS s, bool_or(r) AS r")
        .append(split ? ", arg_min(src, (ts, eid)) FILTER (WHERE s) AS src" : "")
        .append(" FROM ev GROUP BY person, p)")
        .append(q.breakdown() == Retention.Breakdown.PROPERTY ? ", firsts" : ", cohorts")
        .append(" AS (SELECT person, min(p) AS c, ")
        .append(split ? "arg_min(src, p)" : "''")
        .append(" AS g FROM pp WHERE s GROUP BY person)");
    if (q.breakdown() == Retention.Breakdown.PROPERTY) {
      // The people's current value of the property, folded for the cohorts' people only.
      sql.append(", candidates AS (SELECT person AS user_id FROM firsts), pv AS (");
      DuckDbPeople.fold(
          sql,
          q.siteId(),
          DuckDbPeople.Scope.CANDIDATES,
          Optional.empty(),
          Optional.of(q.property()),
          "value_text");
      sql.append(
          "), cohorts AS (SELECT f.person, f.c, coalesce(pv.value_text, '') AS g"
              + " FROM firsts f LEFT JOIN pv ON pv.person = f.person)");
    }
    if (q.mode() == Retention.Mode.ON) {
      sql.append(
              " SELECT g, c, 0 AS k, count(*) AS n FROM cohorts GROUP BY g, c"
                  + " UNION ALL SELECT c.g, c.c, pp.p - c.c AS k, count(*) AS n"
                  + " FROM cohorts c JOIN pp ON pp.person = c.person"
                  + " WHERE pp.r AND pp.p > c.c AND pp.p <= c.c + ?",
              (long) q.periods())
          .append(" GROUP BY c.g, c.c, pp.p - c.c");
    } else {
      sql.append(
              " SELECT g, c, m, count(*) AS n FROM (SELECT c.person, c.g, c.c,"
                  + " coalesce(max(pp.p - c.c)"
                  + " FILTER (WHERE pp.r AND pp.p > c.c AND pp.p <= c.c + ?), 0) AS m",
              (long) q.periods())
          .append(" FROM cohorts c JOIN pp ON pp.person = c.person GROUP BY c.person, c.g, c.c)")
          .append(" GROUP BY g, c, m");
    }
    return sql;
  }

  /**
   * The site's events in the span with their person ({@code person}, the SQL of it), local time and
   * whether they are a start and a return: of those the condition {@code which} keeps, joined as
   * {@code join} says.
   */
  private static void events(
      DuckDbPeople.Sql sql,
      Retention.Query q,
      boolean split,
      String person,
      String join,
      String which) {
    sql.append("SELECT " + person + " AS person,");
    if (split) {
      sql.append(" e.ts, e.event_id AS eid, coalesce(e.source, '') AS src,");
    }
    sql.append(" e.ts + to_seconds(");
    offset(sql, q);
    sql.append(") AS lt, (");
    condition(sql, EventConditions.compile(DIALECT, q.start().filters(), q.goals(), "e."));
    sql.append(" AND e.ts < ?) AS s, ", DuckDbStore.utc(q.to()));
    condition(sql, EventConditions.compile(DIALECT, q.returning().filters(), q.goals(), "e."));
    sql.append(" AS r FROM events e" + join)
        .append(" WHERE e.site_id = ?", q.siteId())
        .append(" AND e.ts >= ?", DuckDbStore.utc(q.from()))
        .append(" AND e.ts < ?", DuckDbStore.utc(q.horizon()))
        .append(which);
    q.segment().ifPresent(seg -> sql.append(" AND ").append(DIALECT.inSegment(seg, "e.")));
  }

  /**
   * The rest of the statement without breakdown when the periods from the first cohort to the
   * horizon fit the bits of one HUGEINT: per person one mask of the periods with a start and one of
   * those with a return (bit i: period {@code first + i}), so grouping by person happens once; the
   * people are counted per cohort (the lowest start bit) and return mask, and each such shape adds
   * its people to the periods whose bits it has.
   */
  private static void masks(DuckDbPeople.Sql sql, Retention.Query q, long first, long width) {
    // BIGINT while the periods fit its bits: a narrower state groups faster.
    String bit = (width <= 62 ? "1::BIGINT" : "1::HUGEINT") + " << (p - (" + first + "))";
    sql.append(
        ", per AS (SELECT bit_or(CASE WHEN s THEN "
            + bit
            + " ELSE 0 END) AS sm, bit_or(CASE WHEN r THEN "
            + bit
            + " ELSE 0 END) AS rm FROM ev GROUP BY person)"
            + ", shapes AS (SELECT c, rm, count(*) AS n FROM"
            + " (SELECT CAST(round(log2(sm & -sm)) AS INTEGER) AS c, rm FROM per WHERE sm <> 0)"
            + " GROUP BY c, rm)");
    String returned = "c + k < " + width + " AND ((rm >> (c + k)) & 1) = 1";
    if (q.mode() == Retention.Mode.ON) {
      sql.append(
          " SELECT '' AS g, c + ("
              + first
              + ") AS c, 0 AS k, CAST(sum(n) AS BIGINT) AS n FROM shapes GROUP BY c"
              + " UNION ALL SELECT '', c + ("
              + first
              + "), k, CAST(sum(n) AS BIGINT) FROM shapes, range(1, "
              + (q.periods() + 1)
              + ") t(k) WHERE "
              + returned
              + " GROUP BY c, k");
    } else {
      sql.append(
          " SELECT '' AS g, c + ("
              + first
              + ") AS c, coalesce(list_max(list_filter(range(1, "
              + (q.periods() + 1)
              + "), lambda k: "
              + returned
              + ")), 0) AS m, CAST(sum(n) AS BIGINT) AS n FROM shapes GROUP BY ALL");
    }
  }

  /** The period number ({@link #periodNumber}) of the period starting on the date. */
  private static long number(Retention.Period period, java.time.LocalDate start) {
    return switch (period) {
      case DAY -> start.toEpochDay();
      case WEEK -> Math.floorDiv(start.toEpochDay() + 3, 7);
      case MONTH -> start.getYear() * 12L + start.getMonthValue() - 1;
    };
  }

  /** The local period number of the local timestamp column {@code lt}. */
  private static String periodNumber(Retention.Period period, String lt) {
    String day = "(epoch_us(" + lt + ") // 86400000000)";
    return switch (period) {
      case DAY -> day;
      case WEEK -> "((" + day + " + 3) // 7)";
      case MONTH -> "(year(" + lt + ") * 12 + month(" + lt + ") - 1)";
    };
  }

  /** The zone's offset in seconds at {@code e.ts}: a CASE over the transitions in the span. */
  private static void offset(DuckDbPeople.Sql sql, Retention.Query q) {
    RetentionCounts.Offsets offsets = RetentionCounts.offsets(q);
    if (offsets.changes().isEmpty()) {
      sql.append("CAST(? AS INTEGER)", offsets.last());
      return;
    }
    sql.append("CASE");
    for (Map.Entry<Instant, Integer> c : offsets.changes()) {
      sql.append(" WHEN e.ts < ?", DuckDbStore.utc(c.getKey()))
          .append(" THEN CAST(? AS INTEGER)", c.getValue());
    }
    sql.append(" ELSE CAST(? AS INTEGER) END", offsets.last());
  }

  private static void condition(DuckDbPeople.Sql sql, CompiledQuery c) {
    String[] parts = c.sql().split("\\?", -1);
    if (parts.length != c.parameters().size() + 1) {
      throw new IllegalStateException("a condition's '?' and parameters differ: " + c.sql());
    }
    sql.append(parts[0]);
    for (int i = 0; i < c.parameters().size(); i++) {
      sql.append("?", c.parameters().get(i));
      sql.append(parts[i + 1]);
    }
  }
}
