package io.footfall.store.duckdb;

import io.footfall.core.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the numbered SQL scripts under {@code migrations/} once each, in order, recording them in
 * {@code schema_migrations}. Each script runs in its own transaction.
 */
final class Migrations {
  private static final Logger log = LoggerFactory.getLogger(Migrations.class);

  /** The scripts in the order they apply; append, never edit or reorder. */
  static final List<String> SCRIPTS = List.of("V001__sites_and_salts.sql", "V002__events.sql");

  private Migrations() {}

  static void apply(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute(
          "CREATE TABLE IF NOT EXISTS schema_migrations ("
              + " version INTEGER NOT NULL PRIMARY KEY,"
              + " script VARCHAR(200) NOT NULL,"
              + " applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)");
    }
    int applied = currentVersion(connection);
    for (int i = applied; i < SCRIPTS.size(); i++) {
      String script = SCRIPTS.get(i);
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try (Statement st = connection.createStatement()) {
        for (String sql : statements(read(script))) {
          st.execute(sql);
        }
        st.execute(
            "INSERT INTO schema_migrations (version, script) VALUES ("
                + (i + 1)
                + ", '"
                + script
                + "')");
        connection.commit();
        log.info("applied schema migration {}", script);
      } catch (SQLException e) {
        connection.rollback();
        throw new StoreException("schema migration " + script + " failed: " + e.getMessage(), e);
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    }
  }

  private static int currentVersion(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement();
        var rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static String read(String script) {
    try (InputStream in = Migrations.class.getResourceAsStream("migrations/" + script)) {
      if (in == null) {
        throw new StoreException("schema migration " + script + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StoreException("cannot read schema migration " + script, e);
    }
  }

  /** Splits a script on semicolons at line ends, dropping {@code --} comment lines. */
  static List<String> statements(String script) {
    StringBuilder current = new StringBuilder();
    java.util.ArrayList<String> out = new java.util.ArrayList<>();
    for (String line : script.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("--") || trimmed.isEmpty()) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String sql = current.toString().strip();
        out.add(sql.substring(0, sql.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString().strip());
    }
    return out;
  }
}
