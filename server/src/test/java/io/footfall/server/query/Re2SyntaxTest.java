package io.footfall.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Re2Syntax} against the store's own engine: DuckDB decides which patterns it runs, and the
 * check must never let through one that DuckDB refuses (its error text would reach the client).
 */
class Re2SyntaxTest {
  static Connection duckdb;

  @BeforeAll
  static void open() throws SQLException {
    duckdb = DriverManager.getConnection("jdbc:duckdb:");
  }

  @AfterAll
  static void close() throws SQLException {
    duckdb.close();
  }

  static boolean duckDbRuns(String pattern) {
    try (PreparedStatement ps =
        duckdb.prepareStatement(
            "SELECT regexp_matches('/pricing/x', ?), regexp_full_match(?, ?)")) {
      ps.setString(1, pattern);
      ps.setString(2, "/pricing");
      ps.setString(3, pattern);
      ps.executeQuery().close();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  static boolean javaCompiles(String pattern) {
    try {
      Pattern.compile(pattern);
      return true;
    } catch (PatternSyntaxException e) {
      return false;
    }
  }

  @Test
  void agreesWithDuckDbOnKnownPatterns() {
    List<String> patterns =
        List.of(
            "^/pricing$",
            "/blog/.*",
            "(?i)^/Docs",
            "a{2,3}?",
            "[\\]a-z]+",
            "[^]x]",
            "\\Q(a)\\1\\E",
            "\\d+\\.\\w*\\s?",
            "\\p{L}+",
            "\\x41",
            "(a|b)*c",
            "a+?b",
            "(a)\\1",
            "(?<n>a)\\k<n>",
            "^/(?=pricing)",
            "(?!x)y",
            "(?<=a)b",
            "(?<!a)b",
            "(?>a|ab)c",
            "a*+",
            "a++",
            "a{2}+",
            "\\Gx",
            "x\\Z",
            "\\h",
            "\\R",
            "\\X",
            "\\e",
            "\\u0041",
            "\\cA",
            "a{1001}",
            "a{2,1000}",
            "(?<n>a)b",
            "(?:a){2}",
            "(?i:a)+");
    List<String> disagree = new ArrayList<>();
    for (String p : patterns) {
      assertThat(javaCompiles(p)).as(p).isTrue();
      boolean accepted = Re2Syntax.unsupported(p).isEmpty();
      if (accepted != duckDbRuns(p)) {
        disagree.add(
            p + (accepted ? " accepted but DuckDB refuses it" : " refused but DuckDB runs it"));
      }
    }
    assertThat(disagree).isEmpty();
  }

  /** Random patterns from pieces of both syntaxes: none that DuckDB refuses may pass the check. */
  @Test
  void neverAcceptsAGeneratedPatternThatDuckDbRefuses() {
    String[] pieces = {
      "a", "/", ".", "\\d", "\\w", "\\s", "\\b", "(", ")", "(?:", "(?i)", "|", "*", "+", "?", "{2}",
      "{1,3}", "[a-z]", "[^/]", "[\\d_]", "^", "$", "\\1", "(?=", "(?!", "(?<=", "(?<!", "(?>",
      "\\Q.\\E", "\\p{L}", "\\x41", "\\z", "\\Z", "\\G", "\\h", "\\R", "\\e", "\\u0041", "\\A",
      "\\.", "\\/", "\\-", "]", "}", "{", "\\t", "\\n", "{1001}", "\\Q\\E", "(?:", "(?P<n>",
      "(?<n>", "(?i:"
    };
    Random random = new Random(20261206);
    List<String> leaked = new ArrayList<>();
    int checked = 0;
    for (int i = 0; i < 4000; i++) {
      StringBuilder p = new StringBuilder();
      int n = 1 + random.nextInt(6);
      for (int j = 0; j < n; j++) {
        p.append(pieces[random.nextInt(pieces.length)]);
      }
      String pattern = p.toString();
      if (!javaCompiles(pattern)) {
        continue;
      }
      checked++;
      if (Re2Syntax.unsupported(pattern).isEmpty() && !duckDbRuns(pattern)) {
        leaked.add(pattern);
      }
    }
    assertThat(checked).isGreaterThan(500);
    assertThat(leaked).isEmpty();
  }
}
