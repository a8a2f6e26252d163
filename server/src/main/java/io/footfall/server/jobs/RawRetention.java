package io.footfall.server.jobs;

import io.footfall.core.EventStore;
import io.footfall.core.Site;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces each site's raw retention ({@link Site#retentionDays()}): the site's raw events before
 * the local midnight that starts the oldest kept day are deleted ({@link EventStore#expireRaw}). A
 * site set to N days keeps today and the N days before it, whole. Run daily by {@link Jobs}, at
 * start-up, and by {@code footfall admin retention}.
 */
public final class RawRetention {
  private static final Logger log = LoggerFactory.getLogger(RawRetention.class);

  private final EventStore store;
  private final Clock clock;
  private final Counter deleted;
  private final Counter failures;
  private final Timer runs;
  private final AtomicLong lastSuccess = new AtomicLong();

  /** What one run did to one site. */
  public record Expired(String siteId, Instant horizon, long events) {}

  public RawRetention(EventStore store, Clock clock, MeterRegistry meters) {
    this.store = store;
    this.clock = clock;
    this.deleted =
        Counter.builder("footfall.retention.events.deleted")
            .description("Raw events deleted because they passed their site's raw retention")
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
    return LocalDate.ofInstant(now, site.timeZone())
        .minusDays(site.retentionDays())
        .atStartOfDay(site.timeZone())
        .toInstant();
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
    for (Site site : sites) {
      Instant horizon = horizon(site, now);
      try {
        long events = store.expireRaw(site, horizon);
        deleted.increment(events);
        done.add(new Expired(site.id(), horizon, events));
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
    runs.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    if (!failed) {
      lastSuccess.set(clock.millis());
    }
    return done;
  }
}
