package io.footfall.core.metadata;

import static io.footfall.core.TestTenants.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.core.EventDefinition;
import io.footfall.core.EventDefinition.PropertySchema;
import io.footfall.core.StoreConflictException;
import io.footfall.core.TestEvents;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link EventDefinitions}: a site's catalogue kept field for field, replaced by
 * name keeping its creation time, invisible and untouchable through another organization, and
 * deleted with its site. Every metadata backend runs it through {@link MetadataStoreContract}.
 */
public abstract class EventDefinitionsContract extends MetadataContract {
  private static EventDefinition signup(String siteId) {
    return new EventDefinition(
        siteId,
        "signup",
        "A visitor created an account.",
        "growth team",
        List.of("funnel", "core"),
        EventDefinition.Status.EXPECTED,
        List.of(
            new PropertySchema(
                "plan",
                PropertySchema.Type.STRING,
                true,
                List.of("free", "pro", "team plan"),
                null,
                null),
            new PropertySchema(
                "seats",
                PropertySchema.Type.NUMBER,
                false,
                List.of(),
                BigDecimal.ONE,
                new BigDecimal("500.5")),
            new PropertySchema("trial", PropertySchema.Type.BOOLEAN, false, List.of(), null, null)),
        T0,
        T0);
  }

  @Test
  void keepsDefinitionsFieldForFieldAndReplacesThemByName() {
    twoOrganizations();
    store.sites().create(TestEvents.site(A, "s1", "wk_1"));
    EventDefinition signup = signup("s1");
    store.eventDefinitions().put(A, signup);
    EventDefinition retired =
        new EventDefinition(
            "s1",
            "old_click",
            "",
            "",
            List.of(),
            EventDefinition.Status.BLOCKED,
            List.of(),
            T0.plusSeconds(5),
            T0.plusSeconds(5));
    store.eventDefinitions().put(A, retired);

    assertThat(store.eventDefinitions().list(A, "s1")).containsExactly(retired, signup);
    assertThat(store.eventDefinitions().ofSite("s1")).containsExactly(retired, signup);
    assertThat(store.eventDefinitions().find(A, "s1", "signup")).contains(signup);

    EventDefinition changed =
        new EventDefinition(
            "s1",
            "signup",
            "Changed.",
            "web team",
            List.of(),
            EventDefinition.Status.UNEXPECTED,
            List.of(signup.properties().get(2)),
            T0.plusSeconds(60),
            T0.plusSeconds(60));
    store.eventDefinitions().put(A, changed);
    EventDefinition kept = store.eventDefinitions().find(A, "s1", "signup").orElseThrow();
    assertThat(kept.createdAt()).as("created when first defined").isEqualTo(T0);
    assertThat(kept.updatedAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(kept.properties()).isEqualTo(changed.properties());
    assertThat(kept.status()).isEqualTo(EventDefinition.Status.UNEXPECTED);
  }

  @Test
  void anotherOrganizationNeitherSeesNorChangesTheCatalogue() {
    twoOrganizations();
    store.sites().create(TestEvents.site(A, "s1", "wk_1"));
    store.eventDefinitions().put(A, signup("s1"));

    assertThat(store.eventDefinitions().list(B, "s1")).isEmpty();
    assertThat(store.eventDefinitions().find(B, "s1", "signup")).isEmpty();
    assertThat(store.eventDefinitions().delete(B, "s1", "signup")).isFalse();
    assertThatThrownBy(() -> store.eventDefinitions().put(B, signup("s1")))
        .isInstanceOf(StoreConflictException.class);
    assertThat(store.eventDefinitions().list(A, "s1")).hasSize(1);

    assertThat(store.eventDefinitions().delete(A, "s1", "signup")).isTrue();
    assertThat(store.eventDefinitions().delete(A, "s1", "signup")).isFalse();
    assertThat(store.eventDefinitions().ofSite("s1")).isEmpty();
  }

  @Test
  void goesWithItsSite() {
    twoOrganizations();
    store.sites().create(TestEvents.site(A, "s1", "wk_1"));
    store.sites().create(TestEvents.site(A, "s2", "wk_2"));
    store.eventDefinitions().put(A, signup("s1"));
    store.eventDefinitions().put(A, signup("s2"));

    assertThat(store.deleteSite(A, "s1")).isTrue();
    assertThat(store.eventDefinitions().ofSite("s1")).isEmpty();
    assertThat(store.eventDefinitions().ofSite("s2")).hasSize(1);
  }

  @Test
  void addsValidationCountsUpAndListsThemPerSiteAndDays() {
    twoOrganizations();
    store.sites().create(TestEvents.site(A, "s1", "wk_1"));
    store.sites().create(TestEvents.site(A, "s2", "wk_2"));
    java.time.LocalDate day = java.time.LocalDate.of(2026, 3, 2);
    EventQuality.Count missing = new EventQuality.Count("s1", day, "signup", "missing", "plan", 2);
    store
        .eventQuality()
        .add(List.of(missing, new EventQuality.Count("s2", day, "x", "type", "a", 1)));
    store
        .eventQuality()
        .add(
            List.of(
                new EventQuality.Count("s1", day, "signup", "missing", "plan", 3),
                new EventQuality.Count("s1", day.plusDays(1), "signup", "undefined", "", 1)));

    assertThat(store.eventQuality().list(A, "s1", day, day.plusDays(1)))
        .containsExactly(
            new EventQuality.Count("s1", day, "signup", "missing", "plan", 5),
            new EventQuality.Count("s1", day.plusDays(1), "signup", "undefined", "", 1));
    assertThat(store.eventQuality().list(A, "s1", day.plusDays(1), day.plusDays(9))).hasSize(1);
    assertThat(store.eventQuality().list(B, "s1", day, day)).isEmpty();
    assertThat(store.deleteSite(A, "s1")).isTrue();
    assertThat(store.eventQuality().list(A, "s2", day, day)).hasSize(1);
  }
}
