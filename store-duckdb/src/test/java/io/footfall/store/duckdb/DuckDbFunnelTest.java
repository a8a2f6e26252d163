package io.footfall.store.duckdb;

import io.footfall.core.people.FunnelContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store keeps the funnel contract. */
class DuckDbFunnelTest extends FunnelContract<DuckDbStore> {
  @TempDir Path dir;

  @Override
  protected DuckDbStore openStore() {
    return DuckDbStore.open(dir.resolve("footfall.duckdb"));
  }
}
