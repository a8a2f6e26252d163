package io.footfall.core.people;

import io.footfall.core.Event;
import io.footfall.core.Goal;
import io.footfall.core.query.EventFilterOracle;
import io.footfall.core.query.Filter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Paths computed in plain Java from the events written, straight from docs/metrics.md ("Paths"),
 * sharing no code with the stores' SQL or with {@link PathsResult#of}: each visit's events sorted,
 * named, anchored and collapsed one by one, then counted.
 *
 * <p>It matches the anchor's filters itself, for the dimensions the contract's steps use (event
 * name, page, host name, goal, a custom property, country), with {@code is}, {@code contains},
 * {@code matches} and their negations.
 */
final class PathsOracle {
  private final List<Event> events = new ArrayList<>();

  void written(List<Event> batch) {
    events.addAll(batch);
  }

  /** The answer as the stores must give it. */
  PathsResult paths(PathsQuery q) {
    if (q.segment().isPresent()) {
      // A segment's paths are everyone's paths over the members' events alone.
      CohortOracle cohorts = new CohortOracle();
      cohorts.written(events, List.of());
      PathsOracle members = new PathsOracle();
      members.written(cohorts.eventsOfMembers(q.segment().get()));
      return members.paths(
          new PathsQuery(
              q.siteId(),
              q.from(),
              q.to(),
              q.direction(),
              q.anchor(),
              q.steps(),
              q.events(),
              q.limit(),
              q.goals()));
    }
    Map<Long, List<Event>> visits = new TreeMap<>();
    for (Event e : events) {
      if (e.siteId().equals(q.siteId())
          && !e.timestamp().isBefore(q.from())
          && e.timestamp().isBefore(q.to())
          && (q.events() == PathsQuery.StepEvents.ALL || e.name().equals(Event.PAGEVIEW))) {
        visits.computeIfAbsent(e.sessionId(), k -> new ArrayList<>()).add(e);
      }
    }
    Map<List<String>, Long> counts = new LinkedHashMap<>();
    for (List<Event> visit : visits.values()) {
      visit.sort(Comparator.comparing(Event::timestamp).thenComparing(Event::eventId));
      int anchor = -1;
      for (int i = 0; i < visit.size() && anchor < 0; i++) {
        if (matchesAll(q.anchor().filters(), visit.get(i), q.goals())) {
          anchor = i;
        }
      }
      if (anchor < 0) {
        continue;
      }
      List<String> path = new ArrayList<>();
      if (q.direction() == PathsQuery.Direction.START) {
        for (int i = anchor; i < visit.size() && path.size() <= q.steps(); i++) {
          String name = name(visit.get(i));
          if (path.isEmpty() || !path.getLast().equals(name)) {
            path.add(name);
          }
        }
        while (path.size() > q.steps()) {
          path.removeLast();
        }
      } else {
        for (int i = anchor; i >= 0 && path.size() <= q.steps(); i--) {
          String name = name(visit.get(i));
          if (path.isEmpty() || !path.getFirst().equals(name)) {
            path.addFirst(name);
          }
        }
        while (path.size() > q.steps()) {
          path.removeFirst();
        }
      }
      counts.merge(List.copyOf(path), 1L, Long::sum);
    }

    long total = 0;
    for (long n : counts.values()) {
      total += n;
    }
    List<Map.Entry<List<String>, Long>> sorted = new ArrayList<>(counts.entrySet());
    sorted.sort(
        (a, b) -> {
          if (!a.getValue().equals(b.getValue())) {
            return Long.compare(b.getValue(), a.getValue());
          }
          return compareNames(a.getKey(), b.getKey());
        });
    List<PathsResult.PathCount> top = new ArrayList<>();
    for (int i = 0; i < sorted.size() && i < q.limit(); i++) {
      top.add(new PathsResult.PathCount(sorted.get(i).getKey(), sorted.get(i).getValue()));
    }

    List<PathsResult.PositionCount> positions = new ArrayList<>();
    long before = 0;
    for (int p = 1; p <= q.steps(); p++) {
      long reached = 0;
      for (Map.Entry<List<String>, Long> e : counts.entrySet()) {
        if (e.getKey().size() >= p) {
          reached += e.getValue();
        }
      }
      positions.add(new PathsResult.PositionCount(p, reached, p == 1 ? 0 : before - reached));
      before = reached;
    }

    // Edges: walk each path from the anchor outwards.
    Map<String, long[]> edgeCounts = new HashMap<>();
    Map<String, PathsResult.Edge> edgeKeys = new HashMap<>();
    for (Map.Entry<List<String>, Long> e : counts.entrySet()) {
      List<String> fromAnchor = new ArrayList<>(e.getKey());
      if (q.direction() == PathsQuery.Direction.END) {
        java.util.Collections.reverse(fromAnchor);
      }
      for (int p = 1; p < fromAnchor.size(); p++) {
        PathsResult.Edge edge =
            q.direction() == PathsQuery.Direction.START
                ? new PathsResult.Edge(p, fromAnchor.get(p - 1), p + 1, fromAnchor.get(p), 0)
                : new PathsResult.Edge(p + 1, fromAnchor.get(p), p, fromAnchor.get(p - 1), 0);
        String key = edge.fromPosition() + "\u0001" + edge.from() + "\u0001" + edge.to();
        edgeKeys.put(key, edge);
        edgeCounts.computeIfAbsent(key, k -> new long[1])[0] += e.getValue();
      }
    }
    List<PathsResult.Edge> edges = new ArrayList<>();
    edgeKeys.forEach(
        (key, x) ->
            edges.add(
                new PathsResult.Edge(
                    x.fromPosition(), x.from(), x.toPosition(), x.to(), edgeCounts.get(key)[0])));
    edges.sort(
        (a, b) -> {
          int far = Integer.compare(farther(a), farther(b));
          if (far != 0) {
            return far;
          }
          if (a.visits() != b.visits()) {
            return Long.compare(b.visits(), a.visits());
          }
          int c = a.from().compareTo(b.from());
          return c != 0 ? c : a.to().compareTo(b.to());
        });
    return new PathsResult(total, counts.size(), top, positions, edges);
  }

  private static int farther(PathsResult.Edge e) {
    return Math.max(e.fromPosition(), e.toPosition());
  }

  private static int compareNames(List<String> a, List<String> b) {
    int i = 0;
    while (i < a.size() && i < b.size()) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
      i++;
    }
    return a.size() - b.size();
  }

  private static String name(Event e) {
    if (!e.name().equals(Event.PAGEVIEW)) {
      return e.name();
    }
    return e.page().pathname().isEmpty() ? Filter.NONE : e.page().pathname();
  }

  private static boolean matchesAll(List<Filter> filters, Event e, List<Goal> goals) {
    return EventFilterOracle.matches(e, filters, goals);
  }
}
