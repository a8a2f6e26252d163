package io.footfall.core.people;

import io.footfall.core.Goal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Retention of a site's people (docs/metrics.md, "Retention"): the people whose first start event
 * in the range falls in a period form that period's cohort; a cohort's period {@code k} counts
 * those of them with a return event in the k-th period after it ({@link Mode#ON}), or in it or a
 * later one up to the last ({@link Mode#ON_OR_AFTER}). Periods are the site's local days, ISO weeks
 * (Monday first) or months. The unit is the person: an event's user id, else its visitor's linked
 * user; events of no person count for nothing.
 */
public final class Retention {
  /** The most periods after the cohort's own a query may ask for. */
  public static final int MAX_PERIODS = 60;

  /** The most cohort periods a range may touch. */
  public static final int MAX_COHORTS = 400;

  private Retention() {}

  /** The length of a cohort and of each later period. */
  public enum Period {
    DAY,
    WEEK,
    MONTH;

    public String apiName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The first day of the period holding the date. */
    public LocalDate startOf(LocalDate date) {
      return switch (this) {
        case DAY -> date;
        case WEEK -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        case MONTH -> date.withDayOfMonth(1);
      };
    }

    /** The first day of the period {@code k} periods after the one starting on {@code start}. */
    public LocalDate plus(LocalDate start, long k) {
      return switch (this) {
        case DAY -> start.plusDays(k);
        case WEEK -> start.plusWeeks(k);
        case MONTH -> start.plusMonths(k);
      };
    }

    /** How many periods lie from the one starting on {@code a} to the one starting on {@code b}. */
    public long between(LocalDate a, LocalDate b) {
      return switch (this) {
        case DAY -> ChronoUnit.DAYS.between(a, b);
        case WEEK -> ChronoUnit.WEEKS.between(a, b);
        case MONTH -> ChronoUnit.MONTHS.between(a, b);
      };
    }
  }

  /** How cohorts are split. */
  public enum Breakdown {
    /** One cohort per period. */
    NONE,
    /**
     * One cohort per period and source: the {@code visit:source} of the person's first start event
     * in the range (by time, then event id); {@code (none)} for none.
     */
    SOURCE,
    /**
     * One cohort per period and value of a person property ({@link Query#property}): its current
     * text (a string without quotes, a number or boolean as written); {@code (none)} for people
     * without it (or with an empty text).
     */
    PROPERTY;

    public String apiName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Which returns count in a cohort's period {@code k}. */
  public enum Mode {
    /** A return in period {@code k} itself. */
    ON,
    /** A return in period {@code k} or any later one up to the query's last. */
    ON_OR_AFTER;

    public String apiName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A retention query.
   *
   * @param siteId the site
   * @param from the range's first instant: start events at or after it begin cohorts
   * @param to the range's end, exclusive: start events before it begin cohorts (returns may lie
   *     after it)
   * @param zone the site's time zone, whose local dates make the periods
   * @param start which events begin a person's cohort (the first of them in the range)
   * @param returning which events are returns
   * @param period the length of each period
   * @param periods how many periods after the cohort's own, 1 to {@link #MAX_PERIODS}
   * @param mode how returns count
   * @param goals the site's goals, which the steps' goal conditions name
   * @param now the time of the question: a period not yet over is incomplete
   * @param breakdown how cohorts are split
   * @param property the person property of a {@link Breakdown#PROPERTY} breakdown, else empty
   * @param segment when present, only the events of this cohort's members count (docs/metrics.md,
   *     "Cohorts")
   */
  public record Query(
      String siteId,
      Instant from,
      Instant to,
      ZoneId zone,
      EventMatch start,
      EventMatch returning,
      Period period,
      int periods,
      Mode mode,
      List<Goal> goals,
      Instant now,
      Breakdown breakdown,
      String property,
      java.util.Optional<Segment> segment) {
    /** A query of everyone's events. */
    public Query(
        String siteId,
        Instant from,
        Instant to,
        ZoneId zone,
        EventMatch start,
        EventMatch returning,
        Period period,
        int periods,
        Mode mode,
        List<Goal> goals,
        Instant now,
        Breakdown breakdown,
        String property) {
      this(
          siteId,
          from,
          to,
          zone,
          start,
          returning,
          period,
          periods,
          mode,
          goals,
          now,
          breakdown,
          property,
          java.util.Optional.empty());
    }

    /** The same query of the segment's members' events only. */
    public Query withSegment(Segment s) {
      return new Query(
          siteId,
          from,
          to,
          zone,
          start,
          returning,
          period,
          periods,
          mode,
          goals,
          now,
          breakdown,
          property,
          java.util.Optional.of(s));
    }

    /** A query without breakdown by property. */
    public Query(
        String siteId,
        Instant from,
        Instant to,
        ZoneId zone,
        EventMatch start,
        EventMatch returning,
        Period period,
        int periods,
        Mode mode,
        List<Goal> goals,
        Instant now,
        Breakdown breakdown) {
      this(
          siteId, from, to, zone, start, returning, period, periods, mode, goals, now, breakdown,
          "");
    }

    /** A query without breakdown. */
    public Query(
        String siteId,
        Instant from,
        Instant to,
        ZoneId zone,
        EventMatch start,
        EventMatch returning,
        Period period,
        int periods,
        Mode mode,
        List<Goal> goals,
        Instant now) {
      this(
          siteId,
          from,
          to,
          zone,
          start,
          returning,
          period,
          periods,
          mode,
          goals,
          now,
          Breakdown.NONE);
    }

    public Query {
      Objects.requireNonNull(siteId, "siteId");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(zone, "zone");
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(returning, "returning");
      Objects.requireNonNull(period, "period");
      Objects.requireNonNull(mode, "mode");
      goals = List.copyOf(Objects.requireNonNull(goals, "goals"));
      Objects.requireNonNull(now, "now");
      Objects.requireNonNull(breakdown, "breakdown");
      Objects.requireNonNull(property, "property");
      Objects.requireNonNull(segment, "segment");
      if (segment.isPresent() && !segment.get().siteId().equals(siteId)) {
        throw new IllegalArgumentException(
            "the segment is of site " + segment.get().siteId() + ", not " + siteId);
      }
      if ((breakdown == Breakdown.PROPERTY) == property.isEmpty()) {
        throw new IllegalArgumentException(
            "a property is named by a breakdown by property, and only by it");
      }
      if (!from.isBefore(to)) {
        throw new IllegalArgumentException("the range must end after it starts");
      }
      if (periods < 1 || periods > MAX_PERIODS) {
        throw new IllegalArgumentException(
            "periods must be 1 to " + MAX_PERIODS + ", was " + periods);
      }
      long cohorts = cohortPeriods(from, to, zone, period);
      if (cohorts > MAX_COHORTS) {
        throw new IllegalArgumentException(
            "the range touches "
                + cohorts
                + " "
                + period.apiName()
                + "s; at most "
                + MAX_COHORTS
                + " cohorts");
      }
    }

    /** The local date of an instant in the query's zone. */
    public LocalDate date(Instant t) {
      return LocalDate.ofInstant(t, zone);
    }

    /** The instant a local date begins in the query's zone (after a gap, at its end). */
    public Instant startOf(LocalDate date) {
      return date.atStartOfDay(zone).toInstant();
    }

    /** The first day of the first cohort period: the period holding {@code from}. */
    public LocalDate firstCohort() {
      return period.startOf(date(from));
    }

    /** The first day of the last cohort period: the period holding the range's last instant. */
    public LocalDate lastCohort() {
      return period.startOf(date(to.minusNanos(1)));
    }

    /** The end of the last period any cohort counts: returns at or after it never count. */
    public Instant horizon() {
      return startOf(period.plus(lastCohort(), periods + 1L));
    }
  }

  /** How many cohort periods the range touches. */
  public static long cohortPeriods(Instant from, Instant to, ZoneId zone, Period period) {
    LocalDate first = period.startOf(LocalDate.ofInstant(from, zone));
    LocalDate last = period.startOf(LocalDate.ofInstant(to.minusNanos(1), zone));
    return period.between(first, last) + 1;
  }

  /**
   * One value of a cohort.
   *
   * @param people the cohort's people counted in the period (period 0: all of them)
   * @param complete whether the value is final: every period it depends on has ended by the query's
   *     {@code now} (for {@link Mode#ON}, the period itself; for {@link Mode#ON_OR_AFTER}, the
   *     query's last period of the cohort; period 0: the cohort's period)
   */
  public record Value(long people, boolean complete) {}

  /**
   * A cohort.
   *
   * @param start the first local day of the cohort's period
   * @param values period 0 (the cohort's size) to the query's last
   * @param group the breakdown's value ({@code ""} without breakdown)
   */
  public record Cohort(LocalDate start, List<Value> values, String group) {
    /** A cohort without breakdown. */
    public Cohort(LocalDate start, List<Value> values) {
      this(start, values, "");
    }

    public Cohort {
      Objects.requireNonNull(start, "start");
      values = List.copyOf(values);
      Objects.requireNonNull(group, "group");
    }

    /** How many people the cohort has. */
    public long size() {
      return values.getFirst().people();
    }
  }

  /**
   * A retention answer: the cohorts that have people, by group (in text order), then earliest
   * first.
   *
   * @param cohorts the cohorts
   */
  public record Result(List<Cohort> cohorts) {
    public Result {
      cohorts = List.copyOf(cohorts);
    }

    /** Whom it counts: people. */
    public String unit() {
      return "person";
    }
  }

  /**
   * A cohort from a store's counts: {@code counts[k]} the people counted in period {@code k} (for
   * {@link Mode#ON_OR_AFTER}, already summed over the later periods), with completeness from the
   * query's {@code now}.
   */
  public static Cohort cohort(Query q, String group, LocalDate start, long[] counts) {
    if (counts.length != q.periods() + 1) {
      throw new IllegalArgumentException("a cohort has periods + 1 counts");
    }
    Instant lastEnd = q.startOf(q.period().plus(start, q.periods() + 1L));
    Value[] values = new Value[counts.length];
    for (int k = 0; k < counts.length; k++) {
      Instant end =
          k == 0 || q.mode() == Mode.ON ? q.startOf(q.period().plus(start, k + 1L)) : lastEnd;
      values[k] = new Value(counts[k], !end.isAfter(q.now()));
    }
    return new Cohort(start, List.of(values), group);
  }
}
