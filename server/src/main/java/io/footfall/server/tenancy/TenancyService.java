package io.footfall.server.tenancy;

import io.footfall.core.AuditEntry;
import io.footfall.core.Invitation;
import io.footfall.core.Membership;
import io.footfall.core.Organization;
import io.footfall.core.Person;
import io.footfall.core.Role;
import io.footfall.core.Site;
import io.footfall.core.StoreConflictException;
import io.footfall.core.metadata.MetadataStore;
import io.footfall.server.access.Access;
import io.footfall.server.access.AccessException;
import io.footfall.server.access.AccessPolicy;
import io.footfall.server.access.PasswordHasher;
import io.footfall.server.access.PasswordPolicy;
import io.footfall.server.access.Permission;
import io.footfall.server.access.Principal;
import io.footfall.server.access.Principals;
import io.footfall.server.access.Secrets;
import io.footfall.server.audit.Auditor;
import io.footfall.server.mail.Mail;
import io.footfall.server.mail.MailDeliveryException;
import io.footfall.server.mail.MailSender;
import io.footfall.server.sites.AdminException;
import io.footfall.server.sites.SiteService;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Organizations, their sites, members, invitations and the audit log. Every method takes the
 * calling principal and asks the {@link AccessPolicy} before it reads or writes anything, so the
 * rules hold below the HTTP layer.
 */
public final class TenancyService {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(TenancyService.class);
  private final MetadataStore store;
  private final SiteService sites;
  private final Auditor audit;
  private final PasswordHasher passwords;
  private final Optional<MailSender> mail;
  private final String publicUrl;
  private final Clock clock;

  /** How long an invitation may be accepted. */
  public static final Duration INVITATION_TTL = Duration.ofDays(7);

  /**
   * @param mail where invitations are mailed; empty: they are not mailed, and the invited person
   *     accepts them after signing in
   * @param publicUrl the dashboard's address, for the links in invitations
   */
  public TenancyService(
      MetadataStore store,
      SiteService sites,
      Auditor audit,
      PasswordHasher passwords,
      Optional<MailSender> mail,
      String publicUrl,
      Clock clock) {
    this.store = store;
    this.sites = sites;
    this.audit = audit;
    this.passwords = passwords;
    this.mail = mail;
    this.publicUrl =
        publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    this.clock = clock;
  }

  /** Where a request came from, for the audit log. */
  public record Origin(Principal principal, String clientAddress) {
    /** The principal of a request that passed {@link Principals}, and its client's address. */
    public static Origin of(Context ctx) {
      return new Origin(Principals.of(ctx), ctx.ip());
    }
  }

  // ------------------------------------------------------------------ organizations

  /** The organizations the principal belongs to (all of them for the installation). */
  public List<Organization> organizations(Principal p) {
    return switch (p) {
      case Principal.Installation i -> store.organizations().all();
      case Principal.Member m ->
          m.memberships().stream()
              .map(ms -> store.organizations().find(ms.organizationId()))
              .flatMap(Optional::stream)
              .toList();
      case Principal.Key k ->
          store.organizations().find(k.key().organizationId()).stream().toList();
      case Principal.Link l -> List.of();
      case Principal.Anonymous a ->
          throw AccessException.unauthenticated("sign in, or send an API key");
    };
  }

  /**
   * The access check before a change inside one organization, and a 404 when it does not exist:
   * members and keys pass the policy only for organizations they belong to, but the installation
   * passes it for any id, so without this a change for a missing organization reached the store and
   * failed there (found by NoServerErrorFuzzTest: adding a member, making an API key).
   *
   * @throws AccessException when {@code p} may not, or the organization does not exist
   */
  public void requireToChange(Principal p, Permission permission, String organizationId) {
    Access.require(p, permission, organizationId, "", org(organizationId));
    if (p instanceof Principal.Installation
        && store.organizations().find(organizationId).isEmpty()) {
      throw AccessException.notFound(org(organizationId));
    }
  }

  public Organization organization(Principal p, String organizationId) {
    Access.require(p, Permission.VIEW_ORGANIZATION, organizationId, "", org(organizationId));
    return store
        .organizations()
        .find(organizationId)
        .orElseThrow(() -> AccessException.notFound(org(organizationId)));
  }

