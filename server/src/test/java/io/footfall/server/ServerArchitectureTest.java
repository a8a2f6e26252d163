package io.footfall.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.footfall.core.Architecture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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

  /**
   * The same rule over the sources' imports: ArchUnit reads bytecode, where a compile-time constant
   * of another package (such as a password length) is inlined and its import leaves no trace; such
   * a cycle ({@code access} and {@code auth}) once passed the bytecode rule above.
   */
  @Test
  void featurePackagesHaveNoCyclesInTheirImports() throws IOException {
    Map<String, Set<String>> imports = sourceImports(Path.of("src/main/java/io/footfall/server"));
    assertThat(imports).containsKeys("access", "ingest", "query");
    List<String> cycles = new ArrayList<>();
    for (String from : imports.keySet()) {
      for (String to : imports.get(from)) {
        if (from.compareTo(to) < 0 && reaches(imports, to, from, new TreeSet<>())) {
          cycles.add(from + " <-> " + to);
        }
      }
    }
    assertThat(cycles).as("packages that import each other, directly or through others").isEmpty();
  }

  private static final Pattern IMPORT =
      Pattern.compile(
          "^import (?:static )?io\\.footfall\\.server\\.([a-z]+)\\.", Pattern.MULTILINE);

  /** Each feature package and the feature packages its sources import. */
  private static Map<String, Set<String>> sourceImports(Path root) throws IOException {
    Map<String, Set<String>> out = new TreeMap<>();
    try (Stream<Path> packages = Files.list(root)) {
      for (Path dir : packages.filter(Files::isDirectory).toList()) {
        String name = dir.getFileName().toString();
        Set<String> used = out.computeIfAbsent(name, k -> new TreeSet<>());
        try (Stream<Path> files = Files.walk(dir)) {
          files
              .filter(f -> f.toString().endsWith(".java"))
              .forEach(
                  f -> {
                    try {
                      Matcher m = IMPORT.matcher(Files.readString(f));
                      while (m.find()) {
                        if (!m.group(1).equals(name)) {
                          used.add(m.group(1));
                        }
                      }
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  });
        }
      }
    }
    return out;
  }

  private static boolean reaches(
      Map<String, Set<String>> imports, String from, String target, Set<String> seen) {
    if (from.equals(target)) {
      return true;
    }
    if (!seen.add(from)) {
      return false;
    }
    for (String next : imports.getOrDefault(from, Set.of())) {
      if (reaches(imports, next, target, seen)) {
        return true;
      }
    }
    return false;
  }
}
