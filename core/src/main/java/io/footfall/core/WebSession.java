package io.footfall.core;

import java.time.Instant;

/**
 * A signed-in browser. The cookie carries a random session id; the store keeps only its hash, so a
 * copy of the database does not let anyone sign in.
 *
 * @param idHash the hash of the session id (e.g. SHA-256 hex), at most 128 characters
 * @param personId the signed-in person
 * @param csrfToken the token state-changing requests of this session must echo, at most 128
 *     characters
 * @param createdAt when the person signed in
 * @param lastSeenAt the latest request seen with this session
 * @param expiresAt when the session ends unless touched again
 */
public record WebSession(
    String idHash,
    String personId,
    String csrfToken,
    Instant createdAt,
    Instant lastSeenAt,
    Instant expiresAt) {
  public WebSession {
    Checks.required("idHash", idHash, 128);
    Checks.id("personId", personId);
    Checks.required("csrfToken", csrfToken, 128);
    createdAt = Checks.instant("createdAt", createdAt);
    lastSeenAt = Checks.instant("lastSeenAt", lastSeenAt);
    expiresAt = Checks.instant("expiresAt", expiresAt);
  }

  /** Whether the session has ended at {@code now}: it is valid strictly before its expiry. */
  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }

  /** Leaves the id hash and the CSRF token out, so that logs never carry them. */
  @Override
  public String toString() {
    return "WebSession[personId="
        + personId
        + ", createdAt="
        + createdAt
        + ", lastSeenAt="
        + lastSeenAt
        + ", expiresAt="
        + expiresAt
        + "]";
  }
}
