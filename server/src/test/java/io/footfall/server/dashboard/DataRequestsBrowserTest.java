package io.footfall.server.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.footfall.server.BrowserFixture;
import io.footfall.server.Chromium;
import io.footfall.server.TestServer;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * Settings → Data requests in Chromium: an owner exports one person's data (a ZIP download with
 * their events), then erases them after confirming; the outcome names what was deleted, the request
 * log lists both requests without the person's id, and the person's events are gone. Screenshot:
 * {@code target/screenshots/data-requests.png}.
 */
class DataRequestsBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "correct horse battery staple";
  private static final String UA = "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36";

  @Test
  void anOwnerExportsAndErasesAPerson() throws Exception {
    PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
    try (TestServer server = TestServer.start();
        Playwright playwright = Playwright.create();
        Browser browser = Chromium.launch(playwright)) {
      TestServer.SiteKeys site = server.createSite("Shop", "shop.example", "UTC");
      String org =
          BrowserFixture.admin(server, "GET", "/api/admin/sites/" + site.id(), null)
              .get("organization_id")
              .asText();
      BrowserFixture.admin(
          server,
          "POST",
          "/api/admin/organizations/" + org + "/members",
          Map.of("email", "owner@shop.example", "role", "owner", "password", PASSWORD));
      ArrayNode batch = JSON.createArrayNode();
      Instant now = Instant.now();
      for (int i = 0; i < 6; i++) {
        ObjectNode e =
            batch
                .addObject()
                .put("event", "pageview")
                .put("timestamp", now.minusSeconds(600 - i).toString());
        e.putObject("actor").put("user_id", i < 4 ? "ada-7731" : "grace-2208");
        e.putObject("context").put("url", "https://shop.example/p" + i);
      }
      ObjectNode body = JSON.createObjectNode().put("site", site.writeKey());
      body.set("batch", batch);
      assertThat(server.post("/api/track", body.toString(), Map.of("User-Agent", UA)).status())
          .isEqualTo(202);

      try (BrowserContext context =
          browser.newContext(
              new Browser.NewContextOptions()
                  .setViewportSize(1280, 900)
                  .setLocale("en-US")
                  .setTimezoneId("UTC")
                  .setAcceptDownloads(true))) {
        Page page =
            BrowserFixture.signIn(
                server,
                context,
                "owner@shop.example",
                PASSWORD,
                "/sites/" + site.id() + "/settings?tab=requests");
        assertThat(page.locator("h2:text-is('Data subject requests')")).isVisible();
        assertThat(page.locator(".empty:text('No requests yet.')")).isVisible();
        page.fill("input[name=user_id]", "ada-7731");
        Download download =
            page.waitForDownload(() -> page.click("button:text-is('Export (ZIP)')"));
        assertThat(download.suggestedFilename()).startsWith("footfall-export-dr_").endsWith(".zip");
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(download.path()))) {
          boolean events = false;
          for (var e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
            if (e.getName().equals("events.json")) {
              events = true;
              assertThat(JSON.readTree(zip.readAllBytes())).hasSize(4);
            }
          }
          assertThat(events).isTrue();
        }
        assertThat(page.locator("[role=status]")).containsText("The export was downloaded");

        page.click("button:text-is('Erase…')");
        assertThat(page.locator("dialog h2")).hasText("Erase this person?");
        assertThat(page.locator("dialog")).containsText("ada-7731");
        page.click("dialog button:text-is('Erase')");
        assertThat(page.locator("[role=status]"))
            .hasText("Erased 4 events, 0 property changes and 0 identity links.");
        assertThat(page.locator("table tbody tr")).hasCount(2);
        assertThat(page.locator("table")).not().containsText("ada-7731");
        page.screenshot(
            new Page.ScreenshotOptions()
                .setPath(Chromium.SHOTS.resolve("data-requests.png"))
                .setFullPage(true));
      }
      assertThat(server.events(site.id())).hasSize(2);
    }
  }
}
