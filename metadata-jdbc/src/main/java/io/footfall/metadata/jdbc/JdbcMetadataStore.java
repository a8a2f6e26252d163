package io.footfall.metadata.jdbc;

import io.footfall.core.ApiKey;
import io.footfall.core.AuditEntry;
import io.footfall.core.EmailReport;
import io.footfall.core.Goal;
import io.footfall.core.Invitation;
import io.footfall.core.Membership;
import io.footfall.core.MetadataStore;
import io.footfall.core.Organization;
import io.footfall.core.Person;
import io.footfall.core.SchemaMigrations;
import io.footfall.core.SharedLink;
import io.footfall.core.SignedIn;
import io.footfall.core.Site;
import io.footfall.core.SiteSecret;
import io.footfall.core.StoreException;
import io.footfall.core.WebSession;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The metadata store over JDBC, in SQL that runs unchanged on DuckDB (the embedded file) and on
 * PostgreSQL (cluster mode): one class per aggregate, and this class, which delegates to them until
 * the store's interface is split the same way.
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
              "V005__site_secrets.sql"));

  private final Jdbc db;
  private final JdbcOrganizations organizations;
  private final JdbcSites sites;
  private final JdbcSalts salts;
  private final JdbcPeople people;
  private final JdbcMembers members;
  private final JdbcApiKeys apiKeys;
  private final JdbcInvitations invitations;
  private final JdbcSharedLinks links;
  private final JdbcSecretKeys secrets;
  private final JdbcGoals goals;
  private final JdbcReportSchedules reports;
  private final JdbcAuditLog audit;
  private final JdbcWebSessions sessions;

  private JdbcMetadataStore(ConnectionSource connections) {
    this.db = new Jdbc(connections);
    this.organizations = new JdbcOrganizations(db);
    this.sites = new JdbcSites(db);
    this.salts = new JdbcSalts(db);
    this.people = new JdbcPeople(db);
    this.members = new JdbcMembers(db);
    this.apiKeys = new JdbcApiKeys(db);
    this.invitations = new JdbcInvitations(db);
    this.links = new JdbcSharedLinks(db);
    this.secrets = new JdbcSecretKeys(db);
    this.goals = new JdbcGoals(db);
    this.reports = new JdbcReportSchedules(db);
    this.audit = new JdbcAuditLog(db);
    this.sessions = new JdbcWebSessions(db);
  }

  /**
   * Opens the store and applies pending schema migrations (recorded in {@code
   * metadata_migrations}).
   *
   * @throws StoreException if the database cannot be reached or a migration fails
   */
  public static JdbcMetadataStore open(ConnectionSource connections) {
    JdbcMetadataStore store = new JdbcMetadataStore(connections);
    store.db.run("applying metadata schema migrations", MIGRATIONS::apply);
    return store;
  }

  @Override
  public boolean deleteSite(String organizationId, String siteId) {
    return db.transaction(
        "deleting site " + siteId,
        c -> {
          if (!JdbcSites.isSiteOf(c, organizationId, siteId)) {
            return false;
          }
          JdbcMembers.removeSite(c, organizationId, siteId);
          JdbcReportSchedules.deleteOfSite(c, organizationId, siteId);
          JdbcGoals.deleteOfSite(c, organizationId, siteId);
          JdbcSecretKeys.deleteOfSite(c, organizationId, siteId);
          JdbcSharedLinks.deleteOfSite(c, organizationId, siteId);
          JdbcSalts.deleteOfSite(c, siteId);
          return JdbcSites.delete(c, organizationId, siteId);
        });
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
            throw new io.footfall.core.StoreConflictException(
                what + ": the person is already a member of organization " + organizationId);
          }
          JdbcInvitations.delete(c, invitationId);
          return true;
        });
  }

  @Override
  public void createOrganization(Organization o) {
    organizations.create(o);
  }

  @Override
  public Optional<Organization> organization(String id) {
    return organizations.find(id);
  }

  @Override
  public boolean updateOrganization(Organization o) {
    return organizations.update(o);
  }

  @Override
  public List<Organization> organizations() {
    return organizations.all();
  }

  @Override
  public void createSite(Site s) {
    sites.create(s);
  }

  @Override
  public boolean updateSite(Site s) {
    return sites.update(s);
  }

  @Override
  public Optional<Site> site(String org, String id) {
    return sites.find(org, id);
  }

  @Override
  public List<Site> sites(String org) {
    return sites.list(org);
  }

  @Override
  public Optional<Site> byWriteKey(String key) {
    return sites.byWriteKey(key);
  }

  @Override
  public Optional<Site> byId(String id) {
    return sites.byId(id);
  }

  @Override
  public List<Site> allSites() {
    return sites.all();
  }

  @Override
  public byte[] salt(String site, LocalDate day, byte[] fresh) {
    return salts.forDay(site, day, fresh);
  }

  @Override
  public int deleteSaltsBefore(String site, LocalDate day) {
    return salts.deleteBefore(site, day);
  }

  @Override
  public void createPerson(Person p) {
    people.create(p);
  }

  @Override
  public boolean updatePerson(Person p) {
    return people.update(p);
  }

  @Override
  public Optional<Person> person(String org, String id) {
    return people.find(org, id);
  }

  @Override
  public Optional<Person> personByEmail(String email) {
    return people.byEmail(email);
  }

  @Override
  public Optional<Person> personById(String id) {
    return people.byId(id);
  }

  @Override
  public void grantMembership(Membership m) {
    members.grant(m);
  }

  @Override
  public boolean updateMembership(Membership m) {
    return members.update(m);
  }

  @Override
  public boolean revokeMembership(String org, String id) {
    return members.revoke(org, id);
  }

  @Override
  public Optional<Membership> membership(String org, String id) {
    return members.find(org, id);
  }

  @Override
  public List<Membership> memberships(String org) {
    return members.list(org);
  }

  @Override
  public List<Membership> membershipsOf(String id) {
    return members.ofPerson(id);
  }

  @Override
  public void createApiKey(ApiKey k) {
    apiKeys.create(k);
  }

  @Override
  public Optional<ApiKey> apiKey(String org, String id) {
    return apiKeys.find(org, id);
  }

  @Override
  public List<ApiKey> apiKeys(String org) {
    return apiKeys.list(org);
  }

  @Override
  public boolean revokeApiKey(String org, String id, Instant at) {
    return apiKeys.revoke(org, id, at);
  }

  @Override
  public boolean touchApiKey(String org, String id, Instant at) {
    return apiKeys.touch(org, id, at);
  }

  @Override
  public Optional<ApiKey> apiKeyByPrefix(String p) {
    return apiKeys.byPrefix(p);
  }

  @Override
  public void createInvitation(Invitation i) {
    invitations.create(i);
  }

  @Override
  public Optional<Invitation> invitation(String org, String id) {
    return invitations.find(org, id);
  }

  @Override
  public List<Invitation> invitations(String org) {
    return invitations.list(org);
  }

  @Override
  public boolean revokeInvitation(String org, String id) {
    return invitations.revoke(org, id);
  }

  @Override
  public Optional<Invitation> invitationByTokenHash(String h) {
    return invitations.byTokenHash(h);
  }

  @Override
  public List<Invitation> invitationsTo(String e) {
    return invitations.to(e);
  }

  @Override
  public int deleteExpiredInvitations(Instant now) {
    return invitations.deleteExpired(now);
  }

  @Override
  public void createSharedLink(SharedLink l) {
    links.create(l);
  }

  @Override
  public Optional<SharedLink> sharedLink(String org, String id) {
    return links.find(org, id);
  }

  @Override
  public List<SharedLink> sharedLinks(String org) {
    return links.list(org);
  }

  @Override
  public boolean revokeSharedLink(String org, String id, Instant at) {
    return links.revoke(org, id, at);
  }

  @Override
  public Optional<SharedLink> sharedLinkByTokenHash(String h) {
    return links.byTokenHash(h);
  }

  @Override
  public void putSiteSecret(SiteSecret s) {
    secrets.put(s);
  }

  @Override
  public Optional<SiteSecret> siteSecret(String org, String id) {
    return secrets.find(org, id);
  }

  @Override
  public Optional<SiteSecret> siteSecretByPrefix(String p) {
    return secrets.byPrefix(p);
  }

  @Override
  public void createGoal(Goal g) {
    goals.create(g);
  }

  @Override
  public List<Goal> goals(String org, String site) {
    return goals.list(org, site);
  }

  @Override
  public Optional<Goal> goal(String org, String site, String id) {
    return goals.find(org, site, id);
  }

  @Override
  public boolean deleteGoal(String org, String site, String id) {
    return goals.delete(org, site, id);
  }

  @Override
  public void createEmailReport(EmailReport r) {
    reports.create(r);
  }

  @Override
  public List<EmailReport> emailReports(String org, String site) {
    return reports.list(org, site);
  }

  @Override
  public Optional<EmailReport> emailReport(String org, String site, String id) {
    return reports.find(org, site, id);
  }

  @Override
  public boolean deleteEmailReport(String org, String site, String id) {
    return reports.delete(org, site, id);
  }

  @Override
  public List<EmailReport> allEmailReports() {
    return reports.all();
  }

  @Override
  public boolean advanceEmailReport(String id, LocalDate from, LocalDate to) {
    return reports.advance(id, from, to);
  }

  @Override
  public boolean recordEmailDelivery(String id, LocalDate period, String to, Instant at) {
    return reports.recordDelivery(id, period, to, at);
  }

  @Override
  public Set<String> emailDeliveries(String id, LocalDate period) {
    return reports.deliveries(id, period);
  }

  @Override
  public void appendAudit(AuditEntry e) {
    audit.append(e);
  }

  @Override
  public List<AuditEntry> audit(String org, int limit) {
    return audit.latest(org, limit);
  }

  @Override
  public List<AuditEntry> auditBefore(String org, AuditEntry.Cursor c, int limit) {
    return audit.before(org, c, limit);
  }

  @Override
  public int deleteAuditOlderThan(Instant cutoff) {
    return audit.deleteOlderThan(cutoff);
  }

  @Override
  public void createSession(WebSession s) {
    sessions.create(s);
  }

  @Override
  public Optional<WebSession> session(String h) {
    return sessions.find(h);
  }

  @Override
  public Optional<SignedIn> signedIn(String h) {
    return sessions.signedIn(h);
  }

  @Override
  public boolean touchSession(String h, Instant seen, Instant exp) {
    return sessions.touch(h, seen, exp);
  }

  @Override
  public boolean deleteSession(String h) {
    return sessions.delete(h);
  }

  @Override
  public int deleteSessionsOf(String p) {
    return sessions.deleteOf(p);
  }

  @Override
  public int deleteExpiredSessions(Instant now) {
    return sessions.deleteExpired(now);
  }
}
