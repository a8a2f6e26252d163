package io.footfall.core;

/** What a person may do in an organization. A person has at most one role per organization. */
public enum Role {
  /** Everything an admin may do, plus managing owners and deleting the organization. */
  OWNER,
  /** Manages sites, members (except owners), API keys, shared links; reads the audit log. */
  ADMIN,
  /**
   * Reads everything in the organization (every site, unless the membership is restricted), and
   * changes nothing but their own saved views.
   */
  ANALYST,
  /** Reads the sites granted to them (all sites when the membership is not restricted). */
  VIEWER
}
