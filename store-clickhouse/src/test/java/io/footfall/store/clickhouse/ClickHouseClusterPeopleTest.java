package io.footfall.store.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.core.WriteBatch;
import io.footfall.core.people.PeopleContract;
import io.footfall.core.people.PersonUpdate;
import io.footfall.core.people.PropertyChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ClickHouse store keeps the people contract on two shards, reading and writing through {@code
 * Distributed} tables: events sharded by visitor, person rows by user id, so that a person's
 * events, properties and links, and a visitor's links, may each lie on either node.
 */
class ClickHouseClusterPeopleTest extends PeopleContract<ClickHouseStore> {
  @RegisterExtension static final ClickHouseServer cluster = ClickHouseServer.twoShards();

  private static final AtomicInteger databases = new AtomicInteger();

  private String database;

  @Override
  protected ClickHouseStore openStore() {
    database = "cluster_people" + databases.incrementAndGet();
    return ClickHouseStore.builder(cluster.endpoint(0))
        .cluster(ClickHouseServer.CLUSTER, List.of(cluster.endpoint(1)))
        .database(database)
        .open();
  }

  @Test
  void shardsPersonRowsByUserIdSoThatEveryPersonLivesOnOneNode() {
    Instant at = Instant.parse("2026-05-04T10:00:00Z");
    List<PersonUpdate> updates = new ArrayList<>();
    for (int user = 1; user <= 40; user++) {
      for (int i = 0; i < 3; i++) {
        updates.add(
            new PersonUpdate(
                "s1",
                "user-" + user,
                at.plusSeconds(i),
                "e" + user + "-" + i,
                100L * user + i,
                List.of(PropertyChange.set("n", Integer.toString(i)))));
      }
    }
    store.write(new WriteBatch(List.of(), List.of(), updates));

    for (String table : List.of("person_properties", "person_links")) {
      List<Set<String>> usersByNode = new ArrayList<>();
      long stored = 0;
      for (int node = 0; node < 2; node++) {
        try (ClickHouseHttp client = cluster.client(node)) {
          Set<String> users = new HashSet<>();
          for (TabSeparatedRow r :
              client.select(
                  "SELECT user_id, count() FROM "
                      + database
                      + "."
                      + table
                      + "_local GROUP BY user_id")) {
            users.add(r.text(0));
            assertThat(r.int64(1))
                .as("%s rows of %s on node %d", table, r.text(0), node)
                .isEqualTo(3);
            stored += r.int64(1);
          }
          usersByNode.add(users);
        }
      }
      assertThat(stored).as(table).isEqualTo(120);
      assertThat(usersByNode.get(0))
          .as(table)
          .isNotEmpty()
          .doesNotContainAnyElementsOf(usersByNode.get(1));
      assertThat(usersByNode.get(1)).as(table).isNotEmpty();
    }
    assertThat(store.people().profile("s1", "user-7").orElseThrow().properties())
        .containsEntry("n", "2");
  }
}
