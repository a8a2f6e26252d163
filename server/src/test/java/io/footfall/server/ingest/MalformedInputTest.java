package io.footfall.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.server.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Hostile bodies get a 4xx that says what is wrong, and the server stays up. */
class MalformedInputTest {
  static TestServer server;
  static TestServer.SiteKeys site;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    site = server.createSite("Shop", "shop.example", "UTC");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @AfterEach
  void serverStillServes() {
    assertThat(server.get("/healthz", Map.of()).status()).isEqualTo(200);
    TestServer.Response ok =
        post("{\"event\":\"pageview\",\"context\":{\"url\":\"https://a.b/\"}}");
    assertThat(ok.status()).isEqualTo(202);
  }

  TestServer.Response post(String body) {
    return post(body.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  TestServer.Response post(byte[] body, Map<String, String> extra) {
    Map<String, String> h = new java.util.HashMap<>(extra);
    h.put("X-Footfall-Site", site.writeKey());
    h.put("User-Agent", IngestHttpTest.BROWSER);
    return server.post("/api/track", body, h);
  }

  static void assertClientError(TestServer.Response r, int status, String code, String text) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.json().at("/error/code").asText()).isEqualTo(code);
    assertThat(r.json().at("/error/message").asText()).contains(text);
  }

  @Test
  void brokenJson() {
    assertClientError(post("{\"event\": \"pageview\""), 400, "malformed_body", "not valid JSON");
    assertClientError(post("{\"event\": pageview}"), 400, "malformed_body", "not valid JSON");
    assertClientError(post("{} {}"), 400, "malformed_body", "data after the JSON value");
    assertClientError(post(""), 400, "malformed_body", "empty");
    assertClientError(post("\"just a string\""), 400, "malformed_body", "object or array");
    assertClientError(
        post("{\"event\":\"a\",\"event\":\"b\"}"), 400, "malformed_body", "Duplicate field");
  }

  @Test
  void wrongTypes() {
    TestServer.Response r = post("{\"event\": 5}");
    assertClientError(r, 400, "invalid_field", "event must be a string");
    assertThat(r.json().at("/error/field").asText()).isEqualTo("event");
    assertClientError(
        post("{\"event\":\"x\",\"timestamp\":\"yesterday\"}"), 400, "invalid_field", "ISO-8601");
    assertClientError(
        post("{\"event\":\"x\",\"revenue\":{\"amount\":\"ten\",\"currency\":\"EUR\"}}"),
        400,
        "invalid_field",
        "revenue.amount must be a number");
    assertClientError(
        post("{\"event\":\"x\",\"properties\":{\"a\":[1,2]}}"), 400, "invalid_field", "flatten");
    assertClientError(post("{\"batch\": {}}"), 400, "invalid_field", "batch must be an array");
  }

  @Test
  void hugeStrings() {
    String big = "x".repeat(2000);
    TestServer.Response r = post("{\"event\":\"x\",\"properties\":{\"p\":\"" + big + "\"}}");
    assertClientError(r, 400, "invalid_field", "limit of 1024");
    assertThat(r.json().at("/error/field").asText()).isEqualTo("properties.p");

    String huge = "y".repeat(2 * 1024 * 1024);
    assertClientError(
        post("{\"event\":\"x\",\"properties\":{\"p\":\"" + huge + "\"}}"),
        413,
        "too_large",
        "1048576 bytes");
    assertClientError(
        post("{\"event\":\"x\",\"properties\":{\"p\":\"" + "z".repeat(40_000) + "\"}}"),
        413,
        "too_large",
        "32768 bytes");
  }

  @Test
  void deepNesting() {
    String deep = "{\"a\":".repeat(2000) + "1" + "}".repeat(2000);
    assertClientError(
        post("{\"event\":\"x\",\"properties\":" + deep + "}"), 400, "malformed_body", "depth");
    String arrays = "[".repeat(5000) + "]".repeat(5000);
    assertThat(post(arrays).status()).isEqualTo(400);
  }

  @Test
  void invalidUtf8() {
    byte[] prefix = "{\"event\":\"".getBytes(StandardCharsets.UTF_8);
    byte[] suffix = "\"}".getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[prefix.length + 2 + suffix.length];
    System.arraycopy(prefix, 0, body, 0, prefix.length);
    body[prefix.length] = (byte) 0xC3;
    body[prefix.length + 1] = (byte) 0x28;
    System.arraycopy(suffix, 0, body, prefix.length + 2, suffix.length);

    assertClientError(post(body, Map.of()), 400, "malformed_body", "UTF-8");
  }

  @Test
  void gzipBombIsStoppedAtTheInflatedLimit() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 200; i++) {
        gz.write(zeros);
      }
    }
    byte[] bomb = out.toByteArray();
    assertThat(bomb.length).isLessThan(1 << 20);

    assertClientError(
        post(bomb, Map.of("Content-Encoding", "gzip")), 413, "too_large", "inflated request body");
    byte[] truncated = java.util.Arrays.copyOf(bomb, 100);
    assertClientError(
        post(truncated, Map.of("Content-Encoding", "gzip")), 400, "malformed_body", "gzip");
  }

  @Test
  void oversizedBatch() {
    StringBuilder b = new StringBuilder("{\"batch\":[");
    for (int i = 0; i < 501; i++) {
      b.append(i == 0 ? "" : ",").append("{\"event\":\"e\"}");
    }
    b.append("]}");
    assertClientError(post(b.toString()), 413, "too_large", "more than 500 events");
  }

  @Test
  void randomBytesNeverCauseA5xx() {
    Random random = new Random(42);
    for (int i = 0; i < 300; i++) {
      byte[] body = new byte[random.nextInt(300)];
      random.nextBytes(body);
      if (i % 3 == 0 && body.length > 2) {
        body[0] = '{';
      }
      TestServer.Response r = post(body, Map.of());
      assertThat(r.status()).as("case %d: %s", i, r.body()).isBetween(400, 499);
    }
  }
}
