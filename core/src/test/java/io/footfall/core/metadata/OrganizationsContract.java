package io.footfall.core.metadata;

import static io.footfall.core.TestTenants.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.core.Organization;
import io.footfall.core.StoreConflictException;
import io.footfall.core.TestTenants;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Organizations}: organizations are stored field for field, listed oldest
 * first, and their ids are unique. Every metadata backend runs it through {@link
 * MetadataStoreContract}.
 */
public abstract class OrganizationsContract extends MetadataContract {
  @Test
  void createsFindsListsAndUpdatesOrganizations() {
    Organization a = TestTenants.organization(A);
    Organization b = new Organization(B, "Bee", T0.plusSeconds(1));
    store.organizations().create(b);
    store.organizations().create(a);

    assertThat(store.organizations().find(A)).contains(a);
    assertThat(store.organizations().find("o_none")).isEmpty();
    assertThat(store.organizations().all()).containsExactly(a, b);

    assertThat(store.organizations().update(new Organization(A, "Renamed", T0.plusSeconds(99))))
        .isTrue();
    assertThat(store.organizations().find(A)).contains(new Organization(A, "Renamed", T0));
    assertThat(store.organizations().update(TestTenants.organization("o_none"))).isFalse();
  }

  @Test
  void refusesASecondOrganizationWithTheSameId() {
    store.organizations().create(TestTenants.organization(A));
    assertThatThrownBy(() -> store.organizations().create(new Organization(A, "Other", T0)))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining(A);
    assertThat(store.organizations().find(A)).contains(TestTenants.organization(A));
  }
}
