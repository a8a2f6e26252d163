package io.footfall.store.clickhouse;

import io.footfall.core.people.ActiveUsersContract;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ClickHouse store keeps the active-users contract on two shards: events sharded by visitor and
 * links by user id, so that a person's days, and a visitor's link, may lie on either node.
 */
class ClickHouseClusterActiveUsersTest extends ActiveUsersContract<ClickHouseStore> {
  @RegisterExtension static final ClickHouseServer cluster = ClickHouseServer.twoShards();

  private static final AtomicInteger databases = new AtomicInteger();

  @Override
  protected ClickHouseStore openStore() {
    return ClickHouseStore.builder(cluster.endpoint(0))
        .cluster(ClickHouseServer.CLUSTER, List.of(cluster.endpoint(1)))
        .database("cluster_active" + databases.incrementAndGet())
        .open();
  }
}
