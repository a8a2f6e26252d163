package io.footfall.metadata.jdbc;

import static io.footfall.metadata.jdbc.Jdbc.exists;
import static io.footfall.metadata.jdbc.Jdbc.first;
import static io.footfall.metadata.jdbc.Jdbc.insertNew;
import static io.footfall.metadata.jdbc.Jdbc.instant;

import io.footfall.core.Person;
import io.footfall.core.StoreConflictException;
import io.footfall.core.metadata.People;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** People in the table {@code persons}; e-mail addresses are stored lower-cased and unique. */
final class JdbcPeople implements People {
  private final Jdbc db;
  private final Table<Person> table;

  JdbcPeople(Jdbc db) {
    this.db = db;
    this.table =
        new Table<>(db, "persons", "id, email, name, password_hash, created_at", JdbcPeople::row);
  }

  @Override
  public void create(Person p) {
    db.transaction(
        "creating person " + p.id(),
        c -> {
          insertNew(
              c,
              tx ->
                  exists(tx, "SELECT id FROM persons WHERE id = ?", p.id())
                      ? "person " + p.id() + " already exists"
                      : "e-mail address " + p.email() + " belongs to another person",
              "INSERT INTO persons (id, email, name, password_hash, created_at)"
                  + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
              p.id(),
              p.email(),
              p.name(),
              p.passwordHash(),
              p.createdAt());
          return null;
        });
  }

  @Override
  public boolean update(Person p) {
    return db.runUnique(
        "updating person " + p.id(),
        "e-mail address " + p.email() + " belongs to another person",
        c ->
            Jdbc.update(
                    c,
                    "UPDATE persons SET email = ?, name = ?, password_hash = ? WHERE id = ?",
                    p.email(),
                    p.name(),
                    p.passwordHash(),
                    p.id())
                == 1);
  }

  @Override
  public Optional<Person> find(String organizationId, String personId) {
    return db.run(
        "reading person " + personId,
        c ->
            first(
                c,
                "SELECT p.id, p.email, p.name, p.password_hash, p.created_at"
                    + " FROM persons p JOIN memberships m ON m.person_id = p.id"
                    + " WHERE p.id = ? AND m.organization_id = ?",
                JdbcPeople::row,
                personId,
                organizationId));
  }

  @Override
  public Optional<Person> byEmail(String email) {
    String normalized = Person.normalizeEmail(email);
    return table.find("looking up a person by e-mail", "WHERE email = ?", normalized);
  }

  @Override
  public Optional<Person> byId(String personId) {
    return table.find("reading person " + personId, "WHERE id = ?", personId);
  }

  /** Refuses a write that names a person who does not exist. */
  static void require(Connection c, String personId, String what) throws SQLException {
    if (!exists(c, "SELECT id FROM persons WHERE id = ?", personId)) {
      throw new StoreConflictException(what + ": the person does not exist");
    }
  }

  private static Person row(ResultSet rs) throws SQLException {
    return new Person(
        rs.getString("id"),
        rs.getString("email"),
        rs.getString("name"),
        rs.getString("password_hash"),
        instant(rs, "created_at"));
  }
}
