package io.footfall.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No input to any endpoint produces a 5xx (issue 14, item 3). Every registered route is called as
 * every kind of caller with generated hostile input: numbers beyond a double, NaN and Infinity
 * literals, deep nesting, the wrong JSON type in every field, NUL, overlong and surrogate UTF-8,
 * unpaired surrogate escapes, huge strings, empty and non-JSON bodies, malformed path and query
 * parameters. The generator is seeded; the seed is printed, and {@code -Dfuzz.seed=N} replays a
 * run.
 */
class NoServerErrorFuzzTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final int CASES_PER_ROUTE_AND_CALLER = 6;

  static TestServer server;
  static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  static final Map<String, Map<String, String>> callers = new LinkedHashMap<>();
  static final Map<String, String> ids = new LinkedHashMap<>();
  static String writeKey;

  @BeforeAll
  static void setUp() throws Exception {
    server = TestServer.start();
    Map<String, String> boot = Map.of("Authorization", "Bearer " + server.adminToken());
    String org =
        json(server.post("/api/admin/organizations", "{\"name\":\"Fuzz\"}", boot))
            .get("id")
            .asText();
    JsonNode site =
        json(
            server.post(
                "/api/admin/sites",
                "{\"name\":\"Fuzz\",\"domain\":\"fuzz.example\",\"organization_id\":\""
                    + org
                    + "\"}",
                boot));
    String siteId = site.get("id").asText();
    writeKey = site.get("write_key").asText();
    JsonNode adminKey =
        json(
            server.post(
                "/api/admin/organizations/" + org + "/api-keys", "{\"scopes\":[\"admin\"]}", boot));
    JsonNode readKey =
        json(
            server.post(
                "/api/admin/organizations/" + org + "/api-keys",
                "{\"scopes\":[\"read:stats\"]}",
                boot));
    JsonNode link = json(server.post("/api/admin/sites/" + siteId + "/shared-links", "{}", boot));
    JsonNode goal =
        json(
            server.post(
                "/api/admin/sites/" + siteId + "/goals",
                "{\"name\":\"Signup\",\"type\":\"event\",\"event_name\":\"signup\"}",
                boot));
    JsonNode report =
        json(
            server.post(
                "/api/admin/sites/" + siteId + "/email-reports",
                "{\"frequency\":\"weekly\",\"recipients\":[\"a@example.org\"]}",
                boot));
    JsonNode insight =
        json(
            server.post(
                "/api/admin/sites/" + siteId + "/insights",
                "{\"name\":\"Signups\",\"kind\":\"funnels\",\"state\":\"step=event%3Asignup\"}",
                boot));
    ids.put("{id}", siteId);
    ids.put("{org}", org);
    ids.put("{key}", readKey.get("id").asText());
    ids.put("{link}", link.get("id").asText());
    ids.put("{goal}", goal.get("id").asText());
    ids.put("{report}", report.get("id").asText());
    ids.put("{insight}", insight.get("id").asText());
    ids.put("{person}", "p_nobody");

    callers.put("anonymous", Map.of());
    callers.put("installation", boot);
    callers.put("admin key", Map.of("Authorization", "Bearer " + adminKey.get("key").asText()));
    callers.put("read key", Map.of("Authorization", "Bearer " + readKey.get("key").asText()));
    callers.put(
        "site secret", Map.of("Authorization", "Bearer " + site.get("secret_key").asText()));
    callers.put("shared link", Map.of("X-Footfall-Link", link.get("token").asText()));
    callers.put("bad bearer", Map.of("Authorization", "Bearer ff_AAAAAAAA_" + "B".repeat(32)));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static JsonNode json(TestServer.Response r) {
    assertThat(r.status()).as(r.body()).isBetween(200, 299);
    return r.json();
  }

  // ------------------------------------------------------------------ hostile values

  /** JSON values (as literal text) that are wrong for almost any field. */
  static final List<String> HOSTILE_JSON =
      List.of(
          "1e309",
          "-1e309",
          "1e-400",
          "9".repeat(100),
          "-" + "9".repeat(100),
          "9223372036854775808",
          "0.1e99999",
          "NaN",
          "Infinity",
          "-Infinity",
          "true",
          "null",
          "[]",
          "{}",
          "0",
          "-1",
          "1.5",
          "\"\"",
          "\"   \"",
          "\"\\u0000\"",
          "\"a\\u0000b\"",
          "\"\\ud800\"",
          "\"x\\udc00y\"",
          "\"" + "x".repeat(70_000) + "\"",
          "\"%00%C0%AF\"",
          "\"../../etc/passwd\"",
          "\"'; DROP TABLE sites; --\"",
          "\"<script>alert(1)</script>\"",
          "\"2026-13-45T99:99:99Z\"",
          "\"-999999999-01-01\"",
          "\"+999999999-12-31T23:59:59Z\"",
          "\"a@b\\nInjected: x\"",
          "[" + "[".repeat(3000) + "]".repeat(3000) + "]",
          "{\"a\":".repeat(200) + "1" + "}".repeat(200),
          "[[\"is\",\"visit:source\",[\"\\u0000\"]]]",
          "[\"read:stats\",\"admin\",\"owner\",5,null]",
          "{\"amount\":1e309,\"currency\":\"EUR\"}",
          "{\"mode\":\"\\ud800\"}");

  /** Hostile values inside the objects of an event, as {@code field=json}. */
  static final List<String> NESTED =
      List.of(
          "revenue={\"amount\":1e309,\"currency\":\"EUR\"}",
          "properties={\"p\":-1e309,\"q\":1e-400}",
          "properties={\"n\":" + "9".repeat(100) + "}",
          "properties={\"k\\u0000\":\"v\",\"x\":null}",
          "properties={\"p\":\"\\ud800\"}",
          "revenue={\"amount\":\"1e999999999\",\"currency\":\"EUR\"}",
          "revenue={\"amount\":-1e309,\"currency\":\"\\u0000\"}",
          "context={\"url\":\"https://fuzz.example/\\u0000\",\"title\":\"\\udc00\"}",
          "context={\"ip\":\"999.1.1.1\",\"user_agent\":\"\\u0000\",\"screen\":1e309}",
          "actor={\"user_id\":1e309,\"anonymous_id\":[]}",
          "include={\"comparisons\":{\"mode\":\"custom\",\"date_range\":[\"0000-01-01\",\"9999-12-31\"]}}",
          "pagination={\"limit\":1e309,\"offset\":-1e309}");

  /** Field names the API's bodies use; each fuzzed body replaces one or two with hostile values. */
  static final List<String> FIELDS =
      List.of(
          "event",
          "timestamp",
          "sent_at",
          "id",
          "site",
          "batch",
          "actor",
          "context",
          "properties",
          "revenue",
          "name",
          "domain",
          "timezone",
          "currency",
          "retention_days",
          "organization_id",
          "consent_mode",
          "respect_dnt",
          "respect_gpc",
          "user_ids",
          "pii_keys",
          "email",
          "password",
          "token",
          "organization",
          "role",
          "site_ids",
          "scopes",
          "expires_at",
          "type",
          "path",
          "event_name",
          "property_key",
          "property_value",
          "frequency",
          "recipients",
          "site_id",
          "metrics",
          "date_range",
          "filters",
          "dimensions",
          "order_by",
          "include",
          "pagination",
          "relative_date");

  /** Whole bodies that are not what any endpoint expects, as bytes. */
  static List<byte[]> rawBodies(Random random) {
    List<byte[]> out = new ArrayList<>();
    out.add(new byte[0]);
    out.add("not json at all".getBytes(StandardCharsets.UTF_8));
    out.add("{".getBytes(StandardCharsets.UTF_8));
    out.add("[]".getBytes(StandardCharsets.UTF_8));
    out.add("{} {}".getBytes(StandardCharsets.UTF_8));
    out.add("{\"batch\":[]}".getBytes(StandardCharsets.UTF_8));
    out.add("NaN".getBytes(StandardCharsets.UTF_8));
    out.add(bytes("{\"name\":\"a", 0xC0, 0xAF, "\"}"));
    out.add(bytes("{\"event\":\"a", 0xED, 0xA0, 0x80, "\"}"));
    out.add(bytes("{\"event\":\"a", 0x00, "\"}"));
    out.add(bytes("{\"email\":\"", 0xFF, 0xFE, "\"}"));
    byte[] noise = new byte[1 + random.nextInt(400)];
    random.nextBytes(noise);
    out.add(noise);
    return out;
  }

  static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object p : parts) {
      if (p instanceof String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
      } else {
        out.write((Integer) p);
      }
    }
    return out.toByteArray();
  }

  /** Percent-encoded path segments and query values, some of them not UTF-8 at all. */
  static final List<String> HOSTILE_PARAMS =
      List.of(
          "%00",
          "%C0%AF",
          "%ED%A0%80",
          "%FF%FE",
          "a".repeat(5000),
          "1e309",
          "-1",
          "99999999999999999999",
          "NaN",
          "%5B%5B%5B%5B",
          "%5B" + "%5B".repeat(2000),
          "%5B%5B%22is%22%2C%22visit%3Asource%22%2C%5B%22%00%22%5D%5D%5D",
          "visit%3A%00",
          "2026-02-30",
          "-999999999-01-01%2C%2B999999999-12-31",
          "..%2F..%2F",
          "%27%3B%20DROP%20TABLE%20sites%3B--",
          "%E2%80%AE",
          "%0D%0AInjected%3A%20x",
          "time%3Asecond",
          "all",
          "");

  static final List<String> QUERY_NAMES =
      List.of(
          "site_id",
          "metrics",
          "date_range",
          "period",
          "filters",
          "dimensions",
          "interval",
          "limit",
          "page",
          "compare",
          "order_by",
          "relative_date",
          "property",
          "link",
          "before_at",
          "before_id",
          "site",
          "e",
          "u",
          "r",
          "t",
          "s");

  static String pick(Random random, List<String> list) {
    return list.get(random.nextInt(list.size()));
  }

  // ------------------------------------------------------------------ the test

  @Test
  void noHostileInputToAnyEndpointAnswersA5xx() throws Exception {
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    System.out.println(
        "NoServerErrorFuzzTest seed: " + seed + " (replay: -Dfuzz.seed=" + seed + ")");
    Random random = new Random(seed);
    List<String> failures = new ArrayList<>();
    int requests = 0;
    for (String route : server.server().routes()) {
      String method = route.substring(0, route.indexOf(' '));
      String template = route.substring(route.indexOf(' ') + 1);
      for (Map.Entry<String, Map<String, String>> caller : callers.entrySet()) {
        for (int i = 0; i < CASES_PER_ROUTE_AND_CALLER; i++) {
          String path = fillPath(template, random, i);
          String query = query(random);
          byte[] body = body(random, i);
          String what = method + " " + path + query + " as " + caller.getKey();
          HttpResponse<String> answer;
          try {
            answer = send(method, path + query, body, caller.getValue());
          } catch (IOException first) {
            // The client may have reused a connection the server had just closed (it closes after
            // answering without reading a body), and its pool may hold more than one such: the
            // retry goes on a new client's new connection, and a failure there counts.
            try (HttpClient fresh =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
              answer = send(fresh, method, path + query, body, caller.getValue());
            } catch (IOException e) {
              failures.add(what + " with body " + abbreviate(body) + " -> no answer: " + e);
              continue;
            }
          }
          requests++;
          if (answer.statusCode() >= 500 && !mailNotConfigured(answer)) {
            failures.add(
                what
                    + " with body "
                    + abbreviate(body)
                    + " -> "
                    + answer.statusCode()
                    + " "
                    + answer.body()
                    + " (seed "
                    + seed
                    + ")");
          }
        }
      }
    }
    requests += rawRequests(random, seed, failures);
    System.out.println(
        "NoServerErrorFuzzTest: " + requests + " requests, " + failures.size() + " 5xx");
    assertThat(failures).as("5xx answers (seed %d)", seed).isEmpty();
  }

  /** Real ids most of the time (to reach the handler's deeper checks), hostile segments else. */
  static String fillPath(String template, Random random, int i) {
    String path = template;
    for (Map.Entry<String, String> id : ids.entrySet()) {
      if (path.contains(id.getKey())) {
        String value = i % 3 == 0 ? pick(random, HOSTILE_PARAMS) : id.getValue();
        path = path.replace(id.getKey(), value.isEmpty() ? "x" : value);
      }
    }
    // A route added later with a parameter this test has no real id for still gets called: with
    // a well-formed id of nothing, or a hostile segment.
    return path.replaceAll(
        "\\{[a-z_]+}",
        java.util.regex.Matcher.quoteReplacement(
            i % 3 == 0 ? pick(random, HOSTILE_PARAMS) : "x_nothing"));
  }

  static String query(Random random) {
    StringBuilder q = new StringBuilder("?site_id=").append(ids.get("{id}"));
    q.append("&site=").append(writeKey);
    int n = random.nextInt(3);
    for (int k = 0; k < n; k++) {
      q.append('&')
          .append(pick(random, QUERY_NAMES))
          .append('=')
          .append(pick(random, HOSTILE_PARAMS));
    }
    return q.toString();
  }

  /** A plausible body with one or two fields made hostile, or a hostile body outright. */
  static byte[] body(Random random, int i) throws IOException {
    if (i % 4 == 3) {
      List<byte[]> raw = rawBodies(random);
      return raw.get(random.nextInt(raw.size()));
    }
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("site", "\"" + writeKey + "\"");
    fields.put("event", "\"pageview\"");
    fields.put("context", "{\"url\":\"https://fuzz.example/a\"}");
    fields.put("name", "\"Fuzz\"");
    fields.put("domain", "\"fuzz.example\"");
    fields.put("email", "\"fuzz@example.org\"");
    fields.put("password", "\"correct horse battery staple\"");
    fields.put("scopes", "[\"read:stats\"]");
    fields.put("role", "\"viewer\"");
    fields.put("type", "\"event\"");
    fields.put("event_name", "\"signup\"");
    fields.put("frequency", "\"weekly\"");
    fields.put("recipients", "[\"a@example.org\"]");
    fields.put("site_id", "\"" + ids.get("{id}") + "\"");
    fields.put("metrics", "[\"visitors\"]");
    fields.put("date_range", "\"7d\"");
    int hostile = 1 + random.nextInt(2);
    for (int k = 0; k < hostile; k++) {
      fields.put(pick(random, FIELDS), pick(random, HOSTILE_JSON));
    }
    // The audit's inputs inside objects, where a field-by-field swap rarely puts them: every
    // route and caller gets the first two, the rest are drawn.
    String nested = i < 2 ? NESTED.get(i) : pick(random, NESTED);
    fields.put(nested.substring(0, nested.indexOf('=')), nested.substring(nested.indexOf('=') + 1));
    StringBuilder b = new StringBuilder("{");
    fields.forEach(
        (name, value) ->
            b.append(b.length() > 1 ? "," : "")
                .append('"')
                .append(name)
                .append("\":")
                .append(value));
    b.append('}');
    String text = b.toString();
    if (random.nextInt(5) == 0) {
      text = "{\"batch\":[" + text + "," + text.replace("\"pageview\"", "\"other\"") + "]}";
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The one 5xx no input can avoid: password reset on an installation without a mail server answers
   * 503 {@code mail_unavailable} (a state of the installation, not of the request).
   */
  static boolean mailNotConfigured(HttpResponse<String> answer) {
    return answer.statusCode() == 503 && answer.body().contains("\"mail_unavailable\"");
  }

  static HttpResponse<String> send(
      String method, String pathAndQuery, byte[] body, Map<String, String> headers)
      throws Exception {
    return send(http, method, pathAndQuery, body, headers);
  }

  static HttpResponse<String> send(
      HttpClient client,
      String method,
      String pathAndQuery,
      byte[] body,
      Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + pathAndQuery))
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                method.equals("GET") || method.equals("OPTIONS")
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    b.header("Content-Type", "application/json");
    b.header("Origin", server.baseUrl());
    headers.forEach(b::header);
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Requests no well-behaved client can send: broken percent-escapes, raw bytes in the target. */
  static int rawRequests(Random random, long seed, List<String> failures) throws IOException {
    List<String> targets =
        List.of(
            "/api/stats/aggregate?site_id=%",
            "/api/stats/aggregate?site_id=%zz&metrics=%G0",
            "/api/track.gif?site=" + writeKey + "&u=%C0%AF&t=%00",
            "/api/track.gif?site=" + writeKey + "&u=https%3A%2F%2Ffuzz.example%2F%ED%A0%80",
            "/api/admin/sites/%",
            "/api/admin/sites/%00%ff",
            "/api/export/breakdown.csv?site_id=" + ids.get("{id}") + "&dimensions=%FF",
            "/sites/%C0%AF/settings",
            "/" + "a".repeat(10_000),
            "/api/query?x=" + "%41".repeat(3000));
    int sent = 0;
    for (String target : targets) {
      for (String method : List.of("GET", "POST")) {
        String auth =
            random.nextBoolean() ? "Authorization: Bearer " + server.adminToken() + "\r\n" : "";
        String request =
            method
                + " "
                + target
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + auth
                + "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}";
        int status = rawStatus(request);
        sent++;
        if (status >= 500) {
          failures.add(
              "raw "
                  + method
                  + " "
                  + abbreviate(target.getBytes(StandardCharsets.UTF_8))
                  + " -> "
                  + status
                  + " (seed "
                  + seed
                  + ")");
        }
      }
    }
    return sent;
  }

  static int rawStatus(String request) throws IOException {
    URI base = URI.create(server.baseUrl());
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) != -1 && c != '\n') {
        line.append((char) c);
      }
      String[] parts = line.toString().split(" ");
      return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
    }
  }

  static String abbreviate(byte[] body) {
    String hex =
        body.length <= 60
            ? HexFormat.of().formatHex(body)
            : HexFormat.of().formatHex(body, 0, 60) + "…";
    String text = new String(body, 0, Math.min(body.length, 160), StandardCharsets.UTF_8);
    return "'"
        + text.replaceAll("\\p{Cntrl}", "?")
        + "' ("
        + body.length
        + " bytes, hex "
        + hex
        + ")";
  }
}