  /**
   * Deletes the organization with all its data ({@link SiteService#deleteOrganization}). Only an
   * owner signed in, or the installation, may; {@code confirm} must be the organization's name. The
   * organization's audit log goes with it, so the deletion is written to the server's log.
   */
  public long deleteOrganization(Origin o, String organizationId, String confirm) {
    Organization found = organization(o.principal(), organizationId);
    Access.require(
        o.principal(), Permission.MANAGE_ORGANIZATION, organizationId, "", org(organizationId));
    boolean owner =
        switch (o.principal()) {
          case Principal.Installation i -> true;
          case Principal.Member m ->
              m.in(organizationId).map(ms -> ms.role() == Role.OWNER).orElse(false);
          default -> false;
        };
    if (!owner) {
      throw AccessException.denied("only an owner signed in may delete the organization");
    }
    if (!found.name().equals(confirm)) {
      throw AdminException.invalid(
          "confirm", "confirm with the organization's name, \"" + found.name() + "\"");
    }
    long events = sites.deleteOrganization(organizationId);
    org.slf4j.LoggerFactory.getLogger(TenancyService.class)
        .info(
            "audit: {} organization.delete {} ({} events)",
            o.principal().actor(),
            organizationId,
            events);
    return events;
  }

  /** Creates an organization; a signed-in person who creates one becomes its owner. */
  public Organization createOrganization(Origin o, String name) {
    if (o.principal() instanceof Principal.Anonymous) {
      throw AccessException.unauthenticated("sign in to create an organization");
    }
    if (!(o.principal() instanceof Principal.Installation)
        && !(o.principal() instanceof Principal.Member)) {
      throw AccessException.denied(
          "only signed-in people and the installation create organizations");
    }
    Organization created =
        new Organization(
            "o_" + Secrets.token().substring(0, 12), SiteService.validName(name), clock.instant());
    store.organizations().create(created);
    if (o.principal() instanceof Principal.Member m) {
      store.members().grant(new Membership(created.id(), m.person().id(), Role.OWNER, Set.of()));
    }
    audit.record(
        o.principal(),
        created.id(),
        "organization.create",
        created.id(),
        o.clientAddress(),
        Map.of("name", created.name()));
    return created;
  }

  public Organization renameOrganization(Origin o, String organizationId, String name) {
    Access.require(
        o.principal(), Permission.MANAGE_ORGANIZATION, organizationId, "", org(organizationId));
    Organization before = organization(o.principal(), organizationId);
    Organization after =
        new Organization(before.id(), SiteService.validName(name), before.createdAt());
    store.organizations().update(after);
    audit.record(
        o.principal(),
        organizationId,
        "organization.rename",
        organizationId,
        o.clientAddress(),
        Map.of("name", after.name()));
    return after;
  }

  // ------------------------------------------------------------------ sites

  /** The sites of the organization the principal may see. */
  public List<Site> sites(Principal p, String organizationId) {
    Access.require(p, Permission.VIEW_ORGANIZATION, organizationId, "", org(organizationId));
    return store.sites().list(organizationId).stream()
        .filter(s -> AccessPolicy.canSee(p, organizationId, s.id()))
        .toList();
  }

  /** Every site the principal may see, across its organizations. */
  public List<Site> visibleSites(Principal p) {
    List<Site> out = new ArrayList<>();
    for (Organization org : organizations(p)) {
      out.addAll(sites(p, org.id()));
    }
    if (p instanceof Principal.Link l) {
      store.sites().find(l.link().organizationId(), l.link().siteId()).ifPresent(out::add);
    }
    return out;
  }

  /**
   * The site, if the principal may act on it with the permission; a site of another tenant reads as
   * missing.
   */
  public Site site(Principal p, String siteId, Permission permission) {
    Site site = sites.anySite(siteId).orElseThrow(() -> AccessException.notFound(site(siteId)));
    Access.require(p, permission, site.organizationId(), site.id(), site(siteId));
    return site;
  }

