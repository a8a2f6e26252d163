package io.footfall.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.core.Event;
import io.footfall.core.StoreException;
import io.footfall.core.TestEvents;
import io.footfall.core.WriteBatch;
import io.footfall.core.people.PeopleContract;
import io.footfall.core.people.PersonUpdate;
import io.footfall.core.people.PropertyChange;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbPeopleTest extends PeopleContract<DuckDbStore> {
  private static final Instant T = Instant.parse("2026-05-04T10:00:00Z");

  @TempDir Path dir;

  @Override
  protected DuckDbStore openStore() {
    return DuckDbStore.open(dir.resolve("footfall.duckdb"));
  }

  /**
   * Events, counters and person updates are one transaction: when the people part fails, none of
   * the batch is stored, and the same batch written again is stored once.
   */
  @Test
  void aBatchWhosePeopleCannotBeStoredLeavesNothingBehind() throws Exception {
    Event event = TestEvents.event("s1", "e1", "signup", T, 7, 70);
    WriteBatch batch =
        new WriteBatch(
            List.of(event),
            List.of(new WriteBatch.CounterDelta("s1", LocalDate.of(2026, 5, 4), 1, 0, 0)),
            List.of(
                new PersonUpdate(
                    "s1", "u1", T, "e1", 7, List.of(PropertyChange.set("plan", "\"pro\"")))));
    execute("ALTER TABLE person_links RENAME TO person_links_away");

    assertThatThrownBy(() -> store.write(batch)).isInstanceOf(StoreException.class);

    execute("ALTER TABLE person_links_away RENAME TO person_links");
    assertThat(store.events("s1")).isEmpty();
    assertThat(store.counts("s1").botsFiltered()).isZero();
    assertThat(count("person_properties")).isZero();
    assertThat(store.people().profile("s1", "u1")).isEmpty();

    store.write(batch);
    assertThat(store.events("s1")).hasSize(1);
    assertThat(store.counts("s1").botsFiltered()).isEqualTo(1);
    assertThat(store.people().profile("s1", "u1").orElseThrow().events()).isEqualTo(1);
    assertThat(count("person_properties")).isEqualTo(1);
    assertThat(count("person_links")).isEqualTo(1);
  }

  /** An update with no change and no link leaves one row, so that its person exists. */
  @Test
  void anUpdateThatSaysNothingStillMakesItsPersonSeen() throws Exception {
    store.write(
        new WriteBatch(
            List.of(), List.of(), List.of(new PersonUpdate("s1", "u1", T, "i1", 0, List.of()))));
    assertThat(count("person_properties")).isEqualTo(1);
    assertThat(count("person_links")).isZero();
    assertThat(store.people().profile("s1", "u1").orElseThrow())
        .satisfies(
            p -> {
              assertThat(p.properties()).isEmpty();
              assertThat(p.firstSeen()).isEqualTo(T);
              assertThat(p.lastSeen()).isEqualTo(T);
              assertThat(p.events()).isZero();
            });
  }

  @Test
  void keepsPeopleAcrossReopen() {
    store.write(
        new WriteBatch(
            List.of(),
            List.of(),
            List.of(
                new PersonUpdate(
                    "s1", "u1", T, "i1", 9, List.of(PropertyChange.setOnce("plan", "\"free\""))))));
    store.close();
    store = openStore();
    assertThat(store.people().profile("s1", "u1").orElseThrow().properties())
        .containsEntry("plan", "\"free\"");
  }

  private void execute(String sql) throws Exception {
    try (Connection c = store.connection();
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private long count(String table) throws Exception {
    try (Connection c = store.connection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
