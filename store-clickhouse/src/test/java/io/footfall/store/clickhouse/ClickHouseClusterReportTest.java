package io.footfall.store.clickhouse;

import io.footfall.core.EventStore;
import io.footfall.core.query.ReportContract;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On two shards, with events sharded by visitor, the store answers reports exactly as the oracle
 * computes them.
 */
class ClickHouseClusterReportTest extends ReportContract {
  @RegisterExtension static final ClickHouseServer cluster = ClickHouseServer.twoShards();

  private static final AtomicInteger databases = new AtomicInteger();

  @Override
  protected EventStore openStore() {
    return ClickHouseStore.builder(cluster.endpoint(0))
        .cluster(ClickHouseServer.CLUSTER, List.of(cluster.endpoint(1)))
        .database("cluster_reports" + databases.incrementAndGet())
        .open();
  }
}
