package io.footfall.store.duckdb;

import io.footfall.core.people.CohortContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store keeps the cohort contract. */
class DuckDbCohortTest extends CohortContract<DuckDbStore> {
  @TempDir Path dir;

  @Override
  protected DuckDbStore openStore() {
    return DuckDbStore.open(dir.resolve("footfall.duckdb"));
  }
}
