package io.footfall.core.people;

import io.footfall.core.Event;
import io.footfall.core.Goal;
import io.footfall.core.query.EventFilterOracle;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Computes {@link Funnels.Result}s in plain Java, straight from docs/metrics.md ("Funnels"): the
 * independent side of {@link FunnelContract}. Nothing is shared with the SQL: events are matched by
 * their fields here, each attempt is walked event by event, the counted attempt is picked by
 * comparing attempts, and the percentiles are read off a sorted list.
 */
final class FunnelOracle {
  private static final Comparator<Event> ORDER =
      Comparator.comparing(Event::timestamp).thenComparing(Event::eventId);

  private final List<Event> events = new ArrayList<>();
  private final List<PersonUpdate> updates = new ArrayList<>();

  void written(List<Event> e, List<PersonUpdate> u) {
    events.addAll(e);
    updates.addAll(u);
  }

  /** An oracle of the segment's members' events only: a segment's funnel is everyone's there. */
  private FunnelOracle members(Funnels.Query q) {
    CohortOracle cohorts = new CohortOracle();
    cohorts.written(events, updates);
    FunnelOracle members = new FunnelOracle();
    members.written(cohorts.eventsOfMembers(q.segment().orElseThrow()), updates);
    return members;
  }

  private static Funnels.Query everyone(Funnels.Query q) {
    return new Funnels.Query(
        q.siteId(),
        q.from(),
        q.to(),
        q.steps(),
        q.goals(),
        q.window(),
        q.unit(),
        q.order(),
        q.exclusions(),
        q.breakdown());
  }

  /** Who reached {@code step} (from 1) and not the next, in user id order, at most limit. */
  List<String> dropped(Funnels.Query q, int step, int limit) {
    if (q.segment().isPresent()) {
      return members(q).dropped(everyone(q), step, limit);
    }
    List<String> out = new ArrayList<>();
    counted(q)
        .forEach(
            (unit, best) -> {
              if (best.times.size() == step) {
                out.add(unit);
              }
            });
    out.sort(Comparator.naturalOrder());
    return out.subList(0, Math.min(limit, out.size()));
  }

  Funnels.Result funnel(Funnels.Query q) {
    if (q.segment().isPresent()) {
      return members(q).funnel(everyone(q));
    }
    Map<String, Attempt> counted = counted(q);
    List<Funnels.Step> steps = steps(q, counted.values());
    List<Funnels.Group> groups = new ArrayList<>();
    for (Funnels.Breakdown b : q.breakdown()) {
      // Each unit in the group of its counted attempt's step-1 event's value, or of the person's
      // current value of the property.
      Map<String, String> current = b.byPerson() ? current(q.siteId(), b.property()) : Map.of();
      Map<String, List<Attempt>> byValue = new HashMap<>();
      counted.forEach(
          (unit, a) -> {
            String value =
                b.dimension().isPresent()
                    ? EventFilterOracle.value(a.start, b.dimension().get())
                    : current.getOrDefault(unit, "");
            byValue
                .computeIfAbsent(value.isEmpty() ? Funnels.NONE : value, v -> new ArrayList<>())
                .add(a);
          });
      List<Funnels.Group> all = new ArrayList<>();
      byValue.forEach((value, attempts) -> all.add(new Funnels.Group(value, steps(q, attempts))));
      all.sort(
          Comparator.comparingLong((Funnels.Group g) -> -g.steps().getFirst().count())
              .thenComparing(
                  (x, y) ->
                      Arrays.compareUnsigned(
                          x.value().getBytes(StandardCharsets.UTF_8),
                          y.value().getBytes(StandardCharsets.UTF_8))));
      groups.addAll(all.subList(0, Math.min(b.limit(), all.size())));
    }
    return new Funnels.Result(q.unit(), steps, groups);
  }

  /**
   * Each person's current text of the property (people without it are left out): their changes of
   * it applied one by one in order of time, then event id, then place in the update; a set sets it,
   * a set once sets it only when it has no value, an unset removes it.
   */
  private Map<String, String> current(String siteId, String key) {
    List<PersonUpdate> said = new ArrayList<>();
    for (PersonUpdate u : updates) {
      if (u.siteId().equals(siteId)) {
        said.add(u);
      }
    }
    said.sort(Comparator.comparing(PersonUpdate::at).thenComparing(PersonUpdate::eventId));
    Map<String, String> json = new HashMap<>();
    for (PersonUpdate u : said) {
      for (PropertyChange c : u.changes()) {
        if (!c.key().equals(key)) {
          continue;
        }
        switch (c.op()) {
          case SET -> json.put(u.userId(), c.valueJson());
          case SET_ONCE -> json.putIfAbsent(u.userId(), c.valueJson());
          case UNSET -> json.remove(u.userId());
        }
      }
    }
    Map<String, String> text = new HashMap<>();
    json.forEach((person, value) -> text.put(person, PropertyChange.text(value)));
    return text;
  }

