package io.footfall.metadata.jdbc;

import static io.footfall.metadata.jdbc.Jdbc.exists;
import static io.footfall.metadata.jdbc.Jdbc.first;
import static io.footfall.metadata.jdbc.Jdbc.insertNew;
import static io.footfall.metadata.jdbc.Jdbc.instant;

import io.footfall.core.Site;
import io.footfall.core.SiteSettings;
import io.footfall.core.StoreConflictException;
import io.footfall.core.metadata.Sites;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Sites in the table {@code sites}; a site's PII key names are one comma-separated column. The
 * column {@code consent_mode} predates {@code consent_level} (V011) and is still written, as
 * whether persistent ids are taken, so that the table reads the same to anything that read it
 * before. The static methods are the checks other aggregates make of a site inside their own
 * transactions.
 */
final class JdbcSites implements Sites {
  private static final String COLUMNS =
      "id, organization_id, name, domain, time_zone, currency, retention_days, write_key,"
          + " consent_mode, respect_dnt, respect_gpc, user_id_mode, pii_keys, created_at,"
          + " aggregate_retention_days, consent_level, validation_mode";

  private final Jdbc db;
  private final Table<Site> table;

  JdbcSites(Jdbc db) {
    this.db = db;
    this.table = new Table<>(db, "sites", COLUMNS, JdbcSites::row);
  }

  @Override
  public void create(Site site) {
    String what = "creating site " + site.id();
    db.transaction(
        what,
        c -> {
          JdbcOrganizations.require(c, site.organizationId(), what);
          insertNew(
              c,
              tx ->
                  exists(tx, "SELECT id FROM sites WHERE id = ?", site.id())
                      ? "site " + site.id() + " already exists"
                      : "write key " + site.writeKey() + " belongs to another site",
              "INSERT INTO sites ("
                  + COLUMNS
                  + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                  + " ON CONFLICT DO NOTHING",
              site.id(),
              site.organizationId(),
              site.name(),
              site.domain(),
              site.timeZone().getId(),
              site.currency(),
              site.retentionDays(),
              site.writeKey(),
              site.settings().persistentIds(),
              site.settings().respectDnt(),
              site.settings().respectGpc(),
              site.settings().userIds().name(),
              String.join(",", site.settings().piiKeys()),
              site.createdAt(),
              site.aggregateRetentionDays(),
              site.settings().consent().name(),
              site.settings().validation().name());
          return null;
        });
  }

  @Override
  public boolean update(Site site) {
    SiteSettings s = site.settings();
    return db.runUnique(
        "updating site " + site.id(),
        "write key " + site.writeKey() + " belongs to another site",
        c ->
            Jdbc.update(
                    c,
                    "UPDATE sites SET name = ?, domain = ?, time_zone = ?, currency = ?,"
                        + " retention_days = ?, write_key = ?, consent_mode = ?,"
                        + " respect_dnt = ?, respect_gpc = ?, user_id_mode = ?, pii_keys = ?,"
                        + " aggregate_retention_days = ?, consent_level = ?, validation_mode = ?"
                        + " WHERE id = ? AND organization_id = ?",
                    site.name(),
                    site.domain(),
                    site.timeZone().getId(),
                    site.currency(),
                    site.retentionDays(),
                    site.writeKey(),
                    s.persistentIds(),
                    s.respectDnt(),
                    s.respectGpc(),
                    s.userIds().name(),
                    String.join(",", s.piiKeys()),
                    site.aggregateRetentionDays(),
                    s.consent().name(),
                    s.validation().name(),
                    site.id(),
                    site.organizationId())
                == 1);
  }

  @Override
  public Optional<Site> find(String organizationId, String siteId) {
    return table.find(
        "reading site " + siteId, "WHERE id = ? AND organization_id = ?", siteId, organizationId);
  }

  @Override
  public List<Site> list(String organizationId) {
    return table.list(
        "listing sites of organization " + organizationId,
        "WHERE organization_id = ? ORDER BY created_at, id",
        organizationId);
  }

  @Override
  public Optional<Site> byWriteKey(String writeKey) {
    return table.find("looking up a write key", "WHERE write_key = ?", writeKey);
  }

  @Override
  public Optional<Site> byId(String siteId) {
    return table.find("reading site " + siteId, "WHERE id = ?", siteId);
  }

  @Override
  public List<Site> all() {
    return table.list("listing all sites", "ORDER BY created_at, id");
  }

  /** Whether the organization has a site with this id. */
  static boolean isSiteOf(Connection c, String organizationId, String siteId) throws SQLException {
    return exists(
        c, "SELECT id FROM sites WHERE id = ? AND organization_id = ?", siteId, organizationId);
  }

  /** Refuses a write that ties something of one organization to a site it does not have. */
  static void requireSiteOf(Connection c, String organizationId, String siteId)
      throws SQLException {
    if (!isSiteOf(c, organizationId, siteId)) {
      throw new StoreConflictException(
          "site " + siteId + " is not a site of organization " + organizationId);
    }
  }

  /**
   * The organization that owns the site, for what names only its site (a goal, an email report) and
   * joins the site's organization.
   *
   * @throws StoreConflictException if the site does not exist
   */
  static String organizationOf(Connection c, String siteId, String what) throws SQLException {
    return first(c, "SELECT organization_id FROM sites WHERE id = ?", rs -> rs.getString(1), siteId)
        .orElseThrow(() -> new StoreConflictException(what + ": the site does not exist"));
  }

  /** Deletes the row of the site; what refers to it is the caller's to delete first. */
  static boolean delete(Connection c, String organizationId, String siteId) throws SQLException {
    return Jdbc.update(
            c, "DELETE FROM sites WHERE id = ? AND organization_id = ?", siteId, organizationId)
        == 1;
  }

  private static Site row(ResultSet rs) throws SQLException {
    String keys = rs.getString("pii_keys");
    SiteSettings settings =
        new SiteSettings(
            SiteSettings.ConsentLevel.valueOf(rs.getString("consent_level")),
            rs.getBoolean("respect_dnt"),
            rs.getBoolean("respect_gpc"),
            SiteSettings.UserIdMode.valueOf(rs.getString("user_id_mode")),
            keys.isEmpty() ? List.of() : Arrays.asList(keys.split(",")),
            SiteSettings.ValidationMode.valueOf(rs.getString("validation_mode")));
    return new Site(
        rs.getString("id"),
        rs.getString("organization_id"),
        rs.getString("name"),
        rs.getString("domain"),
        ZoneId.of(rs.getString("time_zone")),
        rs.getString("currency"),
        rs.getInt("retention_days"),
        rs.getString("write_key"),
        settings,
        instant(rs, "created_at"),
        rs.getInt("aggregate_retention_days"));
  }
}
