package io.footfall.store.duckdb;

import io.footfall.core.Event;
import io.footfall.core.StoreException;
import io.footfall.core.people.People;
import io.footfall.core.people.PeopleQuery;
import io.footfall.core.people.Profile;
import io.footfall.core.people.Segment;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The people of the embedded store, read with one SQL statement per call from {@code events},
 * {@code person_properties} and {@code person_links} (migration V004; {@link PeopleWriter} writes
 * them); a page of the list tries a statement over the most recent rows first, and takes a second
 * over all rows only when the recent rows do not prove the page.
 *
 * <p>A visitor's link is the first of its rows by {@code (linked_at, event_id)}; an event is the
 * person's of its user id, or, without one, of its visitor's link. A property's value is the fold
 * of its changes in {@code (ts, event_id, seq)} order, computed without replaying them: the last
 * 'set' or 'unset' decides; after a 'set' its value holds, after an 'unset' (or with neither) the
 * first 'set_once' after it (or ever) does, if any.
 */
final class DuckDbPeople implements People {
  private final Supplier<Connection> connections;

  DuckDbPeople(Supplier<Connection> connections) {
    this.connections = connections;
  }

  @Override
  public Optional<Profile> profile(String siteId, String userId) {
    List<Profile> found =
        profiles(
            siteId,
            Optional.of(userId),
            "",
            Optional.empty(),
            Optional.empty(),
            1,
            Optional.empty());
    return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
  }

  @Override
  public List<Profile> list(PeopleQuery q) {
    return profiles(
        q.siteId(), Optional.empty(), q.search(), q.property(), q.after(), q.limit(), q.segment());
  }

