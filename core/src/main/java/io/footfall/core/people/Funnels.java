package io.footfall.core.people;

import io.footfall.core.Goal;
import io.footfall.core.query.Dimension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Funnels over a site's events: how many people (or visits) who did step 1 went on to do step 2,
 * then step 3, and so on, within a time window. docs/metrics.md ("Funnels") defines every count; in
 * short:
 *
 * <ul>
 *   <li>Events of a unit are ordered by time, then event id (so no two are simultaneous).
 *   <li>An <b>attempt</b> starts at each step-1 event in {@code [from, to)}. Later steps count when
 *       they come after the start in that order and at most {@link Query#window()} after it
 *       (inclusive), even after {@code to}.
 *   <li>{@link Order#ORDERED}: each step is the earliest event matching it after the previous
 *       step's event; other events may come between. {@link Order#STRICT}: each step is the very
 *       next event of the unit after the previous step's. {@link Order#ANY}: steps 2.. are reached
 *       in any order after the start; step k is reached when steps 2 to k each have a matching
 *       event (one event may serve several steps).
 *   <li>An <b>exclusion</b> event after the start ends the attempt: only steps before it count.
 *   <li>Per unit, the attempt reaching the furthest step counts (ties: the earliest start); its
 *       times are the unit's conversion times.
 *   <li>With a {@link Breakdown}, each unit also counts in the group of its counted attempt's
 *       value: the dimension's value on that attempt's step-1 event ({@code (none)} when absent),
 *       or for a split by a person property the person's current value ({@code (none)} for people
 *       without it or with an empty text). {@link Result#groups()} holds the groups with most units
 *       at step 1 (ties: the value in byte order of its UTF-8), at most {@link Breakdown#limit()}.
 * </ul>
 */
public interface Funnels {

  /** The most steps of a funnel. */
  int MAX_STEPS = 10;

  /** The fewest steps of a funnel. */
  int MIN_STEPS = 2;

  /** The most exclusions of a funnel. */
  int MAX_EXCLUSIONS = 5;

  /** The most groups a breakdown may ask for. */
  int MAX_GROUPS = 100;

  /** The groups of a breakdown when the request names no limit. */
  int DEFAULT_GROUPS = 25;

  /** The value of a group whose units' step-1 event has no value for the dimension. */
  String NONE = io.footfall.core.query.Filter.NONE;

  /** The longest conversion window: 90 days. */
  Duration MAX_WINDOW = Duration.ofDays(90);

  /**
   * Computes the funnel.
   *
   * @throws io.footfall.core.query.QueryFailedException if the store refuses a step's filter (a
   *     pattern its engine cannot compile)
   */
  Result funnel(Query query);

  /** The most people {@link #dropped} lists. */
  int MAX_DROPPED = 1000;

  /**
   * The people of a funnel of people who reached step {@code step} (from 1) and not the next one,
   * in user id order (as stored), at most {@code limit}: those whose counted attempt (see {@link
   * Funnels}) stopped there.
   *
   * @param step 1 to the number of steps minus 1
   * @param limit 1 to {@link #MAX_DROPPED}
   * @throws IllegalArgumentException for a funnel of visits, or a step or limit out of range
   */
  List<String> dropped(Query query, int step, int limit);

  /** Checks the arguments of {@link #dropped}. */
  static void checkDropped(Query query, int step, int limit) {
    if (query.unit() != Unit.PERSON) {
      throw new IllegalArgumentException("only a funnel of people lists who dropped");
    }
    if (step < 1 || step >= query.steps().size()) {
      throw new IllegalArgumentException(
          "people drop after step 1 to " + (query.steps().size() - 1) + ", not " + step);
    }
    if (limit < 1 || limit > MAX_DROPPED) {
      throw new IllegalArgumentException(
          "a list of who dropped has 1 to " + MAX_DROPPED + " people, not " + limit);
    }
  }

  /** Whose progress a funnel counts. */
  enum Unit {
    /** A person: their user id's events and those of visitors linked to them. */
    PERSON,
    /** A visit ({@code session_id}): works on cookieless sites, which have no people. */
    VISIT
  }

  /** How the steps after the first must follow each other. */
  enum Order {
    /** Each step after the previous one, other events between allowed. */
    ORDERED,
    /** Each step the very next event of the unit after the previous step. */
    STRICT,
    /** Steps 2 and on in any order after step 1. */
    ANY
  }

  /**
   * What a funnel's units are grouped by, besides the whole funnel: either a dimension of one
   * event, read on the step-1 event of each unit's counted attempt, or (funnels of people only) a
   * person property, the person's current value (the fold of their set, set once and unset changes,
   * see docs/metrics.md "Person"). Only dimensions with one value per event qualify: every {@code
   * event:} dimension but goals, and every visit attribute but the entry and exit pages (which are
   * the visit's, not the event's); no time buckets.
   *
   * @param dimension the dimension; empty for a split by a person property
   * @param property the person property's name; empty for a split by a dimension
   * @param limit how many groups to answer, 1 to {@link #MAX_GROUPS}: those with most units at step
   *     1, ties by value
   */
  record Breakdown(Optional<Dimension> dimension, String property, int limit) {
    /** A split by the dimension's value on the counted attempt's step-1 event. */
    public Breakdown(Dimension dimension, int limit) {
      this(Optional.of(Objects.requireNonNull(dimension, "dimension")), "", limit);
    }

    /** A split of a funnel of people by the person's current value of the property. */
    public static Breakdown byPersonProperty(String property, int limit) {
      return new Breakdown(Optional.empty(), property, limit);
    }

    public Breakdown {
      Objects.requireNonNull(dimension, "dimension");
      Objects.requireNonNull(property, "property");
      if (dimension.isPresent() == !property.isEmpty()) {
        throw new IllegalArgumentException(
            "a breakdown names a dimension or a person property, exactly one of them");
      }
      if (property.length() > 256) {
        throw new IllegalArgumentException("a person property's name has 1 to 256 characters");
      }
      if (dimension.isPresent() && !supports(dimension.get())) {
        throw new IllegalArgumentException(
            dimension.get().apiName()
                + " has no single value on one event; a funnel cannot split by it");
      }
      if (limit < 1 || limit > MAX_GROUPS) {
        throw new IllegalArgumentException(
            "a breakdown has 1 to " + MAX_GROUPS + " groups, not " + limit);
      }
    }

    /** Whether the split is by a person property rather than by a dimension of the event. */
    public boolean byPerson() {
      return dimension.isEmpty();
    }

    /** The breakdown as the API names it: the dimension's name, or {@code property:<name>}. */
    public String apiName() {
      return dimension.map(Dimension::apiName).orElse(PERSON_PROPERTY + property);
    }

    /** Whether a funnel may be split by the dimension. */
    public static boolean supports(Dimension d) {
      return switch (d.kind()) {
        case GOAL, ENTRY_PAGE, EXIT_PAGE -> false;
        default -> !d.isTime();
      };
    }
  }

  /** How the API names a split by a person property: this prefix, then the property's name. */
  String PERSON_PROPERTY = "property:";

  /**
   * A funnel to compute.
   *
   * @param siteId the site
   * @param from the first instant at which an attempt may start, inclusive
   * @param to the end of the range for starts, exclusive (later steps may be up to {@code window}
   *     after it)
   * @param steps the steps, 2 to {@link #MAX_STEPS}
   * @param goals the site's goals, which the steps' goal conditions name
   * @param window how long after the step-1 event the other steps may happen, 1 second to {@link
   *     #MAX_WINDOW}, whole seconds
   * @param unit whose progress is counted
   * @param order how steps must follow each other
   * @param exclusions events that end an attempt, at most {@link #MAX_EXCLUSIONS}
   * @param segment when present, only the events of this cohort's members count (docs/metrics.md,
   *     "Cohorts")
   * @param breakdown the groups to split units into besides the whole funnel; none when empty (a
   *     list of at most one)
   */
  record Query(
      String siteId,
      Instant from,
      Instant to,
      List<EventMatch> steps,
      List<Goal> goals,
      Duration window,
      Unit unit,
      Order order,
      List<EventMatch> exclusions,
      Optional<Segment> segment,
      List<Breakdown> breakdown) {
    /** A funnel of everyone's events, without breakdown. */
    public Query(
        String siteId,
        Instant from,
        Instant to,
        List<EventMatch> steps,
        List<Goal> goals,
        Duration window,
        Unit unit,
        Order order,
        List<EventMatch> exclusions) {
      this(siteId, from, to, steps, goals, window, unit, order, exclusions, List.of());
    }

    /** A funnel of everyone's events, split by {@code breakdown} (empty or one). */
    public Query(
        String siteId,
        Instant from,
        Instant to,
        List<EventMatch> steps,
        List<Goal> goals,
        Duration window,
        Unit unit,
        Order order,
        List<EventMatch> exclusions,
        List<Breakdown> breakdown) {
      this(
          siteId,
          from,
          to,
          steps,
          goals,
          window,
          unit,
          order,
          exclusions,
          Optional.empty(),
          breakdown);
    }

    /** The same funnel over the segment's members' events only. */
    public Query withSegment(Segment s) {
      return new Query(
          siteId,
          from,
          to,
          steps,
          goals,
          window,
          unit,
          order,
          exclusions,
          Optional.of(s),
          breakdown);
    }

    public Query {
      Objects.requireNonNull(segment, "segment");
      if (segment.isPresent() && !segment.get().siteId().equals(siteId)) {
        throw new IllegalArgumentException(
            "the segment is of site " + segment.get().siteId() + ", not " + siteId);
      }
      Objects.requireNonNull(siteId, "siteId");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(window, "window");
      Objects.requireNonNull(unit, "unit");
      Objects.requireNonNull(order, "order");
      steps = List.copyOf(steps);
      goals = List.copyOf(goals);
      exclusions = List.copyOf(exclusions);
      breakdown = List.copyOf(breakdown);
      if (breakdown.size() > 1) {
        throw new IllegalArgumentException(
            "a funnel has at most one breakdown, not " + breakdown.size());
      }
      if (unit != Unit.PERSON && breakdown.stream().anyMatch(Breakdown::byPerson)) {
        throw new IllegalArgumentException(
            "only a funnel of people splits by a person property: a visit has no person");
      }
      if (!from.isBefore(to)) {
        throw new IllegalArgumentException("from " + from + " must be before to " + to);
      }
      if (steps.size() < MIN_STEPS || steps.size() > MAX_STEPS) {
        throw new IllegalArgumentException(
            "a funnel has " + MIN_STEPS + " to " + MAX_STEPS + " steps, not " + steps.size());
      }
      if (exclusions.size() > MAX_EXCLUSIONS) {
        throw new IllegalArgumentException(
            "a funnel has at most " + MAX_EXCLUSIONS + " exclusions, not " + exclusions.size());
      }
      if (window.compareTo(Duration.ofSeconds(1)) < 0
          || window.compareTo(MAX_WINDOW) > 0
          || !window.equals(Duration.ofSeconds(window.toSeconds()))) {
        throw new IllegalArgumentException(
            "a funnel's window is 1 to "
                + MAX_WINDOW.toSeconds()
                + " whole seconds, not "
                + window);
      }
    }
  }

  /**
   * A computed funnel.
   *
   * @param unit whose progress was counted
   * @param steps one per step of the query, in order
   * @param groups with a breakdown, its groups with units, most units at step 1 first (ties: value
   *     in UTF-8 byte order), at most the breakdown's limit; empty without a breakdown
   */
  record Result(Unit unit, List<Step> steps, List<Group> groups) {
    /** A funnel without breakdown. */
    public Result(Unit unit, List<Step> steps) {
      this(unit, steps, List.of());
    }

    public Result {
      Objects.requireNonNull(unit, "unit");
      steps = List.copyOf(steps);
      groups = List.copyOf(groups);
    }

    /** How many units reached step {@code index} (from 0) and not the next; 0 for the last step. */
    public long droppedAfter(int index) {
      return Funnels.droppedAfter(steps, index);
    }

    /** The share of the units that reached step 1 that reached step {@code index} (from 0). */
    public double conversionFromFirst(int index) {
      return Funnels.conversionFromFirst(steps, index);
    }

    /** The share of the units that reached the step before {@code index} that reached it. */
    public double conversionFromPrevious(int index) {
      return Funnels.conversionFromPrevious(steps, index);
    }
  }

  /**
   * The units of one breakdown value: the same steps as the whole funnel, over the units whose
   * counted attempt's step-1 event has this value (for a split by a person property, the people
   * whose current value of it this is).
   *
   * @param value the dimension's (or person property's) value, {@link #NONE} when absent
   * @param steps one per step of the query, in order
   */
  record Group(String value, List<Step> steps) {
    public Group {
      Objects.requireNonNull(value, "value");
      steps = List.copyOf(steps);
    }

    /** As {@link Result#droppedAfter}, within the group. */
    public long droppedAfter(int index) {
      return Funnels.droppedAfter(steps, index);
    }

    /** As {@link Result#conversionFromFirst}, within the group. */
    public double conversionFromFirst(int index) {
      return Funnels.conversionFromFirst(steps, index);
    }

    /** As {@link Result#conversionFromPrevious}, within the group. */
    public double conversionFromPrevious(int index) {
      return Funnels.conversionFromPrevious(steps, index);
    }
  }

  private static long droppedAfter(List<Step> steps, int index) {
    return index + 1 < steps.size() ? steps.get(index).count() - steps.get(index + 1).count() : 0;
  }

  private static double conversionFromFirst(List<Step> steps, int index) {
    long first = steps.getFirst().count();
    return first == 0 ? 0 : (double) steps.get(index).count() / first;
  }

  private static double conversionFromPrevious(List<Step> steps, int index) {
    if (index == 0) {
      return steps.getFirst().count() == 0 ? 0 : 1;
    }
    long previous = steps.get(index - 1).count();
    return previous == 0 ? 0 : (double) steps.get(index).count() / previous;
  }

  /**
   * One step of a computed funnel.
   *
   * @param label the step's label
   * @param count how many units reached it (their counted attempt did)
   * @param fromPrevious for steps after the first that some unit reached, the time from the
   *     previous step to this one over those units; empty otherwise
   */
  record Step(String label, long count, Optional<Times> fromPrevious) {
    public Step {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(fromPrevious, "fromPrevious");
      if (count < 0) {
        throw new IllegalArgumentException("a count is not negative, was " + count);
      }
    }
  }

  /**
   * How long units took between two steps, by the nearest rank: of the n times in ascending order,
   * the median is the {@code ceil(n/2)}-th and the 90th percentile the {@code ceil(9n/10)}-th.
   */
  record Times(Duration median, Duration p90) {
    public Times {
      Objects.requireNonNull(median, "median");
      Objects.requireNonNull(p90, "p90");
    }
  }
}
