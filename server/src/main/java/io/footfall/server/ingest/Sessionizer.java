package io.footfall.server.ingest;

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
 * inactivity timeout of that visit's events; otherwise it starts a new visit.
 *
 * <p>Design note. A cookieless visitor has two candidate ids around midnight (today's and
 * yesterday's salt); an open visit under yesterday's id is continued, so a visit across midnight
 * stays one visit. Events may arrive late or out of order (offline clients): an event that falls
 * before the current visit by more than the timeout starts a visit of its own without disturbing
 * the current one. State is kept only for visitors seen within the timeout (by the wall clock), and
 * rebuilt from the store at start-up. Not thread-safe: the writer thread owns it.
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
    Instant first;
    Instant last;
    Instant touched;

    State(long sessionId, Instant first, Instant last, Instant touched) {
      this.sessionId = sessionId;
      this.first = first;
      this.last = last;
      this.touched = touched;
    }
  }

  /** The visitor and visit an event belongs to. */
  record Assignment(long visitorId, long sessionId) {}

  void restore(List<EventStore.Visit> recent, Instant now) {
    for (EventStore.Visit v : recent) {
      visits.put(
          new Key(v.siteId(), v.visitorId()),
          new State(v.sessionId(), v.firstSeen(), v.lastSeen(), now));
    }
  }

  Assignment assign(String siteId, long[] candidates, Instant at, Instant now) {
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
        return new Assignment(visitor, s.sessionId);
      }
    }
    long visitor = candidates[0];
    long session = nextSessionId();
    Key key = new Key(siteId, visitor);
    State current = visits.get(key);
    if (current == null || at.isAfter(current.last)) {
      visits.put(key, new State(session, at, at, now));
    }
    return new Assignment(visitor, session);
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
