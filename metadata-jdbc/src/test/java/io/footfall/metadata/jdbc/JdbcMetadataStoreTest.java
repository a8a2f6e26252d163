package io.footfall.metadata.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.core.SchemaMigrations;
import io.footfall.core.StoreException;
import io.footfall.core.TestEvents;
import io.footfall.core.TestTenants;
import io.footfall.core.metadata.MetadataStore;
import io.footfall.core.metadata.MetadataStoreContract;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The metadata contract plus what is particular to the JDBC store, on one engine per subclass. */
abstract class JdbcMetadataStoreTest extends MetadataStoreContract {
  private ConnectionSource database;

  /** A new, empty database (or schema) of the engine under test. */
  protected abstract ConnectionSource emptyDatabase();

  @Override
  protected MetadataStore openStore() {
    database = emptyDatabase();
    return JdbcMetadataStore.open(database);
  }

  @Test
  void keepsDataAndAppliesEachMigrationOnceAcrossReopens() throws SQLException {
    store.organizations().create(TestTenants.organization("o_keep"));
    store.sites().create(TestEvents.site("o_keep", "s_keep", "wk_keep"));

    MetadataStore reopened = JdbcMetadataStore.open(database);

    assertThat(reopened.sites().list("o_keep"))
        .containsExactly(TestEvents.site("o_keep", "s_keep", "wk_keep"));
    try (Connection c = database.open();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT version, script FROM metadata_migrations ORDER BY version")) {
      List<String> scripts =
          List.of(
              "V001__tenancy.sql",
              "V002__goals.sql",
              "V003__email_reports.sql",
              "V004__key_creators_and_invitations.sql",
              "V005__site_secrets.sql",
              "V006__viewer_people_grant.sql",
              "V007__cohorts.sql",
              "V008__insights.sql",
              "V009__data_requests.sql",
              "V010__aggregate_retention.sql",
              "V011__consent_level.sql",
              "V012__event_catalogue.sql",
              "V013__validation.sql");
      for (int version = 1; version <= scripts.size(); version++) {
        assertThat(rs.next()).as("version " + version).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(version);
        assertThat(rs.getString(2)).isEqualTo(scripts.get(version - 1));
      }
      assertThat(rs.next()).as("one row per script, however often the store opens").isFalse();
    }
  }

  /**
   * Keys made before the store recorded who made them: the upgrade takes the maker from the audit
   * log, so that an admin's old admin key is bounded by the admin like a new one (issue 14).
   */
  @Test
  void upgradeRecordsWhoMadeEarlierKeysFromTheAuditLog() throws SQLException {
    ConnectionSource old = emptyDatabase();
    SchemaMigrations upToV003 =
        new SchemaMigrations(
            "metadata_migrations",
            JdbcMetadataStore.class,
            List.of("V001__tenancy.sql", "V002__goals.sql", "V003__email_reports.sql"));
    try (Connection c = old.open()) {
      upToV003.apply(c);
      try (Statement st = c.createStatement()) {
        st.execute(
            "INSERT INTO organizations VALUES ('o_1', 'One', TIMESTAMP '2026-01-01 00:00:00')");
        for (String k : List.of("k_person", "k_boot", "k_forgotten")) {
          st.execute(
              "INSERT INTO api_keys (id, organization_id, name, prefix, secret_hash, scopes,"
                  + " created_at) VALUES ('"
                  + k
                  + "', 'o_1', 'n', 'ff_"
                  + k.substring(2)
                  + "', '"
                  + "0".repeat(64)
                  + "', 'ADMIN', TIMESTAMP '2026-01-01 00:00:00')");
        }
        st.execute(
            "INSERT INTO audit_log VALUES ('a_1', 'o_1', 'person:p_admin', 'apikey.create',"
                + " 'k_person', '', TIMESTAMP '2026-01-01 00:00:00', '{}')");
        st.execute(
            "INSERT INTO audit_log VALUES ('a_2', 'o_1', 'bootstrap', 'apikey.create',"
                + " 'k_boot', '', TIMESTAMP '2026-01-01 00:00:00', '{}')");
      }
    }

    MetadataStore upgraded = JdbcMetadataStore.open(old);

    assertThat(upgraded.apiKeys().find("o_1", "k_person").orElseThrow().createdBy())
        .isEqualTo("p_admin");
    assertThat(upgraded.apiKeys().find("o_1", "k_boot").orElseThrow().createdBy()).isEmpty();
    assertThat(upgraded.apiKeys().find("o_1", "k_forgotten").orElseThrow().createdBy()).isEmpty();
  }

