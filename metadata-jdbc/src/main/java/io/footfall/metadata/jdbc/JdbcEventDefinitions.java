package io.footfall.metadata.jdbc;

import static io.footfall.metadata.jdbc.Jdbc.instant;
import static io.footfall.metadata.jdbc.Jdbc.query;
import static io.footfall.metadata.jdbc.Jdbc.update;

import io.footfall.core.EventDefinition;
import io.footfall.core.EventDefinition.PropertySchema;
import io.footfall.core.metadata.EventDefinitions;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The event catalogue in the tables {@code event_definitions} and {@code event_property_schemas} (a
 * row per property, in order); tags are one comma-separated column, a string property's allowed
 * values one text of lines.
 */
final class JdbcEventDefinitions implements EventDefinitions {
  private static final String COLUMNS =
      "site_id, name, description, owner, tags, status, created_at, updated_at";

  private final Jdbc db;

  JdbcEventDefinitions(Jdbc db) {
    this.db = db;
  }

  @Override
  public List<EventDefinition> list(String organizationId, String siteId) {
    return db.run(
        "reading the event catalogue of site " + siteId,
        c ->
            JdbcSites.isSiteOf(c, organizationId, siteId)
                ? read(c, siteId, null)
                : List.<EventDefinition>of());
  }

  @Override
  public List<EventDefinition> ofSite(String siteId) {
    return db.run("reading the event catalogue of site " + siteId, c -> read(c, siteId, null));
  }

  @Override
  public Optional<EventDefinition> find(String organizationId, String siteId, String name) {
    return db.run(
        "reading event definition " + name + " of site " + siteId,
        c ->
            JdbcSites.isSiteOf(c, organizationId, siteId)
                ? read(c, siteId, name).stream().findFirst()
                : Optional.<EventDefinition>empty());
  }

  @Override
  public void put(String organizationId, EventDefinition d) {
    db.transaction(
        "defining event " + d.name() + " of site " + d.siteId(),
        c -> {
          JdbcSites.requireSiteOf(c, organizationId, d.siteId());
          Instant created =
              Jdbc.first(
                      c,
                      "SELECT created_at FROM event_definitions WHERE site_id = ? AND name = ?",
                      rs -> instant(rs, "created_at"),
                      d.siteId(),
                      d.name())
                  .orElse(d.createdAt());
          delete(c, d.siteId(), d.name());
          update(
              c,
              "INSERT INTO event_definitions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
              d.siteId(),
              d.name(),
              d.description(),
              d.owner(),
              String.join(",", d.tags()),
              d.status().name(),
              created,
              d.updatedAt());
          int position = 0;
          for (PropertySchema p : d.properties()) {
            update(
                c,
                "INSERT INTO event_property_schemas (site_id, event_name, position, name, type,"
                    + " required, allowed, min_value, max_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                d.siteId(),
                d.name(),
                position++,
                p.name(),
                p.type().name(),
                p.required(),
                String.join("\n", p.allowed()),
                p.min() == null ? "" : p.min().toPlainString(),
                p.max() == null ? "" : p.max().toPlainString());
          }
          return null;
        });
  }

  @Override
  public boolean delete(String organizationId, String siteId, String name) {
    return db.transaction(
        "deleting event definition " + name + " of site " + siteId,
        c -> JdbcSites.isSiteOf(c, organizationId, siteId) && delete(c, siteId, name));
  }

  private static boolean delete(Connection c, String siteId, String name) throws SQLException {
    update(
        c, "DELETE FROM event_property_schemas WHERE site_id = ? AND event_name = ?", siteId, name);
    return update(c, "DELETE FROM event_definitions WHERE site_id = ? AND name = ?", siteId, name)
        > 0;
  }

  /** Deletes the site's catalogue, for the deletion of the site. */
  static void deleteOfSite(Connection c, String siteId) throws SQLException {
    update(c, "DELETE FROM event_property_schemas WHERE site_id = ?", siteId);
    update(c, "DELETE FROM event_definitions WHERE site_id = ?", siteId);
  }

  /** The site's definitions, or the one named (when {@code name} is not null), by name. */
  private static List<EventDefinition> read(Connection c, String siteId, String name)
      throws SQLException {
    String only = name == null ? "" : " AND event_name = ?";
    Object[] args = name == null ? new Object[] {siteId} : new Object[] {siteId, name};
    Map<String, List<PropertySchema>> schemas = new HashMap<>();
    for (Object[] row :
        query(
            c,
            "SELECT event_name, name, type, required, allowed, min_value, max_value"
                + " FROM event_property_schemas WHERE site_id = ?"
                + only
                + " ORDER BY event_name, position",
            JdbcEventDefinitions::schemaRow,
            args)) {
      schemas.computeIfAbsent((String) row[0], k -> new ArrayList<>()).add((PropertySchema) row[1]);
    }
    return query(
        c,
        "SELECT "
            + COLUMNS
            + " FROM event_definitions WHERE site_id = ?"
            + (name == null ? "" : " AND name = ?")
            + " ORDER BY name",
        rs -> {
          String tags = rs.getString("tags");
          return new EventDefinition(
              rs.getString("site_id"),
              rs.getString("name"),
              rs.getString("description"),
              rs.getString("owner"),
              tags.isEmpty() ? List.of() : Arrays.asList(tags.split(",")),
              EventDefinition.Status.valueOf(rs.getString("status")),
              schemas.getOrDefault(rs.getString("name"), List.of()),
              instant(rs, "created_at"),
              instant(rs, "updated_at"));
        },
        args);
  }

  private static Object[] schemaRow(ResultSet rs) throws SQLException {
    String allowed = rs.getString("allowed");
    String min = rs.getString("min_value");
    String max = rs.getString("max_value");
    return new Object[] {
      rs.getString("event_name"),
      new PropertySchema(
          rs.getString("name"),
          PropertySchema.Type.valueOf(rs.getString("type")),
          rs.getBoolean("required"),
          allowed.isEmpty() ? List.of() : Arrays.asList(allowed.split("\n", -1)),
          min.isEmpty() ? null : new BigDecimal(min),
          max.isEmpty() ? null : new BigDecimal(max))
    };
  }
}
