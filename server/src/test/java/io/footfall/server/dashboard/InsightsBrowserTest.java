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
import io.footfall.server.export.CsvReader;
import java.io.IOException;
import java.net.URLDecoder;
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
 * Saved insights and CSV downloads in the browser, against a server whose site has 40 generated
 * users going through signup, the pricing page and a purchase. An analyst saves a funnel as an
 * insight, finds it in the list, opens it to the same funnel, renames and deletes it; a viewer
 * lists insights but sees no control to save, rename or delete, and no link into one that shows
 * people; every builder page and the people list download a CSV whose rows are the API's, with text
 * that would start a spreadsheet formula neutralised. axe-core finds nothing serious. Screenshots
 * at 1280×800 and 390×844 go to {@code target/screenshots}.
 */
class InsightsBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "correct horse battery staple";
  private static final String BROWSER =
      "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
  private static final String FUNNEL =
      "step=event%3Asignup&step=page%3A%2Fpricing&step=event%3Apurchase"
          + "&window=86400&unit=person&order=ordered&range=7d";

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
    for (String role : List.of("owner", "analyst", "viewer")) {
      admin(
          "POST",
          "/api/admin/organizations/" + org + "/members",
          Map.of("email", role + "@acme.example", "role", role, "password", PASSWORD));
    }
    Random random = new Random(7);
    Instant now = Instant.now();
    ArrayNode batch = JSON.createArrayNode();
    for (int p = 0; p < 40; p++) {
      String user = "user-" + p;
      Instant at = now.minus(Duration.ofHours(2 + random.nextInt(72)));
      int steps = 1 + random.nextInt(3);
      ObjectNode signup = event("s" + p, "signup", at, "/signup", user);
      // Plans a spreadsheet would run as formulas, were they not neutralised.
      signup.putObject("user_properties").put("plan", p % 5 == 0 ? "=1+2" : "pro");
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
  void anAnalystSavesAFunnelOpensItRenamesAndDeletesIt() {
    List<String> found = new ArrayList<>();
    try (BrowserContext context = context()) {
      String funnelUrl = "/sites/" + site + "/funnels?" + FUNNEL;
      Page page = signIn(context, "analyst@acme.example", funnelUrl);
      assertThat(page.locator(".funnel-bar")).hasCount(3);
      List<String> counts = page.locator(".funnel-count").allTextContents();

      page.click("#save-insight");
      Locator name = page.locator("#insight-name");
      assertThat(name).isFocused();
      assertThat(name).hasValue("signup → /pricing → purchase");
      Chromium.accessibility(page, "save form", found);
      Chromium.screenshot(page, "insights-save-form");
      name.fill("Checkout funnel");
      page.click(".save-insight-form button[type=submit]");
      assertThat(page.locator(".save-insight-done"))
          .hasText("Saved as “Checkout funnel”. All insights");
      JsonNode saved = insights();
      assertThat(saved).hasSize(1);
      assertThat(saved.get(0).get("name").asText()).isEqualTo("Checkout funnel");
      assertThat(saved.get(0).get("kind").asText()).isEqualTo("funnels");
      assertThat(saved.get(0).get("state").asText()).isEqualTo(FUNNEL);
      assertThat(saved.get(0).get("created_by").asText()).startsWith("person:");

      // The list: reached from the saved message and from the nav.
      page.click(".save-insight-done a");
      assertThat(page).hasURL(Pattern.compile("/sites/" + site + "/insights$"));
      assertThat(page).hasTitle("Insights · Shop · Footfall");
      assertThat(page.locator(".nav a[aria-current=page]")).hasText("Insights");
      Locator row = page.locator(".insight");
      assertThat(row).hasCount(1);
      assertThat(row.locator(".insight-name")).hasText("Checkout funnel");
      assertThat(row.locator(".insight-kind")).hasText("Funnel");
      assertThat(row.locator(".insight-meta"))
          .containsText("signup → /pricing → purchase · people · Last 7 days · saved by you");
      Chromium.accessibility(page, "insights list", found);
      Chromium.screenshot(page, "insights-desktop");

      // Opening it shows the same funnel, and says which insight it is.
      row.locator("a.insight-name").click();
      assertThat(page)
          .hasURL(server.baseUrl() + funnelUrl + "&insight=" + saved.get(0).get("id").asText());
      assertThat(page.locator(".save-insight-from")).hasText("Saved insight “Checkout funnel”");
      assertThat(page.locator("#update-insight")).hasCount(0);
      assertThat(page.locator("#save-insight")).hasText("Save as new");
      assertThat(page.locator(".funnel-bar")).hasCount(3);
      assertThat(page.locator(".funnel-count")).hasText(counts.toArray(String[]::new));
      assertThat(page.locator("#step-value-2")).hasValue("purchase");

      // Rename: inline, Escape cancels, Enter saves; a reload shows the new name.
      page.goBack();
      assertThat(page).hasURL(Pattern.compile("/insights$"));
      page.click(".insight-actions button:has-text('Rename')");
      assertThat(page.locator(".insight-rename input")).isFocused();
      page.keyboard().press("Escape");
      assertThat(page.locator(".insight-rename")).hasCount(0);
      assertThat(page.locator(".insight-actions button:has-text('Rename')")).isFocused();
      page.click(".insight-actions button:has-text('Rename')");
      page.fill(".insight-rename input", "Signups who bought");
      page.keyboard().press("Enter");
      assertThat(page.locator(".insight .insight-name")).hasText("Signups who bought");
      assertThat(insights().get(0).get("name").asText()).isEqualTo("Signups who bought");
      assertThat(page.locator(".insight-actions button:has-text('Rename')")).isFocused();
      page.reload();
      assertThat(page.locator(".insight .insight-name")).hasText("Signups who bought");

      // Delete asks first, in place; then the list is empty and says how insights come about.
      page.click(".insight-actions button:has-text('Delete')");
      assertThat(page.locator(".insight-confirm")).containsText("Delete “Signups who bought”");
      assertThat(page.locator(".insight-confirm button:has-text('Cancel')")).isFocused();
      page.keyboard().press("Enter");
      assertThat(page.locator(".insight-confirm")).hasCount(0);
      assertThat(page.locator(".insight-actions button:has-text('Rename')")).isFocused();
      page.click(".insight-actions button:has-text('Delete')");
      Chromium.accessibility(page, "delete confirmation", found);
      page.click(".insight-confirm button:has-text('Delete')");
      assertThat(page.locator(".insight")).hasCount(0);
      assertThat(page.locator(".insights-card h2")).hasText("No saved insights yet");
      assertThat(page.locator(".insights-card .people-empty a")).hasCount(5);
      assertThat(insights()).isEmpty();
      Chromium.accessibility(page, "no insights", found);
      Chromium.screenshot(page, "insights-empty");

      // A state longer than the API keeps: the form says why, names the limit, and keeps the name.
      page.navigate(server.baseUrl() + funnelUrl + "&note=" + "x".repeat(4000));
      assertThat(page.locator(".funnel-bar")).hasCount(3);
      page.click("#save-insight");
      page.fill("#insight-name", "Too long");
      page.click(".save-insight-form button[type=submit]");
      assertThat(page.locator(".save-insight-form .form-error"))
          .containsText("state must be at most 4000 characters");
      assertThat(page.locator("#insight-name")).hasValue("Too long");
      Chromium.accessibility(page, "save error", found);
      Chromium.screenshot(page, "insights-save-error");
      assertThat(insights()).isEmpty();
    }
    assertThat(found).isEmpty();
  }

  @Test
  void everyBuilderPageSavesItsOwnStateAndThePhoneLayoutFits() {
    List<String> found = new ArrayList<>();
    try (BrowserContext context = context()) {
      Page page = signIn(context, "owner@acme.example", "/sites/" + site + "?range=7d");
      Map<String, String> pages =
          Map.of(
              "stats", "?range=7d",
              "retention", "/retention?range=30d&period=day",
              "paths", "/paths?dir=start&kind=page&step=%2Fsignup&range=7d",
              "active-users", "/active-users?range=7d&every=day&unit=person");
      for (Map.Entry<String, String> p : pages.entrySet()) {
        page.navigate(server.baseUrl() + "/sites/" + site + p.getValue());
        page.click("#save-insight");
        String name = "Saved " + p.getKey();
        page.fill("#insight-name", name);
        page.keyboard().press("Enter");
        assertThat(page.locator(".save-insight-done")).containsText(name);
        Chromium.screenshot(page, "insights-saved-" + p.getKey());
      }
      JsonNode list = insights();
      assertThat(list).hasSize(4);
      for (JsonNode i : list) {
        String kind = i.get("kind").asText();
        assertThat(i.get("name").asText()).isEqualTo("Saved " + kind);
        String url = "/sites/" + site + pages.get(kind);
        assertThat(i.get("url").asText()).isEqualTo(url);
      }

      // Each opens where it was saved.
      page.navigate(server.baseUrl() + "/sites/" + site + "/insights");
      assertThat(page.locator(".insight")).hasCount(4);
      page.click(".insight-kinds a:has-text('Paths')");
      assertThat(page).hasURL(Pattern.compile("/insights\\?kind=paths$"));
      assertThat(page.locator(".insight")).hasCount(1);
      page.click(".insight a.insight-name");
      assertThat(page)
          .hasURL(
              server.baseUrl()
                  + "/sites/"
                  + site
                  + pages.get("paths")
                  + "&insight="
                  + list.findValuesAsText("id")
                      .get(list.findValuesAsText("kind").indexOf("paths")));
      assertThat(page.locator("#paths-step")).hasValue("/signup");

      // A tablet and a phone: the nav (eleven pages for an owner) wraps instead of running off the
      // screen, and the list fits.
      for (int width : new int[] {820, 390}) {
        page.setViewportSize(width, 844);
        page.navigate(server.baseUrl() + "/sites/" + site + "/insights");
        assertThat(page.locator(".insight")).hasCount(4);
        assertThat(
                (Boolean)
                    page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))
            .as("no horizontal scrolling at " + width + " pixels")
            .isTrue();
        assertThat(page.locator(".nav a")).hasCount(10);
        for (Locator link : page.locator(".nav a").all()) {
          var box = link.boundingBox();
          assertThat(box.x + box.width).as(link.textContent()).isLessThanOrEqualTo(width);
        }
        Chromium.screenshot(page, width == 390 ? "insights-phone" : "insights-tablet");
      }
      Chromium.accessibility(page, "insights phone", found);
      page.navigate(server.baseUrl() + "/sites/" + site + "/funnels?" + FUNNEL);
      assertThat(page.locator(".funnel-bar")).hasCount(3);
      page.click("#save-insight");
      assertThat(
              (Boolean)
                  page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))
          .as("the save form fits a phone")
          .isTrue();
      Chromium.screenshot(page, "insights-save-phone");
      page.click(".save-insight-form button:has-text('Cancel')");
      assertThat(page.locator("#save-insight")).isFocused();
    } finally {
      for (JsonNode i : insights()) {
        admin("DELETE", "/api/admin/sites/" + site + "/insights/" + i.get("id").asText(), null);
      }
    }
    assertThat(found).isEmpty();
  }

  @Test
  void aViewerListsInsightsButCannotSaveChangeOrOpenPeople() {
    String visits = FUNNEL.replace("unit=person", "unit=visit");
    String[] ids = {
      saveAsInstallation("Visits that bought", "funnels", visits),
      saveAsInstallation("Weekly retention", "retention", "range=91d&period=week")
    };
    try (BrowserContext context = context()) {
      Page page = signIn(context, "viewer@acme.example", "/sites/" + site + "/funnels?" + visits);
      assertThat(page.locator(".funnel-bar")).hasCount(3);
      assertThat(page.locator("#save-insight")).hasCount(0);
      page.navigate(server.baseUrl() + "/sites/" + site + "?range=7d");
      assertThat(page.locator(".exports a:has-text('PDF report')")).isVisible();
      assertThat(page.locator("#save-insight")).hasCount(0);
      page.navigate(server.baseUrl() + "/sites/" + site + "/paths");
      assertThat(page.locator(".paths-card")).isVisible();
      assertThat(page.locator("#save-insight")).hasCount(0);

      page.click(".nav a:has-text('Insights')");
      assertThat(page.locator(".insight")).hasCount(2);
      assertThat(page.locator(".insight-actions")).hasCount(0);
      Locator funnel = page.locator(".insight[data-kind=funnels]");
      assertThat(funnel.locator("a.insight-name")).hasText("Visits that bought");
      assertThat(funnel.locator(".insight-meta")).containsText("saved by the installation");
      Locator retention = page.locator(".insight[data-kind=retention]");
      assertThat(retention.locator("a")).hasCount(0);
      assertThat(retention.locator(".insight-closed")).containsText("shows people");
      Chromium.screenshot(page, "insights-viewer");
      funnel.locator("a.insight-name").click();
      assertThat(page)
          .hasURL(
              server.baseUrl() + "/sites/" + site + "/funnels?" + visits + "&insight=" + ids[0]);
      assertThat(page.locator(".funnel-bar")).hasCount(3);
    } finally {
      for (String id : ids) {
        admin("DELETE", "/api/admin/sites/" + site + "/insights/" + id, null);
      }
    }
  }

  @Test
  void everyPageDownloadsTheCsvOfWhatItShows() throws IOException {
    try (BrowserContext context = context()) {
      Page page = signIn(context, "owner@acme.example", "/sites/" + site + "/funnels?" + FUNNEL);

      // The shared writer: text that starts a formula is quoted as text, numbers stay numbers.
      Object written =
          page.evaluate(
              "async () => (await import('/app/csv.js')).csvText(['a', 'b'],"
                  + " [['=1+2', -5], [' @x', '+1'], ['\\uFF1Dx', 'a,\"b\"'], [null, 'plain']])");
      assertThat(written)
          .isEqualTo("a,b\r\n'=1+2,-5\r\n' @x,'+1\r\n'\uFF1Dx,\"a,\"\"b\"\"\"\r\n,plain\r\n");

      // Funnels: a line per step, the API's counts.
      assertThat(page.locator(".funnel-bar")).hasCount(3);
      List<List<String>> funnel =
          download(page, () -> page.click(".list-foot button:has-text('Download CSV')"));
      JsonNode answer =
          api(
              "/api/funnels",
              "{\"site_id\":\""
                  + site
                  + "\",\"date_range\":\"7d\",\"unit\":\"person\",\"window_seconds\":86400,"
                  + "\"steps\":[{\"event\":\"signup\"},{\"page\":\"/pricing\"},"
                  + "{\"event\":\"purchase\"}]}");
      assertThat(funnel.getFirst()).startsWith("step", "label", "count");
      assertThat(funnel).hasSize(4);
      for (int i = 0; i < 3; i++) {
        JsonNode s = answer.get("steps").get(i);
        assertThat(funnel.get(i + 1).subList(0, 3))
            .containsExactly(
                String.valueOf(i + 1), s.get("label").asText(), s.get("count").asText());
      }

      // Retention: a line per cohort and period.
      page.navigate(server.baseUrl() + "/sites/" + site + "/retention?range=7d&period=day");
      List<List<String>> retention =
          download(page, () -> page.click(".retention-table-head button:has-text('CSV')"));
      JsonNode cohorts =
          api(
                  "/api/retention",
                  "{\"site_id\":\""
                      + site
                      + "\",\"date_range\":\"7d\",\"start\":{\"event\":\"pageview\"},"
                      + "\"period\":\"day\",\"periods\":8,\"mode\":\"on\"}")
              .get("cohorts");
      List<List<String>> expected = new ArrayList<>();
      for (JsonNode c : cohorts) {
        for (JsonNode v : c.get("values")) {
          expected.add(
              List.of(
                  c.get("cohort").asText(),
                  c.get("size").asText(),
                  v.get("period").asText(),
                  v.get("people").asText()));
        }
      }
      assertThat(retention.getFirst())
          .containsExactly(
              "cohort",
              "size",
              "period",
              "period_start",
              "people",
              "rate",
              "complete",
              "unit",
              "mode",
              "group");
      assertThat(
              retention.subList(1, retention.size()).stream()
                  .map(l -> List.of(l.get(0), l.get(1), l.get(2), l.get(4)))
                  .toList())
          .isEqualTo(expected)
          .isNotEmpty();

      // Paths: a line per path, its visits.
      page.navigate(
          server.baseUrl() + "/sites/" + site + "/paths?step=%2Fpricing&events=all&range=7d");
      List<List<String>> paths = download(page, () -> page.click("#paths-csv"));
      JsonNode top =
          api(
              "/api/paths",
              "{\"site_id\":\""
                  + site
                  + "\",\"date_range\":\"7d\",\"start\":{\"page\":\"/pricing\"},\"steps\":5,"
                  + "\"events\":\"all\",\"limit\":50}");
      assertThat(paths).hasSize(top.get("paths").size() + 1).hasSizeGreaterThan(1);
      for (int i = 0; i < top.get("paths").size(); i++) {
        List<String> line = paths.get(i + 1);
        assertThat(line.getLast()).isEqualTo(top.get("paths").get(i).get("visits").asText());
        assertThat(line.get(1)).isEqualTo(top.get("paths").get(i).get("steps").get(0).asText());
      }

      // Active users: a line per day, as the API answers.
      page.navigate(server.baseUrl() + "/sites/" + site + "/active-users?range=7d");
      String href = page.locator(".au-controls a.export").getAttribute("href");
      List<List<String>> active =
          CsvReader.parse(
              URLDecoder.decode(href.substring(href.indexOf(',') + 1), StandardCharsets.UTF_8));
      JsonNode days =
          api(
                  "/api/active-users",
                  "{\"site_id\":\""
                      + site
                      + "\",\"date_range\":\"7d\",\"interval\":\"day\",\"unit\":\"person\"}")
              .get("results");
      assertThat(active).hasSize(days.size() + 1);
      for (int i = 0; i < days.size(); i++) {
        assertThat(active.get(i + 1).subList(0, 5))
            .containsExactly(
                days.get(i).get("date").asText(),
                days.get(i).get("from").asText(),
                days.get(i).get("to").asText(),
                "person",
                days.get(i).get("active").asText());
      }

      // People: the people shown, each with its totals; a formula in a property stays text.
      page.navigate(server.baseUrl() + "/sites/" + site + "/people");
      assertThat(page.locator(".people-table tbody tr")).hasCount(40);
      List<List<String>> people = download(page, () -> page.click("#people-csv"));
      JsonNode listed = api("/api/people?site_id=" + site + "&limit=50", null).get("results");
      assertThat(people.getFirst())
          .containsExactly(
              "user_id", "first_seen", "last_seen", "events", "visits", "property:plan");
      assertThat(people).hasSize(listed.size() + 1);
      for (int i = 0; i < listed.size(); i++) {
        JsonNode p = listed.get(i);
        List<String> line = people.get(i + 1);
        assertThat(line.subList(0, 5))
            .containsExactly(
                p.get("user_id").asText(),
                p.get("first_seen").asText(),
                p.get("last_seen").asText(),
                p.get("events").asText(),
                p.get("visits").asText());
        String plan = p.at("/properties/plan").asText();
        assertThat(line.get(5)).isEqualTo(plan.equals("=1+2") ? "'=1+2" : plan);
      }
      assertThat(people.stream().filter(l -> l.get(5).equals("'=1+2")).count()).isEqualTo(8);

      // The overview's chart: the server's CSV of the same series.
      page.navigate(server.baseUrl() + "/sites/" + site + "?range=7d&interval=day");
      List<List<String>> series = download(page, () -> page.click(".chart-card a.export"));
      JsonNode timeseries =
          api(
              "/api/stats/timeseries?site_id="
                  + site
                  + "&date_range=7d&interval=day&metrics=visitors",
              null);
      assertThat(series).hasSize(timeseries.get("results").size() + 1);
      assertThat(series.getFirst()).startsWith("time:day");
    }
  }

  /** 1280×800 in US English and UTC, downloads on, and axe-core allowed in. */
  private static BrowserContext context() {
    return browser.newContext(
        new Browser.NewContextOptions()
            .setViewportSize(1280, 800)
            .setLocale("en-US")
            .setTimezoneId("UTC")
            .setAcceptDownloads(true)
            .setBypassCSP(true));
  }

  /** Clicks what downloads a CSV and parses the file. */
  private static List<List<String>> download(Page page, Runnable click) throws IOException {
    Download d = page.waitForDownload(click);
    String text = Files.readString(d.path(), StandardCharsets.UTF_8);
    assertThat(text).as("CRLF line ends, as the server's exports").contains("\r\n");
    return CsvReader.parse(text);
  }

  private static JsonNode insights() {
    return admin("GET", "/api/admin/sites/" + site + "/insights", null);
  }

  private static String saveAsInstallation(String name, String kind, String state) {
    return admin(
            "POST",
            "/api/admin/sites/" + site + "/insights",
            Map.of("name", name, "kind", kind, "state", state))
        .get("id")
        .asText();
  }

  /** GET (no body) or POST (a body) of the API as the installation; the JSON answer. */
  private static JsonNode api(String path, String body) {
    TestServer.Response r =
        body == null
            ? server.get(path, Map.of("Authorization", bearer()))
            : server.post(path, body, Map.of("Authorization", bearer()));
    assertThat(r.status()).as(path + " " + r.body()).isEqualTo(200);
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
