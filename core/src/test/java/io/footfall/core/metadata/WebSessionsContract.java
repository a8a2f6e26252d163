package io.footfall.core.metadata;

import static io.footfall.core.TestTenants.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.core.Membership;
import io.footfall.core.Person;
import io.footfall.core.Role;
import io.footfall.core.SignedIn;
import io.footfall.core.StoreConflictException;
import io.footfall.core.TestEvents;
import io.footfall.core.TestTenants;
import io.footfall.core.WebSession;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link WebSessions}: sessions are touched, ended and expired, and read with their
 * person and memberships at once. Every metadata backend runs it through {@link
 * MetadataStoreContract}.
 */
public abstract class WebSessionsContract extends MetadataContract {
  @Test
  void createsTouchesAndEndsSessions() {
    store.people().create(TestTenants.person("p_x", "x@example.com"));
    WebSession s = TestTenants.session("h_1", "p_x", Duration.ofHours(12));
    store.sessions().create(s);
    assertThat(store.sessions().find("h_1")).contains(s);

    Instant seen = T0.plus(Duration.ofHours(2));
    Instant newExpiry = seen.plus(Duration.ofHours(12));
    assertThat(store.sessions().touch("h_1", seen, newExpiry)).isTrue();
    assertThat(store.sessions().find("h_1"))
        .contains(new WebSession("h_1", "p_x", s.csrfToken(), T0, seen, newExpiry));
    assertThat(store.sessions().touch("h_none", seen, newExpiry)).isFalse();

    assertThat(store.sessions().delete("h_1")).isTrue();
    assertThat(store.sessions().find("h_1")).isEmpty();
    assertThat(store.sessions().delete("h_1")).isFalse();
  }

  @Test
  void readsASessionWithItsPersonAndMembershipsAtOnce() {
    twoOrganizations();
    store.sites().create(TestEvents.site(A, "s1", "wk_1"));
    store.sites().create(TestEvents.site(A, "s2", "wk_2"));
    store.sites().create(TestEvents.site(B, "s9", "wk_9"));
    Person seller = TestTenants.person("p_seller", "seller@example.com");
    Person owner = TestTenants.person("p_owner", "owner@example.com");
    Person newcomer = TestTenants.person("p_new", "new@example.com");
    for (Person p : List.of(seller, owner, newcomer)) {
      store.people().create(p);
      store.sessions().create(TestTenants.session("h_" + p.id(), p.id(), Duration.ofHours(1)));
    }
    store.members().grant(new Membership(A, "p_seller", Role.VIEWER, Set.of("s1", "s2"), true));
    store.members().grant(new Membership(A, "p_owner", Role.OWNER, Set.of()));
    store.members().grant(new Membership(B, "p_owner", Role.ADMIN, Set.of("s9")));

    for (Person p : List.of(seller, owner, newcomer)) {
      SignedIn in = store.sessions().signedIn("h_" + p.id()).orElseThrow();
      assertThat(in.session()).isEqualTo(store.sessions().find("h_" + p.id()).orElseThrow());
      assertThat(in.person()).isEqualTo(store.people().byId(p.id()).orElseThrow());
      assertThat(in.memberships())
          .containsExactlyInAnyOrderElementsOf(store.members().ofPerson(p.id()));
    }
    assertThat(store.sessions().signedIn("h_p_owner").orElseThrow().memberships()).hasSize(2);
    assertThat(store.sessions().signedIn("h_p_seller").orElseThrow().memberships().getFirst())
        .extracting(Membership::readsPeople)
        .isEqualTo(true);
    assertThat(store.sessions().signedIn("h_p_new").orElseThrow().memberships()).isEmpty();
    assertThat(store.sessions().signedIn("h_none")).isEmpty();
    store.sessions().delete("h_p_owner");
    assertThat(store.sessions().signedIn("h_p_owner")).isEmpty();
  }

  @Test
  void deletesExpiredSessionsAndAllSessionsOfAPerson() {
    store.people().create(TestTenants.person("p_x", "x@example.com"));
    store.people().create(TestTenants.person("p_y", "y@example.com"));
    store.sessions().create(TestTenants.session("h_short", "p_x", Duration.ofHours(1)));
    store.sessions().create(TestTenants.session("h_long", "p_x", Duration.ofDays(30)));
    store.sessions().create(TestTenants.session("h_y", "p_y", Duration.ofDays(30)));

    assertThat(store.sessions().deleteExpired(T0.plus(Duration.ofMinutes(59)))).isZero();
    assertThat(store.sessions().deleteExpired(T0.plus(Duration.ofHours(1)))).isEqualTo(1);
    assertThat(store.sessions().find("h_short")).isEmpty();
    assertThat(store.sessions().find("h_long")).isPresent();

    assertThat(store.sessions().deleteOf("p_x")).isEqualTo(1);
    assertThat(store.sessions().find("h_long")).isEmpty();
    assertThat(store.sessions().find("h_y")).isPresent();
  }

  @Test
  void refusesSessionsOfUnknownPeopleAndTakenIds() {
    store.people().create(TestTenants.person("p_x", "x@example.com"));
    store.sessions().create(TestTenants.session("h_1", "p_x", Duration.ofHours(1)));

    assertThatThrownBy(
            () ->
                store.sessions().create(TestTenants.session("h_2", "p_none", Duration.ofHours(1))))
        .isInstanceOf(StoreConflictException.class);
    assertThatThrownBy(
            () -> store.sessions().create(TestTenants.session("h_1", "p_x", Duration.ofHours(2))))
        .isInstanceOf(StoreConflictException.class);
    assertThat(store.sessions().find("h_2")).isEmpty();
  }
}
