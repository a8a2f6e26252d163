package io.footfall.core.metadata;

import io.footfall.core.Organization;
import io.footfall.core.StoreConflictException;
import java.util.List;
import java.util.Optional;

/** The installation's organizations (tenants). Failures as {@link MetadataStore} describes. */
public interface Organizations {

  /**
   * Stores a new organization.
   *
   * @throws StoreConflictException if the id is taken
   */
  void create(Organization organization);

  Optional<Organization> find(String organizationId);

  /**
   * Replaces the organization's name; the creation time stays.
   *
   * @return {@code false} if the organization does not exist
   */
  boolean update(Organization organization);

  /** Every organization, oldest first. Installation-wide: for the bootstrap token and jobs. */
  List<Organization> all();
}
