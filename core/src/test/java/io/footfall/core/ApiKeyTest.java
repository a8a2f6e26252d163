package io.footfall.core;

import static io.footfall.core.TestTenants.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeyTest {
  static final ApiKey KEY =
      TestTenants.apiKey("o_1", "k_1", "ff_ab12cd34", Set.of(ApiKey.Scope.READ_STATS));

  @Test
  void startsUnusedAndActiveAndRecordsUseAndRevocationWithoutChangingTheOriginal() {
    assertThat(KEY.lastUsedAt()).isEmpty();
    assertThat(KEY.revokedAt()).isEmpty();
    assertThat(KEY.allows(ApiKey.Scope.READ_STATS)).isTrue();
    assertThat(KEY.allows(ApiKey.Scope.ADMIN)).isFalse();

    ApiKey used = KEY.withLastUsedAt(T0.plusSeconds(5));
    ApiKey revoked = used.withRevokedAt(T0.plusSeconds(9));
    assertThat(used.lastUsedAt()).contains(T0.plusSeconds(5));
    assertThat(revoked.revokedAt()).contains(T0.plusSeconds(9));
    assertThat(revoked.allows(ApiKey.Scope.READ_STATS)).isFalse();
    assertThat(KEY.active()).isTrue();
    assertThat(revoked).isNotEqualTo(used).isEqualTo(used.withRevokedAt(T0.plusSeconds(9)));
    assertThat(revoked.hashCode()).isEqualTo(used.withRevokedAt(T0.plusSeconds(9)).hashCode());
  }

  @Test
  void refusesKeysWithoutScopeOrWithAMalformedHash() {
    assertThatThrownBy(
            () -> new ApiKey("k_1", "o_1", "Key", "ff_ab12cd34", "0".repeat(64), Set.of(), T0))
        .hasMessageContaining("scope");
    assertThatThrownBy(
            () ->
                new ApiKey(
                    "k_1", "o_1", "Key", "ff_ab12cd34", "ABC", Set.of(ApiKey.Scope.ADMIN), T0))
        .hasMessageContaining("secretHash");
  }

  @Test
  void keepsWhoTheKeyActsForAndRefusesAMalformedId() {
    ApiKey personal =
        new ApiKey(
            "k_1",
            "o_1",
            "Key",
            "ff_ab12cd34",
            "0".repeat(64),
            Set.of(ApiKey.Scope.ADMIN),
            T0,
            "p_1");
    assertThat(personal.createdBy()).isEqualTo("p_1");
    assertThat(personal.withRevokedAt(T0.plusSeconds(1)).createdBy()).isEqualTo("p_1");
    assertThat(KEY.createdBy()).isEmpty();
    assertThat(personal)
        .isNotEqualTo(
            new ApiKey(
                "k_1",
                "o_1",
                "Key",
                "ff_ab12cd34",
                "0".repeat(64),
                Set.of(ApiKey.Scope.ADMIN),
                T0));
    assertThatThrownBy(
            () ->
                new ApiKey(
                    "k_1",
                    "o_1",
                    "Key",
                    "ff_ab12cd34",
                    "0".repeat(64),
                    Set.of(ApiKey.Scope.ADMIN),
                    T0,
                    "p 1"))
        .hasMessageContaining("createdBy");
  }

  @Test
  void namesScopesAsTheApiSpellsThem() {
    assertThat(ApiKey.Scope.ofCode("read:stats")).contains(ApiKey.Scope.READ_STATS);
    assertThat(ApiKey.Scope.ofCode(" ADMIN ")).contains(ApiKey.Scope.ADMIN);
    assertThat(ApiKey.Scope.ofCode("ingest")).isEmpty();
    assertThat(ApiKey.Scope.READ_STATS.code()).isEqualTo("read:stats");
  }

  @Test
  void keepsTheSecretHashOutOfToString() {
    assertThat(KEY.toString()).doesNotContain(KEY.secretHash()).contains("ff_ab12cd34");
  }
}