  public Site createSite(
      Origin o,
      String organizationId,
      String name,
      String domain,
      String timeZone,
      String currency,
      int retentionDays) {
    Access.require(
        o.principal(), Permission.MANAGE_ORGANIZATION, organizationId, "", org(organizationId));
    Site site = sites.create(organizationId, name, domain, timeZone, currency, retentionDays);
    audit.record(
        o.principal(),
        organizationId,
        "site.create",
        site.id(),
        o.clientAddress(),
        Map.of("domain", site.domain()));
    return site;
  }

  public Site updateSite(Origin o, Site changed) {
    site(o.principal(), changed.id(), Permission.MANAGE_SITE);
    Site updated = sites.update(changed);
    audit.record(
        o.principal(),
        updated.organizationId(),
        "site.update",
        updated.id(),
        o.clientAddress(),
        Map.of());
    return updated;
  }

  /**
   * Deletes the site and all its data ({@link SiteService#delete}). Deleting a site acts on the
   * organization, like creating one: it takes {@link Permission#MANAGE_ORGANIZATION} (owners,
   * admins of every site, admin keys), and is audited with the site's name, domain and how many
   * events went with it.
   */
  public SiteService.Deleted deleteSite(Origin o, String siteId) {
    Site site = site(o.principal(), siteId, Permission.VIEW_SITE);
    Access.require(
        o.principal(),
        Permission.MANAGE_ORGANIZATION,
        site.organizationId(),
        "",
        org(site.organizationId()));
    SiteService.Deleted deleted = sites.delete(site);
    audit.record(
        o.principal(),
        site.organizationId(),
        "site.delete",
        site.id(),
        o.clientAddress(),
        Map.of("name", site.name(), "domain", site.domain(), "events", deleted.events()));
    return deleted;
  }

  // ------------------------------------------------------------------ members

  public List<Member> members(Principal p, String organizationId) {
    Access.require(p, Permission.LIST_MEMBERS, organizationId, "", org(organizationId));
    List<Member> out = new ArrayList<>();
    for (Membership m : store.members().list(organizationId)) {
      store
          .people()
          .find(organizationId, m.personId())
          .ifPresent(person -> out.add(new Member(person, m)));
    }
    return out;
  }

  /** What adding a member did: added them (the installation) or invited them (anyone else). */
  public sealed interface Added permits Member, Invited {}

  /** A member with the person's public details. */
  public record Member(Person person, Membership membership) implements Added {}

  /**
   * An invitation that was made.
   *
   * @param mailed whether it was mailed to the address (depends on the configuration only, never on
   *     the address)
   */
  public record Invited(Invitation invitation, boolean mailed) implements Added {}

  /**
   * Adds a person to the organization. The installation adds them at once, creating the person when
   * the email is new (scripted provisioning; it sees every person anyway). Anyone else invites
   * them: the answer is the same whether or not the address has an account, so that nobody learns
   * who uses this installation, and nobody joins an organization without accepting. Only an owner
   * signed in (or the installation) makes owners.
   *
   * @param password the installation only: the new person's initial password, or empty to let them
   *     set it by a reset link
   * @param readsPeople a viewer's grant to read people; only for members added directly (an invited
   *     person is granted it once they have joined)
   */
  public Added addMember(
      Origin o,
      String organizationId,
      String email,
      String name,
      Role role,
      Set<String> siteIds,
      String password,
      boolean readsPeople) {
    requireToChange(o.principal(), Permission.MANAGE_MEMBERS, organizationId);
    requireMayGrant(o.principal(), organizationId, role);
    checkSites(organizationId, siteIds);
    if (!(o.principal() instanceof Principal.Installation)) {
      if (!password.isEmpty()) {
        throw AdminException.invalid(
            "password",
            "an invited person chooses their own password when they accept; leave password out");
      }
      if (readsPeople) {
        throw AdminException.invalid(
            "reads_people",
            "reads_people is granted once the invited person has joined: change their membership"
                + " then");
      }
      return invite(o, organizationId, email, role, siteIds);
    }
    Person person = store.people().byEmail(validEmail(email)).orElse(null);
    if (person == null) {
      if (!password.isEmpty()) {
        PasswordPolicy.require(password, email);
      }
      try {
        person =
            new Person(
                "p_" + Secrets.token().substring(0, 12),
                email,
                name,
                password.isEmpty() ? "" : passwords.hash(password),
                clock.instant());
      } catch (IllegalArgumentException e) {
        throw AdminException.invalid("email", e.getMessage());
      }
      store.people().create(person);
    }
    if (store.members().find(organizationId, person.id()).isPresent()) {
      throw new AdminException(409, "conflict", "email", email + " is already a member");
    }
    Membership m = new Membership(organizationId, person.id(), role, siteIds, readsPeople);
    store.members().grant(m);
    audit.record(
        o.principal(),
        organizationId,
        "member.add",
        person.id(),
        o.clientAddress(),
        Map.of("role", role.name(), "sites", siteIds, "reads_people", m.readsPeople()));
    return new Member(person, m);
  }

