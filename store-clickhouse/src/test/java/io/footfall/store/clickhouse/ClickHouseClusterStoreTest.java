package io.footfall.store.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.core.Event;
import io.footfall.core.EventStoreContract;
import io.footfall.core.TestEvents;
import io.footfall.core.WriteBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ClickHouse store keeps the event store contract on two shards, reading and writing through
 * {@code Distributed} tables.
 */
class ClickHouseClusterStoreTest extends EventStoreContract<ClickHouseStore> {
  @RegisterExtension static final ClickHouseServer cluster = ClickHouseServer.twoShards();

  private static final AtomicInteger databases = new AtomicInteger();

  private String database;

  @Override
  protected ClickHouseStore openStore() {
    database = "cluster_contract" + databases.incrementAndGet();
    return ClickHouseStore.builder(cluster.endpoint(0))
        .cluster(ClickHouseServer.CLUSTER, List.of(cluster.endpoint(1)))
        .database(database)
        .open();
  }

  @Test
  void shardsEventsByVisitorSoThatEveryVisitLivesOnOneNode() {
    Instant at = Instant.parse("2026-03-01T10:00:00Z");
    List<Event> events = new ArrayList<>();
    for (int visitor = 1; visitor <= 40; visitor++) {
      for (int i = 0; i < 5; i++) {
        events.add(
            TestEvents.event(
                "s1", "e" + visitor + "-" + i, "signup", at.plusSeconds(i), visitor, visitor));
      }
    }
    store.write(new WriteBatch(events, List.of()));

    List<Set<String>> visitorsByNode = new ArrayList<>();
    long stored = 0;
    for (int node = 0; node < 2; node++) {
      try (ClickHouseHttp client = cluster.client(node)) {
        Set<String> visitors = new HashSet<>();
        for (TabSeparatedRow r :
            client.select(
                "SELECT visitor_id, count() FROM "
                    + database
                    + ".events_local GROUP BY visitor_id")) {
          visitors.add(r.text(0));
          assertThat(r.int64(1))
              .as("events of visitor %s on node %d", r.text(0), node)
              .isEqualTo(5);
          stored += r.int64(1);
        }
        visitorsByNode.add(visitors);
      }
    }
    assertThat(stored).isEqualTo(200);
    assertThat(visitorsByNode.get(0))
        .isNotEmpty()
        .doesNotContainAnyElementsOf(visitorsByNode.get(1));
    assertThat(visitorsByNode.get(1)).isNotEmpty();
    assertThat(store.counts("s1").events()).isEqualTo(200);
  }
}
