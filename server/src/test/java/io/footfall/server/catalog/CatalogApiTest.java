package io.footfall.server.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.server.TestServer;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The event catalogue over HTTP: definitions and the names the site's events carry, merged; a bad
 * definition answers 400 naming its field; definitions are audited and go with their deletion.
 */
class CatalogApiTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String UA = "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36";

  @Test
  void listsDefinedAndSeenEventsAndNamesTheFieldOfABadDefinition() throws Exception {
    try (TestServer server = TestServer.start()) {
      Map<String, String> admin = Map.of("Authorization", "Bearer " + server.adminToken());
      TestServer.SiteKeys site = server.createSite("Shop", "shop.example", "UTC");
      Random random = new Random(2026_12_08L);
      Map<String, Integer> sent = new HashMap<>();
      ArrayNode batch = JSON.createArrayNode();
      Instant now = Instant.now();
      String[] names = {"pageview", "signup", "mystery_click"};
      for (int i = 0; i < 60; i++) {
        String name = names[random.nextInt(names.length)];
        sent.merge(name, 1, Integer::sum);
        ObjectNode e = batch.addObject();
        e.put("event", name);
        e.put("timestamp", now.minusSeconds(600 - i).toEpochMilli());
        e.putObject("context").put("url", "https://shop.example/p" + i);
        e.putObject("properties").put("plan", i % 2 == 0 ? "pro" : "free");
      }
      ObjectNode body = JSON.createObjectNode().put("site", site.writeKey());
      body.set("batch", batch);
      assertThat(server.post("/api/track", body.toString(), Map.of("User-Agent", UA)).status())
          .isEqualTo(202);

      String events = "/api/admin/sites/" + site.id() + "/events";
      TestServer.Response defined =
          server.send(
              "PUT",
              events + "/signup",
              "{\"description\":\"A visitor created an account.\",\"owner\":\"growth\","
                  + "\"tags\":[\"funnel\"],\"status\":\"expected\",\"properties\":[{\"name\":"
                  + "\"plan\",\"type\":\"string\",\"required\":true,\"allowed\":[\"free\","
                  + "\"pro\"]},{\"name\":\"seats\",\"type\":\"number\",\"min\":1,\"max\":500}]}",
              admin);
      assertThat(defined.status()).as(defined.body()).isEqualTo(200);
      assertThat(defined.json().at("/properties/1/max").asInt()).isEqualTo(500);
      assertThat(
              server
                  .send("PUT", events + "/checkout_started", "{\"status\":\"expected\"}", admin)
                  .status())
          .isEqualTo(200);

      JsonNode catalogue = server.get(events, admin).json().get("results");
      Map<String, JsonNode> byName = new HashMap<>();
      catalogue.forEach(n -> byName.put(n.get("name").asText(), n));
      assertThat(byName)
          .containsOnlyKeys("pageview", "signup", "mystery_click", "checkout_started");
      assertThat(byName.get("signup").get("defined").asBoolean()).isTrue();
      assertThat(byName.get("signup").get("status").asText()).isEqualTo("expected");
      assertThat(byName.get("signup").get("events").asInt()).isEqualTo(sent.get("signup"));
      assertThat(byName.get("signup").get("owner").asText()).isEqualTo("growth");
      assertThat(byName.get("mystery_click").get("status").asText()).isEqualTo("undefined");
      assertThat(byName.get("pageview").get("status").asText()).isEqualTo("built_in");
      assertThat(byName.get("mystery_click").get("events").asInt())
          .isEqualTo(sent.get("mystery_click"));
      assertThat(byName.get("mystery_click").get("first_seen").asText()).isNotEmpty();
      assertThat(byName.get("checkout_started").get("events").asLong()).isZero();
      assertThat(byName.get("checkout_started").get("first_seen").isNull()).isTrue();
      // Most events first.
      long previous = Long.MAX_VALUE;
      for (JsonNode n : catalogue) {
        assertThat(n.get("events").asLong()).isLessThanOrEqualTo(previous);
        previous = n.get("events").asLong();
      }

      Map<String, String> wrong =
          Map.of(
              "{\"status\":\"maybe\"}",
              "status",
              "{\"properties\":[{\"name\":\"at\",\"type\":\"date\"}]}",
              "properties[0].type",
              "{\"properties\":[{\"type\":\"string\"}]}",
              "properties[0].name",
              "{\"properties\":[{\"name\":\"n\",\"type\":\"number\",\"min\":5,\"max\":1}]}",
              "properties[0]",
              "{\"tags\":[\"a,b\"]}",
              "tags",
              "{\"owner\":" + JSON.writeValueAsString("x".repeat(201)) + "}",
              "owner");
      for (Map.Entry<String, String> w : wrong.entrySet()) {
        TestServer.Response refused = server.send("PUT", events + "/bad", w.getKey(), admin);
        assertThat(refused.status()).as(w.getKey()).isEqualTo(400);
        assertThat(refused.json().at("/error/field").asText())
            .as(w.getKey())
            .isEqualTo(w.getValue());
      }

      assertThat(server.send("DELETE", events + "/checkout_started", "", admin).status())
          .isEqualTo(204);
      assertThat(server.send("DELETE", events + "/checkout_started", "", admin).status())
          .isEqualTo(404);
      JsonNode audit =
          server
              .get(
                  "/api/admin/organizations/"
                      + server
                          .get("/api/admin/sites/" + site.id(), admin)
                          .json()
                          .get("organization_id")
                          .asText()
                      + "/audit",
                  admin)
              .json();
      assertThat(audit.toString()).contains("event.define").contains("event.undefine");
    }
  }
}
