package io.footfall.core.metadata;

import static io.footfall.core.TestTenants.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.core.Goal;
import io.footfall.core.StoreConflictException;
import io.footfall.core.TestEvents;
import io.footfall.core.TestTenants;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Goals}: goals of both kinds are stored field for field, names are unique
 * per site, and every read and write is scoped by organization and site. Every metadata backend
 * runs it through {@link MetadataStoreContract}.
 */
public abstract class GoalsContract extends MetadataContract {
  @Test
  void storesGoalsOfBothKindsFieldForFieldOldestFirst() {
    twoOrganizations();
    store.sites().create(TestEvents.site(A, "s1", "wk_1"));
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
    store.goals().create(purchase);
    store.goals().create(signup);
    store.goals().create(pricing);

    assertThat(store.goals().list(A, "s1")).containsExactly(pricing, signup, purchase);
    assertThat(store.goals().find(A, "s1", "g_purchase")).contains(purchase);
    assertThat(store.goals().find(A, "s1", "g_purchase").orElseThrow().createdAt())
        .isEqualTo(T0.plusSeconds(2).plusNanos(123_000));
    assertThat(store.goals().find(A, "s1", "g_pricing").orElseThrow().pathPattern())
        .isEqualTo("/pricing/**");
    assertThat(store.goals().find(A, "s1", "g_none")).isEmpty();
    assertThat(store.goals().list(A, "s_none")).isEmpty();
  }

  @Test
  void refusesADuplicateGoalNameWithinASiteButNotOnAnotherSite() {
    twoOrganizations();
    store.sites().create(TestEvents.site(A, "s1", "wk_1"));
    store.sites().create(TestEvents.site(A, "s2", "wk_2"));
    Goal signup = TestTenants.eventGoal("s1", "g_1", "Signup", "signup", "", "");
    store.goals().create(signup);

    assertThatThrownBy(
            () -> store.goals().create(TestTenants.pageviewGoal("s1", "g_2", "Signup", "/signup")))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("Signup")
        .hasMessageContaining("s1");
    assertThatThrownBy(
            () -> store.goals().create(TestTenants.pageviewGoal("s2", "g_1", "Other", "/other")))
        .as("goal ids are unique across sites")
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("g_1");
    assertThat(store.goals().list(A, "s1")).containsExactly(signup);
    assertThat(store.goals().list(A, "s2")).isEmpty();

    Goal sameNameElsewhere = TestTenants.eventGoal("s2", "g_3", "Signup", "signup", "", "");
    Goal otherCase = TestTenants.eventGoal("s1", "g_4", "signup", "signup", "", "");
    store.goals().create(sameNameElsewhere);
    store.goals().create(otherCase);
    assertThat(store.goals().list(A, "s2")).containsExactly(sameNameElsewhere);
    assertThat(store.goals().list(A, "s1")).containsExactly(signup, otherCase);
  }

  @Test
  void refusesAGoalOfASiteThatDoesNotExist() {
    twoOrganizations();
    assertThatThrownBy(
            () -> store.goals().create(TestTenants.pageviewGoal("s_none", "g_1", "Home", "/")))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("s_none");
    store.sites().create(TestEvents.site(A, "s_none", "wk_1"));
    assertThat(store.goals().list(A, "s_none"))
        .as("nothing was written before the site existed")
        .isEmpty();
  }

  @Test
  void deletesAGoalOnlyThroughItsOrganizationAndSiteAndFreesItsName() {
    twoOrganizations();
    store.sites().create(TestEvents.site(A, "s1", "wk_1"));
    store.sites().create(TestEvents.site(A, "s2", "wk_2"));
    Goal pricing = TestTenants.pageviewGoal("s1", "g_1", "Pricing", "/pricing");
    store.goals().create(pricing);

    assertThat(store.goals().delete(A, "s2", "g_1"))
        .as("another site of the organization")
        .isFalse();
    assertThat(store.goals().find(A, "s2", "g_1")).isEmpty();
    assertThat(store.goals().list(A, "s1")).containsExactly(pricing);

    assertThat(store.goals().delete(A, "s1", "g_1")).isTrue();
    assertThat(store.goals().delete(A, "s1", "g_1")).isFalse();
    assertThat(store.goals().find(A, "s1", "g_1")).isEmpty();
    assertThat(store.goals().list(A, "s1")).isEmpty();

    Goal again = TestTenants.pageviewGoal("s1", "g_2", "Pricing", "/pricing/*");
    store.goals().create(again);
    assertThat(store.goals().list(A, "s1")).containsExactly(again);
  }
}
