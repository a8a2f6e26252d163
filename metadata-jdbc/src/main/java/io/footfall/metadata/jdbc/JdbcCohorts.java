package io.footfall.metadata.jdbc;

import static io.footfall.metadata.jdbc.Jdbc.exists;
import static io.footfall.metadata.jdbc.Jdbc.insertNew;
import static io.footfall.metadata.jdbc.Jdbc.instant;

import io.footfall.core.Cohort;
import io.footfall.core.metadata.Cohorts;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Cohorts in the table {@code cohorts} (migration V007); names are unique per site by the
 * constraint on {@code (site_id, name)}. Each row carries its site's organization, copied in when
 * the cohort is created.
 */
final class JdbcCohorts implements Cohorts {
  private static final String COLUMNS = "id, site_id, name, definition, created_at, updated_at";

  private final Jdbc db;
  private final Table<Cohort> table;

  JdbcCohorts(Jdbc db) {
    this.db = db;
    this.table = new Table<>(db, "cohorts", COLUMNS, JdbcCohorts::row);
  }

  @Override
  public void create(Cohort k) {
    String what = "creating cohort " + k.id() + " of site " + k.siteId();
    db.transaction(
        what,
        c -> {
          String organizationId = JdbcSites.organizationOf(c, k.siteId(), what);
          insertNew(
              c,
              tx ->
                  exists(tx, "SELECT id FROM cohorts WHERE id = ?", k.id())
                      ? "cohort " + k.id() + " already exists"
                      : "site " + k.siteId() + " already has a cohort named '" + k.name() + "'",
              "INSERT INTO cohorts (organization_id, "
                  + COLUMNS
                  + ") VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
              organizationId,
              k.id(),
              k.siteId(),
              k.name(),
              k.definition(),
              k.createdAt(),
              k.updatedAt());
          return null;
        });
  }

  @Override
  public List<Cohort> list(String organizationId, String siteId) {
    return table.ofSite("cohorts", organizationId, siteId);
  }

  @Override
  public Optional<Cohort> find(String organizationId, String siteId, String cohortId) {
    return table.inSite("cohort", organizationId, siteId, cohortId);
  }

  @Override
  public boolean update(String organizationId, Cohort k) {
    return db.<Integer>runUnique(
            "changing cohort " + k.id() + " of site " + k.siteId(),
            "site " + k.siteId() + " already has a cohort named '" + k.name() + "'",
            c ->
                Jdbc.update(
                    c,
                    "UPDATE cohorts SET name = ?, definition = ?, updated_at = ?"
                        + " WHERE id = ? AND site_id = ? AND organization_id = ?",
                    k.name(),
                    k.definition(),
                    k.updatedAt(),
                    k.id(),
                    k.siteId(),
                    organizationId))
        == 1;
  }

  @Override
  public boolean delete(String organizationId, String siteId, String cohortId) {
    return db.write(
            "deleting cohort " + cohortId + " of site " + siteId,
            "DELETE FROM cohorts WHERE id = ? AND site_id = ? AND organization_id = ?",
            cohortId,
            siteId,
            organizationId)
        == 1;
  }

  /** Deletes the site's cohorts, for the deletion of the site. */
  static void deleteOfSite(Connection c, String organizationId, String siteId) throws SQLException {
    Jdbc.update(
        c, "DELETE FROM cohorts WHERE site_id = ? AND organization_id = ?", siteId, organizationId);
  }

  private static Cohort row(ResultSet rs) throws SQLException {
    return new Cohort(
        rs.getString("id"),
        rs.getString("site_id"),
        rs.getString("name"),
        rs.getString("definition"),
        instant(rs, "created_at"),
        instant(rs, "updated_at"));
  }
}
