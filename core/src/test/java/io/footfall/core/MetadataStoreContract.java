package io.footfall.core;

import static io.footfall.core.TestTenants.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every metadata store passes, on every engine it runs on. A backend's test extends
 * this class and returns a fresh, empty store from {@link #openStore()} (and releases it in its own
 * {@code @AfterEach}).
 *
 * <p>Most tests set up two organizations, A and B, and check that what belongs to A can be neither
 * seen nor changed through B's id.
 */
public abstract class MetadataStoreContract {
  protected static final String A = "o_a";
  protected static final String B = "o_b";

  protected MetadataStore store;

  protected abstract MetadataStore openStore();

  @BeforeEach
  void openEmptyStore() {
    store = openStore();
  }

  private void twoOrganizations() {
    store.createOrganization(TestTenants.organization(A));
    store.createOrganization(TestTenants.organization(B));
  }

  private static Site customSite(String organizationId, String id, String writeKey) {
    return new Site(
        id,
        organizationId,
        "Shop " + id,
        id + ".shop.example",
        ZoneId.of("America/New_York"),
        "USD",
        30,
        writeKey,
        new SiteSettings(
            true, false, true, SiteSettings.UserIdMode.STORE, List.of("token", "iban")),
        T0.plusMillis(1234).plusNanos(567_000));
  }

  // ---------------------------------------------------------------- organizations

  @Test
  void createsFindsListsAndUpdatesOrganizations() {
    Organization a = TestTenants.organization(A);
    Organization b = new Organization(B, "Bee", T0.plusSeconds(1));
    store.createOrganization(b);
    store.createOrganization(a);

    assertThat(store.organization(A)).contains(a);
    assertThat(store.organization("o_none")).isEmpty();
    assertThat(store.organizations()).containsExactly(a, b);

    assertThat(store.updateOrganization(new Organization(A, "Renamed", T0.plusSeconds(99))))
        .isTrue();
    assertThat(store.organization(A)).contains(new Organization(A, "Renamed", T0));
    assertThat(store.updateOrganization(TestTenants.organization("o_none"))).isFalse();
  }

  @Test
  void refusesASecondOrganizationWithTheSameId() {
    store.createOrganization(TestTenants.organization(A));
    assertThatThrownBy(() -> store.createOrganization(new Organization(A, "Other", T0)))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining(A);
    assertThat(store.organization(A)).contains(TestTenants.organization(A));
  }

  // ---------------------------------------------------------------- sites

  @Test
  void storesSitesFieldForFieldWithinTheirOrganization() {
    twoOrganizations();
    Site site = customSite(A, "s1", "wk_one");
    store.createSite(site);

    assertThat(store.site(A, "s1")).contains(site);
    assertThat(store.sites(A)).containsExactly(site);
    assertThat(store.byWriteKey("wk_one")).contains(site);
    assertThat(store.byId("s1")).contains(site);
    assertThat(store.byId("s2")).isEmpty();
    assertThat(store.allSites()).containsExactly(site);

    assertThat(store.site(B, "s1")).isEmpty();
    assertThat(store.sites(B)).isEmpty();
    assertThat(store.byWriteKey("wk_none")).isEmpty();
  }

  @Test
  void listsSitesOldestFirst() {
    twoOrganizations();
    Site later =
        new Site(
            "s_later",
            A,
            "Later",
            "later.example",
            ZoneId.of("UTC"),
            "EUR",
            396,
            "wk_later",
            SiteSettings.DEFAULTS,
            T0.plusSeconds(60));
    Site earlier = TestEvents.site(A, "s_earlier", "wk_earlier");
    Site other = TestEvents.site(B, "s_other", "wk_other");
    store.createSite(later);
    store.createSite(other);
    store.createSite(earlier);

    assertThat(store.sites(A)).containsExactly(earlier, later);
    assertThat(store.allSites()).containsExactly(earlier, other, later);
  }

  @Test
  void updatesASiteOnlyThroughItsOwnOrganization() {
    twoOrganizations();
    Site site = TestEvents.site(A, "s1", "wk_one");
    store.createSite(site);
    Site changed =
        new Site(
            "s1",
            A,
            "Renamed",
            "renamed.example",
            ZoneId.of("Asia/Tokyo"),
            "JPY",
            90,
            "wk_rotated",
            new SiteSettings(true, false, false, SiteSettings.UserIdMode.STORE, List.of("x")),
            T0.plusSeconds(3600));
    Site throughB =
        new Site(
            "s1",
            B,
            "Hijacked",
            "evil.example",
            ZoneId.of("UTC"),
            "EUR",
            1,
            "wk_evil",
            SiteSettings.DEFAULTS,
            T0);

    assertThat(store.updateSite(throughB)).isFalse();
    assertThat(store.site(A, "s1")).contains(site);
    assertThat(store.byWriteKey("wk_evil")).isEmpty();

    assertThat(store.updateSite(changed)).isTrue();
    Site expected =
        new Site(
            "s1",
            A,
            "Renamed",
            "renamed.example",
            ZoneId.of("Asia/Tokyo"),
            "JPY",
            90,
            "wk_rotated",
            changed.settings(),
            site.createdAt());
    assertThat(store.site(A, "s1")).contains(expected);
    assertThat(store.byWriteKey("wk_one")).isEmpty();
    assertThat(store.byWriteKey("wk_rotated")).contains(expected);
  }

  @Test
  void refusesTakenSiteIdsAndWriteKeysAcrossOrganizations() {
    twoOrganizations();
    store.createSite(TestEvents.site(A, "s1", "wk_same"));

    assertThatThrownBy(() -> store.createSite(TestEvents.site(B, "s2", "wk_same")))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("wk_same");
    assertThatThrownBy(() -> store.createSite(TestEvents.site(B, "s1", "wk_other")))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("s1");
    assertThat(store.sites(B)).isEmpty();

    store.createSite(TestEvents.site(A, "s3", "wk_three"));
    Site stealing =
        new Site(
            "s3",
            A,
            "Site s3",
            "s3.example",
            ZoneId.of("UTC"),
            "EUR",
            396,
            "wk_same",
            SiteSettings.DEFAULTS,
            T0);
    assertThatThrownBy(() -> store.updateSite(stealing))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("wk_same");
    assertThat(store.byWriteKey("wk_same").map(Site::id)).contains("s1");
  }

  @Test
  void refusesASiteOfAnOrganizationThatDoesNotExist() {
    assertThatThrownBy(() -> store.createSite(TestEvents.site("o_none", "s1", "wk_one")))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("o_none");
    assertThat(store.allSites()).isEmpty();
  }

