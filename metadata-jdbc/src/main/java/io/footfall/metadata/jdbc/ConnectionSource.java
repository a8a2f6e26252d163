package io.footfall.metadata.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where the metadata store gets its connections: one per operation, closed when the operation ends.
 * For the embedded file that is a fresh DuckDB connection to the shared database; for PostgreSQL, a
 * connection pool.
 */
@FunctionalInterface
public interface ConnectionSource {

  /** A connection in auto-commit mode, which the caller closes. */
  Connection open() throws SQLException;
}
