package io.footfall.server.jobs;

import io.footfall.core.EventStore;
import io.footfall.core.Site;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces each site's retention: its raw events ({@link Site#retentionDays()}) and daily
 * aggregates ({@link Site#aggregateRetentionDays()}) before the local midnight that starts the
 * oldest kept day are deleted ({@link EventStore#expireRaw}, {@link EventStore#expireAggregates}),
 * then the store drops the deleted bytes from its files ({@link EventStore#compact}). A site set to
 * N days keeps today and the N days before it, whole. Run daily by {@link Jobs}, at start-up, and
 * by {@code footfall admin retention}.
 */
public final class RawRetention {
  private static final Logger log = LoggerFactory.getLogger(RawRetention.class);

  private final EventStore store;
  private final Clock clock;
  private final Counter deleted;
  private final Counter aggregateRows;
  private final Counter failures;
  private final Timer runs;
  private final AtomicLong lastSuccess = new AtomicLong();

  /**
   * What one run did to one site: the raw events deleted before {@code horizon}, the rows of daily
   * aggregates deleted before {@code aggregateHorizon}.
   */
  public record Expired(
      String siteId, Instant horizon, long events, Instant aggregateHorizon, long aggregateRows) {}

  public RawRetention(EventStore store, Clock clock, MeterRegistry meters) {
    this.store = store;
    this.clock = clock;
    this.deleted =
        Counter.builder("footfall.retention.events.deleted")
            .description("Raw events deleted because they passed their site's raw retention")
            .register(meters);
    this.aggregateRows =
        Counter.builder("footfall.retention.aggregate.rows.deleted")
            .description("Rows of daily aggregates deleted because they passed their retention")
            .register(meters);
    this.failures =
        Counter.builder("footfall.retention.failures")
            .description("Sites whose raw retention could not be enforced in a run")
            .register(meters);
    this.runs =
        Timer.builder("footfall.retention.runs")
            .description("Runs of the raw retention job over every site")
            .register(meters);
    meters.gauge(
        "footfall.retention.last.success.seconds",
        lastSuccess,
        a -> a.get() == 0 ? Double.NaN : a.get() / 1000.0);
  }

  /**
   * The first instant the site keeps raw events of, at {@code now}: the start of the local day
   * {@code retentionDays} before today.
   */
  public static Instant horizon(Site site, Instant now) {
    return site.rawRetentionStart(now);
  }

  /** The first instant whose daily aggregates the site keeps, at {@code now}. */
  public static Instant aggregateHorizon(Site site, Instant now) {
    return site.aggregateRetentionStart(now);
  }

  /**
   * Enforces every site's retention; a site that fails is logged and counted, and the others go on.
   *
   * @return what was done to each site that succeeded
   */
  public List<Expired> run(List<Site> sites) {
    long started = System.nanoTime();
    Instant now = clock.instant();
    List<Expired> done = new ArrayList<>();
    boolean failed = false;
    long any = 0;
    for (Site site : sites) {
      Instant horizon = horizon(site, now);
      Instant aggregates = aggregateHorizon(site, now);
      try {
        long events = store.expireRaw(site, horizon);
        long rows = store.expireAggregates(site, aggregates);
        any += events + rows;
        deleted.increment(events);
        aggregateRows.increment(rows);
        done.add(new Expired(site.id(), horizon, events, aggregates, rows));
        if (events > 0) {
          log.info(
              "raw retention: deleted {} events of site {} before {} ({} days kept)",
              events,
              site.id(),
              horizon,
              site.retentionDays());
        }
      } catch (RuntimeException e) {
        failed = true;
        failures.increment();
        log.error("raw retention of site {} failed; will retry at the next run", site.id(), e);
      }
    }
    if (any > 0) {
      // The deleted rows' bytes leave the files now (the embedded store copies its file).
      try {
        store.compact();
      } catch (RuntimeException e) {
        failed = true;
        failures.increment();
        log.error("compacting the store after raw retention failed; the next start does it", e);
      }
    }
    runs.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    if (!failed) {
      lastSuccess.set(clock.millis());
    }
    return done;
  }
}
