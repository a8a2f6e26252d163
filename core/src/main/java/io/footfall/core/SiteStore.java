package io.footfall.core;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Site metadata and the per-site daily salts used for cookieless visitor ids. */
public interface SiteStore {

  /**
   * Stores a new site.
   *
   * @throws StoreException if a site with the same id or write key exists
   */
  void create(Site site);

  /** Replaces a site's editable fields (name, domain, time zone, settings). */
  void update(Site site);

  Optional<Site> byId(String id);

  Optional<Site> byWriteKey(String writeKey);

  List<Site> all();

  /**
   * Returns the salt of the site for the day, storing {@code fresh} first if the day has none. Two
   * callers racing for the same day get the same salt.
   */
  byte[] salt(String siteId, LocalDate day, byte[] fresh);

  /** Deletes the site's salts of days before {@code firstKept}; returns how many were deleted. */
  int deleteSaltsBefore(String siteId, LocalDate firstKept);
}