  @Test
  void keepsTheFirstSaltOfADayAndDeletesOldDays() {
    LocalDate day = LocalDate.of(2026, 3, 1);
    byte[] first = store.salt("s1", day, new byte[] {1, 2, 3});
    byte[] second = store.salt("s1", day, new byte[] {9, 9, 9});
    assertThat(second).isEqualTo(first).containsExactly(1, 2, 3);
    assertThat(store.salt("s2", day, new byte[] {8})).containsExactly(8);

    store.salt("s1", day.plusDays(1), new byte[] {4});
    store.salt("s1", day.plusDays(2), new byte[] {5});
    assertThat(store.deleteSaltsBefore("s1", day.plusDays(1))).isEqualTo(1);
    assertThat(store.salt("s1", day, new byte[] {7})).containsExactly(7);
    assertThat(store.salt("s1", day.plusDays(1), new byte[] {0})).containsExactly(4);
    assertThat(store.salt("s2", day, new byte[] {0})).containsExactly(8);
  }

  /** What the metadata holds of one site, read through the interface. */
  private record SiteMetadata(
      java.util.Optional<Site> site,
      List<Goal> goals,
      List<EmailReport> reports,
      Set<String> deliveries,
      List<SharedLink> links,
      byte[] salt) {}

  private SiteMetadata metadataOf(String organizationId, String siteId, LocalDate day) {
    List<EmailReport> reports = store.emailReports(organizationId, siteId);
    Set<String> deliveries = new java.util.TreeSet<>();
    for (EmailReport r : reports) {
      deliveries.addAll(store.emailDeliveries(r.id(), day));
    }
    return new SiteMetadata(
        store.site(organizationId, siteId),
        store.goals(organizationId, siteId),
        reports,
        deliveries,
        store.sharedLinks(organizationId).stream().filter(l -> l.siteId().equals(siteId)).toList(),
        store.salt(siteId, day, new byte[] {0}));
  }

