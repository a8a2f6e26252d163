package io.footfall.server.ingest;

import java.time.Duration;
import java.util.Objects;

/**
 * The collector's settings (the README's configuration table lists each with its variable).
 *
 * @param limits what one request may carry
 * @param queueCapacity events waiting for commit before requests get 503
 * @param maxCommitEvents most events one group commit writes
 * @param commitLinger how long the writer waits for more before committing a small group
 * @param sessionTimeout inactivity that ends a visit
 * @param dedupWindow how long event ids are remembered for idempotency
 */
public record IngestSettings(
    IngestLimits limits,
    int queueCapacity,
    int maxCommitEvents,
    Duration commitLinger,
    Duration sessionTimeout,
    Duration dedupWindow) {
  public IngestSettings {
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(commitLinger, "commitLinger");
    Objects.requireNonNull(sessionTimeout, "sessionTimeout");
    Objects.requireNonNull(dedupWindow, "dedupWindow");
  }
}
