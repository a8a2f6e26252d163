package io.footfall.core;

import static io.footfall.core.TestTenants.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AuditEntryTest {
  static AuditEntry withNetwork(String network) {
    return new AuditEntry("au_1", "o_1", "bootstrap", "site.create", "s_1", network, T0, "{}");
  }

  @Test
  void acceptsTruncatedNetworksAndNone() {
    assertThat(withNetwork("203.0.113.0/24").network()).isEqualTo("203.0.113.0/24");
    assertThat(withNetwork("2001:db8:1::/48").network()).isEqualTo("2001:db8:1::/48");
    assertThat(withNetwork("").network()).isEmpty();
  }

  @Test
  void refusesFullAddressesBecauseNoRawIpMayBeStored() {
    for (String bad : new String[] {"203.0.113.7", "203.0.113.7/32", "2001:db8::1", "::1/128"}) {
      assertThatThrownBy(() -> withNetwork(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("truncated network");
    }
  }

  @Test
  void refusesActionsThatAreNotDottedWordsAndDetailsThatAreNotObjects() {
    assertThatThrownBy(
            () -> new AuditEntry("au_1", "o_1", "bootstrap", "Site Create", "", "", T0, "{}"))
        .hasMessageContaining("action");
    assertThatThrownBy(
            () -> new AuditEntry("au_1", "o_1", "bootstrap", "site.create", "", "", T0, "[1]"))
        .hasMessageContaining("detailsJson");
  }
}
