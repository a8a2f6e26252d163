package io.footfall.metadata.jdbc;

import io.footfall.core.Architecture;
import org.junit.jupiter.api.Test;

/**
 * The metadata store builds on core's metadata SPI and plain JDBC: no engine's driver classes (the
 * same SQL runs on DuckDB and PostgreSQL), no store, no server.
 */
class MetadataJdbcArchitectureTest {
  private static final String PACKAGE = "io.footfall.metadata.jdbc";

  @Test
  void usesCoreAndJdbcOnly() {
    Architecture.onlyDependOn(PACKAGE, "io.footfall.core..", "javax.sql..", "org.slf4j..")
        .check(Architecture.productionClasses(PACKAGE));
  }
}