  @Test
  void rollsBackAFailedMigrationWithoutRecordingItAndRefusesANewerSchema() throws SQLException {
    SchemaMigrations trial =
        new SchemaMigrations(
            "trial_migrations", getClass(), List.of("T001__good.sql", "T002__broken.sql"));
    try (Connection c = database.open()) {
      assertThatThrownBy(() -> trial.apply(c))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("trial_migrations/T002__broken.sql")
          .hasMessageContaining("no_such_table");

      assertThat(count(c, "SELECT count(*) FROM trial_one")).isZero();
      assertThatThrownBy(() -> count(c, "SELECT count(*) FROM trial_two"))
          .as("the failed script's first statement is rolled back with it")
          .isInstanceOf(SQLException.class);
      assertThat(count(c, "SELECT max(version) FROM trial_migrations")).isEqualTo(1);

      SchemaMigrations older = new SchemaMigrations("trial_migrations", getClass(), List.of());
      assertThatThrownBy(() -> older.apply(c))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("newer Footfall");
    }
  }

  @Test
  void leavesNoRowOfADeletedSiteInAnyTableThatNamesSites() throws SQLException {
    store.organizations().create(TestTenants.organization("o_a"));
    for (String site : List.of("s_keep", "s_gone")) {
      store.sites().create(TestEvents.site("o_a", site, "wk_" + site));
      store.salts().forDay(site, java.time.LocalDate.of(2026, 3, 1), new byte[] {1});
      store.goals().create(TestTenants.pageviewGoal(site, "g_" + site, "Goal", "/x"));
      store
          .cohorts()
          .create(
              new io.footfall.core.Cohort(
                  "c_" + site, site, "Buyers", "{}", TestTenants.T0, TestTenants.T0));
      store.sharedLinks().create(TestTenants.sharedLink("o_a", "l_" + site, site));
      store.secretKeys().put(TestTenants.siteSecret("o_a", site, "sk_" + site, TestTenants.T0));
      store.insights().create(TestTenants.funnelInsight(site, "i_" + site, "Signup"));
      store
          .eventQuality()
          .add(
              List.of(
                  new io.footfall.core.metadata.EventQuality.Count(
                      site, java.time.LocalDate.of(2026, 1, 1), "signup", "missing", "plan", 1)));
      store
          .eventDefinitions()
          .put(
              "o_a",
              new io.footfall.core.EventDefinition(
                  site,
                  "signup",
                  "",
                  "",
                  List.of(),
                  io.footfall.core.EventDefinition.Status.EXPECTED,
                  List.of(
                      new io.footfall.core.EventDefinition.PropertySchema(
                          "plan",
                          io.footfall.core.EventDefinition.PropertySchema.Type.STRING,
                          true,
                          List.of(),
                          null,
                          null)),
                  TestTenants.T0,
                  TestTenants.T0));
      store
          .dataRequests()
          .append(
              new io.footfall.core.DataRequest(
                  "dr_" + site,
                  "o_a",
                  site,
                  io.footfall.core.DataRequest.Kind.ERASURE,
                  "0123456789abcdef",
                  "bootstrap",
                  TestTenants.T0,
                  io.footfall.core.DataRequest.Status.RECEIVED,
                  java.util.Optional.empty(),
                  0,
                  0,
                  0,
                  ""));
      store
          .reportSchedules()
          .create(
              TestTenants.weeklyReport(
                  site, "r_" + site, List.of("ada@example.org"), TestTenants.T0));
      store.people().create(TestTenants.person("p_" + site, site + "@example.com"));
      store
          .members()
          .grant(
              new io.footfall.core.Membership(
                  "o_a", "p_" + site, io.footfall.core.Role.VIEWER, java.util.Set.of(site)));
    }

    assertThat(store.deleteSite("o_a", "s_gone")).isTrue();

    // Every table with a site column, found in the catalog: a table added later is checked too.
    try (Connection c = database.open()) {
      List<String> tables = new java.util.ArrayList<>();
      try (Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT DISTINCT table_name FROM information_schema.columns"
                      + " WHERE column_name = 'site_id' AND table_schema = current_schema()"
                      + " ORDER BY table_name")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      assertThat(tables)
          .contains(
              "site_salts",
              "goals",
              "cohorts",
              "shared_links",
              "membership_sites",
              "site_secrets",
              "site_salts",
              "goals",
              "insights",
              "event_definitions",
              "event_property_schemas",
              "event_quality",
              "shared_links",
              "membership_sites",
              "site_secrets");
      for (String table : tables) {
        assertThat(count(c, "SELECT count(*) FROM " + table + " WHERE site_id = 's_gone'"))
            .as(table)
            .isZero();
        assertThat(count(c, "SELECT count(*) FROM " + table + " WHERE site_id = 's_keep'"))
            .as(table + " keeps the other site")
            .isPositive();
      }
      assertThat(count(c, "SELECT count(*) FROM sites WHERE id = 's_gone'")).isZero();
    }
  }

