package io.footfall.store.clickhouse;

import io.footfall.core.EventStoreContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ClickHouse store keeps the event store contract on one node. */
class ClickHouseStoreTest extends EventStoreContract<ClickHouseStore> {
  @RegisterExtension static final ClickHouseServer clickhouse = new ClickHouseServer();

  private static final AtomicInteger databases = new AtomicInteger();

  @Override
  protected ClickHouseStore openStore() {
    return ClickHouseStore.builder(clickhouse.endpoint(0))
        .database("contract" + databases.incrementAndGet())
        .open();
  }
}
