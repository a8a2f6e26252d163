package io.footfall.store.clickhouse;

import io.footfall.core.Event;
import io.footfall.core.StoreException;
import io.footfall.core.people.People;
import io.footfall.core.people.PeopleQuery;
import io.footfall.core.people.Profile;
import io.footfall.core.people.Segment;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The people of a {@link ClickHouseStore}: profiles, lists and timelines folded at read time from
 * the append-only rows {@link PersonRows} writes, in one statement per read (two for a list: the
 * page, then its profiles), on ClickHouse 18.16 and current versions alike.
 *
 * <ul>
 *   <li><b>Properties</b> ({@link #fold}): per user and key, the latest {@code set} or {@code
 *       unset} by {@code (at, event_id, seq)} ({@code argMaxIf} over that tuple); if it is a set,
 *       its value; otherwise the first {@code set_once} after it, or the first ever when there is
 *       no set or unset, picked from the key's {@code set_once} rows gathered as an array (no
 *       window functions, and one aggregation level: 18.16 drops a subquery column that only a
 *       lambda of the outer query reads). Exact duplicate rows change none of these.
 *   <li><b>The person of an event</b>: its user id when not empty, else the user its visitor is
 *       linked to by the visitor's first link ({@code argMin(user_id, (linked_at, event_id))}),
 *       else none.
 *   <li><b>Cluster.</b> Every statement reads the {@code Distributed} tables on the first node.
 *       Where a subquery reads one inside a query over {@code events} it is {@code GLOBAL}: the
 *       visitors' first links are computed once, on the first node, and sent to every shard, whose
 *       events join them; without it each shard would compute them from its own share of the links.
 *       The fold of properties is an aggregation, which the shards compute partly and the first
 *       node merges, so it holds however the person tables are sharded. {@code GLOBAL} on one node
 *       is a plain {@code IN} or {@code JOIN}, so both layouts run the same text.
 * </ul>
 */
final class ClickHousePeople implements People {
  /** ClickHouse's error code for a regular expression its engine cannot compile. */
  private static final int CANNOT_COMPILE_REGEXP = 427;

  private final ClickHouseHttp main;
  private final String where;
  private final ClickHouseDialect dialect;

  ClickHousePeople(ClickHouseHttp main, String where, ClickHouseDialect dialect) {
    this.main = main;
    this.where = where;
    this.dialect = dialect;
  }

  @Override
  public long segmentSize(Segment segment) {
    String sql = "SELECT count() FROM (" + ClickHouseSegments.members(segment, dialect) + ")";
    long[] size = new long[1];
    try {
      main.forEachRow(ClickHouseSegments.sized(read(sql), sql), r -> size[0] = r.int64(0));
    } catch (ClickHouseException e) {
      throw failed("counting a cohort of site " + segment.siteId(), e);
    }
    return size[0];
  }

  @Override
  public Optional<Profile> profile(String siteId, String userId) {
    Objects.requireNonNull(siteId, "siteId");
    Objects.requireNonNull(userId, "userId");
    if (userId.isEmpty()) {
      return Optional.empty(); // an empty user id is nobody's
    }
    try {
      return Optional.ofNullable(profiles(siteId, List.of(userId)).get(userId));
    } catch (ClickHouseException e) {
      throw failed("reading the profile of a person of site " + siteId, e);
    }
  }

  @Override
  public List<Profile> list(PeopleQuery query) {
    try {
      List<String> page = new ArrayList<>();
      String sql = listSql(query, dialect);
      main.forEachRow(ClickHouseSegments.sized(read(sql), sql), r -> page.add(r.text(0)));
      if (page.isEmpty()) {
        return List.of();
      }
      Map<String, Profile> profiles = profiles(query.siteId(), page);
      // A person of the page is missing only if the site was deleted in between.
      return page.stream().map(profiles::get).filter(Objects::nonNull).toList();
    } catch (ClickHouseException e) {
      throw failed("listing the people of site " + query.siteId(), e);
    }
  }

  @Override
  public List<Event> timeline(
      String siteId, String userId, Optional<EventPosition> before, int limit) {
    Objects.requireNonNull(siteId, "siteId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(before, "before");
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be 1 to 1000, was " + limit);
    }
    if (userId.isEmpty()) {
      return List.of();
    }
    List<Event> out = new ArrayList<>();
    try {
      main.forEachRow(
          read(timelineSql(siteId, userId, before, limit)), r -> out.add(ClickHouseStore.event(r)));
    } catch (ClickHouseException e) {
      throw failed("reading the timeline of a person of site " + siteId, e);
    }
    return out;
  }

