package io.footfall.server.people;

import io.footfall.server.TestServer;
import io.footfall.store.clickhouse.ClickHouseServer;
import java.time.Clock;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ActiveUsersApiTest} with the events and people on a real ClickHouse node. */
class ClickHouseActiveUsersApiTest extends ActiveUsersApiTest {
  @RegisterExtension static final ClickHouseServer clickhouse = new ClickHouseServer();

  @Override
  TestServer startServer(Clock clock) {
    return TestServer.onClickHouse(clickhouse, clock, UnaryOperator.identity());
  }
}
