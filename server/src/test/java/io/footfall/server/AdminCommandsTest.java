package io.footfall.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The administration commands on a stopped server's data directory: {@code footfall admin
 * retention} deletes events past a site's retention and compacts the file; {@code footfall admin
 * delete-organization} refuses without {@code --yes}, then deletes the organization with all its
 * data, and no byte of its site's domain or events is left in the data directory.
 */
class AdminCommandsTest {
  static final String UA = "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36";

  @Test
  void retentionAndOrganizationDeletionFromTheCommandLine() throws Exception {
    String marker = "doomed-marker-7q2";
    TestServer server = TestServer.start();
    Path dir = server.dataDir();
    String org;
    try {
      org = run(server, marker);
    } catch (Exception | AssertionError e) {
      server.close();
      throw e;
    }
    try {
      commands(dir, org, marker);
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Makes a site with events 5 days old on a 2-day retention, stops the server; its org. */
  private static String run(TestServer server, String marker) throws Exception {
    String org;
    {
      Map<String, String> admin = Map.of("Authorization", "Bearer " + server.adminToken());
      TestServer.SiteKeys site = server.createSite("Doomed", "doomed-shop.example", "UTC");
      org =
          server.get("/api/admin/sites/" + site.id(), admin).json().get("organization_id").asText();
      server.patchSite(site.id(), "{\"retention_days\":2}");
      StringBuilder batch = new StringBuilder("{\"batch\":[");
      Instant now = Instant.now();
      for (int i = 0; i < 6; i++) {
        batch
            .append(i == 0 ? "" : ",")
            .append("{\"event\":\"pageview\",\"timestamp\":\"")
            .append(now.minusSeconds(86_400L * (i < 3 ? 5 : 0) + i))
            .append("\",\"context\":{\"url\":\"https://doomed-shop.example/")
            .append(marker)
            .append("\"}}");
      }
      batch.append("]}");
      TestServer.Response r =
          server.post(
              "/api/track",
              batch.toString(),
              Map.of("User-Agent", UA, "X-Footfall-Site", site.writeKey()));
      assertThat(r.status()).as(r.body()).isEqualTo(202);
      assertThat(server.events(site.id())).hasSize(6);
      // Stopped with the events of 5 days ago still stored (the job at start ran before them).
      server.server().close();
    }
    return org;
  }

  private static void commands(Path dir, String org, String marker) throws Exception {
    String[] data = {"--data-dir", dir.toString()};
    assertThat(new CommandLine(new Footfall()).execute(concat("admin", "retention", data)))
        .isZero();
    try (io.footfall.server.stores.Stores stores =
        io.footfall.server.stores.Stores.open(
            FootfallConfig.fromEnvironment(Map.of()).stores().withDataDir(dir),
            java.time.Clock.systemUTC())) {
      String site = stores.metadata().sites().list(org).getFirst().id();
      assertThat(stores.events().counts(site).events()).as("the old three deleted").isEqualTo(3);
    }
    assertThat(
            new CommandLine(new Footfall())
                .execute(concat("admin", "delete-organization", data, "--id", org)))
        .as("without --yes")
        .isEqualTo(2);
    assertThat(
            new CommandLine(new Footfall())
                .execute(concat("admin", "delete-organization", data, "--id", org, "--yes")))
        .isZero();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        assertThat(bytes).as("%s", f).doesNotContain(marker).doesNotContain("doomed-shop.example");
      }
    }
    assertThat(
            new CommandLine(new Footfall())
                .execute(concat("admin", "delete-organization", data, "--id", org, "--yes")))
        .as("no such organization any more")
        .isEqualTo(2);
  }

  private static String[] concat(String a, String b, String[] middle, String... rest) {
    String[] out = new String[2 + middle.length + rest.length];
    out[0] = a;
    out[1] = b;
    System.arraycopy(middle, 0, out, 2, middle.length);
    System.arraycopy(rest, 0, out, 2 + middle.length, rest.length);
    return out;
  }
}
