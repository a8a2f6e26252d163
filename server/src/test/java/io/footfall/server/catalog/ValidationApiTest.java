package io.footfall.server.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.core.Event;
import io.footfall.server.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Catalogue validation at ingest: a blocked event is refused on every site and the sender told;
 * with validation at warn, events are stored and their problems counted per day, event, problem and
 * property, shown in the catalogue and exported to /metrics.
 */
class ValidationApiTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String UA = "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36";

  @Test
  void blocksBlockedEventsAndCountsTheProblemsOfTheOthersUnderWarn() throws Exception {
    try (TestServer server = TestServer.start()) {
      Map<String, String> admin = Map.of("Authorization", "Bearer " + server.adminToken());
      TestServer.SiteKeys site = server.createSite("Shop", "shop.example", "UTC");
      String events = "/api/admin/sites/" + site.id() + "/events";
      assertThat(
              server
                  .send(
                      "PUT",
                      events + "/signup",
                      "{\"properties\":[{\"name\":\"plan\",\"type\":\"string\",\"required\":true,"
                          + "\"allowed\":[\"free\",\"pro\"]},{\"name\":\"seats\",\"type\":"
                          + "\"number\",\"min\":1}]}",
                      admin)
                  .status())
          .isEqualTo(200);
      assertThat(server.send("PUT", events + "/spam", "{\"status\":\"blocked\"}", admin).status())
          .isEqualTo(200);

      // Validation off: only the blocked event is refused, and said to be.
      JsonNode answer = track(server, site, event("signup", "{}"), event("spam", "{}"));
      assertThat(answer.get("accepted").asInt()).isEqualTo(1);
      assertThat(answer.toString()).contains("blocks the event 'spam'");
      TestServer.Response single =
          server.post(
              "/api/track",
              "{\"site\":\"" + site.writeKey() + "\",\"event\":\"spam\"}",
              Map.of("User-Agent", UA));
      assertThat(single.status()).isEqualTo(400);
      assertThat(single.json().at("/error/field").asText()).isEqualTo("event");

      TestServer.Response badMode =
          server.send(
              "PATCH", "/api/admin/sites/" + site.id(), "{\"validation\":\"strict\"}", admin);
      assertThat(badMode.status()).isEqualTo(400);
      assertThat(badMode.json().at("/error/field").asText()).isEqualTo("validation");
      server.patchSite(site.id(), "{\"validation\":\"warn\"}");
      assertThat(
              server
                  .get("/api/admin/sites/" + site.id(), admin)
                  .json()
                  .at("/settings/validation")
                  .asText())
          .isEqualTo("warn");

      answer =
          track(
              server,
              site,
              event("signup", "{\"plan\":\"pro\",\"seats\":3}"),
              event("signup", "{\"seats\":0}"),
              event("signup", "{\"plan\":\"gold\"}"),
              event("signup", "{\"plan\":7}"),
              event("mystery", "{}"),
              event(Event.PAGEVIEW, "{}"),
              event("spam", "{}"));
      assertThat(answer.get("accepted").asInt()).as("stored, problems or not").isEqualTo(6);

      Map<String, Long> expected = new HashMap<>();
      expected.put("signup/missing/plan", 1L);
      expected.put("signup/range/seats", 1L);
      expected.put("signup/enum/plan", 1L);
      expected.put("signup/type/plan", 1L);
      expected.put("mystery/undefined/", 1L);
      expected.put("spam/blocked/", 3L);
      Map<String, Long> counted = new HashMap<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!counted.equals(expected) && System.nanoTime() < deadline) {
        Thread.sleep(500);
        counted.clear();
        for (JsonNode r :
            server
                .get("/api/admin/sites/" + site.id() + "/data-quality?days=7", admin)
                .json()
                .get("results")) {
          counted.merge(
              r.get("event").asText()
                  + "/"
                  + r.get("problem").asText()
                  + "/"
                  + r.get("property").asText(),
              r.get("events").asLong(),
              Long::sum);
        }
      }
      assertThat(counted).isEqualTo(expected);
      long signups = 0;
      for (JsonNode v :
          server
              .get("/api/admin/sites/" + site.id() + "/data-quality?days=7", admin)
              .json()
              .get("volumes")) {
        if (v.get("event").asText().equals("signup")) {
          signups += v.get("events").asLong();
        }
      }
      assertThat(signups).as("stored signups, the denominator of their problems").isEqualTo(5);

      JsonNode signup = null;
      for (JsonNode n : server.get(events, admin).json().get("results")) {
        if (n.get("name").asText().equals("signup")) {
          signup = n;
        }
      }
      assertThat(signup).isNotNull();
      assertThat(signup.at("/problems_30d/missing").asLong()).isEqualTo(1);
      assertThat(signup.at("/problems_30d/type").asLong()).isEqualTo(1);
      // Data quality of delivery: one event arrives two hours after its time.
      ObjectNode late = event(Event.PAGEVIEW, "{}");
      late.put("timestamp", Instant.now().minus(Duration.ofHours(2)).toEpochMilli());
      track(server, site, late);
      String metrics =
          server.get("/metrics", Map.of("Authorization", "Bearer " + server.adminToken())).body();
      assertThat(metrics)
          .contains("footfall_ingest_late_total 1.0")
          .containsPattern("footfall_ingest_freshness_seconds\\{quantile=\"0.95\"} [0-9]");
      assertThat(
              server
                  .get("/metrics", Map.of("Authorization", "Bearer " + server.adminToken()))
                  .body())
          .contains("footfall_validation_problems_total{problem=\"blocked\"} 3.0")
          .contains("footfall_validation_problems_total{problem=\"missing\"} 1.0");
      assertThat(
              server
                  .get("/api/admin/sites/" + site.id() + "/data-quality?days=0", admin)
                  .json()
                  .at("/error/field")
                  .asText())
          .isEqualTo("days");
    }
  }

  private static ObjectNode event(String name, String properties) throws Exception {
    ObjectNode e = JSON.createObjectNode();
    e.put("event", name);
    e.put("timestamp", Instant.now().toEpochMilli());
    e.putObject("context").put("url", "https://shop.example/");
    e.set("properties", JSON.readTree(properties));
    return e;
  }

  private static JsonNode track(TestServer server, TestServer.SiteKeys site, ObjectNode... events)
      throws Exception {
    ObjectNode body = JSON.createObjectNode().put("site", site.writeKey());
    ArrayNode batch = body.putArray("batch");
    for (ObjectNode e : events) {
      batch.add(e);
    }
    TestServer.Response r = server.post("/api/track", body.toString(), Map.of("User-Agent", UA));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    return r.json();
  }
}
