package io.footfall.core.metadata;

import io.footfall.core.EmailReport;
import io.footfall.core.StoreConflictException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Sites' email report schedules ({@link EmailReport}) and the deliveries recorded of each period.
 * Scoped by organization and site and failing as {@link MetadataStore} describes, except the
 * scheduler's installation-wide methods ({@link #all}, {@link #advance}, {@link #recordDelivery},
 * {@link #deliveries}); deleted with their site.
 */
public interface ReportSchedules {

  /**
   * Stores a new email report of the site {@link EmailReport#siteId()}, in the organization that
   * owns the site (like {@link Goals#create}, callers check access to the site first).
   *
   * @throws StoreConflictException if the site does not exist or the id is taken
   */
  void create(EmailReport report);

  /** The site's email reports, oldest first (ties by id); empty for another organization's site. */
  List<EmailReport> list(String organizationId, String siteId);

  /** The report, if it is a report of this site of this organization; empty otherwise. */
  Optional<EmailReport> find(String organizationId, String siteId, String reportId);

  /**
   * Deletes the report and what was recorded of its deliveries.
   *
   * @return {@code false} if this site of this organization has no report with that id
   */
  boolean delete(String organizationId, String siteId, String reportId);

  /** Every email report, oldest first. Installation-wide: for the scheduler. */
  List<EmailReport> all();

  /**
   * Moves a report's next period from {@code from} to {@code to} if it still is {@code from}, and
   * forgets the deliveries recorded for {@code from}. Installation-wide: for the scheduler.
   *
   * @return {@code false} if the report is gone or its next period is no longer {@code from}
   */
  boolean advance(String reportId, LocalDate from, LocalDate to);

  /**
   * Records that the report of the period starting {@code period} was sent to {@code recipient}.
   * Installation-wide: for the scheduler.
   *
   * @return {@code false} if that delivery was recorded already
   */
  boolean recordDelivery(String reportId, LocalDate period, String recipient, Instant sentAt);

  /**
   * The recipients the report of the period starting {@code period} was sent to so far.
   * Installation-wide: for the scheduler.
   */
  Set<String> deliveries(String reportId, LocalDate period);
}
