package io.footfall.core;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What the collector and the installation's background jobs need of sites: finding a site by its
 * public write key or its id, visiting every site, and the per-site daily salts of cookieless
 * visitor ids.
 *
 * <p>These methods are not scoped by organization, on purpose: a write key is itself the credential
 * that names a site, and the jobs (salt rotation, retention) serve every organization. Code acting
 * for a person or an API key uses the organization-scoped methods of {@link MetadataStore} instead.
 */
public interface SiteStore {

  /** The site with this write key. For authenticating ingest requests only. */
  Optional<Site> byWriteKey(String writeKey);

  /**
   * The site with this id, in whichever organization. For resolving the site a request names before
   * checking the caller's access to it, never as a grant of access.
   */
  Optional<Site> byId(String siteId);

  /** Every site of every organization, oldest first. For installation-wide jobs only. */
  List<Site> allSites();

  /**
   * Returns the salt of the site for the day, storing {@code fresh} first if the day has none. Two
   * callers racing for the same day get the same salt.
   */
  byte[] salt(String siteId, LocalDate day, byte[] fresh);

  /** Deletes the site's salts of days before {@code firstKept}; returns how many were deleted. */
  int deleteSaltsBefore(String siteId, LocalDate firstKept);
}
