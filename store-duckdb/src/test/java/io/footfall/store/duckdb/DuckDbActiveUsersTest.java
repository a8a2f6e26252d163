package io.footfall.store.duckdb;

import io.footfall.core.people.ActiveUsersContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store keeps the active-users contract. */
class DuckDbActiveUsersTest extends ActiveUsersContract<DuckDbStore> {
  @TempDir Path dir;

  @Override
  protected DuckDbStore openStore() {
    return DuckDbStore.open(dir.resolve("footfall.duckdb"));
  }
}
