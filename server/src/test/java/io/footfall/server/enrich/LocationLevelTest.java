package io.footfall.server.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.footfall.server.TestServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard learns how precisely visitors are located (issue 14, item 19: the Regions and
 * Cities tabs always read "(none)" with the bundled country database): every site in the admin API
 * carries the GeoIP database's level.
 */
class LocationLevelTest {
  @TempDir Path dir;

  static String levelOf(TestServer server) {
    server.createSite("Shop", "shop.example", "UTC");
    JsonNode sites =
        server
            .get("/api/admin/sites", Map.of("Authorization", "Bearer " + server.adminToken()))
            .json();
    assertThat(sites).isNotEmpty();
    return sites.get(0).get("location_level").asText();
  }

  @Test
  void theBundledCountryDatabaseSaysCountry() {
    try (TestServer server = TestServer.start()) {
      assertThat(levelOf(server)).isEqualTo("country");
    }
  }

  @Test
  void aCityDatabaseSaysCity() throws Exception {
    Path file =
        new TestMmdb(6, "city ipvAll")
            .network(
                "81.2.69.0/24", Map.of("country_code", "GB", "state1", "England", "city", "London"))
            .writeTo(dir.resolve("city.mmdb"));
    try (TestServer server = TestServer.start(b -> b.geoipDatabase(Optional.of(file)))) {
      assertThat(levelOf(server)).isEqualTo("city");
    }
  }

  @Test
  void withoutADatabaseItSaysNone() {
    try (TestServer server =
        TestServer.start(b -> b.geoipDatabase(Optional.of(dir.resolve("missing.mmdb"))))) {
      assertThat(levelOf(server)).isEqualTo("none");
    }
  }
}
