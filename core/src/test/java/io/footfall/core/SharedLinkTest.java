package io.footfall.core;

import static io.footfall.core.TestTenants.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SharedLinkTest {
  static final SharedLink LINK = TestTenants.sharedLink("o_1", "l_1", "s_1");

  @Test
  void worksUntilJustBeforeItsExpiry() {
    Instant expiry = T0.plus(Duration.ofDays(7));
    SharedLink expiring = LINK.withExpiresAt(expiry);

    assertThat(LINK.usableAt(T0.plus(Duration.ofDays(3650)))).isTrue();
    assertThat(expiring.usableAt(expiry.minusNanos(1_000))).isTrue();
    assertThat(expiring.usableAt(expiry)).isFalse();
  }

  @Test
  void stopsWorkingWhenRevoked() {
    SharedLink revoked = LINK.withRevokedAt(T0.plusSeconds(1));
    assertThat(revoked.usableAt(T0)).isFalse();
    assertThat(revoked.revokedAt()).contains(T0.plusSeconds(1));
    assertThat(LINK.revokedAt()).isEmpty();
  }

  @Test
  void refusesAnExpiryNotAfterCreation() {
    assertThatThrownBy(() -> LINK.withExpiresAt(T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expiresAt");
  }

  @Test
  void keepsHashesOutOfToString() {
    SharedLink guarded = new SharedLink("l_2", "o_1", "s_1", "token-hash-x", "password-hash-y", T0);
    assertThat(guarded.toString())
        .doesNotContain("token-hash-x")
        .doesNotContain("password-hash-y")
        .contains("passwordProtected=true");
  }
}