  private static String validEmail(String email) {
    try {
      return Person.normalizeEmail(email);
    } catch (IllegalArgumentException e) {
      throw AdminException.invalid("email", e.getMessage());
    }
  }

  /**
   * Makes (or re-makes, replacing the earlier one) an invitation and mails its link. Does the same
   * work whether or not the address has an account: it never looks the address up among people,
   * only among the organization's own members.
   */
  private Invited invite(
      Origin o, String organizationId, String email, Role role, Set<String> siteIds) {
    String address = validEmail(email);
    if (siteIds.size() > Invitation.MAX_SITES) {
      throw AdminException.invalid(
          "site_ids",
          "an invitation names at most " + Invitation.MAX_SITES + " sites, was " + siteIds.size());
    }
    boolean member =
        members(o.principal(), organizationId).stream()
            .anyMatch(m -> m.person().email().equals(address));
    if (member) {
      throw new AdminException(409, "conflict", "email", address + " is already a member");
    }
    Organization organization = organization(o.principal(), organizationId);
    String token = Secrets.token();
    Instant now = clock.instant();
    Invitation invitation =
        new Invitation(
            "i_" + Secrets.token().substring(0, 12),
            organizationId,
            address,
            role,
            siteIds,
            Secrets.sha256Hex(token),
            o.principal().actor(),
            now,
            now.plus(INVITATION_TTL));
    try {
      store.invitations().create(invitation);
    } catch (StoreConflictException e) {
      throw AdminException.invalid("site_ids", e.getMessage());
    }
    audit.record(
        o.principal(),
        organizationId,
        "member.invite",
        invitation.id(),
        o.clientAddress(),
        // The address names the target in the audit log: an invitation has no person yet.
        Map.of("email", address, "role", role.name(), "sites", siteIds));
    boolean mailed = false;
    if (mail.isPresent()) {
      try {
        mail.get().send(invitationMail(invitation, organization, token));
        mailed = true;
      } catch (MailDeliveryException e) {
        // The invitation stands: the person can still accept it after signing in, and the
        // answer must not depend on the address (a bounce could tell which ones exist).
        log.warn("invitation {} was not mailed: {}", invitation.id(), e.getMessage());
      }
    }
    return new Invited(invitation, mailed);
  }

  private Mail invitationMail(Invitation i, Organization organization, String token) {
    return new Mail(
        i.email(),
        "You are invited to " + organization.name() + " on Footfall",
        "You are invited to join the organization \""
            + organization.name()
            + "\" on Footfall as "
            + i.role().name().toLowerCase(Locale.ROOT)
            + ".\n\nOpen this link within "
            + INVITATION_TTL.toDays()
            + " days to accept (you can create your account there if you have none):\n"
            + publicUrl
            + "/invite?token="
            + token
            + "\n\nIf you did not expect this, ignore this mail: nothing happens unless you"
            + " accept.\n");
  }

  /** The organization's pending and expired invitations, newest first. */
  public List<Invitation> invitations(Principal p, String organizationId) {
    Access.require(p, Permission.LIST_MEMBERS, organizationId, "", org(organizationId));
    return store.invitations().list(organizationId);
  }

  public void revokeInvitation(Origin o, String organizationId, String invitationId) {
    requireToChange(o.principal(), Permission.MANAGE_MEMBERS, organizationId);
    if (!store.invitations().revoke(organizationId, invitationId)) {
      throw AccessException.notFound("invitation '" + invitationId + "'");
    }
    audit.record(
        o.principal(),
        organizationId,
        "member.invite.revoke",
        invitationId,
        o.clientAddress(),
        Map.of());
  }

