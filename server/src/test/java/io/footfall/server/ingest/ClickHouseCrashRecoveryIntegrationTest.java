package io.footfall.server.ingest;

import io.footfall.server.TestServer;
import io.footfall.store.clickhouse.ClickHouseServer;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link CrashRecoveryIntegrationTest} with the events on a real ClickHouse node: Footfall is
 * killed with SIGKILL under load, so an acknowledged event must be one ClickHouse answered 200 for,
 * and a batch the kill cut off (which ClickHouse may have stored in part) must not be stored twice
 * when the clients retry it.
 */
class ClickHouseCrashRecoveryIntegrationTest extends CrashRecoveryIntegrationTest {
  @RegisterExtension static final ClickHouseServer clickhouse = new ClickHouseServer();

  final Map<String, String> settings = TestServer.clickHouseSettings(clickhouse);

  @Override
  Map<String, String> storeSettings() {
    return settings;
  }
}
