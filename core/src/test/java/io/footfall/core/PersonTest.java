package io.footfall.core;

import static io.footfall.core.TestTenants.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PersonTest {
  @Test
  void lowerCasesAndStripsTheEmail() {
    assertThat(new Person("p_1", " Ann.Lee+x@Example.ORG ", "", "", T0).email())
        .isEqualTo("ann.lee+x@example.org");
  }

  @Test
  void rejectsAddressesWithoutAHostOrWithSpaces() {
    for (String bad :
        new String[] {
          "ann",
          "ann@",
          "@example.com",
          "a b@example.com",
          "a@b@c.d",
          "ann@-example.com",
          "ann@example..com",
          "a".repeat(250) + "@x.io",
          // Control characters (issue 14: a NUL or an escape in a sign-in name).
          "nul\u0000@example.com",
          "esc\u001b[31m@example.com",
          "del\u007f@example.com"
        }) {
      assertThatThrownBy(() -> new Person("p_1", bad, "", "", T0))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("email");
    }
  }

  @Test
  void keepsThePasswordHashOutOfToString() {
    Person p = new Person("p_1", "ann@example.com", "Ann", "$argon2id$secret-hash", T0);
    assertThat(p.toString()).doesNotContain("secret-hash").contains("ann@example.com");
    assertThat(p.hasPassword()).isTrue();
    assertThat(new Person("p_2", "bob@example.com", "", "", T0).hasPassword()).isFalse();
  }

  @Test
  void keepsTimesToTheMicrosecondLikeTheStore() {
    Person p = new Person("p_1", "ann@example.com", "", "", T0.plusNanos(1_234_567));
    assertThat(p.createdAt()).isEqualTo(T0.plusNanos(1_234_000));
  }
}
