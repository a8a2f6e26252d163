package io.footfall.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.server.stores.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server finds its event store by name and puts the metadata where the store lets it. */
class StoreChoiceTest {
  @TempDir Path dir;

  @Test
  void anUnknownStoreFailsAtStartNamingTheSettingAndTheStoresThereAre() {
    FootfallConfig config =
        FootfallConfig.fromEnvironment(Map.of("FOOTFALL_STORE", "mysql")).toBuilder()
            .dataDir(dir)
            .port(0)
            .build();
    assertThatThrownBy(() -> FootfallServer.start(config, Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("FOOTFALL_STORE")
        .hasMessageContaining("\"mysql\"")
        .hasMessageContaining("duckdb");
  }

  @Test
  void theEmbeddedStoreSharesItsFileWithTheMetadata() {
    FootfallConfig config = FootfallConfig.defaults(dir);
    try (Stores stores = Stores.open(config.stores(), Clock.systemUTC())) {
      assertThat(stores.metadataHome()).isEmpty();
      assertThat(stores.metadata().organizations().all()).isEmpty();
    }
    assertThat(dir.resolve("footfall.duckdb")).exists();
    assertThat(dir.resolve("metadata")).doesNotExist();
  }

  @Test
  void aStoreWithoutADatabaseToShareGetsTheMetadataInAnEmbeddedFileOfItsOwn() throws Exception {
    try (TestServer server = TestServer.start(c -> c.store(RemoteLikeStoreProvider.NAME))) {
      TestServer.SiteKeys site = server.createSite("Remote", "remote.example", "UTC");
      assertThat(server.server().metadata().sites().byId(site.id())).isPresent();
      assertThat(server.server().store().sharedDatabase()).isEmpty();
      assertThat(server.dataDir().resolve("metadata/footfall.duckdb")).exists();
      assertThat(server.dataDir().resolve("remote/footfall.duckdb")).exists();
      assertThat(Files.exists(server.dataDir().resolve("footfall.duckdb"))).isFalse();
    }
  }

  @Test
  void rejectsAnEmbeddedMemoryLimitBelowTheMinimumNamingTheSetting() {
    FootfallConfig config =
        FootfallConfig.defaults(dir).toBuilder()
            .storeSetting("FOOTFALL_DUCKDB_MEMORY_MIB", "10")
            .build();
    assertThatThrownBy(() -> Stores.open(config.stores(), Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("FOOTFALL_DUCKDB_MEMORY_MIB");
  }
}
