package io.footfall.server.query;

import io.footfall.core.EventStore;
import io.footfall.core.Goal;
import io.footfall.core.Site;
import io.footfall.core.people.Segment;
import io.footfall.core.query.Dimension;
import io.footfall.core.query.Filter;
import io.footfall.core.query.Formulas;
import io.footfall.core.query.Interval;
import io.footfall.core.query.Metric;
import io.footfall.core.query.QueryFailedException;
import io.footfall.core.query.Report;
import io.footfall.core.query.ReportQuery;
import io.footfall.server.access.Principal;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Answers statistics queries: checks that the caller may read the site, resolves the date range in
 * the site's time zone, looks up the goals the query names, and asks the event store, through a
 * cache that new events of the site invalidate.
 */
public final class QueryService {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(QueryService.class);

  private final BiFunction<Principal, String, Site> readableSite;
  private final SegmentLookup segments;
  private final Function<Site, List<Goal>> goals;
  private final EventStore store;
  private final ReportCache cache;
  private final Clock clock;
  private final Timer timer;
  private final java.util.concurrent.ExecutorService queryThreads =
      java.util.concurrent.Executors.newFixedThreadPool(
          Math.max(2, Runtime.getRuntime().availableProcessors()),
          Thread.ofPlatform().name("footfall-query-", 0).daemon(true).factory());
  // Queries run on the request's own (virtual) thread while this leaves a carrier free; see query.
  private final java.util.concurrent.Semaphore inline =
      new java.util.concurrent.Semaphore(
          Math.max(1, Runtime.getRuntime().availableProcessors() - 1));

  /**
   * @param readableSite the site with this id if the principal may read its statistics; throws the
   *     access layer's 401/403/404 otherwise
   * @param segments the cohort that a segment filter names, when the principal may read the site's
   *     people
   * @param goals the goals of a site
   */
  public QueryService(
      BiFunction<Principal, String, Site> readableSite,
      SegmentLookup segments,
      Function<Site, List<Goal>> goals,
      EventStore store,
      int cacheEntries,
      Clock clock,
      MeterRegistry meters) {
    this.readableSite = readableSite;
    this.segments = segments;
    this.goals = goals;
    this.store = store;
    this.clock = clock;
    this.cache = new ReportCache(cacheEntries, Duration.ofHours(1), meters);
    this.timer =
        Timer.builder("footfall.query")
            .description("Time to answer one statistics query")
            .publishPercentiles(0.5, 0.95, 0.99)
            .register(meters);
  }

  /** Called by the collector after a commit stored events of these sites. */
  public void eventsStored(Collection<String> siteIds) {
    cache.invalidate(siteIds);
  }

  /**
   * A query's answer: the report of its range and, when asked, of the period it is compared with.
   *
   * @param site the site read
   * @param query the query as asked
   * @param window the resolved range
   * @param report the answer
   * @param comparisonWindow the range compared with
   * @param comparison the answer for that range (every row, unpaginated, to match rows)
   * @param timeLabels every bucket of the range when asked for, else empty
   * @param comparisonLabels every bucket of the compared range when comparing by time
   */
  record Answer(
      Site site,
      StatsQuery query,
      DateRanges.Window window,
      Report report,
      Optional<DateRanges.Window> comparisonWindow,
      Optional<Report> comparison,
      List<String> timeLabels,
      List<String> comparisonLabels) {}

  Answer run(Principal principal, StatsQuery q) {
    return run(principal, q, ReportQuery.MAX_LIMIT);
  }

  /**
   * @param comparisonRows the most rows of the compared period read to match rows against
   */
  private Answer run(Principal principal, StatsQuery q, int comparisonRows) {
    Site site = readableSite.apply(principal, q.siteId());
    return timer.record(() -> answer(principal, site, q, comparisonRows));
  }

  /**
   * The cohort a segment filter names: a cohort names people, so using one needs the people
   * permission besides the statistics one. Its members are those at the end of the range, or now
   * when the range reaches past now (docs/metrics.md, "Cohorts"); a comparison counts the same
   * people.
   */
  public interface SegmentLookup {
    /**
     * @throws io.footfall.server.http.FootfallException 403 without the people permission, 404 for
     *     no such cohort of the site
     */
    Segment segment(Principal principal, String siteId, String cohortId, Instant at);
  }

  /** The most rows one {@link #table} may hold. */
  public static final int MAX_TABLE_ROWS = 100_000;

