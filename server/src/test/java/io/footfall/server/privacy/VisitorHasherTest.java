package io.footfall.server.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.core.MutableClock;
import io.footfall.core.Organization;
import io.footfall.core.Site;
import io.footfall.core.SiteSettings;
import io.footfall.core.metadata.MetadataStore;
import io.footfall.metadata.jdbc.JdbcMetadataStore;
import io.footfall.store.duckdb.DuckDbStore;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VisitorHasherTest {
  static final String UA = "Mozilla/5.0 Firefox/128.0";
  @TempDir Path dir;
  DuckDbStore store;
  MetadataStore metadata;
  MutableClock clock;
  VisitorHasher hasher;
  Site tokyo;
  InetAddress ip;

  @BeforeEach
  void setUp() throws Exception {
    store = DuckDbStore.open(dir.resolve("f.duckdb"));
    metadata = JdbcMetadataStore.open(store::connection);
    // 2026-03-01T14:59:00Z is 23:59 in Tokyo.
    clock = new MutableClock(Instant.parse("2026-03-01T14:59:00Z"));
    hasher = new VisitorHasher(metadata.sites(), metadata.salts(), clock, new byte[32]);
    metadata.organizations().create(new Organization("o_1", "Org", clock.instant()));
    tokyo =
        new Site(
            "s_tokyo",
            "o_1",
            "Tokyo",
            "tokyo.example",
            ZoneId.of("Asia/Tokyo"),
            Site.DEFAULT_CURRENCY,
            Site.DEFAULT_RETENTION_DAYS,
            "wk_tokyo",
            SiteSettings.DEFAULTS,
            clock.instant());
    metadata.sites().create(tokyo);
    ip = InetAddress.getByName("203.0.113.7");
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  @Test
  void keepsTheSameIdWithinADayAndTellsVisitorsApart() throws Exception {
    VisitorHasher.DailyIds a = hasher.daily(tokyo, ip, UA);
    clock.advance(Duration.ofSeconds(30));
    assertThat(hasher.daily(tokyo, ip, UA)).isEqualTo(a);
    assertThat(hasher.daily(tokyo, InetAddress.getByName("203.0.113.8"), UA).today())
        .isNotEqualTo(a.today());
    assertThat(hasher.daily(tokyo, ip, UA + " ").today()).isNotEqualTo(a.today());
  }

  @Test
  void rotatesSaltAtMidnightInSiteTimezone() {
    VisitorHasher.DailyIds before = hasher.daily(tokyo, ip, UA);
    clock.advance(Duration.ofMinutes(2)); // 00:01 in Tokyo, still 1 March in UTC
    VisitorHasher.DailyIds after = hasher.daily(tokyo, ip, UA);

    assertThat(after.today()).isNotEqualTo(before.today());
    assertThat(after.yesterday()).isEqualTo(before.today());
  }

  @Test
  void deletesSaltsOnceTheyAreTwoDaysOld() {
    hasher.daily(tokyo, ip, UA); // creates salts for 1 March and 28 February (Tokyo)
    clock.advance(Duration.ofDays(1)); // 2 March 23:59 Tokyo
    hasher.daily(tokyo, ip, UA);

    assertThat(hasher.deleteExpiredSalts()).isEqualTo(1); // 28 February
    clock.advance(Duration.ofMinutes(2)); // 3 March 00:01: 1 March is now two days old
    assertThat(hasher.deleteExpiredSalts()).isEqualTo(1);
    assertThat(metadata.salts().deleteBefore("s_tokyo", LocalDate.of(2026, 3, 2))).isZero();
  }

  @Test
  void saltsSurviveARestartWithinTheDay() {
    long first = hasher.daily(tokyo, ip, UA).today();
    VisitorHasher restarted =
        new VisitorHasher(metadata.sites(), metadata.salts(), clock, new byte[32]);
    assertThat(restarted.daily(tokyo, ip, UA).today()).isEqualTo(first);
  }

  @Test
  void theMetadataKeepsSaltsSealedWithTheInstallationKey() throws Exception {
    long id = hasher.daily(tokyo, ip, UA).today();
    String stored;
    try (var c = store.connection();
        var st = c.createStatement();
        var rs =
            st.executeQuery(
                "SELECT salt FROM site_salts WHERE site_id = 's_tokyo' ORDER BY day DESC LIMIT 1")) {
      assertThat(rs.next()).isTrue();
      stored = rs.getString(1);
    }
    byte[] sealed = java.util.Base64.getUrlDecoder().decode(stored);
    assertThat(sealed).hasSize(40);
    byte[] salt = new io.footfall.server.access.MetadataSecrets(new byte[32]).unwrap(sealed);
    assertThat(salt).hasSize(32);
    // Another installation key cannot open it: the hasher says so rather than count wrongly.
    VisitorHasher other =
        new VisitorHasher(
            metadata.sites(),
            metadata.salts(),
            clock,
            new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> other.daily(tokyo, ip, UA))
        .hasMessageContaining("installation.key");
    // A salt stored plain before salts were sealed is still used until it expires.
    try (var c = store.connection();
        var st = c.createStatement()) {
      st.execute("UPDATE site_salts SET salt = '" + java.util.HexFormat.of().formatHex(salt) + "'");
    }
    VisitorHasher restarted =
        new VisitorHasher(metadata.sites(), metadata.salts(), clock, new byte[32]);
    assertThat(restarted.daily(tokyo, ip, UA).today()).isEqualTo(id);
  }

  @Test
  void persistentIdsAndPseudonymsDependOnTheInstallationKey() {
    byte[] otherKey = new byte[32];
    otherKey[0] = 1;
    VisitorHasher other = new VisitorHasher(metadata.sites(), metadata.salts(), clock, otherKey);

    assertThat(hasher.persistent(tokyo, "user", "u1"))
        .isEqualTo(hasher.persistent(tokyo, "user", "u1"));
    assertThat(hasher.persistent(tokyo, "user", "u1"))
        .isNotEqualTo(other.persistent(tokyo, "user", "u1"));
    assertThat(hasher.pseudonym(tokyo, "alice@example.com")).hasSize(16).doesNotContain("alice");
  }
}
