package io.footfall.core.metadata;

import static io.footfall.core.TestTenants.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.core.SharedLink;
import io.footfall.core.StoreConflictException;
import io.footfall.core.TestEvents;
import io.footfall.core.TestTenants;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link SharedLinks}: links are stored with and without expiry and password, only
 * for the organization's own sites, and revoked once. Every metadata backend runs it through {@link
 * MetadataStoreContract}.
 */
public abstract class SharedLinksContract extends MetadataContract {
  @Test
  void storesSharedLinksWithAndWithoutExpiryAndPassword() {
    twoOrganizations();
    store.sites().create(TestEvents.site(A, "s1", "wk_1"));
    SharedLink open = TestTenants.sharedLink(A, "l_open", "s1");
    SharedLink guarded =
        new SharedLink(
                "l_guarded",
                A,
                "s1",
                TestTenants.sha256Hex("guarded"),
                "$argon2id$v=19$m=19456,t=2,p=1$salt$hash",
                T0.plusSeconds(5))
            .withExpiresAt(T0.plus(Duration.ofDays(7)).plusNanos(1_000));
    store.sharedLinks().create(open);
    store.sharedLinks().create(guarded);

    assertThat(store.sharedLinks().list(A)).containsExactly(guarded, open);
    assertThat(store.sharedLinks().find(A, "l_open")).contains(open);
    SharedLink read = store.sharedLinks().byTokenHash(guarded.tokenHash()).orElseThrow();
    assertThat(read).isEqualTo(guarded);
    assertThat(read.expiresAt()).contains(T0.plus(Duration.ofDays(7)).plusNanos(1_000));
    assertThat(read.passwordProtected()).isTrue();
    assertThat(store.sharedLinks().find(A, "l_open").orElseThrow().expiresAt()).isEmpty();
    assertThat(store.sharedLinks().byTokenHash(TestTenants.sha256Hex("none"))).isEmpty();
  }

  @Test
  void refusesLinksToSitesOfOtherOrganizationsAndTakenTokens() {
    twoOrganizations();
    store.sites().create(TestEvents.site(A, "s1", "wk_1"));
    store.sites().create(TestEvents.site(B, "s9", "wk_9"));

    assertThatThrownBy(() -> store.sharedLinks().create(TestTenants.sharedLink(A, "l_1", "s9")))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("s9");
    store.sharedLinks().create(TestTenants.sharedLink(A, "l_1", "s1"));
    SharedLink sameToken =
        new SharedLink("l_2", B, "s9", TestTenants.sharedLink(A, "l_1", "s1").tokenHash(), "", T0);
    assertThatThrownBy(() -> store.sharedLinks().create(sameToken))
        .isInstanceOf(StoreConflictException.class);
    assertThat(store.sharedLinks().list(B)).isEmpty();
  }

  @Test
  void revokesALinkOnceAndOnlyThroughItsOrganization() {
    twoOrganizations();
    store.sites().create(TestEvents.site(A, "s1", "wk_1"));
    SharedLink link = TestTenants.sharedLink(A, "l_1", "s1");
    store.sharedLinks().create(link);
    Instant at = T0.plus(Duration.ofDays(1));

    assertThat(store.sharedLinks().revoke(B, "l_1", at)).isFalse();
    assertThat(store.sharedLinks().find(B, "l_1")).isEmpty();
    assertThat(store.sharedLinks().list(B)).isEmpty();
    assertThat(store.sharedLinks().find(A, "l_1").orElseThrow().usableAt(at)).isTrue();

    assertThat(store.sharedLinks().revoke(A, "l_1", at)).isTrue();
    assertThat(store.sharedLinks().revoke(A, "l_1", at.plusSeconds(1))).isFalse();
    SharedLink revoked = store.sharedLinks().find(A, "l_1").orElseThrow();
    assertThat(revoked).isEqualTo(link.withRevokedAt(at));
    assertThat(revoked.usableAt(at)).isFalse();
  }
}
