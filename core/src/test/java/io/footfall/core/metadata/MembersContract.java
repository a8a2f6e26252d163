package io.footfall.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.core.Membership;
import io.footfall.core.Role;
import io.footfall.core.StoreConflictException;
import io.footfall.core.TestEvents;
import io.footfall.core.TestTenants;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Members}: a membership holds a role and a restriction to the
 * organization's own sites, and is changed and ended only through its organization. Every metadata
 * backend runs it through {@link MetadataStoreContract}.
 */
public abstract class MembersContract extends MetadataContract {
  @Test
  void roundTripsMembershipsWithAndWithoutSiteRestriction() {
    twoOrganizations();
    store.sites().create(TestEvents.site(A, "s1", "wk_1"));
    store.sites().create(TestEvents.site(A, "s2", "wk_2"));
    store.sites().create(TestEvents.site(A, "s3", "wk_3"));
    store.sites().create(TestEvents.site(B, "s9", "wk_9"));
    store.people().create(TestTenants.person("p_seller", "seller@example.com"));
    store.people().create(TestTenants.person("p_owner", "owner@example.com"));

    Membership seller = new Membership(A, "p_seller", Role.VIEWER, Set.of("s1", "s2"));
    Membership owner = new Membership(A, "p_owner", Role.OWNER, Set.of());
    Membership ownerOfB = new Membership(B, "p_owner", Role.ADMIN, Set.of("s9"));
    store.members().grant(seller);
    store.members().grant(owner);
    store.members().grant(ownerOfB);

    assertThat(store.members().find(A, "p_seller")).contains(seller);
    assertThat(store.members().find(A, "p_seller").orElseThrow().covers("s3")).isFalse();
    assertThat(store.members().find(A, "p_owner").orElseThrow().allSites()).isTrue();
    assertThat(store.members().list(A)).containsExactly(owner, seller);
    assertThat(store.members().list(B)).containsExactly(ownerOfB);
    assertThat(store.members().ofPerson("p_owner")).containsExactly(owner, ownerOfB);
    assertThat(store.members().ofPerson("p_seller")).containsExactly(seller);
    assertThat(store.members().find(B, "p_seller")).isEmpty();
  }

  @Test
  void updatesTheRoleAndSiteSetOfAMembership() {
    twoOrganizations();
    for (String s : List.of("s1", "s2", "s3")) {
      store.sites().create(TestEvents.site(A, s, "wk_" + s));
    }
    store.people().create(TestTenants.person("p_x", "x@example.com"));
    store.members().grant(new Membership(A, "p_x", Role.VIEWER, Set.of("s1", "s2")));

    Membership moved = new Membership(A, "p_x", Role.ANALYST, Set.of("s2", "s3"));
    assertThat(store.members().update(moved)).isTrue();
    assertThat(store.members().find(A, "p_x")).contains(moved);

    Membership unrestricted = new Membership(A, "p_x", Role.ADMIN, Set.of());
    assertThat(store.members().update(unrestricted)).isTrue();
    assertThat(store.members().find(A, "p_x")).contains(unrestricted);

    Membership restrictedAgain = new Membership(A, "p_x", Role.VIEWER, Set.of("s1"));
    assertThat(store.members().update(restrictedAgain)).isTrue();
    assertThat(store.members().list(A)).containsExactly(restrictedAgain);

    Membership granted = new Membership(A, "p_x", Role.VIEWER, Set.of("s1"), true);
    assertThat(store.members().update(granted)).isTrue();
    assertThat(store.members().find(A, "p_x")).contains(granted);
    assertThat(store.members().list(A)).containsExactly(granted);
    assertThat(store.members().ofPerson("p_x")).containsExactly(granted);
    assertThat(store.members().update(restrictedAgain)).isTrue();
    assertThat(store.members().find(A, "p_x")).contains(restrictedAgain);
  }

  @Test
  void grantsAViewerThePeopleOfItsSitesFromTheStart() {
    twoOrganizations();
    store.sites().create(TestEvents.site(A, "s1", "wk_1"));
    store.people().create(TestTenants.person("p_x", "x@example.com"));
    Membership granted = new Membership(A, "p_x", Role.VIEWER, Set.of("s1"), true);
    store.members().grant(granted);
    assertThat(store.members().find(A, "p_x").orElseThrow().readsPeople()).isTrue();
  }

  @Test
  void refusesMembershipsThatPointOutsideTheOrganization() {
    twoOrganizations();
    store.sites().create(TestEvents.site(A, "s1", "wk_1"));
    store.sites().create(TestEvents.site(B, "s9", "wk_9"));
    store.people().create(TestTenants.person("p_x", "x@example.com"));

    assertThatThrownBy(
            () -> store.members().grant(new Membership(A, "p_x", Role.VIEWER, Set.of("s1", "s9"))))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("s9");
    assertThat(store.members().find(A, "p_x")).isEmpty();

    assertThatThrownBy(
            () -> store.members().grant(new Membership(A, "p_none", Role.VIEWER, Set.of())))
        .isInstanceOf(StoreConflictException.class);
    assertThatThrownBy(
            () -> store.members().grant(new Membership("o_none", "p_x", Role.VIEWER, Set.of())))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("o_none");

    store.members().grant(new Membership(A, "p_x", Role.VIEWER, Set.of("s1")));
    assertThatThrownBy(() -> store.members().grant(new Membership(A, "p_x", Role.OWNER, Set.of())))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("already a member");
    assertThatThrownBy(
            () -> store.members().update(new Membership(A, "p_x", Role.VIEWER, Set.of("s9"))))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("s9");
    assertThat(store.members().find(A, "p_x"))
        .contains(new Membership(A, "p_x", Role.VIEWER, Set.of("s1")));
  }

  @Test
  void revokesAMembershipOnlyThroughItsOrganization() {
    twoOrganizations();
    store.sites().create(TestEvents.site(A, "s1", "wk_1"));
    store.people().create(TestTenants.person("p_x", "x@example.com"));
    Membership m = new Membership(A, "p_x", Role.VIEWER, Set.of("s1"));
    store.members().grant(m);

    assertThat(store.members().revoke(B, "p_x")).isFalse();
    assertThat(store.members().find(A, "p_x")).contains(m);

    assertThat(store.members().revoke(A, "p_x")).isTrue();
    assertThat(store.members().find(A, "p_x")).isEmpty();
    assertThat(store.people().find(A, "p_x")).isEmpty();
    assertThat(store.members().revoke(A, "p_x")).isFalse();

    // Granting again starts from a clean slate: no site restriction is left over.
    Membership again = new Membership(A, "p_x", Role.ANALYST, Set.of());
    store.members().grant(again);
    assertThat(store.members().find(A, "p_x")).contains(again);
  }
}
