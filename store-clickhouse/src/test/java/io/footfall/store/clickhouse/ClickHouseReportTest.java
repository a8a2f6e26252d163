package io.footfall.store.clickhouse;

import io.footfall.core.EventStore;
import io.footfall.core.query.ReportContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ClickHouse store answers reports exactly as the independent oracle computes them. */
class ClickHouseReportTest extends ReportContract {
  @RegisterExtension static final ClickHouseServer clickhouse = new ClickHouseServer();

  private static final AtomicInteger databases = new AtomicInteger();

  @Override
  protected EventStore openStore() {
    return ClickHouseStore.builder(clickhouse.endpoint(0))
        .database("reports" + databases.incrementAndGet())
        .open();
  }
}
