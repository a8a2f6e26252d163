package io.footfall.core.people;

import io.footfall.core.Event;
import io.footfall.core.query.EventFilterOracle;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is in a cohort, computed in plain Java from everything written, sharing no code with any
 * store: docs/metrics.md "Cohorts" written out once more over lists of events and updates. Event
 * steps match through the test jar's one {@link EventFilterOracle}.
 */
public final class CohortOracle {
  private final List<Event> events = new ArrayList<>();
  private final List<PersonUpdate> updates = new ArrayList<>();

  /** Remembers what a store was given. */
  public void written(List<Event> batchEvents, List<PersonUpdate> batchUpdates) {
    events.addAll(batchEvents);
    updates.addAll(batchUpdates);
  }

  /**
   * The site's events (at any time) of the segment's members at its instant: what a report filtered
   * by the segment counts.
   */
  public List<Event> eventsOfMembers(Segment s) {
    Set<String> members = members(s);
    Map<Long, PersonUpdate> firstLinks = firstLinks(s.siteId());
    List<Event> out = new ArrayList<>();
    for (Event e : events) {
      if (!e.siteId().equals(s.siteId())) {
        continue;
      }
      PersonUpdate link = firstLinks.get(e.visitorId());
      String person = !e.userId().isEmpty() ? e.userId() : link == null ? "" : link.userId();
      if (members.contains(person)) {
        out.add(e);
      }
    }
    return out;
  }

  /** Each visitor's first link (time, then event id), whenever it happened: a link reaches back. */
  private Map<Long, PersonUpdate> firstLinks(String siteId) {
    Map<Long, PersonUpdate> firstLinks = new HashMap<>();
    for (PersonUpdate u : updates) {
      if (u.siteId().equals(siteId) && u.linkedVisitorId() != 0) {
        firstLinks.merge(u.linkedVisitorId(), u, (a, b) -> earlier(a, b) <= 0 ? a : b);
      }
    }
    return firstLinks;
  }

  /** The members of the segment at its instant, in user id order. */
  public Set<String> members(Segment s) {
    Map<Long, PersonUpdate> firstLinks = firstLinks(s.siteId());
    Map<String, List<Event>> theirs = new HashMap<>();
    Map<String, Instant> firstSeen = new HashMap<>();
    for (Event e : events) {
      if (!e.siteId().equals(s.siteId()) || !e.timestamp().isBefore(s.at())) {
        continue;
      }
      String person = e.userId();
      if (person.isEmpty()) {
        PersonUpdate link = firstLinks.get(e.visitorId());
        if (link == null) {
          continue;
        }
        person = link.userId();
      }
      theirs.computeIfAbsent(person, p -> new ArrayList<>()).add(e);
      firstSeen.merge(person, e.timestamp(), (a, b) -> a.isBefore(b) ? a : b);
    }
    Map<String, List<PersonUpdate>> said = new HashMap<>();
    for (PersonUpdate u : updates) {
      if (u.siteId().equals(s.siteId()) && u.at().isBefore(s.at())) {
        said.computeIfAbsent(u.userId(), p -> new ArrayList<>()).add(u);
        firstSeen.merge(u.userId(), u.at(), (a, b) -> a.isBefore(b) ? a : b);
      }
    }
    Set<String> members = new TreeSet<>();
    for (Map.Entry<String, Instant> person : firstSeen.entrySet()) {
      String id = person.getKey();
      List<Event> own = theirs.getOrDefault(id, List.of());
      List<PersonUpdate> changes = said.getOrDefault(id, List.of());
      boolean all = true;
      for (Segment.Condition c : s.conditions()) {
        all &= holds(c, s, id, person.getValue(), own, changes);
      }
      if (all) {
        members.add(id);
      }
    }
    return members;
  }

  private static boolean holds(
      Segment.Condition c,
      Segment s,
      String id,
      Instant firstSeen,
      List<Event> own,
      List<PersonUpdate> changes) {
    return switch (c) {
      case Segment.Performed p -> count(own, p.match(), s, s.windowStart(p.days())) >= p.times();
      case Segment.NotPerformed n -> count(own, n.match(), s, s.windowStart(n.days())) == 0;
      case Segment.FirstSeen f -> {
        LocalDate day = LocalDate.ofInstant(firstSeen, s.zone());
        yield !day.isBefore(f.from()) && !day.isAfter(f.to());
      }
      case Segment.FirstSource f -> {
        String source =
            own.stream()
                .min(Comparator.comparing(Event::timestamp).thenComparing(Event::eventId))
                .map(e -> e.page().source())
                .filter(v -> !v.isEmpty())
                .orElse("(none)");
        yield f.values().contains(source);
      }
      case Segment.UserIds u -> new HashSet<>(u.userIds()).contains(id);
      case Segment.PersonProperty p -> {
        Optional<String> value = value(changes, p.key());
        boolean any = false;
        for (String v : p.values()) {
          any |=
              value.isPresent()
                  && switch (p.op()) {
                    case IS, IS_NOT -> value.get().equals(v);
                    case CONTAINS, DOES_NOT_CONTAIN -> value.get().contains(v);
                  };
        }
        yield any != p.op().negated();
      }
    };
  }

  private static long count(List<Event> own, EventMatch match, Segment s, Instant from) {
    return own.stream()
        .filter(e -> !e.timestamp().isBefore(from))
        .filter(e -> EventFilterOracle.matches(e, match.filters(), s.goals()))
        .count();
  }

  /** The property's text after the person's changes (before the instant), in their order. */
  private static Optional<String> value(List<PersonUpdate> changes, String key) {
    List<PersonUpdate> ordered = new ArrayList<>(changes);
    ordered.sort(CohortOracle::earlier);
    String json = null;
    for (PersonUpdate u : ordered) {
      for (PropertyChange c : u.changes()) {
        if (!c.key().equals(key)) {
          continue;
        }
        switch (c.op()) {
          case SET -> json = c.valueJson();
          case SET_ONCE -> json = json == null ? c.valueJson() : json;
          case UNSET -> json = null;
        }
      }
    }
    return Optional.ofNullable(json).map(PropertyChange::text);
  }

  private static int earlier(PersonUpdate a, PersonUpdate b) {
    int c = a.at().compareTo(b.at());
    return c != 0 ? c : a.eventId().compareTo(b.eventId());
  }
}
