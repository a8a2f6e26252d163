package io.footfall.core.metadata;

import static io.footfall.core.TestTenants.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.core.ApiKey;
import io.footfall.core.StoreConflictException;
import io.footfall.core.TestTenants;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link ApiKeys}: keys are found by prefix, revoked once, and their latest use is
 * recorded. Every metadata backend runs it through {@link MetadataStoreContract}.
 */
public abstract class ApiKeysContract extends MetadataContract {
  @Test
  void storesApiKeysAndFindsThemByPrefix() {
    twoOrganizations();
    ApiKey read = TestTenants.apiKey(A, "k_read", "ff_read0001", Set.of(ApiKey.Scope.READ_STATS));
    ApiKey both =
        new ApiKey(
            "k_both",
            A,
            "Both",
            "ff_both0001",
            TestTenants.sha256Hex("both"),
            Set.of(ApiKey.Scope.ADMIN, ApiKey.Scope.READ_STATS),
            T0.plusSeconds(10));
    store.apiKeys().create(read);
    store.apiKeys().create(both);

    assertThat(store.apiKeys().list(A)).containsExactly(both, read);
    assertThat(store.apiKeys().find(A, "k_read")).contains(read);
    assertThat(store.apiKeys().byPrefix("ff_both0001")).contains(both);
    assertThat(store.apiKeys().byPrefix("ff_none")).isEmpty();
    assertThat(store.apiKeys().list(B)).isEmpty();
    assertThat(store.apiKeys().find(B, "k_read")).isEmpty();
  }

  @Test
  void keepsWhoAKeyActsForThroughUseAndRevocation() {
    twoOrganizations();
    ApiKey personal =
        new ApiKey(
            "k_p",
            A,
            "Personal",
            "ff_pers0001",
            TestTenants.sha256Hex("p"),
            Set.of(ApiKey.Scope.ADMIN),
            T0,
            "p_admin");
    ApiKey installation =
        TestTenants.apiKey(A, "k_i", "ff_inst0001", Set.of(ApiKey.Scope.READ_STATS));
    store.apiKeys().create(personal);
    store.apiKeys().create(installation);
    store.apiKeys().touch(A, "k_p", T0.plusSeconds(5));
    store.apiKeys().revoke(A, "k_p", T0.plusSeconds(9));

    ApiKey read = store.apiKeys().byPrefix("ff_pers0001").orElseThrow();
    assertThat(read.createdBy()).isEqualTo("p_admin");
    assertThat(read)
        .isEqualTo(personal.withLastUsedAt(T0.plusSeconds(5)).withRevokedAt(T0.plusSeconds(9)));
    assertThat(store.apiKeys().find(A, "k_i").orElseThrow().createdBy()).isEmpty();
  }

  @Test
  void refusesTakenKeyPrefixesAndKeysOfMissingOrganizations() {
    twoOrganizations();
    store.apiKeys().create(TestTenants.apiKey(A, "k_1", "ff_same0001", Set.of(ApiKey.Scope.ADMIN)));

    assertThatThrownBy(
            () ->
                store
                    .apiKeys()
                    .create(
                        TestTenants.apiKey(B, "k_2", "ff_same0001", Set.of(ApiKey.Scope.ADMIN))))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("ff_same0001");
    assertThatThrownBy(
            () ->
                store
                    .apiKeys()
                    .create(
                        TestTenants.apiKey(
                            "o_none", "k_3", "ff_none0001", Set.of(ApiKey.Scope.ADMIN))))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("o_none");
    assertThat(store.apiKeys().list(B)).isEmpty();
  }

  @Test
  void revokesAKeyOnceAndOnlyThroughItsOrganization() {
    twoOrganizations();
    ApiKey key = TestTenants.apiKey(A, "k_1", "ff_key00001", Set.of(ApiKey.Scope.READ_STATS));
    store.apiKeys().create(key);
    Instant first = T0.plus(Duration.ofDays(2));

    assertThat(store.apiKeys().revoke(B, "k_1", first)).isFalse();
    assertThat(store.apiKeys().find(A, "k_1").orElseThrow().active()).isTrue();

    assertThat(store.apiKeys().revoke(A, "k_1", first)).isTrue();
    assertThat(store.apiKeys().revoke(A, "k_1", first.plusSeconds(60))).isFalse();
    ApiKey revoked = store.apiKeys().byPrefix("ff_key00001").orElseThrow();
    assertThat(revoked).isEqualTo(key.withRevokedAt(first));
    assertThat(revoked.allows(ApiKey.Scope.READ_STATS)).isFalse();
  }

  @Test
  void recordsTheLatestUseOfAKey() {
    twoOrganizations();
    ApiKey key = TestTenants.apiKey(A, "k_1", "ff_key00001", Set.of(ApiKey.Scope.READ_STATS));
    store.apiKeys().create(key);
    Instant used = T0.plus(Duration.ofHours(5)).plusNanos(123_456_000);

    assertThat(store.apiKeys().find(A, "k_1").orElseThrow().lastUsedAt()).isEmpty();
    assertThat(store.apiKeys().touch(B, "k_1", used)).isFalse();
    assertThat(store.apiKeys().find(A, "k_1").orElseThrow().lastUsedAt()).isEmpty();

    assertThat(store.apiKeys().touch(A, "k_1", used)).isTrue();
    assertThat(store.apiKeys().touch(A, "k_1", used.minusSeconds(30))).isTrue();
    assertThat(store.apiKeys().find(A, "k_1")).contains(key.withLastUsedAt(used));
    assertThat(store.apiKeys().touch(A, "k_none", used)).isFalse();
  }
}