  // ---------------------------------------------------------------- profiles

  /** The profiles of these users of the site that exist, by user id. */
  private Map<String, Profile> profiles(String siteId, Collection<String> userIds) {
    Map<String, ProfileRows> people = new LinkedHashMap<>();
    main.forEachRow(
        read(profilesSql(siteId, userIds)),
        r -> people.computeIfAbsent(r.text(1), ProfileRows::new).add(r));
    Map<String, Profile> out = new LinkedHashMap<>();
    people.forEach(
        (id, rows) -> {
          if (rows.exists()) {
            out.put(id, rows.profile());
          }
        });
    return out;
  }

  /**
   * One statement for the profiles of {@code userIds}: a {@code UNION ALL} of four kinds of rows
   * (kind, user id, name, value, events, visits, first and last time): {@code p} a current property
   * (name, JSON value); {@code u} the first and last time of the user's updates; {@code e} their
   * events' count, visits and first and last time; {@code r} their revenue in one currency (name),
   * as text because 18.16 crashes gathering decimals.
   */
  static String profilesSql(String siteId, Collection<String> userIds) {
    String site = ClickHouseLiterals.string(siteId);
    String ids = list(userIds);
    return "SELECT 'p' AS kind, user_id AS person, key AS k, cur_json AS v, toUInt64(0) AS n,"
        + " toUInt64(0) AS visits, toInt64(0) AS first_t, toInt64(0) AS last_t FROM ("
        + fold(site, "user_id IN " + ids)
        + ") UNION ALL SELECT 'u' AS kind, user_id AS person, '' AS k, '' AS v, toUInt64(0) AS n,"
        + " toUInt64(0) AS visits, min(at) AS first_t, max(at) AS last_t FROM person_properties"
        + " WHERE site_id = "
        + site
        + " AND user_id IN "
        + ids
        + " GROUP BY user_id UNION ALL SELECT 'e' AS kind, person, '' AS k, '' AS v, count() AS"
        + " n, uniqExact(session_id) AS visits, min(ts) AS first_t, max(ts) AS last_t FROM "
        + eventsOf(site, ids)
        + " GROUP BY person UNION ALL SELECT 'r' AS kind, person, revenue_currency AS k,"
        + " toString(sum(assumeNotNull(revenue_amount))) AS v, toUInt64(0) AS n, toUInt64(0) AS"
        + " visits, toInt64(0) AS first_t, toInt64(0) AS last_t FROM "
        + eventsOf(site, ids)
        + " WHERE revenue_amount IS NOT NULL GROUP BY person, revenue_currency";
  }

  /**
   * The events of these users of the site, with their {@code person}, for {@code FROM}: their own
   * events by user id, and the anonymous events of the visitors first linked to them, found through
   * the links (only those events are read and joined, not every event of the site).
   */
  private static String eventsOf(String site, String ids) {
    // The visitors with a link to one of them; their first links are computed over their own links
    // only, not over every visitor of the site.
    String linked =
        "(SELECT visitor_id FROM person_links WHERE site_id = "
            + site
            + " AND user_id IN "
            + ids
            + ")";
    String theirLinks =
        "(SELECT visitor_id, argMin(user_id, (linked_at, event_id)) AS linked_person FROM"
            + " person_links WHERE site_id = "
            + site
            + " AND visitor_id GLOBAL IN "
            + linked
            + " GROUP BY visitor_id)";
    String columns = "session_id, ts, revenue_amount, revenue_currency";
    return "(SELECT user_id AS person, "
        + columns
        + " FROM events WHERE site_id = "
        + site
        + " AND user_id IN "
        + ids
        + " UNION ALL SELECT linked_person AS person, "
        + columns
        + " FROM (SELECT visitor_id, "
        + columns
        + " FROM events WHERE site_id = "
        + site
        + " AND user_id = '' AND visitor_id GLOBAL IN "
        + linked
        + ") GLOBAL ANY INNER JOIN "
        + theirLinks
        + " AS links USING visitor_id WHERE linked_person IN "
        + ids
        + ")";
  }

  /** What the rows of {@link #profilesSql} say about one person. */
  private static final class ProfileRows {
    private final String userId;
    private final TreeMap<String, String> properties = new TreeMap<>();
    private final TreeMap<String, BigDecimal> revenue = new TreeMap<>();
    private long events;
    private long visits;
    private long first = Long.MAX_VALUE;
    private long last = Long.MIN_VALUE;
    private boolean seen;

