package io.footfall.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.core.Event;
import io.footfall.core.StoreException;
import io.footfall.core.TestEvents;
import io.footfall.core.WriteBatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encryption at rest of the embedded file, proven by scanning every file of the directory for a
 * marker the events carry: found in a plain file (so the scan can find it), never in an encrypted
 * one, after writing, compacting, encrypting a plain file and changing the key.
 *
 * <p>These machines cannot load DuckDB's httpfs extension (no route to DuckDB's extension
 * repository), so the tests write with DuckDB's built-in mbedtls ({@link
 * DuckDbEncryption.Crypto#MBEDTLS_UNSAFE}): the same file format and the same code paths of the
 * store; only the source of the nonces differs. What the server does without httpfs is tested too.
 */
class DuckDbEncryptionTest {
  private static final String KEY = "0123456789abcdef0123456789abcdef0123456789abcdef";
  private static final String NEW_KEY = "fedcba9876543210fedcba9876543210fedcba9876543210";
  private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

  private final String marker = "MARKER" + UUID.randomUUID().toString().replace("-", "");

  @Test
  void aNewEncryptedFileHoldsNoMarkerAndOpensOnlyWithItsKey(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("footfall.duckdb");
    try (DuckDbStore store = DuckDbStore.open(file, 0, encrypted(KEY, null))) {
      write(store, 200);
      assertThat(store.events("s1")).hasSize(200);
    }
    assertThat(markedFiles(dir)).isEmpty();

    try (DuckDbStore store = DuckDbStore.open(file, 0, encrypted(KEY, null))) {
      assertThat(store.events("s1")).hasSize(200);
    }
    assertThatThrownBy(() -> DuckDbStore.open(file, 0, Optional.empty()))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("is encrypted")
        .hasMessageContaining("FOOTFALL_ENCRYPTION_KEY_FILE");
    assertThatThrownBy(() -> DuckDbStore.open(file, 0, encrypted(NEW_KEY, null)))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("does not open")
        .hasMessageContaining("FOOTFALL_ENCRYPTION_PREVIOUS_KEY_FILE");
  }

  @Test
  void aPlainFileIsEncryptedAtTheFirstOpenWithAKeyAndTheKeyCanChange(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("footfall.duckdb");
    try (DuckDbStore store = DuckDbStore.open(file, 0, Optional.empty())) {
      write(store, 100);
    }
    assertThat(markedFiles(dir)).as("the plain file shows the marker").isNotEmpty();

    try (DuckDbStore store = DuckDbStore.open(file, 0, encrypted(KEY, null))) {
      assertThat(store.events("s1")).hasSize(100);
      write(store, 10);
    }
    assertThat(markedFiles(dir)).isEmpty();
    assertThat(dir.resolve("footfall.duckdb.compact")).doesNotExist();

    try (DuckDbStore store = DuckDbStore.open(file, 0, encrypted(NEW_KEY, KEY))) {
      assertThat(store.events("s1")).hasSize(110);
    }
    assertThat(markedFiles(dir)).isEmpty();
    assertThatThrownBy(() -> DuckDbStore.open(file, 0, encrypted(KEY, null)))
        .hasMessageContaining("does not open");
    try (DuckDbStore store = DuckDbStore.open(file, 0, encrypted(NEW_KEY, null))) {
      assertThat(store.events("s1")).hasSize(110);
    }
  }

  @Test
  void compactingKeepsTheFileEncrypted(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("footfall.duckdb");
    try (DuckDbStore store = DuckDbStore.open(file, 0, encrypted(KEY, null))) {
      write(store, 50);
      writeTo(store, "s2", 50);
      store.deleteSite("s2");
      assertThat(store.compact()).isTrue();
      assertThat(store.events("s1")).hasSize(50);
      assertThat(store.events("s2")).isEmpty();
      write(store, 5);
    }
    assertThat(markedFiles(dir)).isEmpty();
    try (DuckDbStore store = DuckDbStore.open(file, 0, encrypted(KEY, null))) {
      assertThat(store.events("s1")).hasSize(55);
    }
  }

  @Test
  void withoutHttpfsTheServersCryptoRefusesToWriteAndSaysWhatIsMissing(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("footfall.duckdb");
    Optional<DuckDbEncryption> openssl =
        Optional.of(
            new DuckDbEncryption(
                KEY,
                Optional.empty(),
                DuckDbEncryption.Crypto.OPENSSL,
                Optional.of(dir.resolve("extensions").toString())));
    try (DuckDbStore store = DuckDbStore.open(file, 0, openssl)) {
      // A machine that can install httpfs gets an encrypted file.
      write(store, 20);
    } catch (StoreException e) {
      assertThat(e)
          .hasMessageContaining("httpfs")
          .hasMessageContaining("FOOTFALL_DUCKDB_EXTENSION_DIRECTORY");
      assertThat(file).doesNotExist();
      return;
    }
    assertThat(markedFiles(dir)).isEmpty();
  }

  @Test
  void keysShorterThanThirtyTwoCharactersAreRefused() {
    assertThatThrownBy(() -> DuckDbEncryption.of("short", Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 32");
    assertThat(DuckDbEncryption.of(KEY, Optional.empty()).toString()).doesNotContain(KEY);
  }

  // --- fixtures -------------------------------------------------------------------------------

  private static Optional<DuckDbEncryption> encrypted(String key, String previous) {
    return Optional.of(
        new DuckDbEncryption(
            key,
            Optional.ofNullable(previous),
            DuckDbEncryption.Crypto.MBEDTLS_UNSAFE,
            Optional.empty()));
  }

  private void write(DuckDbStore store, int count) {
    writeTo(store, "s1", count);
  }

  /** Events whose user id and properties carry the marker. */
  private void writeTo(DuckDbStore store, String siteId, int count) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Event e = TestEvents.pageview(siteId, T0.plusSeconds(i), 1000 + i, 2000 + i);
      e = TestEvents.withUser(e, marker + "-user-" + i);
      events.add(TestEvents.withProperties(e, "{\"note\":\"" + marker + "\"}"));
    }
    store.write(new WriteBatch(events, List.of()));
  }

  /** Every file under the directory whose bytes hold the marker. */
  private List<Path> markedFiles(Path dir) throws IOException {
    List<Path> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        if (new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(marker)) {
          found.add(f);
        }
      }
    }
    return found;
  }
}