  /**
   * Answers a request as a table with every row: a breakdown is read page by page (and its
   * comparison in full) up to {@code maxRows} rows; a timeseries lists every bucket of the range,
   * zeros where nothing happened. Checks access and the request exactly as {@code /api/stats/*}
   * does; {@code limit} and {@code page} of the request are ignored.
   *
   * @param maxRows the most rows, 1 to {@value #MAX_TABLE_ROWS}
   * @throws QueryException 400 naming the field at fault, or {@code dimensions} when a breakdown
   *     has more than {@code maxRows} rows
   */
  public StatsTable table(Principal principal, StatsRequest request, int maxRows) {
    if (maxRows < 1 || maxRows > MAX_TABLE_ROWS) {
      throw new IllegalArgumentException(
          "maxRows must be 1 to " + MAX_TABLE_ROWS + ", was " + maxRows);
    }
    boolean fill = request.shape() == StatsRequest.Shape.TIMESERIES;
    if (request.shape() != StatsRequest.Shape.BREAKDOWN) {
      Answer a = run(principal, ParamQueries.parse(request), maxRows);
      return table(a, rows(a, fill));
    }
    int pageSize = Math.min(maxRows, QueryParser.DEFAULT_LIMIT);
    StatsRequest paged = request.with("limit", Integer.toString(pageSize));
    Answer first = run(principal, ParamQueries.parse(paged.with("page", "1")), maxRows);
    long total = first.report().totalRows();
    if (total > maxRows) {
      throw new QueryException(
          "dimensions",
          "the breakdown by "
              + String.join(
                  ", ", first.query().dimensions().stream().map(d -> d.apiName()).toList())
              + " has "
              + total
              + " rows; an export holds at most "
              + maxRows
              + ": add filters or shorten the date range");
    }
    List<StatsTable.Row> all = new ArrayList<>(rows(first, false));
    for (int page = 2; all.size() < total; page++) {
      Answer a =
          run(principal, ParamQueries.parse(paged.with("page", Integer.toString(page))), maxRows);
      if (a.report().rows().isEmpty()) {
        break; // events arrived or left between pages; what was read is consistent per page
      }
      all.addAll(rows(a, false));
    }
    return table(first, all);
  }

  /**
   * The first {@code n} rows of a breakdown, in the order asked, each with its comparison; {@link
   * StatsTable#totalRows()} tells how many there are in all.
   *
   * @param n 1 to 10,000
   */
  public StatsTable top(Principal principal, StatsRequest request, int n) {
    Answer a =
        run(
            principal,
            ParamQueries.parse(
                request
                    .as(StatsRequest.Shape.BREAKDOWN)
                    .with("limit", Integer.toString(n))
                    .with("page", "1")));
    return table(a, rows(a, false));
  }

  private static StatsTable table(Answer a, List<StatsTable.Row> rows) {
    StatsQuery q = a.query();
    return new StatsTable(
        a.site(),
        q.dimensions().stream().map(d -> d.apiName()).toList(),
        q.metrics().stream().map(m -> m.apiName()).toList(),
        q.filters(),
        StatsTable.Period.of(a.window()),
        q.comparison().map(c -> c.apiName),
        a.comparisonWindow().map(StatsTable.Period::of),
        rows,
        a.query().timeDimension().isPresent() ? rows.size() : a.report().totalRows());
  }

  /**
   * The answer's rows, each matched with its row in the compared period (by dimension values; for
   * time buckets, by position in the range).
   *
   * @param fillTime whether to list every bucket of the range, with zeros where nothing happened
   */
  static List<StatsTable.Row> rows(Answer a, boolean fillTime) {
    StatsQuery q = a.query();
    List<Report.Row> rows = fillTime ? filled(a) : a.report().rows();
    Map<List<String>, Report.Row> previous = new HashMap<>();
    a.comparison().ifPresent(r -> r.rows().forEach(row -> previous.put(row.dimensions(), row)));
    int time = timeIndex(q);
    List<StatsTable.Row> out = new ArrayList<>(rows.size());
    for (Report.Row row : rows) {
      Optional<StatsTable.Comparison> comparison = Optional.empty();
      if (a.comparison().isPresent()) {
        List<String> key = new ArrayList<>(row.dimensions());
        if (time >= 0) {
          int i = a.timeLabels().indexOf(key.get(time));
          key.set(
              time, i >= 0 && i < a.comparisonLabels().size() ? a.comparisonLabels().get(i) : "");
        }
        Report.Row before = previous.get(key);
        List<Object> prevMetrics = before != null ? before.metrics() : zeros(q.metrics());
        List<java.math.BigDecimal> change = new ArrayList<>();
        for (int i = 0; i < q.metrics().size(); i++) {
          change.add(Formulas.change(q.metrics().get(i), row.metrics().get(i), prevMetrics.get(i)));
        }
        comparison = Optional.of(new StatsTable.Comparison(key, prevMetrics, change));
      }
      out.add(new StatsTable.Row(row.dimensions(), row.metrics(), comparison));
    }
    return out;
  }

