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
 * @param readsPeople a viewer's grant to read the people of its sites (profiles and person-level
 *     reports), which viewers do not have by default; owners, admins and analysts always read
 *     people, so for them it is always false
 */
public record Membership(
    String organizationId, String personId, Role role, Set<String> siteIds, boolean readsPeople) {

  /** A membership without the viewer's people grant. */
  public Membership(String organizationId, String personId, Role role, Set<String> siteIds) {
    this(organizationId, personId, role, siteIds, false);
  }

  public Membership {
    Checks.id("organizationId", organizationId);
    Checks.id("personId", personId);
    Objects.requireNonNull(role, "role");
    siteIds = Set.copyOf(siteIds);
    for (String siteId : siteIds) {
      Checks.id("siteIds[]", siteId);
    }
    readsPeople = readsPeople && role == Role.VIEWER;
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