  /** Gives a site a salt, a goal, an email report with a delivery and a shared link. */
  private void fillSite(String organizationId, String siteId, LocalDate day) {
    store.createSite(TestEvents.site(organizationId, siteId, "wk_" + siteId));
    store.salt(siteId, day, siteId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    store.createGoal(TestTenants.pageviewGoal(siteId, "g_" + siteId, "Pricing", "/pricing"));
    store.createEmailReport(weekly(siteId, "r_" + siteId, List.of("ada@example.org"), T0));
    store.recordEmailDelivery("r_" + siteId, day, "ada@example.org", T0);
    store.createSharedLink(TestTenants.sharedLink(organizationId, "l_" + siteId, siteId));
  }

  @Test
  void deletesASiteWithEverythingOfItAndLeavesOtherSitesAlone() {
    twoOrganizations();
    LocalDate day = LocalDate.of(2026, 3, 2);
    fillSite(A, "s1", day);
    fillSite(A, "s2", day);
    fillSite(B, "s9", day);
    for (String p : List.of("p_only", "p_both", "p_all", "p_other")) {
      store.createPerson(TestTenants.person(p, p + "@example.com"));
    }
    store.grantMembership(new Membership(A, "p_only", Role.VIEWER, Set.of("s1")));
    store.grantMembership(new Membership(A, "p_both", Role.ANALYST, Set.of("s1", "s2")));
    store.grantMembership(new Membership(A, "p_all", Role.OWNER, Set.of()));
    store.grantMembership(new Membership(B, "p_other", Role.VIEWER, Set.of("s9")));
    store.appendAudit(TestTenants.audit(A, "a_1", T0));
    store.putSiteSecret(secret(A, "s1", "sk_deleted1", T0));
    store.putSiteSecret(secret(A, "s2", "sk_kept0002", T0));
    SiteMetadata s2 = metadataOf(A, "s2", day);
    SiteMetadata s9 = metadataOf(B, "s9", day);
    List<AuditEntry> audit = store.audit(A, 10);

    assertThat(store.deleteSite(B, "s1")).as("through another organization").isFalse();
    assertThat(store.site(A, "s1")).isPresent();

    assertThat(store.deleteSite(A, "s1")).isTrue();

    assertThat(store.site(A, "s1")).isEmpty();
    assertThat(store.byId("s1")).isEmpty();
    assertThat(store.byWriteKey("wk_s1")).isEmpty();
    assertThat(store.sites(A)).extracting(Site::id).containsExactly("s2");
    assertThat(store.allSites()).extracting(Site::id).containsExactlyInAnyOrder("s2", "s9");
    assertThat(store.goals(A, "s1")).isEmpty();
    assertThat(store.emailReports(A, "s1")).isEmpty();
    assertThat(store.allEmailReports()).extracting(EmailReport::siteId).doesNotContain("s1");
    assertThat(store.emailDeliveries("r_s1", day)).isEmpty();
    assertThat(store.sharedLinks(A)).extracting(SharedLink::siteId).containsOnly("s2");
    assertThat(store.sharedLinkByTokenHash(TestTenants.sha256Hex("token-l_s1"))).isEmpty();
    assertThat(store.salt("s1", day, new byte[] {42})).as("a fresh salt").containsExactly(42);
    assertThat(store.siteSecret(A, "s1")).isEmpty();
    assertThat(store.siteSecretByPrefix("sk_deleted1")).isEmpty();
    assertThat(store.siteSecretByPrefix("sk_kept0002")).isPresent();
    // A member restricted to the site alone would otherwise read as "every site": they go.
    assertThat(store.membership(A, "p_only")).isEmpty();
    assertThat(store.membership(A, "p_both"))
        .contains(new Membership(A, "p_both", Role.ANALYST, Set.of("s2")));
    assertThat(store.membership(A, "p_all"))
        .contains(new Membership(A, "p_all", Role.OWNER, Set.of()));
    assertThat(store.membership(B, "p_other"))
        .contains(new Membership(B, "p_other", Role.VIEWER, Set.of("s9")));
    assertThat(store.audit(A, 10)).as("the audit log is the record").isEqualTo(audit);

    SiteMetadata s2After = metadataOf(A, "s2", day);
    SiteMetadata s9After = metadataOf(B, "s9", day);
    assertThat(s2After).usingRecursiveComparison().isEqualTo(s2);
    assertThat(s9After).usingRecursiveComparison().isEqualTo(s9);
    assertThat(s2.salt()).containsExactly("s2".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThat(store.deleteSite(A, "s1")).as("gone already").isFalse();
    // Its ids are free again: nothing of it lingers to clash with.
    fillSite(A, "s1", day);
    assertThat(store.goals(A, "s1")).hasSize(1);
  }

  // ---------------------------------------------------------------- people

  @Test
  void findsPeopleByLowerCasedEmailAndOnlyThroughTheirOrganizations() {
    twoOrganizations();
    Person ann = new Person("p_ann", "Ann@Example.COM", "Ann", "$argon2id$v=19$x", T0);
    store.createPerson(ann);
    store.grantMembership(new Membership(A, "p_ann", Role.ANALYST, Set.of()));

    assertThat(ann.email()).isEqualTo("ann@example.com");
    assertThat(store.personByEmail("  ANN@example.com ")).contains(ann);
    assertThat(store.personById("p_ann")).contains(ann);
    assertThat(store.person(A, "p_ann")).contains(ann);
    assertThat(store.person(B, "p_ann")).isEmpty();
    assertThat(store.personByEmail("bob@example.com")).isEmpty();
    assertThat(store.personById("p_none")).isEmpty();
  }

  @Test
  void refusesATakenEmailInAnyCase() {
    store.createPerson(TestTenants.person("p_ann", "ann@example.com"));

    assertThatThrownBy(() -> store.createPerson(TestTenants.person("p_two", "ANN@example.com")))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("ann@example.com");
    assertThatThrownBy(() -> store.createPerson(TestTenants.person("p_ann", "x@example.com")))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("p_ann");
    assertThat(store.personByEmail("x@example.com")).isEmpty();
  }

  @Test
  void updatesAPersonButNotOntoAnotherPersonsEmail() {
    Person ann = TestTenants.person("p_ann", "ann@example.com");
    store.createPerson(ann);
    store.createPerson(TestTenants.person("p_bob", "bob@example.com"));

    Person changed = new Person("p_ann", "ann@new.example", "Ann B.", "hash-2", T0.plusSeconds(5));
    assertThat(store.updatePerson(changed)).isTrue();
    assertThat(store.personById("p_ann"))
        .contains(new Person("p_ann", "ann@new.example", "Ann B.", "hash-2", T0));
    assertThat(store.personByEmail("ann@example.com")).isEmpty();

    assertThatThrownBy(() -> store.updatePerson(new Person("p_ann", "bob@example.com", "", "", T0)))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("bob@example.com");
    assertThat(store.updatePerson(TestTenants.person("p_none", "none@example.com"))).isFalse();
  }

  // ---------------------------------------------------------------- memberships

  @Test
  void roundTripsMembershipsWithAndWithoutSiteRestriction() {
    twoOrganizations();
    store.createSite(TestEvents.site(A, "s1", "wk_1"));
    store.createSite(TestEvents.site(A, "s2", "wk_2"));
    store.createSite(TestEvents.site(A, "s3", "wk_3"));
    store.createSite(TestEvents.site(B, "s9", "wk_9"));
    store.createPerson(TestTenants.person("p_seller", "seller@example.com"));
    store.createPerson(TestTenants.person("p_owner", "owner@example.com"));

    Membership seller = new Membership(A, "p_seller", Role.VIEWER, Set.of("s1", "s2"));
    Membership owner = new Membership(A, "p_owner", Role.OWNER, Set.of());
    Membership ownerOfB = new Membership(B, "p_owner", Role.ADMIN, Set.of("s9"));
    store.grantMembership(seller);
    store.grantMembership(owner);
    store.grantMembership(ownerOfB);

    assertThat(store.membership(A, "p_seller")).contains(seller);
    assertThat(store.membership(A, "p_seller").orElseThrow().covers("s3")).isFalse();
    assertThat(store.membership(A, "p_owner").orElseThrow().allSites()).isTrue();
    assertThat(store.memberships(A)).containsExactly(owner, seller);
    assertThat(store.memberships(B)).containsExactly(ownerOfB);
    assertThat(store.membershipsOf("p_owner")).containsExactly(owner, ownerOfB);
    assertThat(store.membershipsOf("p_seller")).containsExactly(seller);
    assertThat(store.membership(B, "p_seller")).isEmpty();
  }

  @Test
  void updatesTheRoleAndSiteSetOfAMembership() {
    twoOrganizations();
    for (String s : List.of("s1", "s2", "s3")) {
      store.createSite(TestEvents.site(A, s, "wk_" + s));
    }
    store.createPerson(TestTenants.person("p_x", "x@example.com"));
    store.grantMembership(new Membership(A, "p_x", Role.VIEWER, Set.of("s1", "s2")));

    Membership moved = new Membership(A, "p_x", Role.ANALYST, Set.of("s2", "s3"));
    assertThat(store.updateMembership(moved)).isTrue();
    assertThat(store.membership(A, "p_x")).contains(moved);

    Membership unrestricted = new Membership(A, "p_x", Role.ADMIN, Set.of());
    assertThat(store.updateMembership(unrestricted)).isTrue();
    assertThat(store.membership(A, "p_x")).contains(unrestricted);

    Membership restrictedAgain = new Membership(A, "p_x", Role.VIEWER, Set.of("s1"));
    assertThat(store.updateMembership(restrictedAgain)).isTrue();
    assertThat(store.memberships(A)).containsExactly(restrictedAgain);
  }

  @Test
  void refusesMembershipsThatPointOutsideTheOrganization() {
    twoOrganizations();
    store.createSite(TestEvents.site(A, "s1", "wk_1"));
    store.createSite(TestEvents.site(B, "s9", "wk_9"));
    store.createPerson(TestTenants.person("p_x", "x@example.com"));

    assertThatThrownBy(
            () -> store.grantMembership(new Membership(A, "p_x", Role.VIEWER, Set.of("s1", "s9"))))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("s9");
    assertThat(store.membership(A, "p_x")).isEmpty();

    assertThatThrownBy(
            () -> store.grantMembership(new Membership(A, "p_none", Role.VIEWER, Set.of())))
        .isInstanceOf(StoreConflictException.class);
    assertThatThrownBy(
            () -> store.grantMembership(new Membership("o_none", "p_x", Role.VIEWER, Set.of())))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("o_none");

    store.grantMembership(new Membership(A, "p_x", Role.VIEWER, Set.of("s1")));
    assertThatThrownBy(() -> store.grantMembership(new Membership(A, "p_x", Role.OWNER, Set.of())))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("already a member");
    assertThatThrownBy(
            () -> store.updateMembership(new Membership(A, "p_x", Role.VIEWER, Set.of("s9"))))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("s9");
    assertThat(store.membership(A, "p_x"))
        .contains(new Membership(A, "p_x", Role.VIEWER, Set.of("s1")));
  }

  @Test
  void revokesAMembershipOnlyThroughItsOrganization() {
    twoOrganizations();
    store.createSite(TestEvents.site(A, "s1", "wk_1"));
    store.createPerson(TestTenants.person("p_x", "x@example.com"));
    Membership m = new Membership(A, "p_x", Role.VIEWER, Set.of("s1"));
    store.grantMembership(m);

    assertThat(store.revokeMembership(B, "p_x")).isFalse();
    assertThat(store.membership(A, "p_x")).contains(m);

    assertThat(store.revokeMembership(A, "p_x")).isTrue();
    assertThat(store.membership(A, "p_x")).isEmpty();
    assertThat(store.person(A, "p_x")).isEmpty();
    assertThat(store.revokeMembership(A, "p_x")).isFalse();

    // Granting again starts from a clean slate: no site restriction is left over.
    Membership again = new Membership(A, "p_x", Role.ANALYST, Set.of());
    store.grantMembership(again);
    assertThat(store.membership(A, "p_x")).contains(again);
  }

  // ---------------------------------------------------------------- API keys

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
    store.createApiKey(read);
    store.createApiKey(both);

    assertThat(store.apiKeys(A)).containsExactly(both, read);
    assertThat(store.apiKey(A, "k_read")).contains(read);
    assertThat(store.apiKeyByPrefix("ff_both0001")).contains(both);
    assertThat(store.apiKeyByPrefix("ff_none")).isEmpty();
    assertThat(store.apiKeys(B)).isEmpty();
    assertThat(store.apiKey(B, "k_read")).isEmpty();
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
    store.createApiKey(personal);
    store.createApiKey(installation);
    store.touchApiKey(A, "k_p", T0.plusSeconds(5));
    store.revokeApiKey(A, "k_p", T0.plusSeconds(9));

    ApiKey read = store.apiKeyByPrefix("ff_pers0001").orElseThrow();
    assertThat(read.createdBy()).isEqualTo("p_admin");
    assertThat(read)
        .isEqualTo(personal.withLastUsedAt(T0.plusSeconds(5)).withRevokedAt(T0.plusSeconds(9)));
    assertThat(store.apiKey(A, "k_i").orElseThrow().createdBy()).isEmpty();
  }

  @Test
  void refusesTakenKeyPrefixesAndKeysOfMissingOrganizations() {
    twoOrganizations();
    store.createApiKey(TestTenants.apiKey(A, "k_1", "ff_same0001", Set.of(ApiKey.Scope.ADMIN)));

    assertThatThrownBy(
            () ->
                store.createApiKey(
                    TestTenants.apiKey(B, "k_2", "ff_same0001", Set.of(ApiKey.Scope.ADMIN))))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("ff_same0001");
    assertThatThrownBy(
            () ->
                store.createApiKey(
                    TestTenants.apiKey("o_none", "k_3", "ff_none0001", Set.of(ApiKey.Scope.ADMIN))))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("o_none");
    assertThat(store.apiKeys(B)).isEmpty();
  }

  @Test
  void revokesAKeyOnceAndOnlyThroughItsOrganization() {
    twoOrganizations();
    ApiKey key = TestTenants.apiKey(A, "k_1", "ff_key00001", Set.of(ApiKey.Scope.READ_STATS));
    store.createApiKey(key);
    Instant first = T0.plus(Duration.ofDays(2));

    assertThat(store.revokeApiKey(B, "k_1", first)).isFalse();
    assertThat(store.apiKey(A, "k_1").orElseThrow().active()).isTrue();

    assertThat(store.revokeApiKey(A, "k_1", first)).isTrue();
    assertThat(store.revokeApiKey(A, "k_1", first.plusSeconds(60))).isFalse();
    ApiKey revoked = store.apiKeyByPrefix("ff_key00001").orElseThrow();
    assertThat(revoked).isEqualTo(key.withRevokedAt(first));
    assertThat(revoked.allows(ApiKey.Scope.READ_STATS)).isFalse();
  }

  @Test
  void recordsTheLatestUseOfAKey() {
    twoOrganizations();
    ApiKey key = TestTenants.apiKey(A, "k_1", "ff_key00001", Set.of(ApiKey.Scope.READ_STATS));
    store.createApiKey(key);
    Instant used = T0.plus(Duration.ofHours(5)).plusNanos(123_456_000);

    assertThat(store.apiKey(A, "k_1").orElseThrow().lastUsedAt()).isEmpty();
    assertThat(store.touchApiKey(B, "k_1", used)).isFalse();
    assertThat(store.apiKey(A, "k_1").orElseThrow().lastUsedAt()).isEmpty();

    assertThat(store.touchApiKey(A, "k_1", used)).isTrue();
    assertThat(store.touchApiKey(A, "k_1", used.minusSeconds(30))).isTrue();
    assertThat(store.apiKey(A, "k_1")).contains(key.withLastUsedAt(used));
    assertThat(store.touchApiKey(A, "k_none", used)).isFalse();
  }

  // ---------------------------------------------------------------- invitations

  private static Invitation invitation(
      String organizationId, String id, String email, Set<String> sites, Instant at) {
    return new Invitation(
        id,
        organizationId,
        email,
        Role.ANALYST,
        sites,
        TestTenants.sha256Hex("invite-" + id),
        "person:p_admin",
        at,
        at.plus(Duration.ofDays(7)));
  }

  @Test
  void storesInvitationsFieldForFieldNewestFirstAndScopedByOrganization() {
    twoOrganizations();
    store.createSite(TestEvents.site(A, "s1", "wk_1"));
    store.createSite(TestEvents.site(A, "s2", "wk_2"));
    Invitation first = invitation(A, "i_1", "Ada@Example.com", Set.of(), T0);
    Invitation second =
        invitation(A, "i_2", "bob@example.com", Set.of("s1", "s2"), T0.plusMillis(1500));
    Invitation toB = invitation(B, "i_3", "ada@example.com", Set.of(), T0.plusSeconds(3));
    store.createInvitation(first);
    store.createInvitation(second);
    store.createInvitation(toB);

    assertThat(first.email()).isEqualTo("ada@example.com");
    assertThat(store.invitations(A)).containsExactly(second, first);
    assertThat(store.invitation(A, "i_2")).contains(second);
    assertThat(store.invitation(B, "i_2")).isEmpty();
    assertThat(store.invitationByTokenHash(TestTenants.sha256Hex("invite-i_2"))).contains(second);
    assertThat(store.invitationByTokenHash(TestTenants.sha256Hex("invite-none"))).isEmpty();
    assertThat(store.invitationsTo("ADA@example.com")).containsExactly(first, toB);
    assertThat(store.invitationsTo("nobody@example.com")).isEmpty();
  }

  @Test
  void aNewInvitationToTheSameAddressReplacesTheEarlierOne() {
    twoOrganizations();
    store.createInvitation(invitation(A, "i_1", "ada@example.com", Set.of(), T0));
    Invitation again = invitation(A, "i_2", "ada@example.com", Set.of(), T0.plusSeconds(60));
    store.createInvitation(again);

    assertThat(store.invitations(A)).containsExactly(again);
    assertThat(store.invitationByTokenHash(TestTenants.sha256Hex("invite-i_1"))).isEmpty();
  }

  @Test
  void refusesInvitationsToForeignSitesMissingOrganizationsAndTakenIds() {
    twoOrganizations();
    store.createSite(TestEvents.site(B, "s_b", "wk_b"));
    assertThatThrownBy(
            () -> store.createInvitation(invitation(A, "i_1", "a@example.com", Set.of("s_b"), T0)))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("s_b");
    assertThatThrownBy(
            () ->
                store.createInvitation(invitation("o_none", "i_2", "a@example.com", Set.of(), T0)))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("o_none");
    store.createInvitation(invitation(A, "i_3", "a@example.com", Set.of(), T0));
    assertThatThrownBy(
            () -> store.createInvitation(invitation(B, "i_3", "b@example.com", Set.of(), T0)))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("i_3");
    assertThat(store.invitations(B)).isEmpty();
  }

  @Test
  void acceptingAnInvitationGrantsItsMembershipOnceAndRemovesIt() {
    twoOrganizations();
    store.createSite(TestEvents.site(A, "s1", "wk_1"));
    store.createPerson(TestTenants.person("p_ada", "ada@example.com"));
    store.createInvitation(invitation(A, "i_1", "ada@example.com", Set.of("s1"), T0));

    assertThat(store.acceptInvitation(B, "i_1", "p_ada")).isFalse();
    assertThat(store.membershipsOf("p_ada")).isEmpty();
    assertThatThrownBy(() -> store.acceptInvitation(A, "i_1", "p_none"))
        .isInstanceOf(StoreConflictException.class);
    assertThat(store.invitations(A)).hasSize(1);

    assertThat(store.acceptInvitation(A, "i_1", "p_ada")).isTrue();
    assertThat(store.membership(A, "p_ada"))
        .contains(new Membership(A, "p_ada", Role.ANALYST, Set.of("s1")));
    assertThat(store.invitations(A)).isEmpty();
    assertThat(store.acceptInvitation(A, "i_1", "p_ada")).isFalse();

    store.createInvitation(invitation(A, "i_2", "ada@example.com", Set.of(), T0));
    assertThatThrownBy(() -> store.acceptInvitation(A, "i_2", "p_ada"))
        .as("already a member: nothing changes")
        .isInstanceOf(StoreConflictException.class);
    assertThat(store.membership(A, "p_ada").orElseThrow().siteIds()).containsExactly("s1");
    assertThat(store.invitations(A)).hasSize(1);
  }

  @Test
  void revokesAnInvitationOnlyThroughItsOrganizationAndDeletesExpiredOnes() {
    twoOrganizations();
    Invitation early = invitation(A, "i_1", "a@example.com", Set.of(), T0);
    Invitation late = invitation(B, "i_2", "b@example.com", Set.of(), T0.plus(Duration.ofDays(3)));
    Invitation other = invitation(A, "i_3", "c@example.com", Set.of(), T0.plusSeconds(1));
    store.createInvitation(early);
    store.createInvitation(late);
    store.createInvitation(other);

    assertThat(store.revokeInvitation(B, "i_3")).isFalse();
    assertThat(store.revokeInvitation(A, "i_3")).isTrue();
    assertThat(store.revokeInvitation(A, "i_3")).isFalse();

    assertThat(store.deleteExpiredInvitations(early.expiresAt())).isEqualTo(1);
    assertThat(store.invitations(A)).isEmpty();
    assertThat(store.invitations(B)).containsExactly(late);
  }

  // ---------------------------------------------------------------- shared links

  @Test
  void storesSharedLinksWithAndWithoutExpiryAndPassword() {
    twoOrganizations();
    store.createSite(TestEvents.site(A, "s1", "wk_1"));
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
    store.createSharedLink(open);
    store.createSharedLink(guarded);

    assertThat(store.sharedLinks(A)).containsExactly(guarded, open);
    assertThat(store.sharedLink(A, "l_open")).contains(open);
    SharedLink read = store.sharedLinkByTokenHash(guarded.tokenHash()).orElseThrow();
    assertThat(read).isEqualTo(guarded);
    assertThat(read.expiresAt()).contains(T0.plus(Duration.ofDays(7)).plusNanos(1_000));
    assertThat(read.passwordProtected()).isTrue();
    assertThat(store.sharedLink(A, "l_open").orElseThrow().expiresAt()).isEmpty();
    assertThat(store.sharedLinkByTokenHash(TestTenants.sha256Hex("none"))).isEmpty();
  }

  @Test
  void refusesLinksToSitesOfOtherOrganizationsAndTakenTokens() {
    twoOrganizations();
    store.createSite(TestEvents.site(A, "s1", "wk_1"));
    store.createSite(TestEvents.site(B, "s9", "wk_9"));

    assertThatThrownBy(() -> store.createSharedLink(TestTenants.sharedLink(A, "l_1", "s9")))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("s9");
    store.createSharedLink(TestTenants.sharedLink(A, "l_1", "s1"));
    SharedLink sameToken =
        new SharedLink("l_2", B, "s9", TestTenants.sharedLink(A, "l_1", "s1").tokenHash(), "", T0);
    assertThatThrownBy(() -> store.createSharedLink(sameToken))
        .isInstanceOf(StoreConflictException.class);
    assertThat(store.sharedLinks(B)).isEmpty();
  }

  // ---------------------------------------------------------------- site secret keys

  private static SiteSecret secret(String org, String site, String prefix, Instant at) {
    return new SiteSecret(site, org, prefix, TestTenants.sha256Hex(prefix + "-secret"), at);
  }

  @Test
  void storesOneSecretKeyPerSiteAndReplacesItOnRotation() {
    twoOrganizations();
    store.createSite(TestEvents.site(A, "s1", "wk_1"));
    SiteSecret first = secret(A, "s1", "sk_first01", T0.plusMillis(1234).plusNanos(567_000));
    store.putSiteSecret(first);

    assertThat(store.siteSecret(A, "s1")).contains(first);
    assertThat(store.siteSecretByPrefix("sk_first01")).contains(first);
    assertThat(store.siteSecret(B, "s1")).isEmpty();

    SiteSecret rotated = secret(A, "s1", "sk_second2", T0.plus(Duration.ofDays(1)));
    store.putSiteSecret(rotated);

    assertThat(store.siteSecret(A, "s1")).contains(rotated);
    assertThat(store.siteSecretByPrefix("sk_second2")).contains(rotated);
    assertThat(store.siteSecretByPrefix("sk_first01")).isEmpty();
    assertThat(store.siteSecretByPrefix("sk_none000")).isEmpty();
  }

  @Test
  void refusesSecretKeysForSitesOfOtherOrganizationsAndTakenPrefixes() {
    twoOrganizations();
    store.createSite(TestEvents.site(A, "s1", "wk_1"));
    store.createSite(TestEvents.site(B, "s9", "wk_9"));

    assertThatThrownBy(() -> store.putSiteSecret(secret(A, "s9", "sk_aaaaaaaa", T0)))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("s9");
    assertThatThrownBy(() -> store.putSiteSecret(secret(A, "s_none", "sk_aaaaaaaa", T0)))
        .isInstanceOf(StoreConflictException.class);
    store.putSiteSecret(secret(A, "s1", "sk_aaaaaaaa", T0));
    assertThatThrownBy(() -> store.putSiteSecret(secret(B, "s9", "sk_aaaaaaaa", T0)))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("sk_aaaaaaaa");
    assertThat(store.siteSecret(B, "s9")).isEmpty();
    assertThat(store.siteSecretByPrefix("sk_aaaaaaaa").orElseThrow().siteId()).isEqualTo("s1");
  }

  @Test
  void revokesALinkOnceAndOnlyThroughItsOrganization() {
    twoOrganizations();
    store.createSite(TestEvents.site(A, "s1", "wk_1"));
    SharedLink link = TestTenants.sharedLink(A, "l_1", "s1");
    store.createSharedLink(link);
    Instant at = T0.plus(Duration.ofDays(1));

    assertThat(store.revokeSharedLink(B, "l_1", at)).isFalse();
    assertThat(store.sharedLink(B, "l_1")).isEmpty();
    assertThat(store.sharedLinks(B)).isEmpty();
    assertThat(store.sharedLink(A, "l_1").orElseThrow().usableAt(at)).isTrue();

    assertThat(store.revokeSharedLink(A, "l_1", at)).isTrue();
    assertThat(store.revokeSharedLink(A, "l_1", at.plusSeconds(1))).isFalse();
    SharedLink revoked = store.sharedLink(A, "l_1").orElseThrow();
    assertThat(revoked).isEqualTo(link.withRevokedAt(at));
    assertThat(revoked.usableAt(at)).isFalse();
  }

  // ---------------------------------------------------------------- email reports

  private static EmailReport weekly(String siteId, String id, List<String> to, Instant at) {
    return new EmailReport(
        id, siteId, EmailReport.Frequency.WEEKLY, to, LocalDate.of(2026, 3, 2), at);
  }

  @Test
  void storesEmailReportsFieldForFieldOldestFirstAndScopedByOrganization() {
    twoOrganizations();
    store.createSite(TestEvents.site(A, "s1", "wk_1"));
    store.createSite(TestEvents.site(A, "s2", "wk_2"));
    EmailReport monthly =
        new EmailReport(
            "r_m",
            "s1",
            EmailReport.Frequency.MONTHLY,
            List.of("ada@example.org", "bob@example.org"),
            LocalDate.of(2026, 2, 1),
            T0.plusSeconds(5).plusNanos(123_000));
    EmailReport week = weekly("s1", "r_w", List.of("ada@example.org"), T0);
    store.createEmailReport(monthly);
    store.createEmailReport(week);

    assertThat(store.emailReports(A, "s1")).containsExactly(week, monthly);
    assertThat(store.emailReport(A, "s1", "r_m")).contains(monthly);
    assertThat(store.emailReport(A, "s2", "r_m")).as("another site").isEmpty();
    assertThat(store.emailReport(B, "s1", "r_m")).as("another organization").isEmpty();
    assertThat(store.emailReports(B, "s1")).isEmpty();
    assertThat(store.deleteEmailReport(B, "s1", "r_m")).isFalse();
    assertThat(store.allEmailReports()).containsExactly(week, monthly);
    assertThatThrownBy(() -> store.createEmailReport(weekly("s2", "r_w", List.of("x@y.org"), T0)))
        .isInstanceOf(StoreConflictException.class);
    assertThatThrownBy(
            () -> store.createEmailReport(weekly("s_none", "r_x", List.of("x@y.org"), T0)))
        .isInstanceOf(StoreConflictException.class);

    assertThat(store.deleteEmailReport(A, "s1", "r_m")).isTrue();
    assertThat(store.deleteEmailReport(A, "s1", "r_m")).isFalse();
    assertThat(store.emailReports(A, "s1")).containsExactly(week);
  }

  @Test
  void recordsDeliveriesPerPeriodAndAdvancesOnlyFromTheExpectedPeriod() {
    twoOrganizations();
    store.createSite(TestEvents.site(A, "s1", "wk_1"));
    store.createEmailReport(weekly("s1", "r_w", List.of("ada@example.org", "bob@example.org"), T0));
    LocalDate first = LocalDate.of(2026, 3, 2);
    LocalDate second = LocalDate.of(2026, 3, 9);

    assertThat(store.emailDeliveries("r_w", first)).isEmpty();
    assertThat(store.recordEmailDelivery("r_w", first, "ada@example.org", T0)).isTrue();
    assertThat(store.recordEmailDelivery("r_w", first, "ada@example.org", T0))
        .as("recorded once")
        .isFalse();
    assertThat(store.emailDeliveries("r_w", first)).containsExactly("ada@example.org");
    assertThat(store.emailDeliveries("r_w", second)).isEmpty();

    assertThat(store.advanceEmailReport("r_w", second, second.plusWeeks(1)))
        .as("not at that period")
        .isFalse();
    assertThat(store.advanceEmailReport("r_w", first, second)).isTrue();
    assertThat(store.advanceEmailReport("r_w", first, second)).as("moved already").isFalse();
    assertThat(store.emailReport(A, "s1", "r_w").orElseThrow().nextPeriod()).isEqualTo(second);
    assertThat(store.emailDeliveries("r_w", first)).as("forgotten once passed").isEmpty();
    assertThat(store.advanceEmailReport("r_none", first, second)).isFalse();

    store.recordEmailDelivery("r_w", second, "bob@example.org", T0);
    assertThat(store.deleteEmailReport(A, "s1", "r_w")).isTrue();
    assertThat(store.emailDeliveries("r_w", second)).as("deleted with the report").isEmpty();
  }

  // ---------------------------------------------------------------- goals

  @Test
  void storesGoalsOfBothKindsFieldForFieldOldestFirst() {
    twoOrganizations();
    store.createSite(TestEvents.site(A, "s1", "wk_1"));
    Goal purchase =
        new Goal(
            "g_purchase",
            "s1",
            "Pro purchase",
            Goal.Kind.EVENT,
            "",
            "purchase",
            "plan",
            "pro",
            T0.plusSeconds(2).plusNanos(123_000));
    Goal pricing = TestTenants.pageviewGoal("s1", "g_pricing", "Pricing", "/pricing/**");
    Goal signup = TestTenants.eventGoal("s1", "g_signup", "Signup", "signup", "", "");
    store.createGoal(purchase);
    store.createGoal(signup);
    store.createGoal(pricing);

    assertThat(store.goals(A, "s1")).containsExactly(pricing, signup, purchase);
    assertThat(store.goal(A, "s1", "g_purchase")).contains(purchase);
    assertThat(store.goal(A, "s1", "g_purchase").orElseThrow().createdAt())
        .isEqualTo(T0.plusSeconds(2).plusNanos(123_000));
    assertThat(store.goal(A, "s1", "g_pricing").orElseThrow().pathPattern())
        .isEqualTo("/pricing/**");
    assertThat(store.goal(A, "s1", "g_none")).isEmpty();
    assertThat(store.goals(A, "s_none")).isEmpty();
  }

  @Test
  void refusesADuplicateGoalNameWithinASiteButNotOnAnotherSite() {
    twoOrganizations();
    store.createSite(TestEvents.site(A, "s1", "wk_1"));
    store.createSite(TestEvents.site(A, "s2", "wk_2"));
    Goal signup = TestTenants.eventGoal("s1", "g_1", "Signup", "signup", "", "");
    store.createGoal(signup);

    assertThatThrownBy(
            () -> store.createGoal(TestTenants.pageviewGoal("s1", "g_2", "Signup", "/signup")))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("Signup")
        .hasMessageContaining("s1");
    assertThatThrownBy(
            () -> store.createGoal(TestTenants.pageviewGoal("s2", "g_1", "Other", "/other")))
        .as("goal ids are unique across sites")
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("g_1");
    assertThat(store.goals(A, "s1")).containsExactly(signup);
    assertThat(store.goals(A, "s2")).isEmpty();

    Goal sameNameElsewhere = TestTenants.eventGoal("s2", "g_3", "Signup", "signup", "", "");
    Goal otherCase = TestTenants.eventGoal("s1", "g_4", "signup", "signup", "", "");
    store.createGoal(sameNameElsewhere);
    store.createGoal(otherCase);
    assertThat(store.goals(A, "s2")).containsExactly(sameNameElsewhere);
    assertThat(store.goals(A, "s1")).containsExactly(signup, otherCase);
  }

  @Test
  void refusesAGoalOfASiteThatDoesNotExist() {
    twoOrganizations();
    assertThatThrownBy(
            () -> store.createGoal(TestTenants.pageviewGoal("s_none", "g_1", "Home", "/")))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("s_none");
    store.createSite(TestEvents.site(A, "s_none", "wk_1"));
    assertThat(store.goals(A, "s_none"))
        .as("nothing was written before the site existed")
        .isEmpty();
  }

  @Test
  void deletesAGoalOnlyThroughItsOrganizationAndSiteAndFreesItsName() {
    twoOrganizations();
    store.createSite(TestEvents.site(A, "s1", "wk_1"));
    store.createSite(TestEvents.site(A, "s2", "wk_2"));
    Goal pricing = TestTenants.pageviewGoal("s1", "g_1", "Pricing", "/pricing");
    store.createGoal(pricing);

    assertThat(store.deleteGoal(A, "s2", "g_1")).as("another site of the organization").isFalse();
    assertThat(store.goal(A, "s2", "g_1")).isEmpty();
    assertThat(store.goals(A, "s1")).containsExactly(pricing);

    assertThat(store.deleteGoal(A, "s1", "g_1")).isTrue();
    assertThat(store.deleteGoal(A, "s1", "g_1")).isFalse();
    assertThat(store.goal(A, "s1", "g_1")).isEmpty();
    assertThat(store.goals(A, "s1")).isEmpty();

    Goal again = TestTenants.pageviewGoal("s1", "g_2", "Pricing", "/pricing/*");
    store.createGoal(again);
    assertThat(store.goals(A, "s1")).containsExactly(again);
  }

  // ---------------------------------------------------------------- audit log

  @Test
  void listsTheAuditLogNewestFirstAndPagesWithoutGapsOrRepeats() {
    twoOrganizations();
    List<AuditEntry> written = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      // Three entries share each time, and ids run in another order than time (7 is coprime to
      // 23, so the ids are a permutation), so both the time order and the tie-break by id count.
      Instant at = T0.plusSeconds(i / 3).plusNanos(1_000L * (i / 3));
      AuditEntry e = TestTenants.audit(A, String.format("au_%03d", (i * 7) % 23), at);
      written.add(e);
      store.appendAudit(e);
      store.appendAudit(TestTenants.audit(B, String.format("bu_%03d", i), at));
    }
    List<AuditEntry> newestFirst =
        written.stream()
            .sorted(Comparator.comparing(AuditEntry::at).thenComparing(AuditEntry::id).reversed())
            .toList();

    assertThat(store.audit(A, 5)).containsExactlyElementsOf(newestFirst.subList(0, 5));

    List<AuditEntry> paged = new ArrayList<>(store.audit(A, 4));
    while (true) {
      List<AuditEntry> page = store.auditBefore(A, paged.get(paged.size() - 1).cursor(), 4);
      if (page.isEmpty()) {
        break;
      }
      assertThat(page).allMatch(e -> e.organizationId().equals(A));
      paged.addAll(page);
    }
    assertThat(paged).containsExactlyElementsOf(newestFirst);
  }

