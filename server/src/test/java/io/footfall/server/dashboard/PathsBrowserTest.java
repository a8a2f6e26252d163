package io.footfall.server.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.footfall.server.BrowserFixture;
import io.footfall.server.Chromium;
import io.footfall.server.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Paths page against a server whose consent-mode site has 60 random visits (seeded): an owner
 * opens it from the navigation, builds paths from a page (the builder in the URL, kept on reload),
 * reads the top paths, the drop-offs and the flow, each figure checked against {@code POST
 * /api/paths}, downloads them as CSV, switches to paths ending at an event (empty with page views
 * only, filled with all events) and sees a refused goal as an error. axe-core finds nothing
 * serious; screenshots at 1280×800 and 390×844 go to {@code target/screenshots}.
 */
class PathsBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "correct horse battery staple";
  private static final String BROWSER =
      "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
  private static final String[] PAGES = {"/", "/pricing", "/docs", "/blog", "/signup"};

  private static TestServer server;
  private static Playwright playwright;
  private static Browser browser;
  private static String site;

  @BeforeAll
  static void start() {
    PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
    server = TestServer.start();
    String org =
        admin("POST", "/api/admin/organizations", Map.of("name", "Acme")).get("id").asText();
    site =
        admin(
                "POST",
                "/api/admin/sites",
                Map.of(
                    "organization_id", org,
                    "name", "Shop",
                    "domain", "shop.example",
                    "timezone", "Europe/Berlin",
                    "currency", "EUR"))
            .get("id")
            .asText();
    server.patchSite(site, "{\"consent_mode\":true}");
    admin(
        "POST",
        "/api/admin/organizations/" + org + "/members",
        Map.of("email", "owner@acme.example", "role", "owner", "password", PASSWORD));
    Random random = new Random(77);
    ArrayNode batch = JSON.createArrayNode();
    Instant now = Instant.now();
    for (int v = 0; v < 60; v++) {
      Instant at = now.minus(Duration.ofHours(2 + random.nextInt(24 * 10)));
      int n = 2 + random.nextInt(5);
      for (int i = 0; i < n; i++) {
        ObjectNode e =
            JSON.createObjectNode()
                .put("event", i == n - 1 && random.nextInt(3) == 0 ? "signup" : "pageview")
                .put("id", "v" + v + "-" + i)
                .put("timestamp", at.plusSeconds(40L * i).toString());
        e.putObject("actor").put("anonymous_id", "anon-" + v);
        e.putObject("context")
            .put("url", "https://shop.example" + PAGES[random.nextInt(PAGES.length)])
            .put("user_agent", BROWSER);
        batch.add(e);
      }
    }
    ObjectNode body = JSON.createObjectNode().put("site", writeKey());
    body.set("batch", batch);
    TestServer.Response r =
        server.post("/api/track", body.toString(), Map.of("Authorization", bearer()));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    assertThat(r.json().get("accepted").asInt()).isEqualTo(batch.size());
    playwright = Playwright.create();
    browser = Chromium.launch(playwright);
  }

  @AfterAll
  static void stop() {
    if (browser != null) browser.close();
    if (playwright != null) playwright.close();
    if (server != null) server.close();
  }

  @Test
  void anOwnerBuildsPathsReadsTheFlowAndDownloadsThem() throws IOException {
    List<String> found = new ArrayList<>();
    try (BrowserContext context =
        browser.newContext(
            new Browser.NewContextOptions()
                .setViewportSize(1280, 800)
                .setLocale("en-US")
                .setTimezoneId("UTC")
                .setBypassCSP(true)
                .setAcceptDownloads(true))) {
      Page page = signIn(context, "/sites/" + site);
      page.click(".nav a:has-text('Paths')");
      assertThat(page).hasURL(Pattern.compile("/sites/" + site + "/paths$"));
      assertThat(page).hasTitle("Paths · Shop · Footfall");
      assertThat(page.locator(".nav a[aria-current=page]")).hasText("Paths");

      // Paths from /pricing over 4 steps, as the API answers them.
      page.fill("#paths-step", "/pricing");
      page.selectOption("#paths-steps", "4");
      page.click(".paths-builder button[type=submit]");
      assertThat(page).hasURL(Pattern.compile("[?&]step=%2Fpricing"));
      assertThat(page).hasURL(Pattern.compile("[?&]steps=4"));
      JsonNode expected = paths("\"start\":{\"page\":\"/pricing\"},\"steps\":4");
      assertThat(expected.get("visits").asLong()).isGreaterThan(5);
      Locator rows = page.locator(".paths-table tbody tr");
      assertThat(rows).hasCount(expected.get("paths").size());
      JsonNode top = expected.get("paths").get(0);
      assertThat(rows.first()).hasAttribute("data-path", join(top.get("steps")));
      assertThat(rows.first().locator("td").nth(1)).hasText(top.get("visits").asText());
      assertThat(rows.first().locator(".path-step.anchor")).hasText("/pricing");
      assertThat(page.locator(".paths-summary"))
          .containsText(expected.get("visits").asText() + " visits took");
      Locator drops = page.locator(".paths-dropoffs tbody tr");
      assertThat(drops).hasCount(4);
      JsonNode second = expected.get("positions").get(1);
      assertThat(drops.nth(1).locator("td").first()).hasText(second.get("visits").asText());
      assertThat(drops.nth(1).locator("td").nth(1)).containsText(second.get("drop_off").asText());
      // The flow: the anchor's box, and a link per drawn edge.
      assertThat(page.locator(".paths-flow rect.flow-box.anchor")).hasCount(1);
      assertThat(page.locator(".paths-flow rect.flow-box.anchor title"))
          .hasText("/pricing: " + expected.get("visits").asText() + " visits");
      assertThat(page.locator(".paths-flow path.flow-link").first()).isAttached();
      Chromium.accessibility(page, "paths", found);
      Chromium.screenshot(page, "paths-desktop");

      // The builder is in the URL: a reload shows the same.
      page.reload();
      assertThat(page.locator("#paths-step")).hasValue("/pricing");
      assertThat(page.locator("#paths-steps")).hasValue("4");
      assertThat(rows).hasCount(expected.get("paths").size());

      // CSV: a row per listed path, the steps in columns.
      Download download = page.waitForDownload(() -> page.click("#paths-csv"));
      List<String> csv =
          Files.readAllLines(download.path(), StandardCharsets.UTF_8).stream()
              .filter(l -> !l.isEmpty())
              .toList();
      assertThat(csv.getFirst()).isEqualTo("rank,step 1,step 2,step 3,step 4,visits");
      assertThat(csv).hasSize(expected.get("paths").size() + 1);
      List<String> names = new ArrayList<>();
      top.get("steps").forEach(n -> names.add(n.asText()));
      while (names.size() < 4) names.add("");
      assertThat(csv.get(1))
          .isEqualTo("1," + String.join(",", names) + "," + top.get("visits").asText());

      // Ending at an event: none with page views only, then with all events.
      page.selectOption("#paths-dir", "end");
      page.selectOption("#paths-kind", "event");
      page.fill("#paths-step", "signup");
      page.click(".paths-builder button[type=submit]");
      assertThat(page.locator(".paths-empty h2")).hasText("No paths");
      assertThat(page.locator(".paths-empty")).containsText("count all events");
      Chromium.screenshot(page, "paths-empty-desktop");
      page.selectOption("#paths-events", "all");
      page.click(".paths-builder button[type=submit]");
      JsonNode ends = paths("\"end\":{\"event\":\"signup\"},\"events\":\"all\",\"steps\":4");
      assertThat(ends.get("visits").asLong()).isPositive();
      assertThat(rows).hasCount(ends.get("paths").size());
      assertThat(rows.first().locator(".path-step").last()).hasText("signup");
      assertThat(rows.first().locator(".path-step.anchor")).hasText("signup");
      Chromium.screenshot(page, "paths-end-desktop");

      // A goal the site does not have: the API's 400, shown with its words.
      page.selectOption("#paths-kind", "goal");
      page.fill("#paths-step", "Nope");
      page.click(".paths-builder button[type=submit]");
      assertThat(page.locator(".paths-card .error-box")).containsText("no goal named 'Nope'");
    }
    assertThat(server.get("/definitions", Map.of()).body()).contains("id=\"paths\"");
    assertThat(found).as("serious or critical axe-core violations").isEmpty();
  }

  @Test
  void thePhoneLayoutHasNoSidewaysScrolling() {
    try (BrowserContext context = Chromium.context(browser, 390, 844)) {
      Page page = signIn(context, "/sites/" + site + "/paths?step=%2Fpricing&steps=5&range=30d");
      assertThat(page.locator(".paths-table tbody tr").first()).isVisible();
      Chromium.screenshot(page, "paths-phone");
      assertThat(
              (Boolean)
                  page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))
          .as("no horizontal scrolling at phone width")
          .isTrue();
    }
  }

  // ------------------------------------------------------------------ helpers

  private static JsonNode paths(String rest) {
    TestServer.Response r =
        server.post(
            "/api/paths",
            "{\"site_id\":\"" + site + "\",\"date_range\":\"30d\",\"limit\":50," + rest + "}",
            Map.of("Authorization", bearer()));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private static String join(JsonNode steps) {
    List<String> names = new ArrayList<>();
    steps.forEach(n -> names.add(n.asText()));
    return String.join(" → ", names);
  }

  private static Page signIn(BrowserContext context, String path) {
    return BrowserFixture.signIn(server, context, "owner@acme.example", PASSWORD, path);
  }

  private static String writeKey() {
    return BrowserFixture.writeKey(server, site);
  }

  private static String bearer() {
    return BrowserFixture.bearer(server);
  }

  private static JsonNode admin(String method, String path, Object body) {
    return BrowserFixture.admin(server, method, path, body);
  }
}
