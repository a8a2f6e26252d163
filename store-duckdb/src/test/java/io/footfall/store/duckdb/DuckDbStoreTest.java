package io.footfall.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.core.EventStoreContract;
import io.footfall.core.TestEvents;
import io.footfall.core.WriteBatch;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbStoreTest extends EventStoreContract<DuckDbStore> {
  @TempDir Path dir;

  @Override
  protected DuckDbStore openStore() {
    return DuckDbStore.open(dir.resolve("footfall.duckdb"));
  }

  @Test
  void keepsEventsAndSchemaAcrossReopen() {
    Instant at = Instant.parse("2026-03-01T10:00:00Z");
    store.write(new WriteBatch(List.of(TestEvents.pageview("s1", at, 1, 1)), List.of()));
    store.close();

    store = openStore();
    assertThat(store.events("s1")).hasSize(1);
  }

  @Test
  void recordsItsMigrationsInItsOwnTableAndLeavesMetadataToOthers() throws Exception {
    try (Connection c = store.connection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT table_name FROM information_schema.tables ORDER BY table_name")) {
      List<String> tables = new ArrayList<>();
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
      assertThat(tables).containsExactly("event_migrations", "events", "ingest_counters");
    }
  }

  @Test
  void keepsWritingAcrossIdleCheckpoints() {
    Instant at = Instant.parse("2026-03-01T10:00:00Z");
    store.write(new WriteBatch(List.of(TestEvents.pageview("s1", at, 1, 1)), List.of()));
    store.idle();
    store.write(new WriteBatch(List.of(TestEvents.pageview("s1", at, 2, 2)), List.of()));
    store.idle();

    assertThat(store.events("s1")).hasSize(2);
  }

  @Test
  void readsDuckDbSizes() {
    assertThat(DuckDbStore.walBytes("0 bytes")).isZero();
    assertThat(DuckDbStore.walBytes("512 bytes")).isEqualTo(512);
    assertThat(DuckDbStore.walBytes("1.5 KiB")).isEqualTo(1536);
    assertThat(DuckDbStore.walBytes("12.0 MiB")).isEqualTo(12L << 20);
    assertThat(DuckDbStore.walBytes("2 GiB")).isEqualTo(2L << 30);
  }
}
