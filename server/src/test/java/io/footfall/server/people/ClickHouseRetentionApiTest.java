package io.footfall.server.people;

import io.footfall.core.MutableClock;
import io.footfall.server.TestServer;
import io.footfall.store.clickhouse.ClickHouseServer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link RetentionApiTest} with the events and people on a real ClickHouse node. */
class ClickHouseRetentionApiTest extends RetentionApiTest {
  @RegisterExtension static final ClickHouseServer clickhouse = new ClickHouseServer();

  @Override
  TestServer startServer(MutableClock clock) {
    return TestServer.onClickHouse(clickhouse, clock, UnaryOperator.identity());
  }
}
