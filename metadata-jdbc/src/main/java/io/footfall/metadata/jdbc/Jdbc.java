package io.footfall.metadata.jdbc;

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

  Jdbc(ConnectionSource connections) {
    this.connections = connections;
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

  /** Runs {@code work} on a connection in auto-commit mode. */
  <T> T run(String what, Work<T> work) {
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