  @Test
  void deletesAuditEntriesOlderThanTheCutoffInEveryOrganization() {
    twoOrganizations();
    Instant cutoff = T0.plus(Duration.ofDays(90));
    store.appendAudit(TestTenants.audit(A, "au_old", cutoff.minusNanos(1_000)));
    store.appendAudit(TestTenants.audit(B, "bu_old", cutoff.minus(Duration.ofDays(5))));
    AuditEntry kept = TestTenants.audit(A, "au_kept", cutoff);
    store.appendAudit(kept);

    assertThat(store.deleteAuditOlderThan(cutoff)).isEqualTo(2);
    assertThat(store.audit(A, 10)).containsExactly(kept);
    assertThat(store.audit(B, 10)).isEmpty();
  }

  @Test
  void refusesAuditEntriesWithTakenIds() {
    twoOrganizations();
    store.appendAudit(TestTenants.audit(A, "au_1", T0));
    assertThatThrownBy(() -> store.appendAudit(TestTenants.audit(B, "au_1", T0)))
        .isInstanceOf(StoreConflictException.class);
    assertThat(store.audit(B, 10)).isEmpty();
  }

  // ---------------------------------------------------------------- sessions

  @Test
  void createsTouchesAndEndsSessions() {
    store.createPerson(TestTenants.person("p_x", "x@example.com"));
    WebSession s = TestTenants.session("h_1", "p_x", Duration.ofHours(12));
    store.createSession(s);
    assertThat(store.session("h_1")).contains(s);

    Instant seen = T0.plus(Duration.ofHours(2));
    Instant newExpiry = seen.plus(Duration.ofHours(12));
    assertThat(store.touchSession("h_1", seen, newExpiry)).isTrue();
    assertThat(store.session("h_1"))
        .contains(new WebSession("h_1", "p_x", s.csrfToken(), T0, seen, newExpiry));
    assertThat(store.touchSession("h_none", seen, newExpiry)).isFalse();

    assertThat(store.deleteSession("h_1")).isTrue();
    assertThat(store.session("h_1")).isEmpty();
    assertThat(store.deleteSession("h_1")).isFalse();
  }

