package io.footfall.core;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Tenancy metadata: organizations, their sites, people and memberships, API keys, shared links, the
 * sites' goals and email reports, the audit log, and signed-in browser sessions.
 *
 * <p><b>Scoping.</b> Every method that reads or changes something an organization owns takes the
 * organization's id first, and behaves as if the object did not exist when it belongs to another
 * organization: reads return empty, changes return {@code false} and change nothing. Access checks
 * above this interface therefore cannot reach another tenant's data by passing a foreign id. The
 * few lookups that cannot know the organization yet, because they are how a request proves who it
 * is, are named for that and documented "for authentication only": {@link #personByEmail}, {@link
 * #personById}, {@link #membershipsOf}, {@link #apiKeyByPrefix}, {@link #sharedLinkByTokenHash},
 * {@link #invitationByTokenHash}, {@link #invitationsTo}, {@link #siteSecretByPrefix}, {@link
 * #session}, {@link #signedIn}, and {@link SiteStore#byWriteKey}. {@link #createGoal} takes no
 * organization id because a {@link Goal} names only its site: the goal joins the organization that
 * owns the site, and callers check access to that site before they call it. Installation-wide
 * methods ({@link #organizations()}, {@link SiteStore#allSites()}, {@link #deleteAuditOlderThan},
 * {@link #deleteExpiredSessions}, {@link #deleteExpiredInvitations}, and the email-report
 * scheduler's {@link #allEmailReports}, {@link #advanceEmailReport}, {@link #recordEmailDelivery},
 * {@link #emailDeliveries}) serve the bootstrap token and background jobs. {@link
 * #createEmailReport} joins its site's organization like {@link #createGoal}.
 *
 * <p><b>Failures.</b> A write that would take a unique value (id, e-mail, write key, key prefix,
 * token hash, membership) or refer to something missing from the organization throws {@link
 * StoreConflictException} and writes nothing. Any other backend failure throws {@link
 * StoreException}.
 *
 * <p>Times are stored with microsecond precision, as the records already hold them. Implementations
 * are safe for concurrent use.
 */
public interface MetadataStore extends SiteStore {

  // ---------------------------------------------------------------- organizations

  /**
   * Stores a new organization.
   *
   * @throws StoreConflictException if the id is taken
   */
  void createOrganization(Organization organization);

  Optional<Organization> organization(String organizationId);

  /**
   * Replaces the organization's name; the creation time stays.
   *
   * @return {@code false} if the organization does not exist
   */
  boolean updateOrganization(Organization organization);

  /** Every organization, oldest first. Installation-wide: for the bootstrap token and jobs. */
  List<Organization> organizations();

  // ---------------------------------------------------------------- sites

  /**
   * Stores a new site in its organization ({@link Site#organizationId()}).
   *
   * @throws StoreConflictException if the organization does not exist, or the id or the write key
   *     is taken
   */
  void createSite(Site site);

  /**
   * Replaces the site's name, domain, time zone, currency, retention, write key and settings; the
   * id, the organization and the creation time stay. The site is looked up by id within {@link
   * Site#organizationId()}.
   *
   * @return {@code false} if the organization has no site with that id
   * @throws StoreConflictException if the new write key belongs to another site
   */
  boolean updateSite(Site site);

  Optional<Site> site(String organizationId, String siteId);

  /** The organization's sites, oldest first. */
  List<Site> sites(String organizationId);

  /**
   * Deletes the site and everything of the metadata that belongs to it, in one transaction: its
   * visitor salts, goals, email reports with their recorded deliveries, shared links, and its place
   * in members' site restrictions. A membership restricted to this site alone ends, since an empty
   * restriction would mean every site. The audit log keeps its entries about the site: they are the
   * organization's record of what happened, deleted by the audit retention like any other.
   *
   * @return {@code false} if the organization has no site with that id (nothing changes)
   */
  boolean deleteSite(String organizationId, String siteId);

  // ---------------------------------------------------------------- people

  /**
   * Stores a new person.
   *
   * @throws StoreConflictException if the id or the e-mail address is taken
   */
  void createPerson(Person person);

  /**
   * Replaces the person's e-mail, name and password hash; the id and creation time stay. People
   * belong to no organization; callers change a person on their own behalf, or after checking that
   * the person is a member of the caller's organization ({@link #person(String, String)}).
   *
   * @return {@code false} if there is no such person
   * @throws StoreConflictException if the new e-mail address belongs to another person
   */
  boolean updatePerson(Person person);

  /** The person, if they are a member of the organization; empty otherwise. */
  Optional<Person> person(String organizationId, String personId);

  /**
   * The person with this e-mail address (compared lower-cased). For authentication only.
   *
   * @throws IllegalArgumentException if {@code email} is not an address ({@link
   *     Person#normalizeEmail})
   */
  Optional<Person> personByEmail(String email);

  /** The person with this id, e.g. a session's person. For authentication only. */
  Optional<Person> personById(String personId);

  // ---------------------------------------------------------------- memberships

  /**
   * Gives a person a role in an organization.
   *
   * @throws StoreConflictException if the organization or the person does not exist, the person is
   *     already a member, or a restricted site is not a site of the organization
   */
  void grantMembership(Membership membership);

  /**
   * Replaces the role and the site restriction of an existing membership.
   *
   * @return {@code false} if the person is not a member of {@link Membership#organizationId()}
   * @throws StoreConflictException if a restricted site is not a site of the organization
   */
  boolean updateMembership(Membership membership);

  /** Ends the person's membership; {@code false} if they were not a member. */
  boolean revokeMembership(String organizationId, String personId);

  Optional<Membership> membership(String organizationId, String personId);

  /** The organization's memberships, ordered by person id. */
  List<Membership> memberships(String organizationId);

  /**
   * Every membership of the person, ordered by organization id. For authentication only: which
   * organizations a signed-in person may act in.
   */
  List<Membership> membershipsOf(String personId);

  // ---------------------------------------------------------------- API keys

  /**
   * Stores a new API key.
   *
   * @throws StoreConflictException if the organization does not exist, or the id or the prefix is
   *     taken
   */
  void createApiKey(ApiKey key);

  Optional<ApiKey> apiKey(String organizationId, String keyId);

  /** The organization's keys, revoked ones included, newest first. */
  List<ApiKey> apiKeys(String organizationId);

  /**
   * Revokes the key at {@code at}. A key stays revoked at its first revocation time.
   *
   * @return {@code true} if the key was active and is now revoked; {@code false} if it was already
   *     revoked or the organization has no such key
   */
  boolean revokeApiKey(String organizationId, String keyId, Instant at);

  /**
   * Records that the key was used at {@code at}; an earlier time never replaces a later one. Each
   * call is a write: callers record at most about once a minute per key.
   *
   * @return {@code false} if the organization has no such key
   */
  boolean touchApiKey(String organizationId, String keyId, Instant at);

  /** The key with this public prefix, revoked or not. For authentication only. */
  Optional<ApiKey> apiKeyByPrefix(String prefix);

  // ---------------------------------------------------------------- invitations

  /**
   * Stores a new invitation, replacing any invitation to the same address in the same organization
   * (a re-sent invitation supersedes the earlier one and its token).
   *
   * @throws StoreConflictException if the organization does not exist, a restricted site is not a
   *     site of the organization, or the id or the token hash is taken
   */
  void createInvitation(Invitation invitation);

  Optional<Invitation> invitation(String organizationId, String invitationId);

  /** The organization's invitations, expired ones included, newest first. */
  List<Invitation> invitations(String organizationId);

  /** Deletes the invitation; {@code false} if the organization has no such invitation. */
  boolean revokeInvitation(String organizationId, String invitationId);

  /** The invitation whose mailed token has this hash, expired or not. For authentication only. */
  Optional<Invitation> invitationByTokenHash(String tokenHash);

  /**
   * Every organization's invitations to this address (compared lower-cased), expired ones included,
   * oldest first. For authentication only: what a signed-in person has been invited to.
   *
   * @throws IllegalArgumentException if {@code email} is not an address
   */
  List<Invitation> invitationsTo(String email);

  /**
   * Accepts the invitation for the person: in one transaction, grants the person the invitation's
   * membership and deletes the invitation. Callers check first that the invitation is still pending
   * and that the person controls the invited address.
   *
   * @return {@code false} if the organization has no such invitation (nothing changes)
   * @throws StoreConflictException if the person does not exist, is already a member of the
   *     organization, or a restricted site is no longer a site of it (nothing changes)
   */
  boolean acceptInvitation(String organizationId, String invitationId, String personId);

  /**
   * Deletes every invitation whose expiry is at or before {@code now}. Installation-wide: for the
   * cleanup job.
   *
   * @return how many invitations were deleted
   */
  int deleteExpiredInvitations(Instant now);

  // ---------------------------------------------------------------- shared links

  /**
   * Stores a new shared link.
   *
   * @throws StoreConflictException if the site is not a site of the link's organization, or the id
   *     or the token hash is taken
   */
  void createSharedLink(SharedLink link);

  Optional<SharedLink> sharedLink(String organizationId, String linkId);

  /** The organization's links, revoked and expired ones included, newest first. */
  List<SharedLink> sharedLinks(String organizationId);

  /**
   * Revokes the link at {@code at}; it stays revoked at its first revocation time.
   *
   * @return {@code true} if the link was not revoked before and now is; {@code false} if it already
   *     was or the organization has no such link
   */
  boolean revokeSharedLink(String organizationId, String linkId, Instant at);

  /**
   * The link with this token hash, whether or not it is still usable ({@link SharedLink#usableAt}).
   * For authentication only.
   */
  Optional<SharedLink> sharedLinkByTokenHash(String tokenHash);

  // ---------------------------------------------------------------- site secret keys

  /**
   * Stores the site's secret key, replacing the one it had (rotation: the old key stops working at
   * once).
   *
   * @throws StoreConflictException if the site is not a site of the secret's organization, or the
   *     prefix is taken by another site's secret
   */
  void putSiteSecret(SiteSecret secret);

  /** The site's secret key (prefix and hash), if it has one and is a site of the organization. */
  Optional<SiteSecret> siteSecret(String organizationId, String siteId);

  /** The secret key with this public prefix. For authentication only. */
  Optional<SiteSecret> siteSecretByPrefix(String prefix);

  // ---------------------------------------------------------------- goals

  /**
   * Stores a new goal of the site {@link Goal#siteId()}, in the organization that owns the site.
   * Names are unique within a site, compared exactly (case-sensitive, as goal filters compare
   * them).
   *
   * @throws StoreConflictException if the site does not exist, the site already has a goal with
   *     this name, or the id is taken
   */
  void createGoal(Goal goal);

  /** The site's goals, oldest first (ties by id); empty for another organization's site. */
  List<Goal> goals(String organizationId, String siteId);

  /** The goal, if it is a goal of this site of this organization; empty otherwise. */
  Optional<Goal> goal(String organizationId, String siteId, String goalId);

  /**
   * Deletes the goal.
   *
   * @return {@code false} if this site of this organization has no goal with that id
   */
  boolean deleteGoal(String organizationId, String siteId, String goalId);

  // ---------------------------------------------------------------- email reports

  /**
   * Stores a new email report of the site {@link EmailReport#siteId()}, in the organization that
   * owns the site (like {@link #createGoal}, callers check access to the site first).
   *
   * @throws StoreConflictException if the site does not exist or the id is taken
   */
  void createEmailReport(EmailReport report);

  /** The site's email reports, oldest first (ties by id); empty for another organization's site. */
  List<EmailReport> emailReports(String organizationId, String siteId);

  /** The report, if it is a report of this site of this organization; empty otherwise. */
  Optional<EmailReport> emailReport(String organizationId, String siteId, String reportId);

  /**
   * Deletes the report and what was recorded of its deliveries.
   *
   * @return {@code false} if this site of this organization has no report with that id
   */
  boolean deleteEmailReport(String organizationId, String siteId, String reportId);

  /** Every email report, oldest first. Installation-wide: for the scheduler. */
  List<EmailReport> allEmailReports();

  /**
   * Moves a report's next period from {@code from} to {@code to} if it still is {@code from}, and
   * forgets the deliveries recorded for {@code from}. Installation-wide: for the scheduler.
   *
   * @return {@code false} if the report is gone or its next period is no longer {@code from}
   */
  boolean advanceEmailReport(String reportId, java.time.LocalDate from, java.time.LocalDate to);

  /**
   * Records that the report of the period starting {@code period} was sent to {@code recipient}.
   * Installation-wide: for the scheduler.
   *
   * @return {@code false} if that delivery was recorded already
   */
  boolean recordEmailDelivery(
      String reportId, java.time.LocalDate period, String recipient, Instant sentAt);

  /**
   * The recipients the report of the period starting {@code period} was sent to so far.
   * Installation-wide: for the scheduler.
   */
  java.util.Set<String> emailDeliveries(String reportId, java.time.LocalDate period);

  // ---------------------------------------------------------------- audit log

  /**
   * Appends an entry to its organization's log.
   *
   * @throws StoreConflictException if the id is taken
   */
  void appendAudit(AuditEntry entry);

  /**
   * The organization's newest entries, newest first (ties in time by id, descending).
   *
   * @param limit at most this many entries, at least 1
   */
  List<AuditEntry> audit(String organizationId, int limit);

  /**
   * The organization's entries that come after {@code before} in newest-first order, i.e. older
   * than it (or as old, with a smaller id). Passing the last entry's {@link AuditEntry#cursor()}
   * pages through the log without gaps or repeats while entries are appended.
   *
   * @param limit at most this many entries, at least 1
   */
  List<AuditEntry> auditBefore(String organizationId, AuditEntry.Cursor before, int limit);

  /**
   * Deletes every organization's entries older than {@code cutoff}. Installation-wide: for the
   * retention job.
   *
   * @return how many entries were deleted
   */
  int deleteAuditOlderThan(Instant cutoff);

  // ---------------------------------------------------------------- sessions

  /**
   * Stores a new session.
   *
   * @throws StoreConflictException if the id hash is taken or the person does not exist
   */
  void createSession(WebSession session);

  /** The session with this id hash, expired or not. For authentication only. */
  Optional<WebSession> session(String idHash);

  /**
   * The session with this id hash (expired or not) with its person and the person's memberships, in
   * one read: what every request with a session cookie needs. Empty when there is no such session.
   * For authentication only.
   */
  Optional<SignedIn> signedIn(String idHash);

  /**
   * Records activity: sets the session's last-seen time and its new expiry.
   *
   * @return {@code false} if there is no such session
   */
  boolean touchSession(String idHash, Instant lastSeenAt, Instant expiresAt);

  /** Ends one session (sign-out); {@code false} if there was none. */
  boolean deleteSession(String idHash);

  /** Ends every session of the person (e.g. after a password change); returns how many. */
  int deleteSessionsOf(String personId);

  /**
   * Deletes every session whose expiry is at or before {@code now}. Installation-wide: for the
   * cleanup job.
   *
   * @return how many sessions were deleted
   */
  int deleteExpiredSessions(Instant now);
}
