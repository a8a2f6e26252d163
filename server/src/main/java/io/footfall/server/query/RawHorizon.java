package io.footfall.server.query;

import io.footfall.core.EventStore;
import io.footfall.core.query.PastRetentionException;
import java.time.Instant;

/**
 * The check before a report that reads raw events only (funnels, paths, retention, active users):
 * its range must not reach before the site's raw horizon, where raw retention deleted the events.
 * The refusal is a {@link PastRetentionException}, which the HTTP layer answers as a 400 naming
 * {@code date_range} and the first time that can be asked about.
 */
public final class RawHorizon {
  private RawHorizon() {}

  /**
   * Throws when the report reads raw events from {@code from} on and the site's raw events before a
   * later time were deleted.
   */
  public static void require(EventStore store, String siteId, Instant from, java.time.ZoneId zone) {
    java.util.Optional<Instant> horizon = store.rawHorizon(siteId);
    if (horizon.isPresent() && from.isBefore(horizon.get())) {
      throw new PastRetentionException(siteId, horizon.get(), zone);
    }
  }
}
