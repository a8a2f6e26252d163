package io.footfall.store.duckdb;

import io.footfall.core.EventStore;
import io.footfall.core.query.ReportContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store answers reports exactly as the independent oracle computes them. */
class DuckDbReportTest extends ReportContract {
  @TempDir Path dir;

  @Override
  protected EventStore openStore() {
    return DuckDbStore.open(dir.resolve("footfall.duckdb"));
  }
}
