package io.footfall.core.metadata;

import io.footfall.core.Invitation;
import io.footfall.core.StoreConflictException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Invitations to join an organization, pending until accepted ({@link
 * MetadataStore#acceptInvitation}), revoked or expired. Scoped and failing as {@link MetadataStore}
 * describes.
 */
public interface Invitations {

  /**
   * Stores a new invitation, replacing any invitation to the same address in the same organization
   * (a re-sent invitation supersedes the earlier one and its token).
   *
   * @throws StoreConflictException if the organization does not exist, a restricted site is not a
   *     site of the organization, or the id or the token hash is taken
   */
  void create(Invitation invitation);

  Optional<Invitation> find(String organizationId, String invitationId);

  /** The organization's invitations, expired ones included, newest first. */
  List<Invitation> list(String organizationId);

  /** Deletes the invitation; {@code false} if the organization has no such invitation. */
  boolean revoke(String organizationId, String invitationId);

  /** The invitation whose mailed token has this hash, expired or not. For authentication only. */
  Optional<Invitation> byTokenHash(String tokenHash);

  /**
   * Every organization's invitations to this address (compared lower-cased), expired ones included,
   * oldest first. For authentication only: what a signed-in person has been invited to.
   *
   * @throws IllegalArgumentException if {@code email} is not an address
   */
  List<Invitation> to(String email);

  /**
   * Deletes every invitation whose expiry is at or before {@code now}. Installation-wide: for the
   * cleanup job.
   *
   * @return how many invitations were deleted
   */
  int deleteExpired(Instant now);
}
