package io.footfall.store.clickhouse;

import io.footfall.core.people.PeopleContract;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ClickHouse store keeps the people contract on two shards, reading and writing through {@code
 * Distributed} tables: events sharded by visitor, person rows by user id, so that a person's events
 * and a visitor's links lie on different nodes.
 */
class ClickHouseClusterPeopleTest extends PeopleContract<ClickHouseStore> {
  @RegisterExtension static final ClickHouseServer cluster = ClickHouseServer.twoShards();

  private static final AtomicInteger databases = new AtomicInteger();

  @Override
  protected ClickHouseStore openStore() {
    return ClickHouseStore.builder(cluster.endpoint(0))
        .cluster(ClickHouseServer.CLUSTER, List.of(cluster.endpoint(1)))
        .database("cluster_people" + databases.incrementAndGet())
        .open();
  }
}
