package io.footfall.core.metadata;

import io.footfall.core.SiteSecret;
import io.footfall.core.StoreConflictException;
import java.util.Optional;

/**
 * Sites' secret keys, one per site: the credential of a site's own backend when it sends events.
 * Scoped and failing as {@link MetadataStore} describes; deleted with their site.
 */
public interface SecretKeys {

  /**
   * Stores the site's secret key, replacing the one it had (rotation: the old key stops working at
   * once).
   *
   * @throws StoreConflictException if the site is not a site of the secret's organization, or the
   *     prefix is taken by another site's secret
   */
  void put(SiteSecret secret);

  /** The site's secret key (prefix and hash), if it has one and is a site of the organization. */
  Optional<SiteSecret> find(String organizationId, String siteId);

  /** The secret key with this public prefix. For authentication only. */
  Optional<SiteSecret> byPrefix(String prefix);
}
