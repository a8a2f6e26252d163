package io.footfall.core.metadata;

import io.footfall.core.SharedLink;
import io.footfall.core.StoreConflictException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Shared links: read access to one site's dashboard for whoever holds the token. Scoped and failing
 * as {@link MetadataStore} describes; deleted with their site.
 */
public interface SharedLinks {

  /**
   * Stores a new shared link.
   *
   * @throws StoreConflictException if the site is not a site of the link's organization, or the id
   *     or the token hash is taken
   */
  void create(SharedLink link);

  Optional<SharedLink> find(String organizationId, String linkId);

  /** The organization's links, revoked and expired ones included, newest first. */
  List<SharedLink> list(String organizationId);

  /**
   * Revokes the link at {@code at}; it stays revoked at its first revocation time.
   *
   * @return {@code true} if the link was not revoked before and now is; {@code false} if it already
   *     was or the organization has no such link
   */
  boolean revoke(String organizationId, String linkId, Instant at);

  /**
   * The link with this token hash, whether or not it is still usable ({@link SharedLink#usableAt}).
   * For authentication only.
   */
  Optional<SharedLink> byTokenHash(String tokenHash);
}
