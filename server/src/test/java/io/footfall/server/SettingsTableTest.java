package io.footfall.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table lists every setting the product reads, and only those: a {@code
 * FOOTFALL_*} name in the production sources of the server, the stores, the metadata store and the
 * demo (as a string literal), in the launcher or in logback.xml (as {@code ${NAME}}) must have its
 * row, and every row must name a setting something reads.
 */
class SettingsTableTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final List<String> MODULES =
      List.of("core", "server", "store-duckdb", "store-clickhouse", "metadata-jdbc", "demo");
  private static final Pattern LITERAL = Pattern.compile("\"(FOOTFALL_[A-Z0-9_]*[A-Z0-9])\\b");
  private static final Pattern SHELL_READ = Pattern.compile("\\$\\{(FOOTFALL_[A-Z0-9_]*[A-Z0-9])");
  private static final Pattern NAME = Pattern.compile("FOOTFALL_[A-Z0-9_]*[A-Z0-9]");

  @Test
  void theReadmeTableListsEverySettingAndNothingElse() {
    Set<String> inCode = settingsInCode();
    Set<String> inTable = settingsInReadmeTable();
    assertThat(inCode).as("settings read by the code").contains("FOOTFALL_PORT", "FOOTFALL_STORE");
    assertThat(inTable)
        .as("README configuration table (missing rows, then rows nothing reads)")
        .containsExactlyInAnyOrderElementsOf(inCode);
  }

  static Set<String> settingsInCode() {
    Set<String> names = new TreeSet<>();
    for (String module : MODULES) {
      Path main = ROOT.resolve(module).resolve("src/main");
      if (!Files.isDirectory(main)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(main)) {
        files
            .filter(f -> f.toString().endsWith(".java"))
            .forEach(f -> collect(LITERAL, read(f), names));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    collect(SHELL_READ, read(ROOT.resolve("footfall")), names);
    collect(SHELL_READ, read(ROOT.resolve("server/src/main/resources/logback.xml")), names);
    return names;
  }

  static Set<String> settingsInReadmeTable() {
    String readme = read(ROOT.resolve("README.md"));
    int section = readme.indexOf("\n## Configuration\n");
    assertThat(section).as("README has a Configuration section").isPositive();
    int next = readme.indexOf("\n## ", section + 1);
    Set<String> names = new TreeSet<>();
    for (String line : readme.substring(section, next).split("\n")) {
      if (line.startsWith("| `FOOTFALL_")) {
        collect(NAME, line.split("\\|")[1], names);
      }
    }
    return names;
  }

  private static void collect(Pattern pattern, String text, Set<String> into) {
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      into.add(m.groupCount() > 0 ? m.group(1) : m.group());
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
