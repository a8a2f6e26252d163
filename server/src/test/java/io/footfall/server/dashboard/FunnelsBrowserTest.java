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
 * The Funnels page against a server whose site has generated users going through signup, the
 * pricing page and a purchase as far as each was made to. An owner builds the funnel (the builder
 * state lands in the URL and survives a reload), reads the bars, whose figures are checked against
 * the funnels API, and downloads them as CSV; a viewer counts visits and is told that funnels of
 * people are not theirs. Split by the source of step 1, its table's rows match the API's groups.
 * axe-core finds nothing serious. Screenshots at 1280×800 and 390×844 go to {@code
 * target/screenshots}.
 */
class FunnelsBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "correct horse battery staple";
  private static final String BROWSER =
      "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

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
                    "timezone", "UTC",
                    "currency", "EUR"))
            .get("id")
            .asText();
    for (String role : List.of("owner", "viewer")) {
      admin(
          "POST",
          "/api/admin/organizations/" + org + "/members",
          Map.of("email", role + "@acme.example", "role", role, "password", PASSWORD));
    }
    Random random = new Random(42);
    Instant now = Instant.now();
    ArrayNode batch = JSON.createArrayNode();
    for (int p = 0; p < 40; p++) {
      String user = "user-" + p;
      Instant at = now.minus(Duration.ofHours(2 + random.nextInt(72)));
      int steps = 1 + random.nextInt(3);
      ObjectNode signup = event("s" + p, "signup", at, "/signup", user);
      // Three sources on step 1 (Google, DuckDuckGo, none), for the breakdown by source.
      if (p % 3 != 2) {
        ((ObjectNode) signup.get("context"))
            .put("referrer", p % 3 == 0 ? "https://www.google.com/" : "https://duckduckgo.com/");
      }
      // A person property for the split by it: most people have a plan, some none.
      if (p % 4 != 3) {
        signup.putObject("user_properties").put("plan", p % 4 == 0 ? "pro" : "free");
      }
      batch.add(signup);
      if (steps >= 2) {
        at = at.plusSeconds(1 + random.nextInt(600));
        batch.add(event("v" + p, "pageview", at, "/pricing", user));
      }
      if (steps == 3) {
        at = at.plusSeconds(1 + random.nextInt(600));
        batch.add(event("b" + p, "purchase", at, "/checkout", user));
      }
    }
    ObjectNode body = JSON.createObjectNode().put("site", writeKey());
    body.set("batch", batch);
    TestServer.Response r =
        server.post("/api/track", body.toString(), Map.of("Authorization", bearer()));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
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
  void anOwnerBuildsAFunnelReadsItsBarsAndDownloadsThem() throws IOException {
    List<String> found = new ArrayList<>();
    try (BrowserContext context =
        browser.newContext(
            new Browser.NewContextOptions()
                .setViewportSize(1280, 800)
                .setLocale("en-US")
                .setTimezoneId("UTC")
                .setAcceptDownloads(true)
                .setBypassCSP(true))) {
      Page page = signIn(context, "owner@acme.example", "/sites/" + site);
      page.click(".nav a:has-text('Funnels')");
      assertThat(page).hasURL(Pattern.compile("/sites/" + site + "/funnels$"));
      assertThat(page).hasTitle("Funnels · Shop · Footfall");
      assertThat(page.locator(".funnel-card h2")).hasText("Build a funnel");

      page.fill("#step-value-0", "signup");
      page.selectOption("#step-kind-1", "page");
      page.fill("#step-value-1", "/pricing");
      page.click(".funnel-options button:has-text('Add step')");
      page.fill("#step-value-2", "purchase");
      page.selectOption("#funnel-range", "7d");
      page.check(".funnel-options input[type=checkbox]");
      page.click(".funnel-options button[type=submit]");
      assertThat(page)
          .hasURL(
              Pattern.compile("step=event%3Asignup&step=page%3A%2Fpricing&step=event%3Apurchase"));
      assertThat(page.locator(".funnel-bar")).hasCount(3);

      JsonNode answer = funnel("person");
      for (int i = 0; i < 3; i++) {
        JsonNode s = answer.get("steps").get(i);
        Locator bar = page.locator(".funnel-bar").nth(i);
        assertThat(bar.locator(".funnel-count"))
            .hasText(Pattern.compile("^" + s.get("count").asLong() + " (person|people)$"));
        if (i > 0) {
          assertThat(bar.locator(".funnel-dropped"))
              .containsText(s.get("dropped").asLong() + " dropped");
        }
      }
      assertThat(answer.get("steps").get(0).get("count").asLong()).isEqualTo(40);
      assertThat(page.locator(".funnel-before")).hasCount(3);
      Chromium.accessibility(page, "funnel", found);
      Chromium.screenshot(page, "funnels-desktop");

      Download download =
          page.waitForDownload(() -> page.click(".list-foot button:has-text('Download CSV')"));
      String csv = Files.readString(download.path(), StandardCharsets.UTF_8);
      String[] lines = csv.split("\r\n");
      assertThat(lines).hasSize(4);
      assertThat(lines[0]).startsWith("step,label,count,conversion_from_first");
      for (int i = 0; i < 3; i++) {
        JsonNode s = answer.get("steps").get(i);
        assertThat(lines[i + 1])
            .startsWith((i + 1) + "," + s.get("label").asText() + "," + s.get("count").asLong());
      }

      // The builder's state is the URL's: a reload shows the same funnel.
      page.reload();
      assertThat(page.locator("#step-value-1")).hasValue("/pricing");
      assertThat(page.locator(".funnel-bar")).hasCount(3);

      // Split by the source of step 1: one row per source, as the API counts them.
      page.selectOption("#funnel-breakdown", "visit:source");
      page.click(".funnel-options button[type=submit]");
      assertThat(page).hasURL(Pattern.compile("breakdown=visit%3Asource"));
      JsonNode groups = funnel("person", ",\"breakdown\":\"visit:source\"").get("breakdown");
      assertThat(groups.get("groups")).hasSize(3);
      Locator rows = page.locator(".funnel-group");
      assertThat(rows).hasCount(3);
      long total = 0;
      for (int g = 0; g < 3; g++) {
        JsonNode group = groups.get("groups").get(g);
        Locator row = rows.nth(g);
        assertThat(row.locator(".funnel-value")).hasText(group.get("value").asText());
        for (int i = 0; i < 3; i++) {
          assertThat(row.locator(".funnel-group-count").nth(i))
              .hasText(String.valueOf(group.get("steps").get(i).get("count").asLong()));
        }
        total += group.get("steps").get(0).get("count").asLong();
      }
      assertThat(total).isEqualTo(40);
      assertThat(rows.first().locator(".funnel-value")).not().hasText("(none)");
      Chromium.accessibility(page, "funnel by source", found);
      Chromium.screenshot(page, "funnels-breakdown-desktop");
      // The CSV carries the groups' rows after the whole funnel's, the value in a last column
      // (after the previous period's count, empty on their rows).
      Download split =
          page.waitForDownload(() -> page.click(".list-foot button:has-text('Download CSV')"));
      String[] splitLines = Files.readString(split.path(), StandardCharsets.UTF_8).split("\r\n");
      assertThat(splitLines).hasSize(1 + 3 + 3 * 3);
      assertThat(splitLines[0]).endsWith(",visit:source");
      JsonNode firstGroup = groups.get("groups").get(0);
      assertThat(splitLines[4])
          .isEqualTo(
              "1,signup,"
                  + firstGroup.get("steps").get(0).get("count").asLong()
                  + ",1,1,0,,,,"
                  + firstGroup.get("value").asText());
      page.reload();
      assertThat(page.locator("#funnel-breakdown")).hasValue("visit:source");
      assertThat(page.locator(".funnel-group")).hasCount(3);

      // Split by a person property, its key suggested from the people's properties.
      page.selectOption("#funnel-breakdown", "person");
      assertThat(page.locator("#funnel-person-keys option[value=plan]")).hasCount(1);
      page.fill("#funnel-breakdown-key", "plan");
      page.click(".funnel-options button[type=submit]");
      assertThat(page).hasURL(Pattern.compile("breakdown=property%3Aplan"));
      JsonNode plans = funnel("person", ",\"breakdown\":\"property:plan\"").get("breakdown");
      assertThat(plans.get("groups")).hasSize(3);
      Locator planRows = page.locator(".funnel-group");
      assertThat(planRows).hasCount(3);
      for (int g = 0; g < 3; g++) {
        JsonNode group = plans.get("groups").get(g);
        assertThat(planRows.nth(g).locator(".funnel-value")).hasText(group.get("value").asText());
        assertThat(planRows.nth(g).locator(".funnel-group-count").first())
            .hasText(String.valueOf(group.get("steps").get(0).get("count").asLong()));
      }
      assertThat(page.locator(".funnel-groups h2")).containsText("person property plan");
      // Counting visits instead drops the split: a visit has no person.
      page.selectOption("#funnel-unit", "visit");
      assertThat(page.locator("#funnel-breakdown")).hasValue("");
      assertThat(page.locator("#funnel-breakdown option[value=person]")).hasCount(0);
      page.goBack();
      assertThat(page.locator("#funnel-breakdown")).hasValue("visit:source");

      // The goals page's cart abandonment preset opens a funnel nobody here started.
      page.navigate(server.baseUrl() + "/sites/" + site + "/settings?tab=goals");
      page.click("#preset-cart-abandonment");
      assertThat(page)
          .hasURL(
              Pattern.compile("/funnels\\?step=page%3A%2Fcart&step=page%3A%2Fcheckout&step=.*"));
      assertThat(page.locator(".funnel-card h2")).hasText("Nobody started this funnel");
      page.goBack();
      page.goBack();
      assertThat(page.locator(".funnel-bar")).hasCount(3);

      page.setViewportSize(390, 844);
      assertThat(page.locator(".funnel-bar")).hasCount(3);
      assertThat(
              (Boolean)
                  page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))
          .as("no horizontal scrolling at phone width")
          .isTrue();
      Chromium.screenshot(page, "funnels-phone");
    }
    assertThat(found).isEmpty();
  }

  @Test
  void anEmptyBuilderOffersAFunnelOfTheSitesFirstGoals() {
    String goals = "/api/admin/sites/" + site + "/goals";
    admin("POST", goals, Map.of("name", "Signed up", "type", "event", "event_name", "signup"));
    admin("POST", goals, Map.of("name", "Saw pricing", "type", "pageview", "path", "/pricing"));
    try (BrowserContext context =
        browser.newContext(
            new Browser.NewContextOptions()
                .setViewportSize(1280, 800)
                .setLocale("en-US")
                .setTimezoneId("UTC")
                .setBypassCSP(true))) {
      Page page = signIn(context, "owner@acme.example", "/sites/" + site + "/funnels?range=7d");
      assertThat(page.locator(".funnel-card h2")).hasText("Build a funnel");
      Locator example = page.locator("#funnel-goals-example");
      assertThat(example).hasText("Signed up → Saw pricing");
      example.click();
      assertThat(page)
          .hasURL(Pattern.compile("step=goal%3ASigned\\+up&step=goal%3ASaw\\+pricing.*range=7d"));
      TestServer.Response r =
          server.post(
              "/api/funnels",
              "{\"site_id\":\""
                  + site
                  + "\",\"date_range\":\"7d\",\"steps\":[{\"goal\":\"Signed up\"},"
                  + "{\"goal\":\"Saw pricing\"}]}",
              Map.of("Authorization", bearer()));
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      JsonNode answer = r.json();
      assertThat(page.locator(".funnel-bar")).hasCount(2);
      for (int i = 0; i < 2; i++) {
        long count = answer.get("steps").get(i).get("count").asLong();
        assertThat(page.locator(".funnel-bar").nth(i).locator(".funnel-count"))
            .hasText(Pattern.compile("^" + count + " (person|people)$"));
      }
    }
  }

  @Test
  void aViewerCountsVisitsAndIsToldThatPeopleAreNotTheirs() {
    try (BrowserContext context =
        browser.newContext(
            new Browser.NewContextOptions().setViewportSize(1280, 800).setTimezoneId("UTC"))) {
      String steps = "?step=event%3Asignup&step=page%3A%2Fpricing&range=7d";
      Page page = signIn(context, "viewer@acme.example", "/sites/" + site + "/funnels" + steps);
      assertThat(page.locator("#funnel-unit")).hasValue("visit");
      JsonNode visits = funnel("visit");
      assertThat(page.locator(".funnel-bar").first().locator(".funnel-count"))
          .hasText(
              Pattern.compile(
                  "^" + visits.get("steps").get(0).get("count").asLong() + " visits?$"));
      page.navigate(server.baseUrl() + "/sites/" + site + "/funnels" + steps + "&unit=person");
      assertThat(page.locator(".funnel-card [role=alert] h2"))
          .hasText("Your role cannot see funnels of people");
    }
  }

  private static JsonNode funnel(String unit) {
    return funnel(unit, "");
  }

  private static JsonNode funnel(String unit, String extra) {
    String body =
        "{\"site_id\":\""
            + site
            + "\",\"date_range\":\"7d\",\"unit\":\""
            + unit
            + "\",\"steps\":[{\"event\":\"signup\"},{\"page\":\"/pricing\"}"
            + (unit.equals("person") ? ",{\"event\":\"purchase\"}" : "")
            + "]"
            + extra
            + "}";
    TestServer.Response r = server.post("/api/funnels", body, Map.of("Authorization", bearer()));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private static ObjectNode event(String id, String name, Instant at, String path, String user) {
    ObjectNode e = JSON.createObjectNode().put("event", name).put("id", id);
    e.put("timestamp", at.toString());
    e.putObject("actor").put("user_id", user);
    e.putObject("context")
        .put("url", "https://shop.example" + path)
        .put("user_agent", BROWSER)
        .put("title", "Shop " + path);
    return e;
  }

  private static String writeKey() {
    return BrowserFixture.writeKey(server, site);
  }

  private static Page signIn(BrowserContext context, String email, String path) {
    return BrowserFixture.signIn(server, context, email, PASSWORD, path);
  }

  private static String bearer() {
    return BrowserFixture.bearer(server);
  }

  private static JsonNode admin(String method, String path, Object body) {
    return BrowserFixture.admin(server, method, path, body);
  }
}
