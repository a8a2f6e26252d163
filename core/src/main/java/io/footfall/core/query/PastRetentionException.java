package io.footfall.core.query;

import java.time.Instant;
import java.util.Objects;

/**
 * A report needs raw events from before the site's raw horizon: they were deleted when they passed
 * the site's raw retention ({@link io.footfall.core.EventStore#expireRaw}), and what the store
 * keeps of those days (the embedded store's daily rollups) cannot answer this report. The server
 * turns it into a 4xx that names the range and the first day that can still be asked about.
 */
public final class PastRetentionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Instant horizon;

  /**
   * @param horizon the earliest time whose raw events are kept; everything before was deleted
   */
  public PastRetentionException(String siteId, Instant horizon) {
    super(
        "site "
            + siteId
            + " keeps raw events from "
            + Objects.requireNonNull(horizon, "horizon")
            + " on; this report needs earlier ones");
    this.horizon = horizon;
  }

  /** The earliest time whose raw events are kept. */
  public Instant horizon() {
    return horizon;
  }
}
