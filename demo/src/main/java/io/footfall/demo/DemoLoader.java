package io.footfall.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Fills a running Footfall with demo traffic through its real HTTP API.
 *
 * <p>It finds the site named {@value #SITE_NAME} in its organization (or creates it there, in the
 * clock's time zone, on {@value TrafficGenerator#DOMAIN}), gives it the demo's goals that it lacks
 * (sign-ups, purchases, downloads, pricing, docs and blog views; goals are matched by name),
 * generates traffic with {@link TrafficGenerator} for the thirty days up to the clock's instant in
 * the site's zone, and posts it to {@code /api/track} in time order, in batches of at most {@value
 * #BATCH_SIZE} events, with the admin token as {@code Authorization: Bearer}: that is what lets the
 * collector take month-old timestamps and the events' own {@code context.ip} and {@code
 * context.user_agent}. Requests answered 429 or 503 are repeated after the {@code Retry-After} the
 * server names (at most {@value #MAX_ATTEMPTS} attempts per batch).
 *
 * <p>Loading is idempotent for a day: the same seed and date give the same event ids, and the
 * collector drops ids it already holds, so loading twice the same day adds nothing (the second
 * summary reports duplicates and no goals created).
 */
public final class DemoLoader {

  /** The name of the demo site; an existing site with this name is reused. */
  public static final String SITE_NAME = "Demo";

  /** The seed {@link #load(int)} uses. */
  public static final long DEFAULT_SEED = 20_260_101L;

  /** The most events sent in one request. */
  public static final int BATCH_SIZE = 500;

  static final int MAX_ATTEMPTS = 20;
  private static final Duration MAX_RETRY_WAIT = Duration.ofSeconds(30);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final URI baseUrl;
  private final String adminToken;
  private final Clock clock;
  private final String organizationId;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param baseUrl the server's root, e.g. {@code http://127.0.0.1:8080}
   * @param adminToken the server's {@code FOOTFALL_ADMIN_TOKEN}
   * @param clock the end of the demo period; its zone is the time zone of a newly created site
   */
  public DemoLoader(URI baseUrl, String adminToken, Clock clock) {
    this(baseUrl, adminToken, clock, "");
  }

  /**
   * A loader whose demo site lives in the given organization: it reuses a site named {@value
   * #SITE_NAME} there, or creates it there.
   *
   * @param organizationId the organization's id; empty for the server's default organization (where
   *     the installation token's sites go)
   */
  public DemoLoader(URI baseUrl, String adminToken, Clock clock, String organizationId) {
    this.organizationId = Objects.requireNonNull(organizationId, "organizationId");
    Objects.requireNonNull(baseUrl, "baseUrl");
    if (!baseUrl.isAbsolute()
        || !(baseUrl.getScheme().equals("http") || baseUrl.getScheme().equals("https"))) {
      throw new IllegalArgumentException("baseUrl must be an absolute http(s) URL, was " + baseUrl);
    }
    String root = baseUrl.toString();
    this.baseUrl = URI.create(root.endsWith("/") ? root.substring(0, root.length() - 1) : root);
    this.adminToken = Objects.requireNonNull(adminToken, "adminToken");
    if (adminToken.isBlank()) {
      throw new IllegalArgumentException("adminToken must not be empty");
    }
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Loads {@value TrafficGenerator#DEFAULT_TARGET_EVENTS} events or so. */
  public Summary load() {
    return load(TrafficGenerator.DEFAULT_TARGET_EVENTS);
  }

  /**
   * Loads about {@code targetEvents} events of thirty days' traffic with {@link #DEFAULT_SEED}.
   *
   * @throws DemoException if the server is unreachable, refuses a request, or stays overloaded
   */
  public Summary load(int targetEvents) {
    return load(DEFAULT_SEED, targetEvents);
  }

  /**
   * Loads about {@code targetEvents} events of thirty days' traffic drawn with {@code seed}.
   *
   * @throws DemoException if the server is unreachable, refuses a request, or stays overloaded
   */
  public Summary load(long seed, int targetEvents) {
    long started = System.nanoTime();
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
      SiteRef site = findOrCreateSite(http);
      List<String> goalsCreated = addMissingGoals(http, site);
      List<Map<String, Object>> events =
          new TrafficGenerator(
                  seed, clock, site.zone(), TrafficGenerator.DEFAULT_DAYS, targetEvents)
              .events();
      Totals totals = new Totals();
      for (int from = 0; from < events.size(); from += BATCH_SIZE) {
        List<Map<String, Object>> batch =
            events.subList(from, Math.min(events.size(), from + BATCH_SIZE));
        send(http, site, batch, from, totals);
      }
      return new Summary(
          site.id(),
          site.writeKey(),
          Catalog.GOALS.stream().map(Catalog.GoalDefinition::name).toList(),
          goalsCreated,
          events.size(),
          totals.accepted,
          totals.duplicates,
          totals.rejected,
          List.copyOf(totals.rejections),
          Duration.ofNanos(System.nanoTime() - started));
    }
  }

  private SiteRef findOrCreateSite(HttpClient http) {
    HttpResponse<String> list = exchange(http, get("/api/admin/sites"), "listing sites");
    if (list.statusCode() == 200) {
      for (JsonNode site : parse(list, "listing sites")) {
        if (SITE_NAME.equals(site.path("name").asText())
            && (organizationId.isEmpty()
                || organizationId.equals(site.path("organization_id").asText()))) {
          return siteRef(site, list);
        }
      }
    } else if (list.statusCode() != 404 && list.statusCode() != 405) {
      throw refused("listing sites", list);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", SITE_NAME);
    body.put("domain", TrafficGenerator.DOMAIN);
    body.put("timezone", ianaZone(clock.getZone()));
    if (!organizationId.isEmpty()) {
      body.put("organization_id", organizationId);
    }
    HttpResponse<String> created =
        exchange(http, post("/api/admin/sites", bytes(body)), "creating the demo site");
    if (created.statusCode() != 201 && created.statusCode() != 200) {
      throw refused("creating the demo site", created);
    }
    return siteRef(parse(created, "creating the demo site"), created);
  }

  /** Creates the demo goals the site lacks (by name); returns the names of those created. */
  private List<String> addMissingGoals(HttpClient http, SiteRef site) {
    String path = "/api/admin/sites/" + site.id() + "/goals";
    HttpResponse<String> list = exchange(http, get(path), "listing the demo site's goals");
    if (list.statusCode() != 200) {
      throw refused("listing the demo site's goals", list);
    }
    Set<String> existing = new HashSet<>();
    for (JsonNode goal : parse(list, "listing the demo site's goals")) {
      existing.add(goal.path("name").asText());
    }
    List<String> created = new ArrayList<>();
    for (Catalog.GoalDefinition goal : Catalog.GOALS) {
      if (existing.contains(goal.name())) {
        continue;
      }
      String what = "creating the demo goal '" + goal.name() + "'";
      HttpResponse<String> r = exchange(http, post(path, bytes(goal.json())), what);
      if (r.statusCode() == 201) {
        created.add(goal.name());
      } else if (r.statusCode() != 409 || r.body().contains("limit_reached")) {
        // 409 without limit_reached: another load created it meanwhile, which is what we want.
        throw refused(what, r);
      }
    }
    return List.copyOf(created);
  }

  /**
   * The zone's IANA name, which the admin API requires: a fixed offset such as {@code Z} (the zone
   * of {@code Clock.systemUTC()}) becomes {@code UTC} or {@code Etc/GMT±h}; offsets that are not
   * whole hours have no IANA name and become {@code UTC}.
   */
  static String ianaZone(ZoneId zone) {
    if (!(zone instanceof ZoneOffset offset)) {
      return zone.getId();
    }
    int seconds = offset.getTotalSeconds();
    if (seconds == 0 || seconds % 3600 != 0) {
      return "UTC";
    }
    // The Etc/GMT zones have inverted signs: Etc/GMT-2 is two hours ahead of UTC.
    int hours = seconds / 3600;
    return "Etc/GMT" + (hours > 0 ? "-" : "+") + Math.abs(hours);
  }

  private SiteRef siteRef(JsonNode site, HttpResponse<String> response) {
    String id = site.path("id").asText("");
    String writeKey = site.path("write_key").asText("");
    if (id.isEmpty() || writeKey.isEmpty()) {
      throw new DemoException(
          "the site in the answer to "
              + response.request().uri()
              + " has no id or write_key: "
              + excerpt(response.body()));
    }
    String zone = site.path("timezone").asText("");
    return new SiteRef(id, writeKey, zone.isEmpty() ? clock.getZone() : ZoneId.of(zone));
  }

  private void send(
      HttpClient http, SiteRef site, List<Map<String, Object>> batch, int offset, Totals totals) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("site", site.writeKey());
    body.put("batch", batch);
    HttpRequest request = post("/api/track", bytes(body));
    String what = "sending events " + offset + " to " + (offset + batch.size() - 1);
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> response = exchange(http, request, what);
      int status = response.statusCode();
      if (status == 202 || status == 200) {
        JsonNode answer = parse(response, what);
        totals.accepted += answer.path("accepted").asLong();
        totals.duplicates += answer.path("duplicates").asLong();
        for (JsonNode r : answer.path("rejected")) {
          totals.rejected++;
          if (totals.rejections.size() < Summary.MAX_REJECTIONS) {
            totals.rejections.add(
                "event "
                    + (offset + r.path("index").asInt())
                    + ": "
                    + r.path("field").asText()
                    + ": "
                    + r.path("message").asText());
          }
        }
        return;
      }
      if ((status == 429 || status == 503) && attempt < MAX_ATTEMPTS) {
        sleep(retryAfter(response));
        continue;
      }
      throw refused(what + (attempt > 1 ? " (attempt " + attempt + ")" : ""), response);
    }
  }

  /** The server's Retry-After in seconds, at least 0 and at most 30 s; 1 s if absent or a date. */
  static Duration retryAfter(HttpResponse<?> response) {
    String value = response.headers().firstValue("Retry-After").orElse("").strip();
    try {
      long seconds = Long.parseLong(value);
      return seconds < 0 ? Duration.ZERO : min(Duration.ofSeconds(seconds), MAX_RETRY_WAIT);
    } catch (NumberFormatException e) {
      return Duration.ofSeconds(1);
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static void sleep(Duration wait) {
    try {
      Thread.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DemoException("interrupted while waiting " + wait.toMillis() + " ms to retry", e);
    }
  }

  private HttpRequest get(String path) {
    return request(path).GET().build();
  }

  private HttpRequest post(String path, byte[] body) {
    return request(path)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(REQUEST_TIMEOUT)
        .header("Authorization", "Bearer " + adminToken)
        .header("Accept", "application/json");
  }

  private HttpResponse<String> exchange(HttpClient http, HttpRequest request, String what) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new DemoException(
          what + ": cannot connect to " + baseUrl + " (is the server running?)", e);
    } catch (IOException e) {
      throw new DemoException(
          what + ": " + request.method() + " " + request.uri() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DemoException(what + ": interrupted", e);
    }
  }

  private JsonNode parse(HttpResponse<String> response, String what) {
    try {
      return json.readTree(response.body());
    } catch (IOException e) {
      throw new DemoException(
          what
              + ": the answer from "
              + response.request().uri()
              + " is not JSON: "
              + excerpt(response.body()),
          e);
    }
  }

  private byte[] bytes(Object body) {
    try {
      return json.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new DemoException("cannot serialize a request body: " + e.getMessage(), e);
    }
  }

  private static DemoException refused(String what, HttpResponse<String> response) {
    return new DemoException(
        what
            + ": "
            + response.request().method()
            + " "
            + response.request().uri()
            + " answered "
            + response.statusCode()
            + ": "
            + excerpt(response.body()));
  }

  private static String excerpt(String body) {
    return body.length() <= 300 ? body : body.substring(0, 300) + "...";
  }

  private record SiteRef(String id, String writeKey, ZoneId zone) {}

  private static final class Totals {
    long accepted;
    long duplicates;
    long rejected;
    final List<String> rejections = new ArrayList<>();
  }

  /**
   * What a load did.
   *
   * @param siteId the demo site's id
   * @param writeKey the demo site's write key
   * @param goals the names of the demo's goals, which the site now has
   * @param goalsCreated the names of the goals this load created (the others existed)
   * @param sent events sent
   * @param accepted events the collector stored
   * @param duplicates events the collector already held (a repeated load)
   * @param rejected events the collector refused
   * @param rejections the first {@value #MAX_REJECTIONS} refusals: event index, field, reason
   * @param elapsed wall time of the whole load
   */
  public record Summary(
      String siteId,
      String writeKey,
      List<String> goals,
      List<String> goalsCreated,
      int sent,
      long accepted,
      long duplicates,
      long rejected,
      List<String> rejections,
      Duration elapsed) {
    static final int MAX_REJECTIONS = 10;

    public Summary {
      Objects.requireNonNull(siteId, "siteId");
      Objects.requireNonNull(writeKey, "writeKey");
      goals = List.copyOf(goals);
      goalsCreated = List.copyOf(goalsCreated);
      rejections = List.copyOf(rejections);
      Objects.requireNonNull(elapsed, "elapsed");
    }
  }
}