    ProfileRows(String userId) {
      this.userId = userId;
    }

    void add(TabSeparatedRow r) {
      switch (r.text(0)) {
        case "p" -> properties.put(r.text(2), r.text(3));
        case "r" -> revenue.merge(r.text(2), new BigDecimal(r.text(3)), BigDecimal::add);
        case "u", "e" -> {
          events += r.int64(4);
          visits += r.int64(5);
          first = Math.min(first, r.int64(6));
          last = Math.max(last, r.int64(7));
          seen = true;
        }
        default -> throw new ClickHouseException("unexpected profile row " + r);
      }
    }

    boolean exists() {
      return seen;
    }

    Profile profile() {
      return new Profile(
          userId,
          properties,
          ClickHouseDialect.instant(first),
          ClickHouseDialect.instant(last),
          events,
          visits,
          revenue);
    }
  }

  // ---------------------------------------------------------------- lists

  /**
   * The user ids of a page of the list, in order: every person of the site (user ids of updates,
   * persons of events) with their last time, filtered, ordered and cut after the query's position.
   * Anonymous events are reduced to their visitors' last times before those meet the links.
   */
  static String listSql(PeopleQuery q, ClickHouseDialect dialect) {
    String site = ClickHouseLiterals.string(q.siteId());
    // The filters go in the WHERE of an outer query: 18.16 fails a HAVING whose IN subquery holds
    // the fold (code 47, "Unknown identifier: at").
    StringBuilder sql =
        new StringBuilder("SELECT person, seen FROM (SELECT person, max(last_t) AS seen FROM (")
            .append("SELECT user_id AS person,")
            .append(" max(at) AS last_t FROM person_properties WHERE site_id = ")
            .append(site)
            .append(" GROUP BY user_id UNION ALL SELECT user_id AS person, max(ts) AS last_t")
            .append(" FROM events WHERE site_id = ")
            .append(site)
            .append(" AND user_id != '' GROUP BY user_id UNION ALL SELECT linked_person AS person,")
            .append(
                " last_t FROM (SELECT visitor_id, max(ts) AS last_t FROM events WHERE site_id = ")
            .append(site)
            .append(" AND user_id = '' GROUP BY visitor_id) GLOBAL ANY INNER JOIN ")
            .append(firstLinks(site))
            .append(" AS links USING visitor_id) GROUP BY person)");
    List<String> filters = new ArrayList<>();
    if (!q.search().isEmpty()) {
      String needle = ClickHouseLiterals.string(PersonRows.sendable(q.search()));
      filters.add(
          "(positionCaseInsensitiveUTF8(person, "
              + needle
              + ") > 0 OR person GLOBAL IN (SELECT user_id FROM ("
              + fold(site, "")
              + ") WHERE positionCaseInsensitiveUTF8(cur_text, "
              + needle
              + ") > 0))");
    }
    q.property()
        .ifPresent(
            m ->
                filters.add(
                    "person GLOBAL IN (SELECT user_id FROM ("
                        + fold(site, "key = " + ClickHouseLiterals.string(m.key()))
                        + ") WHERE cur_text = "
                        + ClickHouseLiterals.string(PersonRows.sendable(m.text()))
                        + ")"));
    q.segment()
        .ifPresent(
            s -> filters.add("person GLOBAL IN (" + ClickHouseSegments.members(s, dialect) + ")"));
    q.after()
        .ifPresent(
            a -> {
              String seen = ClickHouseLiterals.int64(ClickHouseDialect.micros(a.lastSeen()));
              filters.add(
                  "(seen < "
                      + seen
                      + " OR (seen = "
                      + seen
                      + " AND person > "
                      + ClickHouseLiterals.string(a.userId())
                      + "))");
            });
    if (!filters.isEmpty()) {
      sql.append(" WHERE ").append(String.join(" AND ", filters));
    }
    return sql.append(" ORDER BY seen DESC, person LIMIT ").append(q.limit()).toString();
  }

  // ---------------------------------------------------------------- timelines