  /** An invitation as its invited person sees it: with the organization's name. */
  public record Received(Invitation invitation, String organizationName) {}

  /** The signed-in person's pending invitations, oldest first. */
  public List<Received> receivedInvitations(Principal p) {
    Principal.Member me = signedIn(p);
    Instant now = clock.instant();
    List<Received> out = new ArrayList<>();
    for (Invitation i : store.invitations().to(me.person().email())) {
      if (i.pendingAt(now)) {
        store
            .organizations()
            .find(i.organizationId())
            .ifPresent(org -> out.add(new Received(i, org.name())));
      }
    }
    return out;
  }

  /**
   * The signed-in person accepts an invitation sent to their address. Another address's
   * invitations, and expired ones, read as missing.
   */
  public Membership acceptInvitation(Origin o, String invitationId) {
    Principal.Member me = signedIn(o.principal());
    Invitation invitation =
        store.invitations().to(me.person().email()).stream()
            .filter(i -> i.id().equals(invitationId) && i.pendingAt(clock.instant()))
            .findFirst()
            .orElseThrow(() -> AccessException.notFound("invitation '" + invitationId + "'"));
    return accept(o, invitation, me.person());
  }

  /** What accepting by the mailed link did. */
  public record Accepted(Person person, Membership membership, boolean accountCreated) {}

  /**
   * Accepts the invitation whose mailed token this is. The token proves control of the address: a
   * signed-in person with that address joins; without a session, an address without an account gets
   * one (with {@code name} and {@code password}) and joins; an address with an account must sign in
   * first. The token holder is the address's owner, so the answers may differ.
   */
  public Accepted acceptInvitationByToken(Origin o, String token, String name, String password) {
    Invitation invitation =
        store
            .invitations()
            .byTokenHash(Secrets.sha256Hex(token))
            .filter(i -> i.pendingAt(clock.instant()))
            .orElseThrow(
                () ->
                    AdminException.invalid(
                        "token",
                        "the invitation link is invalid, was used or revoked, or expired"));
    if (o.principal() instanceof Principal.Member me) {
      if (!me.person().email().equals(invitation.email())) {
        throw AccessException.denied(
            "this invitation was sent to another address: sign in with that address to accept it");
      }
      return new Accepted(me.person(), accept(o, invitation, me.person()), false);
    }
    if (store.people().byEmail(invitation.email()).isPresent()) {
      throw AccessException.unauthenticated(
          "an account with the invited address exists: sign in, then open the link again");
    }
    PasswordPolicy.require(password, invitation.email());
    Person person;
    try {
      person =
          new Person(
              "p_" + Secrets.token().substring(0, 12),
              invitation.email(),
              name.strip(),
              passwords.hash(password),
              clock.instant());
    } catch (IllegalArgumentException e) {
      throw AdminException.invalid("name", e.getMessage());
    }
    store.people().create(person);
    return new Accepted(person, accept(o, invitation, person), true);
  }

  private Membership accept(Origin o, Invitation invitation, Person person) {
    try {
      if (!store.acceptInvitation(invitation.organizationId(), invitation.id(), person.id())) {
        throw AccessException.notFound("invitation '" + invitation.id() + "'");
      }
    } catch (StoreConflictException e) {
      throw new AdminException(
          409,
          "conflict",
          "invitation",
          store.members().find(invitation.organizationId(), person.id()).isPresent()
              ? "you are already a member of this organization"
              : "a site this invitation was restricted to no longer exists; ask for a new one");
    }
    audit.record(
        "person:" + person.id(),
        invitation.organizationId(),
        "member.join",
        person.id(),
        o.clientAddress(),
        Map.of("invitation", invitation.id(), "role", invitation.role().name()));
    return invitation.membershipOf(person.id());
  }

  private static Principal.Member signedIn(Principal p) {
    if (p instanceof Principal.Member m) {
      return m;
    }
    throw AccessException.unauthenticated("sign in to see and accept your invitations");
  }

