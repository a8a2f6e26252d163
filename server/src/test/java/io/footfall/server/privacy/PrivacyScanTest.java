package io.footfall.server.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.server.FootfallConfig;
import io.footfall.server.TestServer;
import io.footfall.server.net.Cidr;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Sends traffic full of raw IPs and email addresses, then looks for them everywhere Footfall keeps
 * data: every text column of every table, and the bytes of every file in the data directory (the
 * database file and its write-ahead log included). On the embedded store here; {@code
 * ClickHousePrivacyScanTest} runs the same with the events on ClickHouse, scanning its tables and
 * its data directory too.
 */
class PrivacyScanTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String BROWSER =
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)"
          + " Version/17.5 Safari/605.1.15";

  @Test
  void noRawIpOrEmailReachesStorage() throws Exception {
    Random random = new Random(7);
    List<String> ips = new ArrayList<>();
    List<String> emails = new ArrayList<>();
    try (TestServer server =
        startServer(c -> c.trustedProxies(List.of(Cidr.parse("127.0.0.1/32"))))) {
      TestServer.SiteKeys site = server.createSite("Private", "private.example", "Europe/Paris");
      for (int i = 0; i < 60; i++) {
        String ip = publicIpv4(random);
        String email = "person" + i + "." + random.nextInt(100_000) + "@mail" + i + ".example.org";
        ips.add(ip);
        emails.add(email);
        ObjectNode e = JSON.createObjectNode();
        e.put("event", i % 3 == 0 ? "signup" : "pageview");
        e.put("id", "evt-" + i);
        e.putObject("actor").put("user_id", email);
        e.putObject("context")
            .put("url", "https://private.example/welcome?email=" + email + "&utm_source=news")
            .put("referrer", "https://mail.example.net/read?to=" + email)
            .put("title", "Welcome " + email);
        e.putObject("properties")
            .put("contact", email)
            .put("email", email)
            .put("note", "call me at +49 30 1234567 or write to " + email)
            .put("client_ip", ip)
            .put("plan", "pro");
        // Person properties are scrubbed as event properties are.
        ObjectNode person = e.putObject("user_properties");
        person.putObject("$set").put("contact", email).put("plan", "pro");
        person
            .putObject("$set_once")
            .put("email", email)
            .put("note", "write to " + email + " or call +49 30 1234567");
        String forwarded = i % 2 == 0 ? ip : ip + ", 127.0.0.1";
        TestServer.Response r =
            server.post(
                "/api/track",
                e.toString(),
                Map.of(
                    "X-Footfall-Site", site.writeKey(),
                    "User-Agent", BROWSER,
                    "X-Forwarded-For", forwarded));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
      }
      // Identify calls: the user id is keyed-hashed, the traits scrubbed.
      for (int i = 0; i < 10; i++) {
        ObjectNode identify = JSON.createObjectNode();
        identify.put("user_id", emails.get(i));
        identify
            .putObject("traits")
            .put("email", emails.get(i))
            .put("name", "Person " + i)
            .put("contact", emails.get(i))
            .put("phone", "+49 30 1234567");
        TestServer.Response r =
            server.post(
                "/api/identify",
                identify.toString(),
                Map.of("X-Footfall-Site", site.writeKey(), "User-Agent", BROWSER));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
      }
      // Server-side calls forward their visitors' IPs in the body.
      for (int i = 0; i < 20; i++) {
        String ip = publicIpv6(random);
        ips.add(ip);
        ObjectNode e = JSON.createObjectNode();
        e.put("event", "purchase");
        e.putObject("context").put("ip", ip).put("user_agent", BROWSER);
        TestServer.Response r =
            server.post(
                "/api/track",
                e.toString(),
                Map.of(
                    "X-Footfall-Site",
                    site.writeKey(),
                    "Authorization",
                    "Bearer " + server.adminToken()));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
      }
      assertThat(server.counts(site.id()).events()).isEqualTo(80);
      assertThat(server.events(site.id()).get(0).client().network()).endsWith("/24");

      List<String> stored = storedTexts(server);
      assertThat(stored).isNotEmpty();
      for (String value : stored) {
        for (String ip : ips) {
          assertThat(value).doesNotContain(ip);
        }
        for (String email : emails) {
          assertThat(value).doesNotContain(email);
        }
        assertThat(value).doesNotContain("1234567");
      }
    }
  }

  @Test
  void noRawIpOrEmailInTheDataDirectoryFiles() throws Exception {
    Random random = new Random(11);
    List<String> secrets = new ArrayList<>();
    try (TestServer server =
        startServer(c -> c.trustedProxies(List.of(Cidr.parse("127.0.0.1/32"))))) {
      TestServer.SiteKeys site = server.createSite("Files", "files.example", "UTC");
      for (int i = 0; i < 40; i++) {
        String ip = publicIpv4(random);
        String email = "reader" + i + "@inbox" + random.nextInt(1000) + ".example.com";
        secrets.add(ip);
        secrets.add(email);
        ObjectNode e = JSON.createObjectNode();
        e.put("event", "pageview");
        e.putObject("context").put("url", "https://files.example/?e=" + email);
        e.putObject("properties").put("mail", email).put("ip", ip);
        server.post(
            "/api/track",
            e.toString(),
            Map.of(
                "X-Footfall-Site", site.writeKey(), "User-Agent", BROWSER, "X-Forwarded-For", ip));
      }
      assertThat(server.counts(site.id()).events()).isEqualTo(40);
      // Scan while the server runs (the write-ahead log holds the newest rows) ...
      for (Path dir : storageDirectories(server)) {
        assertNoSecretsIn(dir, secrets);
      }
      try (Connection c = server.metadataDatabase();
          Statement st = c.createStatement()) {
        st.execute("CHECKPOINT");
      }
      // ... and after a checkpoint moved them into the database file.
      for (Path dir : storageDirectories(server)) {
        assertNoSecretsIn(dir, secrets);
      }
    }
  }

  /** The server under test; the embedded store here. */
  TestServer startServer(UnaryOperator<FootfallConfig.Builder> adjust) {
    return TestServer.start(adjust);
  }

  /** The directories where the server's data ends up: its data directory here. */
  List<Path> storageDirectories(TestServer server) {
    return List.of(server.dataDir());
  }

  /**
   * Every value of every text column of every table in the embedded database, as {@code
   * table.column=value}: the events and the metadata on the embedded store.
   */
  List<String> storedTexts(TestServer server) throws SQLException {
    List<String> stored = new ArrayList<>();
    try (Connection c = server.metadataDatabase();
        Statement st = c.createStatement();
        ResultSet tables =
            st.executeQuery(
                "SELECT table_name, column_name FROM information_schema.columns"
                    + " WHERE data_type = 'VARCHAR'")) {
      List<String[]> columns = new ArrayList<>();
      while (tables.next()) {
        columns.add(new String[] {tables.getString(1), tables.getString(2)});
      }
      assertThat(columns).hasSizeGreaterThan(30);
      for (String[] col : columns) {
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT \"" + col[1] + "\" FROM \"" + col[0] + "\"")) {
          while (rs.next()) {
            String v = rs.getString(1);
            if (v != null) {
              stored.add(col[0] + "." + col[1] + "=" + v);
            }
          }
        }
      }
    }
    return stored;
  }

  static void assertNoSecretsIn(Path dir, List<String> secrets) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).isNotEmpty();
    for (Path f : files) {
      String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
      for (String s : secrets) {
        assertThat(bytes.contains(s)).as("%s found in %s", s, f).isFalse();
      }
    }
  }

  /** A random address outside private, loopback and reserved ranges, never ending in .0. */
  static String publicIpv4(Random r) {
    while (true) {
      int a = 1 + r.nextInt(223);
      if (a == 10 || a == 127 || a == 100 || a == 169 || a == 172 || a == 192 || a == 198) {
        continue;
      }
      return a + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + (100 + r.nextInt(155));
    }
  }

  static String publicIpv6(Random r) {
    return String.format(
        "2a0%x:%x:%x:%x:%x:%x:%x:%x",
        1 + r.nextInt(9),
        0x1000 + r.nextInt(0xefff),
        0x1000 + r.nextInt(0xefff),
        0x1000 + r.nextInt(0xefff),
        0x1000 + r.nextInt(0xefff),
        0x1000 + r.nextInt(0xefff),
        0x1000 + r.nextInt(0xefff),
        0x1000 + r.nextInt(0xefff));
  }
}
