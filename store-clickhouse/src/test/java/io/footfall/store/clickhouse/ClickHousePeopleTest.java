package io.footfall.store.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.core.Event;
import io.footfall.core.StoreException;
import io.footfall.core.TestEvents;
import io.footfall.core.WriteBatch;
import io.footfall.core.people.PeopleContract;
import io.footfall.core.people.PersonUpdate;
import io.footfall.core.people.Profile;
import io.footfall.core.people.PropertyChange;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ClickHouse store keeps the people contract on one node. */
class ClickHousePeopleTest extends PeopleContract<ClickHouseStore> {
  @RegisterExtension static final ClickHouseServer clickhouse = new ClickHouseServer();

  private static final AtomicInteger databases = new AtomicInteger();

  private String database;

  @Override
  protected ClickHouseStore openStore() {
    database = "people" + databases.incrementAndGet();
    return ClickHouseStore.builder(clickhouse.endpoint(0)).database(database).open();
  }

  @Test
  void aBatchRetriedAfterAFailedPeopleInsertCountsEachEventOnceAndFoldsTheSame() {
    Instant at = Instant.parse("2026-05-04T10:00:00Z");
    Event anonymous = TestEvents.event("s1", "a1", "signup", at, 7, 70);
    Event identified =
        withUser(TestEvents.event("s1", "a2", "signup", at.plusSeconds(60), 8, 80), "u1");
    WriteBatch batch =
        new WriteBatch(
            List.of(anonymous, identified),
            List.of(),
            List.of(
                new PersonUpdate(
                    "s1",
                    "u1",
                    at.plusSeconds(60),
                    "a2",
                    7,
                    List.of(
                        PropertyChange.set("plan", "\"pro\""),
                        PropertyChange.setOnce("first", "1"),
                        PropertyChange.setOnce("first", "2")))));
    // The events and the properties are stored, the links' insert fails: the write fails half
    // done, as a dropped connection or a cluster insert that reached one shard can leave it.
    try (ClickHouseHttp http = clickhouse.client()) {
      http.execute("RENAME TABLE " + database + ".person_links TO " + database + ".parked");
      assertThatThrownBy(() -> store.write(batch))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("writing 2 events");
      http.execute("RENAME TABLE " + database + ".parked TO " + database + ".person_links");
    }

    store.write(batch);

    try (ClickHouseHttp http = clickhouse.client()) {
      assertThat(
              http.select("SELECT count() FROM " + database + ".person_properties")
                  .getFirst()
                  .int64(0))
          .as("the retry stored the property rows again")
          .isEqualTo(6);
    }
    assertThat(store.counts("s1").events()).isEqualTo(2);
    Profile u1 = store.people().profile("s1", "u1").orElseThrow();
    assertThat(u1.properties())
        .containsExactly(Map.entry("first", "1"), Map.entry("plan", "\"pro\""));
    assertThat(u1.events()).as("its own event and its linked visitor's").isEqualTo(2);
    assertThat(u1.visits()).isEqualTo(2);
    assertThat(u1.firstSeen()).isEqualTo(at);
    assertThat(u1.revenue().get("EUR")).isEqualByComparingTo("39.98");
  }

  private static Event withUser(Event e, String userId) {
    return new Event(
        e.siteId(),
        e.eventId(),
        e.timestamp(),
        e.receivedAt(),
        e.name(),
        e.visitorId(),
        e.sessionId(),
        userId,
        e.page(),
        e.client(),
        e.propertiesJson(),
        e.revenue());
  }
}
