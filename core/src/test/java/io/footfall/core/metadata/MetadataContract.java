package io.footfall.core.metadata;

import io.footfall.core.TestTenants;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every metadata contract shares: a fresh, empty store per test from {@link #openStore()}, and
 * two organizations, A and B. Most tests check that what belongs to A can be neither seen nor
 * changed through B's id.
 */
public abstract class MetadataContract {
  protected static final String A = "o_a";
  protected static final String B = "o_b";

  protected MetadataStore store;

  /** A fresh, empty store; the backend's test releases it in its own {@code @AfterEach}. */
  protected abstract MetadataStore openStore();

  @BeforeEach
  void openEmptyStore() {
    store = openStore();
  }

  protected void twoOrganizations() {
    store.organizations().create(TestTenants.organization(A));
    store.organizations().create(TestTenants.organization(B));
  }
}
