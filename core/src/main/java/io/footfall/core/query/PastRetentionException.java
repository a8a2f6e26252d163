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
  private final transient java.time.ZoneId zone;

  /**
   * @param horizon the earliest time whose raw events are kept; everything before was deleted
   * @param zone the zone the report was asked in, to name the horizon's day in
   */
  public PastRetentionException(String siteId, Instant horizon, java.time.ZoneId zone) {
    super(
        "site "
            + siteId
            + " keeps raw events from "
            + Objects.requireNonNull(horizon, "horizon")
            + " on; this report needs earlier ones");
    this.horizon = horizon;
    this.zone = Objects.requireNonNull(zone, "zone");
  }

  /** The earliest time whose raw events are kept. */
  public Instant horizon() {
    return horizon;
  }

  /**
   * The horizon as a person reads it: its day in the report's zone when it is that day's midnight
   * ({@code 2026-11-30}), else the UTC time ({@code 2026-11-29 23:00 UTC}).
   */
  public String horizonText() {
    java.time.LocalDate day = java.time.LocalDate.ofInstant(horizon, zone);
    if (day.atStartOfDay(zone).toInstant().equals(horizon)) {
      return day.toString();
    }
    return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
        .format(horizon.atZone(java.time.ZoneOffset.UTC));
  }
}
