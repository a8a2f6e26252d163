package io.footfall.server.people;

import io.footfall.server.TestServer;
import io.footfall.store.clickhouse.ClickHouseServer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link FunnelApiTest} with the events on a real ClickHouse node. */
class ClickHouseFunnelApiTest extends FunnelApiTest {
  @RegisterExtension static final ClickHouseServer clickhouse = new ClickHouseServer();

  @Override
  TestServer startServer() {
    return TestServer.onClickHouse(clickhouse, UnaryOperator.identity());
  }
}
