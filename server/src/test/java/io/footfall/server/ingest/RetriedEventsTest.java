package io.footfall.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.core.Event;
import io.footfall.server.TestServer;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Idempotency over real HTTP: an event sent again with the same id is answered as a duplicate and
 * stored once, whether it comes again at once, twice in one batch, or after the server restarted
 * (the ids are then known from the store, not from memory). On the embedded store here; {@code
 * ClickHouseRetriedEventsTest} runs the same on ClickHouse.
 */
class RetriedEventsTest {
  TestServer server;
  TestServer.SiteKeys site;

  /** The server under test; the embedded store here. */
  TestServer startServer() {
    return TestServer.start();
  }

  @BeforeEach
  void start() {
    server = startServer();
    site = server.createSite("Retry", "shop.example", "UTC");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  JsonNode track(JsonNode body) {
    TestServer.Response r =
        server.post(
            "/api/track",
            body.toString(),
            Map.of("X-Footfall-Site", site.writeKey(), "User-Agent", IngestHttpTest.BROWSER));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    return r.json();
  }

  static ObjectNode batch(ObjectNode... events) {
    ObjectNode body = IngestHttpTest.JSON.createObjectNode();
    ArrayNode batch = body.putArray("batch");
    for (ObjectNode e : events) {
      batch.add(e);
    }
    return body;
  }

  Map<String, Long> storedCopies() {
    return server.events(site.id()).stream()
        .collect(Collectors.groupingBy(Event::eventId, Collectors.counting()));
  }

  @Test
  void aRetriedEventIsADuplicateAndStoredOnce() {
    ObjectNode e = IngestHttpTest.pageview("/once");
    assertThat(track(e).get("accepted").asInt()).isEqualTo(1);

    JsonNode retry = track(e);

    assertThat(retry.get("accepted").asInt()).isZero();
    assertThat(retry.get("duplicates").asInt()).isEqualTo(1);
    assertThat(storedCopies()).containsExactly(Map.entry(e.get("id").asText(), 1L));
  }

  @Test
  void anIdTwiceInOneBatchIsStoredOnce() {
    ObjectNode e = IngestHttpTest.pageview("/twice");
    ObjectNode other = IngestHttpTest.pageview("/other");

    JsonNode answer = track(batch(e, other, e));

    assertThat(answer.get("accepted").asInt()).isEqualTo(2);
    assertThat(answer.get("duplicates").asInt()).isEqualTo(1);
    assertThat(storedCopies())
        .containsOnlyKeys(e.get("id").asText(), other.get("id").asText())
        .allSatisfy((id, copies) -> assertThat(copies).isEqualTo(1L));
  }

  @Test
  void aRetryAfterARestartIsADuplicateAndStoredOnce() {
    List<ObjectNode> sent =
        List.of(
            IngestHttpTest.pageview("/a"),
            IngestHttpTest.pageview("/b"),
            IngestHttpTest.pageview("/c"));
    assertThat(track(batch(sent.toArray(ObjectNode[]::new))).get("accepted").asInt()).isEqualTo(3);

    server.restart();
    ObjectNode fresh = IngestHttpTest.pageview("/d");
    JsonNode retry = track(batch(sent.get(0), fresh, sent.get(2), sent.get(1)));

    assertThat(retry.get("accepted").asInt()).isEqualTo(1);
    assertThat(retry.get("duplicates").asInt()).isEqualTo(3);
    Map<String, Long> once = new java.util.HashMap<>();
    for (ObjectNode e : List.of(sent.get(0), sent.get(1), sent.get(2), fresh)) {
      once.put(e.get("id").asText(), 1L);
    }
    assertThat(storedCopies()).isEqualTo(once);
  }
}
