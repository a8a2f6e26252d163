package io.footfall.core.metadata;

import io.footfall.core.Goal;
import io.footfall.core.StoreConflictException;
import io.footfall.core.StoreException;

/**
 * Tenancy metadata: organizations, their sites, people and memberships, API keys, shared links, the
 * sites' goals, saved insights and email reports, the audit log, and signed-in browser sessions.
 * The store hands out one small interface per aggregate ({@link #sites()}, {@link #goals()}, ...),
 * all over the same database, and itself runs the two writes that span aggregates in one
 * transaction each ({@link #deleteSite}, {@link #acceptInvitation}). Code that needs one aggregate
 * takes that interface, not the store.
 *
 * <p><b>Scoping.</b> Every method that reads or changes something an organization owns takes the
 * organization's id first, and behaves as if the object did not exist when it belongs to another
 * organization: reads return empty, changes return {@code false} and change nothing. Access checks
 * above these interfaces therefore cannot reach another tenant's data by passing a foreign id. The
 * few lookups that cannot know the organization yet, because they are how a request proves who it
 * is, are named for that and documented "for authentication only": {@link People#byEmail}, {@link
 * People#byId}, {@link Members#ofPerson}, {@link ApiKeys#byPrefix}, {@link
 * SharedLinks#byTokenHash}, {@link Invitations#byTokenHash}, {@link Invitations#to}, {@link
 * SecretKeys#byPrefix}, {@link WebSessions#find}, {@link WebSessions#signedIn}, and {@link
 * Sites#byWriteKey}. {@link Goals#create} takes no organization id because a {@link Goal} names
 * only its site: the goal joins the organization that owns the site, and callers check access to
 * that site before they call it; {@link ReportSchedules#create}, {@link Cohorts#create} and {@link
 * Insights#create} do the same. {@link Sites#byId} resolves the site a request names before its
 * caller's access to it is checked. Installation-wide methods ({@link Organizations#all}, {@link
 * Sites#all}, {@link Salts}, {@link AuditLog#deleteOlderThan}, {@link WebSessions#deleteExpired},
 * {@link Invitations#deleteExpired}, and the email-report scheduler's {@link ReportSchedules#all},
 * {@link ReportSchedules#advance}, {@link ReportSchedules#recordDelivery}, {@link
 * ReportSchedules#deliveries}) serve the bootstrap token, the collector and background jobs.
 *
 * <p><b>Failures.</b> A write that would take a unique value (id, e-mail, write key, key prefix,
 * token hash, membership) or refer to something missing from the organization throws {@link
 * StoreConflictException} and writes nothing. Any other backend failure throws {@link
 * StoreException}, and so does every call after {@link #close}.
 *
 * <p>Times are stored with microsecond precision, as the records already hold them. The store and
 * every aggregate it hands out are safe for concurrent use; each aggregate method is atomic on its
 * own, and no two calls share a transaction.
 */
public interface MetadataStore extends AutoCloseable {

  Organizations organizations();

  Sites sites();

  SecretKeys secretKeys();

  Salts salts();

  People people();

  Members members();

  Invitations invitations();

  ApiKeys apiKeys();

  SharedLinks sharedLinks();

  Goals goals();

  Cohorts cohorts();

  Insights insights();

  ReportSchedules reportSchedules();

  AuditLog auditLog();

  /** The request log of data subjects' requests (export, erasure). */
  DataRequests dataRequests();

  WebSessions sessions();

  /** Each site's event catalogue. */
  EventDefinitions eventDefinitions();

  /** The problems catalogue validation counted. */
  EventQuality eventQuality();

  /**
   * Deletes the site and everything of the metadata that belongs to it, in one transaction: its
   * visitor salts, secret key, goals, cohorts, saved insights, data subjects' requests, email
   * reports with their recorded deliveries, shared links, and its place in members' site
   * restrictions. A membership restricted to this site alone ends, since an empty restriction would
   * mean every site. The audit log keeps its entries about the site: they are the organization's
   * record of what happened, deleted by the audit retention like any other.
   *
   * @return {@code false} if the organization has no site with that id (nothing changes)
   */
  boolean deleteSite(String organizationId, String siteId);

  /**
   * Deletes the organization and everything of the metadata that belongs to it, in one transaction:
   * each of its sites as {@link #deleteSite} does, its memberships, invitations, API keys, shared
   * links, audit log, data subjects' requests, and the accounts of its members who belong to no
   * other organization (with their sign-in sessions). The caller deletes the sites' events first.
   *
   * @return {@code false} if there is no such organization (nothing changes)
   */
  boolean deleteOrganization(String organizationId);

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
   * Releases what the store holds; the database itself (a connection source, a file) stays its
   * owner's. Every later call on the store or on an aggregate it handed out throws {@link
   * StoreException}. Closing twice is harmless.
   */
  @Override
  void close();
}
