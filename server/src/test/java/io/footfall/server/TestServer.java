package io.footfall.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.footfall.core.Event;
import io.footfall.core.EventStore;
import io.footfall.store.clickhouse.ClickHouseServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A real Footfall server for tests: real HTTP on a free loopback port, the real embedded store in a
 * temporary data directory that is deleted on close; or, with {@link #onClickHouse}, the events on
 * throwaway ClickHouse servers and the metadata embedded.
 */
public final class TestServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private FootfallServer server;
  private final Clock clock;
  private final FootfallConfig config;
  private final Path dataDir;
  private final String adminToken;
  private final HttpClient http = HttpClient.newHttpClient();

  private TestServer(
      FootfallServer server, Clock clock, FootfallConfig config, Path dataDir, String adminToken) {
    this.server = server;
    this.clock = clock;
    this.config = config;
    this.dataDir = dataDir;
    this.adminToken = adminToken;
  }

  public static TestServer start() {
    return start(UnaryOperator.identity());
  }

  /** Starts a server whose configuration the caller may adjust (limits, trusted proxies...). */
  public static TestServer start(UnaryOperator<FootfallConfig.Builder> adjust) {
    return begin(Clock.systemUTC(), adjust);
  }

  /** Starts a server on the given clock, which the test may move (e.g. a {@code MutableClock}). */
  public static TestServer start(Clock clock) {
    return start(clock, UnaryOperator.identity());
  }

  /** Starts a server on the given clock whose configuration the caller may adjust. */
  public static TestServer start(Clock clock, UnaryOperator<FootfallConfig.Builder> adjust) {
    return begin(clock, adjust);
  }

  /**
   * Starts a server whose events are on {@code clickhouse} (sharded over its cluster when it has
   * two nodes), in a database of their own ({@link #clickHouseSettings}); the metadata stays in the
   * embedded store under {@code metadata/} in the data directory.
   */
  public static TestServer onClickHouse(
      ClickHouseServer clickhouse, UnaryOperator<FootfallConfig.Builder> adjust) {
    return onClickHouse(clickhouse, Clock.systemUTC(), adjust);
  }

  /** {@link #onClickHouse(ClickHouseServer, UnaryOperator)} on the given clock. */
  public static TestServer onClickHouse(
      ClickHouseServer clickhouse, Clock clock, UnaryOperator<FootfallConfig.Builder> adjust) {
    Map<String, String> settings = clickHouseSettings(clickhouse);
    return start(
        clock,
        c -> {
          settings.forEach(c::storeSetting);
          return adjust.apply(c.store(settings.get("FOOTFALL_STORE")));
        });
  }

  /**
   * The settings, by their environment names, that put a server's events on {@code clickhouse}: a
   * new database per call, so that servers of one test class do not see each other's events; with
   * two nodes, both URLs and the fixture's cluster.
   */
  public static Map<String, String> clickHouseSettings(ClickHouseServer clickhouse) {
    int nodes = clickhouse.pids().size();
    List<String> urls = new java.util.ArrayList<>();
    for (int node = 0; node < nodes; node++) {
      urls.add(clickhouse.endpoint(node).toString());
    }
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("FOOTFALL_STORE", "clickhouse");
    settings.put("FOOTFALL_CLICKHOUSE_URL", String.join(",", urls));
    settings.put("FOOTFALL_CLICKHOUSE_DATABASE", "footfall_test_" + DATABASES.incrementAndGet());
    if (nodes > 1) {
      settings.put("FOOTFALL_CLICKHOUSE_CLUSTER", ClickHouseServer.CLUSTER);
    }
    return settings;
  }

  /**
   * Starts a server on an existing data directory (e.g. one a command-line tool prepared); the
   * directory is deleted on close, as a fresh one is.
   */
  public static TestServer onDataDir(Path dir) {
    return begin(dir, Clock.systemUTC(), UnaryOperator.identity());
  }

  private static TestServer begin(Clock clock, UnaryOperator<FootfallConfig.Builder> adjust) {
    try {
      return begin(Files.createTempDirectory("footfall-test"), clock, adjust);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static TestServer begin(
      Path dir, Clock clock, UnaryOperator<FootfallConfig.Builder> adjust) {
    String token = "test-admin-" + UUID.randomUUID();
    FootfallConfig config =
        adjust
            .apply(
                FootfallConfig.defaults(dir).toBuilder()
                    .host("127.0.0.1")
                    .port(0)
                    .adminToken(token))
            .build();
    return new TestServer(FootfallServer.start(config, clock), clock, config, dir, token);
  }

  /**
   * Stops the server as an operator would and starts a new one on the same data directory, clock
   * and configuration (the port changes).
   */
  public void restart() {
    server.close();
    server = FootfallServer.start(config, clock);
  }

  /** A GET whose answer body is kept as bytes (ZIP, PDF). */
  public BinaryResponse getBytes(String path, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET();
    headers.forEach(b::header);
    return sendForBytes(b.build());
  }

  /** A POST of a JSON body whose answer body is kept as bytes (a ZIP). */
  public BinaryResponse postBytes(String path, String json, Map<String, String> headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl() + path))
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .header("Content-Type", "application/json");
    headers.forEach(b::header);
    return sendForBytes(b.build());
  }

  private BinaryResponse sendForBytes(HttpRequest request) {
    try {
      HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return new BinaryResponse(r.statusCode(), r.body(), r.headers().map());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** An HTTP answer with a binary body. */
  public record BinaryResponse(int status, byte[] body, Map<String, List<String>> headers) {
    public String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return "";
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  public String adminToken() {
    return adminToken;
  }

  public Path dataDir() {
    return dataDir;
  }

  public FootfallServer server() {
    return server;
  }

  /** Creates a site through the real admin API. */
  public SiteKeys createSite(String name, String domain, String timeZone) {
    Response r =
        post(
            "/api/admin/sites",
            JSON.createObjectNode()
                .put("name", name)
                .put("domain", domain)
                .put("timezone", timeZone)
                .toString(),
            Map.of("Authorization", "Bearer " + adminToken));
    if (r.status() != 201) {
      throw new IllegalStateException("creating a site answered " + r.status() + ": " + r.body());
    }
    JsonNode body = r.json();
    return new SiteKeys(body.get("id").asText(), body.get("write_key").asText());
  }

  /** Changes site settings through the real admin API. */
  public void patchSite(String siteId, String json) {
    Response r =
        send(
            HttpRequest.newBuilder(URI.create(baseUrl() + "/api/admin/sites/" + siteId))
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json))
                .build());
    if (r.status() != 200) {
      throw new IllegalStateException("patching site answered " + r.status() + ": " + r.body());
    }
  }

  /**
   * A connection to the embedded database that holds the metadata: the event store's own file on
   * DuckDB, {@code metadata/footfall.duckdb} when the events are elsewhere.
   */
  public Connection metadataDatabase() {
    return server
        .store()
        .sharedDatabase()
        .or(() -> server.stores().metadataHome().flatMap(EventStore::sharedDatabase))
        .orElseThrow(() -> new IllegalStateException("the metadata is in no embedded database"))
        .get();
  }

  public List<Event> events(String siteId) {
    return server.store().events(siteId);
  }

  public EventStore.SiteCounts counts(String siteId) {
    return server.store().counts(siteId);
  }

  public Response post(String path, String body, Map<String, String> headers) {
    return post(path, HttpRequest.BodyPublishers.ofString(body), headers);
  }

  public Response post(String path, byte[] body, Map<String, String> headers) {
    return post(path, HttpRequest.BodyPublishers.ofByteArray(body), headers);
  }

  private Response post(String path, HttpRequest.BodyPublisher body, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).POST(body);
    if (!headers.containsKey("Content-Type")) {
      b.header("Content-Type", "application/json");
    }
    headers.forEach(b::header);
    return send(b.build());
  }

  /** Sends a request without a body, e.g. an OPTIONS preflight. */
  public Response request(String method, String path, Map<String, String> headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl() + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    headers.forEach(b::header);
    return send(b.build());
  }

  /** Sends a JSON body with any method, e.g. a {@code PATCH}. */
  public Response send(String method, String path, String body, Map<String, String> headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl() + path))
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    headers.forEach(b::header);
    return send(b.build());
  }

  public Response get(String path, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET();
    headers.forEach(b::header);
    return send(b.build());
  }

  private Response send(HttpRequest request) {
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body(), r.headers().map());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close();
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A created site's id and public write key. */
  public record SiteKeys(String id, String writeKey) {}

  /** An HTTP answer. */
  public record Response(int status, String body, Map<String, List<String>> headers) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }

    public String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return "";
    }
  }
}
