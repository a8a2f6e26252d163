package io.footfall.core.people;

import io.footfall.core.Goal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A cohort's definition evaluated at one instant: the people of a site who meet every condition at
 * {@link #at} (docs/metrics.md, "Cohorts"). A store answers who they are ({@link People#list} with
 * {@link PeopleQuery#segment()}) and how many ({@link People#segmentSize}); the reports keep only
 * the events of its members.
 *
 * <p>Only what happened before {@code at} counts: a person is a candidate when they have an event
 * or a person update before it; their first event and first seen, their events in a window and
 * their property values (the fold of their changes before it) are all taken before {@code at}.
 * Events are a person's as everywhere (their user id's, and those of visitors linked to them by the
 * visitor's first link); cookieless visitors are never anyone's, so never in a cohort.
 *
 * @param siteId the site
 * @param conditions what every member meets, 1 to {@link #MAX_CONDITIONS}
 * @param at the evaluation instant, exclusive: the end of a report's range, or now
 * @param zone the site's time zone: windows are counted in its calendar days, first-seen dates are
 *     its local dates
 * @param goals the site's goals, which the conditions' event matches may name
 */
public record Segment(
    String siteId, List<Condition> conditions, Instant at, ZoneId zone, List<Goal> goals) {

  /** The most conditions of a cohort. */
  public static final int MAX_CONDITIONS = 20;

  /** The longest window of a behavioural condition, in days. */
  public static final int MAX_WINDOW_DAYS = 365;

  /** The most times a behavioural condition may ask for. */
  public static final int MAX_TIMES = 10_000;

  /** The most values of a property or first-source condition. */
  public static final int MAX_VALUES = 100;

  /** The most user ids of a static list. */
  public static final int MAX_USER_IDS = 100_000;

  public Segment {
    Objects.requireNonNull(siteId, "siteId");
    conditions = List.copyOf(Objects.requireNonNull(conditions, "conditions"));
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(zone, "zone");
    goals = List.copyOf(Objects.requireNonNull(goals, "goals"));
    if (conditions.isEmpty() || conditions.size() > MAX_CONDITIONS) {
      throw new IllegalArgumentException(
          "a cohort has 1 to " + MAX_CONDITIONS + " conditions, not " + conditions.size());
    }
  }

  /** The same definition at another instant. */
  public Segment at(Instant instant) {
    return new Segment(siteId, conditions, instant, zone, goals);
  }

  /**
   * The start of a window of {@code days} local calendar days ending at {@link #at}: the same local
   * time {@code days} days earlier in the site's zone (so a DST change makes the window an hour
   * longer or shorter, never a day).
   */
  public Instant windowStart(int days) {
    return at.atZone(zone).minusDays(days).toInstant();
  }

  /** The start of the local day {@code date} in the site's zone. */
  public Instant startOf(LocalDate date) {
    return date.atStartOfDay(zone).toInstant();
  }

  /** What a member meets. */
  public sealed interface Condition
      permits Performed, NotPerformed, PersonProperty, FirstSource, FirstSeen, UserIds {}

  /**
   * Did the step at least {@code times} times in the last {@code days} days: events of the person
   * matching {@code match} in {@code [windowStart(days), at)}.
   */
  public record Performed(EventMatch match, int times, int days) implements Condition {
    public Performed {
      Objects.requireNonNull(match, "match");
      if (times < 1 || times > MAX_TIMES) {
        throw new IllegalArgumentException("times must be 1 to " + MAX_TIMES + ", was " + times);
      }
      checkDays(days);
    }
  }

  /** Did not do the step in the last {@code days} days (no matching event in the window). */
  public record NotPerformed(EventMatch match, int days) implements Condition {
    public NotPerformed {
      Objects.requireNonNull(match, "match");
      checkDays(days);
    }
  }

  /** How a property's (or first source's) text is compared with the values. */
  public enum TextOp {
    /** Equals one of the values (case-sensitive). */
    IS,
    /** Equals none of them; holds when there is no value. */
    IS_NOT,
    /** Contains one of the values (case-sensitive). */
    CONTAINS,
    /** Contains none of them; holds when there is no value. */
    DOES_NOT_CONTAIN;

    public String apiName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the operator holds for what matches none of the values. */
    public boolean negated() {
      return this == IS_NOT || this == DOES_NOT_CONTAIN;
    }
  }

  /**
   * The person's value of a property, folded from their changes before {@code at}, compared as text
   * (a string without quotes, a number or boolean as written).
   */
  public record PersonProperty(String key, TextOp op, List<String> values) implements Condition {
    public PersonProperty {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(op, "op");
      if (key.isEmpty() || key.length() > 200) {
        throw new IllegalArgumentException("a property name is 1 to 200 characters");
      }
      values = checkValues(values);
    }
  }

  /**
   * The {@code visit:source} of the person's first event (by time, then event id; {@code (none)}
   * for an event without a source, or for a person with updates only) is one of the values.
   */
  public record FirstSource(List<String> values) implements Condition {
    public FirstSource {
      values = checkValues(values);
    }
  }

  /** The person was first seen on a local date from {@code from} to {@code to}, both included. */
  public record FirstSeen(LocalDate from, LocalDate to) implements Condition {
    public FirstSeen {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      if (to.isBefore(from)) {
        throw new IllegalArgumentException("first seen: " + to + " is before " + from);
      }
    }
  }

  /**
   * A static list: the person's user id, as stored (a keyed hash unless the site stores user ids),
   * is one of these; kept sorted and without repeats.
   */
  public record UserIds(List<String> userIds) implements Condition {
    public UserIds {
      TreeSet<String> sorted = new TreeSet<>(Objects.requireNonNull(userIds, "userIds"));
      if (sorted.isEmpty() || sorted.size() > MAX_USER_IDS) {
        throw new IllegalArgumentException(
            "a static list has 1 to " + MAX_USER_IDS + " user ids, not " + sorted.size());
      }
      for (String id : sorted) {
        if (id.isEmpty() || id.length() > 256 || id.indexOf('\n') >= 0) {
          throw new IllegalArgumentException(
              "a user id is 1 to 256 characters without a line break");
        }
      }
      userIds = List.copyOf(sorted);
    }
  }

  private static void checkDays(int days) {
    if (days < 1 || days > MAX_WINDOW_DAYS) {
      throw new IllegalArgumentException("days must be 1 to " + MAX_WINDOW_DAYS + ", was " + days);
    }
  }

  private static List<String> checkValues(List<String> values) {
    List<String> copy = List.copyOf(Objects.requireNonNull(values, "values"));
    if (copy.isEmpty() || copy.size() > MAX_VALUES) {
      throw new IllegalArgumentException(
          "a condition has 1 to " + MAX_VALUES + " values, not " + copy.size());
    }
    return copy;
  }
}
