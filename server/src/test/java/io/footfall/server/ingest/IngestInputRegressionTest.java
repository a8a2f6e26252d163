package io.footfall.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.footfall.core.Event;
import io.footfall.server.TestServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Regressions of issue 14 on the collector's input: a huge number answered 500 and lost the whole
 * batch (item 3); empty batches, overlong UTF-8, encoded surrogates and NUL were accepted (item
 * 12); single events that failed validation were not counted as rejected (item 22).
 */
class IngestInputRegressionTest {
  static TestServer server;
  TestServer.SiteKeys site;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void newSite() {
    site = server.createSite("Shop", "shop.example", "UTC");
  }

  TestServer.Response post(String body) {
    return post(body.getBytes(StandardCharsets.UTF_8));
  }

  TestServer.Response post(byte[] body) {
    Map<String, String> h = new HashMap<>();
    h.put("X-Footfall-Site", site.writeKey());
    h.put("User-Agent", IngestHttpTest.BROWSER);
    return server.post("/api/track", body, h);
  }

  static String event(String path, String extra) {
    return "{\"event\":\"pageview\",\"id\":\""
        + UUID.randomUUID()
        + "\",\"context\":{\"url\":\"https://shop.example"
        + path
        + "\"}"
        + extra
        + "}";
  }

