package io.footfall.metadata.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The reads of one table, written once: {@code SELECT <columns> FROM <table> <clause>}, each row
 * mapped to its record. The clause ({@code WHERE ...}, {@code ORDER BY ...}) is the caller's, so
 * every statement stays as plain as if written out.
 */
final class Table<T> {
  private final Jdbc db;
  private final String select;
  private final Jdbc.Row<T> row;

  Table(Jdbc db, String table, String columns, Jdbc.Row<T> row) {
    this.db = db;
    this.select = "SELECT " + columns + " FROM " + table + " ";
    this.row = row;
  }

  /** The first row the clause selects, on a connection of its own. */
  Optional<T> find(String what, String clause, Object... args) {
    return db.run(what, c -> find(c, clause, args));
  }

  /** The first row the clause selects, inside the caller's transaction. */
  Optional<T> find(Connection c, String clause, Object... args) throws SQLException {
    return Jdbc.first(c, select + clause, row, args);
  }

  /** Every row the clause selects, in its order. */
  List<T> list(String what, String clause, Object... args) {
    return db.run(what, c -> Jdbc.query(c, select + clause, row, args));
  }

  /**
   * The rows of one site, oldest first, for tables of a site's things (goals, email reports) keyed
   * by {@code organization_id}, {@code site_id} and {@code id}.
   *
   * @param things what the rows are, in words, for errors ("goals")
   */
  List<T> ofSite(String things, String organizationId, String siteId) {
    return list(
        "listing the " + things + " of site " + siteId,
        "WHERE site_id = ? AND organization_id = ? ORDER BY created_at, id",
        siteId,
        organizationId);
  }

  /**
   * One row of a site by its id, as {@link #ofSite} lists them.
   *
   * @param thing what the row is, in words, for errors ("goal")
   */
  Optional<T> inSite(String thing, String organizationId, String siteId, String id) {
    return find(
        "reading " + thing + " " + id + " of site " + siteId,
        "WHERE id = ? AND site_id = ? AND organization_id = ?",
        id,
        siteId,
        organizationId);
  }
}
