package io.footfall.store.duckdb;

import io.footfall.core.Architecture;
import org.junit.jupiter.api.Test;

/**
 * A store builds on core and query-sql and its own libraries; it knows no server, no other store.
 */
class DuckDbArchitectureTest {
  private static final String PACKAGE = "io.footfall.store.duckdb";

  @Test
  void usesCoreQuerySqlAndItsLibrariesOnly() {
    Architecture.onlyDependOn(
            PACKAGE,
            "io.footfall.core..",
            "io.footfall.query.sql..",
            "org.duckdb..",
            "com.dynatrace.hash4j..",
            "org.apache.commons.dbcp2..",
            "org.apache.commons.pool2..",
            "org.slf4j..",
            "javax.sql..")
        .check(Architecture.productionClasses(PACKAGE));
  }
}
