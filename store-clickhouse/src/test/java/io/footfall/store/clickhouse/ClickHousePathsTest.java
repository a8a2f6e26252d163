package io.footfall.store.clickhouse;

import io.footfall.core.people.PathsContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ClickHouse store keeps the paths contract on one node. */
class ClickHousePathsTest extends PathsContract<ClickHouseStore> {
  @RegisterExtension static final ClickHouseServer clickhouse = new ClickHouseServer();

  private static final AtomicInteger databases = new AtomicInteger();

  @Override
  protected ClickHouseStore openStore() {
    return ClickHouseStore.builder(clickhouse.endpoint(0))
        .database("paths" + databases.incrementAndGet())
        .open();
  }
}
