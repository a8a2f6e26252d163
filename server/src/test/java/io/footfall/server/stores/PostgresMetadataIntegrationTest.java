package io.footfall.server.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.footfall.metadata.jdbc.PostgresServer;
import io.footfall.server.FootfallConfig;
import io.footfall.server.FootfallServer;
import io.footfall.server.TestServer;
import io.footfall.store.clickhouse.ClickHouseServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole product with the events on ClickHouse and the metadata on PostgreSQL ({@code
 * FOOTFALL_METADATA_URL}), both real throwaway servers: sites and goals land in PostgreSQL, nothing
 * embedded is created, events land in ClickHouse, and a restart finds everything again.
 */
class PostgresMetadataIntegrationTest {
  @RegisterExtension static final PostgresServer postgres = new PostgresServer();
  @RegisterExtension static final ClickHouseServer clickhouse = new ClickHouseServer();

  @TempDir Path dir;

  @Test
  void eventsOnClickHouseAndMetadataOnPostgres() throws Exception {
    String url = postgres.freshSchemaUrl();
    UnaryOperator<FootfallConfig.Builder> onPostgres =
        c ->
            c.storeSetting("FOOTFALL_METADATA_URL", url)
                .storeSetting("FOOTFALL_METADATA_USER", postgres.user());
    try (TestServer server = TestServer.onClickHouse(clickhouse, onPostgres)) {
      assertThat(server.server().stores().metadataPool()).isPresent();
      assertThat(server.server().stores().metadataHome()).isEmpty();
      TestServer.SiteKeys site = server.createSite("Split", "split.example", "UTC");
      Map<String, String> auth = Map.of("Authorization", "Bearer " + server.adminToken());
      TestServer.Response goal =
          server.post(
              "/api/admin/sites/" + site.id() + "/goals",
              "{\"name\":\"Pricing\",\"type\":\"pageview\",\"path\":\"/pricing\"}",
              auth);
      assertThat(goal.status()).as(goal.body()).isEqualTo(201);
      for (String path : List.of("/", "/pricing", "/docs")) {
        TestServer.Response r =
            server.post(
                "/api/track",
                "{\"event\":\"pageview\",\"id\":\""
                    + UUID.randomUUID()
                    + "\",\"context\":{\"url\":\"https://split.example"
                    + path
                    + "\"}}",
                Map.of(
                    "X-Footfall-Site",
                    site.writeKey(),
                    "User-Agent",
                    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
      }
      String query =
          "{\"site_id\":\""
              + site.id()
              + "\",\"metrics\":[\"visitors\",\"pageviews\",\"conversions\"],"
              + "\"date_range\":\"7d\",\"dimensions\":[\"event:goal\"]}";
      JsonNode before = server.post("/api/query", query, auth).json().get("results");
      assertThat(before.toString())
          .isEqualTo("[{\"metrics\":[1,1,1],\"dimensions\":[\"Pricing\"]}]");

      assertThat(rows(url, "SELECT id FROM sites")).containsExactly(site.id());
      assertThat(rows(url, "SELECT name FROM goals")).containsExactly("Pricing");
      assertThat(server.dataDir().resolve("metadata")).doesNotExist();
      assertThat(server.dataDir().resolve("footfall.duckdb")).doesNotExist();
      assertThat(server.events(site.id())).hasSize(3);

      server.restart();
      assertThat(server.server().metadata().sites().byWriteKey(site.writeKey())).isPresent();
      TestServer.Response after = server.post("/api/query", query, auth);
      assertThat(after.status()).as(after.body()).isEqualTo(200);
      assertThat(after.json().get("results")).isEqualTo(before);
    }
  }

  @Test
  void aMetadataUrlThatIsNotPostgresStopsTheStartNamingTheSetting() {
    FootfallConfig config =
        FootfallConfig.defaults(dir).toBuilder()
            .port(0)
            .storeSetting("FOOTFALL_METADATA_URL", "postgres://db.example/footfall")
            .build();
    assertThatThrownBy(() -> FootfallServer.start(config, Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("FOOTFALL_METADATA_URL")
        .hasMessageContaining("jdbc:postgresql://");
  }

  static List<String> rows(String url, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url + "&user=" + postgres.user());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
