package io.footfall.store.clickhouse;

import io.footfall.core.query.SegmentReportContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ClickHouse store answers reports of a segment's members as the oracle does on one node. */
class ClickHouseSegmentReportTest extends SegmentReportContract<ClickHouseStore> {
  @RegisterExtension static final ClickHouseServer clickhouse = new ClickHouseServer();

  private static final AtomicInteger databases = new AtomicInteger();

  @Override
  protected ClickHouseStore openStore() {
    return ClickHouseStore.builder(clickhouse.endpoint(0))
        .database("segment_reports" + databases.incrementAndGet())
        .open();
  }
}
