package io.footfall.metadata.jdbc;

import static io.footfall.metadata.jdbc.Jdbc.insertNew;
import static io.footfall.metadata.jdbc.Jdbc.instant;

import io.footfall.core.DataRequest;
import io.footfall.core.metadata.DataRequests;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The request log in the table {@code data_requests}, newest first by {@code requested_at}. */
final class JdbcDataRequests implements DataRequests {
  private static final String COLUMNS =
      "id, organization_id, site_id, kind, subject, requested_by, requested_at, status,"
          + " completed_at, events, properties, links, detail";

  private final Jdbc db;
  private final Table<DataRequest> table;

  JdbcDataRequests(Jdbc db) {
    this.db = db;
    this.table = new Table<>(db, "data_requests", COLUMNS, JdbcDataRequests::row);
  }

  @Override
  public void append(DataRequest r) {
    db.run(
        "recording data request " + r.id(),
        c -> {
          insertNew(
              c,
              "data request " + r.id() + " already exists",
              "INSERT INTO data_requests ("
                  + COLUMNS
                  + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
              r.id(),
              r.organizationId(),
              r.siteId(),
              r.kind().name(),
              r.subject(),
              r.requestedBy(),
              r.requestedAt(),
              r.status().name(),
              r.completedAt(),
              r.events(),
              r.properties(),
              r.links(),
              r.detail());
          return null;
        });
  }

  @Override
  public boolean update(DataRequest r) {
    return db.write(
            "updating data request " + r.id(),
            "UPDATE data_requests SET status = ?, completed_at = ?, events = ?, properties = ?,"
                + " links = ?, detail = ? WHERE organization_id = ? AND id = ?",
            r.status().name(),
            r.completedAt(),
            r.events(),
            r.properties(),
            r.links(),
            r.detail(),
            r.organizationId(),
            r.id())
        > 0;
  }

  @Override
  public List<DataRequest> list(String organizationId, String siteId, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    return table.list(
        "reading the data requests of site " + siteId,
        "WHERE organization_id = ? AND site_id = ? ORDER BY requested_at DESC, id DESC LIMIT ?",
        organizationId,
        siteId,
        limit);
  }

  /** Deletes the site's requests, for the deletion of the site (the audit log keeps them). */
  static void deleteOfSite(java.sql.Connection c, String organizationId, String siteId)
      throws SQLException {
    Jdbc.update(
        c,
        "DELETE FROM data_requests WHERE site_id = ? AND organization_id = ?",
        siteId,
        organizationId);
  }

  private static DataRequest row(ResultSet rs) throws SQLException {
    return new DataRequest(
        rs.getString("id"),
        rs.getString("organization_id"),
        rs.getString("site_id"),
        DataRequest.Kind.valueOf(rs.getString("kind")),
        rs.getString("subject"),
        rs.getString("requested_by"),
        instant(rs, "requested_at"),
        DataRequest.Status.valueOf(rs.getString("status")),
        Optional.ofNullable(Jdbc.nullableInstant(rs, "completed_at")),
        rs.getLong("events"),
        rs.getLong("properties"),
        rs.getLong("links"),
        rs.getString("detail"));
  }
}
