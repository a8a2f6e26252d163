package io.footfall.core;

import io.footfall.core.people.PersonUpdate;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * What one group commit stores, all or nothing: events, what they say about people, and the
 * counters of events that were not stored.
 *
 * @param events the events, already deduplicated and sessionized
 * @param counters counts of filtered and rejected events per site and day
 * @param people what the events and identify calls say about people (properties, links)
 */
public record WriteBatch(
    List<Event> events, List<CounterDelta> counters, List<PersonUpdate> people) {
  public WriteBatch {
    events = List.copyOf(events);
    counters = List.copyOf(counters);
    people = List.copyOf(people);
  }

  /** Events and counters, saying nothing about people. */
  public WriteBatch(List<Event> events, List<CounterDelta> counters) {
    this(events, counters, List.of());
  }

  public boolean isEmpty() {
    return events.isEmpty() && counters.isEmpty() && people.isEmpty();
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