  @Test
  void readsASessionWithItsPersonAndMembershipsAtOnce() {
    twoOrganizations();
    store.createSite(TestEvents.site(A, "s1", "wk_1"));
    store.createSite(TestEvents.site(A, "s2", "wk_2"));
    store.createSite(TestEvents.site(B, "s9", "wk_9"));
    Person seller = TestTenants.person("p_seller", "seller@example.com");
    Person owner = TestTenants.person("p_owner", "owner@example.com");
    Person newcomer = TestTenants.person("p_new", "new@example.com");
    for (Person p : List.of(seller, owner, newcomer)) {
      store.createPerson(p);
      store.createSession(TestTenants.session("h_" + p.id(), p.id(), Duration.ofHours(1)));
    }
    store.grantMembership(new Membership(A, "p_seller", Role.VIEWER, Set.of("s1", "s2")));
    store.grantMembership(new Membership(A, "p_owner", Role.OWNER, Set.of()));
    store.grantMembership(new Membership(B, "p_owner", Role.ADMIN, Set.of("s9")));

    for (Person p : List.of(seller, owner, newcomer)) {
      SignedIn in = store.signedIn("h_" + p.id()).orElseThrow();
      assertThat(in.session()).isEqualTo(store.session("h_" + p.id()).orElseThrow());
      assertThat(in.person()).isEqualTo(store.personById(p.id()).orElseThrow());
      assertThat(in.memberships()).containsExactlyInAnyOrderElementsOf(store.membershipsOf(p.id()));
    }
    assertThat(store.signedIn("h_p_owner").orElseThrow().memberships()).hasSize(2);
    assertThat(store.signedIn("h_p_new").orElseThrow().memberships()).isEmpty();
    assertThat(store.signedIn("h_none")).isEmpty();
    store.deleteSession("h_p_owner");
    assertThat(store.signedIn("h_p_owner")).isEmpty();
  }

