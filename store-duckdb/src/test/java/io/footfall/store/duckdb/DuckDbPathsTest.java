package io.footfall.store.duckdb;

import io.footfall.core.people.PathsContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The DuckDB store keeps the paths contract. */
class DuckDbPathsTest extends PathsContract<DuckDbStore> {
  @TempDir Path dir;

  @Override
  protected DuckDbStore openStore() {
    return DuckDbStore.open(dir.resolve("footfall.duckdb"));
  }
}
