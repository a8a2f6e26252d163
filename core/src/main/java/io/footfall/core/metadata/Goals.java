package io.footfall.core.metadata;

import io.footfall.core.Goal;
import io.footfall.core.StoreConflictException;
import java.util.List;
import java.util.Optional;

/**
 * Sites' goals. Scoped by organization and site and failing as {@link MetadataStore} describes;
 * deleted with their site.
 */
public interface Goals {

  /**
   * Stores a new goal of the site {@link Goal#siteId()}, in the organization that owns the site. It
   * takes no organization id because a {@link Goal} names only its site: the goal joins the
   * organization that owns the site, and callers check access to that site before they call it.
   * Names are unique within a site, compared exactly (case-sensitive, as goal filters compare
   * them).
   *
   * @throws StoreConflictException if the site does not exist, the site already has a goal with
   *     this name, or the id is taken
   */
  void create(Goal goal);

  /** The site's goals, oldest first (ties by id); empty for another organization's site. */
  List<Goal> list(String organizationId, String siteId);

  /** The goal, if it is a goal of this site of this organization; empty otherwise. */
  Optional<Goal> find(String organizationId, String siteId, String goalId);

  /**
   * Deletes the goal.
   *
   * @return {@code false} if this site of this organization has no goal with that id
   */
  boolean delete(String organizationId, String siteId, String goalId);
}