  @Test
  void deletesExpiredSessionsAndAllSessionsOfAPerson() {
    store.createPerson(TestTenants.person("p_x", "x@example.com"));
    store.createPerson(TestTenants.person("p_y", "y@example.com"));
    store.createSession(TestTenants.session("h_short", "p_x", Duration.ofHours(1)));
    store.createSession(TestTenants.session("h_long", "p_x", Duration.ofDays(30)));
    store.createSession(TestTenants.session("h_y", "p_y", Duration.ofDays(30)));

    assertThat(store.deleteExpiredSessions(T0.plus(Duration.ofMinutes(59)))).isZero();
    assertThat(store.deleteExpiredSessions(T0.plus(Duration.ofHours(1)))).isEqualTo(1);
    assertThat(store.session("h_short")).isEmpty();
    assertThat(store.session("h_long")).isPresent();

    assertThat(store.deleteSessionsOf("p_x")).isEqualTo(1);
    assertThat(store.session("h_long")).isEmpty();
    assertThat(store.session("h_y")).isPresent();
  }

  @Test
  void refusesSessionsOfUnknownPeopleAndTakenIds() {
    store.createPerson(TestTenants.person("p_x", "x@example.com"));
    store.createSession(TestTenants.session("h_1", "p_x", Duration.ofHours(1)));

    assertThatThrownBy(
            () -> store.createSession(TestTenants.session("h_2", "p_none", Duration.ofHours(1))))
        .isInstanceOf(StoreConflictException.class);
    assertThatThrownBy(
            () -> store.createSession(TestTenants.session("h_1", "p_x", Duration.ofHours(2))))
        .isInstanceOf(StoreConflictException.class);
    assertThat(store.session("h_2")).isEmpty();
  }

