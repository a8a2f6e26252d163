package io.footfall.core;

import org.junit.jupiter.api.Test;

/** core is the model and the SPIs: the JDK and nothing else, and no package cycles. */
class CoreArchitectureTest {
  private static final String CORE = "io.footfall.core";

  @Test
  void coreDependsOnTheJdkOnly() {
    Architecture.onlyDependOn(CORE).check(Architecture.productionClasses(CORE));
  }

  @Test
  void coreHasNoPackageCycles() {
    Architecture.noCycles(CORE).check(Architecture.productionClasses(CORE));
  }
}
