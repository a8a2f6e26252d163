package io.footfall.metadata.jdbc;

import io.footfall.core.Invitation;
import io.footfall.core.Membership;
import io.footfall.core.SchemaMigrations;
import io.footfall.core.StoreConflictException;
import io.footfall.core.StoreException;
import io.footfall.core.metadata.ApiKeys;
import io.footfall.core.metadata.AuditLog;
import io.footfall.core.metadata.Cohorts;
import io.footfall.core.metadata.Goals;
import io.footfall.core.metadata.Insights;
import io.footfall.core.metadata.Invitations;
import io.footfall.core.metadata.Members;
import io.footfall.core.metadata.MetadataStore;
import io.footfall.core.metadata.Organizations;
import io.footfall.core.metadata.People;
import io.footfall.core.metadata.ReportSchedules;
import io.footfall.core.metadata.Salts;
import io.footfall.core.metadata.SecretKeys;
import io.footfall.core.metadata.SharedLinks;
import io.footfall.core.metadata.Sites;
import io.footfall.core.metadata.WebSessions;
import java.util.List;
import java.util.Optional;

/**
 * The metadata store over JDBC, in SQL that runs unchanged on DuckDB (the embedded file) and on
 * PostgreSQL (cluster mode): one class per aggregate ({@code JdbcSites}, {@code JdbcGoals}, ...)
 * over one {@link Jdbc} helper, and this class, which builds them, applies the migrations, and runs
 * the two writes that span aggregates.
 *
 * <p>Design note. Portability comes from a small dialect: {@code VARCHAR(n)}, {@code BOOLEAN},
 * {@code INTEGER}, {@code DATE}, {@code TIMESTAMP} in UTC, {@code INSERT ... ON CONFLICT DO
 * NOTHING}, {@code ORDER BY ... LIMIT ?}, and no engine-specific function. Inserts of rows with
 * unique values use {@code ON CONFLICT DO NOTHING} and read a zero row count as "taken", so a
 * conflict never aborts a PostgreSQL transaction and needs no error-message parsing; only updates
 * that change a unique column rely on recognising the engine's unique-violation error. There are no
 * foreign keys (DuckDB's cannot cascade, so deleting a tenant would need a hand-ordered delete
 * either way); every reference (site → organization, membership → person and sites, link → site,
 * goal → site, insight → site) is checked in the same transaction as the write, by the static
 * checks of the aggregate that owns the referenced table ({@code JdbcSites.requireSiteOf}, ...).
 * For the same reason {@link #deleteSite} deletes by hand, each aggregate deleting its own rows of
 * the site.
 *
 * <p>Scoping: every organization-owned row carries {@code organization_id}, and every scoped
 * statement has {@code organization_id = ?} in its {@code WHERE} clause.
 */
public final class JdbcMetadataStore implements MetadataStore {
  private static final SchemaMigrations MIGRATIONS =
      new SchemaMigrations(
          "metadata_migrations",
          JdbcMetadataStore.class,
          List.of(
              "V001__tenancy.sql",
              "V002__goals.sql",
              "V003__email_reports.sql",
              "V004__key_creators_and_invitations.sql",
              "V005__site_secrets.sql",
              "V006__viewer_people_grant.sql",
              "V007__cohorts.sql",
              "V008__insights.sql",
              "V009__data_requests.sql",
              "V010__aggregate_retention.sql",
              "V011__consent_level.sql",
              "V012__event_catalogue.sql",
              "V013__validation.sql"));

  private final Jdbc db;
  private final JdbcOrganizations organizations;
  private final JdbcSites sites;
  private final JdbcSecretKeys secretKeys;
  private final JdbcSalts salts;
  private final JdbcPeople people;
  private final JdbcMembers members;
  private final JdbcInvitations invitations;
  private final JdbcApiKeys apiKeys;
  private final JdbcSharedLinks sharedLinks;
  private final JdbcGoals goals;
  private final JdbcCohorts cohorts;
  private final JdbcInsights insights;
  private final JdbcReportSchedules reportSchedules;
  private final JdbcAuditLog auditLog;
  private final JdbcDataRequests dataRequests;
  private final JdbcEventDefinitions eventDefinitions;
  private final JdbcEventQuality eventQuality;
  private final JdbcWebSessions sessions;

  private JdbcMetadataStore(ConnectionSource connections) {
    this.db = new Jdbc(connections);
    this.organizations = new JdbcOrganizations(db);
    this.sites = new JdbcSites(db);
    this.secretKeys = new JdbcSecretKeys(db);
    this.salts = new JdbcSalts(db);
    this.people = new JdbcPeople(db);
    this.members = new JdbcMembers(db);
    this.invitations = new JdbcInvitations(db);
    this.apiKeys = new JdbcApiKeys(db);
    this.sharedLinks = new JdbcSharedLinks(db);
    this.goals = new JdbcGoals(db);
    this.cohorts = new JdbcCohorts(db);
    this.insights = new JdbcInsights(db);
    this.reportSchedules = new JdbcReportSchedules(db);
    this.auditLog = new JdbcAuditLog(db);
    this.dataRequests = new JdbcDataRequests(db);
    this.eventDefinitions = new JdbcEventDefinitions(db);
    this.eventQuality = new JdbcEventQuality(db);
    this.sessions = new JdbcWebSessions(db);
  }

  /**
   * Opens the store and applies pending schema migrations (recorded in {@code
   * metadata_migrations}). The connections stay the caller's: {@link #close()} does not close the
   * source.
   *
   * @throws StoreException if the database cannot be reached or a migration fails
   */
  public static JdbcMetadataStore open(ConnectionSource connections) {
    JdbcMetadataStore store = new JdbcMetadataStore(connections);
    store.db.run("applying metadata schema migrations", MIGRATIONS::apply);
    return store;
  }

