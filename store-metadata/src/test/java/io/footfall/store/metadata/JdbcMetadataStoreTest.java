package io.footfall.store.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.core.MetadataStore;
import io.footfall.core.MetadataStoreContract;
import io.footfall.core.SchemaMigrations;
import io.footfall.core.StoreException;
import io.footfall.core.TestEvents;
import io.footfall.core.TestTenants;
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
    store.createOrganization(TestTenants.organization("o_keep"));
    store.createSite(TestEvents.site("o_keep", "s_keep", "wk_keep"));

    MetadataStore reopened = JdbcMetadataStore.open(database);

    assertThat(reopened.sites("o_keep"))
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
              "V005__site_secrets.sql");
      for (int version = 1; version <= scripts.size(); version++) {
        assertThat(rs.next()).as("version " + version).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(version);
        assertThat(rs.getString(2)).isEqualTo(scripts.get(version - 1));
      }
      assertThat(rs.next()).as("one row per script, however often the store opens").isFalse();
    }
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

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
