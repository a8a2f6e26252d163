package io.footfall.core.people;

import io.footfall.core.Event;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What {@link People} must answer, computed in plain Java from everything written, sharing no code
 * with any store: the definitions of {@link PersonUpdate}, {@link PropertyChange}, {@link Profile}
 * and {@link PeopleQuery} written out once more.
 */
public final class PeopleOracle {
  private final List<Event> events = new ArrayList<>();
  private final List<PersonUpdate> updates = new ArrayList<>();

  /** Remembers what a store was given. */
  public void written(List<Event> batchEvents, List<PersonUpdate> batchUpdates) {
    events.addAll(batchEvents);
    updates.addAll(batchUpdates);
  }

  /** Forgets a deleted site. */
  public void deleted(String siteId) {
    events.removeIf(e -> e.siteId().equals(siteId));
    updates.removeIf(u -> u.siteId().equals(siteId));
  }

  /** The person each visitor of the site is linked to: the first link by time, then event id. */
  private Map<Long, String> links(String siteId) {
    Map<Long, PersonUpdate> first = new HashMap<>();
    for (PersonUpdate u : updates) {
      if (u.siteId().equals(siteId) && u.linkedVisitorId() != 0) {
        first.merge(u.linkedVisitorId(), u, (a, b) -> order(a, b) <= 0 ? a : b);
      }
    }
    Map<Long, String> out = new HashMap<>();
    first.forEach((visitor, u) -> out.put(visitor, u.userId()));
    return out;
  }

  private static int order(PersonUpdate a, PersonUpdate b) {
    int c = a.at().compareTo(b.at());
    return c != 0 ? c : a.eventId().compareTo(b.eventId());
  }

  /** The person whose event this is, or empty. */
  private static Optional<String> personOf(Event e, Map<Long, String> links) {
    if (!e.userId().isEmpty()) {
      return Optional.of(e.userId());
    }
    return Optional.ofNullable(links.get(e.visitorId()));
  }

  public Optional<Profile> profile(String siteId, String userId) {
    Map<Long, String> links = links(siteId);
    List<Event> theirs =
        events.stream()
            .filter(e -> e.siteId().equals(siteId))
            .filter(e -> personOf(e, links).filter(userId::equals).isPresent())
            .toList();
    List<PersonUpdate> said =
        updates.stream()
            .filter(u -> u.siteId().equals(siteId) && u.userId().equals(userId))
            .sorted(PeopleOracle::order)
            .toList();
    if (theirs.isEmpty() && said.isEmpty()) {
      return Optional.empty();
    }
    TreeMap<String, String> properties = new TreeMap<>();
    for (PersonUpdate u : said) {
      for (PropertyChange c : u.changes()) {
        switch (c.op()) {
          case SET -> properties.put(c.key(), c.valueJson());
          case SET_ONCE -> properties.putIfAbsent(c.key(), c.valueJson());
          case UNSET -> properties.remove(c.key());
        }
      }
    }
    TreeSet<Instant> seen = new TreeSet<>();
    theirs.forEach(e -> seen.add(e.timestamp()));
    said.forEach(u -> seen.add(u.at()));
    Set<Long> visits = new HashSet<>();
    TreeMap<String, BigDecimal> revenue = new TreeMap<>();
    for (Event e : theirs) {
      visits.add(e.sessionId());
      if (e.revenue().present()) {
        revenue.merge(e.revenue().currency(), e.revenue().amount(), BigDecimal::add);
      }
    }
    return Optional.of(
        new Profile(
            userId, properties, seen.first(), seen.last(), theirs.size(), visits.size(), revenue));
  }

  /** Every user id the site has an event or an update of. */
  private Set<String> userIds(String siteId) {
    Map<Long, String> links = links(siteId);
    Set<String> ids = new TreeSet<>();
    for (Event e : events) {
      if (e.siteId().equals(siteId)) {
        personOf(e, links).ifPresent(ids::add);
      }
    }
    for (PersonUpdate u : updates) {
      if (u.siteId().equals(siteId)) {
        ids.add(u.userId());
      }
    }
    return ids;
  }

  public List<Profile> list(PeopleQuery q) {
    String needle = q.search().toLowerCase(Locale.ROOT);
    Comparator<Profile> order =
        Comparator.comparing(Profile::lastSeen).reversed().thenComparing(Profile::userId);
    return userIds(q.siteId()).stream()
        .map(id -> profile(q.siteId(), id).orElseThrow())
        .filter(
            p ->
                needle.isEmpty()
                    || p.userId().toLowerCase(Locale.ROOT).contains(needle)
                    || p.properties().values().stream()
                        .anyMatch(
                            v -> PropertyChange.text(v).toLowerCase(Locale.ROOT).contains(needle)))
        .filter(
            p ->
                q.property()
                    .map(
                        m ->
                            p.properties().containsKey(m.key())
                                && PropertyChange.text(p.properties().get(m.key()))
                                    .equals(m.text()))
                    .orElse(true))
        .filter(
            p ->
                q.after()
                    .map(
                        a ->
                            p.lastSeen().isBefore(a.lastSeen())
                                || (p.lastSeen().equals(a.lastSeen())
                                    && p.userId().compareTo(a.userId()) > 0))
                    .orElse(true))
        .sorted(order)
        .limit(q.limit())
        .toList();
  }

  public List<Event> timeline(
      String siteId, String userId, Optional<People.EventPosition> before, int limit) {
    Map<Long, String> links = links(siteId);
    Comparator<Event> newestFirst =
        Comparator.comparing(Event::timestamp).thenComparing(Event::eventId).reversed();
    return events.stream()
        .filter(e -> e.siteId().equals(siteId))
        .filter(e -> personOf(e, links).filter(userId::equals).isPresent())
        .filter(
            e ->
                before
                    .map(
                        b ->
                            e.timestamp().isBefore(b.timestamp())
                                || (e.timestamp().equals(b.timestamp())
                                    && e.eventId().compareTo(b.eventId()) < 0))
                    .orElse(true))
        .sorted(newestFirst)
        .limit(limit)
        .toList();
  }
}
