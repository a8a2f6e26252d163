package io.footfall.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Applies numbered SQL scripts to a JDBC database once each, in order, and records each applied
 * script in a table of its own, so that every store (events, metadata) migrates independently even
 * when they share one database file.
 *
 * <p>Script {@code n} (1-based) of the list is version {@code n}: append new scripts, never edit or
 * reorder applied ones. Each script runs in one transaction together with its record, so a failed
 * script leaves neither a half-built schema (on engines with transactional DDL, which DuckDB and
 * PostgreSQL both have) nor a record. Scripts are split into statements at semicolons that end a
 * line; lines starting with {@code --} are comments.
 */
public final class SchemaMigrations {
  private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private final String table;
  private final Class<?> anchor;
  private final List<String> scripts;

  /**
   * @param table the table that records applied scripts, e.g. {@code metadata_migrations}
   * @param anchor scripts are the class-path resources {@code migrations/<script>} next to this
   *     class
   * @param scripts the script names in the order they apply
   */
  public SchemaMigrations(String table, Class<?> anchor, List<String> scripts) {
    Objects.requireNonNull(table, "table");
    if (!TABLE.matcher(table).matches()) {
      throw new IllegalArgumentException(
          "table must be a lower-case SQL name, was '" + table + "'");
    }
    this.table = table;
    this.anchor = Objects.requireNonNull(anchor, "anchor");
    this.scripts = List.copyOf(scripts);
  }

  /**
   * Applies the scripts the database has not seen yet.
   *
   * @return how many scripts were applied
   * @throws StoreException naming the script if one fails or is missing
   */
  public int apply(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute(
          "CREATE TABLE IF NOT EXISTS "
              + table
              + " (version INTEGER NOT NULL PRIMARY KEY,"
              + " script VARCHAR(200) NOT NULL,"
              + " applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)");
    }
    int applied = currentVersion(connection);
    if (applied > scripts.size()) {
      throw new StoreException(
          "the database is at "
              + table
              + " version "
              + applied
              + " but this Footfall knows only "
              + scripts.size()
              + " scripts: it was written by a newer Footfall");
    }
    boolean autoCommit = connection.getAutoCommit();
    try {
      connection.setAutoCommit(false);
      for (int i = applied; i < scripts.size(); i++) {
        String script = scripts.get(i);
        try (Statement st = connection.createStatement();
            PreparedStatement record =
                connection.prepareStatement(
                    "INSERT INTO " + table + " (version, script) VALUES (?, ?)")) {
          for (String sql : statements(read(script))) {
            st.execute(sql);
          }
          record.setInt(1, i + 1);
          record.setString(2, script);
          record.executeUpdate();
          connection.commit();
        } catch (SQLException e) {
          connection.rollback();
          throw new StoreException(
              "schema migration " + table + "/" + script + " failed: " + e.getMessage(), e);
        }
      }
    } finally {
      connection.setAutoCommit(autoCommit);
    }
    return scripts.size() - applied;
  }

  private int currentVersion(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM " + table)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private String read(String script) {
    try (InputStream in = anchor.getResourceAsStream("migrations/" + script)) {
      if (in == null) {
        throw new StoreException(
            "schema migration "
                + script
                + " is missing from the class path next to "
                + anchor.getName());
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StoreException("cannot read schema migration " + script, e);
    }
  }

  /** Splits a script on semicolons at line ends, dropping {@code --} comment lines. */
  static List<String> statements(String script) {
    StringBuilder current = new StringBuilder();
    List<String> out = new ArrayList<>();
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
