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
import com.microsoft.playwright.options.LoadState;
import io.footfall.demo.DemoLoader;
import io.footfall.server.BrowserFixture;
import io.footfall.server.Chromium;
import io.footfall.server.TestServer;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 17's proof for raw retention on the dashboard: the Overview of a month of demo traffic is
 * opened with a comparison, every panel tab and the chart's day and week intervals clicked, and
 * every statistics request the page made is recorded and asked again over the API for its answer;
 * then the site's raw events older than a week are deleted (by the job that runs when the server
 * starts) and every recorded request is asked again: the answers are the same, now from the daily
 * aggregates. The Overview opened again shows no error and the same visitors. Screenshot: {@code
 * target/screenshots/retention-overview.png}.
 */
class RawRetentionBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "correct horse battery staple";

  @Test
  void theOverviewOfDaysPastRawRetentionGivesTheSameAnswers() throws Exception {
    PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
    try (TestServer server = TestServer.start();
        Playwright playwright = Playwright.create();
        Browser browser = Chromium.launch(playwright)) {
      String demo =
          new DemoLoader(URI.create(server.baseUrl()), server.adminToken(), Clock.systemUTC())
              .load(3_000)
              .siteId();
      JsonNode site = BrowserFixture.admin(server, "GET", "/api/admin/sites/" + demo, null);
      BrowserFixture.admin(
          server,
          "POST",
          "/api/admin/organizations/" + site.get("organization_id").asText() + "/members",
          Map.of("email", "owner@demo.example", "role", "owner", "password", PASSWORD));
      LocalDate today = LocalDate.now(ZoneId.of(site.get("timezone").asText()));
      String path =
          "/sites/"
              + demo
              + "?range="
              + today.minusDays(29)
              + ","
              + today.minusDays(1)
              + "&compare=previous_period";

      java.util.Set<String> requested = java.util.concurrent.ConcurrentHashMap.newKeySet();
      String visitorsBefore;
      try (BrowserContext context = context(browser)) {
        Page page = BrowserFixture.signIn(server, context, "owner@demo.example", PASSWORD, path);
        // Only the addresses here: reading a body inside Playwright's event handler, while the page
        // navigates, can wait forever. The answers are asked for below, before and after.
        page.onResponse(
            r -> {
              String url = r.url();
              // Realtime is the last minutes, not the range: it moves on by itself.
              if (r.status() == 200
                  && url.contains("/api/stats/")
                  && !url.contains("/api/stats/realtime")) {
                requested.add(url.substring(url.indexOf("/api/")));
              }
            });
        page.reload();
        assertThat(page.locator("[data-metric=visitors] .kpi-value")).not().isEmpty();
        visitorsBefore = page.locator("[data-metric=visitors] .kpi-value").textContent();
        Locator tabs = page.locator("[role=tab]");
        for (int i = 0; i < tabs.count(); i++) {
          tabs.nth(i).click();
          page.waitForLoadState(LoadState.NETWORKIDLE);
        }
        for (String interval : new String[] {"Week", "Day"}) {
          page.locator("[aria-label=Interval] button:text-is('" + interval + "')").click();
          page.waitForLoadState(LoadState.NETWORKIDLE);
        }
      }
      assertThat(requested.size()).as("statistics requests of the Overview").isGreaterThan(15);
      assertThat(requested).anyMatch(u -> u.contains("filters="));
      Map<String, String> auth = Map.of("Authorization", "Bearer " + server.adminToken());
      Map<String, String> answers = new LinkedHashMap<>();
      for (String url : requested) {
        TestServer.Response r = server.get(url, auth);
        assertThat(r.status()).as("%s: %s", url, r.body()).isEqualTo(200);
        answers.put(url, r.body());
      }

      // Keep a week of raw events: the job at start deletes the rest.
      server.patchSite(demo, "{\"retention_days\":7}");
      long before = server.events(demo).size();
      server.restart();
      java.time.Instant horizon =
          today.minusDays(7).atStartOfDay(ZoneId.of(site.get("timezone").asText())).toInstant();
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (server.events(demo).stream().anyMatch(e -> e.timestamp().isBefore(horizon))
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(server.events(demo))
          .hasSizeLessThan((int) before)
          .allSatisfy(e -> assertThat(e.timestamp()).isAfterOrEqualTo(horizon));

      for (Map.Entry<String, String> e : answers.entrySet()) {
        TestServer.Response again = server.get(e.getKey(), auth);
        assertThat(again.status()).as("%s: %s", e.getKey(), again.body()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()))
            .as("%s after the raw events expired", e.getKey())
            .isEqualTo(JSON.readTree(e.getValue()));
      }
      try (BrowserContext context = context(browser)) {
        Page page = BrowserFixture.signIn(server, context, "owner@demo.example", PASSWORD, path);
        assertThat(page.locator("[data-metric=visitors] .kpi-value")).hasText(visitorsBefore);
        assertThat(page.locator(".skeletons")).hasCount(0);
        assertThat(page.locator(".error-box")).hasCount(0);
        page.screenshot(
            new Page.ScreenshotOptions()
                .setPath(Chromium.SHOTS.resolve("retention-overview.png"))
                .setFullPage(true));
      }
    }
  }

  private static BrowserContext context(Browser browser) {
    return browser.newContext(
        new Browser.NewContextOptions()
            .setViewportSize(1280, 800)
            .setLocale("en-US")
            .setTimezoneId("UTC"));
  }
}
