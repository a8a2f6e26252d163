package io.footfall.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.footfall.core.Architecture;
import org.junit.jupiter.api.Test;

/**
 * The server's layering (docs/architecture.md, "Server packages"): flat feature packages without
 * cycles; the root package (the CLI and the composition root) uses them all and none of them uses
 * it; and the server reaches a store only through the SPI in core.
 */
class ServerArchitectureTest {
  private static final String PACKAGE = "io.footfall.server";
  private static final JavaClasses CLASSES = Architecture.productionClasses(PACKAGE);

  @Test
  void featurePackagesHaveNoCycles() {
    Architecture.noCycles(PACKAGE).check(CLASSES);
  }

  @Test
  void nothingDependsOnTheCompositionRoot() {
    noClasses()
        .that()
        .resideOutsideOfPackage(PACKAGE)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(PACKAGE)
        .because("the root package wires the features; a feature that imports it makes a cycle")
        .check(CLASSES);
  }

  @Test
  void neverNamesAStoreType() {
    noClasses()
        .that()
        .resideInAPackage(PACKAGE + "..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.footfall.store..")
        .because("the server picks a store through EventStoreProvider (FOOTFALL_STORE)")
        .check(CLASSES);
  }

  @Test
  void knowsTheDemoOnlyThroughItsSpi() {
    noClasses()
        .that()
        .resideInAPackage(PACKAGE + "..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.footfall.demo..")
        .because("the demo is not in the server's jar; --demo finds it through DemoTraffic")
        .check(CLASSES);
  }
}
