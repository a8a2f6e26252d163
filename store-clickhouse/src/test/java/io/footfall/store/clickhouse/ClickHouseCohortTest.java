package io.footfall.store.clickhouse;

import io.footfall.core.people.CohortContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ClickHouse store keeps the cohort contract on one node. */
class ClickHouseCohortTest extends CohortContract<ClickHouseStore> {
  @RegisterExtension static final ClickHouseServer clickhouse = new ClickHouseServer();

  private static final AtomicInteger databases = new AtomicInteger();

  @Override
  protected ClickHouseStore openStore() {
    return ClickHouseStore.builder(clickhouse.endpoint(0))
        .database("cohorts" + databases.incrementAndGet())
        .open();
  }
}
