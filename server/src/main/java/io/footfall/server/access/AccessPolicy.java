package io.footfall.server.access;

import io.footfall.core.ApiKey;
import io.footfall.core.Membership;
import io.footfall.core.Role;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The one place that decides who may do what. Every service asks it before touching the metadata or
 * event stores, so the rules hold whatever the HTTP layer does.
 *
 * <p>The answer distinguishes "not yours" ({@link Decision#HIDDEN}, answered 404 so that another
 * tenant's objects cannot even be probed for) from "yours, but your role may not" ({@link
 * Decision#DENIED}, answered 403).
 */
public final class AccessPolicy {
  private static final Map<Role, Set<Permission>> ROLES =
      Map.of(
          Role.OWNER, EnumSet.allOf(Permission.class),
          Role.ADMIN, EnumSet.allOf(Permission.class),
          Role.ANALYST,
              EnumSet.of(
                  Permission.READ_STATS,
                  Permission.READ_PEOPLE,
                  Permission.READ_INSIGHTS,
                  Permission.SAVE_INSIGHTS,
                  Permission.VIEW_SITE,
                  Permission.VIEW_ORGANIZATION,
                  Permission.LIST_MEMBERS),
          Role.VIEWER,
              EnumSet.of(
                  Permission.READ_STATS,
                  Permission.READ_INSIGHTS,
                  Permission.VIEW_SITE,
                  Permission.VIEW_ORGANIZATION));

  private static final Set<Permission> READ_SCOPE =
      EnumSet.of(
          Permission.READ_STATS,
          Permission.READ_INSIGHTS,
          Permission.VIEW_SITE,
          Permission.VIEW_ORGANIZATION);

  private AccessPolicy() {}

  /** The outcome of a check. */
  public enum Decision {
    ALLOWED,
    /** The principal may see the object but its role does not allow the action: 403. */
    DENIED,
    /** The object is not the principal's to know about: 404. */
    HIDDEN
  }

  /**
   * Decides whether {@code principal} may do {@code permission} in the organization, on the site
   * when the permission is site-scoped.
   *
   * @param siteId the site, for site-scoped permissions; ignored otherwise
   */
  public static Decision decide(
      Principal principal, Permission permission, String organizationId, String siteId) {
    return switch (principal) {
      case Principal.Anonymous a -> Decision.HIDDEN;
      case Principal.Installation i -> Decision.ALLOWED;
      case Principal.Member m ->
          m.in(organizationId)
              .map(membership -> member(membership, permission, siteId))
              .orElse(Decision.HIDDEN);
      case Principal.Key k -> key(k, permission, organizationId, siteId);
      case Principal.Link l ->
          l.link().organizationId().equals(organizationId)
                  && l.link().siteId().equals(siteId)
                  && permission == Permission.READ_STATS
              ? Decision.ALLOWED
              : Decision.HIDDEN;
    };
  }

  /** Whether the principal may see the site at all (lists show only such sites). */
  public static boolean canSee(Principal principal, String organizationId, String siteId) {
    return decide(principal, Permission.READ_STATS, organizationId, siteId) == Decision.ALLOWED;
  }

  private static Decision member(Membership m, Permission permission, String siteId) {
    if (permission.siteScoped() && !m.covers(siteId)) {
      // A member restricted to some sites does not learn that the others exist.
      return Decision.HIDDEN;
    }
    boolean orgWide = !permission.siteScoped() && permission != Permission.VIEW_ORGANIZATION;
    if (orgWide && !m.allSites()) {
      return Decision.DENIED;
    }
    if (permission == Permission.READ_PEOPLE && m.readsPeople()) {
      return Decision.ALLOWED; // a viewer granted the people of its sites
    }
    return ROLES.get(m.role()).contains(permission) ? Decision.ALLOWED : Decision.DENIED;
  }

  /**
   * Whether a person with this membership may create API keys, and so whether the keys they made
   * still work: an owner or admin whose membership is not restricted to some sites.
   */
  public static boolean mayCreateApiKeys(Membership m) {
    return member(m, Permission.MANAGE_API_KEYS, "") == Decision.ALLOWED;
  }

  /**
   * A key may do what its scopes allow, and never more than the person it acts for may do now (a
   * key is not a way around one's own role).
   */
  private static Decision key(
      Principal.Key k, Permission permission, String organizationId, String siteId) {
    ApiKey key = k.key();
    if (!key.organizationId().equals(organizationId)) {
      return Decision.HIDDEN;
    }
    boolean scoped =
        key.scopes().contains(ApiKey.Scope.ADMIN)
            || key.scopes().contains(ApiKey.Scope.READ_STATS) && READ_SCOPE.contains(permission);
    if (!scoped) {
      return Decision.DENIED;
    }
    return k.creator().map(m -> member(m, permission, siteId)).orElse(Decision.ALLOWED);
  }
}
