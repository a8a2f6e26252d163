package io.footfall.core.people;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A page of a site's people, most recently seen first (ties by user id).
 *
 * @param siteId the site
 * @param search when not empty, only people whose user id or some property value (its text, a
 *     string without quotes) contains it, ignoring case
 * @param property when present, only people whose property of that name has exactly that text
 * @param limit the most people on the page, 1 to 1000
 * @param after the position after which the page starts (the last of the previous page)
 * @param segment when present, only the members of this cohort of the same site
 */
public record PeopleQuery(
    String siteId,
    String search,
    Optional<PropertyMatch> property,
    int limit,
    Optional<Position> after,
    Optional<Segment> segment) {
  public PeopleQuery {
    Objects.requireNonNull(siteId, "siteId");
    Objects.requireNonNull(search, "search");
    Objects.requireNonNull(property, "property");
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(segment, "segment");
    if (segment.isPresent() && !segment.get().siteId().equals(siteId)) {
      throw new IllegalArgumentException(
          "the segment is of site " + segment.get().siteId() + ", not " + siteId);
    }
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be 1 to 1000, was " + limit);
    }
  }

  /** A page without a segment. */
  public PeopleQuery(
      String siteId,
      String search,
      Optional<PropertyMatch> property,
      int limit,
      Optional<Position> after) {
    this(siteId, search, property, limit, after, Optional.empty());
  }

  /** The same query, of the segment's members only. */
  public PeopleQuery withSegment(Segment s) {
    return new PeopleQuery(siteId, search, property, limit, after, Optional.of(s));
  }

  /** The first page of everyone. */
  public static PeopleQuery all(String siteId, int limit) {
    return new PeopleQuery(siteId, "", Optional.empty(), limit, Optional.empty());
  }

  /**
   * A property that must have a value.
   *
   * @param key the property's name
   * @param text the value's text: a string without its quotes, a number or boolean as written
   */
  public record PropertyMatch(String key, String text) {
    public PropertyMatch {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(text, "text");
    }
  }

  /** A place in the order: the last seen time and user id of a person. */
  public record Position(Instant lastSeen, String userId) {
    public Position {
      Objects.requireNonNull(lastSeen, "lastSeen");
      Objects.requireNonNull(userId, "userId");
    }
  }
}
