package io.footfall.metadata.jdbc;

import static io.footfall.metadata.jdbc.Jdbc.exists;
import static io.footfall.metadata.jdbc.Jdbc.insertNew;
import static io.footfall.metadata.jdbc.Jdbc.instant;
import static io.footfall.metadata.jdbc.Jdbc.nullableInstant;
import static io.footfall.metadata.jdbc.Jdbc.update;

import io.footfall.core.ApiKey;
import io.footfall.core.metadata.ApiKeys;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * API keys in the table {@code api_keys}: the public prefix and the SHA-256 of the secret, the
 * scopes (a small closed set) as one comma-separated column.
 */
final class JdbcApiKeys implements ApiKeys {
  private static final String COLUMNS =
      "id, organization_id, name, prefix, secret_hash, scopes, created_at, created_by,"
          + " last_used_at, revoked_at";

  private final Jdbc db;
  private final Table<ApiKey> table;

  JdbcApiKeys(Jdbc db) {
    this.db = db;
    this.table = new Table<>(db, "api_keys", COLUMNS, JdbcApiKeys::row);
  }

  @Override
  public void create(ApiKey k) {
    String what = "creating API key " + k.prefix();
    db.transaction(
        what,
        c -> {
          JdbcOrganizations.require(c, k.organizationId(), what);
          insertNew(
              c,
              tx ->
                  exists(tx, "SELECT id FROM api_keys WHERE id = ?", k.id())
                      ? "API key " + k.id() + " already exists"
                      : "API key prefix " + k.prefix() + " is taken",
              "INSERT INTO api_keys ("
                  + COLUMNS
                  + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
              k.id(),
              k.organizationId(),
              k.name(),
              k.prefix(),
              k.secretHash(),
              k.scopes().stream().map(Enum::name).sorted().collect(Collectors.joining(",")),
              k.createdAt(),
              k.createdBy(),
              k.lastUsedAt(),
              k.revokedAt());
          return null;
        });
  }

  @Override
  public Optional<ApiKey> find(String organizationId, String keyId) {
    return table.find(
        "reading API key " + keyId, "WHERE id = ? AND organization_id = ?", keyId, organizationId);
  }

  @Override
  public List<ApiKey> list(String organizationId) {
    return table.list(
        "listing the API keys of organization " + organizationId,
        "WHERE organization_id = ? ORDER BY created_at DESC, id DESC",
        organizationId);
  }

  @Override
  public boolean revoke(String organizationId, String keyId, Instant at) {
    return db.write(
            "revoking API key " + keyId,
            "UPDATE api_keys SET revoked_at = ?"
                + " WHERE id = ? AND organization_id = ? AND revoked_at IS NULL",
            at,
            keyId,
            organizationId)
        == 1;
  }

  @Override
  public boolean touch(String organizationId, String keyId, Instant at) {
    return db.transaction(
        "recording the use of API key " + keyId,
        c -> {
          if (!exists(
              c,
              "SELECT id FROM api_keys WHERE id = ? AND organization_id = ?",
              keyId,
              organizationId)) {
            return false;
          }
          update(
              c,
              "UPDATE api_keys SET last_used_at = ? WHERE id = ? AND organization_id = ?"
                  + " AND (last_used_at IS NULL OR last_used_at < ?)",
              at,
              keyId,
              organizationId,
              at);
          return true;
        });
  }

  @Override
  public Optional<ApiKey> byPrefix(String prefix) {
    return table.find("looking up an API key", "WHERE prefix = ?", prefix);
  }

  private static ApiKey row(ResultSet rs) throws SQLException {
    Set<ApiKey.Scope> scopes = EnumSet.noneOf(ApiKey.Scope.class);
    for (String s : rs.getString("scopes").split(",")) {
      scopes.add(ApiKey.Scope.valueOf(s));
    }
    ApiKey key =
        new ApiKey(
            rs.getString("id"),
            rs.getString("organization_id"),
            rs.getString("name"),
            rs.getString("prefix"),
            rs.getString("secret_hash"),
            scopes,
            instant(rs, "created_at"),
            Objects.requireNonNullElse(rs.getString("created_by"), ""));
    Instant used = nullableInstant(rs, "last_used_at");
    if (used != null) {
      key = key.withLastUsedAt(used);
    }
    Instant revoked = nullableInstant(rs, "revoked_at");
    if (revoked != null) {
      key = key.withRevokedAt(revoked);
    }
    return key;
  }
}
