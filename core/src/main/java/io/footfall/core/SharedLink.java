package io.footfall.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A read-only link to one site's dashboard. The link's token is shown once; the store keeps its
 * hash. The link grants the statistics of that site and nothing else.
 *
 * <p>A class rather than a record because the expiry and the revocation may be absent: they are
 * {@link Optional} from the accessors, set with the {@code with...} methods, and never {@code
 * null}. Instances are immutable; equality is by value.
 */
public final class SharedLink {
  private final String id;
  private final String organizationId;
  private final String siteId;
  private final String tokenHash;
  private final String passwordHash;
  private final Instant createdAt;
  private final Instant expiresAt; // null: never expires
  private final Instant revokedAt; // null: not revoked

  /**
   * A link without expiry that is not revoked.
   *
   * @param id stable identifier
   * @param organizationId the organization that owns the site
   * @param siteId the one site the link shows; must belong to the organization
   * @param tokenHash the hash of the link's secret token (e.g. SHA-256 hex), at most 128
   *     characters, unique across the installation
   * @param passwordHash the encoded hash of the link's password, or empty when the link needs none;
   *     at most 512 characters
   * @param createdAt when the link was made
   */
  public SharedLink(
      String id,
      String organizationId,
      String siteId,
      String tokenHash,
      String passwordHash,
      Instant createdAt) {
    this(id, organizationId, siteId, tokenHash, passwordHash, createdAt, null, null);
  }

  private SharedLink(
      String id,
      String organizationId,
      String siteId,
      String tokenHash,
      String passwordHash,
      Instant createdAt,
      Instant expiresAt,
      Instant revokedAt) {
    this.id = Checks.id("id", id);
    this.organizationId = Checks.id("organizationId", organizationId);
    this.siteId = Checks.id("siteId", siteId);
    this.tokenHash = Checks.required("tokenHash", tokenHash, 128);
    this.passwordHash = Checks.text("passwordHash", passwordHash, 512);
    this.createdAt = Checks.instant("createdAt", createdAt);
    this.expiresAt = Checks.optionalInstant(expiresAt);
    this.revokedAt = Checks.optionalInstant(revokedAt);
    if (this.expiresAt != null && !this.expiresAt.isAfter(this.createdAt)) {
      throw new IllegalArgumentException(
          "expiresAt ("
              + this.expiresAt
              + ") must be after the link's creation ("
              + this.createdAt
              + ")");
    }
  }

  /** The same link, expiring at {@code at} (usable strictly before it). */
  public SharedLink withExpiresAt(Instant at) {
    Objects.requireNonNull(at, "at");
    return new SharedLink(
        id, organizationId, siteId, tokenHash, passwordHash, createdAt, at, revokedAt);
  }

  /** The same link, revoked at {@code at}. */
  public SharedLink withRevokedAt(Instant at) {
    Objects.requireNonNull(at, "at");
    return new SharedLink(
        id, organizationId, siteId, tokenHash, passwordHash, createdAt, expiresAt, at);
  }

  public String id() {
    return id;
  }

  public String organizationId() {
    return organizationId;
  }

  public String siteId() {
    return siteId;
  }

  public String tokenHash() {
    return tokenHash;
  }

  public String passwordHash() {
    return passwordHash;
  }

  public Instant createdAt() {
    return createdAt;
  }

  /** When the link stops working; empty if it never expires. */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  /** When the link was revoked; empty while it is not. */
  public Optional<Instant> revokedAt() {
    return Optional.ofNullable(revokedAt);
  }

  /** Whether opening the link asks for a password. */
  public boolean passwordProtected() {
    return !passwordHash.isEmpty();
  }

  /** Whether the link works at {@code now}: not revoked, and before its expiry if it has one. */
  public boolean usableAt(Instant now) {
    return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SharedLink l
        && id.equals(l.id)
        && organizationId.equals(l.organizationId)
        && siteId.equals(l.siteId)
        && tokenHash.equals(l.tokenHash)
        && passwordHash.equals(l.passwordHash)
        && createdAt.equals(l.createdAt)
        && Objects.equals(expiresAt, l.expiresAt)
        && Objects.equals(revokedAt, l.revokedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, organizationId, siteId, tokenHash, createdAt, expiresAt, revokedAt);
  }

  /** Leaves the token and password hashes out. */
  @Override
  public String toString() {
    return "SharedLink[id="
        + id
        + ", organizationId="
        + organizationId
        + ", siteId="
        + siteId
        + ", passwordProtected="
        + passwordProtected()
        + ", createdAt="
        + createdAt
        + ", expiresAt="
        + expiresAt().map(Instant::toString).orElse("never")
        + ", revokedAt="
        + revokedAt().map(Instant::toString).orElse("no")
        + "]";
  }
}
