package io.footfall.server.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.server.FootfallConfig;
import io.footfall.server.TestServer;
import io.footfall.store.clickhouse.ClickHouseHttp;
import io.footfall.store.clickhouse.ClickHouseServer;
import io.footfall.store.clickhouse.TabSeparatedRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link PrivacyScanTest} with the events on a real ClickHouse node: besides the embedded metadata,
 * every text column ({@code String}, {@code Nullable(String)}, {@code Array(String)}) of the
 * store's ClickHouse tables, and every file under the ClickHouse server's directory (its data
 * parts, logs and temporary files).
 */
class ClickHousePrivacyScanTest extends PrivacyScanTest {
  @RegisterExtension static final ClickHouseServer clickhouse = new ClickHouseServer();

  @Override
  TestServer startServer(UnaryOperator<FootfallConfig.Builder> adjust) {
    return TestServer.onClickHouse(clickhouse, adjust);
  }

  @Override
  List<Path> storageDirectories(TestServer server) {
    return List.of(server.dataDir(), clickhouse.directory());
  }

  @Override
  List<String> storedTexts(TestServer server) throws SQLException {
    List<String> stored = new ArrayList<>(super.storedTexts(server));
    String database =
        server.server().config().stores().settings().get("FOOTFALL_CLICKHOUSE_DATABASE");
    try (ClickHouseHttp client = clickhouse.client()) {
      List<TabSeparatedRow> columns =
          client.select(
              "SELECT table, name FROM system.columns WHERE database = '"
                  + database
                  + "' AND type LIKE '%String%' ORDER BY table, name");
      assertThat(columns)
          .extracting(c -> c.text(0) + "." + c.text(1))
          .contains("events.url", "events.referrer", "events.title", "events.prop_values");
      for (TabSeparatedRow column : columns) {
        String table = column.text(0);
        String name = column.text(1);
        for (TabSeparatedRow row :
            client.select("SELECT " + name + " FROM " + database + "." + table)) {
          row.nullable(0).ifPresent(v -> stored.add(table + "." + name + "=" + v));
        }
      }
    }
    return stored;
  }

  /**
   * The file scan would see a secret that reached ClickHouse: text the store does keep (a page
   * path) is found in the bytes of the ClickHouse server's files.
   */
  @Test
  void theFileScanSeesWhatClickHouseStores() throws IOException {
    String marker = "/kept-path-" + Long.toHexString(System.nanoTime());
    try (TestServer server = startServer(UnaryOperator.identity())) {
      TestServer.SiteKeys site = server.createSite("Seen", "seen.example", "UTC");
      ObjectNode e = JSON.createObjectNode();
      e.put("event", "pageview");
      e.putObject("context").put("url", "https://seen.example" + marker);
      TestServer.Response r =
          server.post(
              "/api/track",
              e.toString(),
              Map.of("X-Footfall-Site", site.writeKey(), "User-Agent", BROWSER));
      assertThat(r.status()).as(r.body()).isEqualTo(202);

      List<Path> holding = new ArrayList<>();
      try (Stream<Path> walk = Files.walk(clickhouse.directory())) {
        for (Path f : walk.filter(Files::isRegularFile).toList()) {
          if (new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(marker)) {
            holding.add(f);
          }
        }
      }
      assertThat(holding).isNotEmpty();
    }
  }
}
