package io.footfall.metadata.jdbc;

import static io.footfall.metadata.jdbc.Jdbc.exists;
import static io.footfall.metadata.jdbc.Jdbc.first;
import static io.footfall.metadata.jdbc.Jdbc.instant;
import static io.footfall.metadata.jdbc.Jdbc.nullableInstant;
import static io.footfall.metadata.jdbc.Jdbc.query;
import static io.footfall.metadata.jdbc.Jdbc.update;

import io.footfall.core.ApiKey;
import io.footfall.core.AuditEntry;
import io.footfall.core.EmailReport;
import io.footfall.core.Goal;
import io.footfall.core.Invitation;
import io.footfall.core.Membership;
import io.footfall.core.MetadataStore;
import io.footfall.core.Organization;
import io.footfall.core.Person;
import io.footfall.core.Role;
import io.footfall.core.SchemaMigrations;
import io.footfall.core.SharedLink;
import io.footfall.core.SignedIn;
import io.footfall.core.Site;
import io.footfall.core.SiteSecret;
import io.footfall.core.SiteSettings;
import io.footfall.core.StoreConflictException;
import io.footfall.core.StoreException;
import io.footfall.core.WebSession;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The metadata store over JDBC, in SQL that runs unchanged on DuckDB (the embedded file) and on
 * PostgreSQL (cluster mode).
 *
 * <p>Design note. Portability comes from a small dialect: {@code VARCHAR(n)}, {@code BOOLEAN},
 * {@code INTEGER}, {@code DATE}, {@code TIMESTAMP} in UTC, {@code INSERT ... ON CONFLICT DO
 * NOTHING}, {@code ORDER BY ... LIMIT ?}, and no engine-specific function. Inserts of rows with
 * unique values use {@code ON CONFLICT DO NOTHING} and read a zero row count as "taken", so a
 * conflict never aborts a PostgreSQL transaction and needs no error-message parsing; only updates
 * that change a unique column rely on recognising the engine's unique-violation error. There are no
 * foreign keys (DuckDB's cannot cascade, so deleting a tenant would need a hand-ordered delete
 * either way); every reference (site → organization, membership → person and sites, link → site,
 * goal → site) is checked in the same transaction as the write. Set-valued fields: a membership's
 * sites live in {@code membership_sites}, one row per site, changed by difference so that unchanged
 * rows are not rewritten; an API key's scopes, a small closed set, and a site's PII key names are
 * comma-separated {@code VARCHAR}s.
 *
 * <p>Scoping: every organization-owned row carries {@code organization_id}, and every scoped
 * statement has {@code organization_id = ?} in its {@code WHERE} clause.
 */
public final class JdbcMetadataStore implements MetadataStore {
  private static final SchemaMigrations MIGRATIONS =
      new SchemaMigrations(
          "metadata_migrations",
          JdbcMetadataStore.class,
          List.of(
              "V001__tenancy.sql",
              "V002__goals.sql",
              "V003__email_reports.sql",
              "V004__key_creators_and_invitations.sql",
              "V005__site_secrets.sql"));

  private static final String SITE_COLUMNS =
      "id, organization_id, name, domain, time_zone, currency, retention_days, write_key,"
          + " consent_mode, respect_dnt, respect_gpc, user_id_mode, pii_keys, created_at";
  private static final String KEY_COLUMNS =
      "id, organization_id, name, prefix, secret_hash, scopes, created_at, created_by,"
          + " last_used_at, revoked_at";
  private static final String INVITATION_COLUMNS =
      "id, organization_id, email, role, site_ids, token_hash, invited_by, created_at, expires_at";
  private static final String LINK_COLUMNS =
      "id, organization_id, site_id, token_hash, password_hash, created_at, expires_at,"
          + " revoked_at";
  private static final String GOAL_COLUMNS =
      "id, site_id, name, kind, path_pattern, event_name, property_key, property_value,"
          + " created_at";
  private static final String REPORT_COLUMNS =
      "id, site_id, frequency, recipients, next_period, created_at";
  private static final String AUDIT_COLUMNS =
      "id, organization_id, actor, action, target, network, occurred_at, details";
  private static final String SESSION_COLUMNS =
      "id_hash, person_id, csrf_token, created_at, last_seen_at, expires_at";

  private final Jdbc db;

  private JdbcMetadataStore(ConnectionSource connections) {
    this.db = new Jdbc(connections);
  }

  /**
   * Opens the store and applies pending schema migrations (recorded in {@code
   * metadata_migrations}).
   *
   * @throws StoreException if the database cannot be reached or a migration fails
   */
  public static JdbcMetadataStore open(ConnectionSource connections) {
    JdbcMetadataStore store = new JdbcMetadataStore(connections);
    store.db.run("applying metadata schema migrations", MIGRATIONS::apply);
    return store;
  }

  // ---------------------------------------------------------------- organizations

  @Override
  public void createOrganization(Organization o) {
    db.run(
        "creating organization " + o.id(),
        c -> {
          int rows =
              update(
                  c,
                  "INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?)"
                      + " ON CONFLICT DO NOTHING",
                  o.id(),
                  o.name(),
                  o.createdAt());
          if (rows == 0) {
            throw new StoreConflictException("organization " + o.id() + " already exists");
          }
          return null;
        });
  }

  @Override
  public Optional<Organization> organization(String organizationId) {
    return db.run(
        "reading organization " + organizationId,
        c ->
            first(
                c,
                "SELECT id, name, created_at FROM organizations WHERE id = ?",
                JdbcMetadataStore::organizationRow,
                organizationId));
  }

  @Override
  public boolean updateOrganization(Organization o) {
    return db.run(
        "updating organization " + o.id(),
        c -> update(c, "UPDATE organizations SET name = ? WHERE id = ?", o.name(), o.id()) == 1);
  }

  @Override
  public List<Organization> organizations() {
    return db.run(
        "listing organizations",
        c ->
            query(
                c,
                "SELECT id, name, created_at FROM organizations ORDER BY created_at, id",
                JdbcMetadataStore::organizationRow));
  }

