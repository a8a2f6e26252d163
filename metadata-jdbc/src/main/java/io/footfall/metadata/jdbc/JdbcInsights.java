package io.footfall.metadata.jdbc;

import static io.footfall.metadata.jdbc.Jdbc.first;
import static io.footfall.metadata.jdbc.Jdbc.insertNew;
import static io.footfall.metadata.jdbc.Jdbc.instant;
import static io.footfall.metadata.jdbc.Jdbc.update;

import io.footfall.core.Insight;
import io.footfall.core.metadata.Insights;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Saved insights in the table {@code insights}. Each row carries its site's organization, copied in
 * when the insight is created.
 */
final class JdbcInsights implements Insights {
  private static final String COLUMNS =
      "id, site_id, name, kind, state, created_by, created_at, updated_at";

  private final Jdbc db;
  private final Table<Insight> table;

  JdbcInsights(Jdbc db) {
    this.db = db;
    this.table = new Table<>(db, "insights", COLUMNS, JdbcInsights::row);
  }

  @Override
  public void create(Insight i) {
    String what = "creating insight " + i.id() + " of site " + i.siteId();
    db.transaction(
        what,
        c -> {
          // Like a goal, an insight names only its site and joins the site's organization.
          String organizationId = JdbcSites.organizationOf(c, i.siteId(), what);
          insertNew(
              c,
              "insight " + i.id() + " already exists",
              "INSERT INTO insights (organization_id, "
                  + COLUMNS
                  + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
              organizationId,
              i.id(),
              i.siteId(),
              i.name(),
              i.kind().name(),
              i.state(),
              i.createdBy(),
              i.createdAt(),
              i.updatedAt());
          return null;
        });
  }

  @Override
  public List<Insight> list(String organizationId, String siteId) {
    return table.ofSite("insights", organizationId, siteId);
  }

  @Override
  public int count(String organizationId, String siteId) {
    return db.run(
        "counting the insights of site " + siteId,
        c ->
            first(
                    c,
                    "SELECT count(*) FROM insights WHERE site_id = ? AND organization_id = ?",
                    rs -> rs.getInt(1),
                    siteId,
                    organizationId)
                .orElse(0));
  }

  @Override
  public Optional<Insight> find(String organizationId, String siteId, String insightId) {
    return table.inSite("insight", organizationId, siteId, insightId);
  }

  @Override
  public boolean rename(
      String organizationId, String siteId, String insightId, String name, Instant updatedAt) {
    return change(
        "renaming insight " + insightId + " of site " + siteId,
        organizationId,
        siteId,
        insightId,
        i -> i.renamed(name, updatedAt));
  }

  @Override
  public boolean restate(
      String organizationId, String siteId, String insightId, String state, Instant updatedAt) {
    return change(
        "updating the state of insight " + insightId + " of site " + siteId,
        organizationId,
        siteId,
        insightId,
        i -> i.restated(state, updatedAt));
  }

  /**
   * Reads the insight, changes it as {@code change} says (the record checks the new values and
   * keeps the stored precision of the time) and writes its name, state and time back, in one
   * transaction; false when the site has no such insight.
   */
  private boolean change(
      String what,
      String organizationId,
      String siteId,
      String insightId,
      java.util.function.UnaryOperator<Insight> change) {
    return db.transaction(
        what,
        c -> {
          Optional<Insight> found =
              table.find(
                  c,
                  "WHERE id = ? AND site_id = ? AND organization_id = ?",
                  insightId,
                  siteId,
                  organizationId);
          if (found.isEmpty()) {
            return false;
          }
          Insight changed = change.apply(found.get());
          return update(
                  c,
                  "UPDATE insights SET name = ?, state = ?, updated_at = ?"
                      + " WHERE id = ? AND site_id = ? AND organization_id = ?",
                  changed.name(),
                  changed.state(),
                  changed.updatedAt(),
                  insightId,
                  siteId,
                  organizationId)
              == 1;
        });
  }

  @Override
  public boolean delete(String organizationId, String siteId, String insightId) {
    return db.write(
            "deleting insight " + insightId + " of site " + siteId,
            "DELETE FROM insights WHERE id = ? AND site_id = ? AND organization_id = ?",
            insightId,
            siteId,
            organizationId)
        == 1;
  }

  /** Deletes the site's insights, for the deletion of the site. */
  static void deleteOfSite(Connection c, String organizationId, String siteId) throws SQLException {
    update(
        c,
        "DELETE FROM insights WHERE site_id = ? AND organization_id = ?",
        siteId,
        organizationId);
  }

  private static Insight row(ResultSet rs) throws SQLException {
    return new Insight(
        rs.getString("id"),
        rs.getString("site_id"),
        rs.getString("name"),
        Insight.Kind.valueOf(rs.getString("kind")),
        rs.getString("state"),
        rs.getString("created_by"),
        instant(rs, "created_at"),
        instant(rs, "updated_at"));
  }
}
