package io.footfall.server.access;

/**
 * What a request wants to do. Site-scoped permissions are checked against one site; the others act
 * on the whole organization and so need a membership that is not restricted to some sites.
 */
public enum Permission {
  /** Read a site's statistics and its installation counts. Site-scoped. */
  READ_STATS(true),
  /**
   * Read a site's people: their properties, totals and event timelines. Site-scoped. Owners, admins
   * and analysts may; viewers, read-only keys and shared links may not.
   */
  READ_PEOPLE(true),
  /**
   * List a site's saved insights. Site-scoped. Everyone who reads the site's statistics may, read
   * keys included, except shared links: a link shows its one overview, not the team's reports.
   */
  READ_INSIGHTS(true),
  /**
   * Save, rename and delete a site's insights. Site-scoped. Owners, admins and analysts may;
   * viewers and read-only keys may not.
   */
  SAVE_INSIGHTS(true),
  /** Read a site's settings. Site-scoped. */
  VIEW_SITE(true),
  /** Change a site's settings. Site-scoped. */
  MANAGE_SITE(true),
  /** Create, list and revoke a site's shared links. Site-scoped. */
  MANAGE_SHARED_LINKS(true),
  /** See the organization and the sites one may see. */
  VIEW_ORGANIZATION(false),
  /** Rename the organization, create sites. */
  MANAGE_ORGANIZATION(false),
  /** List the organization's members. */
  LIST_MEMBERS(false),
  /** Invite, change and remove members. */
  MANAGE_MEMBERS(false),
  /** Create, list and revoke API keys. */
  MANAGE_API_KEYS(false),
  /** Read the audit log. */
  READ_AUDIT(false);

  private final boolean siteScoped;

  Permission(boolean siteScoped) {
    this.siteScoped = siteScoped;
  }

  public boolean siteScoped() {
    return siteScoped;
  }
}
