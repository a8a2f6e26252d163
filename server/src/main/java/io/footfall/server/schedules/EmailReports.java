package io.footfall.server.schedules;

import io.footfall.core.EmailReport;
import io.footfall.core.Site;
import io.footfall.core.StoreConflictException;
import io.footfall.core.metadata.ReportSchedules;
import io.footfall.server.access.Permission;
import io.footfall.server.access.Principal;
import io.footfall.server.access.Secrets;
import io.footfall.server.audit.Auditor;
import io.footfall.server.export.ExportException;
import io.footfall.server.export.ExportService;
import io.footfall.server.export.PdfReport;
import io.footfall.server.mail.Mail;
import io.footfall.server.mail.MailDeliveryException;
import io.footfall.server.mail.MailSender;
import io.footfall.server.query.StatsRequest;
import io.footfall.server.query.StatsTable;
import io.footfall.server.tenancy.TenancyService;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scheduled email reports: per site, a list of recipients and a frequency (weekly, monthly); after
 * each period closes in the site's time zone, the recipients get a mail with the period's PDF
 * report attached.
 *
 * <p>Managing schedules needs {@link Permission#MANAGE_SITE} on the site (recipients are personal
 * data, so listing needs it too); another tenant's site answers 404, and every change is audited
 * (with the number of recipients, not their addresses).
 *
 * <p>Design note: delivery. The store remembers, per schedule, the first day of the earliest period
 * not yet sent, and per recipient which mails of that period went out. {@link #sendDue} (run by the
 * server's job thread every few minutes, and at start) sends every closed period in order, records
 * each delivery right after the SMTP server accepted it, and moves the schedule to the next period
 * once every recipient has it. A restart therefore neither skips a period nor mails a recipient
 * twice, except when the process dies in the moment between the server's acceptance and the record
 * (at least once, never silently lost). A failed delivery is retried at the next run; periods that
 * closed more than {@link #CATCH_UP} ago are skipped with a log line rather than sent late.
 */
public final class EmailReports {
  private static final Logger log = LoggerFactory.getLogger(EmailReports.class);

  /** The most schedules one site may have. */
  public static final int MAX_PER_SITE = 20;

  /** How late a period is still sent after it closed (a server that was down for a while). */
  public static final Duration CATCH_UP = Duration.ofDays(31);

  private final ReportSchedules schedules;
  private final TenancyService tenancy;
  private final Function<String, Optional<Site>> siteById;
  private final Auditor audit;
  private final ExportService exports;
  private final Optional<MailSender> mail;
  private final Clock clock;

  /**
   * @param siteById any site by id, for the scheduler (which acts for the installation)
   * @param mail the mail sender; without one, schedules can be managed but nothing is sent
   */
  public EmailReports(
      ReportSchedules schedules,
      TenancyService tenancy,
      Function<String, Optional<Site>> siteById,
      Auditor audit,
      ExportService exports,
      Optional<MailSender> mail,
      Clock clock) {
    this.schedules = schedules;
    this.tenancy = tenancy;
    this.siteById = siteById;
    this.audit = audit;
    this.exports = exports;
    this.mail = mail;
    this.clock = clock;
  }

  /**
   * A schedule as a request describes it.
   *
   * @param frequency {@code weekly} or {@code monthly}, as sent (empty when absent)
   * @param recipients the addresses as sent
   */
  public record Request(String frequency, List<String> recipients) {
    public Request {
      recipients = List.copyOf(recipients);
    }
  }

  /** The site's schedules, oldest first. Needs {@link Permission#MANAGE_SITE}. */
  public List<EmailReport> list(Principal p, String siteId) {
    Site site = tenancy.site(p, siteId, Permission.MANAGE_SITE);
    return schedules.list(site.organizationId(), site.id());
  }

  /**
   * Creates a schedule whose first report covers the period that contains today in the site's time
   * zone. Needs {@link Permission#MANAGE_SITE}.
   *
   * @throws ExportException 400 naming the field at fault, 409 when the site has {@value
   *     #MAX_PER_SITE} schedules
   */
  public EmailReport create(TenancyService.Origin o, String siteId, Request r) {
    Site site = tenancy.site(o.principal(), siteId, Permission.MANAGE_SITE);
    EmailReport.Frequency frequency = frequency(r.frequency());
    List<String> recipients = recipients(r.recipients());
    int existing = schedules.list(site.organizationId(), site.id()).size();
    if (existing >= MAX_PER_SITE) {
      throw new ExportException(
          409,
          "limit_reached",
          "",
          "site '"
              + site.id()
              + "' has "
              + existing
              + " email reports, the most a site may have is "
              + MAX_PER_SITE
              + "; delete one to add another");
    }
    LocalDate today = LocalDate.now(clock.withZone(site.timeZone()));
    EmailReport report =
        new EmailReport(
            "er_" + Secrets.token().substring(0, 12),
            site.id(),
            frequency,
            recipients,
            frequency.periodStart(today),
            clock.instant().truncatedTo(ChronoUnit.MICROS));
    try {
      schedules.create(report);
    } catch (StoreConflictException e) {
      throw new ExportException(409, "conflict", "", e.getMessage());
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("site", site.id());
    details.put("frequency", name(frequency));
    details.put("recipients", recipients.size());
    audit.record(
        o.principal(),
        site.organizationId(),
        "email_report.create",
        report.id(),
        o.clientAddress(),
        details);
    return report;
  }

  /** Deletes a schedule. Needs {@link Permission#MANAGE_SITE}; 404 when the site has no such. */
  public void delete(TenancyService.Origin o, String siteId, String reportId) {
    Site site = tenancy.site(o.principal(), siteId, Permission.MANAGE_SITE);
    if (!schedules.delete(site.organizationId(), site.id(), reportId)) {
      throw ExportException.notFound("email report '" + reportId + "' of site '" + site.id() + "'");
    }
    audit.record(
        o.principal(),
        site.organizationId(),
        "email_report.delete",
        reportId,
        o.clientAddress(),
        Map.of("site", site.id()));
  }

  /** The API's name of a frequency: {@code weekly} or {@code monthly}. */
  public static String name(EmailReport.Frequency f) {
    return f.name().toLowerCase(Locale.ROOT);
  }

  /** The instant a report's next period closes, in its site's time zone. */
  public Optional<Instant> nextSendAt(EmailReport r) {
    return siteById
        .apply(r.siteId())
        .map(s -> closes(r.frequency().periodEnd(r.nextPeriod()), s.timeZone()));
  }

  /**
   * Sends every report whose period has closed and that has not been sent yet (see the design
   * note). Failures of one schedule are logged and do not stop the others. Calls run one at a time,
   * so the job thread and a test (or an operator's trigger) never mail the same period twice.
   *
   * @return how many mails were handed to the SMTP server
   */
  public synchronized int sendDue() {
    if (mail.isEmpty()) {
      return 0;
    }
    int sent = 0;
    for (EmailReport r : schedules.all()) {
      try {
        sent += sendDue(r, mail.get());
      } catch (RuntimeException e) {
        log.error(
            "email report {} of site {} (period from {}) failed; will retry at the next run",
            r.id(),
            r.siteId(),
            r.nextPeriod(),
            e);
      }
    }
    return sent;
  }

  private int sendDue(EmailReport r, MailSender sender) {
    Optional<Site> found = siteById.apply(r.siteId());
    if (found.isEmpty()) {
      return 0;
    }
    Site site = found.get();
    int sent = 0;
    LocalDate period = r.nextPeriod();
    while (true) {
      LocalDate end = r.frequency().periodEnd(period);
      Instant closed = closes(end, site.timeZone());
      Instant now = clock.instant();
      if (now.isBefore(closed)) {
        return sent;
      }
      if (Duration.between(closed, now).compareTo(CATCH_UP) > 0) {
        log.warn(
            "email report {} of site {}: skipping the {} period {} to {}, which closed at {},"
                + " more than {} days ago",
            r.id(),
            site.id(),
            name(r.frequency()),
            period,
            end.minusDays(1),
            closed,
            CATCH_UP.toDays());
      } else {
        Set<String> done = schedules.deliveries(r.id(), period);
        List<String> pending = new ArrayList<>(r.recipients());
        pending.removeAll(done);
        if (!pending.isEmpty()) {
          boolean failed = false;
          Rendered rendered = render(site, r.frequency(), period);
          for (String to : pending) {
            try {
              sender.send(
                  new Mail(to, rendered.subject(), rendered.body(), List.of(rendered.pdf())));
              schedules.recordDelivery(r.id(), period, to, clock.instant());
              sent++;
            } catch (MailDeliveryException e) {
              failed = true;
              log.warn(
                  "email report {} of site {} for {} to {} was not delivered: {}; will retry at"
                      + " the next run",
                  r.id(),
                  site.id(),
                  period,
                  to,
                  e.getMessage());
            }
          }
          if (failed) {
            return sent;
          }
          log.info(
              "email report {} of site {}: sent the {} report of {} to {} recipients",
              r.id(),
              site.id(),
              name(r.frequency()),
              period,
              pending.size());
        }
      }
      if (!schedules.advance(r.id(), period, end)) {
        return sent; // deleted meanwhile
      }
      period = end;
    }
  }

  private record Rendered(String subject, String body, Mail.Attachment pdf) {}

  /** The period's report, read for the installation (the schedule's managers chose the site). */
  private Rendered render(Site site, EmailReport.Frequency frequency, LocalDate period) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("site_id", site.id());
    params.put("compare", "previous_period");
    switch (frequency) {
      case WEEKLY -> {
        params.put("date_range", "7d");
        params.put("relative_date", period.plusDays(6).toString());
      }
      case MONTHLY -> {
        params.put("date_range", "month");
        params.put("relative_date", period.toString());
      }
    }
    StatsRequest request = new StatsRequest(StatsRequest.Shape.AGGREGATE, params);
    PdfReport.Content content = exports.content(new Principal.Installation(), request);
    ExportService.File pdf = ExportService.pdf(content);
    StatsTable totals = content.totals();
    String range = PdfReport.range(totals.period());
    String subject =
        (frequency == EmailReport.Frequency.WEEKLY ? "Weekly" : "Monthly")
            + " Footfall report: "
            + site.name()
            + ", "
            + range;
    StringBuilder body = new StringBuilder();
    body.append(subject.substring(0, subject.indexOf(':')))
        .append(" for ")
        .append(site.name())
        .append(" (")
        .append(site.domain())
        .append(")\n")
        .append(range)
        .append(" (")
        .append(site.timeZone().getId())
        .append("), compared with the previous period\n\n");
    StatsTable.Row row = totals.rows().isEmpty() ? null : totals.rows().get(0);
    for (int i = 0; i < totals.metrics().size() && row != null; i++) {
      String metric = totals.metrics().get(i);
      body.append(PdfReport.label(metric))
          .append(": ")
          .append(PdfReport.value(row.metrics().get(i)))
          .append(" (")
          .append(PdfReport.change(metric, row.comparison().orElseThrow().change().get(i)))
          .append(")\n");
    }
    body.append(
        "\nThe full report is attached as a PDF. You get this mail because a manager of this"
            + " site in Footfall put you on its "
            + name(frequency)
            + " report list.\n");
    return new Rendered(
        subject.length() > Mail.MAX_SUBJECT_CHARS
            ? subject.substring(0, Mail.MAX_SUBJECT_CHARS)
            : subject,
        body.toString(),
        new Mail.Attachment(pdf.name(), pdf.contentType(), pdf.content()));
  }

  private static Instant closes(LocalDate end, ZoneId zone) {
    return end.atStartOfDay(zone).toInstant();
  }

  private static EmailReport.Frequency frequency(String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "weekly" -> EmailReport.Frequency.WEEKLY;
      case "monthly" -> EmailReport.Frequency.MONTHLY;
      case "" ->
          throw ExportException.invalid("frequency", "frequency is required: weekly or monthly");
      default ->
          throw ExportException.invalid(
              "frequency", "frequency must be weekly or monthly, was '" + shorten(value) + "'");
    };
  }

  private static List<String> recipients(List<String> values) {
    if (values.isEmpty() || values.size() > EmailReport.MAX_RECIPIENTS) {
      throw ExportException.invalid(
          "recipients",
          "recipients must list 1 to "
              + EmailReport.MAX_RECIPIENTS
              + " email addresses, got "
              + values.size());
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      String field = "recipients[" + i + "]";
      String address = values.get(i).strip().toLowerCase(Locale.ROOT);
      if (!EmailReport.isAddress(address) || !strict(address)) {
        throw ExportException.invalid(
            field,
            field
                + " must be one plain email address such as name@example.org (at most "
                + EmailReport.MAX_ADDRESS_LENGTH
                + " characters), was '"
                + shorten(values.get(i))
                + "'");
      }
      if (out.contains(address)) {
        throw ExportException.invalid(field, field + " repeats '" + shorten(address) + "'");
      }
      out.add(address);
    }
    return out;
  }

  /** Whether Jakarta Mail accepts the address strictly, so that sending cannot fail on its form. */
  private static boolean strict(String address) {
    try {
      new InternetAddress(address, true).validate();
      return true;
    } catch (AddressException e) {
      return false;
    }
  }

  private static String shorten(String value) {
    return value.length() <= 60 ? value : value.substring(0, 60) + "...";
  }
}
