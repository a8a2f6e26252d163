package io.footfall.server.query;

import io.footfall.store.clickhouse.ClickHouseServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link StoreParityTest} against one ClickHouse node. */
class ClickHouseParityTest extends StoreParityTest {
  @RegisterExtension static final ClickHouseServer node = new ClickHouseServer();

  @Override
  ClickHouseServer clickhouseServer() {
    return node;
  }
}
