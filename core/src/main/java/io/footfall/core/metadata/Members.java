package io.footfall.core.metadata;

import io.footfall.core.Membership;
import io.footfall.core.StoreConflictException;
import java.util.List;
import java.util.Optional;

/**
 * Memberships: a person's role in an organization, optionally restricted to some of its sites.
 * Scoped and failing as {@link MetadataStore} describes.
 */
public interface Members {

  /**
   * Gives a person a role in an organization.
   *
   * @throws StoreConflictException if the organization or the person does not exist, the person is
   *     already a member, or a restricted site is not a site of the organization
   */
  void grant(Membership membership);

  /**
   * Replaces the role and the site restriction of an existing membership.
   *
   * @return {@code false} if the person is not a member of {@link Membership#organizationId()}
   * @throws StoreConflictException if a restricted site is not a site of the organization
   */
  boolean update(Membership membership);

  /** Ends the person's membership; {@code false} if they were not a member. */
  boolean revoke(String organizationId, String personId);

  Optional<Membership> find(String organizationId, String personId);

  /** The organization's memberships, ordered by person id. */
  List<Membership> list(String organizationId);

  /**
   * Every membership of the person, ordered by organization id. For authentication only: which
   * organizations a signed-in person may act in.
   */
  List<Membership> ofPerson(String personId);
}
