package io.footfall.metadata.jdbc;

import static io.footfall.metadata.jdbc.Jdbc.insertNew;
import static io.footfall.metadata.jdbc.Jdbc.instant;

import io.footfall.core.AuditEntry;
import io.footfall.core.metadata.AuditLog;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The audit log in the table {@code audit_log}, paged newest first by {@code (occurred_at, id)}.
 */
final class JdbcAuditLog implements AuditLog {
  private static final String COLUMNS =
      "id, organization_id, actor, action, target, network, occurred_at, details";

  private final Jdbc db;
  private final Table<AuditEntry> table;

  JdbcAuditLog(Jdbc db) {
    this.db = db;
    this.table = new Table<>(db, "audit_log", COLUMNS, JdbcAuditLog::row);
  }

  @Override
  public void append(AuditEntry e) {
    db.run(
        "appending audit entry " + e.id(),
        c -> {
          insertNew(
              c,
              "audit entry " + e.id() + " already exists",
              "INSERT INTO audit_log ("
                  + COLUMNS
                  + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
              e.id(),
              e.organizationId(),
              e.actor(),
              e.action(),
              e.target(),
              e.network(),
              e.at(),
              e.detailsJson());
          return null;
        });
  }

  @Override
  public List<AuditEntry> latest(String organizationId, int limit) {
    checkLimit(limit);
    return table.list(
        "reading the audit log of organization " + organizationId,
        "WHERE organization_id = ? ORDER BY occurred_at DESC, id DESC LIMIT ?",
        organizationId,
        limit);
  }

  @Override
  public List<AuditEntry> before(String organizationId, AuditEntry.Cursor before, int limit) {
    checkLimit(limit);
    return table.list(
        "reading the audit log of organization " + organizationId,
        "WHERE organization_id = ?"
            + " AND (occurred_at < ? OR (occurred_at = ? AND id < ?))"
            + " ORDER BY occurred_at DESC, id DESC LIMIT ?",
        organizationId,
        before.at(),
        before.at(),
        before.id(),
        limit);
  }

  @Override
  public int deleteOlderThan(Instant cutoff) {
    return db.write(
        "deleting audit entries older than " + cutoff,
        "DELETE FROM audit_log WHERE occurred_at < ?",
        cutoff);
  }

  private static void checkLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
  }

  private static AuditEntry row(ResultSet rs) throws SQLException {
    return new AuditEntry(
        rs.getString("id"),
        rs.getString("organization_id"),
        rs.getString("actor"),
        rs.getString("action"),
        rs.getString("target"),
        rs.getString("network"),
        instant(rs, "occurred_at"),
        rs.getString("details"));
  }
}
