package io.footfall.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * An invitation to join an organization, sent to an e-mail address. It grants nothing until the
 * person who controls the address accepts it; accepting it turns it into a {@link Membership} with
 * its role and site restriction, and removes it. The store keeps the hash of the token mailed to
 * the address, never the token.
 *
 * @param id stable identifier
 * @param organizationId the organization the invitation is to
 * @param email the invited address, lower-cased ({@link Person#normalizeEmail}); at most one
 *     invitation per address and organization
 * @param role the role the member will have
 * @param siteIds empty: every site; otherwise only these sites (at most {@value #MAX_SITES})
 * @param tokenHash SHA-256 hex of the mailed token, at most 128 characters, unique
 * @param invitedBy who invited, as the audit log names them (e.g. {@code person:p_1a2b})
 * @param createdAt when it was made
 * @param expiresAt when it stops being acceptable; after {@code createdAt}
 */
public record Invitation(
    String id,
    String organizationId,
    String email,
    Role role,
    Set<String> siteIds,
    String tokenHash,
    String invitedBy,
    Instant createdAt,
    Instant expiresAt) {
  /** Most sites an invitation may be restricted to (the column holds them comma-separated). */
  public static final int MAX_SITES = 100;

  public Invitation {
    Checks.id("id", id);
    Checks.id("organizationId", organizationId);
    email = Person.normalizeEmail(email);
    Objects.requireNonNull(role, "role");
    siteIds = Set.copyOf(siteIds);
    if (siteIds.size() > MAX_SITES) {
      throw new IllegalArgumentException(
          "an invitation names at most " + MAX_SITES + " sites, was " + siteIds.size());
    }
    for (String siteId : siteIds) {
      Checks.id("siteIds[]", siteId);
    }
    Checks.required("tokenHash", tokenHash, 128);
    Checks.required("invitedBy", invitedBy, 200);
    createdAt = Checks.instant("createdAt", createdAt);
    expiresAt = Checks.instant("expiresAt", expiresAt);
    if (!expiresAt.isAfter(createdAt)) {
      throw new IllegalArgumentException(
          "expiresAt (" + expiresAt + ") must lie after createdAt (" + createdAt + ")");
    }
  }

  /** Whether the invitation may still be accepted at {@code now}. */
  public boolean pendingAt(Instant now) {
    return now.isBefore(expiresAt);
  }

  /** The membership accepting it gives the person. */
  public Membership membershipOf(String personId) {
    return new Membership(organizationId, personId, role, siteIds);
  }

  /** Leaves the token hash out. */
  @Override
  public String toString() {
    return "Invitation[id="
        + id
        + ", organizationId="
        + organizationId
        + ", role="
        + role
        + ", sites="
        + siteIds
        + ", expiresAt="
        + expiresAt
        + "]";
  }
}
