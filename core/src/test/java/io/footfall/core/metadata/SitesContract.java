package io.footfall.core.metadata;

import static io.footfall.core.TestTenants.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.core.Site;
import io.footfall.core.SiteSettings;
import io.footfall.core.StoreConflictException;
import io.footfall.core.TestEvents;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Sites}: sites are stored field for field within their organization, found
 * by write key and by id, and their write keys are unique across organizations. Every metadata
 * backend runs it through {@link MetadataStoreContract}.
 */
public abstract class SitesContract extends MetadataContract {
  private static Site customSite(String organizationId, String id, String writeKey) {
    return new Site(
        id,
        organizationId,
        "Shop " + id,
        id + ".shop.example",
        ZoneId.of("America/New_York"),
        "USD",
        30,
        writeKey,
        new SiteSettings(
            SiteSettings.ConsentLevel.NONE,
            false,
            true,
            SiteSettings.UserIdMode.STORE,
            List.of("token", "iban")),
        T0.plusMillis(1234).plusNanos(567_000));
  }

  @Test
  void storesSitesFieldForFieldWithinTheirOrganization() {
    twoOrganizations();
    Site site = customSite(A, "s1", "wk_one");
    store.sites().create(site);

    assertThat(store.sites().find(A, "s1")).contains(site);
    assertThat(store.sites().list(A)).containsExactly(site);
    assertThat(store.sites().byWriteKey("wk_one")).contains(site);
    assertThat(store.sites().byId("s1")).contains(site);
    assertThat(store.sites().byId("s2")).isEmpty();
    assertThat(store.sites().all()).containsExactly(site);

    assertThat(store.sites().find(B, "s1")).isEmpty();
    assertThat(store.sites().list(B)).isEmpty();
    assertThat(store.sites().byWriteKey("wk_none")).isEmpty();
  }

  @Test
  void listsSitesOldestFirst() {
    twoOrganizations();
    Site later =
        new Site(
            "s_later",
            A,
            "Later",
            "later.example",
            ZoneId.of("UTC"),
            "EUR",
            396,
            "wk_later",
            SiteSettings.DEFAULTS,
            T0.plusSeconds(60));
    Site earlier = TestEvents.site(A, "s_earlier", "wk_earlier");
    Site other = TestEvents.site(B, "s_other", "wk_other");
    store.sites().create(later);
    store.sites().create(other);
    store.sites().create(earlier);

    assertThat(store.sites().list(A)).containsExactly(earlier, later);
    assertThat(store.sites().all()).containsExactly(earlier, other, later);
  }

  @Test
  void updatesASiteOnlyThroughItsOwnOrganization() {
    twoOrganizations();
    Site site = TestEvents.site(A, "s1", "wk_one");
    store.sites().create(site);
    Site changed =
        new Site(
            "s1",
            A,
            "Renamed",
            "renamed.example",
            ZoneId.of("Asia/Tokyo"),
            "JPY",
            90,
            "wk_rotated",
            new SiteSettings(
                SiteSettings.ConsentLevel.FULL,
                false,
                false,
                SiteSettings.UserIdMode.STORE,
                List.of("x")),
            T0.plusSeconds(3600));
    Site throughB =
        new Site(
            "s1",
            B,
            "Hijacked",
            "evil.example",
            ZoneId.of("UTC"),
            "EUR",
            1,
            "wk_evil",
            SiteSettings.DEFAULTS,
            T0);

    assertThat(store.sites().update(throughB)).isFalse();
    assertThat(store.sites().find(A, "s1")).contains(site);
    assertThat(store.sites().byWriteKey("wk_evil")).isEmpty();

    assertThat(store.sites().update(changed)).isTrue();
    Site expected =
        new Site(
            "s1",
            A,
            "Renamed",
            "renamed.example",
            ZoneId.of("Asia/Tokyo"),
            "JPY",
            90,
            "wk_rotated",
            changed.settings(),
            site.createdAt());
    assertThat(store.sites().find(A, "s1")).contains(expected);
    assertThat(store.sites().byWriteKey("wk_one")).isEmpty();
    assertThat(store.sites().byWriteKey("wk_rotated")).contains(expected);
  }

  @Test
  void refusesTakenSiteIdsAndWriteKeysAcrossOrganizations() {
    twoOrganizations();
    store.sites().create(TestEvents.site(A, "s1", "wk_same"));

    assertThatThrownBy(() -> store.sites().create(TestEvents.site(B, "s2", "wk_same")))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("wk_same");
    assertThatThrownBy(() -> store.sites().create(TestEvents.site(B, "s1", "wk_other")))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("s1");
    assertThat(store.sites().list(B)).isEmpty();

    store.sites().create(TestEvents.site(A, "s3", "wk_three"));
    Site stealing =
        new Site(
            "s3",
            A,
            "Site s3",
            "s3.example",
            ZoneId.of("UTC"),
            "EUR",
            396,
            "wk_same",
            SiteSettings.DEFAULTS,
            T0);
    assertThatThrownBy(() -> store.sites().update(stealing))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("wk_same");
    assertThat(store.sites().byWriteKey("wk_same").map(Site::id)).contains("s1");
  }

  @Test
  void refusesASiteOfAnOrganizationThatDoesNotExist() {
    assertThatThrownBy(() -> store.sites().create(TestEvents.site("o_none", "s1", "wk_one")))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("o_none");
    assertThat(store.sites().all()).isEmpty();
  }
}
