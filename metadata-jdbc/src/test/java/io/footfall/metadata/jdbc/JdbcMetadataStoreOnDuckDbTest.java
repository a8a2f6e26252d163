package io.footfall.metadata.jdbc;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The metadata store on a DuckDB file, the embedded default. */
class JdbcMetadataStoreOnDuckDbTest extends JdbcMetadataStoreTest {
  @TempDir Path dir;
  private final List<DuckDBConnection> open = new ArrayList<>();

  @Override
  protected ConnectionSource emptyDatabase() {
    try {
      // Like the server: one root connection keeps the file open, every operation duplicates it.
      DuckDBConnection root =
          (DuckDBConnection)
              DriverManager.getConnection(
                  "jdbc:duckdb:" + dir.resolve("metadata" + open.size() + ".duckdb"));
      open.add(root);
      return root::duplicate;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterEach
  void closeDatabases() throws SQLException {
    for (DuckDBConnection c : open) {
      c.close();
    }
  }
}
