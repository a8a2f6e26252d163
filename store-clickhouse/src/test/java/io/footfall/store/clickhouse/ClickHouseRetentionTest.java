package io.footfall.store.clickhouse;

import io.footfall.core.people.RetentionContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ClickHouse store keeps the retention contract on one node. */
class ClickHouseRetentionTest extends RetentionContract<ClickHouseStore> {
  @RegisterExtension static final ClickHouseServer clickhouse = new ClickHouseServer();

  private static final AtomicInteger databases = new AtomicInteger();

  @Override
  protected ClickHouseStore openStore() {
    return ClickHouseStore.builder(clickhouse.endpoint(0))
        .database("retention" + databases.incrementAndGet())
        .open();
  }
}
