package io.footfall.demo;

import io.footfall.core.Architecture;
import org.junit.jupiter.api.Test;

/**
 * The demo talks to a server through its HTTP API only: it builds on core (for the {@code
 * DemoTraffic} SPI) and Jackson, and knows no server or store class.
 */
class DemoArchitectureTest {
  private static final String PACKAGE = "io.footfall.demo";

  @Test
  void usesCoreAndJacksonOnly() {
    Architecture.onlyDependOn(PACKAGE, "io.footfall.core..", "com.fasterxml.jackson..")
        .check(Architecture.productionClasses(PACKAGE));
  }
}
