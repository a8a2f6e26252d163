package io.footfall.server.query;

import io.footfall.core.EventStore;
import io.footfall.core.Goal;
import io.footfall.core.Site;
import io.footfall.core.query.Dimension;
import io.footfall.core.query.Filter;
import io.footfall.core.query.Interval;
import io.footfall.core.query.QueryFailedException;
import io.footfall.core.query.Report;
import io.footfall.core.query.ReportQuery;
import io.footfall.server.access.Principal;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Answers statistics queries: checks that the caller may read the site, resolves the date range in
 * the site's time zone, looks up the goals the query names, and asks the event store, through a
 * cache that new events of the site invalidate.
 */
public final class QueryService {
  private final BiFunction<Principal, String, Site> readableSite;
  private final Function<Site, List<Goal>> goals;
  private final EventStore store;
  private final ReportCache cache;
  private final Clock clock;
  private final Timer timer;
  private final java.util.concurrent.ExecutorService queryThreads =
      java.util.concurrent.Executors.newFixedThreadPool(
          Math.max(2, Runtime.getRuntime().availableProcessors()),
          Thread.ofPlatform().name("footfall-query-", 0).daemon(true).factory());

  /**
   * @param readableSite the site with this id if the principal may read its statistics; throws the
   *     access layer's 401/403/404 otherwise
   * @param goals the goals of a site
   */
  public QueryService(
      BiFunction<Principal, String, Site> readableSite,
      Function<Site, List<Goal>> goals,
      EventStore store,
      int cacheEntries,
      Clock clock,
      MeterRegistry meters) {
    this.readableSite = readableSite;
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
    Site site = readableSite.apply(principal, q.siteId());
    return timer.record(() -> answer(site, q));
  }

  private Answer answer(Site site, StatsQuery q) {
    List<Goal> siteGoals = goals.apply(site);
    checkGoalNames(q, siteGoals);
    LocalDate today =
        q.relativeDate().orElseGet(() -> LocalDate.now(clock.withZone(site.timeZone())));
    Optional<java.time.Instant> first =
        q.dateRange() instanceof DateSpec.Named n && n.name().equals("all")
            ? store.firstEventTime(site.id())
            : Optional.empty();
    DateRanges.Window window =
        DateRanges.resolve(q.dateRange(), site.timeZone(), clock.instant(), today, first);
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
    Report report = report(rq);
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
      ReportQuery all =
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
              ReportQuery.MAX_LIMIT,
              0);
      comparison = Optional.of(report(all));
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

  private Report report(ReportQuery rq) {
    return cache.get(rq, () -> onQueryThread(rq));
  }

  /**
   * Runs the store's query on a platform thread. Request handlers are virtual threads on as many
   * carriers as there are cores, and a long native DuckDB call pins its carrier: measured, four
   * concurrent breakdowns over 10M events held /healthz for 2–4 s. Parked here instead, the handler
   * frees its carrier while the query runs.
   */
  private Report onQueryThread(ReportQuery rq) {
    java.util.concurrent.Future<Report> f = queryThreads.submit(() -> store.report(rq));
    try {
      return f.get();
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new io.footfall.core.StoreException("interrupted while waiting for a query", e);
    } catch (java.util.concurrent.ExecutionException e) {
      switch (e.getCause()) {
        case QueryFailedException q -> throw new QueryException("filters", q.getMessage());
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
