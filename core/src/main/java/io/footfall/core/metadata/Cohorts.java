package io.footfall.core.metadata;

import io.footfall.core.Cohort;
import io.footfall.core.StoreConflictException;
import java.util.List;
import java.util.Optional;

/**
 * Sites' cohorts (saved segments of people). Scoped by organization and site and failing as {@link
 * MetadataStore} describes; deleted with their site.
 */
public interface Cohorts {

  /**
   * Stores a new cohort of the site {@link Cohort#siteId()}, in the organization that owns the site
   * (as {@link Goals#create}: callers check access to the site first). Names are unique within a
   * site, compared exactly.
   *
   * @throws StoreConflictException if the site does not exist, already has a cohort of this name,
   *     or the id is taken
   */
  void create(Cohort cohort);

  /** The site's cohorts, oldest first (ties by id); empty for another organization's site. */
  List<Cohort> list(String organizationId, String siteId);

  /** The cohort, if it is one of this site of this organization; empty otherwise. */
  Optional<Cohort> find(String organizationId, String siteId, String cohortId);

  /**
   * Replaces the name, definition and update time of the cohort with {@code cohort.id()} of this
   * site of this organization.
   *
   * @return {@code false} if there is no such cohort (nothing changes)
   * @throws StoreConflictException if another cohort of the site has the new name
   */
  boolean update(String organizationId, Cohort cohort);

  /**
   * Deletes the cohort.
   *
   * @return {@code false} if this site of this organization has no cohort with that id
   */
  boolean delete(String organizationId, String siteId, String cohortId);
}
