package io.footfall.metadata.jdbc;

import static io.footfall.metadata.jdbc.Jdbc.first;
import static io.footfall.metadata.jdbc.Jdbc.query;

import io.footfall.core.Membership;
import io.footfall.core.Role;
import io.footfall.core.StoreConflictException;
import io.footfall.core.metadata.Members;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Memberships in the table {@code memberships}, their site restrictions in {@code
 * membership_sites}, one row per site (no length limit for a seller with many products), changed by
 * difference so that unchanged rows are not rewritten. An empty restriction means every site.
 */
final class JdbcMembers implements Members {
  private final Jdbc db;

  JdbcMembers(Jdbc db) {
    this.db = db;
  }

  @Override
  public void grant(Membership m) {
    String what = "granting person " + m.personId() + " a membership";
    db.transaction(
        what,
        c -> {
          JdbcOrganizations.require(c, m.organizationId(), what);
          JdbcPeople.require(c, m.personId(), what);
          requireOwnSites(c, m.organizationId(), m.siteIds());
          if (!insert(c, m)) {
            throw new StoreConflictException(
                "person "
                    + m.personId()
                    + " is already a member of organization "
                    + m.organizationId());
          }
          return null;
        });
  }

  @Override
  public boolean update(Membership m) {
    return db.transaction(
        "updating the membership of person " + m.personId(),
        c -> {
          int rows =
              Jdbc.update(
                  c,
                  "UPDATE memberships SET role = ?, reads_people = ?"
                      + " WHERE organization_id = ? AND person_id = ?",
                  m.role().name(),
                  m.readsPeople(),
                  m.organizationId(),
                  m.personId());
          if (rows == 0) {
            return false;
          }
          requireOwnSites(c, m.organizationId(), m.siteIds());
          Set<String> current = new HashSet<>(sitesOf(c, m.organizationId(), m.personId()));
          for (String siteId : current) {
            if (!m.siteIds().contains(siteId)) {
              Jdbc.update(
                  c,
                  "DELETE FROM membership_sites"
                      + " WHERE organization_id = ? AND person_id = ? AND site_id = ?",
                  m.organizationId(),
                  m.personId(),
                  siteId);
            }
          }
          for (String siteId : m.siteIds()) {
            if (!current.contains(siteId)) {
              insertSite(c, m, siteId);
            }
          }
          return true;
        });
  }

  @Override
  public boolean revoke(String organizationId, String personId) {
    return db.transaction(
        "revoking the membership of person " + personId,
        c -> {
          Jdbc.update(
              c,
              "DELETE FROM membership_sites WHERE organization_id = ? AND person_id = ?",
              organizationId,
              personId);
          return Jdbc.update(
                  c,
                  "DELETE FROM memberships WHERE organization_id = ? AND person_id = ?",
                  organizationId,
                  personId)
              == 1;
        });
  }

  @Override
  public Optional<Membership> find(String organizationId, String personId) {
    return db.run(
        "reading the membership of person " + personId,
        c -> {
          record Row(Role role, boolean readsPeople) {}
          Optional<Row> row =
              first(
                  c,
                  "SELECT role, coalesce(reads_people, FALSE) FROM memberships"
                      + " WHERE organization_id = ? AND person_id = ?",
                  rs -> new Row(Role.valueOf(rs.getString(1)), rs.getBoolean(2)),
                  organizationId,
                  personId);
          if (row.isEmpty()) {
            return Optional.empty();
          }
          return Optional.of(
              new Membership(
                  organizationId,
                  personId,
                  row.get().role(),
                  Set.copyOf(sitesOf(c, organizationId, personId)),
                  row.get().readsPeople()));
        });
  }

  @Override
  public List<Membership> list(String organizationId) {
    return db.run(
        "listing the members of organization " + organizationId,
        c ->
            memberships(
                c,
                "SELECT organization_id, person_id, role, coalesce(reads_people, FALSE)"
                    + " FROM memberships"
                    + " WHERE organization_id = ? ORDER BY person_id",
                "SELECT organization_id, person_id, site_id FROM membership_sites"
                    + " WHERE organization_id = ?",
                organizationId));
  }

