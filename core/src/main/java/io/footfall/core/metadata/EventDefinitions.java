package io.footfall.core.metadata;

import io.footfall.core.EventDefinition;
import java.util.List;
import java.util.Optional;

/**
 * Each site's event catalogue: the definitions of its custom events ({@link EventDefinition}).
 * Deleted with the site.
 */
public interface EventDefinitions {

  /** The site's definitions, by name. */
  List<EventDefinition> list(String organizationId, String siteId);

  /**
   * The site's definitions whatever its organization, for the collector, which checks every
   * organization's events; by name.
   */
  List<EventDefinition> ofSite(String siteId);

  Optional<EventDefinition> find(String organizationId, String siteId, String name);

  /**
   * Creates the definition or replaces the one of the same name (keeping its creation time).
   *
   * @throws io.footfall.core.StoreConflictException if the organization has no such site
   */
  void put(String organizationId, EventDefinition definition);

  /** Deletes a definition; {@code false} when there was none. */
  boolean delete(String organizationId, String siteId, String name);
}
