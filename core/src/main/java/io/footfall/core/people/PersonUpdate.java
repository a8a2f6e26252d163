package io.footfall.core.people;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one event or one identify call says about a person of a site: changes to their properties,
 * and perhaps that a consented anonymous visitor is this person. Stored in the same group commit as
 * the events, so what was acknowledged is stored, and deduplicated with them by event id.
 *
 * <p>A visitor is linked to one person only: the first link of a visitor (in {@code at} order, then
 * event id) holds, and the visitor's events, earlier ones included, count as that person's. Events
 * that carry a user id always count as that user's. Cookieless visitors (a daily hash) are never
 * linked.
 *
 * @param siteId the site
 * @param userId the person's id as stored: keyed-hashed per site unless the site stores user ids
 * @param at when it was said (the event's time)
 * @param eventId the id of the event or identify call, which orders updates of the same instant
 * @param linkedVisitorId the consented anonymous visitor this update links to the person; 0 when
 *     none
 * @param changes the property changes, in the order given
 */
public record PersonUpdate(
    String siteId,
    String userId,
    Instant at,
    String eventId,
    long linkedVisitorId,
    List<PropertyChange> changes) {
  public PersonUpdate {
    Objects.requireNonNull(siteId, "siteId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(eventId, "eventId");
    changes = List.copyOf(changes);
    if (userId.isEmpty()) {
      throw new IllegalArgumentException("a person update names its person");
    }
  }
}