  static void assertRefused(TestServer.Response r, int status, String field, String text) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.json().at("/error/field").asText()).as(r.body()).isEqualTo(field);
    assertThat(r.json().at("/error/message").asText()).as(r.body()).contains(text);
  }

  List<String> storedPaths() {
    return server.events(site.id()).stream().map(e -> e.page().pathname()).sorted().toList();
  }

  // ------------------------------------------------------------------ item 3: huge numbers

  @Test
  void aNumberBeyondADoubleRejectsOnlyItsOwnEventNotTheBatch() {
    String batch =
        "{\"batch\":["
            + event("/ok-1", "")
            + ","
            + event("/amount", ",\"revenue\":{\"amount\":1e309,\"currency\":\"EUR\"}")
            + ","
            + event("/negative", ",\"properties\":{\"x\":-1e309}")
            + ","
            + event("/digits", ",\"properties\":{\"n\":" + "9".repeat(100) + "}")
            + ","
            + event("/tiny", ",\"properties\":{\"t\":1e-400}")
            + "]}";

    TestServer.Response r = post(batch);

    assertThat(r.status()).as(r.body()).isEqualTo(202);
    assertThat(r.json().get("accepted").asInt()).isEqualTo(2);
    JsonNode rejected = r.json().get("rejected");
    assertThat(rejected)
        .extracting(n -> n.get("field").asText())
        .containsExactly(
            "batch[1].revenue.amount", "batch[2].properties.x", "batch[3].properties.n");
    assertThat(rejected)
        .allSatisfy(n -> assertThat(n.get("message").asText()).contains("number out of range"));
    assertThat(storedPaths()).containsExactly("/ok-1", "/tiny");
    assertThat(server.counts(site.id()).rejected()).isEqualTo(3);
  }

  @Test
  void aSingleEventWithAHugeNumberIsA400NamingTheField() {
    assertRefused(
        post(event("/a", ",\"revenue\":{\"amount\":1e309,\"currency\":\"EUR\"}")),
        400,
        "revenue.amount",
        "number out of range");
    assertRefused(
        post(event("/b", ",\"properties\":{\"big\":1E400}")),
        400,
        "properties.big",
        "number out of range");
    assertThat(storedPaths()).isEmpty();
  }

  // ------------------------------------------------------------------ item 12: leniency

  @Test
  void anEmptyBatchIsRefusedNamingTheLimits() {
    assertRefused(post("{\"batch\":[]}"), 400, "batch", "1 to 500 events");
    assertRefused(post("[]"), 400, "batch", "1 to 500 events");
  }

  @Test
  void overlongUtf8AndEncodedSurrogatesAreRefusedNamingTheBody() {
    // C0 AF is an overlong "/"; ED A0 80 encodes the surrogate U+D800; both decode silently in a
    // lenient decoder.
    assertRefused(post(withBytes(0xC0, 0xAF)), 400, "body", "overlong encoding");
    assertRefused(post(withBytes(0xE0, 0x80, 0xAF)), 400, "body", "overlong encoding");
    assertRefused(post(withBytes(0xED, 0xA0, 0x80)), 400, "body", "encoded surrogate");
    assertRefused(post(withBytes(0xF4, 0x90, 0x80, 0x80)), 400, "body", "beyond U+10FFFF");
    TestServer.Response ok = post(withBytes(0xF0, 0x9F, 0x98, 0x80)); // U+1F600, valid
    assertThat(ok.status()).as(ok.body()).isEqualTo(202);
    assertThat(server.events(site.id())).extracting(e -> e.page().title()).containsExactly("a😀b");
  }

  /** A page view whose title is "a", the given bytes, "b". */
  private static byte[] withBytes(int... bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        ("{\"event\":\"pageview\",\"context\":{\"url\":\"https://shop.example/\",\"title\":\"a")
            .getBytes(StandardCharsets.UTF_8));
    for (int b : bytes) {
      out.write(b);
    }
    out.writeBytes("b\"}}".getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  @Test
  void nulInKeysValuesTitlesAndNamesIsRefusedNamingTheField() {
    assertRefused(
        post(event("/a", ",\"properties\":{\"k\\u0000ey\":\"v\"}")), 400, "properties.k?ey", "NUL");
    assertRefused(
        post(event("/b", ",\"properties\":{\"key\":\"va\\u0000lue\"}")),
        400,
        "properties.key",
        "NUL");
    assertRefused(
        post(
            "{\"event\":\"pageview\",\"context\":{\"url\":\"https://shop.example/\","
                + "\"title\":\"Ti\\u0000tle\"}}"),
        400,
        "context.title",
        "NUL");
    assertRefused(post("{\"event\":\"sign\\u0000up\"}"), 400, "event", "NUL");
    assertRefused(
        post("{\"event\":\"x\",\"actor\":{\"user_id\":\"u\\u0000\"}}"),
        400,
        "actor.user_id",
        "NUL");
    assertThat(storedPaths()).isEmpty();
  }

  @Test
  void unpairedSurrogateEscapesAreRefusedNamingTheField() {
    assertRefused(
        post(
            "{\"event\":\"pageview\",\"context\":{\"url\":\"https://shop.example/\","
                + "\"title\":\"a\\ud800b\"}}"),
        400,
        "context.title",
        "unpaired surrogate (U+D800)");
    assertRefused(
        post(event("/a", ",\"properties\":{\"p\":\"\\udc00\"}")),
        400,
        "properties.p",
        "unpaired surrogate");
    TestServer.Response paired =
        post(event("/paired", ",\"properties\":{\"p\":\"\\ud83d\\ude00\"}"));
    assertThat(paired.status()).as(paired.body()).isEqualTo(202);
  }

  @Test
  void aNullPropertyValueIsDroppedAndTheEventKept() {
    TestServer.Response r = post(event("/n", ",\"properties\":{\"coupon\":null,\"plan\":\"pro\"}"));

    assertThat(r.status()).as(r.body()).isEqualTo(202);
    List<Event> stored = server.events(site.id());
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0).propertiesJson()).isEqualTo("{\"plan\":\"pro\"}");
  }

  // ------------------------------------------------------------------ item 22: counting

  @Test
  void aRefusedSingleEventIsCountedAsRejectedLikeABatchMember() {
    assertRefused(post("{\"event\":5}"), 400, "event", "must be a string");
    assertRefused(post(event("/t", ",\"timestamp\":\"yesterday\"")), 400, "timestamp", "ISO-8601");
    String tooBig = event("/big", ",\"properties\":{\"p\":\"" + "z".repeat(40_000) + "\"}");
    assertRefused(post(tooBig), 413, "event", "32768 bytes");

    assertThat(server.counts(site.id()).rejected()).isEqualTo(3);
    assertThat(storedPaths()).isEmpty();
  }
}
