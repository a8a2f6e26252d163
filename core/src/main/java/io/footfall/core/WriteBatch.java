package io.footfall.core;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * What one group commit stores: events plus the counters of events that were not stored.
 *
 * @param events the events, already deduplicated and sessionized
 * @param counters counts of filtered and rejected events per site and day
 */
public record WriteBatch(List<Event> events, List<CounterDelta> counters) {
  public WriteBatch {
    events = List.copyOf(events);
    counters = List.copyOf(counters);
  }

  public boolean isEmpty() {
    return events.isEmpty() && counters.isEmpty();
  }

  /**
   * Counts to add for one site and UTC day.
   *
   * @param siteId the site
   * @param day the UTC day the events were received
   * @param bots events recognised as bots
   * @param rejected events refused by validation
   * @param optedOut events dropped for DNT or GPC
   */
  public record CounterDelta(
      String siteId, LocalDate day, long bots, long rejected, long optedOut) {
    public CounterDelta {
      Objects.requireNonNull(siteId, "siteId");
      Objects.requireNonNull(day, "day");
      if (bots < 0 || rejected < 0 || optedOut < 0) {
        throw new IllegalArgumentException("counter deltas must not be negative");
      }
    }
  }
}
