package io.footfall.store.duckdb;

import io.footfall.core.Event;
import io.footfall.core.StoreException;
import io.footfall.core.query.Dimension;
import io.footfall.query.sql.EventColumns;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the daily rollups from the raw events (the tables of migration V002; docs/architecture.md,
 * "Rollups"): per site, local day, dimension and value, the sums over the visits that lie wholly
 * inside the day, with a mergeable sketch of their visitors ({@link VisitorSketch}); and, for the
 * few visits that span more than one local day, one row per visit and day, which a report combines
 * exactly over its range. Sums are exact; only distinct visitors are estimated, from the sketches.
 *
 * <p>The writer marks the UTC days of a site that receive events ({@link DuckDbStore#write}); a
 * build claims the marks, rebuilds the local days they touch (and one day either side, whose visits
 * may continue into them), and deletes the marks in the transaction that replaces the rollups, so a
 * crash at any point leaves the marks for the next build. Days with marks are not read from the
 * rollups ({@link #fresh}).
 */
public final class Rollups {
  private static final Logger log = LoggerFactory.getLogger(Rollups.class);

  /** Visit attributes, in the order of {@code rollup_parts.attrs}. */
  static final List<Dimension.Kind> ATTRIBUTES =
      List.of(
          Dimension.Kind.SOURCE,
          Dimension.Kind.REFERRER,
          Dimension.Kind.MEDIUM,
          Dimension.Kind.UTM_SOURCE,
          Dimension.Kind.UTM_MEDIUM,
          Dimension.Kind.UTM_CAMPAIGN,
          Dimension.Kind.UTM_TERM,
          Dimension.Kind.UTM_CONTENT,
          Dimension.Kind.COUNTRY,
          Dimension.Kind.REGION,
          Dimension.Kind.CITY,
          Dimension.Kind.BROWSER,
          Dimension.Kind.BROWSER_VERSION,
          Dimension.Kind.OS,
          Dimension.Kind.OS_VERSION,
          Dimension.Kind.DEVICE,
          Dimension.Kind.SCREEN);

  /** Event-level dimensions kept per value. */
  static final List<Dimension.Kind> EVENT_DIMS =
      List.of(Dimension.Kind.PAGE, Dimension.Kind.HOSTNAME, Dimension.Kind.NAME);

  /** The period of rollup_periods rows merging a calendar week, Monday to Sunday. */
  static final String WEEK = "week";

  /** The period of rollup_periods rows merging a calendar month. */
  static final String MONTH = "month";

  /** The dim key prefix of custom events' property rows (see {@code propertyRows}). */
  static final String PROPERTY_DIM = "props:";

  /**
   * The condition on an event whose custom properties form a JSON object: only such events have
   * keys ({@code json_keys(props)}) that rollups and the list of property keys read.
   */
  static final String PROPERTIES_OBJECT =
      "props IS NOT NULL AND json_valid(props) AND json_type(props) = 'OBJECT'";

  /** The dim key of the totals' rows. */
  static final String TOTAL = "";

  /** What the rollups of a site are built for: its time zone and currency. */
  public record SiteSettings(ZoneId zone, String currency) {
    public SiteSettings {
      Objects.requireNonNull(zone, "zone");
      Objects.requireNonNull(currency, "currency");
    }
  }

  /** What one build did, for logs and benchmarks. */
  public record BuildResult(int sites, int days, long millis) {}

  private final Supplier<Connection> connections;
  private final Clock clock;

  Rollups(Supplier<Connection> connections, Clock clock) {
    this.connections = connections;
    this.clock = clock;
  }

  /** A 64-bit mix of a visitor id, so that sketches see well-spread hashes. */
  static long hash(long visitorId) {
    long z = visitorId;
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }

  static VisitorSketch sketch() {
    return new VisitorSketch();
  }

  /**
   * Rebuilds what the marks of generation {@code claimed} or older ask for, for the sites given
   * (marks of other sites stay). A site whose rollups were built for another zone or currency is
   * rebuilt whole.
   */
  BuildResult build(Map<String, SiteSettings> sites, long claimed) {
    long started = System.nanoTime();
    int builtSites = 0;
    int builtDays = 0;
    try (Connection c = connections.get()) {
      for (Map.Entry<String, SiteSettings> e : sites.entrySet()) {
        int days = buildSite(c, e.getKey(), e.getValue(), claimed);
        if (days > 0) {
          builtSites++;
          builtDays += days;
        }
      }
    } catch (SQLException e) {
      throw new StoreException("building the rollups failed: " + e.getMessage(), e);
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    if (builtSites > 0) {
      log.info("rollups: rebuilt {} days of {} sites in {} ms", builtDays, builtSites, millis);
    }
    return new BuildResult(builtSites, builtDays, millis);
  }

  private int buildSite(Connection c, String siteId, SiteSettings site, long claimed)
      throws SQLException {
    boolean whole = !builtFor(c, siteId, site);
    LocalDate firstUtc;
    LocalDate lastUtc;
    if (whole) {
      try (PreparedStatement ps =
          c.prepareStatement("SELECT min(ts), max(ts) FROM events WHERE site_id = ?")) {
        ps.setString(1, siteId);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          LocalDateTime min = rs.getObject(1, LocalDateTime.class);
          LocalDateTime max = rs.getObject(2, LocalDateTime.class);
          if (min == null) {
            firstUtc = null;
            lastUtc = null;
          } else {
            firstUtc = min.toLocalDate();
            lastUtc = max.toLocalDate();
          }
        }
      }
    } else {
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT min(utc_day), max(utc_day) FROM rollup_dirty"
                  + " WHERE site_id = ? AND gen <= ?")) {
        ps.setString(1, siteId);
        ps.setLong(2, claimed);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          firstUtc = rs.getObject(1, LocalDate.class);
          lastUtc = rs.getObject(2, LocalDate.class);
        }
      }
      if (firstUtc == null) {
        return 0;
      }
    }
    // The days before the raw horizon have no raw events left: their rows stay as they were built
    // (in the zone and currency of that time) and are never rebuilt, not even whole.
    java.util.Optional<LocalDate> kept = firstKeptDay(c, siteId, site.zone());
    c.setAutoCommit(false);
    try {
      int days = 0;
      if (whole) {
        for (String table :
            List.of("rollup_days", "rollup_periods", "rollup_parts", "rollup_part_values")) {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM "
                      + table
                      + " WHERE site_id = ?"
                      + (kept.isPresent() ? " AND day >= ?" : ""))) {
            ps.setString(1, siteId);
            if (kept.isPresent()) {
              ps.setObject(2, kept.get());
            }
            ps.executeUpdate();
          }
        }
      }
      if (firstUtc != null) {
        LocalDate lo =
            firstUtc
                .atStartOfDay(ZoneOffset.UTC)
                .withZoneSameInstant(site.zone())
                .toLocalDate()
                .minusDays(1);
        LocalDate hi =
            lastUtc
                .plusDays(1)
                .atStartOfDay(ZoneOffset.UTC)
                .minusNanos(1)
                .withZoneSameInstant(site.zone())
                .toLocalDate()
                .plusDays(1);
        if (kept.isPresent() && lo.isBefore(kept.get())) {
          lo = kept.get();
        }
        if (!lo.isAfter(hi)) {
          new DayBuild(c, siteId, site, lo, hi).run();
          buildPeriods(c, siteId, lo, hi);
          days = (int) (hi.toEpochDay() - lo.toEpochDay() + 1);
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement("DELETE FROM rollup_dirty WHERE site_id = ? AND gen <= ?")) {
        ps.setString(1, siteId);
        ps.setLong(2, claimed);
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement("INSERT OR REPLACE INTO rollup_sites VALUES (?, ?, ?, ?)")) {
        ps.setString(1, siteId);
        ps.setString(2, site.zone().getId());
        ps.setString(3, site.currency());
        ps.setObject(4, LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        ps.executeUpdate();
      }
      c.commit();
      return Math.max(days, 1);
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  /**
   * Rewrites the week and month rows of the periods that contain the local days {@code lo} to
   * {@code hi}, merging their days' rows (the days outside {@code lo..hi} are current already).
   */
  private static void buildPeriods(Connection c, String siteId, LocalDate lo, LocalDate hi)
      throws SQLException {
    for (String period : List.of(WEEK, MONTH)) {
      for (LocalDate start = periodStart(period, lo);
          !start.isAfter(hi);
          start = periodEnd(period, start).plusDays(1)) {
        execute(
            c,
            "DELETE FROM rollup_periods WHERE site_id = ? AND period = ? AND day = ?",
            List.of(siteId, period, start));
        Map<String, Row> merged = new HashMap<>();
        try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT * FROM rollup_days WHERE site_id = ? AND day BETWEEN ? AND ?")) {
          ps.setString(1, siteId);
          ps.setObject(2, start);
          ps.setObject(3, periodEnd(period, start));
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              String dim = rs.getString("dim");
              String value = rs.getString("value");
              LocalDate first = start;
              merged.computeIfAbsent(dim + "\n" + value, k -> new Row(first, dim, value)).add(rs);
            }
          }
        }
        LocalDate first = start;
        wholeCrossingVisits(
            c,
            siteId,
            start,
            periodEnd(period, start),
            (dim, value) ->
                merged.computeIfAbsent(dim + "\n" + value, k -> new Row(first, dim, value)));
        write(c, siteId, merged.values(), period);
      }
    }
  }

  /**
   * Adds the visits that span several days but lie wholly inside {@code start..end} to the rows of
   * that period, as the day rows hold their solo visits: one visit per value it has, with its whole
   * page views, bounce and duration. A report whose cover uses the period then leaves these visits
   * out of those it combines from the parts ({@link RollupAnswer}). Visits are contiguous in time,
   * so one with a part beyond the period has one on the day next to it: a day's margin finds it.
   */
  private static void wholeCrossingVisits(
      Connection c,
      String siteId,
      LocalDate start,
      LocalDate end,
      java.util.function.BiFunction<String, String, Row> row)
      throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS rb_whole");
    }
    execute(
        c,
        "CREATE TEMP TABLE rb_whole AS SELECT session_id, any_value(visitor_id) AS visitor_id,"
            + " sum(events) AS events, sum(pageviews) AS pageviews, sum(revenue) AS revenue,"
            + " sum(orders) AS orders, epoch_us(max(last_ts)) - epoch_us(min(first_ts)) AS dur,"
            + " arg_min(entry_page, entry_ts) AS entry_page, arg_max(exit_page, exit_ts) AS exit_page,"
            + " any_value(attrs) AS attrs FROM rollup_parts"
            + " WHERE site_id = ? AND day BETWEEN ? AND ? GROUP BY session_id"
            + " HAVING min(day) >= ? AND max(day) <= ?",
        List.of(siteId, start.minusDays(1), end.plusDays(1), start, end));
    List<String> dims = new ArrayList<>();
    List<String> values = new ArrayList<>();
    dims.add(TOTAL);
    values.add("''");
    for (int i = 0; i < ATTRIBUTES.size(); i++) {
      dims.add(Dimension.of(ATTRIBUTES.get(i)).apiName());
      values.add("attrs[" + (i + 1) + "]");
    }
    dims.add(Dimension.of(Dimension.Kind.ENTRY_PAGE).apiName());
    values.add("coalesce(entry_page, '')");
    dims.add(Dimension.of(Dimension.Kind.EXIT_PAGE).apiName());
    values.add("coalesce(exit_page, '')");
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < dims.size(); i++) {
      sql.append(i > 0 ? " UNION ALL " : "")
          .append("SELECT CAST(? AS VARCHAR), ")
          .append(values.get(i))
          .append(
              ", count(*), sum(pageviews), sum(events), sum(revenue), sum(orders), NULL, 0,"
                  + " sum(pageviews), count(*) FILTER (WHERE events = 1 AND pageviews = 1),"
                  + " sum(dur), list(visitor_id), NULL FROM rb_whole GROUP BY ALL"
                  // Only constant columns: GROUP BY ALL would make one row of an empty table.
                  + " HAVING count(*) > 0");
    }
    addWhole(c, sql.toString(), new ArrayList<>(dims), row);
    addWhole(
        c,
        "SELECT x.dim, x.value, count(*), sum(x.pageviews), sum(x.events), sum(x.revenue),"
            + " sum(x.orders), sum(x.pv_revenue), sum(x.pv_orders), sum(v.pageviews),"
            + " count(*) FILTER (WHERE v.events = 1 AND v.pageviews = 1), sum(v.dur),"
            + " list(v.visitor_id), list(v.visitor_id) FILTER (WHERE x.pageviews > 0)"
            + " FROM (SELECT session_id, dim, value, sum(events) AS events,"
            + " sum(pageviews) AS pageviews, sum(revenue) AS revenue, sum(orders) AS orders,"
            + " sum(pv_revenue) AS pv_revenue, sum(pv_orders) AS pv_orders"
            + " FROM rollup_part_values WHERE site_id = ? AND day BETWEEN ? AND ?"
            + " GROUP BY ALL) x JOIN rb_whole v USING (session_id) GROUP BY ALL",
        List.of(siteId, start, end),
        row);
    try (Statement st = c.createStatement()) {
      st.execute("DROP TABLE rb_whole");
    }
  }

  /**
   * Adds rows of (dim, value, the sums as {@code DayBuild.fill} reads them, visitor ids, ids of
   * visitors with page views of the value) to the period's rows.
   */
  private static void addWhole(
      Connection c,
      String sql,
      List<Object> params,
      java.util.function.BiFunction<String, String, Row> row)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String dim = rs.getString(1);
          Row r = row.apply(dim, rs.getString(2));
          r.visits += rs.getLong(3);
          r.pageviews += rs.getLong(4);
          r.events += rs.getLong(5);
          r.revenue = Row.plus(r.revenue, rs.getBigDecimal(6));
          r.orders += rs.getLong(7);
          r.pvRevenue = Row.plus(r.pvRevenue, rs.getBigDecimal(8));
          r.pvOrders += rs.getLong(9);
          r.visitPageviews += rs.getLong(10);
          r.bounces += rs.getLong(11);
          r.durationUs += rs.getLong(12);
          for (Object id : (Object[]) rs.getArray(13).getArray()) {
            r.visitors.add(hash((Long) id));
          }
          java.sql.Array pv = rs.getArray(14);
          if (pv != null && dim.equals(Dimension.of(Dimension.Kind.PAGE).apiName())) {
            Object[] ids = (Object[]) pv.getArray();
            if (ids.length > 0 && r.pvVisitors == null) {
              r.pvVisitors = sketch();
            }
            for (Object id : ids) {
              r.pvVisitors.add(hash((Long) id));
            }
          }
        }
      }
    }
  }

  /** The first day of the week (Monday) or month that contains {@code day}. */
  static LocalDate periodStart(String period, LocalDate day) {
    return period.equals(WEEK)
        ? day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
        : day.withDayOfMonth(1);
  }

  /** The last day of the week or month that starts on {@code start}. */
  static LocalDate periodEnd(String period, LocalDate start) {
    return period.equals(WEEK) ? start.plusDays(6) : start.plusMonths(1).minusDays(1);
  }

  /**
   * The first local day of the zone whose raw events are all kept: the day of the site's raw
   * horizon, or the day after when the horizon is not a midnight of the zone. Empty without one.
   */
  static java.util.Optional<LocalDate> firstKeptDay(Connection c, String siteId, ZoneId zone)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT horizon FROM raw_horizons WHERE site_id = ?")) {
      ps.setString(1, siteId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return java.util.Optional.empty();
        }
        Instant horizon = rs.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC);
        LocalDate day = LocalDate.ofInstant(horizon, zone);
        return java.util.Optional.of(
            day.atStartOfDay(zone).toInstant().equals(horizon) ? day : day.plusDays(1));
      }
    }
  }

  /** Whether the site's rollups exist and were built for these settings. */
  static boolean builtFor(Connection c, String siteId, SiteSettings site) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT zone, currency FROM rollup_sites WHERE site_id = ?")) {
      ps.setString(1, siteId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            && rs.getString(1).equals(site.zone().getId())
            && rs.getString(2).equals(site.currency());
      }
    }
  }

  /**
   * Whether the rollups of the site answer the local days {@code first} to {@code last} as the raw
   * events would: built for these settings, and no marks on or near those days.
   */
  static boolean fresh(
      Connection c, String siteId, SiteSettings site, LocalDate first, LocalDate last)
      throws SQLException {
    // One statement: every report asks this first.
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT EXISTS (SELECT 1 FROM rollup_sites WHERE site_id = ? AND zone = ?"
                + " AND currency = ?) AND NOT EXISTS (SELECT 1 FROM rollup_dirty"
                + " WHERE site_id = ? AND utc_day BETWEEN ? AND ?)")) {
      ps.setString(1, siteId);
      ps.setString(2, site.zone().getId());
      ps.setString(3, site.currency());
      ps.setString(4, siteId);
      ps.setObject(5, first.minusDays(3));
      ps.setObject(6, last.plusDays(3));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /** One rollup_days or rollup_periods row being assembled. */
  private static final class Row {
    final LocalDate day;
    final String dim;
    final String value;
    final VisitorSketch visitors = sketch();
    VisitorSketch pvVisitors;
    long visits;
    long pageviews;
    long events;
    BigDecimal revenue;
    long orders;
    BigDecimal pvRevenue;
    long pvOrders;
    long visitPageviews;
    long bounces;
    long durationUs;

    Row(LocalDate day, String dim, String value) {
      this.day = day;
      this.dim = dim;
      this.value = value;
    }

    /** Adds another row's sums and visitors (as stored: sketches in their stored form). */
    void add(ResultSet rs) throws SQLException {
      visitors.merge(rs.getBytes("visitors"));
      byte[] pv = rs.getBytes("pv_visitors");
      if (pv != null) {
        if (pvVisitors == null) {
          pvVisitors = sketch();
        }
        pvVisitors.merge(pv);
      }
      visits += rs.getLong("visits");
      pageviews += rs.getLong("pageviews");
      events += rs.getLong("events");
      revenue = plus(revenue, rs.getBigDecimal("revenue"));
      orders += rs.getLong("orders");
      pvRevenue = plus(pvRevenue, rs.getBigDecimal("pv_revenue"));
      pvOrders += rs.getLong("pv_orders");
      visitPageviews += rs.getLong("visit_pageviews");
      bounces += rs.getLong("bounces");
      durationUs += rs.getLong("duration_us");
    }

    private static BigDecimal plus(BigDecimal a, BigDecimal b) {
      return a == null ? b : b == null ? a : a.add(b);
    }
  }

  /**
   * Writes the rows through DuckDB's Appender into the staging table, then moves them into
   * rollup_days, or into rollup_periods as rows of {@code period}, in the build's transaction (one
   * INSERT per row would cost most of a build; the Appender commits on its own, so it cannot write
   * rollup_days directly).
   */
  private static void write(Connection c, String siteId, Iterable<Row> rows, String period)
      throws SQLException {
    execute(c, "DELETE FROM rollup_staging", List.of());
    try (DuckDBAppender a =
        DuckDbStore.appender(c.unwrap(DuckDBConnection.class), "rollup_staging")) {
      for (Row r : rows) {
        a.beginRow();
        a.append(siteId);
        a.append(r.day);
        a.append(r.dim);
        a.append(r.value);
        a.append(r.visitors.toBytes());
        a.append(r.visits);
        a.append(r.pageviews);
        a.append(r.events);
        money(a, r.revenue);
        a.append(r.orders);
        money(a, r.pvRevenue);
        a.append(r.pvOrders);
        if (r.pvVisitors == null) {
          a.appendNull();
        } else {
          a.append(r.pvVisitors.toBytes());
        }
        a.append(r.visitPageviews);
        a.append(r.bounces);
        a.append(r.durationUs);
        a.endRow();
      }
      a.flush();
    }
    if (period == null) {
      execute(c, "INSERT INTO rollup_days SELECT * FROM rollup_staging", List.of());
    } else {
      execute(
          c,
          "INSERT INTO rollup_periods SELECT site_id, ?, * EXCLUDE (site_id) FROM rollup_staging",
          List.of(period));
    }
    execute(c, "DELETE FROM rollup_staging", List.of());
  }

  private static void money(DuckDBAppender a, BigDecimal amount) throws SQLException {
    if (amount == null) {
      a.appendNull();
    } else {
      a.append(amount.setScale(4, java.math.RoundingMode.HALF_EVEN));
    }
  }

  private static void execute(Connection c, String sql, List<Object> params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      ps.execute();
    }
  }

  /** The rebuild of one site's local days {@code lo} to {@code hi}, in the caller's transaction. */
  private static final class DayBuild {
    private final Connection c;
    private final String siteId;
    private final SiteSettings site;
    private final LocalDate lo;
    private final LocalDate hi;
    private final Map<String, Row> rows = new HashMap<>();

    DayBuild(Connection c, String siteId, SiteSettings site, LocalDate lo, LocalDate hi) {
      this.c = c;
      this.siteId = siteId;
      this.site = site;
      this.lo = lo;
      this.hi = hi;
    }

    private Row row(LocalDate day, String dim, String value) {
      return rows.computeIfAbsent(day + "\n" + dim + "\n" + value, k -> new Row(day, dim, value));
    }

    void run() throws SQLException {
      for (String table : List.of("rollup_days", "rollup_parts", "rollup_part_values")) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "DELETE FROM " + table + " WHERE site_id = ? AND day BETWEEN ? AND ?")) {
          ps.setString(1, siteId);
          ps.setObject(2, lo);
          ps.setObject(3, hi);
          ps.executeUpdate();
        }
      }
      try (Statement st = c.createStatement()) {
        st.execute("DROP TABLE IF EXISTS rb_e");
        st.execute("DROP TABLE IF EXISTS rb_p");
        st.execute("DROP TABLE IF EXISTS rb_ev");
      }
      events();
      parts();
      visitLevelRows();
      for (Dimension.Kind k : EVENT_DIMS) {
        eventLevelRows(k);
      }
      propertyRows();
      write(c, siteId, rows.values(), null);
      insertCrossing();
      try (Statement st = c.createStatement()) {
        st.execute("DROP TABLE rb_e");
        st.execute("DROP TABLE rb_p");
        st.execute("DROP TABLE IF EXISTS rb_ev");
      }
    }

    /** rb_e: the site's events of the days and one day either side, with their local day. */
    private void events() throws SQLException {
      Instant from = lo.minusDays(1).atStartOfDay(site.zone()).toInstant();
      Instant to = hi.plusDays(2).atStartOfDay(site.zone()).toInstant();
      List<Object> params = new ArrayList<>();
      StringBuilder sql = new StringBuilder("CREATE TEMP TABLE rb_e AS SELECT session_id,");
      sql.append(" visitor_id, ts, name, coalesce(pathname, '') AS page,");
      sql.append(" coalesce(hostname, '') AS hostname, props,");
      sql.append(" CASE WHEN revenue_currency = ? THEN revenue_amount END AS rev,");
      params.add(site.currency());
      sql.append(" CASE WHEN revenue_currency = ? AND revenue_amount IS NOT NULL")
          .append(" THEN 1 ELSE 0 END AS ord,");
      params.add(site.currency());
      for (Dimension.Kind k : ATTRIBUTES) {
        String col = EventColumns.of(k);
        sql.append(" coalesce(").append(col).append(", '') AS ").append(col).append(',');
      }
      sql.append(" CAST(").append(localTime("ts", from, to, params)).append(" AS DATE) AS day");
      sql.append(" FROM events WHERE site_id = ? AND ts >= ? AND ts < ?");
      params.add(siteId);
      params.add(LocalDateTime.ofInstant(from, ZoneOffset.UTC));
      params.add(LocalDateTime.ofInstant(to, ZoneOffset.UTC));
      execute(sql.toString(), params);
    }

    /** The local time of a UTC timestamp column: plus the zone's offset, by its transitions. */
    private String localTime(String utc, Instant from, Instant to, List<Object> params) {
      var rules = site.zone().getRules();
      List<ZoneOffsetTransition> changes = new ArrayList<>();
      ZoneOffsetTransition t = rules.nextTransition(from);
      while (t != null && t.getInstant().isBefore(to)) {
        changes.add(t);
        t = rules.nextTransition(t.getInstant());
      }
      if (changes.isEmpty()) {
        params.add(rules.getOffset(from).getTotalSeconds());
        return "(" + utc + " + to_seconds(?))";
      }
      StringBuilder s = new StringBuilder("(" + utc + " + to_seconds(CASE");
      for (ZoneOffsetTransition change : changes) {
        s.append(" WHEN ").append(utc).append(" < ? THEN ?");
        params.add(LocalDateTime.ofInstant(change.getInstant(), ZoneOffset.UTC));
        params.add(change.getOffsetBefore().getTotalSeconds());
      }
      s.append(" ELSE ? END))");
      params.add(changes.getLast().getOffsetAfter().getTotalSeconds());
      return s.toString();
    }

    /** rb_p: one row per visit and local day; {@code crossing} when the visit spans days. */
    private void parts() throws SQLException {
      StringBuilder sql = new StringBuilder("CREATE TEMP TABLE rb_p AS SELECT *,");
      sql.append(" count(*) OVER (PARTITION BY session_id) > 1 AS crossing FROM (");
      sql.append("SELECT session_id, day, any_value(visitor_id) AS visitor_id,");
      sql.append(" min(ts) AS first_ts, max(ts) AS last_ts, count(*) AS events,");
      sql.append(" count(*) FILTER (WHERE name = '").append(Event.PAGEVIEW).append("')");
      sql.append(" AS pageviews, sum(rev) AS revenue, sum(ord) AS orders,");
      sql.append(" min({'t': ts, 'v': page}) FILTER (WHERE name = '")
          .append(Event.PAGEVIEW)
          .append("') AS ent,");
      sql.append(" max({'t': ts, 'v': page}) FILTER (WHERE name = '")
          .append(Event.PAGEVIEW)
          .append("') AS ext");
      for (Dimension.Kind k : ATTRIBUTES) {
        String col = EventColumns.of(k);
        sql.append(", any_value(").append(col).append(") AS ").append(col);
      }
      sql.append(" FROM rb_e GROUP BY session_id, day)");
      execute(sql.toString(), List.of());
    }

    /** Totals, visit attributes, entry and exit pages, over the solo visits. */
    private void visitLevelRows() throws SQLException {
      List<String> dims = new ArrayList<>();
      List<String> values = new ArrayList<>();
      dims.add(TOTAL);
      values.add("''");
      for (Dimension.Kind k : ATTRIBUTES) {
        dims.add(Dimension.of(k).apiName());
        values.add(EventColumns.of(k));
      }
      dims.add(Dimension.of(Dimension.Kind.ENTRY_PAGE).apiName());
      values.add("coalesce(ent.v, '')");
      dims.add(Dimension.of(Dimension.Kind.EXIT_PAGE).apiName());
      values.add("coalesce(ext.v, '')");
      for (int i = 0; i < dims.size(); i++) {
        String sql =
            "SELECT day, "
                + values.get(i)
                + " AS value, count(*), sum(pageviews), sum(events), sum(revenue), sum(orders),"
                + " NULL, 0,"
                + " sum(pageviews), count(*) FILTER (WHERE events = 1 AND pageviews = 1),"
                + " sum(epoch_us(last_ts) - epoch_us(first_ts))"
                + " FROM rb_p WHERE NOT crossing AND day BETWEEN ? AND ? GROUP BY ALL";
        String dim = dims.get(i);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          ps.setObject(1, lo);
          ps.setObject(2, hi);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              fill(row(rs.getObject(1, LocalDate.class), dim, rs.getString(2)), rs, 3);
            }
          }
        }
      }
      StringBuilder select = new StringBuilder("SELECT day, visitor_id");
      for (int i = 1; i < values.size(); i++) {
        select.append(", ").append(values.get(i));
      }
      select.append(" FROM rb_p WHERE NOT crossing AND day BETWEEN ? AND ?");
      try (PreparedStatement ps = c.prepareStatement(select.toString())) {
        ps.setObject(1, lo);
        ps.setObject(2, hi);
        try (ResultSet rs = ps.executeQuery()) {
          Map<String, Row> last = new HashMap<>();
          while (rs.next()) {
            LocalDate day = rs.getObject(1, LocalDate.class);
            long h = hash(rs.getLong(2));
            addTo(last, day, TOTAL, "", h);
            for (int i = 1; i < dims.size(); i++) {
              addTo(last, day, dims.get(i), rs.getString(i + 2), h);
            }
          }
        }
      }
    }

    /**
     * Reads a row's sums from {@code rs}, starting at column {@code first}: visits, page views,
     * events, revenue, orders, page views' revenue and orders, the visits' page views, bounces,
     * duration.
     */
    private static void fill(Row r, ResultSet rs, int first) throws SQLException {
      r.visits = rs.getLong(first);
      r.pageviews = rs.getLong(first + 1);
      r.events = rs.getLong(first + 2);
      r.revenue = rs.getBigDecimal(first + 3);
      r.orders = rs.getLong(first + 4);
      r.pvRevenue = rs.getBigDecimal(first + 5);
      r.pvOrders = rs.getLong(first + 6);
      r.visitPageviews = rs.getLong(first + 7);
      r.bounces = rs.getLong(first + 8);
      r.durationUs = rs.getLong(first + 9);
    }

    private Row addTo(Map<String, Row> recent, LocalDate day, String dim, String value, long h) {
      // The same (day, dim, value) comes up again and again in a row stream: look it up once.
      String k = dim + "\n" + value;
      Row r = recent.get(k);
      if (r == null || !r.day.equals(day)) {
        r = row(day, dim, value);
        recent.put(k, r);
      }
      r.visitors.add(h);
      return r;
    }

    /** One event-level dimension: solo rows, and the values of the crossing visits. */
    private void eventLevelRows(Dimension.Kind kind) throws SQLException {
      String col = kind == Dimension.Kind.PAGE ? "page" : EventColumns.of(kind);
      List<Object> params = new ArrayList<>();
      params.add(Dimension.of(kind).apiName());
      params.add(lo);
      params.add(hi);
      eventLevelRows(
          "SELECT e.*, CAST(? AS VARCHAR) AS dim, coalesce("
              + col
              + ", '') AS value FROM rb_e e"
              + " WHERE e.day BETWEEN ? AND ?",
          params,
          kind == Dimension.Kind.PAGE);
    }

    /**
     * The custom events' top-level properties, as the dim {@code props:<key>} with the value {@code
     * ["<event name>", "<property value as text>"]}: what an event goal with a property condition
     * reads. Keys a goal cannot name are left out.
     */
    private void propertyRows() throws SQLException {
      eventLevelRows(
          "SELECT e.*, '"
              + PROPERTY_DIM
              + "' || k AS dim, CAST(to_json([name, json_extract_string(props, '$.\"' || k || '\"')])"
              + " AS VARCHAR) AS value FROM (SELECT *, unnest(json_keys(props)) AS k FROM rb_e"
              + " WHERE name <> '"
              + Event.PAGEVIEW
              + "' AND "
              + PROPERTIES_OBJECT
              + ") e"
              + " WHERE regexp_full_match(k, ?) AND e.day BETWEEN ? AND ?",
          List.of(Dimension.PROPERTY_KEY.pattern(), lo, hi),
          false);
    }

    /** Rows per (day, dim, value) of the events {@code source} selects, with dim and value. */
    private void eventLevelRows(String source, List<Object> params, boolean pages)
        throws SQLException {
      try (Statement st = c.createStatement()) {
        st.execute("DROP TABLE IF EXISTS rb_ev");
      }
      execute(
          "CREATE TEMP TABLE rb_ev AS SELECT day, dim, value, session_id,"
              + " any_value(visitor_id) AS visitor_id, count(*) AS events,"
              + " count(*) FILTER (WHERE name = '"
              + Event.PAGEVIEW
              + "') AS pageviews, sum(rev) AS revenue, sum(ord) AS orders,"
              + " sum(rev) FILTER (WHERE name = '"
              + Event.PAGEVIEW
              + "') AS pv_revenue, coalesce(sum(ord) FILTER (WHERE name = '"
              + Event.PAGEVIEW
              + "'), 0) AS pv_orders FROM ("
              + source
              + ") GROUP BY ALL",
          params);
      String sql =
          "SELECT v.day, v.dim, v.value, count(*), sum(v.pageviews), sum(v.events),"
              + " sum(v.revenue), sum(v.orders), sum(v.pv_revenue), sum(v.pv_orders),"
              + " sum(p.pageviews), count(*) FILTER (WHERE p.events = 1 AND p.pageviews = 1),"
              + " sum(epoch_us(p.last_ts) - epoch_us(p.first_ts))"
              + " FROM rb_ev v JOIN rb_p p USING (session_id, day) WHERE NOT p.crossing"
              + " GROUP BY ALL";
      try (PreparedStatement ps = c.prepareStatement(sql);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          fill(row(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getString(3)), rs, 4);
        }
      }
      try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT v.day, v.dim, v.value, v.visitor_id, v.pageviews > 0 FROM rb_ev v"
                      + " JOIN rb_p p USING (session_id, day) WHERE NOT p.crossing");
          ResultSet rs = ps.executeQuery()) {
        Map<String, Row> recent = new HashMap<>();
        while (rs.next()) {
          Row r =
              addTo(
                  recent,
                  rs.getObject(1, LocalDate.class),
                  rs.getString(2),
                  rs.getString(3),
                  hash(rs.getLong(4)));
          if (pages && rs.getBoolean(5)) {
            if (r.pvVisitors == null) {
              r.pvVisitors = sketch();
            }
            r.pvVisitors.add(hash(rs.getLong(4)));
          }
        }
      }
      execute(
          "INSERT INTO rollup_part_values SELECT ?, v.day, session_id, v.dim, v.value, v.events,"
              + " v.pageviews, v.revenue, v.orders, v.pv_revenue, v.pv_orders"
              + " FROM rb_ev v JOIN rb_p p USING (session_id, day) WHERE p.crossing",
          List.of(siteId));
    }

    private void insertCrossing() throws SQLException {
      StringBuilder attrs = new StringBuilder("list_value(");
      for (int i = 0; i < ATTRIBUTES.size(); i++) {
        attrs.append(i > 0 ? ", " : "").append(EventColumns.of(ATTRIBUTES.get(i)));
      }
      attrs.append(")");
      execute(
          "INSERT INTO rollup_parts SELECT ?, day, session_id, visitor_id, first_ts, last_ts,"
              + " events, pageviews, revenue, orders, ent.v, ent.t, ext.v, ext.t, "
              + attrs
              + " FROM rb_p WHERE crossing AND day BETWEEN ? AND ?",
          List.of(siteId, lo, hi));
    }

    private void execute(String sql, List<Object> params) throws SQLException {
      Rollups.execute(c, sql, params);
    }
  }
}
