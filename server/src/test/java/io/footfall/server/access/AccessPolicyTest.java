package io.footfall.server.access;

import static io.footfall.server.access.AccessPolicy.Decision.ALLOWED;
import static io.footfall.server.access.AccessPolicy.Decision.DENIED;
import static io.footfall.server.access.AccessPolicy.Decision.HIDDEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.core.ApiKey;
import io.footfall.core.Membership;
import io.footfall.core.Person;
import io.footfall.core.Role;
import io.footfall.core.SharedLink;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {
  static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
  static final String ORG = "o_a";
  static final String OTHER_ORG = "o_b";
  static final String SITE = "s_1";
  static final String OTHER_SITE = "s_2";

  static Principal.Member member(Role role, Set<String> sites) {
    Person p = new Person("p_1", "m@example.com", "M", "", NOW);
    return new Principal.Member(p, "h", "csrf", List.of(new Membership(ORG, "p_1", role, sites)));
  }

  static AccessPolicy.Decision decide(Principal p, Permission perm) {
    return AccessPolicy.decide(p, perm, ORG, SITE);
  }

  @Test
  void ownersAndAdminsMayDoEverythingInTheirOrganizationOnly() {
    for (Role role : List.of(Role.OWNER, Role.ADMIN)) {
      for (Permission perm : Permission.values()) {
        assertThat(decide(member(role, Set.of()), perm)).as("%s %s", role, perm).isEqualTo(ALLOWED);
        assertThat(AccessPolicy.decide(member(role, Set.of()), perm, OTHER_ORG, SITE))
            .isEqualTo(HIDDEN);
      }
    }
  }

  @Test
  void analystsReadEverythingAndChangeNothingButSavedInsights() {
    Set<Permission> reads =
        EnumSet.of(
            Permission.READ_STATS,
            Permission.READ_PEOPLE,
            Permission.READ_INSIGHTS,
            Permission.SAVE_INSIGHTS,
            Permission.VIEW_SITE,
            Permission.VIEW_ORGANIZATION,
            Permission.LIST_MEMBERS);
    for (Permission perm : Permission.values()) {
      assertThat(decide(member(Role.ANALYST, Set.of()), perm))
          .as("%s", perm)
          .isEqualTo(reads.contains(perm) ? ALLOWED : DENIED);
    }
  }

  @Test
  void aRestrictedViewerSeesOnlyItsSitesAndNoOtherMembers() {
    Principal seller = member(Role.VIEWER, Set.of(SITE));
    assertThat(AccessPolicy.decide(seller, Permission.READ_STATS, ORG, SITE)).isEqualTo(ALLOWED);
    assertThat(AccessPolicy.decide(seller, Permission.READ_STATS, ORG, OTHER_SITE))
        .isEqualTo(HIDDEN);
    assertThat(AccessPolicy.decide(seller, Permission.VIEW_ORGANIZATION, ORG, ""))
        .isEqualTo(ALLOWED);
    assertThat(AccessPolicy.decide(seller, Permission.LIST_MEMBERS, ORG, "")).isEqualTo(DENIED);
    assertThat(AccessPolicy.decide(seller, Permission.MANAGE_SITE, ORG, SITE)).isEqualTo(DENIED);
  }

  @Test
  void viewersReadPeopleOnlyWhereTheirMembershipGrantsIt() {
    Person p = new Person("p_1", "m@example.com", "M", "", NOW);
    Principal granted =
        new Principal.Member(
            p, "h", "csrf", List.of(new Membership(ORG, "p_1", Role.VIEWER, Set.of(SITE), true)));
    assertThat(decide(member(Role.VIEWER, Set.of()), Permission.READ_PEOPLE)).isEqualTo(DENIED);
    assertThat(decide(member(Role.VIEWER, Set.of(SITE)), Permission.READ_PEOPLE)).isEqualTo(DENIED);
    assertThat(decide(granted, Permission.READ_PEOPLE)).isEqualTo(ALLOWED);
    assertThat(AccessPolicy.decide(granted, Permission.READ_PEOPLE, ORG, OTHER_SITE))
        .isEqualTo(HIDDEN);
    assertThat(AccessPolicy.decide(granted, Permission.READ_PEOPLE, OTHER_ORG, SITE))
        .isEqualTo(HIDDEN);
    // The grant adds people, nothing else.
    for (Permission perm : Permission.values()) {
      if (perm != Permission.READ_PEOPLE) {
        assertThat(decide(granted, perm))
            .as("%s", perm)
            .isEqualTo(decide(member(Role.VIEWER, Set.of(SITE)), perm));
      }
    }
    // Only a viewer holds the grant: for the other roles people come with the role.
    assertThat(new Membership(ORG, "p_1", Role.ANALYST, Set.of(), true).readsPeople()).isFalse();
  }

  @Test
  void aRestrictedAdminManagesItsSitesButNotTheOrganization() {
    Principal admin = member(Role.ADMIN, Set.of(SITE));
    assertThat(AccessPolicy.decide(admin, Permission.MANAGE_SITE, ORG, SITE)).isEqualTo(ALLOWED);
    assertThat(AccessPolicy.decide(admin, Permission.MANAGE_SITE, ORG, OTHER_SITE))
        .isEqualTo(HIDDEN);
    assertThat(AccessPolicy.decide(admin, Permission.MANAGE_MEMBERS, ORG, "")).isEqualTo(DENIED);
  }

  @Test
  void apiKeysActWithinTheirScopesAndOrganization() {
    String hash = "0".repeat(64);
    Principal read =
        new Principal.Key(
            new ApiKey("k_1", ORG, "r", "ff_read", hash, Set.of(ApiKey.Scope.READ_STATS), NOW));
    Principal admin =
        new Principal.Key(
            new ApiKey("k_2", ORG, "a", "ff_admin", hash, Set.of(ApiKey.Scope.ADMIN), NOW));
    assertThat(decide(read, Permission.READ_STATS)).isEqualTo(ALLOWED);
    assertThat(decide(read, Permission.MANAGE_SITE)).isEqualTo(DENIED);
    assertThat(decide(admin, Permission.MANAGE_API_KEYS)).isEqualTo(ALLOWED);
    assertThat(AccessPolicy.decide(admin, Permission.READ_STATS, OTHER_ORG, SITE))
        .isEqualTo(HIDDEN);
  }

  @Test
  void aKeyNeverDoesMoreThanThePersonItActsFor() {
    ApiKey key =
        new ApiKey(
            "k_3", ORG, "a", "ff_pers", "0".repeat(64), Set.of(ApiKey.Scope.ADMIN), NOW, "p_1");
    Principal asAdmin =
        new Principal.Key(
            key, java.util.Optional.of(new Membership(ORG, "p_1", Role.ADMIN, Set.of())));
    Principal asViewer =
        new Principal.Key(
            key, java.util.Optional.of(new Membership(ORG, "p_1", Role.VIEWER, Set.of(SITE))));
    for (Permission perm : Permission.values()) {
      assertThat(decide(asAdmin, perm)).as("%s", perm).isEqualTo(ALLOWED);
      assertThat(decide(asViewer, perm))
          .as("%s", perm)
          .isEqualTo(AccessPolicy.decide(member(Role.VIEWER, Set.of(SITE)), perm, ORG, SITE));
    }
    assertThat(AccessPolicy.decide(asViewer, Permission.READ_STATS, ORG, OTHER_SITE))
        .isEqualTo(HIDDEN);
    assertThat(AccessPolicy.mayCreateApiKeys(new Membership(ORG, "p_1", Role.ADMIN, Set.of())))
        .isTrue();
    assertThat(AccessPolicy.mayCreateApiKeys(new Membership(ORG, "p_1", Role.ADMIN, Set.of(SITE))))
        .isFalse();
    assertThat(AccessPolicy.mayCreateApiKeys(new Membership(ORG, "p_1", Role.ANALYST, Set.of())))
        .isFalse();
  }

  @Test
  void aSharedLinkGrantsExactlyTheStatsOfItsSite() {
    Principal link = new Principal.Link(new SharedLink("l_1", ORG, SITE, "h", "", NOW));
    for (Permission perm : Permission.values()) {
      assertThat(decide(link, perm))
          .as("%s", perm)
          .isEqualTo(perm == Permission.READ_STATS ? ALLOWED : HIDDEN);
    }
    assertThat(AccessPolicy.decide(link, Permission.READ_STATS, ORG, OTHER_SITE)).isEqualTo(HIDDEN);
  }

  @Test
  void anonymousSeesNothingAndTheInstallationEverything() {
    for (Permission perm : Permission.values()) {
      assertThat(decide(new Principal.Anonymous(), perm)).isEqualTo(HIDDEN);
      assertThat(decide(new Principal.Installation(), perm)).isEqualTo(ALLOWED);
    }
  }
}