  /** The person's events, newest first, after {@code before}. */
  static String timelineSql(
      String siteId, String userId, Optional<EventPosition> before, int limit) {
    String site = ClickHouseLiterals.string(siteId);
    String user = ClickHouseLiterals.string(userId);
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(ClickHouseStore.eventColumns())
            .append(" FROM events WHERE site_id = ")
            .append(site)
            .append(" AND (user_id = ")
            .append(user)
            .append(" OR (user_id = '' AND visitor_id GLOBAL IN (SELECT visitor_id FROM")
            .append(" person_links WHERE site_id = ")
            .append(site)
            .append(" GROUP BY visitor_id HAVING argMin(user_id, (linked_at, event_id)) = ")
            .append(user)
            .append(")))");
    before.ifPresent(
        b -> {
          String ts = ClickHouseLiterals.int64(ClickHouseDialect.micros(b.timestamp()));
          sql.append(" AND (ts < ")
              .append(ts)
              .append(" OR (ts = ")
              .append(ts)
              .append(" AND event_id < ")
              .append(ClickHouseLiterals.string(b.eventId()))
              .append("))");
        });
    return sql.append(" ORDER BY ts DESC, event_id DESC LIMIT ").append(limit).toString();
  }

  // ---------------------------------------------------------------- building blocks

  /** The person of a row of {@link #eventsWithPerson}: '' for none. */
  static final String PERSON = "if(user_id != '', user_id, linked_person)";

  /**
   * The events table joined with each visitor's first link ({@code linked_person}, '' when the
   * visitor has none), for {@code FROM}; the caller still filters the events by site.
   */
  static String eventsWithPerson(String site) {
    return "events GLOBAL ANY LEFT JOIN " + firstLinks(site) + " AS links USING visitor_id";
  }

  /**
   * Each linked visitor of the site and the user of its first link: {@code visitor_id,
   * linked_person}, a subquery for a join.
   */
  static String firstLinks(String site) {
    return "(SELECT visitor_id, argMin(user_id, (linked_at, event_id)) AS linked_person FROM"
        + " person_links WHERE site_id = "
        + site
        + " GROUP BY visitor_id)";
  }

  /**
   * The current properties of the site's people (those the condition, over {@code
   * person_properties}' columns, selects; none when empty): {@code user_id, key, cur_json,
   * cur_text} for each key with a value.
   */
  static String fold(String site, String condition) {
    return fold(site, condition, "person_properties");
  }

  /**
   * {@link #fold} over the table {@code table} (a name in full where the session's database
   * differs).
   */
  static String fold(String site, String condition, String table) {
    String order = "(at, event_id, seq)";
    String settle = "op != 'set_once'"; // a set or an unset ('seen' rows are left out)
    return "SELECT user_id, key, cur_json, cur_text FROM (SELECT user_id, key, argMaxIf(op, "
        + order
        + ", "
        + settle
        + ") AS last_op, argMaxIf((value_json, value_text), "
        + order
        + ", "
        + settle
        + ") AS last_value, argMaxIf("
        + order
        + ", "
        + order
        + ", "
        + settle
        + ") AS last_at, arraySort(arrayFilter(x -> last_op = '' OR (tupleElement(x, 1),"
        + " tupleElement(x, 2), tupleElement(x, 3)) > last_at, groupArrayIf((at, event_id, seq,"
        + " value_json, value_text), op = 'set_once')))[1] AS once, if(last_op = 'set',"
        + " tupleElement(last_value, 1), tupleElement(once, 4)) AS cur_json, if(last_op = 'set',"
        + " tupleElement(last_value, 2), tupleElement(once, 5)) AS cur_text FROM "
        + table
        + " WHERE site_id = "
        + site
        + " AND op != '"
        + PersonRows.SEEN
        + "'"
        + (condition.isEmpty() ? "" : " AND " + condition)
        + " GROUP BY user_id, key) WHERE cur_json != ''";
  }

  private static String list(Collection<String> values) {
    StringBuilder out = new StringBuilder("(");
    for (String v : values) {
      if (out.length() > 1) {
        out.append(", ");
      }
      out.append(ClickHouseLiterals.string(v));
    }
    return out.append(')').toString();
  }

  /**
   * A read; {@code join_use_nulls=0} whatever the server's profile says, so that a visitor without
   * a link joins as '' rather than NULL.
   */
  private static ClickHouseQuery read(String sql) {
    return ClickHouseQuery.sql(sql).withSetting("join_use_nulls", "0");
  }

  private RuntimeException failed(String what, ClickHouseException e) {
    if (e instanceof ClickHouseQueryException q && q.code() == CANNOT_COMPILE_REGEXP) {
      return new io.footfall.core.query.QueryFailedException(
          what + " was refused: " + q.serverMessage(), e);
    }
    return new StoreException(what + " in ClickHouse (" + where + ") failed: " + e.getMessage(), e);
  }
}
