package io.footfall.server.ingest;

import io.footfall.server.TestServer;
import io.footfall.store.clickhouse.ClickHouseServer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link RetriedEventsTest} with the events on a real ClickHouse node. */
class ClickHouseRetriedEventsTest extends RetriedEventsTest {
  @RegisterExtension static final ClickHouseServer clickhouse = new ClickHouseServer();

  @Override
  TestServer startServer() {
    return TestServer.onClickHouse(clickhouse, UnaryOperator.identity());
  }
}
