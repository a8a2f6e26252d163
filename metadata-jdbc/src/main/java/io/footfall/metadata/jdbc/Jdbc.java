package io.footfall.metadata.jdbc;

import io.footfall.core.StoreConflictException;
import io.footfall.core.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The few JDBC moves the metadata store makes, written once: a connection per operation, optional
 * transactions, parameters bound by type, rows mapped to records.
 *
 * <p>Times are bound and read as {@link LocalDateTime} in UTC, which both drivers map to {@code
 * TIMESTAMP} (without time zone) without consulting the JVM's or the session's zone.
 */
final class Jdbc {
  private final ConnectionSource connections;
  private volatile boolean closed;

  Jdbc(ConnectionSource connections) {
    this.connections = connections;
  }

  /** From now on every operation fails; the connection source stays its owner's to close. */
  void close() {
    closed = true;
  }

  /** Work on one connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Turns the current row into a value. */
  @FunctionalInterface
  interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /** Names the unique value an insert found taken, asking the database which one if need be. */
  @FunctionalInterface
  interface Taken {
    String message(Connection connection) throws SQLException;
  }

  /** Runs {@code work} on a connection in auto-commit mode. */
  <T> T run(String what, Work<T> work) {
    requireOpen(what);
    try (Connection c = connections.open()) {
      return work.run(c);
    } catch (SQLException e) {
      throw failed(what, e);
    }
  }

  /**
   * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws (a
   * {@link io.footfall.core.StoreConflictException} included).
   */
  <T> T transaction(String what, Work<T> work) {
    requireOpen(what);
    try (Connection c = connections.open()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failed(what, e);
    }
  }

  /** Runs one statement in auto-commit mode and returns its row count. */
  int write(String what, String sql, Object... args) {
    return run(what, c -> update(c, sql, args));
  }

  /**
   * Runs {@code work} in auto-commit mode for an update that may change a unique column: the
   * engine's unique violation becomes a {@link StoreConflictException} with the message {@code
   * taken}. Inserts use {@link #insertNew} instead; only an {@code UPDATE} needs the error.
   */
  <T> T runUnique(String what, String taken, Work<T> work) {
    try {
      return run(what, work);
    } catch (StoreException e) {
      if (e.getCause() instanceof SQLException sql && uniqueViolation(sql)) {
        throw new StoreConflictException(taken);
      }
      throw e;
    }
  }

  private void requireOpen(String what) {
    if (closed) {
      throw new StoreException(what + " failed: the metadata store is closed");
    }
  }

  private static StoreException failed(String what, SQLException e) {
    return new StoreException(what + " failed: " + e.getMessage(), e);
  }

  static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      return ps.executeUpdate();
    }
  }

  static <T> List<T> query(Connection c, String sql, Row<T> row, Object... args)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      List<T> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(row.map(rs));
        }
      }
      return out;
    }
  }

  static <T> Optional<T> first(Connection c, String sql, Row<T> row, Object... args)
      throws SQLException {
    return query(c, sql, row, args).stream().findFirst();
  }

  static boolean exists(Connection c, String sql, Object... args) throws SQLException {
    return first(c, sql, rs -> Boolean.TRUE, args).isPresent();
  }

  /**
   * Runs an {@code INSERT ... ON CONFLICT DO NOTHING} of one row and refuses with {@code taken}'s
   * message when it wrote nothing: a zero row count means a unique value is taken, without an error
   * that would abort a PostgreSQL transaction.
   */
  static void insertNew(Connection c, Taken taken, String sql, Object... args) throws SQLException {
    if (update(c, sql, args) == 0) {
      throw new StoreConflictException(taken.message(c));
    }
  }

  /** {@link #insertNew(Connection, Taken, String, Object...)} with a message known beforehand. */
  static void insertNew(Connection c, String taken, String sql, Object... args)
      throws SQLException {
    insertNew(c, unused -> taken, sql, args);
  }

  /**
   * Binds by Java type. An empty {@link Optional} binds a {@code NULL} timestamp: it is how the
   * store writes "never used", "never expires" and "not revoked".
   */
  private static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      int p = i + 1;
      switch (args[i]) {
        case String s -> ps.setString(p, s);
        case Integer n -> ps.setInt(p, n);
        case Long n -> ps.setLong(p, n);
        case Boolean b -> ps.setBoolean(p, b);
        case Instant t -> ps.setObject(p, LocalDateTime.ofInstant(t, ZoneOffset.UTC));
        case LocalDate d -> ps.setObject(p, d);
        case Optional<?> o when o.isEmpty() -> ps.setNull(p, Types.TIMESTAMP);
        case Optional<?> o when o.get() instanceof Instant t ->
            ps.setObject(p, LocalDateTime.ofInstant(t, ZoneOffset.UTC));
        default ->
            throw new IllegalArgumentException(
                "cannot bind parameter " + p + " of type " + args[i].getClass().getName());
      }
    }
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
  }

  /** A nullable timestamp column: {@code null} when SQL NULL (kept private to the store). */
  static Instant nullableInstant(ResultSet rs, String column) throws SQLException {
    LocalDateTime t = rs.getObject(column, LocalDateTime.class);
    return t == null ? null : t.toInstant(ZoneOffset.UTC);
  }

  /**
   * Whether the statement broke a unique or primary-key constraint: SQLSTATE 23505 on PostgreSQL;
   * DuckDB's driver sets no SQLSTATE, so its "Duplicate key" message is the sign.
   */
  static boolean uniqueViolation(SQLException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    return "23505".equals(e.getSQLState()) || message.contains("Duplicate key");
  }
}
