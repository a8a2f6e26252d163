package io.footfall.core.people;

import io.footfall.core.Event;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The people of the sites in an event store: what {@link PersonUpdate}s and events say about each
 * site's users. Writes go with the events ({@link io.footfall.core.WriteBatch#people()}); these are
 * the reads. Every read names its site.
 */
public interface People {

  /** The person, or empty when the site has no event or update of that user id. */
  Optional<Profile> profile(String siteId, String userId);

  /** A page of the site's people; see {@link PeopleQuery}. */
  List<Profile> list(PeopleQuery query);

  /**
   * The person's events, newest first (ties: the larger event id first), the page after {@code
   * before}.
   *
   * @param before the time and event id of the last event of the previous page; empty for the first
   * @param limit the most events, 1 to 1000
   */
  List<Event> timeline(String siteId, String userId, Optional<EventPosition> before, int limit);

  /**
   * How many people are members of the segment at its instant (docs/metrics.md, "Cohorts").
   *
   * @throws io.footfall.core.query.QueryFailedException if the store refuses a condition's filter
   */
  long segmentSize(Segment segment);

  /** A place in a timeline. */
  record EventPosition(Instant timestamp, String eventId) {}
}
