package io.footfall.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.core.EventStoreContract;
import io.footfall.core.TestEvents;
import io.footfall.core.WriteBatch;
import io.footfall.core.query.Metric;
import io.footfall.core.query.Report;
import io.footfall.core.query.ReportQuery;
import io.footfall.query.sql.CompiledQuery;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbStoreTest extends EventStoreContract<DuckDbStore> {
  @TempDir Path dir;

  @Override
  protected DuckDbStore openStore() {
    return DuckDbStore.open(dir.resolve("footfall.duckdb"));
  }

  @Test
  void deletingASiteLeavesNoRowOfItInAnyTableRollupsIncluded() throws Exception {
    Instant at = Instant.parse("2026-03-01T10:00:00Z");
    List<io.footfall.core.Event> events = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      events.add(TestEvents.pageview(i % 2 == 0 ? "s1" : "s2", at.plusSeconds(i * 977L), i, i));
    }
    List<io.footfall.core.people.PersonUpdate> people = new ArrayList<>();
    for (String site : List.of("s1", "s2")) {
      people.add(
          new io.footfall.core.people.PersonUpdate(
              site,
              "u1",
              at,
              "p_" + site,
              1,
              List.of(io.footfall.core.people.PropertyChange.set("plan", "\"pro\""))));
    }
    store.write(
        new WriteBatch(
            events,
            List.of(
                new WriteBatch.CounterDelta("s1", java.time.LocalDate.of(2026, 3, 1), 1, 1, 1),
                new WriteBatch.CounterDelta("s2", java.time.LocalDate.of(2026, 3, 1), 1, 1, 1)),
            people));
    java.util.Map<String, Rollups.SiteSettings> sites = new java.util.HashMap<>();
    for (String site : List.of("s1", "s2")) {
      sites.put(site, new Rollups.SiteSettings(java.time.ZoneId.of("Europe/Berlin"), "EUR"));
    }
    store.refreshRollups(sites);
    // New events after the build leave marks for the next one.
    store.write(new WriteBatch(List.of(TestEvents.pageview("s1", at, 999, 999)), List.of()));

    List<String> tables = new ArrayList<>();
    try (Connection c = store.connection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT DISTINCT table_name FROM information_schema.columns"
                    + " WHERE column_name = 'site_id' ORDER BY table_name")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    assertThat(tables)
        .as("every table with a site column is one that deleteSite empties")
        .containsExactlyInAnyOrderElementsOf(DuckDbStore.SITE_TABLES);
    assertThat(rowsOf("rollup_days", "s1")).isPositive();

    store.deleteSite("s1");

    for (String table : tables) {
      assertThat(rowsOf(table, "s1")).as(table).isZero();
    }
    for (String table :
        List.of(
            "events",
            "ingest_counters",
            "rollup_days",
            "rollup_sites",
            "person_properties",
            "person_links")) {
      assertThat(rowsOf(table, "s2")).as(table + " of the other site").isPositive();
    }
    // The next build brings back nothing of the deleted site.
    sites.remove("s1");
    store.refreshRollups(sites);
    for (String table : tables) {
      assertThat(rowsOf(table, "s1")).as(table + " after a build").isZero();
    }
  }

  private long rowsOf(String table, String siteId) throws Exception {
    try (Connection c = store.connection();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM " + table + " WHERE site_id = ?")) {
      ps.setString(1, siteId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Test
  void keepsEventsAndSchemaAcrossReopen() {
    Instant at = Instant.parse("2026-03-01T10:00:00Z");
    store.write(new WriteBatch(List.of(TestEvents.pageview("s1", at, 1, 1)), List.of()));
    store.close();

    store = openStore();
    assertThat(store.events("s1")).hasSize(1);
  }

  @Test
  void leavesRoomForTheJavaHeapInDuckDbsMemoryLimit() throws Exception {
    long physical =
        ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
            .getTotalMemorySize();
    long limit = DuckDbStore.memoryLimitMiB();
    assertThat(limit << 20).isLessThan(physical - Runtime.getRuntime().maxMemory());
    assertThat(limit)
        .as("half the heap, at least 96 MiB")
        .isEqualTo(Math.max(96, Runtime.getRuntime().maxMemory() / (1 << 20) / 2));
    try (Connection c = store.connection()) {
      // Shown in GiB with one decimal above 1 GiB: up to 0.05 GiB (51.2 MiB) off.
      assertThat(shownMemoryLimitMiB(c))
          .isCloseTo(limit, org.assertj.core.data.Offset.offset(52.0));
    }
  }

  @Test
  void takesAConfiguredMemoryLimit(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    try (DuckDbStore limited = DuckDbStore.open(dir.resolve("limited.duckdb"), 200);
        Connection c = limited.connection()) {
      assertThat(shownMemoryLimitMiB(c))
          .isCloseTo(200, org.assertj.core.data.Percentage.withPercentage(1));
    }
  }

  /** DuckDB shows the limit in its own units (e.g. "8.9 GiB"); this is it in MiB. */
  private static double shownMemoryLimitMiB(Connection c) throws Exception {
    try (Statement st = c.createStatement();
        java.sql.ResultSet rs =
            st.executeQuery("SELECT value FROM duckdb_settings() WHERE name = 'memory_limit'")) {
      rs.next();
      String shown = rs.getString(1);
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("([0-9.]+) ?(MiB|GiB|TiB)").matcher(shown);
      assertThat(m.find()).as(shown).isTrue();
      return Double.parseDouble(m.group(1))
          * switch (m.group(2)) {
            case "GiB" -> 1024;
            case "TiB" -> 1024 * 1024;
            default -> 1;
          };
    }
  }

  @Test
  void recordsItsMigrationsInItsOwnTableAndLeavesMetadataToOthers() throws Exception {
    try (Connection c = store.connection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT table_name FROM information_schema.tables ORDER BY table_name")) {
      List<String> tables = new ArrayList<>();
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
      assertThat(tables)
          .containsExactly(
              "compaction_due",
              "event_migrations",
              "events",
              "ingest_counters",
              "person_links",
              "person_properties",
              "raw_horizons",
              "rollup_days",
              "rollup_dirty",
              "rollup_part_values",
              "rollup_parts",
              "rollup_periods",
              "rollup_sites",
              "rollup_staging");
    }
  }

  @Test
  void aPooledConnectionComesBackCleanAndKeepsItsPreparedStatements() throws Exception {
    try (Connection c = store.connection();
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE pool_probe (n INTEGER)");
    }
    // Left with a transaction open: the pool rolls it back and restores auto-commit.
    Connection left = store.connection();
    left.setAutoCommit(false);
    try (Statement st = left.createStatement()) {
      st.execute("INSERT INTO pool_probe VALUES (1)");
    }
    left.close();
    for (int i = 0; i < 3; i++) {
      try (Connection c = store.connection()) {
        assertThat(c.getAutoCommit()).isTrue();
        try (java.sql.PreparedStatement ps =
                c.prepareStatement("SELECT count(*) FROM pool_probe WHERE n >= ?");
            Statement st = c.createStatement()) {
          ps.setInt(1, 0);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            assertThat(rs.getLong(1)).as("the abandoned insert was rolled back").isEqualTo(i);
          }
          // A statement prepared earlier sees the table as it is now, columns added included.
          st.execute("INSERT INTO pool_probe VALUES (" + i + ")");
        }
      }
    }
    try (Connection c = store.connection();
        Statement st = c.createStatement()) {
      st.execute("ALTER TABLE pool_probe ADD COLUMN m INTEGER DEFAULT 7");
    }
    try (Connection c = store.connection();
        java.sql.PreparedStatement ps = c.prepareStatement("SELECT * FROM pool_probe LIMIT 1");
        ResultSet rs = ps.executeQuery()) {
      assertThat(rs.getMetaData().getColumnCount()).isEqualTo(2);
    }
  }

  @Test
  void keepsWritingAcrossIdleCheckpoints() {
    Instant at = Instant.parse("2026-03-01T10:00:00Z");
    store.write(new WriteBatch(List.of(TestEvents.pageview("s1", at, 1, 1)), List.of()));
    store.idle();
    store.write(new WriteBatch(List.of(TestEvents.pageview("s1", at, 2, 2)), List.of()));
    store.idle();

    assertThat(store.events("s1")).hasSize(2);
  }

  @Test
  void readsDuckDbSizes() {
    assertThat(DuckDbStore.walBytes("0 bytes")).isZero();
    assertThat(DuckDbStore.walBytes("512 bytes")).isEqualTo(512);
    assertThat(DuckDbStore.walBytes("1.5 KiB")).isEqualTo(1536);
    assertThat(DuckDbStore.walBytes("12.0 MiB")).isEqualTo(12L << 20);
    assertThat(DuckDbStore.walBytes("2 GiB")).isEqualTo(2L << 30);
  }

  @Test
  void queryCompilerGivesTheStatementThatReportRuns() throws Exception {
    Instant at = Instant.parse("2026-03-01T10:00:00Z");
    store.write(
        new WriteBatch(
            List.of(
                TestEvents.pageview("s1", at, 1, 1),
                TestEvents.pageview("s1", at.plusSeconds(60), 1, 1),
                TestEvents.pageview("s1", at, 2, 2)),
            List.of()));
    ReportQuery query =
        new ReportQuery(
            "s1",
            ZoneOffset.UTC,
            at.minusSeconds(3600),
            at.plusSeconds(3600),
            "EUR",
            List.of(Metric.of(Metric.Kind.VISITORS), Metric.of(Metric.Kind.PAGEVIEWS)),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            10,
            0);

    CompiledQuery sql = DuckDbStore.queryCompiler().compile(query);
    List<Object[]> rows = new ArrayList<>();
    try (Connection c = store.connection();
        PreparedStatement ps = c.prepareStatement(sql.sql())) {
      for (int i = 0; i < sql.parameters().size(); i++) {
        ps.setObject(i + 1, sql.parameters().get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          Object[] row = new Object[n];
          for (int i = 0; i < n; i++) {
            row[i] = rs.getObject(i + 1);
          }
          rows.add(row);
        }
      }
    }

    Report direct = DuckDbStore.queryCompiler().assemble(query, rows);
    assertThat(direct).isEqualTo(store.report(query));
    assertThat(direct.rows().get(0).metrics()).containsExactly(2L, 3L);
  }
}
