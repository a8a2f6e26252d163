package io.footfall.server.query;

import io.footfall.core.query.Interval;
import io.footfall.core.query.Report;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the API's date ranges in a site's time zone (docs/metrics.md, "The date range"), and the
 * periods a range is compared with.
 */
final class DateRanges {
  /** The most time buckets one answer may have. */
  static final int MAX_BUCKETS = 5_000;

  private static final Pattern LAST_DAYS = Pattern.compile("(\\d{1,3})d");

  /** The names {@link #resolve} accepts, for error messages. */
  static final List<String> NAMES =
      List.of(
          "realtime",
          "30m",
          "today",
          "day",
          "yesterday",
          "7d",
          "28d",
          "30d",
          "91d",
          "month",
          "last_month",
          "6mo",
          "12mo",
          "year",
          "all");

  private DateRanges() {}

  /** How a window steps when it is shifted to the previous period. */
  enum Unit {
    DAYS,
    MONTHS,
    EXACT
  }

  /**
   * A resolved range.
   *
   * @param from first instant, inclusive
   * @param to last instant, exclusive
   * @param localFrom {@code from} on the site's clock
   * @param localTo {@code to} on the site's clock
   * @param unit how the range is measured
   * @param length its length in {@code unit} (days or months; 0 for exact ranges)
   * @param zone the site's time zone
   */
  record Window(
      Instant from,
      Instant to,
      LocalDateTime localFrom,
      LocalDateTime localTo,
      Unit unit,
      int length,
      ZoneId zone) {

    static Window local(LocalDateTime from, LocalDateTime to, Unit unit, int length, ZoneId zone) {
      return new Window(instant(from, zone), instant(to, zone), from, to, unit, length, zone);
    }

    static Window exact(Instant from, Instant to, ZoneId zone) {
      return new Window(
          from,
          to,
          LocalDateTime.ofInstant(from, zone),
          LocalDateTime.ofInstant(to, zone),
          Unit.EXACT,
          0,
          zone);
    }

    /** The period of the same length just before this one. */
    Window previous() {
      return switch (unit) {
        case DAYS -> local(localFrom.minusDays(length), localFrom, unit, length, zone);
        case MONTHS -> local(localFrom.minusMonths(length), localFrom, unit, length, zone);
        case EXACT -> exact(from.minus(Duration.between(from, to)), from, zone);
      };
    }

    /** The same period a year earlier. */
    Window yearBefore() {
      return local(localFrom.minusYears(1), localTo.minusYears(1), unit, length, zone);
    }
  }

  /**
   * @param now the current instant
   * @param today the day "today" means (today in the zone, or the query's relative date)
   * @param firstEvent the time of the site's earliest event, for {@code all}
   */
  static Window resolve(
      DateSpec spec, ZoneId zone, Instant now, LocalDate today, Optional<Instant> firstEvent) {
    return switch (spec) {
      case DateSpec.Days d -> days(d.first(), d.last().plusDays(1), zone);
      case DateSpec.Times t -> Window.local(t.from(), t.to(), Unit.EXACT, 0, zone);
      case DateSpec.Named n -> named(n.name(), zone, now, today, firstEvent);
    };
  }

  private static Window named(
      String name, ZoneId zone, Instant now, LocalDate today, Optional<Instant> firstEvent) {
    LocalDate month = today.withDayOfMonth(1);
    Matcher lastDays = LAST_DAYS.matcher(name);
    return switch (name) {
      case "realtime" -> Window.exact(now.minus(Duration.ofMinutes(5)), now, zone);
      case "30m" -> Window.exact(now.minus(Duration.ofMinutes(30)), now, zone);
      case "today", "day" -> days(today, today.plusDays(1), zone);
      case "yesterday" -> days(today.minusDays(1), today, zone);
      case "month" -> months(month, 1, zone);
      case "last_month" -> months(month.minusMonths(1), 1, zone);
      case "6mo" -> months(month.minusMonths(5), 6, zone);
      case "12mo" -> months(month.minusMonths(11), 12, zone);
      case "year" -> months(today.withDayOfYear(1), 12, zone);
      case "all" -> {
        LocalDate first =
            firstEvent.map(t -> LocalDate.ofInstant(t, zone)).filter(today::isAfter).orElse(today);
        yield days(first, today.plusDays(1), zone);
      }
      default -> {
        if (lastDays.matches()) {
          int n = Integer.parseInt(lastDays.group(1));
          if (n >= 1 && n <= 366) {
            yield days(today.minusDays(n - 1L), today.plusDays(1), zone);
          }
        }
        throw new QueryException(
            "date_range",
            "date_range must be one of "
                + String.join(", ", NAMES)
                + ", Nd for N = 1 to 366, or [first, last] as dates or local date-times; was '"
                + name
                + "'");
      }
    };
  }

  private static Window days(LocalDate first, LocalDate end, ZoneId zone) {
    return Window.local(
        first.atStartOfDay(),
        end.atStartOfDay(),
        Unit.DAYS,
        (int) ChronoUnit.DAYS.between(first, end),
        zone);
  }

  private static Window months(LocalDate first, int count, ZoneId zone) {
    return Window.local(
        first.atStartOfDay(), first.plusMonths(count).atStartOfDay(), Unit.MONTHS, count, zone);
  }

  /**
   * The first instant of a local time: a time skipped by DST moves forward, a repeated one is the
   * earlier.
   */
  static Instant instant(LocalDateTime local, ZoneId zone) {
    return ZonedDateTime.ofLocal(local, zone, null).toInstant();
  }

  /** Every bucket label of the window for the interval, in order, as the engine formats them. */
  static List<String> labels(Window w, Interval interval) {
    List<String> labels = new ArrayList<>();
    LocalDateTime t = truncate(w.localFrom(), interval);
    while (t.isBefore(w.localTo())) {
      if (ZonedDateTime.ofLocal(t, w.zone(), null).toLocalDateTime().equals(t)
          || interval == Interval.DAY
          || interval == Interval.WEEK
          || interval == Interval.MONTH) {
        labels.add(format(t));
      }
      if (labels.size() > MAX_BUCKETS) {
        break;
      }
      t = next(t, interval);
    }
    return labels;
  }

  static LocalDateTime truncate(LocalDateTime t, Interval interval) {
    return switch (interval) {
      case MINUTE -> t.truncatedTo(ChronoUnit.MINUTES);
      case HOUR -> t.truncatedTo(ChronoUnit.HOURS);
      case DAY -> t.truncatedTo(ChronoUnit.DAYS);
      case WEEK ->
          t.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTH -> t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
    };
  }

  private static LocalDateTime next(LocalDateTime t, Interval interval) {
    return switch (interval) {
      case MINUTE -> t.plusMinutes(1);
      case HOUR -> t.plusHours(1);
      case DAY -> t.plusDays(1);
      case WEEK -> t.plusWeeks(1);
      case MONTH -> t.plusMonths(1);
    };
  }

  /** {@code yyyy-MM-ddTHH:mm:ss}, always with seconds, as the engine's time buckets. */
  static String format(LocalDateTime t) {
    return Report.timeLabel(t);
  }
}
