package io.footfall.metadata.jdbc;

import static io.footfall.metadata.jdbc.Jdbc.query;
import static io.footfall.metadata.jdbc.Jdbc.update;

import io.footfall.core.metadata.EventQuality;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;

/** Validation problem counts in the table {@code event_quality}, added to with upserts. */
final class JdbcEventQuality implements EventQuality {
  private final Jdbc db;

  JdbcEventQuality(Jdbc db) {
    this.db = db;
  }

  @Override
  public void add(List<Count> counts) {
    if (counts.isEmpty()) {
      return;
    }
    db.transaction(
        "adding " + counts.size() + " validation counts",
        c -> {
          for (Count n : counts) {
            update(
                c,
                "INSERT INTO event_quality (site_id, day, event_name, problem, property, events)"
                    + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (site_id, day, event_name, problem,"
                    + " property) DO UPDATE SET events = event_quality.events + EXCLUDED.events",
                n.siteId(),
                n.day(),
                n.eventName(),
                n.problem(),
                n.property(),
                n.events());
          }
          return null;
        });
  }

  @Override
  public List<Count> list(String organizationId, String siteId, LocalDate from, LocalDate to) {
    return db.run(
        "reading the validation counts of site " + siteId,
        c ->
            JdbcSites.isSiteOf(c, organizationId, siteId)
                ? query(
                    c,
                    "SELECT site_id, day, event_name, problem, property, events FROM event_quality"
                        + " WHERE site_id = ? AND day >= ? AND day <= ?"
                        + " ORDER BY day, event_name, problem, property",
                    rs ->
                        new Count(
                            rs.getString(1),
                            rs.getObject(2, LocalDate.class),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getLong(6)),
                    siteId,
                    from,
                    to)
                : List.<Count>of());
  }

  /** Deletes the site's counts, for the deletion of the site. */
  static void deleteOfSite(Connection c, String siteId) throws SQLException {
    update(c, "DELETE FROM event_quality WHERE site_id = ?", siteId);
  }
}
