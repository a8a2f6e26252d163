package io.footfall.store.clickhouse;

import io.footfall.core.people.FunnelContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ClickHouse store keeps the funnel contract on one node. */
class ClickHouseFunnelTest extends FunnelContract<ClickHouseStore> {
  @RegisterExtension static final ClickHouseServer clickhouse = new ClickHouseServer();

  private static final AtomicInteger databases = new AtomicInteger();

  @Override
  protected ClickHouseStore openStore() {
    return ClickHouseStore.builder(clickhouse.endpoint(0))
        .database("funnels" + databases.incrementAndGet())
        .open();
  }
}
