package io.footfall.query.sql;

import io.footfall.core.Architecture;
import org.junit.jupiter.api.Test;

/** query-sql is shared by every SQL store: it builds on core and knows no store. */
class QuerySqlArchitectureTest {
  private static final String PACKAGE = "io.footfall.query.sql";

  @Test
  void usesCoreOnly() {
    Architecture.onlyDependOn(PACKAGE, "io.footfall.core..")
        .check(Architecture.productionClasses(PACKAGE));
  }
}
