package io.footfall.server.ingest;

import io.footfall.core.Event;
import io.footfall.core.EventStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Server-side visits: an event belongs to the visitor's current visit when it lies within the
 * inactivity timeout of that visit's events; otherwise it starts a new visit. Each visit keeps the
 * visit attributes (source, campaign, browser, location...) of the event that opened it, and every
 * event that joins the visit is given those in place of its own.
 *
 * <p>Design note. A cookieless visitor has two candidate ids around midnight (today's and
 * yesterday's salt); an open visit under yesterday's id is continued, so a visit across midnight
 * stays one visit. Events may arrive late or out of order (offline clients): an event that falls
 * before the current visit by more than the timeout starts a visit of its own without disturbing
 * the current one. State is kept only for visitors seen within the timeout (by the wall clock), and
 * rebuilt from the store at start-up. Not thread-safe: the writer thread owns it.
 *
 * <p>The visit attributes are those of the first event the sessionizer saw for the visit, not of
 * the event with the earliest timestamp: an event that arrives late with an earlier time joins the
 * visit and takes its attributes, because the events already stored cannot be re-attributed and a
 * visit must read the same on all its events (the query engine filters visits by these columns).
 * The writer hands over each commit's events sorted by time, so within one batch (an offline
 * client's queue) the earliest event does open the visit.
 */
final class Sessionizer {
  private final Duration timeout;
  private final SplittableRandom random = new SplittableRandom(new SecureRandom().nextLong());
  private final Map<Key, State> visits = new HashMap<>();

  Sessionizer(Duration timeout) {
    this.timeout = timeout;
  }

  private record Key(String siteId, long visitorId) {}

  private static final class State {
    final long sessionId;
    final Event.VisitAttributes attributes;
    Instant first;
    Instant last;
    Instant touched;

    State(
        long sessionId,
        Event.VisitAttributes attributes,
        Instant first,
        Instant last,
        Instant touched) {
      this.sessionId = sessionId;
      this.attributes = attributes;
      this.first = first;
      this.last = last;
      this.touched = touched;
    }
  }

  /**
   * The visitor and visit an event belongs to, and the visit attributes to store on it.
   *
   * @param visitorId the visitor id the visit is kept under (yesterday's for a visit across
   *     midnight)
   * @param sessionId the visit
   * @param attributes the visit's attributes: the event's own when it opened the visit
   */
  record Assignment(long visitorId, long sessionId, Event.VisitAttributes attributes) {}

  /** Reopens the visits that were open when the server stopped, attributes included. */
  void restore(List<EventStore.Visit> recent, Instant now) {
    for (EventStore.Visit v : recent) {
      visits.put(
          new Key(v.siteId(), v.visitorId()),
          new State(v.sessionId(), v.attributes(), v.firstSeen(), v.lastSeen(), now));
    }
  }

  /**
   * Assigns an event to a visit.
   *
   * @param siteId the event's site
   * @param candidates the visitor ids the event may belong to, preferred first (today's and
   *     yesterday's cookieless id); a new visit is opened under the first
   * @param at the event's time
   * @param own the event's own visit attributes, kept if the event opens a visit
   * @param now the wall-clock time, for eviction
   */
  Assignment assign(
      String siteId, long[] candidates, Instant at, Event.VisitAttributes own, Instant now) {
    for (long visitor : candidates) {
      State s = visits.get(new Key(siteId, visitor));
      if (s != null && !at.isBefore(s.first.minus(timeout)) && !at.isAfter(s.last.plus(timeout))) {
        if (at.isBefore(s.first)) {
          s.first = at;
        }
        if (at.isAfter(s.last)) {
          s.last = at;
        }
        s.touched = now;
        return new Assignment(visitor, s.sessionId, s.attributes);
      }
    }
    long visitor = candidates[0];
    long session = nextSessionId();
    Key key = new Key(siteId, visitor);
    State current = visits.get(key);
    if (current == null || at.isAfter(current.last)) {
      visits.put(key, new State(session, own, at, at, now));
    }
    return new Assignment(visitor, session, own);
  }

  /** Forgets visitors not seen for longer than the timeout. */
  void evict(Instant now) {
    Instant cutoff = now.minus(timeout);
    visits.values().removeIf(s -> s.touched.isBefore(cutoff));
  }

  int size() {
    return visits.size();
  }

  private long nextSessionId() {
    long id;
    do {
      id = random.nextLong();
    } while (id == 0);
    return id;
  }
}
