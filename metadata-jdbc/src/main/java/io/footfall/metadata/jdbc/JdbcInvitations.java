package io.footfall.metadata.jdbc;

import static io.footfall.metadata.jdbc.Jdbc.exists;
import static io.footfall.metadata.jdbc.Jdbc.insertNew;
import static io.footfall.metadata.jdbc.Jdbc.instant;
import static io.footfall.metadata.jdbc.Jdbc.update;

import io.footfall.core.Invitation;
import io.footfall.core.Person;
import io.footfall.core.Role;
import io.footfall.core.metadata.Invitations;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Invitations in the table {@code invitations}, one per address and organization; the restricted
 * sites are one comma-separated column (at most 100, as {@link Invitation} allows).
 */
final class JdbcInvitations implements Invitations {
  private static final String COLUMNS =
      "id, organization_id, email, role, site_ids, token_hash, invited_by, created_at, expires_at";

  private final Jdbc db;
  private final Table<Invitation> table;

  JdbcInvitations(Jdbc db) {
    this.db = db;
    this.table = new Table<>(db, "invitations", COLUMNS, JdbcInvitations::row);
  }

  @Override
  public void create(Invitation i) {
    String what = "creating invitation " + i.id();
    db.transaction(
        what,
        c -> {
          JdbcOrganizations.require(c, i.organizationId(), what);
          JdbcMembers.requireOwnSites(c, i.organizationId(), i.siteIds());
          update(
              c,
              "DELETE FROM invitations WHERE organization_id = ? AND email = ?",
              i.organizationId(),
              i.email());
          insertNew(
              c,
              tx ->
                  exists(tx, "SELECT id FROM invitations WHERE id = ?", i.id())
                      ? "invitation " + i.id() + " already exists"
                      : what + ": the token hash is taken",
              "INSERT INTO invitations ("
                  + COLUMNS
                  + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
              i.id(),
              i.organizationId(),
              i.email(),
              i.role().name(),
              String.join(",", i.siteIds().stream().sorted().toList()),
              i.tokenHash(),
              i.invitedBy(),
              i.createdAt(),
              i.expiresAt());
          return null;
        });
  }

  @Override
  public Optional<Invitation> find(String organizationId, String invitationId) {
    return db.run("reading invitation " + invitationId, c -> find(c, organizationId, invitationId));
  }

  @Override
  public List<Invitation> list(String organizationId) {
    return table.list(
        "listing the invitations of organization " + organizationId,
        "WHERE organization_id = ? ORDER BY created_at DESC, id DESC",
        organizationId);
  }

  @Override
  public boolean revoke(String organizationId, String invitationId) {
    return db.write(
            "revoking invitation " + invitationId,
            "DELETE FROM invitations WHERE id = ? AND organization_id = ?",
            invitationId,
            organizationId)
        == 1;
  }

  @Override
  public Optional<Invitation> byTokenHash(String tokenHash) {
    return table.find("looking up an invitation", "WHERE token_hash = ?", tokenHash);
  }

  @Override
  public List<Invitation> to(String email) {
    String normalized = Person.normalizeEmail(email);
    return table.list(
        "listing the invitations to an address",
        "WHERE email = ? ORDER BY created_at, id",
        normalized);
  }

  @Override
  public int deleteExpired(Instant now) {
    return db.write(
        "deleting expired invitations", "DELETE FROM invitations WHERE expires_at <= ?", now);
  }

  /** The organization's invitation, read inside the caller's transaction. */
  Optional<Invitation> find(Connection c, String organizationId, String invitationId)
      throws SQLException {
    return table.find(c, "WHERE id = ? AND organization_id = ?", invitationId, organizationId);
  }

  /** Deletes an invitation that has been accepted, inside the acceptance's transaction. */
  static void delete(Connection c, String invitationId) throws SQLException {
    update(c, "DELETE FROM invitations WHERE id = ?", invitationId);
  }

  private static Invitation row(ResultSet rs) throws SQLException {
    String sites = rs.getString("site_ids");
    return new Invitation(
        rs.getString("id"),
        rs.getString("organization_id"),
        rs.getString("email"),
        Role.valueOf(rs.getString("role")),
        sites.isEmpty() ? Set.of() : Set.of(sites.split(",")),
        rs.getString("token_hash"),
        rs.getString("invited_by"),
        instant(rs, "created_at"),
        instant(rs, "expires_at"));
  }
}
