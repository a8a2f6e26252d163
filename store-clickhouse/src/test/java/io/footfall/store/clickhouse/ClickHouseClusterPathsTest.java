package io.footfall.store.clickhouse;

import io.footfall.core.people.PathsContract;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ClickHouse store keeps the paths contract on two shards, reading through {@code Distributed}
 * tables: events are sharded by visitor, and the contract's visitors each have several visits, so
 * visits lie on both nodes.
 */
class ClickHouseClusterPathsTest extends PathsContract<ClickHouseStore> {
  @RegisterExtension static final ClickHouseServer cluster = ClickHouseServer.twoShards();

  private static final AtomicInteger databases = new AtomicInteger();

  @Override
  protected ClickHouseStore openStore() {
    return ClickHouseStore.builder(cluster.endpoint(0))
        .cluster(ClickHouseServer.CLUSTER, List.of(cluster.endpoint(1)))
        .database("cluster_paths" + databases.incrementAndGet())
        .open();
  }
}
