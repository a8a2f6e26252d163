package io.footfall.store.clickhouse;

import io.footfall.core.people.FunnelContract;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ClickHouse store keeps the funnel contract on two shards: events are sharded by visitor, so a
 * person's events (of their several visitors) lie on both nodes and are gathered before the
 * person's attempts are followed.
 */
class ClickHouseClusterFunnelTest extends FunnelContract<ClickHouseStore> {
  @RegisterExtension static final ClickHouseServer cluster = ClickHouseServer.twoShards();

  private static final AtomicInteger databases = new AtomicInteger();

  @Override
  protected ClickHouseStore openStore() {
    return ClickHouseStore.builder(cluster.endpoint(0))
        .cluster(ClickHouseServer.CLUSTER, List.of(cluster.endpoint(1)))
        .database("cluster_funnels" + databases.incrementAndGet())
        .open();
  }
}
