package io.footfall.core.metadata;

import static io.footfall.core.TestTenants.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.core.Invitation;
import io.footfall.core.Membership;
import io.footfall.core.Role;
import io.footfall.core.StoreConflictException;
import io.footfall.core.TestEvents;
import io.footfall.core.TestTenants;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Invitations}: one invitation per address and organization, scoped by
 * organization, and accepted once ({@link MetadataStore#acceptInvitation}). Every metadata backend
 * runs it through {@link MetadataStoreContract}.
 */
public abstract class InvitationsContract extends MetadataContract {
  @Test
  void storesInvitationsFieldForFieldNewestFirstAndScopedByOrganization() {
    twoOrganizations();
    store.sites().create(TestEvents.site(A, "s1", "wk_1"));
    store.sites().create(TestEvents.site(A, "s2", "wk_2"));
    Invitation first = TestTenants.invitation(A, "i_1", "Ada@Example.com", Set.of(), T0);
    Invitation second =
        TestTenants.invitation(
            A, "i_2", "bob@example.com", Set.of("s1", "s2"), T0.plusMillis(1500));
    Invitation toB =
        TestTenants.invitation(B, "i_3", "ada@example.com", Set.of(), T0.plusSeconds(3));
    store.invitations().create(first);
    store.invitations().create(second);
    store.invitations().create(toB);

    assertThat(first.email()).isEqualTo("ada@example.com");
    assertThat(store.invitations().list(A)).containsExactly(second, first);
    assertThat(store.invitations().find(A, "i_2")).contains(second);
    assertThat(store.invitations().find(B, "i_2")).isEmpty();
    assertThat(store.invitations().byTokenHash(TestTenants.sha256Hex("invite-i_2")))
        .contains(second);
    assertThat(store.invitations().byTokenHash(TestTenants.sha256Hex("invite-none"))).isEmpty();
    assertThat(store.invitations().to("ADA@example.com")).containsExactly(first, toB);
    assertThat(store.invitations().to("nobody@example.com")).isEmpty();
  }

  @Test
  void aNewInvitationToTheSameAddressReplacesTheEarlierOne() {
    twoOrganizations();
    store.invitations().create(TestTenants.invitation(A, "i_1", "ada@example.com", Set.of(), T0));
    Invitation again =
        TestTenants.invitation(A, "i_2", "ada@example.com", Set.of(), T0.plusSeconds(60));
    store.invitations().create(again);

    assertThat(store.invitations().list(A)).containsExactly(again);
    assertThat(store.invitations().byTokenHash(TestTenants.sha256Hex("invite-i_1"))).isEmpty();
  }

  @Test
  void refusesInvitationsToForeignSitesMissingOrganizationsAndTakenIds() {
    twoOrganizations();
    store.sites().create(TestEvents.site(B, "s_b", "wk_b"));
    assertThatThrownBy(
            () ->
                store
                    .invitations()
                    .create(TestTenants.invitation(A, "i_1", "a@example.com", Set.of("s_b"), T0)))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("s_b");
    assertThatThrownBy(
            () ->
                store
                    .invitations()
                    .create(TestTenants.invitation("o_none", "i_2", "a@example.com", Set.of(), T0)))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("o_none");
    store.invitations().create(TestTenants.invitation(A, "i_3", "a@example.com", Set.of(), T0));
    assertThatThrownBy(
            () ->
                store
                    .invitations()
                    .create(TestTenants.invitation(B, "i_3", "b@example.com", Set.of(), T0)))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("i_3");
    assertThat(store.invitations().list(B)).isEmpty();
  }

  @Test
  void acceptingAnInvitationGrantsItsMembershipOnceAndRemovesIt() {
    twoOrganizations();
    store.sites().create(TestEvents.site(A, "s1", "wk_1"));
    store.people().create(TestTenants.person("p_ada", "ada@example.com"));
    store
        .invitations()
        .create(TestTenants.invitation(A, "i_1", "ada@example.com", Set.of("s1"), T0));

    assertThat(store.acceptInvitation(B, "i_1", "p_ada")).isFalse();
    assertThat(store.members().ofPerson("p_ada")).isEmpty();
    assertThatThrownBy(() -> store.acceptInvitation(A, "i_1", "p_none"))
        .isInstanceOf(StoreConflictException.class);
    assertThat(store.invitations().list(A)).hasSize(1);

    assertThat(store.acceptInvitation(A, "i_1", "p_ada")).isTrue();
    assertThat(store.members().find(A, "p_ada"))
        .contains(new Membership(A, "p_ada", Role.ANALYST, Set.of("s1")));
    assertThat(store.invitations().list(A)).isEmpty();
    assertThat(store.acceptInvitation(A, "i_1", "p_ada")).isFalse();

    store.invitations().create(TestTenants.invitation(A, "i_2", "ada@example.com", Set.of(), T0));
    assertThatThrownBy(() -> store.acceptInvitation(A, "i_2", "p_ada"))
        .as("already a member: nothing changes")
        .isInstanceOf(StoreConflictException.class);
    assertThat(store.members().find(A, "p_ada").orElseThrow().siteIds()).containsExactly("s1");
    assertThat(store.invitations().list(A)).hasSize(1);
  }

  @Test
  void revokesAnInvitationOnlyThroughItsOrganizationAndDeletesExpiredOnes() {
    twoOrganizations();
    Invitation early = TestTenants.invitation(A, "i_1", "a@example.com", Set.of(), T0);
    Invitation late =
        TestTenants.invitation(B, "i_2", "b@example.com", Set.of(), T0.plus(Duration.ofDays(3)));
    Invitation other =
        TestTenants.invitation(A, "i_3", "c@example.com", Set.of(), T0.plusSeconds(1));
    store.invitations().create(early);
    store.invitations().create(late);
    store.invitations().create(other);

    assertThat(store.invitations().revoke(B, "i_3")).isFalse();
    assertThat(store.invitations().revoke(A, "i_3")).isTrue();
    assertThat(store.invitations().revoke(A, "i_3")).isFalse();

    assertThat(store.invitations().deleteExpired(early.expiresAt())).isEqualTo(1);
    assertThat(store.invitations().list(A)).isEmpty();
    assertThat(store.invitations().list(B)).containsExactly(late);
  }
}
