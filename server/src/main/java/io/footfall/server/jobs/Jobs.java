package io.footfall.server.jobs;

import io.footfall.core.EventStore;
import io.footfall.core.Site;
import io.footfall.core.metadata.MetadataStore;
import io.footfall.server.privacy.VisitorHasher;
import io.footfall.server.schedules.EmailReports;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic work of a server, on one platform thread ({@code footfall-jobs}), so that two jobs
 * never run at once: the hourly clean-up (visitor salts older than two days, audit entries past
 * their retention, expired sessions and invitations; also at start), raw retention ({@link
 * RawRetention}, daily and at start), the email reports every {@link #EMAIL_REPORT_CHECK}, and the
 * store's precomputed data (rollups) every rollup interval. A failing run is logged and retried at
 * the next.
 */
public final class Jobs implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Jobs.class);

  /**
   * How often the job thread looks for email reports whose period has closed, the first time this
   * long after start (a report of a period that closed while the server was down goes out then).
   */
  public static final Duration EMAIL_REPORT_CHECK = Duration.ofMinutes(5);

  /** How often raw retention runs (and once at start). */
  public static final Duration RETENTION_EVERY = Duration.ofDays(1);

  private final ScheduledExecutorService executor;

  private Jobs(ScheduledExecutorService executor) {
    this.executor = executor;
  }

  /**
   * What the jobs work on.
   *
   * @param auditRetention how long audit entries are kept
   * @param rollupInterval how often the store's precomputed data is refreshed; zero turns it off
   *     (reports then read the raw events)
   * @param mailConfigured whether email reports can be sent (else the start-up log says why not)
   */
  public record Settings(
      Duration auditRetention, Duration rollupInterval, boolean mailConfigured) {}

  /** Starts the jobs. */
  public static Jobs start(
      Settings settings,
      VisitorHasher hasher,
      MetadataStore metadata,
      EmailReports emailReports,
      EventStore store,
      RawRetention retention,
      Supplier<List<Site>> sites,
      Clock clock) {
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("footfall-jobs").daemon(true).unstarted(r));
    // Every task catches and logs its own failures, so a scheduled run never ends silently; the
    // futures are not needed to see errors, and close() stops them all with the executor.
    ScheduledFuture<?> unused =
        executor.scheduleAtFixedRate(
            () -> cleanUp(hasher, metadata, settings.auditRetention(), clock),
            0,
            1,
            TimeUnit.HOURS);
    // Raw retention at start and then daily; the first run waits for nothing but the thread.
    unused =
        executor.scheduleAtFixedRate(
            () -> {
              try {
                retention.run(sites.get());
              } catch (RuntimeException e) {
                log.error("raw retention failed; will retry tomorrow", e);
              }
            },
            0,
            RETENTION_EVERY.toSeconds(),
            TimeUnit.SECONDS);
    if (!settings.mailConfigured()) {
      log.info("email reports are not sent: no mail server (FOOTFALL_SMTP_HOST) is configured");
    }
    unused =
        executor.scheduleWithFixedDelay(
            () -> {
              try {
                emailReports.sendDue();
              } catch (RuntimeException e) {
                log.error("sending email reports failed; will retry", e);
              }
            },
            EMAIL_REPORT_CHECK.toSeconds(),
            EMAIL_REPORT_CHECK.toSeconds(),
            TimeUnit.SECONDS);
    if (settings.rollupInterval().isZero()) {
      store.usePrecomputed(false);
    } else {
      long every = settings.rollupInterval().toMillis();
      unused =
          executor.scheduleWithFixedDelay(
              () -> refreshPrecomputed(store, sites),
              Math.min(every, 5_000),
              every,
              TimeUnit.MILLISECONDS);
    }
    return new Jobs(executor);
  }

  private static void cleanUp(
      VisitorHasher hasher, MetadataStore metadata, Duration auditRetention, Clock clock) {
    try {
      int deleted = hasher.deleteExpiredSalts();
      if (deleted > 0) {
        log.info("deleted {} visitor salts older than two days", deleted);
      }
      Instant now = clock.instant();
      int audits = metadata.auditLog().deleteOlderThan(now.minus(auditRetention));
      int sessions = metadata.sessions().deleteExpired(now);
      metadata.invitations().deleteExpired(now);
      if (audits + sessions > 0) {
        log.info(
            "deleted {} audit entries older than {} and {} expired sessions",
            audits,
            auditRetention,
            sessions);
      }
    } catch (RuntimeException e) {
      log.error("hourly clean-up (salts, audit log, sessions) failed; will retry", e);
    }
  }

  /** Brings every site's rollups up to date; a failure is logged and retried next time. */
  private static void refreshPrecomputed(EventStore store, Supplier<List<Site>> sites) {
    try {
      store.refreshPrecomputed(sites.get());
    } catch (RuntimeException e) {
      log.error("building the rollups failed; reports read the raw events until it succeeds", e);
    }
  }

  /** Stops the jobs, waiting up to a minute for a running one (a rollup build holds the store). */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