  private static Organization organizationRow(ResultSet rs) throws SQLException {
    return new Organization(rs.getString("id"), rs.getString("name"), instant(rs, "created_at"));
  }

  private static void requireOrganization(Connection c, String organizationId, String what)
      throws SQLException {
    if (!exists(c, "SELECT id FROM organizations WHERE id = ?", organizationId)) {
      throw new StoreConflictException(
          what + ": organization " + organizationId + " does not exist");
    }
  }

  // ---------------------------------------------------------------- sites

  @Override
  public void createSite(Site site) {
    String what = "creating site " + site.id();
    db.transaction(
        what,
        c -> {
          requireOrganization(c, site.organizationId(), what);
          int rows =
              update(
                  c,
                  "INSERT INTO sites ("
                      + SITE_COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                      + " ON CONFLICT DO NOTHING",
                  site.id(),
                  site.organizationId(),
                  site.name(),
                  site.domain(),
                  site.timeZone().getId(),
                  site.currency(),
                  site.retentionDays(),
                  site.writeKey(),
                  site.settings().consentMode(),
                  site.settings().respectDnt(),
                  site.settings().respectGpc(),
                  site.settings().userIds().name(),
                  String.join(",", site.settings().piiKeys()),
                  site.createdAt());
          if (rows == 0) {
            throw new StoreConflictException(
                exists(c, "SELECT id FROM sites WHERE id = ?", site.id())
                    ? "site " + site.id() + " already exists"
                    : "write key " + site.writeKey() + " belongs to another site");
          }
          return null;
        });
  }

  @Override
  public boolean updateSite(Site site) {
    SiteSettings s = site.settings();
    try {
      return db.run(
          "updating site " + site.id(),
          c ->
              update(
                      c,
                      "UPDATE sites SET name = ?, domain = ?, time_zone = ?, currency = ?,"
                          + " retention_days = ?, write_key = ?, consent_mode = ?,"
                          + " respect_dnt = ?, respect_gpc = ?, user_id_mode = ?, pii_keys = ?"
                          + " WHERE id = ? AND organization_id = ?",
                      site.name(),
                      site.domain(),
                      site.timeZone().getId(),
                      site.currency(),
                      site.retentionDays(),
                      site.writeKey(),
                      s.consentMode(),
                      s.respectDnt(),
                      s.respectGpc(),
                      s.userIds().name(),
                      String.join(",", s.piiKeys()),
                      site.id(),
                      site.organizationId())
                  == 1);
    } catch (StoreException e) {
      if (e.getCause() instanceof SQLException sql && Jdbc.uniqueViolation(sql)) {
        throw new StoreConflictException(
            "write key " + site.writeKey() + " belongs to another site");
      }
      throw e;
    }
  }

  @Override
  public boolean deleteSite(String organizationId, String siteId) {
    return db.transaction(
        "deleting site " + siteId,
        c -> {
          if (!exists(
              c,
              "SELECT id FROM sites WHERE id = ? AND organization_id = ?",
              siteId,
              organizationId)) {
            return false;
          }
          // Members restricted to this site alone lose their membership: without the site, their
          // restriction would be empty, which reads as "every site".
          update(
              c,
              "DELETE FROM memberships WHERE organization_id = ? AND person_id IN ("
                  + "SELECT person_id FROM membership_sites WHERE organization_id = ?"
                  + " GROUP BY person_id"
                  + " HAVING count(*) = 1 AND max(site_id) = ?)",
              organizationId,
              organizationId,
              siteId);
          update(
              c,
              "DELETE FROM membership_sites WHERE organization_id = ? AND site_id = ?",
              organizationId,
              siteId);
          update(
              c,
              "DELETE FROM email_report_deliveries WHERE report_id IN ("
                  + "SELECT id FROM email_reports WHERE site_id = ? AND organization_id = ?)",
              siteId,
              organizationId);
          update(
              c,
              "DELETE FROM email_reports WHERE site_id = ? AND organization_id = ?",
              siteId,
              organizationId);
          update(
              c,
              "DELETE FROM goals WHERE site_id = ? AND organization_id = ?",
              siteId,
              organizationId);
          update(
              c,
              "DELETE FROM site_secrets WHERE site_id = ? AND organization_id = ?",
              siteId,
              organizationId);
          update(
              c,
              "DELETE FROM shared_links WHERE site_id = ? AND organization_id = ?",
              siteId,
              organizationId);
          update(c, "DELETE FROM site_salts WHERE site_id = ?", siteId);
          return update(
                  c,
                  "DELETE FROM sites WHERE id = ? AND organization_id = ?",
                  siteId,
                  organizationId)
              == 1;
        });
  }

  @Override
  public Optional<Site> site(String organizationId, String siteId) {
    return db.run(
        "reading site " + siteId,
        c ->
            first(
                c,
                "SELECT " + SITE_COLUMNS + " FROM sites WHERE id = ? AND organization_id = ?",
                JdbcMetadataStore::siteRow,
                siteId,
                organizationId));
  }

  @Override
  public List<Site> sites(String organizationId) {
    return db.run(
        "listing sites of organization " + organizationId,
        c ->
            query(
                c,
                "SELECT "
                    + SITE_COLUMNS
                    + " FROM sites WHERE organization_id = ? ORDER BY created_at, id",
                JdbcMetadataStore::siteRow,
                organizationId));
  }

  @Override
  public Optional<Site> byWriteKey(String writeKey) {
    return db.run(
        "looking up a write key",
        c ->
            first(
                c,
                "SELECT " + SITE_COLUMNS + " FROM sites WHERE write_key = ?",
                JdbcMetadataStore::siteRow,
                writeKey));
  }

  @Override
  public Optional<Site> byId(String siteId) {
    return db.run(
        "reading site " + siteId,
        c ->
            first(
                c,
                "SELECT " + SITE_COLUMNS + " FROM sites WHERE id = ?",
                JdbcMetadataStore::siteRow,
                siteId));
  }

  @Override
  public List<Site> allSites() {
    return db.run(
        "listing all sites",
        c ->
            query(
                c,
                "SELECT " + SITE_COLUMNS + " FROM sites ORDER BY created_at, id",
                JdbcMetadataStore::siteRow));
  }

