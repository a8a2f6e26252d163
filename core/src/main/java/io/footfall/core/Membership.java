package io.footfall.core;

import java.util.Objects;
import java.util.Set;

/**
 * A person's role in an organization, optionally restricted to some of its sites (a marketplace
 * seller sees only their own products).
 *
 * @param organizationId the organization
 * @param personId the member
 * @param role what the member may do
 * @param siteIds empty: every site of the organization, present and future; otherwise only these
 *     sites. Every id must name a site of the organization; the store refuses others.
 */
public record Membership(String organizationId, String personId, Role role, Set<String> siteIds) {
  public Membership {
    Checks.id("organizationId", organizationId);
    Checks.id("personId", personId);
    Objects.requireNonNull(role, "role");
    siteIds = Set.copyOf(siteIds);
    for (String siteId : siteIds) {
      Checks.id("siteIds[]", siteId);
    }
  }

  /** Whether the membership covers every site of the organization. */
  public boolean allSites() {
    return siteIds.isEmpty();
  }

  /** Whether the membership covers the site (which must belong to the same organization). */
  public boolean covers(String siteId) {
    return siteIds.isEmpty() || siteIds.contains(siteId);
  }
}
