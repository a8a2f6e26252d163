package io.footfall.store.clickhouse;

import io.footfall.core.people.ActiveUsersContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ClickHouse store keeps the active-users contract on one node. */
class ClickHouseActiveUsersTest extends ActiveUsersContract<ClickHouseStore> {
  @RegisterExtension static final ClickHouseServer clickhouse = new ClickHouseServer();

  private static final AtomicInteger databases = new AtomicInteger();

  @Override
  protected ClickHouseStore openStore() {
    return ClickHouseStore.builder(clickhouse.endpoint(0))
        .database("active" + databases.incrementAndGet())
        .open();
  }
}
