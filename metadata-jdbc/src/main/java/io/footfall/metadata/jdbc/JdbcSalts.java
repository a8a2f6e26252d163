package io.footfall.metadata.jdbc;

import static io.footfall.metadata.jdbc.Jdbc.first;
import static io.footfall.metadata.jdbc.Jdbc.update;

import io.footfall.core.StoreException;
import io.footfall.core.metadata.Salts;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HexFormat;

/** Visitor salts in the table {@code site_salts}, hex-encoded, one row per site and day. */
final class JdbcSalts implements Salts {
  private final Jdbc db;

  JdbcSalts(Jdbc db) {
    this.db = db;
  }

  @Override
  public byte[] forDay(String siteId, LocalDate day, byte[] fresh) {
    return db.run(
        "reading the salt of site " + siteId + " for " + day,
        c -> {
          update(
              c,
              "INSERT INTO site_salts (site_id, day, salt) VALUES (?, ?, ?)"
                  + " ON CONFLICT (site_id, day) DO NOTHING",
              siteId,
              day,
              HexFormat.of().formatHex(fresh));
          return first(
                  c,
                  "SELECT salt FROM site_salts WHERE site_id = ? AND day = ?",
                  rs -> HexFormat.of().parseHex(rs.getString(1)),
                  siteId,
                  day)
              .orElseThrow(
                  () ->
                      new StoreException(
                          "the salt of site " + siteId + " for " + day + " vanished"));
        });
  }

  @Override
  public int deleteBefore(String siteId, LocalDate firstKept) {
    return db.write(
        "deleting old salts of site " + siteId,
        "DELETE FROM site_salts WHERE site_id = ? AND day < ?",
        siteId,
        firstKept);
  }

  /** Deletes every salt of the site, for the deletion of the site. */
  static void deleteOfSite(Connection c, String siteId) throws SQLException {
    update(c, "DELETE FROM site_salts WHERE site_id = ?", siteId);
  }
}