  /**
   * Changes a member's role, sites and, for a viewer, the grant to read people.
   *
   * @param readsPeople the viewer's grant; empty keeps the current one
   */
  public Member updateMember(
      Origin o,
      String organizationId,
      String personId,
      Role role,
      Set<String> siteIds,
      Optional<Boolean> readsPeople) {
    requireToChange(o.principal(), Permission.MANAGE_MEMBERS, organizationId);
    Membership before =
        store
            .members()
            .find(organizationId, personId)
            .orElseThrow(() -> AccessException.notFound("member '" + personId + "'"));
    requireMayGrant(o.principal(), organizationId, role);
    if (before.role() == Role.OWNER) {
      requireMayGrant(o.principal(), organizationId, Role.OWNER);
      if (role != Role.OWNER) {
        requireAnotherOwner(organizationId, personId);
      }
    }
    checkSites(organizationId, siteIds);
    Membership after =
        new Membership(
            organizationId, personId, role, siteIds, readsPeople.orElse(before.readsPeople()));
    store.members().update(after);
    audit.record(
        o.principal(),
        organizationId,
        "member.update",
        personId,
        o.clientAddress(),
        Map.of("role", role.name(), "sites", siteIds, "reads_people", after.readsPeople()));
    Person person =
        store
            .people()
            .find(organizationId, personId)
            .orElseThrow(() -> AccessException.notFound("member '" + personId + "'"));
    return new Member(person, after);
  }

  public void removeMember(Origin o, String organizationId, String personId) {
    requireToChange(o.principal(), Permission.MANAGE_MEMBERS, organizationId);
    Membership before =
        store
            .members()
            .find(organizationId, personId)
            .orElseThrow(() -> AccessException.notFound("member '" + personId + "'"));
    if (before.role() == Role.OWNER) {
      requireMayGrant(o.principal(), organizationId, Role.OWNER);
      requireAnotherOwner(organizationId, personId);
    }
    store.members().revoke(organizationId, personId);
    audit.record(
        o.principal(), organizationId, "member.remove", personId, o.clientAddress(), Map.of());
  }

  /**
   * Owner changes (making an owner, changing or removing one) need an owner who is a person, signed
   * in, or the installation (the operator's way back in). No API key may make them, whoever made
   * the key: a key is a credential that can leak or be made by an admin, and ownership is the one
   * power an admin must not be able to reach.
   */
  private void requireMayGrant(Principal p, String organizationId, Role role) {
    if (role != Role.OWNER) {
      return;
    }
    boolean owner =
        switch (p) {
          case Principal.Installation i -> true;
          case Principal.Member m ->
              m.in(organizationId).map(ms -> ms.role() == Role.OWNER).orElse(false);
          default -> false;
        };
    if (!owner) {
      throw AccessException.denied(
          p instanceof Principal.Key
              ? "owners are made, changed and removed only by an owner signed in, never with an"
                  + " API key"
              : "only an owner may make, change or remove owners");
    }
  }

  private void requireAnotherOwner(String organizationId, String personId) {
    boolean another =
        store.members().list(organizationId).stream()
            .anyMatch(m -> m.role() == Role.OWNER && !m.personId().equals(personId));
    if (!another) {
      throw new AdminException(
          409, "last_owner", "role", "an organization keeps at least one owner");
    }
  }

  private void checkSites(String organizationId, Set<String> siteIds) {
    for (String siteId : siteIds) {
      if (store.sites().find(organizationId, siteId).isEmpty()) {
        throw AdminException.invalid(
            "site_ids", "site '" + siteId + "' is not a site of this organization");
      }
    }
  }

  // ------------------------------------------------------------------ audit

  public List<AuditEntry> audit(
      Principal p, String organizationId, int limit, Optional<AuditEntry.Cursor> before) {
    Access.require(p, Permission.READ_AUDIT, organizationId, "", org(organizationId));
    int n = Math.max(1, Math.min(limit, 500));
    return before.isPresent()
        ? store.auditLog().before(organizationId, before.get(), n)
        : store.auditLog().latest(organizationId, n);
  }

  private static String org(String id) {
    return "organization '" + id + "'";
  }

  private static String site(String id) {
    return "site '" + id + "'";
  }
}