  // ---------------------------------------------------------------- isolation, all at once

  /**
   * Builds a complete organization A, then calls every organization-scoped method with B's id and
   * A's object ids: nothing is visible, nothing changes.
   */
  @Test
  void nothingOfOneOrganizationIsReachableThroughAnother() {
    twoOrganizations();
    Site site = TestEvents.site(A, "s_a", "wk_a");
    store.createSite(site);
    Person person = TestTenants.person("p_a", "a@example.com");
    store.createPerson(person);
    Membership membership = new Membership(A, "p_a", Role.VIEWER, Set.of("s_a"));
    store.grantMembership(membership);
    ApiKey key = TestTenants.apiKey(A, "k_a", "ff_a0000001", Set.of(ApiKey.Scope.ADMIN));
    store.createApiKey(key);
    SharedLink link = TestTenants.sharedLink(A, "l_a", "s_a");
    store.createSharedLink(link);
    AuditEntry entry = TestTenants.audit(A, "au_a", T0);
    store.appendAudit(entry);
    Goal goal = TestTenants.eventGoal("s_a", "g_a", "Signup", "signup", "plan", "pro");
    store.createGoal(goal);
    Invitation invited = invitation(A, "i_a", "new@example.com", Set.of("s_a"), T0);
    store.createInvitation(invited);
    store.createPerson(TestTenants.person("p_b", "b@example.com"));
    Instant later = T0.plus(Duration.ofDays(1));

    assertThat(store.site(B, "s_a")).isEmpty();
    assertThat(store.sites(B)).isEmpty();
    assertThat(
            store.updateSite(
                new Site(
                    "s_a",
                    B,
                    "x",
                    "x.example",
                    ZoneId.of("UTC"),
                    "EUR",
                    1,
                    "wk_x",
                    SiteSettings.DEFAULTS,
                    T0)))
        .isFalse();
    assertThat(store.person(B, "p_a")).isEmpty();
    assertThat(store.membership(B, "p_a")).isEmpty();
    assertThat(store.memberships(B)).isEmpty();
    assertThat(store.updateMembership(new Membership(B, "p_a", Role.OWNER, Set.of()))).isFalse();
    assertThat(store.revokeMembership(B, "p_a")).isFalse();
    assertThatThrownBy(
            () -> store.grantMembership(new Membership(B, "p_a", Role.OWNER, Set.of("s_a"))))
        .isInstanceOf(StoreConflictException.class);
    assertThat(store.apiKey(B, "k_a")).isEmpty();
    assertThat(store.apiKeys(B)).isEmpty();
    assertThat(store.revokeApiKey(B, "k_a", later)).isFalse();
    assertThat(store.touchApiKey(B, "k_a", later)).isFalse();
    assertThat(store.sharedLink(B, "l_a")).isEmpty();
    assertThat(store.sharedLinks(B)).isEmpty();
    assertThat(store.revokeSharedLink(B, "l_a", later)).isFalse();
    assertThatThrownBy(() -> store.createSharedLink(TestTenants.sharedLink(B, "l_b", "s_a")))
        .isInstanceOf(StoreConflictException.class);
    assertThat(store.audit(B, 100)).isEmpty();
    assertThat(store.auditBefore(B, new AuditEntry.Cursor(later, "zz"), 100)).isEmpty();
    assertThat(store.goals(B, "s_a")).isEmpty();
    assertThat(store.goal(B, "s_a", "g_a")).isEmpty();
    assertThat(store.deleteGoal(B, "s_a", "g_a")).isFalse();
    assertThat(store.invitation(B, "i_a")).isEmpty();
    assertThat(store.invitations(B)).isEmpty();
    assertThat(store.revokeInvitation(B, "i_a")).isFalse();
    assertThat(store.acceptInvitation(B, "i_a", "p_b")).isFalse();
    assertThat(store.membershipsOf("p_b")).isEmpty();

    assertThat(store.site(A, "s_a")).contains(site);
    assertThat(store.person(A, "p_a")).contains(person);
    assertThat(store.memberships(A)).containsExactly(membership);
    assertThat(store.membershipsOf("p_a")).containsExactly(membership);
    assertThat(store.apiKeys(A)).containsExactly(key);
    assertThat(store.sharedLinks(A)).containsExactly(link);
    assertThat(store.audit(A, 100)).containsExactly(entry);
    assertThat(store.goals(A, "s_a")).containsExactly(goal);
    assertThat(store.invitations(A)).containsExactly(invited);
  }
}
