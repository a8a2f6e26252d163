package io.footfall.core.metadata;

import static io.footfall.core.TestTenants.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.core.Insight;
import io.footfall.core.StoreConflictException;
import io.footfall.core.TestEvents;
import io.footfall.core.TestTenants;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Insights}: insights of every kind are stored field for field, renamed and
 * deleted only through their organization and site, and names need not be unique. Every metadata
 * backend runs it through {@link MetadataStoreContract}.
 */
public abstract class InsightsContract extends MetadataContract {
  @Test
  void storesInsightsOfEveryKindFieldForFieldOldestFirst() {
    twoOrganizations();
    store.sites().create(TestEvents.site(A, "s1", "wk_1"));
    String longState = "range=30d&f=" + "a".repeat(Insight.MAX_STATE_LENGTH - 12);
    Insight stats =
        new Insight(
            "i_stats",
            "s1",
            "Traffic from Google",
            Insight.Kind.STATS,
            longState,
            "key:k_1",
            T0.plusSeconds(2).plusNanos(123_000),
            T0.plusSeconds(3));
    Insight funnel = TestTenants.funnelInsight("s1", "i_funnel", "Signup funnel");
    Insight empty =
        new Insight(
            "i_empty", "s1", "Défaut ✓", Insight.Kind.ACTIVE_USERS, "", "bootstrap", T0, T0);
    store.insights().create(stats);
    store.insights().create(funnel);
    store.insights().create(empty);

    assertThat(store.insights().list(A, "s1")).containsExactly(empty, funnel, stats);
    assertThat(store.insights().count(A, "s1")).isEqualTo(3);
    assertThat(store.insights().find(A, "s1", "i_stats")).contains(stats);
    assertThat(store.insights().find(A, "s1", "i_stats").orElseThrow().state())
        .hasSize(Insight.MAX_STATE_LENGTH);
    assertThat(store.insights().find(A, "s1", "i_none")).isEmpty();
    assertThat(store.insights().list(A, "s_none")).isEmpty();
    assertThat(store.insights().count(A, "s_none")).isZero();
  }

  @Test
  void keepsEqualNamesApartAndRefusesATakenIdOrAMissingSite() {
    twoOrganizations();
    store.sites().create(TestEvents.site(A, "s1", "wk_1"));
    Insight one = TestTenants.funnelInsight("s1", "i_1", "Signup");
    Insight two = TestTenants.funnelInsight("s1", "i_2", "Signup");
    store.insights().create(one);
    store.insights().create(two);

    assertThatThrownBy(() -> store.insights().create(TestTenants.funnelInsight("s1", "i_1", "x")))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("i_1");
    assertThatThrownBy(
            () -> store.insights().create(TestTenants.funnelInsight("s_none", "i_3", "Signup")))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("s_none");
    assertThat(store.insights().list(A, "s1")).containsExactly(one, two);
  }

  @Test
  void renamesAndDeletesOnlyThroughItsOrganizationAndSite() {
    twoOrganizations();
    store.sites().create(TestEvents.site(A, "s1", "wk_1"));
    store.sites().create(TestEvents.site(A, "s2", "wk_2"));
    Insight funnel = TestTenants.funnelInsight("s1", "i_1", "Signup");
    store.insights().create(funnel);
    Instant later = T0.plusSeconds(60).plusNanos(1_234_567);

    assertThat(store.insights().rename(B, "s1", "i_1", "Theirs", later)).isFalse();
    assertThat(store.insights().rename(A, "s2", "i_1", "Other site", later)).isFalse();
    assertThat(store.insights().delete(B, "s1", "i_1")).isFalse();
    assertThat(store.insights().delete(A, "s2", "i_1")).isFalse();
    assertThat(store.insights().list(A, "s1")).containsExactly(funnel);

    assertThat(store.insights().rename(A, "s1", "i_1", "Signup to pricing", later)).isTrue();
    Insight renamed = store.insights().find(A, "s1", "i_1").orElseThrow();
    assertThat(renamed).isEqualTo(funnel.renamed("Signup to pricing", later));
    assertThat(renamed.updatedAt()).isEqualTo(T0.plusSeconds(60).plusNanos(1_234_000));
    assertThat(renamed.createdAt()).isEqualTo(T0);
    assertThatThrownBy(() -> store.insights().rename(A, "s1", "i_1", " ", later))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.insights().rename(A, "s1", "i_1", "x".repeat(101), later))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("100");
    assertThat(store.insights().find(A, "s1", "i_1")).contains(renamed);

    assertThat(store.insights().delete(A, "s1", "i_1")).isTrue();
    assertThat(store.insights().delete(A, "s1", "i_1")).isFalse();
    assertThat(store.insights().rename(A, "s1", "i_1", "Gone", later)).isFalse();
    assertThat(store.insights().list(A, "s1")).isEmpty();
  }

  @Test
  void restatesOnlyThroughItsOrganizationAndSiteKeepingTheRest() {
    twoOrganizations();
    store.sites().create(TestEvents.site(A, "s1", "wk_1"));
    store.sites().create(TestEvents.site(A, "s2", "wk_2"));
    Insight funnel = TestTenants.funnelInsight("s1", "i_1", "Signup");
    store.insights().create(funnel);
    Instant later = T0.plusSeconds(90).plusNanos(7_654_321);
    String state = funnel.state() + "&segment=c_1";

    assertThat(store.insights().restate(B, "s1", "i_1", state, later)).isFalse();
    assertThat(store.insights().restate(A, "s2", "i_1", state, later)).isFalse();
    assertThat(store.insights().list(A, "s1")).containsExactly(funnel);

    assertThat(store.insights().restate(A, "s1", "i_1", state, later)).isTrue();
    Insight restated = store.insights().find(A, "s1", "i_1").orElseThrow();
    assertThat(restated).isEqualTo(funnel.restated(state, later));
    assertThat(restated.state()).isEqualTo(state);
    assertThat(restated.name()).isEqualTo("Signup");
    assertThat(restated.updatedAt()).isEqualTo(T0.plusSeconds(90).plusNanos(7_654_000));
    assertThatThrownBy(() -> store.insights().restate(A, "s1", "i_1", "?range=7d", later))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.insights().restate(A, "s1", "i_1", "a b", later))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.insights().find(A, "s1", "i_1")).contains(restated);

    assertThat(store.insights().delete(A, "s1", "i_1")).isTrue();
    assertThat(store.insights().restate(A, "s1", "i_1", state, later)).isFalse();
  }
}
