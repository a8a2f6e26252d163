package io.footfall.core.metadata;

import static io.footfall.core.TestTenants.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.core.SiteSecret;
import io.footfall.core.StoreConflictException;
import io.footfall.core.TestEvents;
import io.footfall.core.TestTenants;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link SecretKeys}: a site has one secret key, replaced on rotation; prefixes are
 * unique, and a key is stored only for a site of its organization. Every metadata backend runs it
 * through {@link MetadataStoreContract}.
 */
public abstract class SecretKeysContract extends MetadataContract {
  @Test
  void storesOneSecretKeyPerSiteAndReplacesItOnRotation() {
    twoOrganizations();
    store.sites().create(TestEvents.site(A, "s1", "wk_1"));
    SiteSecret first =
        TestTenants.siteSecret(A, "s1", "sk_first01", T0.plusMillis(1234).plusNanos(567_000));
    store.secretKeys().put(first);

    assertThat(store.secretKeys().find(A, "s1")).contains(first);
    assertThat(store.secretKeys().byPrefix("sk_first01")).contains(first);
    assertThat(store.secretKeys().find(B, "s1")).isEmpty();

    SiteSecret rotated = TestTenants.siteSecret(A, "s1", "sk_second2", T0.plus(Duration.ofDays(1)));
    store.secretKeys().put(rotated);

    assertThat(store.secretKeys().find(A, "s1")).contains(rotated);
    assertThat(store.secretKeys().byPrefix("sk_second2")).contains(rotated);
    assertThat(store.secretKeys().byPrefix("sk_first01")).isEmpty();
    assertThat(store.secretKeys().byPrefix("sk_none000")).isEmpty();
  }

  @Test
  void refusesSecretKeysForSitesOfOtherOrganizationsAndTakenPrefixes() {
    twoOrganizations();
    store.sites().create(TestEvents.site(A, "s1", "wk_1"));
    store.sites().create(TestEvents.site(B, "s9", "wk_9"));

    assertThatThrownBy(
            () -> store.secretKeys().put(TestTenants.siteSecret(A, "s9", "sk_aaaaaaaa", T0)))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("s9");
    assertThatThrownBy(
            () -> store.secretKeys().put(TestTenants.siteSecret(A, "s_none", "sk_aaaaaaaa", T0)))
        .isInstanceOf(StoreConflictException.class);
    store.secretKeys().put(TestTenants.siteSecret(A, "s1", "sk_aaaaaaaa", T0));
    assertThatThrownBy(
            () -> store.secretKeys().put(TestTenants.siteSecret(B, "s9", "sk_aaaaaaaa", T0)))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("sk_aaaaaaaa");
    assertThat(store.secretKeys().find(B, "s9")).isEmpty();
    assertThat(store.secretKeys().byPrefix("sk_aaaaaaaa").orElseThrow().siteId()).isEqualTo("s1");
  }
}
