package io.footfall.core.people;

import io.footfall.core.Goal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A paths report: the sequences of steps that visits took from a start step, or took to reach an
 * end step, inside a time range of one site (docs/metrics.md, "Paths").
 *
 * <p>A visit's <b>sequence</b> is its events in {@code [from, to)} in order of time, then event id,
 * keeping only page views when {@link StepEvents#PAGEVIEWS}; each event is named by its page path
 * when it is a page view ({@code (none)} for an empty path) and by its event name otherwise. The
 * <b>anchor</b> is the visit's first event of the sequence that matches {@link #anchor}. The
 * visit's path is the anchor's name and, for {@link Direction#START}, the names after it, for
 * {@link Direction#END} the names before it, with consecutive repeats of a name collapsed into one,
 * at most {@link #steps} names including the anchor's. Visits without an anchor have no path.
 *
 * @param siteId the site
 * @param from the range's start, inclusive
 * @param to the range's end, exclusive
 * @param direction whether the anchor starts or ends the paths
 * @param anchor the step that starts (ends) every path
 * @param steps the most names in a path, the anchor's included, 2 to {@value #MAX_STEPS}
 * @param events which events are steps
 * @param limit the most paths in the answer, 1 to {@value #MAX_LIMIT}
 * @param goals the site's goals, which the anchor's goal conditions name
 * @param segment when present, only the events of this cohort's members count (docs/metrics.md,
 *     "Cohorts")
 */
public record PathsQuery(
    String siteId,
    Instant from,
    Instant to,
    Direction direction,
    EventMatch anchor,
    int steps,
    StepEvents events,
    int limit,
    List<Goal> goals,
    java.util.Optional<Segment> segment) {

  /** Paths of everyone's visits. */
  public PathsQuery(
      String siteId,
      Instant from,
      Instant to,
      Direction direction,
      EventMatch anchor,
      int steps,
      StepEvents events,
      int limit,
      List<Goal> goals) {
    this(
        siteId,
        from,
        to,
        direction,
        anchor,
        steps,
        events,
        limit,
        goals,
        java.util.Optional.empty());
  }

  /** The same query over the segment's members' events only. */
  public PathsQuery withSegment(Segment s) {
    return new PathsQuery(
        siteId, from, to, direction, anchor, steps, events, limit, goals, java.util.Optional.of(s));
  }

  /** The most names in a path. */
  public static final int MAX_STEPS = 10;

  /** The most paths in an answer. */
  public static final int MAX_LIMIT = 1000;

  /** Whether the anchor is the first or the last name of the paths. */
  public enum Direction {
    /** The anchor and what followed it. */
    START,
    /** What led to the anchor, and the anchor. */
    END
  }

  /** Which events are steps. */
  public enum StepEvents {
    /** Page views only, named by their path. */
    PAGEVIEWS,
    /** Every event: page views by their path, other events by their name. */
    ALL
  }

  public PathsQuery {
    Objects.requireNonNull(siteId, "siteId");
    Objects.requireNonNull(segment, "segment");
    if (segment.isPresent() && !segment.get().siteId().equals(siteId)) {
      throw new IllegalArgumentException(
          "the segment is of site " + segment.get().siteId() + ", not " + siteId);
    }
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(anchor, "anchor");
    Objects.requireNonNull(events, "events");
    goals = List.copyOf(Objects.requireNonNull(goals, "goals"));
    if (steps < 2 || steps > MAX_STEPS) {
      throw new IllegalArgumentException("steps must be 2 to " + MAX_STEPS + ", was " + steps);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
    }
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("the range ends before it starts: " + from + " " + to);
    }
  }
}