  /**
   * A timeseries lists every bucket of the range up to now, with zeros where nothing happened;
   * buckets not yet begun are left out.
   */
  private static List<Report.Row> filled(Answer a) {
    Map<String, Report.Row> byLabel = new HashMap<>();
    for (Report.Row r : a.report().rows()) {
      byLabel.put(r.dimensions().get(0), r);
    }
    List<Report.Row> out = new ArrayList<>();
    for (String label : a.timeLabels()) {
      Report.Row r = byLabel.get(label);
      out.add(r != null ? r : new Report.Row(List.of(label), zeros(a.query().metrics())));
    }
    return out;
  }

  private static int timeIndex(StatsQuery q) {
    for (int i = 0; i < q.dimensions().size(); i++) {
      if (q.dimensions().get(i).isTime()) {
        return i;
      }
    }
    return -1;
  }

  /** What each metric is when nothing matched (the formula table's empty values). */
  static List<Object> zeros(List<Metric> metrics) {
    return metrics.stream().map(Formulas::whenEmpty).toList();
  }

  /** The query's date range in the site's time zone. */
  private DateRanges.Window window(Site site, StatsQuery q) {
    LocalDate today =
        q.relativeDate().orElseGet(() -> LocalDate.now(clock.withZone(site.timeZone())));
    Optional<java.time.Instant> first =
        q.dateRange() instanceof DateSpec.Named n && n.name().equals("all")
            ? store.firstEventTime(site.id())
            : Optional.empty();
    return DateRanges.resolve(q.dateRange(), site.timeZone(), clock.instant(), today, first);
  }

  /** The most property keys one answer lists. */
  public static final int MAX_PROPERTY_KEYS = 100;

  /**
   * The keys of the custom properties on the site's events in the query's date range, those on the
   * most events first; access is checked as for a report. Filters are not applied: the keys name
   * what a breakdown by {@code event:props:<key>} can show.
   *
   * @param limit 1 to {@value #MAX_PROPERTY_KEYS}
   * @throws QueryException 400 naming {@code filters} or {@code limit}
   */
  public PropertyKeys propertyKeys(Principal principal, StatsQuery q, int limit) {
    if (!q.filters().isEmpty() || q.segment().isPresent()) {
      throw new QueryException("filters", "the list of property keys takes no filters");
    }
    if (limit < 1 || limit > MAX_PROPERTY_KEYS) {
      throw new QueryException(
          "limit", "limit must be 1 to " + MAX_PROPERTY_KEYS + ", was " + limit);
    }
    Site site = readableSite.apply(principal, q.siteId());
    DateRanges.Window window = window(site, q);
    List<EventStore.PropertyKey> keys =
        onStore(() -> store.propertyKeys(site.id(), window.from(), window.to(), limit));
    return new PropertyKeys(site, window, keys);
  }

  /** The property keys of a site's range. */
  public record PropertyKeys(
      Site site, DateRanges.Window window, List<EventStore.PropertyKey> keys) {}

  private Answer answer(Principal principal, Site site, StatsQuery q, int comparisonRows) {
    List<Goal> siteGoals = goals.apply(site);
    checkGoalNames(q, siteGoals);
    DateRanges.Window window = window(site, q);
    Instant now = clock.instant();
    Optional<Segment> segment =
        q.segment()
            .map(
                id ->
                    segments.segment(
                        principal, site.id(), id, window.to().isAfter(now) ? now : window.to()));
    Optional<Interval> interval = q.timeDimension().map(d -> Interval.of(d.kind()));
    List<String> labels = List.of();
    if (interval.isPresent()) {
      labels = DateRanges.labels(window, interval.get());
      if (labels.size() > DateRanges.MAX_BUCKETS) {
        throw new QueryException(
            "dimensions",
            q.timeDimension().get().apiName()
                + " over this date range makes more than "
                + DateRanges.MAX_BUCKETS
                + " buckets; use a longer interval or a shorter range");
      }
      labels = notAfterNow(labels, site);
    }
    ReportQuery rq =
        new ReportQuery(
            site.id(),
            site.timeZone(),
            window.from(),
            window.to(),
            site.currency(),
            q.metrics(),
            q.dimensions(),
            q.filters(),
            siteGoals,
            q.orderBy(),
            q.limit(),
            q.offset());
    Report report = report(rq, segment);
    Optional<DateRanges.Window> cw = Optional.empty();
    Optional<Report> comparison = Optional.empty();
    List<String> comparisonLabels = List.of();
    if (q.comparison().isPresent()) {
      DateRanges.Window w =
          switch (q.comparison().get()) {
            case PREVIOUS_PERIOD -> window.previous();
            case YEAR_OVER_YEAR -> window.yearBefore();
          };
      cw = Optional.of(w);
      List<Report.Row> before = new ArrayList<>();
      long total;
      do {
        Report page =
            report(
                new ReportQuery(
                    site.id(),
                    site.timeZone(),
                    w.from(),
                    w.to(),
                    site.currency(),
                    q.metrics(),
                    q.dimensions(),
                    q.filters(),
                    siteGoals,
                    q.orderBy(),
                    Math.min(ReportQuery.MAX_LIMIT, comparisonRows - before.size()),
                    before.size()),
                segment);
        total = page.totalRows();
        if (page.rows().isEmpty()) {
          break;
        }
        before.addAll(page.rows());
      } while (before.size() < Math.min(total, comparisonRows));
      comparison = Optional.of(new Report(before, total));
      if (interval.isPresent()) {
        comparisonLabels = DateRanges.labels(w, interval.get());
      }
    }
    return new Answer(
        site,
        q,
        window,
        report,
        cw,
        comparison,
        q.timeLabels() || q.comparison().isPresent() ? labels : List.of(),
        comparisonLabels);
  }

