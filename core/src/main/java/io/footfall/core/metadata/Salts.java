package io.footfall.core.metadata;

import java.time.LocalDate;

/**
 * The per-site daily salts of cookieless visitor ids. Not scoped by organization, on purpose: the
 * collector and the salt rotation job serve every organization. Deleted with their site.
 */
public interface Salts {

  /**
   * Returns the salt of the site for the day, storing {@code fresh} first if the day has none. Two
   * callers racing for the same day get the same salt.
   */
  byte[] forDay(String siteId, LocalDate day, byte[] fresh);

  /** Deletes the site's salts of days before {@code firstKept}; returns how many were deleted. */
  int deleteBefore(String siteId, LocalDate firstKept);
}