  @Override
  public Organizations organizations() {
    return organizations;
  }

  @Override
  public Sites sites() {
    return sites;
  }

  @Override
  public SecretKeys secretKeys() {
    return secretKeys;
  }

  @Override
  public Salts salts() {
    return salts;
  }

  @Override
  public People people() {
    return people;
  }

  @Override
  public Members members() {
    return members;
  }

  @Override
  public Invitations invitations() {
    return invitations;
  }

  @Override
  public ApiKeys apiKeys() {
    return apiKeys;
  }

  @Override
  public SharedLinks sharedLinks() {
    return sharedLinks;
  }

  @Override
  public Goals goals() {
    return goals;
  }

  @Override
  public Cohorts cohorts() {
    return cohorts;
  }

  @Override
  public Insights insights() {
    return insights;
  }

  @Override
  public ReportSchedules reportSchedules() {
    return reportSchedules;
  }

  @Override
  public AuditLog auditLog() {
    return auditLog;
  }

  @Override
  public io.footfall.core.metadata.DataRequests dataRequests() {
    return dataRequests;
  }

  @Override
  public io.footfall.core.metadata.EventDefinitions eventDefinitions() {
    return eventDefinitions;
  }

  @Override
  public io.footfall.core.metadata.EventQuality eventQuality() {
    return eventQuality;
  }

  @Override
  public WebSessions sessions() {
    return sessions;
  }

  @Override
  public boolean deleteSite(String organizationId, String siteId) {
    return db.transaction(
        "deleting site " + siteId,
        c -> {
          if (!JdbcSites.isSiteOf(c, organizationId, siteId)) {
            return false;
          }
          return deleteSite(c, organizationId, siteId);
        });
  }

  @Override
  public boolean deleteOrganization(String organizationId) {
    return db.transaction(
        "deleting organization " + organizationId,
        c -> {
          if (!Jdbc.exists(c, "SELECT id FROM organizations WHERE id = ?", organizationId)) {
            return false;
          }
          List<String> sites = new java.util.ArrayList<>();
          try (var ps = c.prepareStatement("SELECT id FROM sites WHERE organization_id = ?")) {
            ps.setString(1, organizationId);
            try (var rs = ps.executeQuery()) {
              while (rs.next()) {
                sites.add(rs.getString(1));
              }
            }
          }
          for (String site : sites) {
            deleteSite(c, organizationId, site);
          }
          List<String> members = new java.util.ArrayList<>();
          try (var ps =
              c.prepareStatement("SELECT person_id FROM memberships WHERE organization_id = ?")) {
            ps.setString(1, organizationId);
            try (var rs = ps.executeQuery()) {
              while (rs.next()) {
                members.add(rs.getString(1));
              }
            }
          }
          for (String table :
              List.of(
                  "membership_sites",
                  "memberships",
                  "invitations",
                  "api_keys",
                  "shared_links",
                  "audit_log",
                  "data_requests",
                  "email_reports")) {
            Jdbc.update(c, "DELETE FROM " + table + " WHERE organization_id = ?", organizationId);
          }
          for (String person : members) {
            if (!Jdbc.exists(c, "SELECT person_id FROM memberships WHERE person_id = ?", person)) {
              Jdbc.update(c, "DELETE FROM web_sessions WHERE person_id = ?", person);
              Jdbc.update(c, "DELETE FROM persons WHERE id = ?", person);
            }
          }
          return Jdbc.update(c, "DELETE FROM organizations WHERE id = ?", organizationId) == 1;
        });
  }

  /** Deletes the site's rows of every aggregate, then the site, in the caller's transaction. */
  private static boolean deleteSite(java.sql.Connection c, String organizationId, String siteId)
      throws java.sql.SQLException {
    {
      {
        JdbcMembers.removeSite(c, organizationId, siteId);
        JdbcReportSchedules.deleteOfSite(c, organizationId, siteId);
        JdbcGoals.deleteOfSite(c, organizationId, siteId);
        JdbcCohorts.deleteOfSite(c, organizationId, siteId);
        JdbcInsights.deleteOfSite(c, organizationId, siteId);
        JdbcDataRequests.deleteOfSite(c, organizationId, siteId);
        JdbcSecretKeys.deleteOfSite(c, organizationId, siteId);
        JdbcSharedLinks.deleteOfSite(c, organizationId, siteId);
        JdbcSalts.deleteOfSite(c, siteId);
        JdbcEventDefinitions.deleteOfSite(c, siteId);
        JdbcEventQuality.deleteOfSite(c, siteId);
        return JdbcSites.delete(c, organizationId, siteId);
      }
    }
  }

  @Override
  public boolean acceptInvitation(String organizationId, String invitationId, String personId) {
    String what = "accepting invitation " + invitationId + " for person " + personId;
    return db.transaction(
        what,
        c -> {
          Optional<Invitation> found = invitations.find(c, organizationId, invitationId);
          if (found.isEmpty()) {
            return false;
          }
          Membership m = found.get().membershipOf(personId);
          JdbcPeople.require(c, personId, what);
          // A restricted site deleted since the invitation was made must not widen the membership
          // to every site: refuse instead.
          JdbcMembers.requireOwnSites(c, m.organizationId(), m.siteIds());
          if (!JdbcMembers.insert(c, m)) {
            throw new StoreConflictException(
                what + ": the person is already a member of organization " + organizationId);
          }
          JdbcInvitations.delete(c, invitationId);
          return true;
        });
  }

  @Override
  public void close() {
    db.close();
  }
}
