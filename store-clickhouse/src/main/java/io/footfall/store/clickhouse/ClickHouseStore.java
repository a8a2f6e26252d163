package io.footfall.store.clickhouse;

import io.footfall.core.Event;
import io.footfall.core.EventStore;
import io.footfall.core.StoreException;
import io.footfall.core.WriteBatch;
import io.footfall.core.people.People;
import io.footfall.core.query.Dimension;
import io.footfall.core.query.QueryFailedException;
import io.footfall.core.query.Report;
import io.footfall.core.query.ReportQuery;
import io.footfall.query.sql.CompiledQuery;
import io.footfall.query.sql.CompiledSteps;
import io.footfall.query.sql.QueryCompiler;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * The scale-out event store: events and ingest counters in ClickHouse, on one node or sharded over
 * a cluster, reached over HTTP ({@link ClickHouseHttp}). Runs on ClickHouse 18.16 (Debian's) and
 * current versions.
 *
 * <p>Design note.
 *
 * <ul>
 *   <li><b>Schema</b> ({@code migrations/V001__events.sql}): one {@code MergeTree} row per event,
 *       {@code PARTITION BY} month so that retention drops whole months ({@code ALTER TABLE ...
 *       DROP PARTITION 202601}), {@code ORDER BY (site_id, ts)} so that a report reads one site's
 *       range. Times are {@code Int64} microseconds (no {@code DateTime64} on 18.16). Properties
 *       are kept as the JSON text and as parallel key, text and number arrays ({@link
 *       PropertyArrays}). Counters are a {@code SummingMergeTree} summed on read. Scripts are
 *       applied once each per node and recorded in that node's {@code event_migrations}; their
 *       statements are idempotent ({@code IF NOT EXISTS}), so a script cut short is simply run
 *       again.
 *   <li><b>Durability.</b> {@link #write} returns once ClickHouse answered 200 to the insert: the
 *       rows are in a part renamed into place, visible to every query and kept across a crash of
 *       the server (an insert of fewer than {@code max_insert_block_size} rows is one part, all or
 *       nothing). 18.16 does not fsync parts, so a machine crash right after can still lose them
 *       ({@link ClickHouseHttp#insert} has the measurements). An insert that fails may still have
 *       stored rows: 18.16 keeps the rows of a body cut off by a dropped connection, and on a
 *       cluster one shard may have stored its share before another failed. So after any failed
 *       write the next one first looks up which of its event ids are already stored ({@link
 *       #existingIds}) and leaves those out: retrying a batch never duplicates an event. Counters
 *       are not deduplicated; a counter write whose answer was lost may be counted twice.
 *   <li><b>Reports</b> go through query-sql's compiler with {@link ClickHouseDialect}: 18.16 has no
 *       CTEs, so each CTE becomes a temporary table in a session of the report's own ({@link
 *       #run}); one join per select; and no window function, so the page and its total come from
 *       one array of the result rows. 18.16 has no bound parameters either: the compiled {@code ?}
 *       are replaced by literals ({@link ClickHouseLiterals}); the compiler's own text never holds
 *       a {@code ?}, which is checked. Queries run with {@code join_use_nulls=1}, so that a left
 *       join's missing rows are NULL as in standard SQL.
 *   <li><b>Cluster</b> (a cluster name and every node's URL): each node has the local tables {@code
 *       events_local} and {@code ingest_counters_local}, and {@code Distributed} tables {@code
 *       events} and {@code ingest_counters} over them. Events are sharded by {@code
 *       intHash64(visitor_id)}, so that a visit's events live on one node, and inserted through the
 *       {@code Distributed} table with {@code insert_distributed_sync=1}, which answers once every
 *       shard stored its rows. Reads go through the {@code Distributed} tables on the first node.
 *       DDL and the mutations of {@link #deleteSite} are sent to every node by the store rather
 *       than {@code ON CLUSTER}, which needs ZooKeeper.
 *   <li><b>People</b> ({@code migrations/V002__people.sql}): {@link PersonRows} appends the batch's
 *       person rows after its events, under the same rules; {@link ClickHousePeople} folds them
 *       when read.
 * </ul>
 */
public final class ClickHouseStore implements EventStore {
  private static final List<String> MIGRATIONS =
      List.of("V001__events.sql", "V002__people.sql", "V003__raw_horizons.sql");

  /**
   * Rows per insert from which the writer stops holding events back: the fixed cost of a part is
   * then small beside the rows' own (see {@link #writeShape}).
   */
  static final int TARGET_INSERT_ROWS = 5_000;

  /** The longest the writer holds events back for a larger insert, unless the builder says. */
  static final Duration DEFAULT_INSERT_WAIT = Duration.ofMillis(200);

  /** A generous limit on query text: a write's id lookup and a report with many goals are long. */
  private static final String MAX_QUERY_SIZE = Integer.toString(64 << 20);

  private static final List<String> COLUMNS =
      List.of(
          "site_id",
          "event_id",
          "ts",
          "received_at",
          "name",
          "visitor_id",
          "session_id",
          "user_id",
          "hostname",
          "pathname",
          "url",
          "title",
          "referrer",
          "referrer_host",
          "source",
          "medium",
          "utm_source",
          "utm_medium",
          "utm_campaign",
          "utm_term",
          "utm_content",
          "click_id",
          "browser",
          "browser_version",
          "os",
          "os_version",
          "device",
          "screen",
          "locale",
          "country",
          "region",
          "city",
          "network",
          "props",
          "revenue_amount",
          "revenue_currency",
          "prop_keys",
          "prop_values",
          "prop_number_keys",
          "prop_numbers");

  private static final List<String> VISIT_COLUMNS =
      List.of(
          "referrer",
          "referrer_host",
          "source",
          "medium",
          "utm_source",
          "utm_medium",
          "utm_campaign",
          "utm_term",
          "utm_content",
          "click_id",
          "browser",
          "browser_version",
          "os",
          "os_version",
          "device",
          "screen",
          "country",
          "region",
          "city");

  private final QueryCompiler compiler;
  private final List<ClickHouseHttp> nodes;
  private final ClickHouseHttp main;
  private final String database;
  private final boolean cluster;
  private final Duration timeout;
  private final String where;
  private final ClickHousePeople people;
  private final ClickHouseRetention retention;
  private final ClickHouseActiveUsers activeUsers;
  private final ClickHousePaths paths;
  private final ClickHouseFunnels funnels;
  private final WriteShape writeShape;
  private final Object writeLock = new Object();
  private boolean uncertain; // guarded by writeLock: the last write failed, maybe half-done

  private ClickHouseStore(
      List<ClickHouseHttp> nodes,
      String database,
      boolean cluster,
      Duration timeout,
      Duration insertWait) {
    this.nodes = nodes;
    this.writeShape = new WriteShape(TARGET_INSERT_ROWS, insertWait);
    this.main = nodes.getFirst();
    this.database = database;
    this.cluster = cluster;
    this.timeout = timeout;
    this.where =
        (cluster ? "cluster of " + nodes.size() + " nodes, " : "") + "database " + database;
    this.compiler = new QueryCompiler(new ClickHouseDialect(database));
    this.people = new ClickHousePeople(main, where, new ClickHouseDialect(database));
    this.retention = new ClickHouseRetention(main, where, new ClickHouseDialect(database));
    this.activeUsers = new ClickHouseActiveUsers(main, where, new ClickHouseDialect(database));
    this.paths = new ClickHousePaths(main, new ClickHouseDialect(database), where);
    this.funnels = new ClickHouseFunnels(main, where, new ClickHouseDialect(database));
  }

  /** A builder for a store on the node at {@code url}, such as {@code http://127.0.0.1:8123}. */
  public static Builder builder(URI url) {
    return new Builder(url);
  }

  /**
   * The compiler {@link #report} uses, with ClickHouse's dialect for this store's database (for
   * benchmarks and plans): {@link #report} runs {@link QueryCompiler#compileSteps}; {@link
   * QueryCompiler#compile} gives the same query as one statement with every CTE written out.
   */
  public QueryCompiler queryCompiler() {
    return compiler;
  }

  // ---------------------------------------------------------------- writes

  /**
   * Fewer, larger inserts: every insert makes a new part per month it touches, a directory of some
   * 90 files (two per column, four per array or nullable column) that the background merges later
   * rewrite, so an insert costs tens of milliseconds whatever its rows, and many small ones pile up
   * parts faster than the merges take them away. Measured on 18.16 on the benchmark machine (ext4
   * without a journal): an insert of one row took as long as one of 1,000 rows, about 70 ms, with
   * most of the server's CPU in the kernel creating those files; parsing and compressing the rows
   * took a few percent (docs/performance.md, "The ingest benchmark on ClickHouse"). The writer
   * therefore holds a group back while requests are on their way, up to {@value
   * #TARGET_INSERT_ROWS} events or the insert wait ({@link Builder#insertWait}, by default 200 ms).
   */
  @Override
  public WriteShape writeShape() {
    return writeShape;
  }

  @Override
  public void write(WriteBatch batch) {
    if (batch.isEmpty()) {
      return;
    }
    synchronized (writeLock) {
      List<Event> events = batch.events();
      try {
        if (uncertain && !events.isEmpty()) {
          events = withoutStored(events);
        }
        List<TabSeparatedRow> rows = new ArrayList<>(events.size());
        for (Event e : events) {
          rows.add(row(e));
        }
        PersonRows personRows = PersonRows.of(batch.people());
        main.insert(insert(ClickHouseQuery.insertInto("events", COLUMNS)), rows);
        // Not deduplicated on a retry: a person row stored twice changes no read (PersonRows).
        personRows.insert(main, this::insert);
        List<TabSeparatedRow> counters = new ArrayList<>();
        for (WriteBatch.CounterDelta c : batch.counters()) {
          counters.add(
              TabSeparatedRow.builder()
                  .text(c.siteId())
                  .text(c.day().toString())
                  .number(c.bots())
                  .number(c.rejected())
                  .number(c.optedOut())
                  .build());
        }
        main.insert(
            insert(
                ClickHouseQuery.insertInto(
                    "ingest_counters", List.of("site_id", "day", "bots", "rejected", "opted_out"))),
            counters);
        uncertain = false;
      } catch (ClickHouseException e) {
        uncertain = true;
        throw new StoreException(
            "writing "
                + batch.events().size()
                + " events and "
                + batch.counters().size()
                + " counters to ClickHouse ("
                + where
                + ") failed: "
                + e.getMessage(),
            e);
      }
    }
  }

  private ClickHouseQuery insert(ClickHouseQuery q) {
    return cluster ? q.withSetting("insert_distributed_sync", "1") : q;
  }

  /** The events whose ids are not stored yet (after a write that may have stored some). */
  private List<Event> withoutStored(List<Event> events) {
    Map<String, List<Event>> bySite = new LinkedHashMap<>();
    for (Event e : events) {
      bySite.computeIfAbsent(e.siteId(), s -> new ArrayList<>()).add(e);
    }
    Set<String> stored = new HashSet<>();
    for (Map.Entry<String, List<Event>> site : bySite.entrySet()) {
      Instant since =
          site.getValue().stream().map(Event::receivedAt).min(Instant::compareTo).orElseThrow();
      List<String> ids = site.getValue().stream().map(Event::eventId).toList();
      for (String id : existingIds(site.getKey(), ids, since)) {
        stored.add(site.getKey() + "\n" + id);
      }
    }
    return events.stream().filter(e -> !stored.contains(e.siteId() + "\n" + e.eventId())).toList();
  }

  private static TabSeparatedRow row(Event e) {
    Event.Page p = e.page();
    Event.Client c = e.client();
    PropertyArrays props = PropertyArrays.of(e.propertiesJson());
    TabSeparatedRow.Builder b =
        TabSeparatedRow.builder()
            .text(e.siteId())
            .text(e.eventId())
            .number(ClickHouseDialect.micros(e.timestamp()))
            .number(ClickHouseDialect.micros(e.receivedAt()))
            .text(e.name())
            .number(e.visitorId())
            .number(e.sessionId())
            .text(e.userId())
            .text(p.hostname())
            .text(p.pathname())
            .text(p.url())
            .text(p.title())
            .text(p.referrer())
            .text(p.referrerHost())
            .text(p.source())
            .text(p.medium())
            .text(p.utm().source())
            .text(p.utm().medium())
            .text(p.utm().campaign())
            .text(p.utm().term())
            .text(p.utm().content())
            .text(p.clickId())
            .text(c.browser())
            .text(c.browserVersion())
            .text(c.os())
            .text(c.osVersion())
            .text(c.device())
            .text(c.screen())
            .text(c.locale())
            .text(c.country())
            .text(c.region())
            .text(c.city())
            .text(c.network())
            .text(e.propertiesJson());
    if (e.revenue().present()) {
      // Decimal(18, 4): rounded here as DuckDB's DECIMAL(18, 4) rounds, rather than refused by
      // the server (whose error message would carry the row into its log).
      b.text(e.revenue().amount().setScale(4, java.math.RoundingMode.HALF_UP).toPlainString())
          .text(e.revenue().currency());
    } else {
      b.nullValue().text("");
    }
    return b.stringArray(props.keys())
        .stringArray(props.texts())
        .stringArray(props.numberKeys())
        .decimalArray(props.numbers())
        .build();
  }

  // ---------------------------------------------------------------- reads

  @Override
  public Set<String> existingIds(String siteId, Collection<String> eventIds, Instant since) {
    if (eventIds.isEmpty()) {
      return Set.of();
    }
    StringBuilder sql =
        new StringBuilder("SELECT DISTINCT event_id FROM events WHERE site_id = ")
            .append(ClickHouseLiterals.string(siteId))
            .append(" AND received_at >= ")
            .append(ClickHouseDialect.micros(since))
            .append(" AND event_id IN (");
    String sep = "";
    for (String id : eventIds) {
      sql.append(sep).append(ClickHouseLiterals.string(id));
      sep = ", ";
    }
    Set<String> found = new HashSet<>();
    try {
      main.forEachRow(read(sql.append(")").toString()), r -> found.add(r.text(0)));
    } catch (ClickHouseException e) {
      throw failed("looking up " + eventIds.size() + " event ids of site " + siteId, e);
    }
    return found;
  }

  @Override
  public void forEachRecentId(Instant since, BiConsumer<String, String> sink) {
    try {
      main.forEachRow(
          read(
              "SELECT site_id, event_id FROM events WHERE received_at >= "
                  + ClickHouseDialect.micros(since)),
          r -> sink.accept(r.text(0), r.text(1)));
    } catch (ClickHouseException e) {
      throw failed("reading the event ids received since " + since, e);
    }
  }

  @Override
  public List<Visit> recentVisits(Instant since) {
    // The latest visit of each visitor is the one holding its latest event; its attributes are
    // those of its earliest event (ties: received first, then smallest id). No window functions on
    // 18.16: argMin over (ts, received_at, event_id) picks that event's value of each column.
    // GLOBAL IN: on a cluster the subquery runs once, not once per shard.
    long t = ClickHouseDialect.micros(since);
    StringBuilder sql =
        new StringBuilder("SELECT site_id, visitor_id, session_id, min(ts), max(ts)");
    for (String column : VISIT_COLUMNS) {
      sql.append(", argMin(").append(column).append(", (ts, received_at, event_id))");
    }
    sql.append(" FROM events WHERE ts >= ")
        .append(t)
        .append(" AND (site_id, visitor_id, session_id) GLOBAL IN (SELECT site_id, visitor_id,")
        .append(" argMax(session_id, (ts, session_id)) FROM events WHERE ts >= ")
        .append(t)
        .append(" GROUP BY site_id, visitor_id)")
        .append(" GROUP BY site_id, visitor_id, session_id")
        .append(" ORDER BY site_id, visitor_id, session_id");
    List<Visit> visits = new ArrayList<>();
    try {
      main.forEachRow(
          read(sql.toString()),
          r ->
              visits.add(
                  new Visit(
                      r.text(0),
                      r.int64(1),
                      r.int64(2),
                      ClickHouseDialect.instant(r.int64(3)),
                      ClickHouseDialect.instant(r.int64(4)),
                      new Event.VisitAttributes(
                          r.text(5),
                          r.text(6),
                          r.text(7),
                          r.text(8),
                          new Event.Utm(r.text(9), r.text(10), r.text(11), r.text(12), r.text(13)),
                          r.text(14),
                          r.text(15),
                          r.text(16),
                          r.text(17),
                          r.text(18),
                          r.text(19),
                          r.text(20),
                          r.text(21),
                          r.text(22),
                          r.text(23)))));
    } catch (ClickHouseException e) {
      throw failed("reading the visits with events since " + since, e);
    }
    return visits;
  }

  @Override
  public Report report(ReportQuery query) {
    return report(query, java.util.Optional.empty());
  }

  @Override
  public Report report(
      ReportQuery query, java.util.Optional<io.footfall.core.people.Segment> segment) {
    java.util.Optional<Instant> horizon = rawHorizon(query.siteId());
    if (horizon.isPresent() && query.from().isBefore(horizon.get())) {
      throw new io.footfall.core.query.PastRetentionException(
          query.siteId(), horizon.get(), query.zone());
    }
    try {
      List<Object[]> rows = run(compiler.compileSteps(query, INLINED, segment));
      if (rows.isEmpty() && query.offset() > 0) {
        // The page is past the end: the total still has to be told.
        List<Object[]> count = run(compiler.compileCountSteps(query, INLINED, segment));
        return new Report(List.of(), ((Number) count.getFirst()[0]).longValue());
      }
      return compiler.assemble(query, rows);
    } catch (ClickHouseQueryException e) {
      if (e.code() == CANNOT_COMPILE_REGEXP) {
        throw new QueryFailedException("the query was refused: " + e.serverMessage(), e);
      }
      throw failed("the report query on site " + query.siteId(), e);
    } catch (ClickHouseException e) {
      throw failed("the report query on site " + query.siteId(), e);
    }
  }

  /** ClickHouse's error code for a regular expression RE2 cannot compile. */
  private static final int CANNOT_COMPILE_REGEXP = 427;

  /**
   * The CTE written out at each use rather than materialized: {@code base}, the site's events in
   * range with every reported column. Materialized, it held all of them in memory (a month of 3M
   * events went past the test servers' 1 GB limit); written out, each use reads only its columns.
   */
  private static final Set<String> INLINED = Set.of("base");

  /**
   * Runs a report's steps in a session of their own: each CTE but {@link #INLINED} becomes a
   * temporary table once (18.16 has no CTEs, and a subquery written out at each of its uses is
   * computed at each: up to 91 scans of the site's events in the contract's queries, 112 s on a
   * month of 3M events), then the final select reads them; the tables are dropped afterwards, and
   * the session expires on its own if that fails. On a cluster the tables live on the first node,
   * which computes the report from the rows the shards send.
   */
  private List<Object[]> run(CompiledSteps steps) {
    String session = "footfall-report-" + UUID.randomUUID();
    List<String> created = new ArrayList<>();
    try {
      for (CompiledSteps.Step step : steps.steps()) {
        main.execute(
            reportQuery(
                "CREATE TEMPORARY TABLE " + step.name() + " AS " + render(step.body()), session));
        created.add(step.name());
      }
      return select(steps.main(), session);
    } finally {
      for (String name : created.reversed()) {
        try {
          main.execute(reportQuery("DROP TEMPORARY TABLE IF EXISTS " + name, session));
        } catch (ClickHouseException e) {
          // The session's timeout drops it.
        }
      }
    }
  }

  private ClickHouseQuery reportQuery(String sql, String session) {
    ClickHouseQuery q =
        read(sql)
            .withSetting("join_use_nulls", "1")
            .withSetting("session_id", session)
            .withSetting("session_timeout", Long.toString(Math.max(1, timeout.toSeconds())));
    return cluster ? q.withSetting("distributed_product_mode", "global") : q;
  }

  /**
   * Runs a compiled report statement with its parameters written in as literals, and reads each
   * row's values typed as {@link QueryCompiler#assemble} expects them: {@code Long} for integers,
   * {@code BigDecimal} for decimals, {@code Double} for floats, {@code LocalDateTime} for times and
   * dates (a {@code Date} as its midnight), {@code String} for text, null for NULL.
   */
  private List<Object[]> select(CompiledQuery compiled, String session) {
    String sql = render(compiled) + " FORMAT TabSeparatedWithNamesAndTypes";
    List<TabSeparatedRow> answer = main.select(reportQuery(sql, session));
    List<String> types = answer.get(1).fields().stream().map(Optional::orElseThrow).toList();
    List<Object[]> rows = new ArrayList<>(answer.size() - 2);
    for (TabSeparatedRow r : answer.subList(2, answer.size())) {
      Object[] row = new Object[types.size()];
      for (int i = 0; i < row.length; i++) {
        row[i] = r.isNull(i) ? null : value(types.get(i), r.text(i));
      }
      rows.add(row);
    }
    return rows;
  }

  /** The statement's text with every {@code ?} replaced by its parameter as a literal. */
  static String render(CompiledQuery compiled) {
    String text = compiled.sql();
    List<Object> params = compiled.parameters();
    StringBuilder out = new StringBuilder(text.length() + params.size() * 16);
    int next = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '?') {
        out.append(c);
        continue;
      }
      if (next == params.size()) {
        throw new IllegalStateException("the statement has more '?' than its parameters: " + text);
      }
      out.append(literal(params.get(next++)));
    }
    if (next != params.size()) {
      throw new IllegalStateException(
          "the statement has " + next + " '?' for " + params.size() + " parameters: " + text);
    }
    return out.toString();
  }

  private static String literal(Object value) {
    return switch (value) {
      case String s -> ClickHouseLiterals.string(s);
      case Long n -> ClickHouseLiterals.int64(n);
      case Integer n -> ClickHouseLiterals.int64(n);
      case BigDecimal d -> ClickHouseLiterals.decimal128(d, Math.max(d.scale(), 0));
      default ->
          throw new IllegalArgumentException(
              "no ClickHouse literal for a parameter of type " + value.getClass().getName());
    };
  }

  private static Object value(String type, String text) {
    String t = type;
    while (t.startsWith("Nullable(") || t.startsWith("LowCardinality(")) {
      t = t.substring(t.indexOf('(') + 1, t.length() - 1);
    }
    if (t.startsWith("Decimal")) {
      return new BigDecimal(text);
    }
    if (t.startsWith("DateTime")) {
      return LocalDateTime.parse(text.replace(' ', 'T'));
    }
    return switch (t) {
      case "UInt8", "UInt16", "UInt32", "Int8", "Int16", "Int32", "Int64" -> Long.parseLong(text);
      case "UInt64" -> {
        BigInteger n = new BigInteger(text);
        yield n.bitLength() < 64 ? (Object) n.longValue() : n;
      }
      case "Float32", "Float64" -> Double.parseDouble(text);
      case "Date" -> LocalDate.parse(text).atStartOfDay();
      case "String" -> text;
      default -> throw new ClickHouseException("a report column of type " + type + " is not read");
    };
  }

  @Override
  public List<PropertyKey> propertyKeys(String siteId, Instant from, Instant to, int limit) {
    String sql =
        "SELECT k, count() AS n FROM events ARRAY JOIN prop_keys AS k WHERE site_id = "
            + ClickHouseLiterals.string(siteId)
            + " AND ts >= "
            + ClickHouseDialect.micros(from)
            + " AND ts < "
            + ClickHouseDialect.micros(to)
            + " AND match(k, "
            + ClickHouseLiterals.string("^(?:" + Dimension.PROPERTY_KEY.pattern() + ")$")
            + ") GROUP BY k ORDER BY n DESC, k LIMIT "
            + Math.max(limit, 0);
    List<PropertyKey> keys = new ArrayList<>();
    try {
      main.forEachRow(read(sql), r -> keys.add(new PropertyKey(r.text(0), r.int64(1))));
    } catch (ClickHouseException e) {
      throw failed("reading the property keys of site " + siteId, e);
    }
    return keys;
  }

  @Override
  public Optional<Instant> firstEventTime(String siteId) {
    try {
      TabSeparatedRow r =
          main.select(
                  read(
                      "SELECT count(), min(ts) FROM events WHERE site_id = "
                          + ClickHouseLiterals.string(siteId)))
              .getFirst();
      return r.int64(0) == 0
          ? Optional.empty()
          : Optional.of(ClickHouseDialect.instant(r.int64(1)));
    } catch (ClickHouseException e) {
      throw failed("reading the first event time of site " + siteId, e);
    }
  }

  @Override
  public SiteCounts counts(String siteId) {
    String site = ClickHouseLiterals.string(siteId);
    try {
      TabSeparatedRow e =
          main.select(
                  read(
                      "SELECT count(), uniqExact(visitor_id), uniqExact(session_id) FROM events"
                          + " WHERE site_id = "
                          + site))
              .getFirst();
      TabSeparatedRow c =
          main.select(
                  read(
                      "SELECT sum(bots), sum(rejected), sum(opted_out) FROM ingest_counters"
                          + " WHERE site_id = "
                          + site))
              .getFirst();
      return new SiteCounts(e.int64(0), e.int64(1), e.int64(2), c.int64(0), c.int64(1), c.int64(2));
    } catch (ClickHouseException ex) {
      throw failed("counting the events of site " + siteId, ex);
    }
  }

  @Override
  public List<DailyVolume> dailyVolumes(
      String siteId, java.time.LocalDate from, java.time.LocalDate to) {
    long fromMicros = from.atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond() * 1_000_000L;
    long toMicros =
        to.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond() * 1_000_000L;
    String sql =
        "SELECT toString(d), name, n FROM (SELECT toDate(toDateTime(intDiv(ts, 1000000), 'UTC'))"
            + " AS d, name, count() AS n FROM events WHERE site_id = "
            + ClickHouseLiterals.string(siteId)
            + " AND ts >= "
            + fromMicros
            + " AND ts < "
            + toMicros
            + " GROUP BY d, name ORDER BY d, n DESC, name LIMIT "
            + MAX_SEEN_EVENTS
            + " BY d) ORDER BY d, name";
    List<DailyVolume> out = new ArrayList<>();
    try {
      main.forEachRow(
          read(sql),
          r ->
              out.add(
                  new DailyVolume(java.time.LocalDate.parse(r.text(0)), r.text(1), r.int64(2))));
    } catch (ClickHouseException e) {
      throw failed("reading the daily volumes of site " + siteId, e);
    }
    return out;
  }

  @Override
  public List<io.footfall.core.SeenEvent> seenEvents(String siteId) {
    String sql =
        "SELECT name, min(ts), max(ts), count() AS n FROM events WHERE site_id = "
            + ClickHouseLiterals.string(siteId)
            + " GROUP BY name ORDER BY n DESC, name LIMIT "
            + MAX_SEEN_EVENTS;
    List<io.footfall.core.SeenEvent> out = new ArrayList<>();
    try {
      main.forEachRow(
          read(sql),
          r ->
              out.add(
                  new io.footfall.core.SeenEvent(
                      r.text(0),
                      ClickHouseDialect.instant(r.int64(1)),
                      ClickHouseDialect.instant(r.int64(2)),
                      r.int64(3))));
    } catch (ClickHouseException e) {
      throw failed("reading the event names of site " + siteId, e);
    }
    return out;
  }

  @Override
  public List<Event> events(String siteId) {
    String sql =
        "SELECT "
            + eventColumns()
            + " FROM events WHERE site_id = "
            + ClickHouseLiterals.string(siteId)
            + " ORDER BY ts, event_id";
    List<Event> out = new ArrayList<>();
    try {
      main.forEachRow(read(sql), r -> out.add(event(r)));
    } catch (ClickHouseException e) {
      throw failed("reading the events of site " + siteId, e);
    }
    return out;
  }

  /** The columns {@link #event} reads, in its order, for a {@code SELECT} of {@code events}. */
  static String eventColumns() {
    return String.join(", ", COLUMNS.subList(0, COLUMNS.indexOf("revenue_currency") + 1));
  }

  /** The event of a row of {@link #eventColumns}. */
  static Event event(TabSeparatedRow r) {
    Event.Page page =
        new Event.Page(
            r.text(8),
            r.text(9),
            r.text(10),
            r.text(11),
            r.text(12),
            r.text(13),
            r.text(14),
            r.text(15),
            new Event.Utm(r.text(16), r.text(17), r.text(18), r.text(19), r.text(20)),
            r.text(21));
    Event.Client client =
        new Event.Client(
            r.text(22),
            r.text(23),
            r.text(24),
            r.text(25),
            r.text(26),
            r.text(27),
            r.text(28),
            r.text(29),
            r.text(30),
            r.text(31),
            r.text(32));
    String props = r.text(33);
    // The amount is a Decimal(18, 4): read at that scale whatever the version prints (18.16
    // writes 19.9900, current versions 19.99).
    Event.Revenue revenue =
        r.isNull(34)
            ? Event.Revenue.NONE
            : new Event.Revenue(new BigDecimal(r.text(34)).setScale(4), r.text(35));
    return new Event(
        r.text(0),
        r.text(1),
        ClickHouseDialect.instant(r.int64(2)),
        ClickHouseDialect.instant(r.int64(3)),
        r.text(4),
        r.int64(5),
        r.int64(6),
        r.text(7),
        page,
        client,
        props.isEmpty() ? "{}" : props,
        revenue);
  }

  @Override
  public People people() {
    return people;
  }

  @Override
  public io.footfall.core.people.Retention.Result retention(
      io.footfall.core.people.Retention.Query query) {
    return retention.retention(query);
  }

  @Override
  public io.footfall.core.people.ActiveUsers activeUsers() {
    return activeUsers;
  }

  @Override
  public io.footfall.core.people.Paths paths() {
    return paths;
  }

  @Override
  public io.footfall.core.people.Funnels funnels() {
    return funnels;
  }

  // ---------------------------------------------------------------- deletion

  /**
   * Deletes the site's rows from every table with mutations ({@code ALTER TABLE ... DELETE}), on
   * every node, and waits until ClickHouse has applied them. Mutations are not transactional: a
   * failure part-way can leave some of the site's rows; calling it again finishes the job.
   */
  @Override
  public long deleteSite(String siteId) {
    String site = ClickHouseLiterals.string(siteId);
    try {
      long events =
          main.select(read("SELECT count() FROM events WHERE site_id = " + site))
              .getFirst()
              .int64(0);
      String suffix = cluster ? "_local" : "";
      for (ClickHouseHttp node : nodes) {
        for (String table :
            List.of(
                "events", "ingest_counters", "person_properties", "person_links", "raw_horizons")) {
          node.execute("ALTER TABLE " + table + suffix + " DELETE WHERE site_id = " + site);
        }
      }
      for (ClickHouseHttp node : nodes) {
        awaitMutations(node);
      }
      return events;
    } catch (ClickHouseException e) {
      throw failed("deleting the data of site " + siteId, e);
    }
  }

  /**
   * Deletes the site's events before {@code before} on every node (a mutation, waited for: when
   * this returns, ClickHouse has rewritten the parts without them and drops the old parts after its
   * own delay, {@code old_parts_lifetime}), then records the horizon. This store precomputes
   * nothing, so every report that reaches before the horizon is refused afterwards.
   */
  @Override
  public long expireRaw(io.footfall.core.Site site, Instant before) {
    String siteLiteral = ClickHouseLiterals.string(site.id());
    long micros = ClickHouseDialect.micros(before);
    String condition = "site_id = " + siteLiteral + " AND ts < " + micros;
    try {
      long events =
          main.select(read("SELECT count() FROM events WHERE " + condition)).getFirst().int64(0);
      if (events > 0) {
        String suffix = cluster ? "_local" : "";
        for (ClickHouseHttp node : nodes) {
          node.execute("ALTER TABLE events" + suffix + " DELETE WHERE " + condition);
        }
        for (ClickHouseHttp node : nodes) {
          awaitMutations(node);
        }
      }
      main.insert(
          insert(
              ClickHouseQuery.insertInto(
                  "raw_horizons", List.of("site_id", "horizon", "expired_at"))),
          List.of(
              TabSeparatedRow.builder()
                  .text(site.id())
                  .number(micros)
                  .number(ClickHouseDialect.micros(Instant.now()))
                  .build()));
      return events;
    } catch (ClickHouseException e) {
      throw failed("deleting the raw events of site " + site.id() + " before " + before, e);
    }
  }

  @Override
  public java.util.Optional<Instant> rawHorizon(String siteId) {
    try {
      TabSeparatedRow r =
          main.select(
                  read(
                      "SELECT count(), max(horizon) FROM raw_horizons WHERE site_id = "
                          + ClickHouseLiterals.string(siteId)))
              .getFirst();
      return r.int64(0) == 0
          ? java.util.Optional.empty()
          : java.util.Optional.of(ClickHouseDialect.instant(r.int64(1)));
    } catch (ClickHouseException e) {
      throw failed("reading the raw horizon of site " + siteId, e);
    }
  }

  /**
   * {@code hex(SHA256(column)) IN ('…')} for the values: statements name user ids by their SHA-256
   * only, so that no id lands in ClickHouse's query log or server log. {@code 0} for none.
   */
  private static String hashedIn(String column, java.util.Collection<String> values) {
    if (values.isEmpty()) {
      return "0";
    }
    List<String> hashes = new ArrayList<>();
    for (String v : values) {
      try {
        byte[] h =
            java.security.MessageDigest.getInstance("SHA-256")
                .digest(v.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        hashes.add("'" + java.util.HexFormat.of().withUpperCase().formatHex(h) + "'");
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JDK has SHA-256", e);
      }
    }
    return "hex(SHA256(" + column + ")) IN (" + String.join(", ", hashes) + ")";
  }

  private static String numbersIn(String column, java.util.Collection<Long> values) {
    if (values.isEmpty()) {
      return "0";
    }
    return column
        + " IN ("
        + String.join(", ", values.stream().map(String::valueOf).toList())
        + ")";
  }

  /** The subject's visitors: those given and those linked to their user ids. */
  private Set<Long> visitorsOf(io.footfall.core.people.DataSubject s) {
    Set<Long> visitors = new java.util.TreeSet<>(s.visitorIds());
    main.forEachRow(
        read(
            "SELECT DISTINCT visitor_id FROM person_links WHERE site_id = "
                + ClickHouseLiterals.string(s.siteId())
                + " AND "
                + hashedIn("user_id", s.userIds())),
        r -> visitors.add(r.int64(0)));
    return visitors;
  }

  /** The condition on the subject's events (and links: the same columns). */
  private static String subjectRows(io.footfall.core.people.DataSubject s, Set<Long> visitors) {
    return "site_id = "
        + ClickHouseLiterals.string(s.siteId())
        + " AND ("
        + hashedIn("user_id", s.userIds())
        + " OR "
        + numbersIn("visitor_id", visitors)
        + ")";
  }

  @Override
  public io.footfall.core.people.DataSubject.Data subjectData(
      io.footfall.core.people.DataSubject s) {
    try {
      Set<Long> visitors = visitorsOf(s);
      String where = subjectRows(s, visitors);
      List<Event> events = new ArrayList<>();
      main.forEachRow(
          read(
              "SELECT "
                  + eventColumns()
                  + " FROM events WHERE "
                  + where
                  + " ORDER BY ts, event_id"),
          r -> events.add(event(r)));
      List<io.footfall.core.people.DataSubject.PropertyRow> properties = new ArrayList<>();
      main.forEachRow(
          read(
              "SELECT user_id, at, event_id, op, key, value_json FROM person_properties"
                  + " WHERE site_id = "
                  + ClickHouseLiterals.string(s.siteId())
                  + " AND "
                  + hashedIn("user_id", s.userIds())
                  + " ORDER BY at, event_id, seq"),
          r ->
              properties.add(
                  new io.footfall.core.people.DataSubject.PropertyRow(
                      r.text(0),
                      ClickHouseDialect.instant(r.int64(1)),
                      r.text(2),
                      r.text(3),
                      r.text(4),
                      r.text(5))));
      List<io.footfall.core.people.DataSubject.LinkRow> links = new ArrayList<>();
      main.forEachRow(
          read(
              "SELECT visitor_id, user_id, linked_at, event_id FROM person_links WHERE "
                  + where
                  + " ORDER BY linked_at, event_id"),
          r ->
              links.add(
                  new io.footfall.core.people.DataSubject.LinkRow(
                      r.int64(0), r.text(1), ClickHouseDialect.instant(r.int64(2)), r.text(3))));
      return new io.footfall.core.people.DataSubject.Data(events, properties, links);
    } catch (ClickHouseException e) {
      throw failed("reading a data subject of site " + s.siteId(), e);
    }
  }

  /**
   * Deletes the subject's events, property changes and links with mutations on every node, waited
   * for. ClickHouse rewrites the parts that held them and removes the old parts after {@code
   * old_parts_lifetime} (docs/privacy.md).
   */
  @Override
  public io.footfall.core.people.DataSubject.Erased eraseSubject(
      io.footfall.core.people.DataSubject s) {
    try {
      Set<Long> visitors = visitorsOf(s);
      String where = subjectRows(s, visitors);
      String ofProperties =
          "site_id = "
              + ClickHouseLiterals.string(s.siteId())
              + " AND "
              + hashedIn("user_id", s.userIds());
      long events = count("events", where);
      long properties = count("person_properties", ofProperties);
      long links = count("person_links", where);
      String suffix = cluster ? "_local" : "";
      for (ClickHouseHttp node : nodes) {
        if (events > 0) {
          node.execute("ALTER TABLE events" + suffix + " DELETE WHERE " + where);
        }
        if (properties > 0) {
          node.execute("ALTER TABLE person_properties" + suffix + " DELETE WHERE " + ofProperties);
        }
        if (links > 0) {
          node.execute("ALTER TABLE person_links" + suffix + " DELETE WHERE " + where);
        }
      }
      for (ClickHouseHttp node : nodes) {
        awaitMutations(node);
      }
      return new io.footfall.core.people.DataSubject.Erased(events, properties, links);
    } catch (ClickHouseException e) {
      throw failed("erasing a data subject of site " + s.siteId(), e);
    }
  }

  private long count(String table, String where) {
    return main.select(read("SELECT count() FROM " + table + " WHERE " + where))
        .getFirst()
        .int64(0);
  }

  private void awaitMutations(ClickHouseHttp node) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String pending =
        "SELECT count() FROM system.mutations WHERE database = "
            + ClickHouseLiterals.string(database)
            + " AND is_done = 0";
    while (node.select(pending).getFirst().int64(0) > 0) {
      if (System.nanoTime() > deadline) {
        throw new StoreException(
            "ClickHouse ("
                + where
                + ") has not applied the deletion after "
                + timeout.toMillis()
                + " ms; it goes on in the background (system.mutations)");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreException("interrupted while waiting for a deletion in " + where, e);
      }
    }
  }

  // ---------------------------------------------------------------- plumbing

  private static ClickHouseQuery read(String sql) {
    return ClickHouseQuery.sql(sql);
  }

  private StoreException failed(String what, ClickHouseException e) {
    return new StoreException(what + " in ClickHouse (" + where + ") failed: " + e.getMessage(), e);
  }

  @Override
  public void close() {
    for (ClickHouseHttp node : nodes) {
      node.close();
    }
  }

  /**
   * How to reach the store: one node, or every node of a cluster. Every setting but the URL has a
   * default; nothing can change once the store is open.
   */
  public static final class Builder {
    private final List<URI> urls = new ArrayList<>();
    private String database = "footfall";
    private String user;
    private String password;
    private String clusterName;
    private Duration timeout = Duration.ofSeconds(60);
    private Duration insertWait = DEFAULT_INSERT_WAIT;

    private Builder(URI url) {
      urls.add(Objects.requireNonNull(url, "url"));
    }

    /** The database of the store's tables, created if missing. Default: {@code footfall}. */
    public Builder database(String name) {
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException("database name '" + name + "' is not an identifier");
      }
      this.database = name;
      return this;
    }

    /** The user and password. Default: none ({@code default} without a password). */
    public Builder credentials(String user, String password) {
      this.user = Objects.requireNonNull(user, "user");
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /**
     * Shards the events over the cluster {@code name} (as the servers' {@code remote_servers} name
     * it), whose other nodes are {@code otherNodes} (the builder's URL being the first): the store
     * creates the local tables on each and reads and writes through {@code Distributed} tables.
     * Default: one node.
     */
    public Builder cluster(String name, List<URI> otherNodes) {
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException("cluster name '" + name + "' is not an identifier");
      }
      this.clusterName = name;
      urls.subList(1, urls.size()).clear();
      urls.addAll(otherNodes);
      return this;
    }

    /** How long one request (and a deletion's mutations) may take. Default: 60 s. */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, not " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * The longest the server's writer holds events back to make one larger insert of them rather
     * than several small ones ({@link ClickHouseStore#writeShape}); zero: never. Default: 200 ms.
     */
    public Builder insertWait(Duration wait) {
      if (wait.isNegative()) {
        throw new IllegalArgumentException("insert wait must not be negative, not " + wait);
      }
      this.insertWait = wait;
      return this;
    }

    /**
     * Opens the store: creates the database and applies pending migrations on every node.
     *
     * @throws StoreException if a node cannot be reached or refuses
     */
    public ClickHouseStore open() {
      List<ClickHouseHttp> clients = new ArrayList<>();
      try {
        if (clusterName != null) {
          checkCluster();
        }
        for (URI url : urls) {
          try (ClickHouseHttp admin = client(url, false)) {
            admin.execute("CREATE DATABASE IF NOT EXISTS " + database);
          }
          ClickHouseHttp node = client(url, true);
          clients.add(node);
          migrate(node);
        }
        return new ClickHouseStore(
            List.copyOf(clients), database, clusterName != null, timeout, insertWait);
      } catch (ClickHouseException e) {
        clients.forEach(ClickHouseHttp::close);
        throw new StoreException(
            "cannot open the ClickHouse store (database "
                + database
                + " at "
                + urls
                + "): "
                + e.getMessage(),
            e);
      } catch (RuntimeException e) {
        clients.forEach(ClickHouseHttp::close);
        throw e;
      }
    }

    /** Refuses a cluster the first node does not know, or whose nodes are not all listed. */
    private void checkCluster() {
      try (ClickHouseHttp first = client(urls.getFirst(), false)) {
        long known =
            first
                .select(
                    "SELECT count() FROM system.clusters WHERE cluster = "
                        + ClickHouseLiterals.string(clusterName))
                .getFirst()
                .int64(0);
        if (known != urls.size()) {
          throw new StoreException(
              known == 0
                  ? "ClickHouse at "
                      + urls.getFirst()
                      + " knows no cluster "
                      + clusterName
                      + " (system.clusters; remote_servers in its configuration)"
                  : "cluster "
                      + clusterName
                      + " has "
                      + known
                      + " nodes and "
                      + urls.size()
                      + " URLs were given: the store needs every node's, to create its tables"
                      + " there");
        }
      }
    }

    private ClickHouseHttp client(URI url, boolean withDatabase) {
      ClickHouseHttp.Builder b =
          ClickHouseHttp.builder(url)
              .queryTimeout(timeout)
              .setting("max_query_size", MAX_QUERY_SIZE);
      if (withDatabase) {
        b.database(database);
      }
      if (user != null) {
        b.credentials(user, password);
      }
      return b.build();
    }

    /** Applies the scripts this node has not recorded, in order. */
    private void migrate(ClickHouseHttp node) {
      node.execute(
          "CREATE TABLE IF NOT EXISTS event_migrations (version UInt32, name String,"
              + " applied_at DateTime) ENGINE = MergeTree ORDER BY version");
      Set<Long> applied = new HashSet<>();
      node.forEachRow(
          ClickHouseQuery.sql("SELECT version FROM event_migrations"),
          r -> applied.add(r.int64(0)));
      for (int i = 0; i < MIGRATIONS.size(); i++) {
        long version = i + 1L;
        if (applied.contains(version)) {
          continue;
        }
        for (String statement : statements(MIGRATIONS.get(i))) {
          if (statement.contains("{cluster}") && clusterName == null) {
            continue;
          }
          node.execute(
              statement
                  .replace("{local}", clusterName == null ? "" : "_local")
                  .replace("{cluster}", clusterName == null ? "" : clusterName)
                  .replace("{database}", database));
        }
        node.insert(
            ClickHouseQuery.insertInto("event_migrations", List.of("version", "name")),
            List.of(TabSeparatedRow.builder().number(version).text(MIGRATIONS.get(i)).build()));
      }
    }

    /** A script's statements: split at semicolons that end a line, without comment lines. */
    private static List<String> statements(String script) {
      String text;
      try (var in = ClickHouseStore.class.getResourceAsStream("migrations/" + script)) {
        if (in == null) {
          throw new IllegalStateException("migration script " + script + " is missing");
        }
        text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      List<String> out = new ArrayList<>();
      StringBuilder current = new StringBuilder();
      for (String line : text.split("\n")) {
        if (line.strip().startsWith("--")) {
          continue;
        }
        current.append(line).append('\n');
        if (line.strip().endsWith(";")) {
          String s = current.toString().strip();
          out.add(s.substring(0, s.length() - 1));
          current.setLength(0);
        }
      }
      if (!current.toString().isBlank()) {
        out.add(current.toString().strip());
      }
      return out;
    }
  }
}
