package io.footfall.core.people;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * Active users of a site over a range of local days, bucketed by day, week or month: how many
 * people (or visitors) were active, the 7- and 30-day active counts, new and returning people, the
 * lifecycle (new, returning, resurrecting, dormant) and the return within 30 days of new people.
 * docs/metrics.md ("Active users") defines every number; the contract suite checks each store
 * against an independent computation.
 */
public interface ActiveUsers {

  /** The most local days a query may span. */
  int MAX_DAYS = 732;

  /** The most buckets an answer may have (a daily report of a year and a day). */
  int MAX_BUCKETS = 367;

  /**
   * The report of the query.
   *
   * @throws io.footfall.core.StoreException if the store failed to answer
   */
  Report activeUsers(Query query);

  /** The buckets of a report: local days, weeks starting on Monday, calendar months. */
  enum Period {
    DAY,
    WEEK,
    MONTH;

    /** The start of the bucket holding the local day. */
    public LocalDate start(LocalDate day) {
      return switch (this) {
        case DAY -> day;
        case WEEK -> day.minusDays(day.getDayOfWeek().getValue() - 1L);
        case MONTH -> day.withDayOfMonth(1);
      };
    }

    /** The start of the bucket after the one starting on {@code start}. */
    public LocalDate next(LocalDate start) {
      return switch (this) {
        case DAY -> start.plusDays(1);
        case WEEK -> start.plusWeeks(1);
        case MONTH -> start.plusMonths(1);
      };
    }

    /** The start of the bucket before the one starting on {@code start}. */
    public LocalDate previous(LocalDate start) {
      return switch (this) {
        case DAY -> start.minusDays(1);
        case WEEK -> start.minusWeeks(1);
        case MONTH -> start.minusMonths(1);
      };
    }
  }

  /**
   * Whose activity is counted. {@code PERSON}: the person of each event (its user id, else the user
   * its visitor is linked to; events with neither count for nobody). {@code VISITOR}: the visitor
   * id of each event (cookieless visitors get a new id every day).
   */
  enum Unit {
    PERSON,
    VISITOR
  }

  /**
   * A report over the local days {@code first} to {@code last}, both included.
   *
   * @param siteId the site
   * @param first the first local day of the range
   * @param last the last local day of the range, not before {@code first}
   * @param zone the site's time zone, which makes the local days
   * @param period the buckets
   * @param unit whose activity counts
   * @param segment when present, only the events of this cohort's members count (docs/metrics.md,
   *     "Cohorts")
   */
  record Query(
      String siteId,
      LocalDate first,
      LocalDate last,
      ZoneId zone,
      Period period,
      Unit unit,
      java.util.Optional<Segment> segment) {
    /** A report of everyone's events. */
    public Query(
        String siteId, LocalDate first, LocalDate last, ZoneId zone, Period period, Unit unit) {
      this(siteId, first, last, zone, period, unit, java.util.Optional.empty());
    }

    /** The same report of the segment's members' events only. */
    public Query withSegment(Segment s) {
      return new Query(siteId, first, last, zone, period, unit, java.util.Optional.of(s));
    }

    public Query {
      Objects.requireNonNull(segment, "segment");
      if (segment.isPresent() && !segment.get().siteId().equals(siteId)) {
        throw new IllegalArgumentException(
            "the segment is of site " + segment.get().siteId() + ", not " + siteId);
      }
      Objects.requireNonNull(siteId, "siteId");
      Objects.requireNonNull(first, "first");
      Objects.requireNonNull(last, "last");
      Objects.requireNonNull(zone, "zone");
      Objects.requireNonNull(period, "period");
      Objects.requireNonNull(unit, "unit");
      if (last.isBefore(first)) {
        throw new IllegalArgumentException("the range ends (" + last + ") before it starts");
      }
      long days = ChronoUnit.DAYS.between(first, last) + 1;
      if (days > MAX_DAYS) {
        throw new IllegalArgumentException(
            "a range may span at most " + MAX_DAYS + " days, not " + days);
      }
      long buckets = ActiveUsersLayout.of(first, last, period).buckets();
      if (buckets > MAX_BUCKETS) {
        throw new IllegalArgumentException(
            "a report may have at most " + MAX_BUCKETS + " buckets, not " + buckets);
      }
    }
  }

  /**
   * One bucket.
   *
   * @param start the bucket's calendar start (a Monday for weeks, the 1st for months), which may
   *     lie before the range's first day
   * @param from the bucket's first day inside the range
   * @param to the bucket's last day inside the range: the day {@code wau} and {@code mau} are as of
   * @param days the bucket's days inside the range
   * @param active distinct people with an event on one of those days
   * @param activeDays the sum over those days of each day's distinct active people (÷ {@code days}:
   *     the bucket's average daily active people)
   * @param wau distinct people active in the 7 local days ending on {@code to}
   * @param mau distinct people active in the 30 local days ending on {@code to}
   * @param newPeople active people whose first event ever falls on one of the bucket's days
   * @param retained active people also active in the previous bucket (lifecycle "returning")
   * @param dormant people active in the previous bucket and not in this one
   * @param returnedWithin30 new people with an event on a later local day at most 30 days after the
   *     day of their first event
   */
  record Bucket(
      LocalDate start,
      LocalDate from,
      LocalDate to,
      int days,
      long active,
      long activeDays,
      long wau,
      long mau,
      long newPeople,
      long retained,
      long dormant,
      long returnedWithin30) {
    public Bucket {
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }

    /** Active people first seen before the bucket's days. */
    public long returning() {
      return active - newPeople;
    }

    /** Active people not active in the previous bucket but seen before (lifecycle). */
    public long resurrecting() {
      return active - newPeople - retained;
    }
  }

  /**
   * The answer: every bucket of the range in order, empty ones included.
   *
   * @param unit whose activity was counted
   */
  record Report(Unit unit, Period period, List<Bucket> buckets) {
    public Report {
      Objects.requireNonNull(unit, "unit");
      Objects.requireNonNull(period, "period");
      buckets = List.copyOf(buckets);
    }
  }
}
