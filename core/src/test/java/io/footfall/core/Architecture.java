package io.footfall.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The layering rules of docs/architecture.md, shared by every module's architecture test: a module
 * checks its own production classes (never tests, never jars) against the packages it may use.
 */
public final class Architecture {
  private Architecture() {}

  /** The production classes of the module under test in {@code basePackage}. */
  public static JavaClasses productionClasses(String basePackage) {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages(basePackage);
    if (classes.isEmpty()) {
      throw new IllegalStateException("no classes found in " + basePackage);
    }
    return classes;
  }

  /**
   * Classes of {@code basePackage} depend on nothing but the JDK, their own package tree and the
   * given packages (ArchUnit package patterns such as {@code io.footfall.core..}).
   */
  public static ArchRule onlyDependOn(String basePackage, String... allowed) {
    List<String> packages = new ArrayList<>(List.of("java..", basePackage + ".."));
    packages.addAll(List.of(allowed));
    return classes()
        .that()
        .resideInAPackage(basePackage + "..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(packages.toArray(String[]::new))
        .because("docs/architecture.md, \"Modules\": each module only uses those below it");
  }

  /** No cycles between the sub-packages of {@code basePackage}. */
  public static ArchRule noCycles(String basePackage) {
    return slices()
        .matching(basePackage + ".(*)..")
        .should()
        .beFreeOfCycles()
        .allowEmptyShould(true)
        .because("a package cycle makes the features impossible to read or move one at a time");
  }
}
