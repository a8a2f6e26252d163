package io.footfall.store.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.core.Event;
import io.footfall.core.EventStore;
import io.footfall.core.EventStoreContract;
import io.footfall.core.StoreException;
import io.footfall.core.TestEvents;
import io.footfall.core.WriteBatch;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ClickHouse store keeps the event store contract on one node. */
class ClickHouseStoreTest extends EventStoreContract<ClickHouseStore> {
  @RegisterExtension static final ClickHouseServer clickhouse = new ClickHouseServer();

  private static final AtomicInteger databases = new AtomicInteger();

  private String database;

  @Override
  protected ClickHouseStore openStore() {
    database = "contract" + databases.incrementAndGet();
    return ClickHouseStore.builder(clickhouse.endpoint(0)).database(database).open();
  }

  @Test
  void aBatchRetriedAfterAFailedWriteIsStoredOnce() {
    Instant at = Instant.parse("2026-03-01T10:00:00Z");
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      events.add(TestEvents.event("s1", "e" + i, "signup", at.plusSeconds(i), i, i));
    }
    WriteBatch batch =
        new WriteBatch(
            events, List.of(new WriteBatch.CounterDelta("s1", LocalDate.of(2026, 3, 1), 1, 2, 3)));
    // The events' insert succeeds and the counters' fails: the write fails half done, as a
    // dropped connection or a cluster insert that reached one shard can leave it.
    try (ClickHouseHttp http = clickhouse.client()) {
      http.execute("RENAME TABLE " + database + ".ingest_counters TO " + database + ".parked");
      assertThatThrownBy(() -> store.write(batch))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("writing 50 events and 1 counters");
      http.execute("RENAME TABLE " + database + ".parked TO " + database + ".ingest_counters");
    }
    assertThat(store.counts("s1").events()).isEqualTo(50);

    store.write(batch);

    assertThat(store.events("s1")).hasSize(50);
    assertThat(store.counts("s1")).isEqualTo(new EventStore.SiteCounts(50, 50, 50, 1, 2, 3));
    store.write(
        new WriteBatch(List.of(TestEvents.event("s1", "e0", "signup", at, 0, 0)), List.of()));
    assertThat(store.counts("s1").events())
        .as("after a successful write, ids are no longer looked up")
        .isEqualTo(51);
  }
}
