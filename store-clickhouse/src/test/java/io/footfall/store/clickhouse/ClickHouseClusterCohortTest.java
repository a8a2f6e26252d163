package io.footfall.store.clickhouse;

import io.footfall.core.people.CohortContract;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ClickHouse store keeps the cohort contract on two shards: a person's events (sharded by
 * visitor) and links (sharded by user) may lie on either node.
 */
class ClickHouseClusterCohortTest extends CohortContract<ClickHouseStore> {
  @RegisterExtension static final ClickHouseServer cluster = ClickHouseServer.twoShards();

  private static final AtomicInteger databases = new AtomicInteger();

  @Override
  protected ClickHouseStore openStore() {
    return ClickHouseStore.builder(cluster.endpoint(0))
        .cluster(ClickHouseServer.CLUSTER, List.of(cluster.endpoint(1)))
        .database("cluster_cohorts" + databases.incrementAndGet())
        .open();
  }
}
