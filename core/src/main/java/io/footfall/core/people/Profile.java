package io.footfall.core.people;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A person of a site as the store knows them: their properties and what their events add up to.
 * Their events are those carrying their user id and those of the visitors linked to them ({@link
 * PersonUpdate}).
 *
 * @param userId the person's id as stored
 * @param properties each property's current value as a JSON scalar, by name
 * @param firstSeen the earliest of their events' times and their updates' times
 * @param lastSeen the latest of those
 * @param events how many events are theirs
 * @param visits how many distinct visits their events belong to
 * @param revenue the revenue of their events, summed per currency (ISO 4217 code)
 */
public record Profile(
    String userId,
    SortedMap<String, String> properties,
    Instant firstSeen,
    Instant lastSeen,
    long events,
    long visits,
    SortedMap<String, BigDecimal> revenue) {
  public Profile {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(firstSeen, "firstSeen");
    Objects.requireNonNull(lastSeen, "lastSeen");
    properties = unmodifiable(properties);
    revenue = unmodifiable(revenue);
  }

  private static <V> SortedMap<String, V> unmodifiable(Map<String, V> map) {
    return java.util.Collections.unmodifiableSortedMap(new TreeMap<>(map));
  }
}
