package io.footfall.core;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A scheduled email report of one site: every closed week or month, a PDF of that period goes to
 * the recipients.
 *
 * <p>Periods are local dates in the site's time zone: a week runs Monday to Sunday, a month from
 * its first to its last day. {@code nextPeriod} is the first day of the earliest period not yet
 * sent; the scheduler sends it once the period has closed and then moves it to the following
 * period, so what was sent survives restarts.
 *
 * @param id stable identifier
 * @param siteId the site reported on
 * @param frequency weekly or monthly
 * @param recipients 1 to {@value #MAX_RECIPIENTS} distinct plain addresses ({@code
 *     name@example.org}), lower-cased, in the order given
 * @param nextPeriod the first day of the next period to send: a Monday for weekly reports, the
 *     first of a month for monthly ones
 * @param createdAt when the schedule was created
 */
public record EmailReport(
    String id,
    String siteId,
    Frequency frequency,
    List<String> recipients,
    LocalDate nextPeriod,
    Instant createdAt) {

  /** The most recipients one report may have. */
  public static final int MAX_RECIPIENTS = 10;

  /** The longest address, as SMTP allows. */
  public static final int MAX_ADDRESS_LENGTH = 254;

  // One '@', no spaces, and none of the characters that start a list or a display name; the store
  // keeps recipients comma-separated, so a comma must never be part of one.
  private static final Pattern ADDRESS =
      Pattern.compile(
          "[^\\s@,;:<>\"()\\[\\]\\\\]+@[^\\s@,;:<>\"()\\[\\]\\\\]+\\.[^\\s@,;:<>\"()\\[\\]\\\\]+");

  /** How often a report is sent, and the period it covers. */
  public enum Frequency {
    /** Monday to Sunday, sent after Sunday ends in the site's time zone. */
    WEEKLY,
    /** A calendar month, sent after its last day ends in the site's time zone. */
    MONTHLY;

    /** The first day of the period that contains {@code day}. */
    public LocalDate periodStart(LocalDate day) {
      return switch (this) {
        case WEEKLY -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        case MONTHLY -> day.withDayOfMonth(1);
      };
    }

    /** The first day after the period that starts on {@code start}. */
    public LocalDate periodEnd(LocalDate start) {
      return switch (this) {
        case WEEKLY -> start.plusWeeks(1);
        case MONTHLY -> start.plusMonths(1);
      };
    }
  }

  public EmailReport {
    Checks.id("id", id);
    Checks.id("siteId", siteId);
    Objects.requireNonNull(frequency, "frequency");
    Objects.requireNonNull(nextPeriod, "nextPeriod");
    Objects.requireNonNull(createdAt, "createdAt");
    recipients = List.copyOf(recipients);
    if (recipients.isEmpty() || recipients.size() > MAX_RECIPIENTS) {
      throw new IllegalArgumentException(
          "an email report has 1 to " + MAX_RECIPIENTS + " recipients, got " + recipients.size());
    }
    if (new HashSet<>(recipients).size() != recipients.size()) {
      throw new IllegalArgumentException("recipients must be distinct, got " + recipients);
    }
    for (String r : recipients) {
      if (!isAddress(r) || !r.equals(r.toLowerCase(java.util.Locale.ROOT))) {
        throw new IllegalArgumentException(
            "recipients must be lower-case plain addresses such as name@example.org, got '"
                + Checks.shorten(r)
                + "'");
      }
    }
    if (!frequency.periodStart(nextPeriod).equals(nextPeriod)) {
      throw new IllegalArgumentException(
          "nextPeriod must start a "
              + frequency.name().toLowerCase(java.util.Locale.ROOT)
              + " period, was "
              + nextPeriod);
    }
  }

  /** Whether the text is one plain address such as {@code name@example.org}. */
  public static boolean isAddress(String text) {
    return text != null && text.length() <= MAX_ADDRESS_LENGTH && ADDRESS.matcher(text).matches();
  }

  /** The same report with its next period moved. */
  public EmailReport withNextPeriod(LocalDate next) {
    return new EmailReport(id, siteId, frequency, recipients, next, createdAt);
  }
}
