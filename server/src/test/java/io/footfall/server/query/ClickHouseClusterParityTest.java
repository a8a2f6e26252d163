package io.footfall.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.store.clickhouse.ClickHouseHttp;
import io.footfall.store.clickhouse.ClickHouseServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link StoreParityTest} against two ClickHouse shards: the server is given both nodes' URLs and
 * {@code FOOTFALL_CLICKHOUSE_CLUSTER}, ingests through the {@code Distributed} table and reports
 * across both shards.
 */
class ClickHouseClusterParityTest extends StoreParityTest {
  @RegisterExtension static final ClickHouseServer shards = ClickHouseServer.twoShards();

  @Override
  ClickHouseServer clickhouseServer() {
    return shards;
  }

  @Test
  void theEventsAreSplitOverBothShards() {
    String database =
        clickhouse.server().config().stores().settings().get("FOOTFALL_CLICKHOUSE_DATABASE");
    long total = 0;
    for (int node = 0; node < 2; node++) {
      try (ClickHouseHttp client = shards.client(node)) {
        long here =
            client.select("SELECT count() FROM " + database + ".events_local").getFirst().int64(0);
        assertThat(here).as("events on node %d", node).isPositive();
        total += here;
      }
    }
    assertThat(total).isEqualTo(duckdb.counts(duckSite).events());
  }
}
