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
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.footfall.server.Chromium;
import io.footfall.server.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
 * A breakdown panel's Details view (issue 14, item 19: only the top ten rows could be seen): every
 * row in pages, searched case-insensitively, sorted by each column; and the location panel without
 * Regions and Cities when the server locates countries only. Expected rows come from the breakdown
 * API; the traffic is generated: many referrer hosts, and Google written three ways.
 */
class BreakdownDetailsBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "correct horse battery staple";
  private static final int HOSTS = 64;

  private static TestServer server;
  private static Playwright playwright;
  private static Browser browser;
  private static String site;

  @BeforeAll
  static void start() throws Exception {
    PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
    server = TestServer.start();
    TestServer.SiteKeys keys = server.createSite("Shop", "shop.example", "UTC");
    site = keys.id();
    String org = admin("GET", "/api/admin/sites/" + site, null).get("organization_id").asText();
    admin(
        "POST",
        "/api/admin/organizations/" + org + "/members",
        Map.of("email", "owner@shop.example", "role", "owner", "password", PASSWORD));
    Random random = new Random(19);
    int visitor = 0;
    List<String> visits = new ArrayList<>();
    for (int h = 0; h < HOSTS; h++) {
      String referrer = "https://news-" + (char) ('a' + h % 26) + h + ".example/post";
      for (int n = 1 + random.nextInt(6); n > 0; n--) {
        visits.add("\"referrer\":\"" + referrer + "\"");
      }
    }
    for (String utm : List.of("Google", "google", "GOOGLE", "google.com")) {
      for (int n = 1 + random.nextInt(4); n > 0; n--) {
        visits.add("\"url\":\"https://shop.example/?utm_source=" + utm + "\"");
      }
    }
    visits.add("\"referrer\":\"https://WWW.Google.DE/\"");
    for (String visit : visits) {
      String context =
          visit.startsWith("\"url\"") ? visit : "\"url\":\"https://shop.example/\"," + visit;
      TestServer.Response r =
          server.post(
              "/api/track",
              "{\"site\":\""
                  + keys.writeKey()
                  + "\",\"event\":\"pageview\",\"context\":{"
                  + context
                  + "}}",
              Map.of(
                  "User-Agent",
                  "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0."
                      + (visitor++)
                      + " Safari/537.36"));
      assertThat(r.status()).as(r.body()).isEqualTo(202);
    }
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
  void googleWrittenAnyWayIsOneSourceInTheSourcesAndTheCampaigns() {
    for (String dim : List.of("visit:source", "visit:utm_source")) {
      JsonNode rows = breakdown(dim, "visitors:desc", 100, 1, "").get("results");
      List<String> google = new ArrayList<>();
      rows.forEach(
          r -> {
            String value = r.get("dimensions").get(0).asText();
            if (value.toLowerCase(Locale.ROOT).contains("google")) google.add(value);
          });
      assertThat(google).as(dim).containsExactly("Google");
    }
  }

  @Test
  void detailsPagesSortsAndSearchesEveryRowOfAPanel() {
    try (BrowserContext context = Chromium.context(browser, 1280, 800)) {
      Page page = signIn(context, "/sites/" + site);
      Locator sources = page.locator("[data-panel=sources]");
      assertThat(sources.locator("li").first()).isVisible();
      sources.locator("button.details-open").click();
      Locator dialog = page.locator("dialog.modal");
      assertThat(dialog.locator("h2")).hasText("Sources");
      Locator rows = dialog.locator("tbody tr");

      JsonNode first = breakdown("visit:source", "visitors:desc", 50, 1, "");
      long total = first.get("meta").get("total_rows").asLong();
      assertThat(total).isGreaterThan(50);
      assertThat(rows).hasCount(50);
      assertThat(rows.first()).hasAttribute("data-value", value(first, 0));
      assertThat(dialog.locator(".details-foot [role=status]")).hasText("1–50 of " + total);
      Chromium.screenshot(page, "details-desktop");

      // Regression: a click on Next within the search box's pause after opening was undone when
      // that pause ended (the search "changed" from nothing to nothing and went back to page 1).
      dialog.locator("button:has-text('Next')").click();
      page.waitForTimeout(400);
      JsonNode second = breakdown("visit:source", "visitors:desc", 50, 2, "");
      assertThat(rows).hasCount((int) total - 50);
      assertThat(rows.first()).hasAttribute("data-value", value(second, 0));
      assertThat(dialog.locator("button:has-text('Next')")).isDisabled();

      // Sorting by the value column starts over at page 1, A to Z; again, Z to A.
      dialog.locator("button.sort[data-column='visit:source']").click();
      assertThat(rows.first())
          .hasAttribute(
              "data-value", value(breakdown("visit:source", "visit:source:asc", 50, 1, ""), 0));
      assertThat(dialog.locator("th[aria-sort=ascending]")).hasCount(1);
      dialog.locator("button.sort[data-column='visit:source']").click();
      assertThat(rows.first())
          .hasAttribute(
              "data-value", value(breakdown("visit:source", "visit:source:desc", 50, 1, ""), 0));
      dialog.locator("button.sort[data-column=visits]").click();
      assertThat(dialog.locator("th[aria-sort=descending] button"))
          .hasAttribute("data-column", "visits");

      // The search ignores case and takes its text literally.
      dialog.locator("#details-search").fill("NEWS-A");
      JsonNode found = breakdown("visit:source", "visits:desc", 50, 1, "news-a");
      int matches = found.get("results").size();
      assertThat(matches).isBetween(2, 49);
      assertThat(rows).hasCount(matches);
      for (int i = 0; i < matches; i++) {
        assertThat(rows.nth(i)).hasAttribute("data-value", value(found, i));
      }
      dialog.locator("#details-search").fill("news-a0.");
      assertThat(rows).hasCount(1);
      assertThat(rows.first()).hasAttribute("data-value", "news-a0.example");
      dialog.locator("#details-search").fill("(nothing[");
      assertThat(dialog.locator(".empty")).containsText("No sources contains");

      // A row filters the view, like the panel's rows.
      dialog.locator("#details-search").fill("news-a0.");
      rows.first().locator("button").click();
      assertThat(dialog).hasCount(0);
      assertThat(page).hasURL(Pattern.compile("f=is%7Cvisit%3Asource%7Cnews-a0.example"));
    }
  }

  @Test
  void detailsFitAPhoneAndEscapeClosesThem() {
    try (BrowserContext context = Chromium.context(browser, 390, 844)) {
      Page page = signIn(context, "/sites/" + site);
      Locator sources = page.locator("[data-panel=sources]");
      assertThat(sources.locator("li").first()).isVisible();
      sources.locator("button.details-open").click();
      assertThat(page.locator("dialog.modal tbody tr")).hasCount(50);
      Chromium.screenshot(page, "details-phone");
      page.keyboard().press("Escape");
      assertThat(page.locator("dialog.modal")).hasCount(0);
    }
  }

  @Test
  void regionsAndCitiesAreHiddenWithTheCountryDatabase() {
    assertThat(admin("GET", "/api/admin/sites/" + site, null).get("location_level").asText())
        .isEqualTo("country");
    try (BrowserContext context = Chromium.context(browser, 1280, 800)) {
      Page page = signIn(context, "/sites/" + site);
      Locator locations = page.locator("[data-panel=locations]");
      assertThat(locations).isVisible();
      assertThat(locations.locator("button[role=tab]")).hasCount(0);
      assertThat(locations.locator("h2")).hasText(Pattern.compile("Locations"));
      // A URL naming a hidden tab falls back to the countries.
      page.navigate(server.baseUrl() + "/sites/" + site + "?panel=locations%3Avisit%3Acity");
      assertThat(locations.locator(".breakdown-head span").first()).hasText("Countries");
    }
  }

  private static String value(JsonNode answer, int row) {
    return answer.get("results").get(row).get("dimensions").get(0).asText();
  }

  private static JsonNode breakdown(String dim, String order, int limit, int page, String search) {
    String filters =
        search.isEmpty() ? "" : "[[\"contains\",\"" + dim + "\",[\"" + search + "\"]]]";
    return admin(
        "GET",
        "/api/stats/breakdown?site_id="
            + site
            + "&metrics=visitors,visits&date_range=30d&dimensions="
            + encode(dim)
            + "&order_by="
            + encode(order)
            + "&limit="
            + limit
            + "&page="
            + page
            + (filters.isEmpty() ? "" : "&filters=" + encode(filters)),
        null);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static Page signIn(BrowserContext context, String path) {
    Page page = context.newPage();
    page.navigate(server.baseUrl() + path);
    assertThat(page).hasURL(Pattern.compile("/login"));
    page.fill("input[name=email]", "owner@shop.example");
    page.fill("input[name=password]", PASSWORD);
    page.click("#login-form button[type=submit]");
    assertThat(page.locator(".top .me")).isVisible();
    return page;
  }

  private static JsonNode admin(String method, String path, Object body) {
    Map<String, String> auth = Map.of("Authorization", "Bearer " + server.adminToken());
    try {
      TestServer.Response r =
          body == null
              ? server.request(method, path, auth)
              : server.post(path, JSON.writeValueAsString(body), auth);
      if (r.status() >= 300) {
        throw new IllegalStateException(
            method + " " + path + " answered " + r.status() + ": " + r.body());
      }
      return r.json();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