  /**
   * The buckets that have begun by now on the site's clock: a range that reaches into the future
   * (this month, this year, today by the hour) has no buckets there, so a chart does not draw the
   * days to come as zeros. The current bucket, partly past, stays.
   */
  private List<String> notAfterNow(List<String> labels, Site site) {
    String now = DateRanges.format(java.time.LocalDateTime.now(clock.withZone(site.timeZone())));
    int end = labels.size();
    while (end > 0 && labels.get(end - 1).compareTo(now) > 0) {
      end--;
    }
    return labels.subList(0, end);
  }

  private Report report(ReportQuery rq, Optional<Segment> segment) {
    if (segment.isPresent()) {
      // Not cached: a segment's members change with people's updates, not only with events.
      return onStore(() -> run(rq, segment));
    }
    return cache.get(rq, () -> query(rq));
  }

  /**
   * Runs the store's query. Request handlers are virtual threads on as many carriers as there are
   * cores, and a native DuckDB call pins its carrier: measured, four concurrent breakdowns over 10M
   * events held /healthz for 2–4 s. So while fewer queries run than there are carriers less one, a
   * query runs right here, pinning one carrier and leaving the others to everything else; any more
   * wait on the platform threads of {@link #onQueryThread}. Handing every query over cost ~2 ms per
   * request in wake-ups on two cores (realtime at 1M events: 5.1–5.7 ms over HTTP handed over, 3.0
   * ms here), most of what HTTP added to small reports.
   */
  private Report query(ReportQuery rq) {
    return onStore(() -> run(rq, Optional.empty()));
  }

  /** Runs work that calls the store: here while a carrier stays free, else on a query thread. */
  private <T> T onStore(java.util.function.Supplier<T> work) {
    if (!inline.tryAcquire()) {
      return onQueryThread(work);
    }
    try {
      return work.get();
    } finally {
      inline.release();
    }
  }

  /**
   * The store's answer; a query the store refuses is a 400 naming the filters. The store's own
   * words (engine text) go to the log, not to the client: the parser has already turned away every
   * pattern it knows the store refuses, so this is the rare rest.
   */
  private Report run(ReportQuery rq, Optional<Segment> segment) {
    try {
      return segment.isPresent() ? store.report(rq, segment) : store.report(rq);
    } catch (QueryFailedException q) {
      log.warn("the store refused a report query on site {}: {}", rq.siteId(), q.getMessage());
      throw new QueryException(
          "filters", "the event store cannot run this query's filters; check their patterns");
    }
  }

  /** Runs the work on a platform thread; the handler parks, freeing its carrier. */
  private <T> T onQueryThread(java.util.function.Supplier<T> work) {
    java.util.concurrent.Future<T> f = queryThreads.submit(work::get);
    try {
      return f.get();
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new io.footfall.core.StoreException("interrupted while waiting for a query", e);
    } catch (java.util.concurrent.ExecutionException e) {
      switch (e.getCause()) {
        case RuntimeException r -> throw r;
        default -> throw new io.footfall.core.StoreException("the query failed", e.getCause());
      }
    }
  }

  private static void checkGoalNames(StatsQuery q, List<Goal> goals) {
    for (int i = 0; i < q.filters().size(); i++) {
      Filter f = q.filters().get(i);
      if (f.dimension().kind() != Dimension.Kind.GOAL || f.op().positive() != Filter.Op.IS) {
        continue;
      }
      for (int j = 0; j < f.values().size(); j++) {
        String name = f.values().get(j);
        if (goals.stream().noneMatch(g -> g.name().equals(name))) {
          throw new QueryException(
              "filters[" + i + "][2][" + j + "]",
              "site "
                  + q.siteId()
                  + " has no goal named '"
                  + name
                  + "'"
                  + (goals.isEmpty()
                      ? "; it has no goals yet"
                      : "; its goals are "
                          + String.join(", ", goals.stream().map(Goal::name).toList())));
        }
      }
    }
  }
}
