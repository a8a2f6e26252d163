package io.footfall.core.metadata;

import static io.footfall.core.TestTenants.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.core.Cohort;
import io.footfall.core.StoreConflictException;
import io.footfall.core.TestEvents;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Cohorts}: cohorts are stored field for field (a long definition too),
 * names are unique per site, changes and deletes reach only their own organization and site. Every
 * metadata backend runs it through {@link MetadataStoreContract}.
 */
public abstract class CohortsContract extends MetadataContract {

  static Cohort cohort(String site, String id, String name, String definition) {
    return new Cohort(id, site, name, definition, T0, T0);
  }

  @Test
  void storesCohortsFieldForFieldOldestFirstWithALongDefinition() {
    twoOrganizations();
    store.sites().create(TestEvents.site(A, "s1", "wk_1"));
    StringBuilder ids = new StringBuilder("{\"conditions\":[{\"type\":\"static\",\"user_ids\":[");
    for (int i = 0; i < 100_000; i++) {
      ids.append(i == 0 ? "" : ",").append("\"user-").append(i).append('"');
    }
    String listed = ids.append("]}]}").toString();
    Cohort big =
        new Cohort("c_big", "s1", "Beta list", listed, T0.plusNanos(123_000), T0.plusSeconds(5));
    Cohort active = cohort("s1", "c_active", "Active", "{\"conditions\":[]}");
    store.cohorts().create(big);
    store.cohorts().create(active);

    assertThat(store.cohorts().list(A, "s1")).containsExactly(active, big);
    assertThat(store.cohorts().find(A, "s1", "c_big")).contains(big);
    assertThat(store.cohorts().find(A, "s1", "c_big").orElseThrow().definition())
        .hasSize(listed.length());
    assertThat(store.cohorts().find(A, "s1", "c_none")).isEmpty();
    assertThat(store.cohorts().list(A, "s_none")).isEmpty();
  }

  @Test
  void refusesDuplicateNamesWithinASiteAndASiteThatDoesNotExist() {
    twoOrganizations();
    store.sites().create(TestEvents.site(A, "s1", "wk_1"));
    store.sites().create(TestEvents.site(A, "s2", "wk_2"));
    store.cohorts().create(cohort("s1", "c_1", "Buyers", "{}"));
    assertThatThrownBy(() -> store.cohorts().create(cohort("s1", "c_2", "Buyers", "{}")))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("Buyers")
        .hasMessageContaining("s1");
    assertThatThrownBy(() -> store.cohorts().create(cohort("s2", "c_1", "Other", "{}")))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("c_1");
    assertThatThrownBy(() -> store.cohorts().create(cohort("s_none", "c_3", "X", "{}")))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("s_none");
    store.cohorts().create(cohort("s2", "c_4", "Buyers", "{}"));
    assertThat(store.cohorts().list(A, "s2")).extracting(Cohort::id).containsExactly("c_4");
  }

  @Test
  void updatesAndDeletesOnlyThroughItsOrganizationAndSite() {
    twoOrganizations();
    store.sites().create(TestEvents.site(A, "s1", "wk_1"));
    store.sites().create(TestEvents.site(B, "s9", "wk_9"));
    Cohort buyers = cohort("s1", "c_1", "Buyers", "{}");
    store.cohorts().create(buyers);
    store.cohorts().create(cohort("s1", "c_2", "Churned", "{}"));
    Cohort renamed = new Cohort("c_1", "s1", "Big buyers", "{\"a\":1}", T0, T0.plusSeconds(60));

    assertThat(store.cohorts().update(B, renamed)).as("another organization").isFalse();
    assertThat(store.cohorts().find(B, "s1", "c_1")).isEmpty();
    assertThat(store.cohorts().list(B, "s1")).isEmpty();
    assertThat(store.cohorts().delete(B, "s1", "c_1")).isFalse();
    assertThat(store.cohorts().find(A, "s1", "c_1")).contains(buyers);

    assertThat(store.cohorts().update(A, renamed)).isTrue();
    assertThat(store.cohorts().find(A, "s1", "c_1")).contains(renamed);
    assertThatThrownBy(
            () ->
                store
                    .cohorts()
                    .update(A, new Cohort("c_1", "s1", "Churned", "{}", T0, T0.plusSeconds(90))))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("Churned");
    assertThat(store.cohorts().find(A, "s1", "c_1")).contains(renamed);

    assertThat(store.cohorts().delete(A, "s1", "c_1")).isTrue();
    assertThat(store.cohorts().delete(A, "s1", "c_1")).isFalse();
    assertThat(store.cohorts().update(A, renamed)).isFalse();
    assertThat(store.cohorts().list(A, "s1")).extracting(Cohort::id).containsExactly("c_2");
  }
}
