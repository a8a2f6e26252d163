package io.footfall.core.metadata;

import io.footfall.core.Insight;
import io.footfall.core.StoreConflictException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Sites' saved insights. Scoped by organization and site and failing as {@link MetadataStore}
 * describes; deleted with their site.
 */
public interface Insights {

  /**
   * Stores a new insight of the site {@link Insight#siteId()}, in the organization that owns the
   * site (like {@link Goals#create}, callers check access to the site first). Names need not be
   * unique.
   *
   * @throws StoreConflictException if the site does not exist or the id is taken
   */
  void create(Insight insight);

  /** The site's insights, oldest first (ties by id); empty for another organization's site. */
  List<Insight> list(String organizationId, String siteId);

  /** How many insights the site has; 0 for another organization's site. */
  int count(String organizationId, String siteId);

  /** The insight, if it is an insight of this site of this organization; empty otherwise. */
  Optional<Insight> find(String organizationId, String siteId, String insightId);

  /**
   * Gives the insight a new name and {@code updatedAt}.
   *
   * @throws IllegalArgumentException if {@link Insight} does not accept the name (nothing changes)
   * @return {@code false} if this site of this organization has no insight with that id
   */
  boolean rename(
      String organizationId, String siteId, String insightId, String name, Instant updatedAt);

  /**
   * Gives the insight a new state (its page's URL query string) and {@code updatedAt}; its name,
   * kind and author stay.
   *
   * @throws IllegalArgumentException if {@link Insight} does not accept the state (nothing changes)
   * @return {@code false} if this site of this organization has no insight with that id
   */
  boolean restate(
      String organizationId, String siteId, String insightId, String state, Instant updatedAt);

  /**
   * Deletes the insight.
   *
   * @return {@code false} if this site of this organization has no insight with that id
   */
  boolean delete(String organizationId, String siteId, String insightId);
}
