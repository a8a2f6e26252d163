package io.footfall.store.duckdb;

import io.footfall.core.query.SegmentReportContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store answers reports of a segment's members as the oracle does. */
class DuckDbSegmentReportTest extends SegmentReportContract<DuckDbStore> {
  @TempDir Path dir;

  @Override
  protected DuckDbStore openStore() {
    return DuckDbStore.open(dir.resolve("footfall.duckdb"));
  }
}
