package io.footfall.server.ingest;

import io.footfall.server.settings.Env;
import java.time.Duration;
import java.util.Objects;

/**
 * The collector's settings (the README's configuration table lists each with its variable).
 *
 * @param limits what one request may carry ({@code FOOTFALL_MAX_*}, see {@link IngestLimits})
 * @param queueCapacity events waiting for commit before requests get 503 ({@code
 *     FOOTFALL_QUEUE_CAPACITY}); default 100000; at least one full batch
 * @param maxCommitEvents most events one group commit writes ({@code FOOTFALL_MAX_COMMIT_EVENTS});
 *     default 10000
 * @param commitLinger how long the writer, when requests are arriving concurrently, waits for more
 *     before committing a group of fewer than 100 events ({@code FOOTFALL_COMMIT_LINGER}); default
 *     2 ms; 0 commits at once; at most 1 s
 * @param sessionTimeout inactivity that ends a visit ({@code FOOTFALL_SESSION_TIMEOUT}); default 30
 *     minutes
 * @param dedupWindow how long event ids are remembered for idempotency ({@code
 *     FOOTFALL_DEDUP_WINDOW}); default 8 days
 */
public record IngestSettings(
    IngestLimits limits,
    int queueCapacity,
    int maxCommitEvents,
    Duration commitLinger,
    Duration sessionTimeout,
    Duration dedupWindow) {
  public static final IngestSettings DEFAULTS =
      new IngestSettings(
          IngestLimits.DEFAULTS,
          100_000,
          10_000,
          Duration.ofMillis(2),
          Duration.ofMinutes(30),
          Duration.ofDays(8));

  public IngestSettings {
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(commitLinger, "commitLinger");
    if (queueCapacity < limits.maxBatchEvents()) {
      throw new IllegalArgumentException(
          "FOOTFALL_QUEUE_CAPACITY ("
              + queueCapacity
              + ") must hold at least one full batch ("
              + limits.maxBatchEvents()
              + " events)");
    }
    if (maxCommitEvents < 1) {
      throw new IllegalArgumentException(
          "FOOTFALL_MAX_COMMIT_EVENTS must be positive, was " + maxCommitEvents);
    }
    if (commitLinger.isNegative() || commitLinger.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new IllegalArgumentException(
          "FOOTFALL_COMMIT_LINGER must be between 0 and 1s, was " + commitLinger);
    }
    requirePositive(sessionTimeout, "FOOTFALL_SESSION_TIMEOUT");
    requirePositive(dedupWindow, "FOOTFALL_DEDUP_WINDOW");
  }

  /**
   * @throws IllegalArgumentException naming the variable that does not parse or is out of range
   */
  public static IngestSettings fromEnvironment(Env env) {
    IngestLimits d = IngestLimits.DEFAULTS;
    IngestLimits limits =
        new IngestLimits(
            env.integer("FOOTFALL_MAX_BATCH_EVENTS", d.maxBatchEvents()),
            env.integer("FOOTFALL_MAX_REQUEST_BYTES", d.maxRequestBytes()),
            env.integer("FOOTFALL_MAX_EVENT_BYTES", d.maxEventBytes()),
            env.integer("FOOTFALL_MAX_PROPERTIES", d.maxProperties()),
            env.integer("FOOTFALL_MAX_STRING_LENGTH", d.maxStringLength()),
            env.integer("FOOTFALL_MAX_URL_LENGTH", d.maxUrlLength()),
            env.duration("FOOTFALL_MAX_EVENT_AGE", d.maxAge()),
            env.duration("FOOTFALL_MAX_BACKFILL_AGE", d.maxBackfillAge()),
            env.duration("FOOTFALL_MAX_FUTURE_SKEW", d.maxFutureSkew()));
    return new IngestSettings(
        limits,
        env.integer("FOOTFALL_QUEUE_CAPACITY", DEFAULTS.queueCapacity),
        env.integer("FOOTFALL_MAX_COMMIT_EVENTS", DEFAULTS.maxCommitEvents),
        env.duration("FOOTFALL_COMMIT_LINGER", DEFAULTS.commitLinger),
        env.duration("FOOTFALL_SESSION_TIMEOUT", DEFAULTS.sessionTimeout),
        env.duration("FOOTFALL_DEDUP_WINDOW", DEFAULTS.dedupWindow));
  }

  public IngestSettings withLimits(IngestLimits value) {
    return new IngestSettings(
        value, queueCapacity, maxCommitEvents, commitLinger, sessionTimeout, dedupWindow);
  }

  public IngestSettings withQueueCapacity(int value) {
    return new IngestSettings(
        limits, value, maxCommitEvents, commitLinger, sessionTimeout, dedupWindow);
  }

  public IngestSettings withMaxCommitEvents(int value) {
    return new IngestSettings(
        limits, queueCapacity, value, commitLinger, sessionTimeout, dedupWindow);
  }

  public IngestSettings withCommitLinger(Duration value) {
    return new IngestSettings(
        limits, queueCapacity, maxCommitEvents, value, sessionTimeout, dedupWindow);
  }

  public IngestSettings withSessionTimeout(Duration value) {
    return new IngestSettings(
        limits, queueCapacity, maxCommitEvents, commitLinger, value, dedupWindow);
  }

  public IngestSettings withDedupWindow(Duration value) {
    return new IngestSettings(
        limits, queueCapacity, maxCommitEvents, commitLinger, sessionTimeout, value);
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }
}
