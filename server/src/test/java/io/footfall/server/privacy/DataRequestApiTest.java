package io.footfall.server.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.core.Event;
import io.footfall.server.TestServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 2's proof over the real HTTP API on the embedded store: a consent-mode site gets a
 * person's anonymous events, an identify call linking them, and events with their user id, each
 * carrying marker values (in the URL, the title and a custom property the rollups keep); another
 * person's events carry markers of their own. The person's export holds every one of their events,
 * properties and links as JSON and CSV; after their erasure, no file of the data directory holds
 * their markers, their user id (clear or as stored) or their anonymous id, while the other person's
 * markers are still there. Both requests are in the request log and the audit log, which hold no id
 * of the person.
 */
class DataRequestApiTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String UA = "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36";

  @Test
  void anExportHoldsEverythingOfThePersonAndAnErasureLeavesNoByteOfThemInTheDataDirectory()
      throws Exception {
    try (TestServer server = TestServer.start()) {
      Map<String, String> admin = Map.of("Authorization", "Bearer " + server.adminToken());
      TestServer.SiteKeys site = server.createSite("Shop", "shop.example", "UTC");
      server.patchSite(site.id(), "{\"consent_mode\":true}");
      Random random = new Random(2026_12_07L);
      String marker = "mk" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + "zq";
      String otherMarker = "ot" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + "zq";
      String userId = "subject-" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
      String anonymousId = "anon-" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
      Instant now = Instant.now();

      ArrayNode batch = JSON.createArrayNode();
      for (int i = 0; i < 4; i++) {
        // Anonymous, before they say who they are.
        batch.add(event(now.minusSeconds(3600 - i), anonymousId, "", marker, i));
        // With their user id.
        batch.add(event(now.minusSeconds(600 - i), "", userId, marker, i));
        // Somebody else.
        batch.add(event(now.minusSeconds(500 - i), "anon-other", "other-user", otherMarker, i));
      }
      ObjectNode body = JSON.createObjectNode().put("site", site.writeKey());
      body.set("batch", batch);
      TestServer.Response tracked =
          server.post("/api/track", body.toString(), Map.of("User-Agent", UA));
      assertThat(tracked.status()).as(tracked.body()).isEqualTo(202);
      TestServer.Response identified =
          server.post(
              "/api/identify",
              JSON.createObjectNode()
                  .put("site", site.writeKey())
                  .put("user_id", userId)
                  .put("anonymous_id", anonymousId)
                  .set("traits", JSON.createObjectNode().put("nickname", marker + "-nick"))
                  .toString(),
              Map.of("User-Agent", UA));
      assertThat(identified.status()).as(identified.body()).isEqualTo(202);
      // The rollups hold the custom property values of both people.
      server.server().store().refreshPrecomputed(server.server().sites().allSites());
      String stored =
          server.events(site.id()).stream()
              .map(Event::userId)
              .filter(u -> !u.isEmpty() && !u.startsWith("other"))
              .findFirst()
              .orElseThrow();
      assertThat(stored).as("user ids are stored as a keyed hash").isNotEqualTo(userId);
      String storedOther =
          server.events(site.id()).stream()
              .map(Event::userId)
              .filter(u -> !u.isEmpty() && !u.equals(stored))
              .findFirst()
              .orElseThrow();
      Path data = server.dataDir();
      assertThat(filesWith(data, marker)).as("a control: the scan sees the markers").isNotEmpty();

      // Art. 15/20: the export.
      TestServer.BinaryResponse zip =
          server.postBytes(
              "/api/admin/sites/" + site.id() + "/data-requests/export",
              "{\"user_id\":\"" + userId + "\"}",
              admin);
      assertThat(zip.status()).as(new String(zip.body(), StandardCharsets.UTF_8)).isEqualTo(200);
      assertThat(zip.header("Content-Type")).startsWith("application/zip");
      Map<String, String> files = unzip(zip.body());
      assertThat(files.keySet())
          .containsExactlyInAnyOrder(
              "README.txt",
              "events.json",
              "events.csv",
              "person_properties.json",
              "person_properties.csv",
              "identity_links.json",
              "identity_links.csv");
      JsonNode events = JSON.readTree(files.get("events.json"));
      assertThat(events).hasSize(8);
      assertThat(events.toString()).contains(marker).doesNotContain(otherMarker);
      assertThat(files.get("events.csv").lines()).hasSize(9);
      assertThat(files.get("person_properties.json")).contains(marker + "-nick");
      assertThat(JSON.readTree(files.get("identity_links.json"))).hasSize(1);

      // Art. 17: the erasure.
      TestServer.Response erased =
          server.post(
              "/api/admin/sites/" + site.id() + "/data-requests/erasure",
              "{\"user_id\":\"" + userId + "\",\"anonymous_id\":\"" + anonymousId + "\"}",
              admin);
      assertThat(erased.status()).as(erased.body()).isEqualTo(200);
      assertThat(erased.json().get("status").asText()).isEqualTo("completed");
      assertThat(erased.json().get("events").asLong()).isEqualTo(8);
      assertThat(erased.json().get("links").asLong()).isEqualTo(1);

      assertThat(server.events(site.id())).hasSize(4);
      for (String gone : List.of(marker, userId, stored, anonymousId)) {
        assertThat(filesWith(data, gone)).as("files of %s holding %s", data, gone).isEmpty();
      }
      assertThat(filesWith(data, otherMarker)).as("the other person is kept").isNotEmpty();
      assertThat(filesWith(data, storedOther)).isNotEmpty();
      // Reports still answer, from the rest.
      TestServer.Response stats =
          server.post(
              "/api/query",
              "{\"site_id\":\"" + site.id() + "\",\"metrics\":[\"events\"],\"date_range\":\"7d\"}",
              admin);
      assertThat(stats.json().at("/results/0/metrics/0").asLong()).isEqualTo(4);

      JsonNode log = server.get("/api/admin/sites/" + site.id() + "/data-requests", admin).json();
      assertThat(log.get("results")).hasSize(2);
      assertThat(log.at("/results/0/kind").asText()).isEqualTo("erasure");
      assertThat(log.at("/results/1/kind").asText()).isEqualTo("export");
      assertThat(log.at("/results/1/events").asLong()).isEqualTo(8);
      assertThat(log.toString()).doesNotContain(userId).doesNotContain(stored);
      String org =
          server.get("/api/admin/sites/" + site.id(), admin).json().get("organization_id").asText();
      String audit = server.get("/api/admin/organizations/" + org + "/audit", admin).body();
      assertThat(audit).contains("person.erase").contains("person.export").doesNotContain(userId);

      // A request naming nobody is refused with the field named.
      TestServer.Response nobody =
          server.post("/api/admin/sites/" + site.id() + "/data-requests/erasure", "{}", admin);
      assertThat(nobody.status()).isEqualTo(400);
      assertThat(nobody.json().at("/error/field").asText()).isEqualTo("user_id");
    }
  }

  private static ObjectNode event(
      Instant at, String anonymousId, String userId, String marker, int i) {
    ObjectNode e =
        JSON.createObjectNode()
            .put("event", i % 2 == 0 ? "pageview" : "signup")
            .put("timestamp", at.toString());
    ObjectNode actor = e.putObject("actor");
    if (!anonymousId.isEmpty()) {
      actor.put("anonymous_id", anonymousId);
    }
    if (!userId.isEmpty()) {
      actor.put("user_id", userId);
    }
    e.putObject("context")
        .put("url", "https://shop.example/p" + i + "?ref=" + marker)
        .put("title", "Title " + marker);
    if (i % 2 == 1) {
      e.putObject("properties").put("note", marker + "-note");
    }
    return e;
  }

  private static Map<String, String> unzip(byte[] zip) throws Exception {
    Map<String, String> out = new HashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        out.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  /** The files under the directory whose bytes hold the text. */
  private static List<Path> filesWith(Path dir, String text) throws Exception {
    List<Path> found = new ArrayList<>();
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        if (indexOf(Files.readAllBytes(f), needle) >= 0) {
          found.add(f);
        }
      }
    }
    return found;
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
