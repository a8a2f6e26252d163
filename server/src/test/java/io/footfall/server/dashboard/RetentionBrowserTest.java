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
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.footfall.server.BrowserFixture;
import io.footfall.server.Chromium;
import io.footfall.server.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Retention page against a server whose site has people who sign up and come back over ten
 * weeks (seeded at random). An owner builds a weekly signup → login retention, the builder's state
 * in the URL; every cell of the triangle and every point of the curve is checked against {@code
 * POST /api/retention}; the CSV download holds the same numbers; a step no one did shows the empty
 * state, a goal the site lacks the API's error; a viewer gets neither the link nor the data;
 * axe-core finds nothing serious. Screenshots at 1280×800 and 390×844 go to {@code
 * target/screenshots}.
 */
class RetentionBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "correct horse battery staple";
  private static final String BROWSER =
      "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
  private static final int PEOPLE = 60;

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
    for (String role : List.of("owner", "viewer")) {
      admin(
          "POST",
          "/api/admin/organizations/" + org + "/members",
          Map.of("email", role + "@acme.example", "role", role, "password", PASSWORD));
    }
    Random random = new Random(20261207);
    Instant now = Instant.now();
    ArrayNode batch = JSON.createArrayNode();
    int n = 0;
    for (int u = 0; u < PEOPLE; u++) {
      // Signups spread over ten weeks; fewer come back each week after.
      Instant signup = now.minus(Duration.ofMinutes(1 + random.nextInt(70 * 24 * 60)));
      ObjectNode first = event("s" + n++, "signup", signup, "user-" + u);
      if (u % 3 != 0) {
        ((ObjectNode) first.get("context"))
            .put("referrer", u % 3 == 1 ? "https://www.google.com/" : "https://duckduckgo.com/");
      }
      if (u % 4 != 0) {
        first.putObject("user_properties").put("plan", u % 4 == 1 ? "pro" : "free");
      }
      batch.add(first);
      double stay = 0.4 + random.nextDouble() * 0.5;
      for (int week = 1; signup.plus(Duration.ofDays(7L * week)).isBefore(now); week++) {
        if (random.nextDouble() > Math.pow(stay, week)) {
          continue;
        }
        Instant login = signup.plus(Duration.ofDays(7L * week)).minusSeconds(random.nextInt(3_600));
        batch.add(event("l" + n++, "login", login, "user-" + u));
      }
      // Some buy, and some of those buy again in a later month.
      if (random.nextInt(3) == 0) {
        Instant bought = signup.plusSeconds(600);
        batch.add(event("p" + n++, "purchase", bought, "user-" + u));
        Instant again = bought.plus(Duration.ofDays(20 + random.nextInt(40)));
        if (random.nextBoolean() && again.isBefore(now)) {
          batch.add(event("p" + n++, "purchase", again, "user-" + u));
        }
      }
      if (batch.size() > 400) {
        track(batch);
        batch = JSON.createArrayNode();
      }
    }
    // An anonymous visitor's login is nobody's.
    ObjectNode anonymous = event("x" + n++, "login", now.minus(Duration.ofDays(3)), null);
    anonymous.putObject("actor").put("anonymous_id", "stranger");
    batch.add(anonymous);
    track(batch);
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
  void anOwnerBuildsAWeeklyRetentionAndReadsEveryCohort() throws Exception {
    List<String> found = new ArrayList<>();
    try (BrowserContext context =
        browser.newContext(
            new Browser.NewContextOptions()
                .setViewportSize(1280, 800)
                .setLocale("en-US")
                .setTimezoneId("UTC")
                .setBypassCSP(true)
                .setAcceptDownloads(true))) {
      Page page = signIn(context, "owner@acme.example", "/sites/" + site);
      page.click(".nav a:has-text('Retention')");
      assertThat(page).hasURL(Pattern.compile("/sites/" + site + "/retention$"));
      assertThat(page).hasTitle("Retention · Shop · Footfall");
      assertThat(page.locator(".nav a[aria-current=page]")).hasText("Retention");
      // The default: pageviews, which no one here sent.
      assertThat(page.locator(".retention-empty h2")).hasText("No one to follow");
      assertThat(page.locator(".retention-empty a")).hasAttribute("href", "/definitions#retention");
      Chromium.screenshot(page, "retention-empty-desktop");

      page.fill("#retention-start", "signup");
      page.fill("#retention-return", "login");
      page.selectOption("#retention-period", "week");
      page.fill("#retention-periods", "6");
      page.selectOption("#retention-range", "91d");
      page.click(".retention-builder button[type=submit]");
      assertThat(page).hasURL(Pattern.compile("[?&]start=event%3Asignup"));
      assertThat(page).hasURL(Pattern.compile("[?&]return=event%3Alogin"));
      assertThat(page).hasURL(Pattern.compile("[?&]periods=6"));
      JsonNode on = retention("on");
      assertMatches(page, on);
      Chromium.accessibility(page, "retention", found);
      Chromium.screenshot(page, "retention-desktop");

      // The URL holds the builder: a reload shows the same, fields included.
      page.reload();
      assertThat(page.locator("#retention-start")).hasValue("signup");
      assertThat(page.locator("#retention-periods")).hasValue("6");
      assertMatches(page, on);

      // On or after: never rising from one week to the next.
      page.selectOption("#retention-mode", "on_or_after");
      page.click(".retention-builder button[type=submit]");
      assertThat(page).hasURL(Pattern.compile("[?&]mode=on_or_after"));
      JsonNode later = retention("on_or_after");
      assertMatches(page, later);
      for (JsonNode c : later.get("cohorts")) {
        for (int k = 2; k < c.get("values").size(); k++) {
          assertThat(c.get("values").get(k).get("people").asLong())
              .isLessThanOrEqualTo(c.get("values").get(k - 1).get("people").asLong());
        }
      }
      page.goBack();
      assertThat(page.locator("#retention-mode")).hasValue("on");
      assertMatches(page, on);

      // The CSV holds every cohort's every period, as the API answers.
      Download download =
          page.waitForDownload(() -> page.click(".retention-table-head button:has-text('CSV')"));
      List<String> csv = Files.readAllLines(download.path(), StandardCharsets.UTF_8);
      assertThat(csv.getFirst()).startsWith("cohort,size,period,period_start,people,rate");
      List<String> expected = new ArrayList<>();
      for (JsonNode c : on.get("cohorts")) {
        for (JsonNode v : c.get("values")) {
          expected.add(
              c.get("cohort").asText()
                  + ","
                  + c.get("size").asLong()
                  + ","
                  + v.get("period").asInt()
                  + ","
                  + v.get("start").asText()
                  + ","
                  + v.get("people").asLong());
        }
      }
      assertThat(csv.subList(1, csv.size()))
          .extracting(line -> line.substring(0, nthComma(line, 5)))
          .containsExactlyElementsOf(expected);

      // The repeat-purchase preset: purchase, then purchase again a month or more later.
      page.click(".retention-presets button:has-text('Repeat purchases')");
      assertThat(page).hasURL(Pattern.compile("[?&]return=event%3Apurchase"));
      assertThat(page).hasURL(Pattern.compile("[?&]mode=on_or_after"));
      assertThat(page.locator("#retention-start")).hasValue("purchase");
      assertThat(page.locator("#retention-period")).hasValue("month");
      JsonNode repeat =
          admin(
              "POST",
              "/api/retention",
              Map.of(
                  "site_id",
                  site,
                  "date_range",
                  "12mo",
                  "start",
                  Map.of("event", "purchase"),
                  "return",
                  Map.of("event", "purchase"),
                  "period",
                  "month",
                  "periods",
                  6,
                  "mode",
                  "on_or_after"));
      assertThat(repeat.get("cohorts").size()).isGreaterThan(0);
      assertThat(page.locator(".retention-table tbody tr")).hasCount(repeat.get("cohorts").size());
      long buyers = 0;
      for (JsonNode c : repeat.get("cohorts")) {
        buyers += c.get("size").asLong();
      }
      assertThat(page.locator(".retention-summary"))
          .containsText(buyers + " people did purchase first in the range");

      // Split by the source of the signup: one row per source and cohort, as the API answers.
      page.navigate(
          server.baseUrl()
              + "/sites/"
              + site
              + "/retention?start=event:signup&return=event:login&range=91d&period=week&periods=6");
      page.selectOption("#retention-breakdown", "source");
      page.click(".retention-builder button[type=submit]");
      assertThat(page).hasURL(Pattern.compile("[?&]breakdown=source"));
      JsonNode split =
          admin(
              "POST",
              "/api/retention",
              Map.of(
                  "site_id",
                  site,
                  "date_range",
                  "91d",
                  "start",
                  Map.of("event", "signup"),
                  "return",
                  Map.of("event", "login"),
                  "period",
                  "week",
                  "periods",
                  6,
                  "breakdown",
                  "source"));
      Locator splitRows = page.locator(".retention-table tbody tr");
      assertThat(splitRows).hasCount(split.get("cohorts").size());
      for (int i = 0; i < split.get("cohorts").size(); i++) {
        JsonNode c = split.get("cohorts").get(i);
        assertThat(splitRows.nth(i)).hasAttribute("data-group", c.get("group").asText());
        assertThat(splitRows.nth(i)).hasAttribute("data-cohort", c.get("cohort").asText());
        assertThat(splitRows.nth(i).locator("td.cell").nth(1))
            .hasAttribute("data-people", c.get("values").get(1).get("people").asText());
      }
      assertThat(page.locator(".retention-table td.group").first()).hasText("(none)");
      assertThat(
              page.locator(
                      ".retention-table td.group", new Page.LocatorOptions().setHasText("Google"))
                  .first())
          .isVisible();
      Chromium.screenshot(page, "retention-by-source-desktop");

      // Split by the people's current plan.
      page.selectOption("#retention-breakdown", "property");
      page.fill("#retention-property", "plan");
      page.click(".retention-builder button[type=submit]");
      assertThat(page).hasURL(Pattern.compile("[?&]breakdown=property%3Aplan"));
      JsonNode byPlan =
          admin(
              "POST",
              "/api/retention",
              Map.of(
                  "site_id",
                  site,
                  "date_range",
                  "91d",
                  "start",
                  Map.of("event", "signup"),
                  "return",
                  Map.of("event", "login"),
                  "period",
                  "week",
                  "periods",
                  6,
                  "breakdown",
                  "property:plan"));
      Locator planRows = page.locator(".retention-table tbody tr");
      assertThat(planRows).hasCount(byPlan.get("cohorts").size());
      for (int i = 0; i < byPlan.get("cohorts").size(); i++) {
        JsonNode c = byPlan.get("cohorts").get(i);
        assertThat(planRows.nth(i)).hasAttribute("data-group", c.get("group").asText());
        assertThat(planRows.nth(i).locator("td").nth(1))
            .hasText(String.valueOf(c.get("size").asLong()));
      }
      assertThat(page.locator(".retention-table thead th").first()).hasText("plan");
      assertThat(
              page.locator(".retention-table td.group", new Page.LocatorOptions().setHasText("pro"))
                  .first())
          .isVisible();
      page.reload();
      assertThat(page.locator("#retention-property")).hasValue("plan");

      // A goal the site does not have: the API's message, naming it.
      page.navigate(server.baseUrl() + "/sites/" + site + "/retention?start=goal:Nope&period=week");
      assertThat(page.locator(".error-box")).containsText("no goal named 'Nope'");
    }
    assertThat(server.get("/definitions", Map.of()).body()).contains("id=\"retention\"");
    assertThat(found).as("serious or critical axe-core violations").isEmpty();
  }

  @Test
  void thePhoneLayoutScrollsTheTriangleNotThePage() {
    try (BrowserContext context = Chromium.context(browser, 390, 844)) {
      Page page =
          signIn(
              context,
              "owner@acme.example",
              "/sites/" + site + "/retention?start=event:signup&return=event:login&periods=8");
      assertThat(page.locator(".retention-table tbody tr").first()).isVisible();
      Chromium.screenshot(page, "retention-phone");
      assertThat(
              (Boolean)
                  page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))
          .as("no horizontal scrolling of the page at phone width")
          .isTrue();
    }
  }

  @Test
  void aViewerGetsNeitherTheLinkNorTheRetention() {
    try (BrowserContext context = Chromium.context(browser, 1280, 800)) {
      Page page = signIn(context, "viewer@acme.example", "/sites/" + site);
      assertThat(page.locator(".nav a:has-text('Overview')")).isVisible();
      assertThat(page.locator(".nav a:has-text('Retention')")).hasCount(0);
      Response answer =
          page.waitForResponse(
              r -> r.url().contains("/api/retention"),
              () ->
                  page.navigate(
                      server.baseUrl() + "/sites/" + site + "/retention?start=event:signup"));
      assertThat(answer.status()).isEqualTo(403);
      assertThat(page.locator(".empty-site h2")).hasText("Your role cannot see retention");
      assertThat(page.locator(".retention-table")).hasCount(0);
    }
  }

  // ------------------------------------------------------------------ helpers

  /** The page's triangle and curve against an answer of the API. */
  private static void assertMatches(Page page, JsonNode answer) {
    JsonNode cohorts = answer.get("cohorts");
    assertThat(cohorts.size()).isGreaterThan(5);
    Locator rows = page.locator(".retention-table tbody tr");
    assertThat(rows).hasCount(cohorts.size());
    String today = answer.get("meta").get("now").asText().substring(0, 10);
    long people = 0;
    for (int i = 0; i < cohorts.size(); i++) {
      JsonNode c = cohorts.get(i);
      people += c.get("size").asLong();
      Locator row = rows.nth(i);
      assertThat(row).hasAttribute("data-cohort", c.get("cohort").asText());
      assertThat(row.locator("td").first()).hasText(String.valueOf(c.get("size").asLong()));
      Locator cells = row.locator("td.cell");
      assertThat(cells).hasCount(c.get("values").size());
      for (JsonNode v : c.get("values")) {
        Locator cell = cells.nth(v.get("period").asInt());
        if (v.get("start").asText().compareTo(today) > 0) {
          assertThat(cell).hasText("");
          continue;
        }
        assertThat(cell).hasAttribute("data-people", String.valueOf(v.get("people").asLong()));
        double rate = v.get("people").asDouble() / c.get("size").asDouble() * 100;
        String shown = String.format(Locale.ROOT, "%.1f", rate).replaceAll("\\.0$", "") + " %";
        assertThat(cell).hasText(shown + (v.get("complete").asBoolean() ? "" : "*"));
      }
    }
    assertThat(page.locator(".retention-summary"))
        .containsText(people + " people did signup first in the range");
    // The curve: period k's share over the cohorts whose value k is final.
    int finals = 0;
    for (int k = 0; k <= answer.get("periods").asInt(); k++) {
      long size = 0;
      long back = 0;
      for (JsonNode c : cohorts) {
        JsonNode v = c.get("values").get(k);
        if (v.get("complete").asBoolean()) {
          size += c.get("size").asLong();
          back += v.get("people").asLong();
        }
      }
      if (size > 0) {
        finals++;
        Locator dot = page.locator(".retention-curve circle[data-period='" + k + "']");
        assertThat(dot)
            .hasAttribute("data-rate", String.format(Locale.ROOT, "%.4f", (double) back / size));
        assertThat(dot).hasAttribute("class", "dot");
      }
    }
    assertThat(finals).as("periods final in some cohort").isGreaterThan(0);
  }

  private static JsonNode retention(String mode) {
    return admin(
        "POST",
        "/api/retention",
        Map.of(
            "site_id",
            site,
            "date_range",
            "91d",
            "start",
            Map.of("event", "signup"),
            "return",
            Map.of("event", "login"),
            "period",
            "week",
            "periods",
            6,
            "mode",
            mode));
  }

  private static int nthComma(String line, int n) {
    int at = -1;
    for (int i = 0; i < n; i++) {
      at = line.indexOf(',', at + 1);
    }
    return at;
  }

  private static ObjectNode event(String id, String name, Instant at, String userId) {
    ObjectNode e =
        JSON.createObjectNode().put("event", name).put("id", id).put("timestamp", at.toString());
    if (userId != null) {
      e.putObject("actor").put("user_id", userId);
    }
    e.putObject("context")
        .put("url", "https://shop.example/app")
        .put("user_agent", BROWSER)
        .put("title", "Shop");
    return e;
  }

  /** Sends a batch as the site's backend (the installation token may backfill). */
  private static void track(ArrayNode batch) {
    ObjectNode body = JSON.createObjectNode().put("site", writeKey(site));
    body.set("batch", batch);
    TestServer.Response r =
        server.post("/api/track", body.toString(), Map.of("Authorization", bearer()));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    assertThat(r.json().get("accepted").asInt()).as(r.body()).isEqualTo(batch.size());
  }

  private static String writeKey(String siteId) {
    return BrowserFixture.writeKey(server, siteId);
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
