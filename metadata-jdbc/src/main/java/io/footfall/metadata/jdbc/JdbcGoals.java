package io.footfall.metadata.jdbc;

import static io.footfall.metadata.jdbc.Jdbc.exists;
import static io.footfall.metadata.jdbc.Jdbc.insertNew;
import static io.footfall.metadata.jdbc.Jdbc.instant;
import static io.footfall.metadata.jdbc.Jdbc.update;

import io.footfall.core.Goal;
import io.footfall.core.metadata.Goals;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Goals in the table {@code goals}; names are unique per site by the constraint on {@code (site_id,
 * name)}. Each row carries its site's organization, copied in when the goal is created.
 */
final class JdbcGoals implements Goals {
  private static final String COLUMNS =
      "id, site_id, name, kind, path_pattern, event_name, property_key, property_value,"
          + " created_at";

  private final Jdbc db;
  private final Table<Goal> table;

  JdbcGoals(Jdbc db) {
    this.db = db;
    this.table = new Table<>(db, "goals", COLUMNS, JdbcGoals::row);
  }

  @Override
  public void create(Goal g) {
    String what = "creating goal " + g.id() + " of site " + g.siteId();
    db.transaction(
        what,
        c -> {
          // A goal names only its site; it belongs to the organization that owns the site.
          String organizationId = JdbcSites.organizationOf(c, g.siteId(), what);
          insertNew(
              c,
              tx ->
                  exists(tx, "SELECT id FROM goals WHERE id = ?", g.id())
                      ? "goal " + g.id() + " already exists"
                      : "site " + g.siteId() + " already has a goal named '" + g.name() + "'",
              "INSERT INTO goals (organization_id, "
                  + COLUMNS
                  + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
              organizationId,
              g.id(),
              g.siteId(),
              g.name(),
              g.kind().name(),
              g.pathPattern(),
              g.eventName(),
              g.propertyKey(),
              g.propertyValue(),
              g.createdAt());
          return null;
        });
  }

  @Override
  public List<Goal> list(String organizationId, String siteId) {
    return table.ofSite("goals", organizationId, siteId);
  }

  @Override
  public Optional<Goal> find(String organizationId, String siteId, String goalId) {
    return table.inSite("goal", organizationId, siteId, goalId);
  }

  @Override
  public boolean delete(String organizationId, String siteId, String goalId) {
    return db.write(
            "deleting goal " + goalId + " of site " + siteId,
            "DELETE FROM goals WHERE id = ? AND site_id = ? AND organization_id = ?",
            goalId,
            siteId,
            organizationId)
        == 1;
  }

  /** Deletes the site's goals, for the deletion of the site. */
  static void deleteOfSite(Connection c, String organizationId, String siteId) throws SQLException {
    update(
        c, "DELETE FROM goals WHERE site_id = ? AND organization_id = ?", siteId, organizationId);
  }

  private static Goal row(ResultSet rs) throws SQLException {
    return new Goal(
        rs.getString("id"),
        rs.getString("site_id"),
        rs.getString("name"),
        Goal.Kind.valueOf(rs.getString("kind")),
        rs.getString("path_pattern"),
        rs.getString("event_name"),
        rs.getString("property_key"),
        rs.getString("property_value"),
        instant(rs, "created_at"));
  }
}
