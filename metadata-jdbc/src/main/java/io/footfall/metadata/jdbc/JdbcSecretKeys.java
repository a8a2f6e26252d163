package io.footfall.metadata.jdbc;

import static io.footfall.metadata.jdbc.Jdbc.exists;
import static io.footfall.metadata.jdbc.Jdbc.instant;
import static io.footfall.metadata.jdbc.Jdbc.update;

import io.footfall.core.SiteSecret;
import io.footfall.core.StoreConflictException;
import io.footfall.core.metadata.SecretKeys;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Site secret keys in the table {@code site_secrets}, one row per site. */
final class JdbcSecretKeys implements SecretKeys {
  private static final String COLUMNS = "site_id, organization_id, prefix, secret_hash, created_at";

  private final Jdbc db;
  private final Table<SiteSecret> table;

  JdbcSecretKeys(Jdbc db) {
    this.db = db;
    this.table = new Table<>(db, "site_secrets", COLUMNS, JdbcSecretKeys::row);
  }

  @Override
  public void put(SiteSecret secret) {
    db.transaction(
        "storing the secret key of site " + secret.siteId(),
        c -> {
          JdbcSites.requireSiteOf(c, secret.organizationId(), secret.siteId());
          if (exists(
              c,
              "SELECT site_id FROM site_secrets WHERE prefix = ? AND site_id <> ?",
              secret.prefix(),
              secret.siteId())) {
            throw new StoreConflictException(
                "the prefix " + secret.prefix() + " is taken by another site's secret key");
          }
          // Delete, then insert: portable on both engines, and one transaction, so there is never
          // a moment with two keys or none.
          update(c, "DELETE FROM site_secrets WHERE site_id = ?", secret.siteId());
          update(
              c,
              "INSERT INTO site_secrets (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)",
              secret.siteId(),
              secret.organizationId(),
              secret.prefix(),
              secret.secretHash(),
              secret.createdAt());
          return null;
        });
  }

  @Override
  public Optional<SiteSecret> find(String organizationId, String siteId) {
    return table.find(
        "reading the secret key of site " + siteId,
        "WHERE site_id = ? AND organization_id = ?",
        siteId,
        organizationId);
  }

  @Override
  public Optional<SiteSecret> byPrefix(String prefix) {
    return table.find("looking up a site secret key", "WHERE prefix = ?", prefix);
  }

  /** Deletes the site's key, for the deletion of its site. */
  static void deleteOfSite(Connection c, String organizationId, String siteId) throws SQLException {
    update(
        c,
        "DELETE FROM site_secrets WHERE site_id = ? AND organization_id = ?",
        siteId,
        organizationId);
  }

  private static SiteSecret row(ResultSet rs) throws SQLException {
    return new SiteSecret(
        rs.getString("site_id"),
        rs.getString("organization_id"),
        rs.getString("prefix"),
        rs.getString("secret_hash"),
        instant(rs, "created_at"));
  }
}