  @Test
  void deletingAnOrganizationLeavesNoRowOfItAndKeepsTheOtherAndSharedAccounts()
      throws SQLException {
    for (String org : List.of("o_gone", "o_keep")) {
      store.organizations().create(TestTenants.organization(org));
      String site = "s_" + org;
      store.sites().create(TestEvents.site(org, site, "wk_" + site));
      store.goals().create(TestTenants.pageviewGoal(site, "g_" + site, "Goal", "/x"));
      store.sharedLinks().create(TestTenants.sharedLink(org, "l_" + org, site));
      store
          .apiKeys()
          .create(
              TestTenants.apiKey(
                  org,
                  "k_" + org,
                  "ff_" + org,
                  java.util.Set.of(io.footfall.core.ApiKey.Scope.READ_STATS)));
      store.auditLog().append(TestTenants.audit(org, "a_" + org, TestTenants.T0));
      store.people().create(TestTenants.person("p_" + org, org + "@example.com"));
      store
          .members()
          .grant(
              new io.footfall.core.Membership(
                  org, "p_" + org, io.footfall.core.Role.OWNER, java.util.Set.of()));
      store
          .sessions()
          .create(TestTenants.session("h_" + org, "p_" + org, java.time.Duration.ofDays(1)));
    }
    // A person in both organizations keeps their account.
    store.people().create(TestTenants.person("p_both", "both@example.com"));
    for (String org : List.of("o_gone", "o_keep")) {
      store
          .members()
          .grant(
              new io.footfall.core.Membership(
                  org, "p_both", io.footfall.core.Role.ADMIN, java.util.Set.of()));
    }

    assertThat(store.deleteOrganization("o_gone")).isTrue();
    assertThat(store.deleteOrganization("o_gone")).isFalse();

    try (Connection c = database.open()) {
      List<String> tables = new java.util.ArrayList<>();
      try (Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT DISTINCT table_name FROM information_schema.columns"
                      + " WHERE column_name = 'organization_id'"
                      + " AND table_schema = current_schema() ORDER BY table_name")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      assertThat(tables).contains("sites", "memberships", "api_keys", "audit_log", "goals");
      for (String table : tables) {
        assertThat(count(c, "SELECT count(*) FROM " + table + " WHERE organization_id = 'o_gone'"))
            .as(table)
            .isZero();
      }
      assertThat(count(c, "SELECT count(*) FROM organizations WHERE id = 'o_gone'")).isZero();
      assertThat(count(c, "SELECT count(*) FROM persons WHERE id = 'p_o_gone'")).isZero();
      assertThat(count(c, "SELECT count(*) FROM web_sessions WHERE person_id = 'p_o_gone'"))
          .isZero();
      assertThat(count(c, "SELECT count(*) FROM persons WHERE id IN ('p_both', 'p_o_keep')"))
          .isEqualTo(2);
      assertThat(count(c, "SELECT count(*) FROM sites WHERE organization_id = 'o_keep'"))
          .isEqualTo(1);
      assertThat(count(c, "SELECT count(*) FROM api_keys WHERE organization_id = 'o_keep'"))
          .isEqualTo(1);
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