  @Override
  public List<Event> timeline(
      String siteId, String userId, Optional<EventPosition> before, int limit) {
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be 1 to 1000, was " + limit);
    }
    List<Event> events = new ArrayList<>();
    try (Connection c = connections.get();
        PreparedStatement ps = timelineStatement(siteId, userId, before, limit).prepare(c);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        events.add(DuckDbStore.readEvent(rs));
      }
      return events;
    } catch (SQLException e) {
      throw new StoreException(
          "reading the timeline of a person of site " + siteId + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * The statement of {@link #timeline}: the page is chosen over a few narrow columns, then only its
   * rows are read whole (by rowid), instead of every column of every candidate event.
   */
  static Sql timelineStatement(
      String siteId, String userId, Optional<EventPosition> before, int limit) {
    Sql sql = new Sql();
    sql.append("WITH ");
    links(sql, siteId, Optional.of(userId));
    sql.append(", page AS (SELECT rowid AS rid FROM events WHERE site_id = ?", siteId)
        .append(" AND (user_id = ?", userId)
        .append(" OR (coalesce(user_id, '') = ''")
        .append(" AND visitor_id IN (SELECT visitor_id FROM links WHERE user_id = ?)))", userId);
    before.ifPresent(
        b -> {
          LocalDateTime t = DuckDbStore.utc(b.timestamp());
          sql.append(" AND (ts < ?", t)
              .append(" OR ts = ?", t)
              .append(" AND event_id < ?)", b.eventId());
        });
    sql.append(" ORDER BY ts DESC, event_id DESC LIMIT ?)", limit)
        .append(" SELECT ")
        .append(DuckDbStore.EVENT_COLUMNS)
        .append(" FROM events WHERE rowid IN (SELECT rid FROM page)")
        .append(" ORDER BY ts DESC, event_id DESC");
    return sql;
  }

  /**
   * The profiles of the site's people (or of the one person {@code one}), filtered, in list order,
   * after the position, at most {@code limit}.
   */
  private List<Profile> profiles(
      String siteId,
      Optional<String> one,
      String search,
      Optional<PeopleQuery.PropertyMatch> match,
      Optional<PeopleQuery.Position> after,
      int limit,
      Optional<Segment> segment) {
    if (one.isEmpty()) {
      // The page among the most recent rows first; when it is not provably the page (too few of
      // its people are complete among them), the statement over all rows answers.
      List<Profile> recent = new ArrayList<>();
      boolean complete =
          read(
              siteId,
              profilesStatement(
                  siteId, one, search, match, after, limit, segment, OptionalInt.of(recent(limit))),
              recent);
      if (complete || recent.size() == limit) {
        return recent;
      }
    }
    List<Profile> profiles = new ArrayList<>();
    read(
        siteId,
        profilesStatement(siteId, one, search, match, after, limit, segment, OptionalInt.empty()),
        profiles);
    return profiles;
  }

  /**
   * The recent rows of each table the first try of a page reads, per person asked and at least
   * (tests lower them, so that both tries are taken).
   */
  static volatile int recentPerPerson = 100;

  static volatile int recentAtLeast = 2_000;

  static int recent(int limit) {
    return Math.max(recentAtLeast, recentPerPerson * limit);
  }

  /**
   * Reads the profiles the statement answers into {@code profiles}; true when the statement says
   * they are its whole answer for sure (a statement over recent rows that read every row).
   */
  private boolean read(String siteId, Sql sql, List<Profile> profiles) {
    boolean complete = false;
    try (Connection c = connections.get();
        PreparedStatement ps = sql.prepare(c);
        ResultSet rs = ps.executeQuery()) {
      boolean flagged = rs.getMetaData().getColumnCount() > 7;
      while (rs.next()) {
        TreeMap<String, String> properties = new TreeMap<>();
        for (String[] pair : pairs(rs.getArray(6))) {
          properties.put(pair[0], pair[1]);
        }
        TreeMap<String, BigDecimal> revenue = new TreeMap<>();
        for (String[] pair : pairs(rs.getArray(7))) {
          revenue.put(pair[0], new BigDecimal(pair[1]));
        }
        profiles.add(
            new Profile(
                rs.getString(1),
                properties,
                DuckDbStore.instant(rs.getObject(2, LocalDateTime.class)),
                DuckDbStore.instant(rs.getObject(3, LocalDateTime.class)),
                rs.getLong(4),
                rs.getLong(5),
                revenue));
        complete = flagged && rs.getBoolean(8);
      }
      return complete;
    } catch (SQLException e) {
      throw failed("reading the people of site " + siteId, e);
    }
  }

  /**
   * The statement of {@link #profiles}: {@code (user id, first seen, last seen, events, visits,
   * [[key, value JSON]...], [[currency, amount]...])} per person, in list order.
   */
  static Sql profilesStatement(
      String siteId,
      Optional<String> one,
      String search,
      Optional<PeopleQuery.PropertyMatch> match,
      Optional<PeopleQuery.Position> after,
      int limit,
      Optional<Segment> segment,
      OptionalInt recent) {
    String needle = search.toLowerCase(Locale.ROOT);
    Sql sql = new Sql();
    sql.append("WITH ");
    if (recent.isPresent()) {
      recentPeople(sql, siteId, recent.getAsInt());
    } else {
      links(sql, siteId, one);
      allPeople(sql, siteId, one);
    }
    pageOf(sql, siteId, one, needle, match, after, limit, segment);
    if (recent.isPresent()) {
      pageSaid(sql, siteId);
    }
    sql.append(
        " SELECT p.person, least(s.first_ts, u.first_ts), p.last_seen,"
            + " coalesce(s.events, 0), coalesce(s.visits, 0), c.props, r.revenue");
    if (recent.isPresent()) {
      sql.append(", (SELECT t FROM cut) = TIMESTAMP '-infinity'");
    }
    sql.append(
        " FROM page p"
            + " LEFT JOIN stats s ON s.person = p.person"
            + " LEFT JOIN said u ON u.person = p.person"
            + " LEFT JOIN props c ON c.person = p.person"
            + " LEFT JOIN revenue r ON r.person = p.person"
            + " ORDER BY p.last_seen DESC, p.person");
    return sql;
  }

  /**
   * The CTE {@code people} (each person's last seen) over the most recent rows only: the latest
   * {@code n} events, property changes and links. Every row after the latest of those tables' n-th
   * times ({@code cut}, minus infinity for a table of fewer rows) is among them, so every person
   * seen after it has their last seen right; {@code people} holds only those. The page of them is
   * the list's page when it is full, or when the cut is minus infinity (every row was read).
   */
  private static void recentPeople(Sql sql, String siteId, int n) {
    sql.append("te AS (SELECT user_id, visitor_id, ts FROM events WHERE site_id = ?", siteId)
        .append(" ORDER BY ts DESC LIMIT ?)", n)
        .append(", tp AS (SELECT user_id, ts FROM person_properties WHERE site_id = ?", siteId)
        .append(" ORDER BY ts DESC LIMIT ?)", n)
        .append(
            ", tl AS (SELECT user_id, linked_at AS ts FROM person_links WHERE site_id = ?", siteId)
        .append(" ORDER BY linked_at DESC LIMIT ?)", n);
    sql.append(
            ", cut AS (SELECT greatest("
                + "coalesce((SELECT CASE WHEN count(*) = ? THEN min(ts) END FROM te),",
            n)
        .append(" TIMESTAMP '-infinity'),")
        .append(
            " coalesce((SELECT CASE WHEN count(*) = ? THEN min(ts) END FROM tp),"
                + " TIMESTAMP '-infinity'),",
            n)
        .append(
            " coalesce((SELECT CASE WHEN count(*) = ? THEN min(ts) END FROM tl),"
                + " TIMESTAMP '-infinity')) AS t)",
            n);
    // The first links of the recent anonymous events' visitors only.
    sql.append(
            ", tlinks AS (SELECT visitor_id, arg_min(user_id, (linked_at, event_id, user_id))"
                + " AS user_id FROM person_links WHERE site_id = ?",
            siteId)
        .append(
            " AND visitor_id IN (SELECT visitor_id FROM te WHERE coalesce(user_id, '') = '')"
                + " GROUP BY visitor_id)");
    sql.append(
        ", rows AS (SELECT coalesce(nullif(te.user_id, ''), l.user_id) AS person, te.ts FROM te"
            + " LEFT JOIN tlinks l ON l.visitor_id = te.visitor_id"
            + " UNION ALL SELECT user_id, ts FROM tp UNION ALL SELECT user_id, ts FROM tl)"
            + ", people AS (SELECT person, max(ts) AS last_seen FROM rows"
            + " WHERE person IS NOT NULL AND ts > (SELECT t FROM cut) GROUP BY person)");
  }

  /** The CTE {@code said}: the first update of each of the page's people. */
  private static void pageSaid(Sql sql, String siteId) {
    sql.append(
            ", said AS (SELECT user_id AS person, min(ts) AS first_ts FROM"
                + " (SELECT user_id, ts FROM person_properties WHERE site_id = ?",
            siteId)
        .append(" AND user_id IN (SELECT person FROM page)")
        .append(" UNION ALL SELECT user_id, linked_at FROM person_links WHERE site_id = ?", siteId)
        .append(" AND user_id IN (SELECT person FROM page)) GROUP BY user_id)");
  }

  /**
   * The CTEs {@code said} (each person's first and last update) and {@code people} (each person's
   * last seen) over every row of the site, or of the person {@code one}.
   */
  private static void allPeople(Sql sql, String siteId, Optional<String> one) {
    // Each person's last event, without resolving every event's person: the latest event per
    // user id, and per anonymous visitor (a BIGINT key) joined to its link; the counts and the
    // first event are read afterwards for the page's people only.
    sql.append(
        ", seen AS (SELECT person, max(ts) AS last_ts FROM"
            + " (SELECT user_id AS person, max(ts) AS ts FROM events"
            + " WHERE site_id = ? AND user_id <> ''",
        siteId);
    one.ifPresent(u -> sql.append(" AND user_id = ?", u));
    sql.append(
        " GROUP BY user_id UNION ALL SELECT l.user_id, a.ts FROM"
            + " (SELECT visitor_id, max(ts) AS ts FROM events"
            + " WHERE site_id = ? AND coalesce(user_id, '') = '' GROUP BY visitor_id) a"
            + " JOIN links l ON l.visitor_id = a.visitor_id)",
        siteId);
    // The links of the person's visitors may be another's first.
    one.ifPresent(u -> sql.append(" WHERE person = ?", u));
    sql.append(" GROUP BY person)");
    // Every update leaves a row in one of the two tables at its time.
    sql.append(", said AS (SELECT user_id AS person, min(ts) AS first_ts, max(ts) AS last_ts FROM")
        .append(" (SELECT user_id, ts FROM person_properties WHERE site_id = ?", siteId);
    one.ifPresent(u -> sql.append(" AND user_id = ?", u));
    sql.append(" UNION ALL SELECT user_id, linked_at FROM person_links WHERE site_id = ?", siteId);
    one.ifPresent(u -> sql.append(" AND user_id = ?", u));
    sql.append(") GROUP BY user_id)");
    sql.append(
        ", people AS (SELECT coalesce(s.person, u.person) AS person,"
            + " greatest(s.last_ts, u.last_ts) AS last_seen"
            + " FROM seen s FULL OUTER JOIN said u ON u.person = s.person)");
  }

  /**
   * The CTEs of the page of {@code people} (filtered, after the position, in list order) and of its
   * people's counts ({@code stats}), properties ({@code props}) and revenue ({@code revenue}).
   */
  private static void pageOf(
      Sql sql,
      String siteId,
      Optional<String> one,
      String needle,
      Optional<PeopleQuery.PropertyMatch> match,
      Optional<PeopleQuery.Position> after,
      int limit,
      Optional<Segment> segment) {
    boolean searching = !needle.isEmpty();
    if (searching || match.isPresent()) {
      // A current value is the value of one of its person's changes, so only the people with a
      // change whose value would match can match: the candidates, whose properties alone are
      // folded (of the matched key only, when there is no search).
      sql.append(
          ", candidates AS (SELECT user_id FROM person_properties WHERE site_id = ?", siteId);
      if (match.isPresent()) {
        sql.append(" AND key = ?", match.get().key())
            .append(" AND value_text = ?", match.get().text());
      } else {
        sql.append(" AND contains(lower(value_text), ?)", needle);
      }
      sql.append("), current_all AS (");
      fold(
          sql,
          siteId,
          Scope.CANDIDATES,
          one,
          searching ? Optional.empty() : match.map(m -> m.key()),
          "value_text");
      sql.append("), hits AS (SELECT person");
      if (searching) {
        sql.append(", bool_or(contains(lower(value_text), ?)) AS found", needle);
      }
      match.ifPresent(
          m ->
              sql.append(", bool_or(key = ?", m.key())
                  .append(" AND value_text = ?) AS matched", m.text()));
      sql.append(" FROM current_all GROUP BY person)");
    }
    // The page, computed once (it is read several times below).
    sql.append(", page AS MATERIALIZED (SELECT p.* FROM people p");
    if (searching || match.isPresent()) {
      sql.append(" LEFT JOIN hits h ON h.person = p.person");
    }
    sql.append(" WHERE true");
    if (searching) {
      sql.append(" AND (contains(lower(p.person), ?) OR coalesce(h.found, false))", needle);
    }
    if (match.isPresent()) {
      sql.append(" AND coalesce(h.matched, false)");
    }
    if (segment.isPresent()) {
      sql.append(" AND p.person IN (");
      DuckDbSegments.members(sql, segment.get());
      sql.append(")");
    }
    after.ifPresent(
        a -> {
          LocalDateTime t = DuckDbStore.utc(a.lastSeen());
          sql.append(" AND (p.last_seen < ?", t)
              .append(" OR p.last_seen = ?", t)
              .append(" AND p.person > ?)", a.userId());
        });
    sql.append(" ORDER BY p.last_seen DESC, p.person LIMIT ?)", limit);
    // The page's properties and revenue.
    sql.append(", cur AS (");
    fold(sql, siteId, Scope.PAGE, one, Optional.empty(), "value_json");
    sql.append(
        "), props AS (SELECT person, list([key, value_json]) AS props FROM cur GROUP BY person)");
    // The page's events, found without joining every event of the site to its link: by user id,
    // and by the anonymous visitors whose first link is to one of the page's people (of the
    // visitors ever linked to them).
    sql.append(
            ", plinks AS MATERIALIZED (SELECT visitor_id, user_id FROM (SELECT visitor_id,"
                + " arg_min(user_id, (linked_at, event_id, user_id)) AS user_id FROM person_links"
                + " WHERE site_id = ?",
            siteId)
        .append(" AND visitor_id IN (SELECT visitor_id FROM person_links WHERE site_id = ?", siteId)
        .append(
            " AND user_id IN (SELECT person FROM page)) GROUP BY visitor_id)"
                + " WHERE user_id IN (SELECT person FROM page))");
    sql.append(
            ", pev AS (SELECT e.user_id AS person, e.ts, e.session_id, e.revenue_currency,"
                + " e.revenue_amount FROM events e WHERE e.site_id = ? AND e.user_id <> ''",
            siteId)
        .append(" AND e.user_id IN (SELECT person FROM page)")
        .append(
            " UNION ALL SELECT l.user_id, e.ts, e.session_id, e.revenue_currency,"
                + " e.revenue_amount FROM events e JOIN plinks l ON l.visitor_id = e.visitor_id"
                + " WHERE e.site_id = ? AND coalesce(e.user_id, '') = '')",
            siteId);
    // Per visit first, then per person: count(DISTINCT) beside other aggregates makes DuckDB
    // materialize its input.
    sql.append(
        ", stats AS (SELECT person, CAST(sum(n) AS BIGINT) AS events, count(*) AS visits,"
            + " min(first_ts) AS first_ts FROM"
            + " (SELECT person, session_id, count(*) AS n, min(ts) AS first_ts"
            + " FROM pev GROUP BY person, session_id) GROUP BY person)");
    sql.append(
        ", revenue AS (SELECT person, list([currency, CAST(amount AS VARCHAR)]) AS revenue"
            + " FROM (SELECT person, revenue_currency AS currency, sum(revenue_amount) AS amount"
            + " FROM pev WHERE revenue_amount IS NOT NULL GROUP BY ALL) GROUP BY person)");
  }

  /**
   * The CTE {@code links}: each visitor's first link (by time, then event id), of the site's
   * visitors, or only of those ever linked to the person {@code one}.
   */
  static void links(Sql sql, String siteId, Optional<String> one) {
    sql.append(
        "links AS (SELECT visitor_id, arg_min(user_id, (linked_at, event_id, user_id)) AS user_id"
            + " FROM person_links WHERE site_id = ?",
        siteId);
    one.ifPresent(
        u ->
            sql.append(
                    " AND visitor_id IN (SELECT visitor_id FROM person_links WHERE site_id = ?",
                    siteId)
                .append(" AND user_id = ?)", u));
    sql.append(" GROUP BY visitor_id)");
  }

  /** Whose properties {@link #fold} reads, unless it reads one person's. */
  enum Scope {
    /** The CTE {@code candidates}' user ids. */
    CANDIDATES,
    /** The people of the CTE {@code page}. */
    PAGE
  }

  /**
   * A query of current property values, {@code (person, key, value)} with the value column named
   * {@code column} ({@code value_json} or {@code value_text}): of the person {@code one}, else of
   * the scope's people; of one key only when given.
   *
   * <p>Per person and key, {@code last_pos} is the place of the last 'set' or 'unset'. The value is
   * that of the earliest change at or after it that is not an 'unset': the 'set' itself, or the
   * first 'set_once' after an 'unset'; with no 'set' or 'unset', the first 'set_once'.
   */
  static void fold(
      Sql sql,
      String siteId,
      Scope scope,
      Optional<String> one,
      Optional<String> key,
      String column) {
    sql.append("SELECT person, key, arg_min(" + column + ", pos) AS " + column)
        .append(" FROM (SELECT person, key, op, " + column + ", pos,")
        .append(" max(pos) FILTER (WHERE op <> 'set_once')")
        .append(" OVER (PARTITION BY person, key) AS last_pos")
        .append(" FROM (SELECT user_id AS person, key, op, " + column + ",")
        .append(" (ts, event_id, seq) AS pos FROM person_properties")
        .append(" WHERE site_id = ? AND op IN ('set', 'set_once', 'unset')", siteId);
    if (one.isPresent()) {
      sql.append(" AND user_id = ?", one.get());
    } else if (scope == Scope.PAGE) {
      sql.append(" AND user_id IN (SELECT person FROM page)");
    } else {
      sql.append(" AND user_id IN (SELECT user_id FROM candidates)");
    }
    key.ifPresent(k -> sql.append(" AND key = ?", k));
    sql.append(
        ")) WHERE op <> 'unset' AND (last_pos IS NULL OR pos >= last_pos) GROUP BY person, key");
  }

  /**
   * A query of the current text values {@code (person, key, value_text)} of these keys for every
   * person of the site, folded from the changes before {@code before} only (as {@link #fold} folds
   * them all).
   */
  static void foldBefore(Sql sql, String siteId, List<String> keys, Object before) {
    sql.append("SELECT person, key, arg_min(value_text, pos) AS value_text")
        .append(" FROM (SELECT person, key, op, value_text, pos,")
        .append(" max(pos) FILTER (WHERE op <> 'set_once')")
        .append(" OVER (PARTITION BY person, key) AS last_pos")
        .append(" FROM (SELECT user_id AS person, key, op, value_text,")
        .append(" (ts, event_id, seq) AS pos FROM person_properties")
        .append(" WHERE site_id = ? AND op IN ('set', 'set_once', 'unset')", siteId)
        .append(" AND ts < ?", before)
        .append(" AND key IN (");
    for (int i = 0; i < keys.size(); i++) {
      sql.append(i == 0 ? "?" : ", ?", keys.get(i));
    }
    sql.append(
        "))) WHERE op <> 'unset' AND (last_pos IS NULL OR pos >= last_pos) GROUP BY person, key");
  }

  @Override
  public long segmentSize(Segment segment) {
    Sql sql = new Sql().append("SELECT count(*) FROM (");
    DuckDbSegments.members(sql, segment);
    sql.append(")");
    try (Connection c = connections.get();
        PreparedStatement ps = sql.prepare(c);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw failed("counting a cohort of site " + segment.siteId(), e);
    }
  }

  /** A failed read: a refused condition (a pattern DuckDB cannot compile) or a store failure. */
  static RuntimeException failed(String what, SQLException e) {
    if (e.getMessage() != null && e.getMessage().contains("Invalid Input Error")) {
      return new io.footfall.core.query.QueryFailedException(
          what + " was refused: " + e.getMessage(), e);
    }
    return new StoreException(what + " failed: " + e.getMessage(), e);
  }

  /** The pairs of a list of two-element lists of text; none for SQL null. */
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

  /** A statement and its parameters, built together. */
  static final class Sql {
    private final StringBuilder text = new StringBuilder();
    private final List<Object> parameters = new ArrayList<>();

    Sql append(String sql) {
      text.append(sql);
      return this;
    }

    /** Appends a compiled condition with its parameters in the order of its {@code ?}. */
    Sql append(io.footfall.query.sql.CompiledQuery c) {
      String[] parts = c.sql().split("\\?", -1);
      if (parts.length != c.parameters().size() + 1) {
        throw new IllegalStateException("a condition's '?' and parameters differ: " + c.sql());
      }
      text.append(parts[0]);
      for (int i = 0; i < c.parameters().size(); i++) {
        append("?", c.parameters().get(i));
        text.append(parts[i + 1]);
      }
      return this;
    }

    /** Appends SQL with one {@code ?} and its value. */
    Sql append(String sql, Object parameter) {
      text.append(sql);
      parameters.add(parameter);
      return this;
    }

    String text() {
      return text.toString();
    }

    List<Object> parameters() {
      return parameters;
    }

    PreparedStatement prepare(Connection c) throws SQLException {
      PreparedStatement ps = c.prepareStatement(text.toString());
      try {
        for (int i = 0; i < parameters.size(); i++) {
          ps.setObject(i + 1, parameters.get(i));
        }
        return ps;
      } catch (SQLException | RuntimeException e) {
        ps.close();
        throw e;
      }
    }
  }
}
