package io.footfall.store.clickhouse;

import io.footfall.core.Event;
import io.footfall.core.StoreException;
import io.footfall.core.people.Paths;
import io.footfall.core.people.PathsQuery;
import io.footfall.core.people.PathsResult;
import io.footfall.core.query.Filter;
import io.footfall.core.query.QueryFailedException;
import io.footfall.query.sql.EventConditions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The paths reports of a {@link ClickHouseStore}, one statement per query, on ClickHouse 18.16 and
 * current versions alike (no window functions): each visit's events in the range are gathered as
 * one array of {@code (ts, event_id, name, anchor?)} tuples and sorted, which orders them by time
 * then event id; the anchor is the first tuple that matches ({@code arrayFirstIndex}); the names
 * from it on (up to it, for an end) are sliced off, consecutive repeats dropped by comparing each
 * name with the one before it, and the first (last) {@code steps} kept. Visits are then counted per
 * path; {@link PathsResult#of} orders them and derives positions and edges.
 *
 * <p>On a cluster the statement reads the {@code Distributed} table on the first node: the
 * per-visit arrays are an aggregation, which the shards compute partly and the first node merges,
 * so a visit is whole however its events are sharded. Each array layer is a subquery of its own,
 * and every array a lambda reads is also read outside it (18.16 drops a subquery column that only a
 * lambda reads). A path comes back as its names joined by NUL, each name's NULs and backslashes
 * escaped.
 */
final class ClickHousePaths implements Paths {
  private static final int CANNOT_COMPILE_REGEXP = 427;

  private final ClickHouseHttp main;
  private final ClickHouseDialect dialect;
  private final String where;

  ClickHousePaths(ClickHouseHttp main, ClickHouseDialect dialect, String where) {
    this.main = main;
    this.dialect = dialect;
    this.where = where;
  }

  @Override
  public PathsResult paths(PathsQuery query) {
    String sql = sql(query);
    Map<List<String>, Long> counts = new HashMap<>();
    try {
      main.forEachRow(
          ClickHouseQuery.sql(sql).withSetting("join_use_nulls", "0"),
          r -> {
            List<String> path = new ArrayList<>();
            for (String n : r.text(0).split("\0", -1)) {
              path.add(decoded(n));
            }
            counts.put(path, r.int64(1));
          });
    } catch (ClickHouseQueryException e) {
      if (e.code() == CANNOT_COMPILE_REGEXP) {
        throw new QueryFailedException("the query was refused: " + e.serverMessage(), e);
      }
      throw failed(query, e);
    } catch (ClickHouseException e) {
      throw failed(query, e);
    }
    return PathsResult.of(query, counts);
  }

  /** The statement: one row per distinct path, its names joined by NUL, and its visits. */
  String sql(PathsQuery q) {
    String anchor =
        ClickHouseStore.render(
            EventConditions.compile(dialect, q.anchor().filters(), q.goals(), ""));
    // Each name with its backslashes doubled and its NULs written as backslash-0, so that NUL
    // (which a path may hold: the collector decodes %00) can separate the names of a path.
    String name =
        "replaceAll(replaceAll(if(name = 'pageview', if(pathname = '', "
            + ClickHouseLiterals.string(Filter.NONE)
            + ", pathname), name), '\\\\', '\\\\\\\\'), '\\0', '\\\\0')";
    String steps = Integer.toString(q.steps());
    String side =
        q.direction() == PathsQuery.Direction.START
            ? "arraySlice(arrayMap(x -> x.3, s), a)"
            : "arraySlice(arrayMap(x -> x.3, s), 1, a)";
    String keep =
        q.direction() == PathsQuery.Direction.START
            ? "arraySlice(c, 1, " + steps + ")"
            : "arraySlice(c, greatest(1, toInt64(length(c)) - " + steps + " + 1), " + steps + ")";
    return "SELECT arrayStringConcat(path, '\\0') AS p, count() AS visits FROM ("
        + " SELECT "
        + keep
        + " AS path FROM ("
        + "  SELECT arrayFilter((n, i) -> i = 1 OR n != r[i - 1], r, arrayEnumerate(r)) AS c, r"
        + "  FROM ("
        + "   SELECT "
        + side
        + " AS r FROM ("
        + "    SELECT arrayFirstIndex(x -> x.4 = 1, s) AS a, s FROM ("
        + "     SELECT session_id, arraySort(groupArray((ts, event_id, "
        + name
        + ", toUInt8(if("
        + anchor
        + ", 1, 0))))) AS s FROM events WHERE site_id = "
        + ClickHouseLiterals.string(q.siteId())
        + " AND ts >= "
        + ClickHouseLiterals.int64(ClickHouseDialect.micros(q.from()))
        + " AND ts < "
        + ClickHouseLiterals.int64(ClickHouseDialect.micros(q.to()))
        + (q.events() == PathsQuery.StepEvents.PAGEVIEWS
            ? " AND name = " + ClickHouseLiterals.string(Event.PAGEVIEW)
            : "")
        + q.segment().map(seg -> " AND " + dialect.inSegment(seg, "").sql()).orElse("")
        + "     GROUP BY session_id)"
        + "    WHERE a > 0))))"
        + " GROUP BY path FORMAT TabSeparated";
  }

  /** A name as {@link #sql} wrote it, with its backslash escapes undone. */
  private static String decoded(String n) {
    if (n.indexOf('\\') < 0) {
      return n;
    }
    StringBuilder out = new StringBuilder(n.length());
    for (int i = 0; i < n.length(); i++) {
      char c = n.charAt(i);
      if (c == '\\' && i + 1 < n.length()) {
        char next = n.charAt(++i);
        out.append(next == '0' ? '\0' : next);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private StoreException failed(PathsQuery q, ClickHouseException e) {
    return new StoreException(
        "the paths query on site "
            + q.siteId()
            + " in ClickHouse ("
            + where
            + ") failed: "
            + e.getMessage(),
        e);
  }
}
