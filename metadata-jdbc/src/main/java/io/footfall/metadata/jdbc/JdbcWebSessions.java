package io.footfall.metadata.jdbc;

import static io.footfall.metadata.jdbc.Jdbc.insertNew;
import static io.footfall.metadata.jdbc.Jdbc.instant;
import static io.footfall.metadata.jdbc.Jdbc.query;

import io.footfall.core.Membership;
import io.footfall.core.Person;
import io.footfall.core.Role;
import io.footfall.core.SignedIn;
import io.footfall.core.WebSession;
import io.footfall.core.metadata.WebSessions;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Browser sessions in the table {@code web_sessions}, keyed by the SHA-256 of the cookie's id. */
final class JdbcWebSessions implements WebSessions {
  private static final String COLUMNS =
      "id_hash, person_id, csrf_token, created_at, last_seen_at, expires_at";

  private final Jdbc db;
  private final Table<WebSession> table;

  JdbcWebSessions(Jdbc db) {
    this.db = db;
    this.table = new Table<>(db, "web_sessions", COLUMNS, JdbcWebSessions::row);
  }

  @Override
  public void create(WebSession s) {
    String what = "creating a session of person " + s.personId();
    db.transaction(
        what,
        c -> {
          JdbcPeople.require(c, s.personId(), what);
          insertNew(
              c,
              what + ": the session id is taken",
              "INSERT INTO web_sessions ("
                  + COLUMNS
                  + ") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
              s.idHash(),
              s.personId(),
              s.csrfToken(),
              s.createdAt(),
              s.lastSeenAt(),
              s.expiresAt());
          return null;
        });
  }

  @Override
  public Optional<WebSession> find(String idHash) {
    return table.find("reading a session", "WHERE id_hash = ?", idHash);
  }

  @Override
  public Optional<SignedIn> signedIn(String idHash) {
    // One row per membership and restricted site; a membership without sites, or a person without
    // memberships, still has its row (NULLs from the outer joins).
    record Row(
        WebSession session,
        Person person,
        String organizationId,
        String role,
        boolean readsPeople,
        String site) {}
    List<Row> rows =
        db.run(
            "reading a session with its person",
            c ->
                query(
                    c,
                    "SELECT s.id_hash, s.person_id, s.csrf_token, s.created_at, s.last_seen_at,"
                        + " s.expires_at, p.email, p.name, p.password_hash,"
                        + " p.created_at AS person_created_at, m.organization_id, m.role,"
                        + " coalesce(m.reads_people, FALSE) AS reads_people, ms.site_id FROM web_sessions s JOIN persons p ON p.id = s.person_id"
                        + " LEFT JOIN memberships m ON m.person_id = s.person_id"
                        + " LEFT JOIN membership_sites ms ON ms.person_id = m.person_id"
                        + " AND ms.organization_id = m.organization_id"
                        + " WHERE s.id_hash = ?",
                    rs ->
                        new Row(
                            row(rs),
                            new Person(
                                rs.getString("person_id"),
                                rs.getString("email"),
                                rs.getString("name"),
                                rs.getString("password_hash"),
                                instant(rs, "person_created_at")),
                            rs.getString("organization_id"),
                            rs.getString("role"),
                            rs.getBoolean("reads_people"),
                            rs.getString("site_id")),
                    idHash));
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Role> roles = new TreeMap<>();
    Map<String, Set<String>> sites = new HashMap<>();
    Set<String> readingPeople = new HashSet<>();
    for (Row r : rows) {
      if (r.organizationId() != null) {
        roles.put(r.organizationId(), Role.valueOf(r.role()));
        if (r.readsPeople()) {
          readingPeople.add(r.organizationId());
        }
        Set<String> of = sites.computeIfAbsent(r.organizationId(), k -> new HashSet<>());
        if (r.site() != null) {
          of.add(r.site());
        }
      }
    }
    Row first = rows.get(0);
    List<Membership> memberships = new ArrayList<>();
    roles.forEach(
        (org, role) ->
            memberships.add(
                new Membership(
                    org, first.person().id(), role, sites.get(org), readingPeople.contains(org))));
    return Optional.of(new SignedIn(first.session(), first.person(), memberships));
  }

  @Override
  public boolean touch(String idHash, Instant lastSeenAt, Instant expiresAt) {
    return db.write(
            "touching a session",
            "UPDATE web_sessions SET last_seen_at = ?, expires_at = ? WHERE id_hash = ?",
            lastSeenAt,
            expiresAt,
            idHash)
        == 1;
  }

  @Override
  public boolean delete(String idHash) {
    return db.write("deleting a session", "DELETE FROM web_sessions WHERE id_hash = ?", idHash)
        == 1;
  }

  @Override
  public int deleteOf(String personId) {
    return db.write(
        "deleting the sessions of person " + personId,
        "DELETE FROM web_sessions WHERE person_id = ?",
        personId);
  }

  @Override
  public int deleteExpired(Instant now) {
    return db.write(
        "deleting expired sessions", "DELETE FROM web_sessions WHERE expires_at <= ?", now);
  }

  private static WebSession row(ResultSet rs) throws SQLException {
    return new WebSession(
        rs.getString("id_hash"),
        rs.getString("person_id"),
        rs.getString("csrf_token"),
        instant(rs, "created_at"),
        instant(rs, "last_seen_at"),
        instant(rs, "expires_at"));
  }
}