  /** The step rows over some units' counted attempts. */
  private static List<Funnels.Step> steps(Funnels.Query q, Iterable<Attempt> attempts) {
    int n = q.steps().size();
    long[] counts = new long[n];
    List<List<Long>> gaps = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      gaps.add(new ArrayList<>());
    }
    for (Attempt best : attempts) {
      for (int k = 0; k < best.times.size(); k++) {
        counts[k]++;
        if (k > 0) {
          gaps.get(k).add(ChronoUnit.MICROS.between(best.times.get(k - 1), best.times.get(k)));
        }
      }
    }
    List<Funnels.Step> steps = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      List<Long> g = gaps.get(k);
      g.sort(Comparator.naturalOrder());
      Optional<Funnels.Times> times =
          k == 0 || g.isEmpty()
              ? Optional.empty()
              : Optional.of(
                  new Funnels.Times(
                      Duration.of(g.get((int) Math.ceil(g.size() / 2.0) - 1), ChronoUnit.MICROS),
                      Duration.of(
                          g.get((int) Math.ceil(g.size() * 9 / 10.0) - 1), ChronoUnit.MICROS)));
      steps.add(new Funnels.Step(q.steps().get(k).label(), counts[k], times));
    }
    return steps;
  }

  /** Each unit with an attempt, and its counted attempt. */
  private Map<String, Attempt> counted(Funnels.Query q) {
    // The person of each linked visitor of the site: its first link by time, then event id.
    Map<Long, PersonUpdate> firstLink = new HashMap<>();
    for (PersonUpdate u : updates) {
      if (!u.siteId().equals(q.siteId()) || u.linkedVisitorId() == 0) {
        continue;
      }
      firstLink.merge(
          u.linkedVisitorId(),
          u,
          (a, b) -> {
            int c = a.at().compareTo(b.at());
            if (c == 0) {
              c = a.eventId().compareTo(b.eventId());
            }
            if (c == 0) {
              c = a.userId().compareTo(b.userId());
            }
            return c <= 0 ? a : b;
          });
    }
    Map<String, List<Event>> byUnit = new LinkedHashMap<>();
    for (Event e : events) {
      if (!e.siteId().equals(q.siteId())) {
        continue;
      }
      String unit;
      if (q.unit() == Funnels.Unit.VISIT) {
        unit = Long.toString(e.sessionId());
      } else if (!e.userId().isEmpty()) {
        unit = e.userId();
      } else if (firstLink.containsKey(e.visitorId())) {
        unit = firstLink.get(e.visitorId()).userId();
      } else {
        continue; // nobody's
      }
      byUnit.computeIfAbsent(unit, k -> new ArrayList<>()).add(e);
    }
    Map<String, Attempt> counted = new LinkedHashMap<>();
    for (Map.Entry<String, List<Event>> entry : byUnit.entrySet()) {
      List<Event> unitEvents = entry.getValue();
      unitEvents.sort(ORDER);
      Attempt best = null;
      for (int i = 0; i < unitEvents.size(); i++) {
        Event e = unitEvents.get(i);
        if (e.timestamp().isBefore(q.from())
            || !e.timestamp().isBefore(q.to())
            || !matches(q.steps().getFirst(), e, q.goals())) {
          continue;
        }
        Attempt a = attempt(q, unitEvents, i);
        if (best == null || a.times.size() > best.times.size()) {
          best = a; // a later start replaces only by reaching further
        }
      }
      if (best != null) {
        counted.put(entry.getKey(), best);
      }
    }
    return counted;
  }

  /**
   * An attempt: its step-1 event, and the completion time of each step it reached, step 1 first.
   */
  private record Attempt(Event start, List<Instant> times) {}

  /** Walks the attempt that starts at the unit's event {@code start}. */
  private Attempt attempt(Funnels.Query q, List<Event> unit, int start) {
    Instant begin = unit.get(start).timestamp();
    Instant limit = begin.plus(q.window());
    // Only events after the start, up to its window and before the first exclusion, may serve.
    List<Event> usable = new ArrayList<>();
    for (int i = start + 1; i < unit.size(); i++) {
      Event e = unit.get(i);
      if (e.timestamp().isAfter(limit)) {
        break;
      }
      if (q.exclusions().stream().anyMatch(x -> matches(x, e, q.goals()))) {
        break;
      }
      usable.add(e);
    }
    List<Instant> times = new ArrayList<>();
    times.add(begin);
    switch (q.order()) {
      case ORDERED -> {
        int from = 0;
        for (int k = 1; k < q.steps().size(); k++) {
          int found = -1;
          for (int i = from; i < usable.size() && found < 0; i++) {
            if (matches(q.steps().get(k), usable.get(i), q.goals())) {
              found = i;
            }
          }
          if (found < 0) {
            break;
          }
          times.add(usable.get(found).timestamp());
          from = found + 1;
        }
      }
      case STRICT -> {
        for (int k = 1; k < q.steps().size(); k++) {
          int i = k - 1; // the step's event must be the k-th event after the start
          if (i >= usable.size() || !matches(q.steps().get(k), usable.get(i), q.goals())) {
            break;
          }
          times.add(usable.get(i).timestamp());
        }
      }
      case ANY -> {
        Instant done = begin;
        for (int k = 1; k < q.steps().size(); k++) {
          Instant first = null;
          for (Event e : usable) {
            if (matches(q.steps().get(k), e, q.goals())) {
              first = e.timestamp();
              break;
            }
          }
          if (first == null) {
            break;
          }
          done = first.isAfter(done) ? first : done;
          times.add(done);
        }
      }
    }
    return new Attempt(unit.get(start), times);
  }

  // ------------------------------------------------------------------ matching one event

  private static boolean matches(EventMatch match, Event e, List<Goal> goals) {
    return EventFilterOracle.matches(e, match.filters(), goals);
  }
}
