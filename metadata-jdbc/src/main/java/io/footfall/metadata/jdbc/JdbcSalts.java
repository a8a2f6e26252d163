package io.footfall.metadata.jdbc;

import static io.footfall.metadata.jdbc.Jdbc.first;
import static io.footfall.metadata.jdbc.Jdbc.update;

import io.footfall.core.StoreException;
import io.footfall.core.metadata.Salts;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Visitor salts in the table {@code site_salts}, one row per site and day: 32 bytes (a plain salt,
 * as stored before salts were sealed) as 64 hex digits, anything else (a sealed salt, 40 bytes) in
 * URL-safe base64 without padding (54 characters), within the column's 64.
 */
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
              encode(fresh));
          return first(
                  c,
                  "SELECT salt FROM site_salts WHERE site_id = ? AND day = ?",
                  rs -> decode(rs.getString(1)),
                  siteId,
                  day)
              .orElseThrow(
                  () ->
                      new StoreException(
                          "the salt of site " + siteId + " for " + day + " vanished"));
        });
  }

  static String encode(byte[] salt) {
    return salt.length == 32
        ? HexFormat.of().formatHex(salt)
        : Base64.getUrlEncoder().withoutPadding().encodeToString(salt);
  }

  static byte[] decode(String text) {
    return text.length() == 64 && text.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)
        ? HexFormat.of().parseHex(text)
        : Base64.getUrlDecoder().decode(text);
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
