package io.footfall.metadata.jdbc;

import static io.footfall.metadata.jdbc.Jdbc.insertNew;
import static io.footfall.metadata.jdbc.Jdbc.instant;
import static io.footfall.metadata.jdbc.Jdbc.query;
import static io.footfall.metadata.jdbc.Jdbc.update;

import io.footfall.core.EmailReport;
import io.footfall.core.metadata.ReportSchedules;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Email report schedules in the table {@code email_reports} (recipients comma-separated), and in
 * {@code email_report_deliveries} one row per recipient a period's mail went to, deleted when the
 * schedule moves past that period. Each schedule carries its site's organization, copied in when it
 * is created.
 */
final class JdbcReportSchedules implements ReportSchedules {
  private static final String COLUMNS =
      "id, site_id, frequency, recipients, next_period, created_at";

  private final Jdbc db;
  private final Table<EmailReport> table;

  JdbcReportSchedules(Jdbc db) {
    this.db = db;
    this.table = new Table<>(db, "email_reports", COLUMNS, JdbcReportSchedules::row);
  }

  @Override
  public void create(EmailReport r) {
    String what = "creating email report " + r.id() + " of site " + r.siteId();
    db.transaction(
        what,
        c -> {
          // Like a goal, a report names only its site and joins the site's organization.
          String organizationId = JdbcSites.organizationOf(c, r.siteId(), what);
          insertNew(
              c,
              "email report " + r.id() + " already exists",
              "INSERT INTO email_reports (organization_id, "
                  + COLUMNS
                  + ") VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
              organizationId,
              r.id(),
              r.siteId(),
              r.frequency().name(),
              String.join(",", r.recipients()),
              r.nextPeriod(),
              r.createdAt());
          return null;
        });
  }

  @Override
  public List<EmailReport> list(String organizationId, String siteId) {
    return table.ofSite("email reports", organizationId, siteId);
  }

  @Override
  public Optional<EmailReport> find(String organizationId, String siteId, String reportId) {
    return table.inSite("email report", organizationId, siteId, reportId);
  }

  @Override
  public boolean delete(String organizationId, String siteId, String reportId) {
    return db.transaction(
        "deleting email report " + reportId + " of site " + siteId,
        c -> {
          boolean deleted =
              update(
                      c,
                      "DELETE FROM email_reports WHERE id = ? AND site_id = ?"
                          + " AND organization_id = ?",
                      reportId,
                      siteId,
                      organizationId)
                  == 1;
          if (deleted) {
            update(c, "DELETE FROM email_report_deliveries WHERE report_id = ?", reportId);
          }
          return deleted;
        });
  }

  @Override
  public List<EmailReport> all() {
    return table.list("listing all email reports", "ORDER BY created_at, id");
  }

  @Override
  public boolean advance(String reportId, LocalDate from, LocalDate to) {
    return db.transaction(
        "moving email report " + reportId + " from the period of " + from + " to " + to,
        c -> {
          boolean moved =
              update(
                      c,
                      "UPDATE email_reports SET next_period = ? WHERE id = ? AND next_period = ?",
                      to,
                      reportId,
                      from)
                  == 1;
          if (moved) {
            update(
                c,
                "DELETE FROM email_report_deliveries WHERE report_id = ? AND period = ?",
                reportId,
                from);
          }
          return moved;
        });
  }

  @Override
  public boolean recordDelivery(
      String reportId, LocalDate period, String recipient, Instant sentAt) {
    return db.write(
            "recording the delivery of email report " + reportId + " for " + period,
            "INSERT INTO email_report_deliveries (report_id, period, recipient, sent_at)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            reportId,
            period,
            recipient,
            sentAt)
        == 1;
  }

  @Override
  public Set<String> deliveries(String reportId, LocalDate period) {
    return db.run(
        "reading the deliveries of email report " + reportId + " for " + period,
        c ->
            new HashSet<>(
                query(
                    c,
                    "SELECT recipient FROM email_report_deliveries"
                        + " WHERE report_id = ? AND period = ?",
                    rs -> rs.getString(1),
                    reportId,
                    period)));
  }

  /** Deletes the site's schedules and their deliveries, for the deletion of the site. */
  static void deleteOfSite(Connection c, String organizationId, String siteId) throws SQLException {
    update(
        c,
        "DELETE FROM email_report_deliveries WHERE report_id IN ("
            + "SELECT id FROM email_reports WHERE site_id = ? AND organization_id = ?)",
        siteId,
        organizationId);
    update(
        c,
        "DELETE FROM email_reports WHERE site_id = ? AND organization_id = ?",
        siteId,
        organizationId);
  }

  private static EmailReport row(ResultSet rs) throws SQLException {
    return new EmailReport(
        rs.getString("id"),
        rs.getString("site_id"),
        EmailReport.Frequency.valueOf(rs.getString("frequency")),
        Arrays.asList(rs.getString("recipients").split(",")),
        rs.getObject("next_period", LocalDate.class),
        instant(rs, "created_at"));
  }
}
