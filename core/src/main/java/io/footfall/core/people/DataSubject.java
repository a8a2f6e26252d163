package io.footfall.core.people;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Whom a data subject's request (GDPR Art. 15, 17, 20) is about, as a store holds them: the user id
 * in every form the site may have stored it (clear and keyed hash, as the site's setting was when
 * each event came) and the persistent visitor ids derived from the person's consented anonymous ids
 * and user id. The store adds the visitors linked to those user ids. Cookieless visitors (a daily
 * salted hash) are never anyone's: they cannot be found, and need not be.
 *
 * @param siteId the site
 * @param userIds the stored forms of the user id; may be empty when only anonymous ids are known
 * @param visitorIds persistent visitor ids of the person
 */
public record DataSubject(String siteId, Set<String> userIds, Set<Long> visitorIds) {
  public DataSubject {
    Objects.requireNonNull(siteId, "siteId");
    userIds = Set.copyOf(userIds);
    visitorIds = Set.copyOf(visitorIds);
    if (userIds.isEmpty() && visitorIds.isEmpty()) {
      throw new IllegalArgumentException("a data subject needs a user id or a visitor id");
    }
  }

  /**
   * Everything a store holds of a subject: the events (oldest first), the person property changes
   * and the identity links.
   */
  public record Data(
      List<io.footfall.core.Event> events, List<PropertyRow> properties, List<LinkRow> links) {
    public Data {
      events = List.copyOf(events);
      properties = List.copyOf(properties);
      links = List.copyOf(links);
    }
  }

  /**
   * One stored person property change: {@code op} is {@code set}, {@code set_once}, {@code unset}
   * or {@code seen} (an update without changes); {@code valueJson} is empty for the last two.
   */
  public record PropertyRow(
      String userId, Instant at, String eventId, String op, String key, String valueJson) {}

  /** One stored identity link: the visitor became the person's at {@code linkedAt}. */
  public record LinkRow(long visitorId, String userId, Instant linkedAt, String eventId) {}

  /** What an erasure deleted. */
  public record Erased(long events, long properties, long links) {}
}
