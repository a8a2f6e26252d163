package io.footfall.core.metadata;

import static io.footfall.core.TestTenants.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.core.Membership;
import io.footfall.core.Person;
import io.footfall.core.Role;
import io.footfall.core.StoreConflictException;
import io.footfall.core.TestTenants;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link People}: e-mail addresses are compared lower-cased and unique, and a
 * person is found through their organizations only. Every metadata backend runs it through {@link
 * MetadataStoreContract}.
 */
public abstract class PeopleContract extends MetadataContract {
  @Test
  void findsPeopleByLowerCasedEmailAndOnlyThroughTheirOrganizations() {
    twoOrganizations();
    Person ann = new Person("p_ann", "Ann@Example.COM", "Ann", "$argon2id$v=19$x", T0);
    store.people().create(ann);
    store.members().grant(new Membership(A, "p_ann", Role.ANALYST, Set.of()));

    assertThat(ann.email()).isEqualTo("ann@example.com");
    assertThat(store.people().byEmail("  ANN@example.com ")).contains(ann);
    assertThat(store.people().byId("p_ann")).contains(ann);
    assertThat(store.people().find(A, "p_ann")).contains(ann);
    assertThat(store.people().find(B, "p_ann")).isEmpty();
    assertThat(store.people().byEmail("bob@example.com")).isEmpty();
    assertThat(store.people().byId("p_none")).isEmpty();
  }

  @Test
  void refusesATakenEmailInAnyCase() {
    store.people().create(TestTenants.person("p_ann", "ann@example.com"));

    assertThatThrownBy(() -> store.people().create(TestTenants.person("p_two", "ANN@example.com")))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("ann@example.com");
    assertThatThrownBy(() -> store.people().create(TestTenants.person("p_ann", "x@example.com")))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("p_ann");
    assertThat(store.people().byEmail("x@example.com")).isEmpty();
  }

  @Test
  void updatesAPersonButNotOntoAnotherPersonsEmail() {
    Person ann = TestTenants.person("p_ann", "ann@example.com");
    store.people().create(ann);
    store.people().create(TestTenants.person("p_bob", "bob@example.com"));

    Person changed = new Person("p_ann", "ann@new.example", "Ann B.", "hash-2", T0.plusSeconds(5));
    assertThat(store.people().update(changed)).isTrue();
    assertThat(store.people().byId("p_ann"))
        .contains(new Person("p_ann", "ann@new.example", "Ann B.", "hash-2", T0));
    assertThat(store.people().byEmail("ann@example.com")).isEmpty();

    assertThatThrownBy(
            () -> store.people().update(new Person("p_ann", "bob@example.com", "", "", T0)))
        .isInstanceOf(StoreConflictException.class)
        .hasMessageContaining("bob@example.com");
    assertThat(store.people().update(TestTenants.person("p_none", "none@example.com"))).isFalse();
  }
}
