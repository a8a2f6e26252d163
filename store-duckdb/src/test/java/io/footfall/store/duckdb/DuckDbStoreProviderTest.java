package io.footfall.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.core.EventStore;
import io.footfall.core.EventStoreProvider;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbStoreProviderTest {
  @TempDir Path dir;

  private EventStoreProvider.Context context(Map<String, String> settings) {
    return new EventStoreProvider.Context(
        dir, name -> Optional.ofNullable(settings.get(name)), Clock.systemUTC());
  }

  @Test
  void isFoundByNameThroughTheServiceLoader() {
    assertThat(ServiceLoader.load(EventStoreProvider.class).stream())
        .extracting(p -> p.get().name())
        .contains("duckdb");
  }

  @Test
  void opensTheStoreInTheDataDirectoryAndSharesItsDatabase() throws Exception {
    try (EventStore store = new DuckDbStoreProvider().open(context(Map.of()))) {
      assertThat(store.sharedDatabase()).isPresent();
      try (var c = store.sharedDatabase().orElseThrow().get();
          var st = c.createStatement();
          var rs = st.executeQuery("SELECT 1")) {
        assertThat(rs.next()).isTrue();
      }
    }
    assertThat(dir.resolve("footfall.duckdb")).exists();
  }

  @Test
  void readsTheEncryptionKeyFromAFileOrTheEnvironmentAndSaysWhatIsWrong() throws Exception {
    String key = "a".repeat(64);
    java.nio.file.Files.writeString(dir.resolve("key"), key + "\n");
    Optional<DuckDbEncryption> fromFile =
        DuckDbStoreProvider.encryption(
            context(Map.of("FOOTFALL_ENCRYPTION_KEY_FILE", dir.resolve("key").toString())));
    assertThat(fromFile).map(DuckDbEncryption::key).contains(key);
    assertThat(fromFile.orElseThrow().crypto()).isEqualTo(DuckDbEncryption.Crypto.OPENSSL);
    assertThat(DuckDbStoreProvider.encryption(context(Map.of("FOOTFALL_ENCRYPTION_KEY", key))))
        .map(DuckDbEncryption::key)
        .contains(key);
    assertThat(DuckDbStoreProvider.encryption(context(Map.of()))).isEmpty();
    assertThatThrownBy(
            () ->
                DuckDbStoreProvider.encryption(
                    context(Map.of("FOOTFALL_ENCRYPTION_KEY_FILE", "/no/such/key"))))
        .hasMessageContaining("FOOTFALL_ENCRYPTION_KEY_FILE")
        .hasMessageContaining("/no/such/key");
    assertThatThrownBy(
            () ->
                DuckDbStoreProvider.encryption(context(Map.of("FOOTFALL_ENCRYPTION_KEY", "short"))))
        .hasMessageContaining("at least 32");
    assertThatThrownBy(
            () ->
                DuckDbStoreProvider.encryption(
                    context(Map.of("FOOTFALL_ENCRYPTION_PREVIOUS_KEY", key))))
        .hasMessageContaining("is set without FOOTFALL_ENCRYPTION_KEY_FILE");
  }

  @Test
  void readsTheMemoryLimitAndRejectsOneTooSmallOrNotANumber() {
    assertThat(
            DuckDbStoreProvider.memoryLimitMiB(
                context(Map.of("FOOTFALL_DUCKDB_MEMORY_MIB", "256"))))
        .isEqualTo(256);
    assertThat(DuckDbStoreProvider.memoryLimitMiB(context(Map.of()))).isZero();
    assertThatThrownBy(
            () ->
                new DuckDbStoreProvider().open(context(Map.of("FOOTFALL_DUCKDB_MEMORY_MIB", "10"))))
        .hasMessageContaining("FOOTFALL_DUCKDB_MEMORY_MIB")
        .hasMessageContaining("at least 64");
    assertThatThrownBy(
            () ->
                DuckDbStoreProvider.memoryLimitMiB(
                    context(Map.of("FOOTFALL_DUCKDB_MEMORY_MIB", "lots"))))
        .hasMessageContaining("FOOTFALL_DUCKDB_MEMORY_MIB");
  }
}
