package io.footfall.metadata.jdbc;

import static io.footfall.metadata.jdbc.Jdbc.exists;
import static io.footfall.metadata.jdbc.Jdbc.insertNew;
import static io.footfall.metadata.jdbc.Jdbc.instant;

import io.footfall.core.Organization;
import io.footfall.core.StoreConflictException;
import io.footfall.core.metadata.Organizations;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Organizations in the table {@code organizations}. */
final class JdbcOrganizations implements Organizations {
  private final Jdbc db;
  private final Table<Organization> table;

  JdbcOrganizations(Jdbc db) {
    this.db = db;
    this.table = new Table<>(db, "organizations", "id, name, created_at", JdbcOrganizations::row);
  }

  @Override
  public void create(Organization o) {
    db.run(
        "creating organization " + o.id(),
        c -> {
          insertNew(
              c,
              "organization " + o.id() + " already exists",
              "INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?)"
                  + " ON CONFLICT DO NOTHING",
              o.id(),
              o.name(),
              o.createdAt());
          return null;
        });
  }

  @Override
  public Optional<Organization> find(String organizationId) {
    return table.find("reading organization " + organizationId, "WHERE id = ?", organizationId);
  }

  @Override
  public boolean update(Organization o) {
    return db.write(
            "updating organization " + o.id(),
            "UPDATE organizations SET name = ? WHERE id = ?",
            o.name(),
            o.id())
        == 1;
  }

  @Override
  public List<Organization> all() {
    return table.list("listing organizations", "ORDER BY created_at, id");
  }

  /** Refuses a write that names an organization that does not exist. */
  static void require(Connection c, String organizationId, String what) throws SQLException {
    if (!exists(c, "SELECT id FROM organizations WHERE id = ?", organizationId)) {
      throw new StoreConflictException(
          what + ": organization " + organizationId + " does not exist");
    }
  }

  private static Organization row(ResultSet rs) throws SQLException {
    return new Organization(rs.getString("id"), rs.getString("name"), instant(rs, "created_at"));
  }
}
