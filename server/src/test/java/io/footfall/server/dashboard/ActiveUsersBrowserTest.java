package io.footfall.server.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.footfall.core.Event;
import io.footfall.core.TestEvents;
import io.footfall.core.WriteBatch;
import io.footfall.core.people.PersonUpdate;
import io.footfall.server.BrowserFixture;
import io.footfall.server.Chromium;
import io.footfall.server.TestServer;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
 * The Active users page against a server whose site has generated people and anonymous visitors
 * over the last 60 days. An owner opens it from the navigation, reads the daily table and chart,
 * switches to weeks and to visitors (the state in the URL, kept over a reload), downloads the CSV
 * and sees every figure as the API answers it; a quiet site shows the empty state, a too long daily
 * range the API's error, and a viewer neither the link nor the numbers. axe-core finds nothing
 * serious. Screenshots at 1280×800 and 390×844 go to {@code target/screenshots}.
 */
class ActiveUsersBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "correct horse battery staple";

  private static TestServer server;
  private static Playwright playwright;
  private static Browser browser;
  private static String site;
  private static String quiet;

  @BeforeAll
  static void start() {
    PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
    server = TestServer.start();
    String org =
        admin("POST", "/api/admin/organizations", Map.of("name", "Acme")).get("id").asText();
    site = newSite(org, "Shop", "shop.example");
    quiet = newSite(org, "Docs", "docs.example");
    for (String role : List.of("owner", "viewer")) {
      admin(
          "POST",
          "/api/admin/organizations/" + org + "/members",
          Map.of("email", role + "@acme.example", "role", role, "password", PASSWORD));
    }
    Random random = new Random(1207L);
    Instant now = Instant.now();
    List<Event> events = new ArrayList<>();
    List<PersonUpdate> updates = new ArrayList<>();
    for (int i = 0; i < 900; i++) {
      Instant at = now.minusSeconds(60 + random.nextInt(60 * 86_400));
      long visitor = 1L + random.nextInt(120);
      String user = random.nextInt(3) == 0 ? "" : "user-" + random.nextInt(70);
      String id = "e" + i;
      events.add(
          TestEvents.withUser(
              TestEvents.event(site, id, "pageview", at, visitor, visitor * 10), user));
      if (random.nextInt(20) == 0) {
        updates.add(
            new PersonUpdate(site, "user-" + random.nextInt(70), at, id, visitor, List.of()));
      }
    }
    server.server().store().write(new WriteBatch(events, List.of(), updates));
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
  void anOwnerReadsDaysWeeksAndVisitorsAndDownloadsTheCsv() {
    List<String> found = new ArrayList<>();
    try (BrowserContext context =
        browser.newContext(
            new Browser.NewContextOptions()
                .setViewportSize(1280, 800)
                .setLocale("en-US")
                .setTimezoneId("UTC")
                .setBypassCSP(true))) {
      Page page = signIn(context, "owner@acme.example", "/sites/" + site);
      page.click(".nav a:has-text('Active users')");
      assertThat(page).hasURL(Pattern.compile("/sites/" + site + "/active-users(\\?.*)?$"));
      assertThat(page).hasTitle("Active users · Shop · Footfall");
      assertThat(page.locator(".nav a[aria-current=page]")).hasText("Active users");

      JsonNode days = report("\"30d\"", "day", "person");
      assertThat(days.get("unit").asText()).isEqualTo("person");
      assertTable(page, days);
      assertThat(page.locator(".people-lead")).containsText("Counting people");
      assertThat(page.locator(".active-users .chart canvas")).hasCount(1);
      Chromium.accessibility(page, "active users by day", found);
      Chromium.screenshot(page, "active-users-desktop");

      // Weeks: the choice goes into the URL and survives a reload.
      page.selectOption("#au-every", "week");
      assertThat(page).hasURL(Pattern.compile("[?&]every=week"));
      JsonNode weeks = report("\"30d\"", "week", "person");
      assertTable(page, weeks);
      // A week cut short by the range is named by its days inside it.
      JsonNode firstWeek = weeks.get("results").get(0);
      java.time.format.DateTimeFormatter medium =
          java.time.format.DateTimeFormatter.ofPattern("MMM d, yyyy", java.util.Locale.US);
      assertThat(page.locator(".au-table tbody tr").first().locator("th"))
          .containsText(java.time.LocalDate.parse(firstWeek.get("from").asText()).format(medium));
      page.reload();
      assertThat(page.locator("#au-every")).hasValue("week");
      assertTable(page, weeks);

      // Visitors, and the CSV of what is shown.
      page.selectOption("#au-unit", "visitor");
      assertThat(page).hasURL(Pattern.compile("[?&]unit=visitor"));
      JsonNode visitors = report("\"30d\"", "week", "visitor");
      assertTable(page, visitors);
      assertThat(page.locator(".people-lead")).containsText("Counting visitors");
      assertThat(page.locator(".people-lead")).hasAttribute("data-unit", "visitor");
      String href = page.locator(".au-controls a.export").getAttribute("href");
      assertThat(href).startsWith("data:text/csv;charset=utf-8,");
      String csv = URLDecoder.decode(href.substring(href.indexOf(',') + 1), StandardCharsets.UTF_8);
      String[] lines = csv.split("\n");
      assertThat(lines).hasSize(visitors.get("results").size() + 1);
      assertThat(lines[0]).startsWith("date,from,to,unit,active,dau,wau,mau,stickiness,new");
      JsonNode first = visitors.get("results").get(0);
      assertThat(lines[1])
          .startsWith(
              String.join(
                  ",",
                  first.get("date").asText(),
                  first.get("from").asText(),
                  first.get("to").asText(),
                  "visitor",
                  first.get("active").asText(),
                  first.get("dau").asText(),
                  first.get("wau").asText(),
                  first.get("mau").asText()));
      assertThat(page.locator(".au-controls a.export"))
          .hasAttribute("download", Pattern.compile("^active-users-.*-week-visitor-.*\\.csv$"));
      Chromium.accessibility(page, "active visitors by week", found);

      // A daily range longer than the API allows: its error, naming the limit.
      page.navigate(
          server.baseUrl()
              + "/sites/"
              + site
              + "/active-users?range=2024-01-01,2025-06-30&every=day");
      assertThat(page.locator(".active-users .error-box")).containsText("367");
      assertThat(page.locator(".active-users .error-box button")).hasText("Retry");

      // A site without activity.
      page.navigate(server.baseUrl() + "/sites/" + quiet + "/active-users");
      assertThat(page.locator(".people-empty h2")).hasText("No activity in this range");
      Chromium.screenshot(page, "active-users-empty-desktop");
    }
    assertThat(server.get("/definitions", Map.of()).body()).contains("id=\"active-users\"");
    assertThat(found).as("serious or critical axe-core violations").isEmpty();
  }

  @Test
  void thePhoneLayoutShowsBucketsAsCardsWithoutSidewaysScrolling() {
    try (BrowserContext context = Chromium.context(browser, 390, 844)) {
      Page page =
          signIn(context, "owner@acme.example", "/sites/" + site + "/active-users?every=week");
      assertTable(page, report("\"30d\"", "week", "person"));
      Chromium.screenshot(page, "active-users-phone");
      assertThat(
              (Boolean)
                  page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))
          .as("no horizontal scrolling at phone width")
          .isTrue();
    }
  }

  @Test
  void aViewerGetsNeitherTheLinkNorTheNumbers() {
    try (BrowserContext context = Chromium.context(browser, 1280, 800)) {
      Page page = signIn(context, "viewer@acme.example", "/sites/" + site);
      assertThat(page.locator(".nav a:has-text('Overview')")).isVisible();
      assertThat(page.locator(".nav a:has-text('Active users')")).hasCount(0);
      Response answer =
          page.waitForResponse(
              r -> r.url().contains("/api/active-users"),
              () -> page.navigate(server.baseUrl() + "/sites/" + site + "/active-users"));
      assertThat(answer.status()).isEqualTo(403);
      assertThat(page.locator(".empty-site h2")).hasText("Your role cannot see active users");
      assertThat(page.locator(".au-table")).hasCount(0);
    }
  }

  // ------------------------------------------------------------------ helpers

  /** Each row of the page's table against the API's answer. */
  private static void assertTable(Page page, JsonNode answer) {
    JsonNode results = answer.get("results");
    Locator rows = page.locator(".au-table tbody tr");
    assertThat(rows).hasCount(results.size());
    for (int i = 0; i < results.size(); i++) {
      JsonNode r = results.get(i);
      Locator row = rows.nth(i);
      assertThat(row).hasAttribute("data-date", r.get("date").asText());
      assertThat(row.locator("td[data-field=active]")).hasText(count(r.get("active")));
      assertThat(row.locator("td[data-field=wau]")).hasText(count(r.get("wau")));
      assertThat(row.locator("td[data-field=mau]")).hasText(count(r.get("mau")));
      assertThat(row.locator("td[data-field=new]")).hasText(count(r.get("new")));
      assertThat(row.locator("td[data-field='lifecycle.dormant']"))
          .hasText(count(r.get("lifecycle").get("dormant")));
    }
  }

  private static String count(JsonNode n) {
    return String.format(java.util.Locale.US, "%,d", n.asLong());
  }

  private static JsonNode report(String range, String interval, String unit) {
    try {
      TestServer.Response r =
          server.post(
              "/api/active-users",
              "{\"site_id\":\""
                  + site
                  + "\",\"date_range\":"
                  + range
                  + ",\"interval\":\""
                  + interval
                  + "\",\"unit\":\""
                  + unit
                  + "\"}",
              Map.of("Authorization", "Bearer " + server.adminToken()));
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Page signIn(BrowserContext context, String email, String path) {
    return BrowserFixture.signIn(server, context, email, PASSWORD, path);
  }

  private static String newSite(String org, String name, String domain) {
    return admin(
            "POST",
            "/api/admin/sites",
            Map.of(
                "organization_id", org,
                "name", name,
                "domain", domain,
                "timezone", "Europe/Berlin",
                "currency", "EUR"))
        .get("id")
        .asText();
  }

  private static JsonNode admin(String method, String path, Object body) {
    return BrowserFixture.admin(server, method, path, body);
  }
}
