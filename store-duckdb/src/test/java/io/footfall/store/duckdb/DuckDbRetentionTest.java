package io.footfall.store.duckdb;

import io.footfall.core.people.RetentionContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store keeps the retention contract. */
class DuckDbRetentionTest extends RetentionContract<DuckDbStore> {
  @TempDir Path dir;

  @Override
  protected DuckDbStore openStore() {
    return DuckDbStore.open(dir.resolve("footfall.duckdb"));
  }
}
