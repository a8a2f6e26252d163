package io.footfall.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Footfall server under test, as a separate process on the loopback interface: started with the
 * same JDK as the benchmark, a fresh data directory and a random admin token; stopped (SIGTERM,
 * then kill after 30 s) on {@link #close()}.
 */
final class ServerProcess implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

  private final Process process;
  private final URI baseUrl;
  private final String adminToken;
  private final Path log;

  private ServerProcess(Process process, URI baseUrl, String adminToken, Path log) {
    this.process = process;
    this.baseUrl = baseUrl;
    this.adminToken = adminToken;
    this.log = log;
  }

  /**
   * Starts {@code java [jvmOptions] -jar serverJar start --host 127.0.0.1 --port P --data-dir
   * dataDir} and waits until {@code GET /readyz} answers 200.
   *
   * @param port the port, or 0 for a free one
   * @throws BenchException if the process exits or is not ready within 90 s; the message carries
   *     the end of its log
   */
  static ServerProcess start(Path serverJar, List<String> jvmOptions, int port, Path dataDir) {
    return start(serverJar, jvmOptions, port, dataDir, Map.of());
  }

  /**
   * Like {@link #start(Path, List, int, Path)}, with extra environment variables for the server
   * (e.g. {@code FOOTFALL_QUERY_CACHE_ENTRIES}). The log is appended to, so a server restarted on
   * the same data directory keeps the earlier runs' lines.
   */
  static ServerProcess start(
      Path serverJar,
      List<String> jvmOptions,
      int port,
      Path dataDir,
      Map<String, String> environment) {
    if (!Files.isRegularFile(serverJar)) {
      throw new BenchException(
          "no server jar at "
              + serverJar.toAbsolutePath()
              + "; build it first: mvn -B -q -DskipTests package");
    }
    int chosen = port == 0 ? freePort() : port;
    byte[] secret = new byte[24];
    new SecureRandom().nextBytes(secret);
    String token = HexFormat.of().formatHex(secret);
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-jar",
            serverJar.toAbsolutePath().toString(),
            "start",
            "--host",
            "127.0.0.1",
            "--port",
            Integer.toString(chosen),
            "--data-dir",
            dataDir.toAbsolutePath().toString()));
    Path log = dataDir.resolveSibling("server.log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment);
    builder.environment().put("FOOTFALL_ADMIN_TOKEN", token);
    Process process;
    try {
      Files.createDirectories(dataDir);
      process = builder.start();
    } catch (IOException e) {
      throw new BenchException("cannot start the server: " + String.join(" ", command), e);
    }
    ServerProcess server =
        new ServerProcess(process, URI.create("http://127.0.0.1:" + chosen), token, log);
    try {
      server.awaitReady();
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /**
   * Creates a person who owns a new organization, with {@code footfall admin create-owner} on the
   * data directory (while no server has it open).
   */
  static void createOwner(
      Path serverJar, Path dataDir, String email, String organization, String password) {
    List<String> command =
        List.of(
            javaExecutable(),
            "-jar",
            serverJar.toAbsolutePath().toString(),
            "admin",
            "create-owner",
            "--email",
            email,
            "--organization",
            organization,
            "--data-dir",
            dataDir.toAbsolutePath().toString());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("FOOTFALL_OWNER_PASSWORD", password);
    try {
      Files.createDirectories(dataDir);
      Process p = builder.start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new BenchException("creating the owner failed: " + output.strip());
      }
    } catch (IOException e) {
      throw new BenchException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted while creating the owner", e);
    }
  }

  URI baseUrl() {
    return baseUrl;
  }

  String adminToken() {
    return adminToken;
  }

  long pid() {
    return process.pid();
  }

  /** CPU time the server process has used so far; zero where the OS does not say. */
  Duration cpuTime() {
    return process.info().totalCpuDuration().orElse(Duration.ZERO);
  }

  /** A created site and the organization that owns it. */
  record SiteKeys(String id, String writeKey, String organizationId) {}

  /** Creates a site in UTC with the default currency. */
  SiteKeys createSite(HttpClient http, String name, String domain) {
    return createSite(http, name, domain, "UTC", "");
  }

  /**
   * Creates a site through {@code POST /api/admin/sites}.
   *
   * @param timeZone an IANA zone id
   * @param currency an ISO 4217 code, or empty for the server's default
   */
  SiteKeys createSite(
      HttpClient http, String name, String domain, String timeZone, String currency) {
    return createSite(http, name, domain, timeZone, currency, "");
  }

  /**
   * Creates a site through {@code POST /api/admin/sites} in the organization, or in the default one
   * when {@code organizationId} is empty.
   */
  SiteKeys createSite(
      HttpClient http,
      String name,
      String domain,
      String timeZone,
      String currency,
      String organizationId) {
    ObjectMapper json = new ObjectMapper();
    var body =
        json.createObjectNode().put("name", name).put("domain", domain).put("timezone", timeZone);
    if (!currency.isEmpty()) {
      body.put("currency", currency);
    }
    if (!organizationId.isEmpty()) {
      body.put("organization_id", organizationId);
    }
    JsonNode site = postAdmin(http, "/api/admin/sites", body.toString(), "creating the site");
    return new SiteKeys(
        site.path("id").asText(),
        site.path("write_key").asText(),
        site.path("organization_id").asText());
  }

  /** Creates the goal (its name and definition; id and time are the server's) for the site. */
  void createGoal(HttpClient http, String siteId, io.footfall.core.Goal goal) {
    var body =
        new ObjectMapper()
            .createObjectNode()
            .put("name", goal.name())
            .put("type", goal.kind() == io.footfall.core.Goal.Kind.PAGEVIEW ? "pageview" : "event");
    if (goal.kind() == io.footfall.core.Goal.Kind.PAGEVIEW) {
      body.put("path", goal.pathPattern());
    } else {
      body.put("event_name", goal.eventName());
      if (!goal.propertyKey().isEmpty()) {
        body.put("property_key", goal.propertyKey()).put("property_value", goal.propertyValue());
      }
    }
    postAdmin(
        http,
        "/api/admin/sites/" + siteId + "/goals",
        body.toString(),
        "creating the goal " + goal.name());
  }

  private JsonNode postAdmin(HttpClient http, String path, String body, String what) {
    HttpRequest request =
        HttpRequest.newBuilder(baseUrl.resolve(path))
            .header("Authorization", "Bearer " + adminToken)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response = send(http, request);
    if (response.statusCode() != 201) {
      throw new BenchException(
          what + ": POST " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    try {
      return new ObjectMapper().readTree(response.body());
    } catch (IOException e) {
      throw new BenchException(what + ": the answer is not JSON: " + response.body(), e);
    }
  }

  /** The id of the organization with this name ({@code GET /api/admin/organizations}). */
  String organizationId(HttpClient http, String name) {
    HttpResponse<String> response =
        send(
            http,
            HttpRequest.newBuilder(baseUrl.resolve("/api/admin/organizations"))
                .header("Authorization", "Bearer " + adminToken)
                .GET()
                .build());
    try {
      for (JsonNode org : new ObjectMapper().readTree(response.body())) {
        if (org.path("name").asText().equals(name)) {
          return org.path("id").asText();
        }
      }
    } catch (IOException e) {
      throw new BenchException("listing organizations: not JSON: " + response.body(), e);
    }
    throw new BenchException("no organization named " + name + ": " + response.body());
  }

  /** How many events the server has stored for the site; -1 if it does not say. */
  long storedEvents(HttpClient http, String siteId) {
    HttpResponse<String> response =
        send(
            http,
            HttpRequest.newBuilder(baseUrl.resolve("/api/admin/sites/" + siteId + "/counts"))
                .header("Authorization", "Bearer " + adminToken)
                .GET()
                .build());
    if (response.statusCode() != 200) {
      return -1;
    }
    try {
      return new ObjectMapper().readTree(response.body()).path("events").asLong(-1);
    } catch (IOException e) {
      return -1;
    }
  }

  /** The server's Prometheus metrics text (read with the installation token); empty if none. */
  String metrics(HttpClient http) {
    HttpResponse<String> response =
        send(
            http,
            HttpRequest.newBuilder(baseUrl.resolve("/metrics"))
                .header("Authorization", "Bearer " + adminToken)
                .GET()
                .build());
    return response.statusCode() == 200 ? response.body() : "";
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new BenchException(
              "the server exited with status "
                  + process.exitValue()
                  + " before it was ready:\n"
                  + logTail());
        }
        try {
          HttpResponse<Void> ready =
              http.send(
                  HttpRequest.newBuilder(baseUrl.resolve("/readyz"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
          if (ready.statusCode() == 200) {
            return;
          }
        } catch (IOException e) {
          // Not listening yet.
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted while waiting for the server", e);
    }
    throw new BenchException(
        "the server was not ready within " + READY_TIMEOUT.toSeconds() + " s:\n" + logTail());
  }

  private static HttpResponse<String> send(HttpClient http, HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new BenchException(request.method() + " " + request.uri() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted: " + request.uri(), e);
    }
  }

  /** The last 40 lines of the server's log. */
  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log at " + log + ": " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static String javaExecutable() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new BenchException("cannot find a free loopback port: " + e, e);
    }
  }
}
