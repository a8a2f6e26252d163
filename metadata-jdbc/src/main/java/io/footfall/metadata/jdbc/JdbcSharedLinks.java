package io.footfall.metadata.jdbc;

import static io.footfall.metadata.jdbc.Jdbc.exists;
import static io.footfall.metadata.jdbc.Jdbc.insertNew;
import static io.footfall.metadata.jdbc.Jdbc.instant;
import static io.footfall.metadata.jdbc.Jdbc.nullableInstant;
import static io.footfall.metadata.jdbc.Jdbc.update;

import io.footfall.core.SharedLink;
import io.footfall.core.metadata.SharedLinks;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Shared links in the table {@code shared_links}: the SHA-256 of the token, never the token. */
final class JdbcSharedLinks implements SharedLinks {
  private static final String COLUMNS =
      "id, organization_id, site_id, token_hash, password_hash, created_at, expires_at,"
          + " revoked_at";

  private final Jdbc db;
  private final Table<SharedLink> table;

  JdbcSharedLinks(Jdbc db) {
    this.db = db;
    this.table = new Table<>(db, "shared_links", COLUMNS, JdbcSharedLinks::row);
  }

  @Override
  public void create(SharedLink l) {
    db.transaction(
        "creating shared link " + l.id(),
        c -> {
          JdbcSites.requireSiteOf(c, l.organizationId(), l.siteId());
          insertNew(
              c,
              tx ->
                  exists(tx, "SELECT id FROM shared_links WHERE id = ?", l.id())
                      ? "shared link " + l.id() + " already exists"
                      : "the token hash of shared link " + l.id() + " is taken",
              "INSERT INTO shared_links ("
                  + COLUMNS
                  + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
              l.id(),
              l.organizationId(),
              l.siteId(),
              l.tokenHash(),
              l.passwordHash(),
              l.createdAt(),
              l.expiresAt(),
              l.revokedAt());
          return null;
        });
  }

  @Override
  public Optional<SharedLink> find(String organizationId, String linkId) {
    return table.find(
        "reading shared link " + linkId,
        "WHERE id = ? AND organization_id = ?",
        linkId,
        organizationId);
  }

  @Override
  public List<SharedLink> list(String organizationId) {
    return table.list(
        "listing the shared links of organization " + organizationId,
        "WHERE organization_id = ? ORDER BY created_at DESC, id DESC",
        organizationId);
  }

  @Override
  public boolean revoke(String organizationId, String linkId, Instant at) {
    return db.write(
            "revoking shared link " + linkId,
            "UPDATE shared_links SET revoked_at = ?"
                + " WHERE id = ? AND organization_id = ? AND revoked_at IS NULL",
            at,
            linkId,
            organizationId)
        == 1;
  }

  @Override
  public Optional<SharedLink> byTokenHash(String tokenHash) {
    return table.find("looking up a shared link", "WHERE token_hash = ?", tokenHash);
  }

  /** Deletes the site's links, for the deletion of the site. */
  static void deleteOfSite(Connection c, String organizationId, String siteId) throws SQLException {
    update(
        c,
        "DELETE FROM shared_links WHERE site_id = ? AND organization_id = ?",
        siteId,
        organizationId);
  }

  private static SharedLink row(ResultSet rs) throws SQLException {
    SharedLink link =
        new SharedLink(
            rs.getString("id"),
            rs.getString("organization_id"),
            rs.getString("site_id"),
            rs.getString("token_hash"),
            rs.getString("password_hash"),
            instant(rs, "created_at"));
    Instant expires = nullableInstant(rs, "expires_at");
    if (expires != null) {
      link = link.withExpiresAt(expires);
    }
    Instant revoked = nullableInstant(rs, "revoked_at");
    if (revoked != null) {
      link = link.withRevokedAt(revoked);
    }
    return link;
  }
}
