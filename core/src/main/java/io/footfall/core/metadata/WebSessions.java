package io.footfall.core.metadata;

import io.footfall.core.SignedIn;
import io.footfall.core.StoreConflictException;
import io.footfall.core.WebSession;
import java.time.Instant;
import java.util.Optional;

/**
 * Signed-in browser sessions, found by the hash of the cookie's id. Not scoped by organization: a
 * session is how a request proves who it is (for authentication only), and {@link #deleteExpired}
 * serves the cleanup job. Failures as {@link MetadataStore} describes.
 */
public interface WebSessions {

  /**
   * Stores a new session.
   *
   * @throws StoreConflictException if the id hash is taken or the person does not exist
   */
  void create(WebSession session);

  /** The session with this id hash, expired or not. For authentication only. */
  Optional<WebSession> find(String idHash);

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
  boolean touch(String idHash, Instant lastSeenAt, Instant expiresAt);

  /** Ends one session (sign-out); {@code false} if there was none. */
  boolean delete(String idHash);

  /** Ends every session of the person (e.g. after a password change); returns how many. */
  int deleteOf(String personId);

  /**
   * Deletes every session whose expiry is at or before {@code now}. Installation-wide: for the
   * cleanup job.
   *
   * @return how many sessions were deleted
   */
  int deleteExpired(Instant now);
}