  @Override
  public List<Membership> ofPerson(String personId) {
    return db.run(
        "listing the memberships of person " + personId,
        c ->
            memberships(
                c,
                "SELECT organization_id, person_id, role, coalesce(reads_people, FALSE)"
                    + " FROM memberships"
                    + " WHERE person_id = ? ORDER BY organization_id",
                "SELECT organization_id, person_id, site_id FROM membership_sites"
                    + " WHERE person_id = ?",
                personId));
  }

  /**
   * Refuses a site restriction that names a site the organization does not have, in the write's
   * transaction: for a new or changed membership, and for an invitation when it is made and again
   * when it is accepted (a site deleted since must not widen the membership to every site).
   */
  static void requireOwnSites(Connection c, String organizationId, Set<String> siteIds)
      throws SQLException {
    if (siteIds.isEmpty()) {
      return;
    }
    Set<String> own =
        new HashSet<>(
            query(
                c,
                "SELECT id FROM sites WHERE organization_id = ?",
                rs -> rs.getString(1),
                organizationId));
    List<String> foreign = siteIds.stream().filter(id -> !own.contains(id)).sorted().toList();
    if (!foreign.isEmpty()) {
      throw new StoreConflictException(
          "sites "
              + foreign
              + " are not sites of organization "
              + organizationId
              + "; a membership can only be restricted to the organization's own sites");
    }
  }

  /**
   * Inserts the membership with its sites, whose references the caller has checked.
   *
   * @return {@code false} if the person is already a member (nothing is written)
   */
  static boolean insert(Connection c, Membership m) throws SQLException {
    int rows =
        Jdbc.update(
            c,
            "INSERT INTO memberships (organization_id, person_id, role, reads_people)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            m.organizationId(),
            m.personId(),
            m.role().name(),
            m.readsPeople());
    if (rows == 0) {
      return false;
    }
    for (String siteId : m.siteIds()) {
      insertSite(c, m, siteId);
    }
    return true;
  }

  /**
   * Takes a deleted site out of every restriction. Members restricted to this site alone lose their
   * membership: without the site, their restriction would be empty, which reads as "every site".
   */
  static void removeSite(Connection c, String organizationId, String siteId) throws SQLException {
    Jdbc.update(
        c,
        "DELETE FROM memberships WHERE organization_id = ? AND person_id IN ("
            + "SELECT person_id FROM membership_sites WHERE organization_id = ?"
            + " GROUP BY person_id"
            + " HAVING count(*) = 1 AND max(site_id) = ?)",
        organizationId,
        organizationId,
        siteId);
    Jdbc.update(
        c,
        "DELETE FROM membership_sites WHERE organization_id = ? AND site_id = ?",
        organizationId,
        siteId);
  }

  private static void insertSite(Connection c, Membership m, String siteId) throws SQLException {
    Jdbc.update(
        c,
        "INSERT INTO membership_sites (organization_id, person_id, site_id) VALUES (?, ?, ?)",
        m.organizationId(),
        m.personId(),
        siteId);
  }

  private static List<String> sitesOf(Connection c, String organizationId, String personId)
      throws SQLException {
    return query(
        c,
        "SELECT site_id FROM membership_sites WHERE organization_id = ? AND person_id = ?",
        rs -> rs.getString(1),
        organizationId,
        personId);
  }

  /** Memberships from two queries sharing one parameter: the rows, then their sites. */
  private static List<Membership> memberships(
      Connection c, String membershipSql, String sitesSql, String parameter) throws SQLException {
    record Key(String organizationId, String personId) {}
    Map<Key, Set<String>> sites = new HashMap<>();
    for (String[] row :
        query(
            c,
            sitesSql,
            rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)},
            parameter)) {
      sites.computeIfAbsent(new Key(row[0], row[1]), k -> new HashSet<>()).add(row[2]);
    }
    return query(
        c,
        membershipSql,
        rs ->
            new Membership(
                rs.getString(1),
                rs.getString(2),
                Role.valueOf(rs.getString(3)),
                sites.getOrDefault(new Key(rs.getString(1), rs.getString(2)), Set.of()),
                rs.getBoolean(4)),
        parameter);
  }
}
