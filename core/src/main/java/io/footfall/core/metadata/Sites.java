package io.footfall.core.metadata;

import io.footfall.core.Site;
import io.footfall.core.StoreConflictException;
import java.util.List;
import java.util.Optional;

/**
 * Organizations' sites. Scoped and failing as {@link MetadataStore} describes; a site is deleted
 * with everything of it by {@link MetadataStore#deleteSite}.
 *
 * <p>{@link #byWriteKey}, {@link #byId} and {@link #all} are not scoped by organization, on
 * purpose: a write key is itself the credential that names a site, a request names a site before
 * its caller's access to it is checked, and the jobs (salt rotation, retention) serve every
 * organization. Code acting for a person or an API key uses the scoped methods.
 */
public interface Sites {

  /**
   * Stores a new site in its organization ({@link Site#organizationId()}).
   *
   * @throws StoreConflictException if the organization does not exist, or the id or the write key
   *     is taken
   */
  void create(Site site);

  /**
   * Replaces the site's name, domain, time zone, currency, retention, write key and settings; the
   * id, the organization and the creation time stay. The site is looked up by id within {@link
   * Site#organizationId()}.
   *
   * @return {@code false} if the organization has no site with that id
   * @throws StoreConflictException if the new write key belongs to another site
   */
  boolean update(Site site);

  Optional<Site> find(String organizationId, String siteId);

  /** The organization's sites, oldest first. */
  List<Site> list(String organizationId);

  /** The site with this write key. For authenticating ingest requests only. */
  Optional<Site> byWriteKey(String writeKey);

  /**
   * The site with this id, in whichever organization. For resolving the site a request names before
   * checking the caller's access to it, never as a grant of access.
   */
  Optional<Site> byId(String siteId);

  /** Every site of every organization, oldest first. For installation-wide jobs only. */
  List<Site> all();
}
