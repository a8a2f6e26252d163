package io.footfall.core.people;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The answer to a {@link PathsQuery}. Positions are counted from the anchor: position 1 is the
 * anchor, position 2 the name right after it ({@link PathsQuery.Direction#START}) or right before
 * it ({@link PathsQuery.Direction#END}), and so on.
 *
 * @param visits the visits with a path (an anchor in the range)
 * @param distinctPaths how many different paths they took (the answer lists at most the query's
 *     limit of them)
 * @param paths the most common paths, most visits first, then by path ({@link #PATH_ORDER})
 * @param positions for each position 1 to the query's steps, how many visits reached it and how
 *     many dropped off before it
 * @param edges every pair of neighbouring names in the paths, with how many visits went from one to
 *     the other, for a flow view: nearest the anchor first, then most visits first, then by names
 */
public record PathsResult(
    long visits,
    long distinctPaths,
    List<PathCount> paths,
    List<PositionCount> positions,
    List<Edge> edges) {

  /**
   * The order of paths of equal counts: name by name ({@link String#compareTo}), a path before the
   * longer paths it begins.
   */
  public static final Comparator<List<String>> PATH_ORDER =
      (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
          int c = a.get(i).compareTo(b.get(i));
          if (c != 0) {
            return c;
          }
        }
        return Integer.compare(a.size(), b.size());
      };

  public PathsResult {
    paths = List.copyOf(paths);
    positions = List.copyOf(positions);
    edges = List.copyOf(edges);
  }

  /**
   * A path and its visits.
   *
   * @param steps the names in order of time (for an end anchor, the anchor's name is the last)
   */
  public record PathCount(List<String> steps, long visits) {
    public PathCount {
      steps = List.copyOf(steps);
    }
  }

  /**
   * A position's visits.
   *
   * @param position 1 for the anchor
   * @param visits the visits whose path has a name at this position
   * @param dropOff the visits whose path has a name at the position before and none at this one (0
   *     at position 1)
   */
  public record PositionCount(int position, long visits, long dropOff) {}

  /**
   * Visits that went from one name to the next, in order of time: for a start anchor from position
   * i to i + 1, for an end anchor from position i + 1 to i.
   */
  public record Edge(int fromPosition, String from, int toPosition, String to, long visits) {
    public Edge {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }
  }

  /**
   * The answer from every distinct path of the query's visits (names in order of time) with its
   * visits, as a store counts them.
   */
  public static PathsResult of(PathsQuery query, Map<List<String>, Long> counts) {
    long total = 0;
    long[] reached = new long[query.steps() + 2];
    Map<Edge, Long> edgeVisits = new HashMap<>();
    boolean start = query.direction() == PathsQuery.Direction.START;
    for (Map.Entry<List<String>, Long> e : counts.entrySet()) {
      List<String> path = e.getKey();
      long n = e.getValue();
      if (path.isEmpty() || path.size() > query.steps()) {
        throw new IllegalArgumentException("a path of " + path.size() + " names: " + path);
      }
      total += n;
      for (int p = 1; p <= path.size(); p++) {
        reached[p] += n;
      }
      for (int i = 0; i + 1 < path.size(); i++) {
        // Positions of path.get(i) and path.get(i + 1), counted from the anchor.
        int a = start ? i + 1 : path.size() - i;
        int b = start ? i + 2 : path.size() - i - 1;
        edgeVisits.merge(new Edge(a, path.get(i), b, path.get(i + 1), 0), n, Long::sum);
      }
    }
    List<PathCount> all = new ArrayList<>();
    counts.forEach((p, n) -> all.add(new PathCount(p, n)));
    all.sort(
        Comparator.comparingLong(PathCount::visits)
            .reversed()
            .thenComparing(PathCount::steps, PATH_ORDER));
    List<PositionCount> positions = new ArrayList<>();
    for (int p = 1; p <= query.steps(); p++) {
      positions.add(new PositionCount(p, reached[p], p == 1 ? 0 : reached[p - 1] - reached[p]));
    }
    List<Edge> edges = new ArrayList<>();
    edgeVisits.forEach(
        (k, n) -> edges.add(new Edge(k.fromPosition(), k.from(), k.toPosition(), k.to(), n)));
    edges.sort(
        Comparator.comparingInt((Edge x) -> Math.max(x.fromPosition(), x.toPosition()))
            .thenComparing(Comparator.comparingLong(Edge::visits).reversed())
            .thenComparing(Edge::from)
            .thenComparing(Edge::to));
    return new PathsResult(
        total, all.size(), all.subList(0, Math.min(query.limit(), all.size())), positions, edges);
  }
}
