package io.footfall.store.duckdb;

import io.footfall.core.Event;
import io.footfall.core.StoreException;
import io.footfall.core.people.Paths;
import io.footfall.core.people.PathsQuery;
import io.footfall.core.people.PathsResult;
import io.footfall.core.query.Filter;
import io.footfall.core.query.QueryFailedException;
import io.footfall.query.sql.CompiledQuery;
import io.footfall.query.sql.EventConditions;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The paths reports of a {@link DuckDbStore}, one statement per query, with window functions: the
 * range's events (page views only, unless all events are steps) numbered per visit in order of time
 * then event id; the anchor is the smallest number whose event matches; the events from it on (up
 * to it, for an end) keep those whose name differs from the one before ({@code lag}), numbered
 * again from the anchor outwards to keep the first {@code steps}; each visit's names are gathered
 * in order of time as a list and the visits counted per list. {@link PathsResult#of} orders them
 * and derives positions and edges.
 */
final class DuckDbPaths implements Paths {
  private static final DuckDbDialect DIALECT = new DuckDbDialect();

  private final Supplier<Connection> connections;

  DuckDbPaths(Supplier<Connection> connections) {
    this.connections = connections;
  }

  @Override
  public PathsResult paths(PathsQuery q) {
    CompiledQuery anchor = EventConditions.compile(DIALECT, q.anchor().filters(), q.goals(), "");
    boolean start = q.direction() == PathsQuery.Direction.START;
    CompiledQuery member = q.segment().map(seg -> DIALECT.inSegment(seg, "")).orElse(null);
    String sql =
        "WITH ev AS (SELECT session_id, ts, event_id,"
            + " CASE WHEN name = '"
            + Event.PAGEVIEW
            + "' THEN coalesce(nullif(pathname, ''), '"
            + Filter.NONE
            + "') ELSE name END AS step,"
            + " "
            + anchor.sql()
            + " AS hit,"
            + " row_number() OVER (PARTITION BY session_id ORDER BY ts, event_id) AS rn"
            + " FROM events WHERE site_id = ? AND ts >= ? AND ts < ?"
            + (q.events() == PathsQuery.StepEvents.PAGEVIEWS ? " AND name = ?" : "")
            + (member == null ? "" : " AND " + member.sql())
            + "),"
            + " anchors AS (SELECT session_id, min(rn) AS a FROM ev WHERE hit GROUP BY session_id),"
            + " side AS (SELECT ev.session_id, ev.rn, ev.step,"
            + " lag(ev.step) OVER (PARTITION BY ev.session_id ORDER BY ev.rn) AS prev"
            + " FROM ev JOIN anchors ON ev.session_id = anchors.session_id AND ev.rn "
            + (start ? ">=" : "<=")
            + " anchors.a),"
            + " kept AS (SELECT session_id, rn, step,"
            + " row_number() OVER (PARTITION BY session_id ORDER BY rn "
            + (start ? "ASC" : "DESC")
            + ") AS pos FROM side WHERE prev IS NULL OR prev <> step),"
            + " paths AS (SELECT session_id, list(step ORDER BY rn) AS path FROM kept"
            + " WHERE pos <= ? GROUP BY session_id)"
            + " SELECT path, count(*) AS visits FROM paths GROUP BY path";
    Map<List<String>, Long> counts = new HashMap<>();
    try (Connection c = connections.get();
        PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      for (Object p : anchor.parameters()) {
        ps.setObject(i++, p);
      }
      ps.setString(i++, q.siteId());
      ps.setObject(i++, DuckDbStore.utc(q.from()));
      ps.setObject(i++, DuckDbStore.utc(q.to()));
      if (q.events() == PathsQuery.StepEvents.PAGEVIEWS) {
        ps.setString(i++, Event.PAGEVIEW);
      }
      if (member != null) {
        for (Object p : member.parameters()) {
          ps.setObject(i++, p);
        }
      }
      ps.setInt(i, q.steps());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Array array = rs.getArray(1);
          List<String> path = new ArrayList<>();
          for (Object o : (Object[]) array.getArray()) {
            path.add((String) o);
          }
          counts.put(path, rs.getLong(2));
        }
      }
    } catch (SQLException e) {
      if (e.getMessage() != null && e.getMessage().contains("Invalid Input Error")) {
        throw new QueryFailedException("the query was refused: " + e.getMessage(), e);
      }
      throw new StoreException(
          "the paths query on site " + q.siteId() + " failed: " + e.getMessage(), e);
    }
    return PathsResult.of(q, counts);
  }
}
