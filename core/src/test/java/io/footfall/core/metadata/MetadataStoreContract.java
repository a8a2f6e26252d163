package io.footfall.core.metadata;

import static io.footfall.core.TestTenants.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.core.ApiKey;
import io.footfall.core.AuditEntry;
import io.footfall.core.EmailReport;
import io.footfall.core.Goal;
import io.footfall.core.Insight;
import io.footfall.core.Invitation;
import io.footfall.core.Membership;
import io.footfall.core.Person;
import io.footfall.core.Role;
import io.footfall.core.SharedLink;
import io.footfall.core.Site;
import io.footfall.core.SiteSettings;
import io.footfall.core.StoreConflictException;
import io.footfall.core.StoreException;
import io.footfall.core.TestEvents;
import io.footfall.core.TestTenants;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract every metadata store passes, on every engine it runs on: one nested suite per
 * aggregate (each a contract class of its own, e.g. {@link GoalsContract}), and the store's own
 * writes that span aggregates. A backend's test extends this class and returns a fresh, empty store
 * from {@link #openStore()} (and releases it in its own {@code @AfterEach}); the nested suites test
 * the same store.
 */
public abstract class MetadataStoreContract extends MetadataContract {

  /**
   * Hands the store this class opened for the test to a nested suite: JUnit runs this class's
   * {@code @BeforeEach} before a nested suite's, so each test costs one fresh database, not two.
   */
  private MetadataStore sameStore() {
    return store;
  }

  @Nested
  class Organizations extends OrganizationsContract {
    @Override
    protected MetadataStore openStore() {
      return sameStore();
    }
  }

  @Nested
  class Sites extends SitesContract {
    @Override
    protected MetadataStore openStore() {
      return sameStore();
    }
  }

  @Nested
  class Salts extends SaltsContract {
    @Override
    protected MetadataStore openStore() {
      return sameStore();
    }
  }

  @Nested
  class SecretKeys extends SecretKeysContract {
    @Override
    protected MetadataStore openStore() {
      return sameStore();
    }
  }

  @Nested
  class People extends PeopleContract {
    @Override
    protected MetadataStore openStore() {
      return sameStore();
    }
  }

  @Nested
  class Members extends MembersContract {
    @Override
    protected MetadataStore openStore() {
      return sameStore();
    }
  }

  @Nested
  class Invitations extends InvitationsContract {
    @Override
    protected MetadataStore openStore() {
      return sameStore();
    }
  }

  @Nested
  class ApiKeys extends ApiKeysContract {
    @Override
    protected MetadataStore openStore() {
      return sameStore();
    }
  }

  @Nested
  class SharedLinks extends SharedLinksContract {
    @Override
    protected MetadataStore openStore() {
      return sameStore();
    }
  }

  @Nested
  class Goals extends GoalsContract {
    @Override
    protected MetadataStore openStore() {
      return sameStore();
    }
  }

  @Nested
  class Cohorts extends CohortsContract {
    @Override
    protected MetadataStore openStore() {
      return sameStore();
    }
  }

  @Nested
  class Insights extends InsightsContract {
    @Override
    protected MetadataStore openStore() {
      return sameStore();
    }
  }

  @Nested
  class ReportSchedules extends ReportSchedulesContract {
    @Override
    protected MetadataStore openStore() {
      return sameStore();
    }
  }

  @Nested
  class AuditLog extends AuditLogContract {
    @Override
    protected MetadataStore openStore() {
      return sameStore();
    }
  }

  @Nested
  class DataRequestLog extends DataRequestsContract {
    @Override
    protected MetadataStore openStore() {
      return sameStore();
    }
  }

  @Nested
  class EventCatalogue extends EventDefinitionsContract {
    @Override
    protected MetadataStore openStore() {
      return sameStore();
    }
  }

  @Nested
  class WebSessions extends WebSessionsContract {
    @Override
    protected MetadataStore openStore() {
      return sameStore();
    }
  }

  // ---------------------------------------------------------------- across aggregates

  /** What the metadata holds of one site, read through the interface. */
  private record SiteMetadata(
      java.util.Optional<Site> site,
      List<Goal> goals,
      List<io.footfall.core.Cohort> cohorts,
      List<Insight> insights,
      List<EmailReport> reports,
      Set<String> deliveries,
      List<SharedLink> links,
      byte[] salt) {}

  private SiteMetadata metadataOf(String organizationId, String siteId, LocalDate day) {
    List<EmailReport> reports = store.reportSchedules().list(organizationId, siteId);
    Set<String> deliveries = new java.util.TreeSet<>();
    for (EmailReport r : reports) {
      deliveries.addAll(store.reportSchedules().deliveries(r.id(), day));
    }
    return new SiteMetadata(
        store.sites().find(organizationId, siteId),
        store.goals().list(organizationId, siteId),
        store.cohorts().list(organizationId, siteId),
        store.insights().list(organizationId, siteId),
        reports,
        deliveries,
        store.sharedLinks().list(organizationId).stream()
            .filter(l -> l.siteId().equals(siteId))
            .toList(),
        store.salts().forDay(siteId, day, new byte[] {0}));
  }

  /**
   * Gives a site a salt, a goal, a saved insight, an email report with a delivery and a shared
   * link.
   */
  private void fillSite(String organizationId, String siteId, LocalDate day) {
    store.sites().create(TestEvents.site(organizationId, siteId, "wk_" + siteId));
    store.salts().forDay(siteId, day, siteId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    store.goals().create(TestTenants.pageviewGoal(siteId, "g_" + siteId, "Pricing", "/pricing"));
    store.cohorts().create(CohortsContract.cohort(siteId, "c_" + siteId, "Buyers", "{}"));
    store.insights().create(TestTenants.funnelInsight(siteId, "i_" + siteId, "Signup"));
    store
        .reportSchedules()
        .create(TestTenants.weeklyReport(siteId, "r_" + siteId, List.of("ada@example.org"), T0));
    store.reportSchedules().recordDelivery("r_" + siteId, day, "ada@example.org", T0);
    store.sharedLinks().create(TestTenants.sharedLink(organizationId, "l_" + siteId, siteId));
  }

  @Test
  void deletesASiteWithEverythingOfItAndLeavesOtherSitesAlone() {
    twoOrganizations();
    LocalDate day = LocalDate.of(2026, 3, 2);
    fillSite(A, "s1", day);
    fillSite(A, "s2", day);
    fillSite(B, "s9", day);
    for (String p : List.of("p_only", "p_both", "p_all", "p_other")) {
      store.people().create(TestTenants.person(p, p + "@example.com"));
    }
    store.members().grant(new Membership(A, "p_only", Role.VIEWER, Set.of("s1")));
    store.members().grant(new Membership(A, "p_both", Role.ANALYST, Set.of("s1", "s2")));
    store.members().grant(new Membership(A, "p_all", Role.OWNER, Set.of()));
    store.members().grant(new Membership(B, "p_other", Role.VIEWER, Set.of("s9")));
    store.auditLog().append(TestTenants.audit(A, "a_1", T0));
    store.secretKeys().put(TestTenants.siteSecret(A, "s1", "sk_deleted1", T0));
    store.secretKeys().put(TestTenants.siteSecret(A, "s2", "sk_kept0002", T0));
    SiteMetadata s2 = metadataOf(A, "s2", day);
    SiteMetadata s9 = metadataOf(B, "s9", day);
    List<AuditEntry> audit = store.auditLog().latest(A, 10);

    assertThat(store.deleteSite(B, "s1")).as("through another organization").isFalse();
    assertThat(store.sites().find(A, "s1")).isPresent();

    assertThat(store.deleteSite(A, "s1")).isTrue();

    assertThat(store.sites().find(A, "s1")).isEmpty();
    assertThat(store.sites().byId("s1")).isEmpty();
    assertThat(store.sites().byWriteKey("wk_s1")).isEmpty();
    assertThat(store.sites().list(A)).extracting(Site::id).containsExactly("s2");
    assertThat(store.sites().all()).extracting(Site::id).containsExactlyInAnyOrder("s2", "s9");
    assertThat(store.goals().list(A, "s1")).isEmpty();
    assertThat(store.cohorts().list(A, "s1")).isEmpty();
    assertThat(store.insights().list(A, "s1")).isEmpty();
    assertThat(store.insights().find(A, "s1", "i_s1")).isEmpty();
    assertThat(store.reportSchedules().list(A, "s1")).isEmpty();
    assertThat(store.reportSchedules().all()).extracting(EmailReport::siteId).doesNotContain("s1");
    assertThat(store.reportSchedules().deliveries("r_s1", day)).isEmpty();
    assertThat(store.sharedLinks().list(A)).extracting(SharedLink::siteId).containsOnly("s2");
    assertThat(store.sharedLinks().byTokenHash(TestTenants.sha256Hex("token-l_s1"))).isEmpty();
    assertThat(store.salts().forDay("s1", day, new byte[] {42}))
        .as("a fresh salt")
        .containsExactly(42);
    assertThat(store.secretKeys().find(A, "s1")).isEmpty();
    assertThat(store.secretKeys().byPrefix("sk_deleted1")).isEmpty();
    assertThat(store.secretKeys().byPrefix("sk_kept0002")).isPresent();
    // A member restricted to the site alone would otherwise read as "every site": they go.
    assertThat(store.members().find(A, "p_only")).isEmpty();
    assertThat(store.members().find(A, "p_both"))
        .contains(new Membership(A, "p_both", Role.ANALYST, Set.of("s2")));
    assertThat(store.members().find(A, "p_all"))
        .contains(new Membership(A, "p_all", Role.OWNER, Set.of()));
    assertThat(store.members().find(B, "p_other"))
        .contains(new Membership(B, "p_other", Role.VIEWER, Set.of("s9")));
    assertThat(store.auditLog().latest(A, 10)).as("the audit log is the record").isEqualTo(audit);

    SiteMetadata s2After = metadataOf(A, "s2", day);
    SiteMetadata s9After = metadataOf(B, "s9", day);
    assertThat(s2After).usingRecursiveComparison().isEqualTo(s2);
    assertThat(s9After).usingRecursiveComparison().isEqualTo(s9);
    assertThat(s2.salt()).containsExactly("s2".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThat(store.deleteSite(A, "s1")).as("gone already").isFalse();
    // Its ids are free again: nothing of it lingers to clash with.
    fillSite(A, "s1", day);
    assertThat(store.goals().list(A, "s1")).hasSize(1);
    assertThat(store.insights().list(A, "s1")).hasSize(1);
  }

  /**
   * Builds a complete organization A, then calls every organization-scoped method with B's id and
   * A's object ids: nothing is visible, nothing changes.
   */
  @Test
  void nothingOfOneOrganizationIsReachableThroughAnother() {
    twoOrganizations();
    Site site = TestEvents.site(A, "s_a", "wk_a");
    store.sites().create(site);
    Person person = TestTenants.person("p_a", "a@example.com");
    store.people().create(person);
    Membership membership = new Membership(A, "p_a", Role.VIEWER, Set.of("s_a"));
    store.members().grant(membership);
    ApiKey key = TestTenants.apiKey(A, "k_a", "ff_a0000001", Set.of(ApiKey.Scope.ADMIN));
    store.apiKeys().create(key);
    SharedLink link = TestTenants.sharedLink(A, "l_a", "s_a");
    store.sharedLinks().create(link);
    AuditEntry entry = TestTenants.audit(A, "au_a", T0);
    store.auditLog().append(entry);
    Goal goal = TestTenants.eventGoal("s_a", "g_a", "Signup", "signup", "plan", "pro");
    store.goals().create(goal);
    io.footfall.core.Cohort cohort = CohortsContract.cohort("s_a", "c_a", "Buyers", "{}");
    store.cohorts().create(cohort);
    Insight insight = TestTenants.funnelInsight("s_a", "i_a", "Signup");
    store.insights().create(insight);
    Invitation invited = TestTenants.invitation(A, "i_a", "new@example.com", Set.of("s_a"), T0);
    store.invitations().create(invited);
    store.people().create(TestTenants.person("p_b", "b@example.com"));
    Instant later = T0.plus(Duration.ofDays(1));

    assertThat(store.sites().find(B, "s_a")).isEmpty();
    assertThat(store.sites().list(B)).isEmpty();
    assertThat(
            store
                .sites()
                .update(
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
    assertThat(store.people().find(B, "p_a")).isEmpty();
    assertThat(store.members().find(B, "p_a")).isEmpty();
    assertThat(store.members().list(B)).isEmpty();
    assertThat(store.members().update(new Membership(B, "p_a", Role.OWNER, Set.of()))).isFalse();
    assertThat(store.members().revoke(B, "p_a")).isFalse();
    assertThatThrownBy(
            () -> store.members().grant(new Membership(B, "p_a", Role.OWNER, Set.of("s_a"))))
        .isInstanceOf(StoreConflictException.class);
    assertThat(store.apiKeys().find(B, "k_a")).isEmpty();
    assertThat(store.apiKeys().list(B)).isEmpty();
    assertThat(store.apiKeys().revoke(B, "k_a", later)).isFalse();
    assertThat(store.apiKeys().touch(B, "k_a", later)).isFalse();
    assertThat(store.sharedLinks().find(B, "l_a")).isEmpty();
    assertThat(store.sharedLinks().list(B)).isEmpty();
    assertThat(store.sharedLinks().revoke(B, "l_a", later)).isFalse();
    assertThatThrownBy(() -> store.sharedLinks().create(TestTenants.sharedLink(B, "l_b", "s_a")))
        .isInstanceOf(StoreConflictException.class);
    assertThat(store.auditLog().latest(B, 100)).isEmpty();
    assertThat(store.auditLog().before(B, new AuditEntry.Cursor(later, "zz"), 100)).isEmpty();
    assertThat(store.goals().list(B, "s_a")).isEmpty();
    assertThat(store.goals().find(B, "s_a", "g_a")).isEmpty();
    assertThat(store.goals().delete(B, "s_a", "g_a")).isFalse();
    assertThat(store.cohorts().list(B, "s_a")).isEmpty();
    assertThat(store.cohorts().find(B, "s_a", "c_a")).isEmpty();
    assertThat(store.cohorts().update(B, cohort)).isFalse();
    assertThat(store.cohorts().delete(B, "s_a", "c_a")).isFalse();
    assertThat(store.insights().list(B, "s_a")).isEmpty();
    assertThat(store.insights().count(B, "s_a")).isZero();
    assertThat(store.insights().find(B, "s_a", "i_a")).isEmpty();
    assertThat(store.insights().rename(B, "s_a", "i_a", "Theirs", later)).isFalse();
    assertThat(store.insights().delete(B, "s_a", "i_a")).isFalse();
    assertThatThrownBy(() -> store.insights().create(TestTenants.funnelInsight("s_b", "i_b", "x")))
        .as("a site of no organization")
        .isInstanceOf(StoreConflictException.class);
    assertThat(store.invitations().find(B, "i_a")).isEmpty();
    assertThat(store.invitations().list(B)).isEmpty();
    assertThat(store.invitations().revoke(B, "i_a")).isFalse();
    assertThat(store.acceptInvitation(B, "i_a", "p_b")).isFalse();
    assertThat(store.members().ofPerson("p_b")).isEmpty();

    assertThat(store.sites().find(A, "s_a")).contains(site);
    assertThat(store.people().find(A, "p_a")).contains(person);
    assertThat(store.members().list(A)).containsExactly(membership);
    assertThat(store.members().ofPerson("p_a")).containsExactly(membership);
    assertThat(store.apiKeys().list(A)).containsExactly(key);
    assertThat(store.sharedLinks().list(A)).containsExactly(link);
    assertThat(store.auditLog().latest(A, 100)).containsExactly(entry);
    assertThat(store.goals().list(A, "s_a")).containsExactly(goal);
    assertThat(store.cohorts().list(A, "s_a")).containsExactly(cohort);
    assertThat(store.insights().list(A, "s_a")).containsExactly(insight);
    assertThat(store.invitations().list(A)).containsExactly(invited);
  }

  @Test
  void refusesEveryCallOnceClosed() {
    twoOrganizations();
    var goals = store.goals();
    store.close();
    store.close();

    assertThatThrownBy(() -> store.organizations().find(A))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> goals.list(A, "s1"))
        .as("an aggregate handed out before")
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> store.deleteSite(A, "s1")).isInstanceOf(StoreException.class);
  }
}