  private static Site siteRow(ResultSet rs) throws SQLException {
    String keys = rs.getString("pii_keys");
    SiteSettings settings =
        new SiteSettings(
            rs.getBoolean("consent_mode"),
            rs.getBoolean("respect_dnt"),
            rs.getBoolean("respect_gpc"),
            SiteSettings.UserIdMode.valueOf(rs.getString("user_id_mode")),
            keys.isEmpty() ? List.of() : Arrays.asList(keys.split(",")));
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
        instant(rs, "created_at"));
  }

  @Override
  public byte[] salt(String siteId, LocalDate day, byte[] fresh) {
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
  public int deleteSaltsBefore(String siteId, LocalDate firstKept) {
    return db.run(
        "deleting old salts of site " + siteId,
        c -> update(c, "DELETE FROM site_salts WHERE site_id = ? AND day < ?", siteId, firstKept));
  }

  // ---------------------------------------------------------------- people

  @Override
  public void createPerson(Person p) {
    db.transaction(
        "creating person " + p.id(),
        c -> {
          int rows =
              update(
                  c,
                  "INSERT INTO persons (id, email, name, password_hash, created_at)"
                      + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                  p.id(),
                  p.email(),
                  p.name(),
                  p.passwordHash(),
                  p.createdAt());
          if (rows == 0) {
            throw new StoreConflictException(
                exists(c, "SELECT id FROM persons WHERE id = ?", p.id())
                    ? "person " + p.id() + " already exists"
                    : "e-mail address " + p.email() + " belongs to another person");
          }
          return null;
        });
  }

  @Override
  public boolean updatePerson(Person p) {
    try {
      return db.run(
          "updating person " + p.id(),
          c ->
              update(
                      c,
                      "UPDATE persons SET email = ?, name = ?, password_hash = ? WHERE id = ?",
                      p.email(),
                      p.name(),
                      p.passwordHash(),
                      p.id())
                  == 1);
    } catch (StoreException e) {
      if (e.getCause() instanceof SQLException sql && Jdbc.uniqueViolation(sql)) {
        throw new StoreConflictException(
            "e-mail address " + p.email() + " belongs to another person");
      }
      throw e;
    }
  }

  @Override
  public Optional<Person> person(String organizationId, String personId) {
    return db.run(
        "reading person " + personId,
        c ->
            first(
                c,
                "SELECT p.id, p.email, p.name, p.password_hash, p.created_at"
                    + " FROM persons p JOIN memberships m ON m.person_id = p.id"
                    + " WHERE p.id = ? AND m.organization_id = ?",
                JdbcMetadataStore::personRow,
                personId,
                organizationId));
  }

  @Override
  public Optional<Person> personByEmail(String email) {
    String normalized = Person.normalizeEmail(email);
    return db.run(
        "looking up a person by e-mail",
        c ->
            first(
                c,
                "SELECT id, email, name, password_hash, created_at FROM persons WHERE email = ?",
                JdbcMetadataStore::personRow,
                normalized));
  }

  @Override
  public Optional<Person> personById(String personId) {
    return db.run(
        "reading person " + personId,
        c ->
            first(
                c,
                "SELECT id, email, name, password_hash, created_at FROM persons WHERE id = ?",
                JdbcMetadataStore::personRow,
                personId));
  }

  private static Person personRow(ResultSet rs) throws SQLException {
    return new Person(
        rs.getString("id"),
        rs.getString("email"),
        rs.getString("name"),
        rs.getString("password_hash"),
        instant(rs, "created_at"));
  }

  // ---------------------------------------------------------------- memberships

  @Override
  public void grantMembership(Membership m) {
    String what = "granting person " + m.personId() + " a membership";
    db.transaction(
        what,
        c -> {
          requireOrganization(c, m.organizationId(), what);
          if (!exists(c, "SELECT id FROM persons WHERE id = ?", m.personId())) {
            throw new StoreConflictException(what + ": the person does not exist");
          }
          requireSitesOf(c, m);
          int rows =
              update(
                  c,
                  "INSERT INTO memberships (organization_id, person_id, role) VALUES (?, ?, ?)"
                      + " ON CONFLICT DO NOTHING",
                  m.organizationId(),
                  m.personId(),
                  m.role().name());
          if (rows == 0) {
            throw new StoreConflictException(
                "person "
                    + m.personId()
                    + " is already a member of organization "
                    + m.organizationId());
          }
          for (String siteId : m.siteIds()) {
            insertMembershipSite(c, m, siteId);
          }
          return null;
        });
  }

  @Override
  public boolean updateMembership(Membership m) {
    return db.transaction(
        "updating the membership of person " + m.personId(),
        c -> {
          int rows =
              update(
                  c,
                  "UPDATE memberships SET role = ? WHERE organization_id = ? AND person_id = ?",
                  m.role().name(),
                  m.organizationId(),
                  m.personId());
          if (rows == 0) {
            return false;
          }
          requireSitesOf(c, m);
          Set<String> current = new HashSet<>(membershipSites(c, m.organizationId(), m.personId()));
          for (String siteId : current) {
            if (!m.siteIds().contains(siteId)) {
              update(
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
              insertMembershipSite(c, m, siteId);
            }
          }
          return true;
        });
  }

  private static void requireSitesOf(Connection c, Membership m) throws SQLException {
    requireSitesOf(c, m.organizationId(), m.siteIds());
  }

  private static void requireSitesOf(Connection c, String organizationId, Set<String> siteIds)
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

  private static void insertMembershipSite(Connection c, Membership m, String siteId)
      throws SQLException {
    update(
        c,
        "INSERT INTO membership_sites (organization_id, person_id, site_id) VALUES (?, ?, ?)",
        m.organizationId(),
        m.personId(),
        siteId);
  }

  private static List<String> membershipSites(Connection c, String organizationId, String personId)
      throws SQLException {
    return query(
        c,
        "SELECT site_id FROM membership_sites WHERE organization_id = ? AND person_id = ?",
        rs -> rs.getString(1),
        organizationId,
        personId);
  }

  @Override
  public boolean revokeMembership(String organizationId, String personId) {
    return db.transaction(
        "revoking the membership of person " + personId,
        c -> {
          update(
              c,
              "DELETE FROM membership_sites WHERE organization_id = ? AND person_id = ?",
              organizationId,
              personId);
          return update(
                  c,
                  "DELETE FROM memberships WHERE organization_id = ? AND person_id = ?",
                  organizationId,
                  personId)
              == 1;
        });
  }

  @Override
  public Optional<Membership> membership(String organizationId, String personId) {
    return db.run(
        "reading the membership of person " + personId,
        c -> {
          Optional<Role> role =
              first(
                  c,
                  "SELECT role FROM memberships WHERE organization_id = ? AND person_id = ?",
                  rs -> Role.valueOf(rs.getString(1)),
                  organizationId,
                  personId);
          if (role.isEmpty()) {
            return Optional.empty();
          }
          return Optional.of(
              new Membership(
                  organizationId,
                  personId,
                  role.get(),
                  Set.copyOf(membershipSites(c, organizationId, personId))));
        });
  }

  @Override
  public List<Membership> memberships(String organizationId) {
    return db.run(
        "listing the members of organization " + organizationId,
        c ->
            memberships(
                c,
                "SELECT organization_id, person_id, role FROM memberships"
                    + " WHERE organization_id = ? ORDER BY person_id",
                "SELECT organization_id, person_id, site_id FROM membership_sites"
                    + " WHERE organization_id = ?",
                organizationId));
  }

  @Override
  public List<Membership> membershipsOf(String personId) {
    return db.run(
        "listing the memberships of person " + personId,
        c ->
            memberships(
                c,
                "SELECT organization_id, person_id, role FROM memberships"
                    + " WHERE person_id = ? ORDER BY organization_id",
                "SELECT organization_id, person_id, site_id FROM membership_sites"
                    + " WHERE person_id = ?",
                personId));
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
                sites.getOrDefault(new Key(rs.getString(1), rs.getString(2)), Set.of())),
        parameter);
  }

  // ---------------------------------------------------------------- API keys

  @Override
  public void createApiKey(ApiKey k) {
    String what = "creating API key " + k.prefix();
    db.transaction(
        what,
        c -> {
          requireOrganization(c, k.organizationId(), what);
          int rows =
              update(
                  c,
                  "INSERT INTO api_keys ("
                      + KEY_COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                  k.id(),
                  k.organizationId(),
                  k.name(),
                  k.prefix(),
                  k.secretHash(),
                  k.scopes().stream().map(Enum::name).sorted().collect(Collectors.joining(",")),
                  k.createdAt(),
                  k.createdBy(),
                  k.lastUsedAt(),
                  k.revokedAt());
          if (rows == 0) {
            throw new StoreConflictException(
                exists(c, "SELECT id FROM api_keys WHERE id = ?", k.id())
                    ? "API key " + k.id() + " already exists"
                    : "API key prefix " + k.prefix() + " is taken");
          }
          return null;
        });
  }

  @Override
  public Optional<ApiKey> apiKey(String organizationId, String keyId) {
    return db.run(
        "reading API key " + keyId,
        c ->
            first(
                c,
                "SELECT " + KEY_COLUMNS + " FROM api_keys WHERE id = ? AND organization_id = ?",
                JdbcMetadataStore::apiKeyRow,
                keyId,
                organizationId));
  }

  @Override
  public List<ApiKey> apiKeys(String organizationId) {
    return db.run(
        "listing the API keys of organization " + organizationId,
        c ->
            query(
                c,
                "SELECT "
                    + KEY_COLUMNS
                    + " FROM api_keys WHERE organization_id = ? ORDER BY created_at DESC, id DESC",
                JdbcMetadataStore::apiKeyRow,
                organizationId));
  }

  @Override
  public boolean revokeApiKey(String organizationId, String keyId, Instant at) {
    return db.run(
        "revoking API key " + keyId,
        c ->
            update(
                    c,
                    "UPDATE api_keys SET revoked_at = ?"
                        + " WHERE id = ? AND organization_id = ? AND revoked_at IS NULL",
                    at,
                    keyId,
                    organizationId)
                == 1);
  }

  @Override
  public boolean touchApiKey(String organizationId, String keyId, Instant at) {
    return db.transaction(
        "recording the use of API key " + keyId,
        c -> {
          if (!exists(
              c,
              "SELECT id FROM api_keys WHERE id = ? AND organization_id = ?",
              keyId,
              organizationId)) {
            return false;
          }
          update(
              c,
              "UPDATE api_keys SET last_used_at = ? WHERE id = ? AND organization_id = ?"
                  + " AND (last_used_at IS NULL OR last_used_at < ?)",
              at,
              keyId,
              organizationId,
              at);
          return true;
        });
  }

  @Override
  public Optional<ApiKey> apiKeyByPrefix(String prefix) {
    return db.run(
        "looking up an API key",
        c ->
            first(
                c,
                "SELECT " + KEY_COLUMNS + " FROM api_keys WHERE prefix = ?",
                JdbcMetadataStore::apiKeyRow,
                prefix));
  }

  private static ApiKey apiKeyRow(ResultSet rs) throws SQLException {
    Set<ApiKey.Scope> scopes = EnumSet.noneOf(ApiKey.Scope.class);
    for (String s : rs.getString("scopes").split(",")) {
      scopes.add(ApiKey.Scope.valueOf(s));
    }
    ApiKey key =
        new ApiKey(
            rs.getString("id"),
            rs.getString("organization_id"),
            rs.getString("name"),
            rs.getString("prefix"),
            rs.getString("secret_hash"),
            scopes,
            instant(rs, "created_at"),
            Objects.requireNonNullElse(rs.getString("created_by"), ""));
    Instant used = nullableInstant(rs, "last_used_at");
    if (used != null) {
      key = key.withLastUsedAt(used);
    }
    Instant revoked = nullableInstant(rs, "revoked_at");
    if (revoked != null) {
      key = key.withRevokedAt(revoked);
    }
    return key;
  }

  // ---------------------------------------------------------------- invitations

  @Override
  public void createInvitation(Invitation i) {
    String what = "creating invitation " + i.id();
    db.transaction(
        what,
        c -> {
          requireOrganization(c, i.organizationId(), what);
          requireSitesOf(c, i.organizationId(), i.siteIds());
          update(
              c,
              "DELETE FROM invitations WHERE organization_id = ? AND email = ?",
              i.organizationId(),
              i.email());
          int rows =
              update(
                  c,
                  "INSERT INTO invitations ("
                      + INVITATION_COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                  i.id(),
                  i.organizationId(),
                  i.email(),
                  i.role().name(),
                  String.join(",", i.siteIds().stream().sorted().toList()),
                  i.tokenHash(),
                  i.invitedBy(),
                  i.createdAt(),
                  i.expiresAt());
          if (rows == 0) {
            throw new StoreConflictException(
                exists(c, "SELECT id FROM invitations WHERE id = ?", i.id())
                    ? "invitation " + i.id() + " already exists"
                    : what + ": the token hash is taken");
          }
          return null;
        });
  }

  @Override
  public Optional<Invitation> invitation(String organizationId, String invitationId) {
    return db.run(
        "reading invitation " + invitationId,
        c ->
            first(
                c,
                "SELECT "
                    + INVITATION_COLUMNS
                    + " FROM invitations WHERE id = ? AND organization_id = ?",
                JdbcMetadataStore::invitationRow,
                invitationId,
                organizationId));
  }

  @Override
  public List<Invitation> invitations(String organizationId) {
    return db.run(
        "listing the invitations of organization " + organizationId,
        c ->
            query(
                c,
                "SELECT "
                    + INVITATION_COLUMNS
                    + " FROM invitations WHERE organization_id = ?"
                    + " ORDER BY created_at DESC, id DESC",
                JdbcMetadataStore::invitationRow,
                organizationId));
  }

  @Override
  public boolean revokeInvitation(String organizationId, String invitationId) {
    return db.run(
        "revoking invitation " + invitationId,
        c ->
            update(
                    c,
                    "DELETE FROM invitations WHERE id = ? AND organization_id = ?",
                    invitationId,
                    organizationId)
                == 1);
  }

  @Override
  public Optional<Invitation> invitationByTokenHash(String tokenHash) {
    return db.run(
        "looking up an invitation",
        c ->
            first(
                c,
                "SELECT " + INVITATION_COLUMNS + " FROM invitations WHERE token_hash = ?",
                JdbcMetadataStore::invitationRow,
                tokenHash));
  }

  @Override
  public List<Invitation> invitationsTo(String email) {
    String normalized = Person.normalizeEmail(email);
    return db.run(
        "listing the invitations to an address",
        c ->
            query(
                c,
                "SELECT "
                    + INVITATION_COLUMNS
                    + " FROM invitations WHERE email = ? ORDER BY created_at, id",
                JdbcMetadataStore::invitationRow,
                normalized));
  }

  @Override
  public boolean acceptInvitation(String organizationId, String invitationId, String personId) {
    String what = "accepting invitation " + invitationId + " for person " + personId;
    return db.transaction(
        what,
        c -> {
          Optional<Invitation> found =
              first(
                  c,
                  "SELECT "
                      + INVITATION_COLUMNS
                      + " FROM invitations WHERE id = ? AND organization_id = ?",
                  JdbcMetadataStore::invitationRow,
                  invitationId,
                  organizationId);
          if (found.isEmpty()) {
            return false;
          }
          Membership m = found.get().membershipOf(personId);
          if (!exists(c, "SELECT id FROM persons WHERE id = ?", personId)) {
            throw new StoreConflictException(what + ": the person does not exist");
          }
          // A restricted site deleted since the invitation was made must not widen the membership
          // to every site: refuse instead.
          requireSitesOf(c, m);
          int rows =
              update(
                  c,
                  "INSERT INTO memberships (organization_id, person_id, role) VALUES (?, ?, ?)"
                      + " ON CONFLICT DO NOTHING",
                  m.organizationId(),
                  m.personId(),
                  m.role().name());
          if (rows == 0) {
            throw new StoreConflictException(
                what + ": the person is already a member of organization " + organizationId);
          }
          for (String siteId : m.siteIds()) {
            insertMembershipSite(c, m, siteId);
          }
          update(c, "DELETE FROM invitations WHERE id = ?", invitationId);
          return true;
        });
  }

  @Override
  public int deleteExpiredInvitations(Instant now) {
    return db.run(
        "deleting expired invitations",
        c -> update(c, "DELETE FROM invitations WHERE expires_at <= ?", now));
  }

  private static Invitation invitationRow(ResultSet rs) throws SQLException {
    String sites = rs.getString("site_ids");
    return new Invitation(
        rs.getString("id"),
        rs.getString("organization_id"),
        rs.getString("email"),
        Role.valueOf(rs.getString("role")),
        sites.isEmpty() ? Set.of() : Set.of(sites.split(",")),
        rs.getString("token_hash"),
        rs.getString("invited_by"),
        instant(rs, "created_at"),
        instant(rs, "expires_at"));
  }

  // ---------------------------------------------------------------- shared links

  @Override
  public void createSharedLink(SharedLink l) {
    db.transaction(
        "creating shared link " + l.id(),
        c -> {
          if (!exists(
              c,
              "SELECT id FROM sites WHERE id = ? AND organization_id = ?",
              l.siteId(),
              l.organizationId())) {
            throw new StoreConflictException(
                "site " + l.siteId() + " is not a site of organization " + l.organizationId());
          }
          int rows =
              update(
                  c,
                  "INSERT INTO shared_links ("
                      + LINK_COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                  l.id(),
                  l.organizationId(),
                  l.siteId(),
                  l.tokenHash(),
                  l.passwordHash(),
                  l.createdAt(),
                  l.expiresAt(),
                  l.revokedAt());
          if (rows == 0) {
            throw new StoreConflictException(
                exists(c, "SELECT id FROM shared_links WHERE id = ?", l.id())
                    ? "shared link " + l.id() + " already exists"
                    : "the token hash of shared link " + l.id() + " is taken");
          }
          return null;
        });
  }

  @Override
  public Optional<SharedLink> sharedLink(String organizationId, String linkId) {
    return db.run(
        "reading shared link " + linkId,
        c ->
            first(
                c,
                "SELECT "
                    + LINK_COLUMNS
                    + " FROM shared_links WHERE id = ? AND organization_id = ?",
                JdbcMetadataStore::sharedLinkRow,
                linkId,
                organizationId));
  }

  @Override
  public List<SharedLink> sharedLinks(String organizationId) {
    return db.run(
        "listing the shared links of organization " + organizationId,
        c ->
            query(
                c,
                "SELECT "
                    + LINK_COLUMNS
                    + " FROM shared_links WHERE organization_id = ?"
                    + " ORDER BY created_at DESC, id DESC",
                JdbcMetadataStore::sharedLinkRow,
                organizationId));
  }

  @Override
  public boolean revokeSharedLink(String organizationId, String linkId, Instant at) {
    return db.run(
        "revoking shared link " + linkId,
        c ->
            update(
                    c,
                    "UPDATE shared_links SET revoked_at = ?"
                        + " WHERE id = ? AND organization_id = ? AND revoked_at IS NULL",
                    at,
                    linkId,
                    organizationId)
                == 1);
  }

  @Override
  public Optional<SharedLink> sharedLinkByTokenHash(String tokenHash) {
    return db.run(
        "looking up a shared link",
        c ->
            first(
                c,
                "SELECT " + LINK_COLUMNS + " FROM shared_links WHERE token_hash = ?",
                JdbcMetadataStore::sharedLinkRow,
                tokenHash));
  }

  private static SharedLink sharedLinkRow(ResultSet rs) throws SQLException {
    SharedLink link =
        new SharedLink(
            rs.getString("id"),
            rs.getString("organization_id"),
            rs.getString("site_id"),
            rs.getString("token_hash"),
            rs.getString("password_hash"),
            instant(rs, "created_at"));
    Instant expires = nullableInstant(rs, "expires_at");
    if (expires != null) {
      link = link.withExpiresAt(expires);
    }
    Instant revoked = nullableInstant(rs, "revoked_at");
    if (revoked != null) {
      link = link.withRevokedAt(revoked);
    }
    return link;
  }

  // ---------------------------------------------------------------- site secret keys

  private static final String SECRET_COLUMNS =
      "site_id, organization_id, prefix, secret_hash, created_at";

  @Override
  public void putSiteSecret(SiteSecret secret) {
    db.transaction(
        "storing the secret key of site " + secret.siteId(),
        c -> {
          if (!exists(
              c,
              "SELECT id FROM sites WHERE id = ? AND organization_id = ?",
              secret.siteId(),
              secret.organizationId())) {
            throw new StoreConflictException(
                "site "
                    + secret.siteId()
                    + " is not a site of organization "
                    + secret.organizationId());
          }
          if (exists(
              c,
              "SELECT site_id FROM site_secrets WHERE prefix = ? AND site_id <> ?",
              secret.prefix(),
              secret.siteId())) {
            throw new StoreConflictException(
                "the prefix " + secret.prefix() + " is taken by another site's secret key");
          }
          // Delete, then insert: portable on both engines, and one transaction, so there is never
          // a moment with two keys or none.
          update(c, "DELETE FROM site_secrets WHERE site_id = ?", secret.siteId());
          update(
              c,
              "INSERT INTO site_secrets (" + SECRET_COLUMNS + ") VALUES (?, ?, ?, ?, ?)",
              secret.siteId(),
              secret.organizationId(),
              secret.prefix(),
              secret.secretHash(),
              secret.createdAt());
          return null;
        });
  }

  @Override
  public Optional<SiteSecret> siteSecret(String organizationId, String siteId) {
    return db.run(
        "reading the secret key of site " + siteId,
        c ->
            first(
                c,
                "SELECT "
                    + SECRET_COLUMNS
                    + " FROM site_secrets WHERE site_id = ? AND organization_id = ?",
                JdbcMetadataStore::siteSecretRow,
                siteId,
                organizationId));
  }

  @Override
  public Optional<SiteSecret> siteSecretByPrefix(String prefix) {
    return db.run(
        "looking up a site secret key",
        c ->
            first(
                c,
                "SELECT " + SECRET_COLUMNS + " FROM site_secrets WHERE prefix = ?",
                JdbcMetadataStore::siteSecretRow,
                prefix));
  }

  private static SiteSecret siteSecretRow(ResultSet rs) throws SQLException {
    return new SiteSecret(
        rs.getString("site_id"),
        rs.getString("organization_id"),
        rs.getString("prefix"),
        rs.getString("secret_hash"),
        instant(rs, "created_at"));
  }

  // ---------------------------------------------------------------- goals

  @Override
  public void createGoal(Goal g) {
    String what = "creating goal " + g.id() + " of site " + g.siteId();
    db.transaction(
        what,
        c -> {
          // A goal names only its site; it belongs to the organization that owns the site.
          String organizationId =
              first(
                      c,
                      "SELECT organization_id FROM sites WHERE id = ?",
                      rs -> rs.getString(1),
                      g.siteId())
                  .orElseThrow(
                      () -> new StoreConflictException(what + ": the site does not exist"));
          int rows =
              update(
                  c,
                  "INSERT INTO goals (organization_id, "
                      + GOAL_COLUMNS
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
          if (rows == 0) {
            throw new StoreConflictException(
                exists(c, "SELECT id FROM goals WHERE id = ?", g.id())
                    ? "goal " + g.id() + " already exists"
                    : "site " + g.siteId() + " already has a goal named '" + g.name() + "'");
          }
          return null;
        });
  }

  @Override
  public List<Goal> goals(String organizationId, String siteId) {
    return db.run(
        "listing the goals of site " + siteId,
        c ->
            query(
                c,
                "SELECT "
                    + GOAL_COLUMNS
                    + " FROM goals WHERE site_id = ? AND organization_id = ?"
                    + " ORDER BY created_at, id",
                JdbcMetadataStore::goalRow,
                siteId,
                organizationId));
  }

  @Override
  public Optional<Goal> goal(String organizationId, String siteId, String goalId) {
    return db.run(
        "reading goal " + goalId + " of site " + siteId,
        c ->
            first(
                c,
                "SELECT "
                    + GOAL_COLUMNS
                    + " FROM goals WHERE id = ? AND site_id = ? AND organization_id = ?",
                JdbcMetadataStore::goalRow,
                goalId,
                siteId,
                organizationId));
  }

  @Override
  public boolean deleteGoal(String organizationId, String siteId, String goalId) {
    return db.run(
        "deleting goal " + goalId + " of site " + siteId,
        c ->
            update(
                    c,
                    "DELETE FROM goals WHERE id = ? AND site_id = ? AND organization_id = ?",
                    goalId,
                    siteId,
                    organizationId)
                == 1);
  }

  private static Goal goalRow(ResultSet rs) throws SQLException {
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

  // ---------------------------------------------------------------- email reports

  @Override
  public void createEmailReport(EmailReport r) {
    String what = "creating email report " + r.id() + " of site " + r.siteId();
    db.transaction(
        what,
        c -> {
          // Like a goal, a report names only its site and joins the site's organization.
          String organizationId =
              first(
                      c,
                      "SELECT organization_id FROM sites WHERE id = ?",
                      rs -> rs.getString(1),
                      r.siteId())
                  .orElseThrow(
                      () -> new StoreConflictException(what + ": the site does not exist"));
          int rows =
              update(
                  c,
                  "INSERT INTO email_reports (organization_id, "
                      + REPORT_COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                  organizationId,
                  r.id(),
                  r.siteId(),
                  r.frequency().name(),
                  String.join(",", r.recipients()),
                  r.nextPeriod(),
                  r.createdAt());
          if (rows == 0) {
            throw new StoreConflictException("email report " + r.id() + " already exists");
          }
          return null;
        });
  }

  @Override
  public List<EmailReport> emailReports(String organizationId, String siteId) {
    return db.run(
        "listing the email reports of site " + siteId,
        c ->
            query(
                c,
                "SELECT "
                    + REPORT_COLUMNS
                    + " FROM email_reports WHERE site_id = ? AND organization_id = ?"
                    + " ORDER BY created_at, id",
                JdbcMetadataStore::reportRow,
                siteId,
                organizationId));
  }

  @Override
  public Optional<EmailReport> emailReport(String organizationId, String siteId, String reportId) {
    return db.run(
        "reading email report " + reportId + " of site " + siteId,
        c ->
            first(
                c,
                "SELECT "
                    + REPORT_COLUMNS
                    + " FROM email_reports WHERE id = ? AND site_id = ? AND organization_id = ?",
                JdbcMetadataStore::reportRow,
                reportId,
                siteId,
                organizationId));
  }

  @Override
  public boolean deleteEmailReport(String organizationId, String siteId, String reportId) {
    return db.transaction(
        "deleting email report " + reportId + " of site " + siteId,
        c -> {
          boolean deleted =
              update(
                      c,
                      "DELETE FROM email_reports WHERE id = ? AND site_id = ?"
                          + " AND organization_id = ?",
                      reportId,
                      siteId,
                      organizationId)
                  == 1;
          if (deleted) {
            update(c, "DELETE FROM email_report_deliveries WHERE report_id = ?", reportId);
          }
          return deleted;
        });
  }

  @Override
  public List<EmailReport> allEmailReports() {
    return db.run(
        "listing all email reports",
        c ->
            query(
                c,
                "SELECT " + REPORT_COLUMNS + " FROM email_reports ORDER BY created_at, id",
                JdbcMetadataStore::reportRow));
  }

  @Override
  public boolean advanceEmailReport(String reportId, LocalDate from, LocalDate to) {
    return db.transaction(
        "moving email report " + reportId + " from the period of " + from + " to " + to,
        c -> {
          boolean moved =
              update(
                      c,
                      "UPDATE email_reports SET next_period = ? WHERE id = ? AND next_period = ?",
                      to,
                      reportId,
                      from)
                  == 1;
          if (moved) {
            update(
                c,
                "DELETE FROM email_report_deliveries WHERE report_id = ? AND period = ?",
                reportId,
                from);
          }
          return moved;
        });
  }

  @Override
  public boolean recordEmailDelivery(
      String reportId, LocalDate period, String recipient, Instant sentAt) {
    return db.run(
        "recording the delivery of email report " + reportId + " for " + period,
        c ->
            update(
                    c,
                    "INSERT INTO email_report_deliveries (report_id, period, recipient, sent_at)"
                        + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    reportId,
                    period,
                    recipient,
                    sentAt)
                == 1);
  }

  @Override
  public Set<String> emailDeliveries(String reportId, LocalDate period) {
    return db.run(
        "reading the deliveries of email report " + reportId + " for " + period,
        c ->
            new HashSet<>(
                query(
                    c,
                    "SELECT recipient FROM email_report_deliveries"
                        + " WHERE report_id = ? AND period = ?",
                    rs -> rs.getString(1),
                    reportId,
                    period)));
  }

  private static EmailReport reportRow(ResultSet rs) throws SQLException {
    return new EmailReport(
        rs.getString("id"),
        rs.getString("site_id"),
        EmailReport.Frequency.valueOf(rs.getString("frequency")),
        Arrays.asList(rs.getString("recipients").split(",")),
        rs.getObject("next_period", LocalDate.class),
        instant(rs, "created_at"));
  }

  // ---------------------------------------------------------------- audit log

  @Override
  public void appendAudit(AuditEntry e) {
    db.run(
        "appending audit entry " + e.id(),
        c -> {
          int rows =
              update(
                  c,
                  "INSERT INTO audit_log ("
                      + AUDIT_COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                  e.id(),
                  e.organizationId(),
                  e.actor(),
                  e.action(),
                  e.target(),
                  e.network(),
                  e.at(),
                  e.detailsJson());
          if (rows == 0) {
            throw new StoreConflictException("audit entry " + e.id() + " already exists");
          }
          return null;
        });
  }

  @Override
  public List<AuditEntry> audit(String organizationId, int limit) {
    checkLimit(limit);
    return db.run(
        "reading the audit log of organization " + organizationId,
        c ->
            query(
                c,
                "SELECT "
                    + AUDIT_COLUMNS
                    + " FROM audit_log WHERE organization_id = ?"
                    + " ORDER BY occurred_at DESC, id DESC LIMIT ?",
                JdbcMetadataStore::auditRow,
                organizationId,
                limit));
  }

  @Override
  public List<AuditEntry> auditBefore(String organizationId, AuditEntry.Cursor before, int limit) {
    checkLimit(limit);
    return db.run(
        "reading the audit log of organization " + organizationId,
        c ->
            query(
                c,
                "SELECT "
                    + AUDIT_COLUMNS
                    + " FROM audit_log WHERE organization_id = ?"
                    + " AND (occurred_at < ? OR (occurred_at = ? AND id < ?))"
                    + " ORDER BY occurred_at DESC, id DESC LIMIT ?",
                JdbcMetadataStore::auditRow,
                organizationId,
                before.at(),
                before.at(),
                before.id(),
                limit));
  }

  private static void checkLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
  }

  @Override
  public int deleteAuditOlderThan(Instant cutoff) {
    return db.run(
        "deleting audit entries older than " + cutoff,
        c -> update(c, "DELETE FROM audit_log WHERE occurred_at < ?", cutoff));
  }

  private static AuditEntry auditRow(ResultSet rs) throws SQLException {
    return new AuditEntry(
        rs.getString("id"),
        rs.getString("organization_id"),
        rs.getString("actor"),
        rs.getString("action"),
        rs.getString("target"),
        rs.getString("network"),
        instant(rs, "occurred_at"),
        rs.getString("details"));
  }

  // ---------------------------------------------------------------- sessions

  @Override
  public void createSession(WebSession s) {
    String what = "creating a session of person " + s.personId();
    db.transaction(
        what,
        c -> {
          if (!exists(c, "SELECT id FROM persons WHERE id = ?", s.personId())) {
            throw new StoreConflictException(what + ": the person does not exist");
          }
          int rows =
              update(
                  c,
                  "INSERT INTO web_sessions ("
                      + SESSION_COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                  s.idHash(),
                  s.personId(),
                  s.csrfToken(),
                  s.createdAt(),
                  s.lastSeenAt(),
                  s.expiresAt());
          if (rows == 0) {
            throw new StoreConflictException(what + ": the session id is taken");
          }
          return null;
        });
  }

  @Override
  public Optional<WebSession> session(String idHash) {
    return db.run(
        "reading a session",
        c ->
            first(
                c,
                "SELECT " + SESSION_COLUMNS + " FROM web_sessions WHERE id_hash = ?",
                JdbcMetadataStore::sessionRow,
                idHash));
  }

  private static WebSession sessionRow(ResultSet rs) throws SQLException {
    return new WebSession(
        rs.getString("id_hash"),
        rs.getString("person_id"),
        rs.getString("csrf_token"),
        instant(rs, "created_at"),
        instant(rs, "last_seen_at"),
        instant(rs, "expires_at"));
  }

  @Override
  public Optional<SignedIn> signedIn(String idHash) {
    // One row per membership and restricted site; a membership without sites, or a person without
    // memberships, still has its row (NULLs from the outer joins).
    record Row(
        WebSession session, Person person, String organizationId, String role, String site) {}
    List<Row> rows =
        db.run(
            "reading a session with its person",
            c ->
                query(
                    c,
                    "SELECT s.id_hash, s.person_id, s.csrf_token, s.created_at, s.last_seen_at,"
                        + " s.expires_at, p.email, p.name, p.password_hash,"
                        + " p.created_at AS person_created_at, m.organization_id, m.role,"
                        + " ms.site_id FROM web_sessions s JOIN persons p ON p.id = s.person_id"
                        + " LEFT JOIN memberships m ON m.person_id = s.person_id"
                        + " LEFT JOIN membership_sites ms ON ms.person_id = m.person_id"
                        + " AND ms.organization_id = m.organization_id"
                        + " WHERE s.id_hash = ?",
                    rs ->
                        new Row(
                            sessionRow(rs),
                            new Person(
                                rs.getString("person_id"),
                                rs.getString("email"),
                                rs.getString("name"),
                                rs.getString("password_hash"),
                                instant(rs, "person_created_at")),
                            rs.getString("organization_id"),
                            rs.getString("role"),
                            rs.getString("site_id")),
                    idHash));
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Role> roles = new java.util.TreeMap<>();
    Map<String, Set<String>> sites = new HashMap<>();
    for (Row r : rows) {
      if (r.organizationId() != null) {
        roles.put(r.organizationId(), Role.valueOf(r.role()));
        Set<String> of = sites.computeIfAbsent(r.organizationId(), k -> new HashSet<>());
        if (r.site() != null) {
          of.add(r.site());
        }
      }
    }
    Row first = rows.get(0);
    List<Membership> memberships = new java.util.ArrayList<>();
    roles.forEach(
        (org, role) ->
            memberships.add(new Membership(org, first.person().id(), role, sites.get(org))));
    return Optional.of(new SignedIn(first.session(), first.person(), memberships));
  }

  @Override
  public boolean touchSession(String idHash, Instant lastSeenAt, Instant expiresAt) {
    return db.run(
        "touching a session",
        c ->
            update(
                    c,
                    "UPDATE web_sessions SET last_seen_at = ?, expires_at = ? WHERE id_hash = ?",
                    lastSeenAt,
                    expiresAt,
                    idHash)
                == 1);
  }

  @Override
  public boolean deleteSession(String idHash) {
    return db.run(
        "deleting a session",
        c -> update(c, "DELETE FROM web_sessions WHERE id_hash = ?", idHash) == 1);
  }

  @Override
  public int deleteSessionsOf(String personId) {
    return db.run(
        "deleting the sessions of person " + personId,
        c -> update(c, "DELETE FROM web_sessions WHERE person_id = ?", personId));
  }

  @Override
  public int deleteExpiredSessions(Instant now) {
    return db.run(
        "deleting expired sessions",
        c -> update(c, "DELETE FROM web_sessions WHERE expires_at <= ?", now));
  }
}
