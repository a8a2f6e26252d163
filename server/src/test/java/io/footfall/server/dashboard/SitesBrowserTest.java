package io.footfall.server.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.footfall.server.BrowserFixture;
import io.footfall.server.Chromium;
import io.footfall.server.TestServer;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Managing sites in the dashboard (issue 14, item 15: there was no list, no "add site" after the
 * first, no delete): an owner adds a second site from the Sites page, sees it listed, switches to
 * it and deletes it by typing its name; a viewer sees the list only. Screenshots at desktop
 * (1280×800) and phone (390×844) width go to {@code target/screenshots}.
 */
class SitesBrowserTest {
  private static final String PASSWORD = "correct horse battery staple";

  private static TestServer server;
  private static Playwright playwright;
  private static Browser browser;
  private static String org;
  private static String blog;

  @BeforeAll
  static void start() {
    PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
    server = TestServer.start();
    org = admin("POST", "/api/admin/organizations", Map.of("name", "Acme")).get("id").asText();
    blog =
        admin(
                "POST",
                "/api/admin/sites",
                Map.of(
                    "organization_id",
                    org,
                    "name",
                    "Blog",
                    "domain",
                    "blog.example",
                    "timezone",
                    "Europe/Berlin"))
            .get("id")
            .asText();
    for (String[] person :
        List.of(new String[] {"owner", "owner"}, new String[] {"viewer", "viewer"})) {
      admin(
          "POST",
          "/api/admin/organizations/" + org + "/members",
          Map.of("email", person[0] + "@acme.example", "role", person[1], "password", PASSWORD));
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
  void anOwnerAddsASecondSiteSwitchesToItAndDeletesItByTypingItsName() {
    try (BrowserContext context = Chromium.context(browser, 1280, 800)) {
      Page page = signIn(context, "owner@acme.example", "/sites/" + blog);
      page.click(".nav a:has-text('Sites')");
      assertThat(page).hasURL(Pattern.compile("/sites$"));
      assertThat(rows(page)).hasCount(1);
      assertThat(rows(page).first().locator("th")).containsText("Blog");

      page.fill("#new-site input[name=name]", "Shop");
      page.fill("#new-site input[name=domain]", "http://www.Shop.Example:8080/path?q");
      page.fill("#new-site input[name=timezone]", "America/New_York");
      page.click("#new-site button[type=submit]");
      assertThat(page).hasURL(Pattern.compile("/sites/s_[^/]+/settings\\?tab=tracking"));
      String shop = page.url().replaceAll(".*/sites/([^/]+)/settings.*", "$1");
      assertThat(admin("GET", "/api/admin/sites/" + shop, null).get("domain").asText())
          .isEqualTo("www.shop.example");

      page.click(".nav a:has-text('Sites')");
      assertThat(rows(page)).hasCount(2);
      Locator row = page.locator("tr[data-site=" + shop + "]");
      assertThat(row.locator("td").first()).hasText("www.shop.example");
      assertThat(row.locator("td").nth(1)).hasText("America/New_York");
      Chromium.screenshot(page, "sites-desktop");

      // Listed, and reachable from the site switcher like any other site.
      row.locator("th a").click();
      assertThat(page).hasURL(Pattern.compile("/sites/" + shop + "$"));
      page.selectOption("#site-switcher", blog);
      assertThat(page).hasURL(Pattern.compile("/sites/" + blog));
      page.selectOption("#site-switcher", shop);
      assertThat(page).hasURL(Pattern.compile("/sites/" + shop));
      assertThat(page.locator(".empty-site h2")).containsText("No data yet for Shop");

      page.click(".nav a:has-text('Sites')");
      page.locator("tr[data-site=" + shop + "] button:has-text('Delete')").click();
      Locator dialog = page.locator("dialog.modal");
      assertThat(dialog).isVisible();
      Locator confirm = dialog.locator("button[type=submit]");
      assertThat(confirm).isDisabled();
      dialog.locator("input[name=confirm]").fill("shop");
      assertThat(confirm).isDisabled(); // the name must match exactly
      Chromium.screenshot(page, "sites-delete-desktop");
      // Escape leaves everything as it was.
      page.keyboard().press("Escape");
      assertThat(dialog).hasCount(0);
      assertThat(rows(page)).hasCount(2);

      page.locator("tr[data-site=" + shop + "] button:has-text('Delete')").click();
      dialog.locator("input[name=confirm]").fill("Shop");
      confirm.click();
      assertThat(page.locator(".notice[role=status]")).containsText("Deleted Shop");
      assertThat(rows(page)).hasCount(1);
      assertThat(page.locator("tr[data-site=" + shop + "]")).hasCount(0);
      assertThat(server.get("/api/admin/sites/" + shop, Map.of("Authorization", bearer())).status())
          .isEqualTo(404);
      JsonNode audit = admin("GET", "/api/admin/organizations/" + org + "/audit", null);
      assertThat(audit.get(0).get("action").asText()).isEqualTo("site.delete");
      assertThat(audit.get(0).get("target").asText()).isEqualTo(shop);
    }
  }

  @Test
  void thePhoneLayoutListsSitesAsCardsAndTheDialogFits() {
    String temp =
        admin(
                "POST",
                "/api/admin/sites",
                Map.of(
                    "organization_id",
                    org,
                    "name",
                    "Landing pages",
                    "domain",
                    "landing.example",
                    "timezone",
                    "UTC"))
            .get("id")
            .asText();
    try (BrowserContext context = Chromium.context(browser, 390, 844)) {
      Page page = signIn(context, "owner@acme.example", "/sites");
      assertThat(page.locator("tr[data-site=" + temp + "]")).isVisible();
      assertThat(page).hasTitle("Sites · Footfall");
      Chromium.screenshot(page, "sites-phone");
      page.locator("tr[data-site=" + temp + "] button:has-text('Delete')").click();
      assertThat(page.locator("dialog.modal input[name=confirm]")).isVisible();
      Chromium.screenshot(page, "sites-delete-phone");
      page.locator("dialog.modal input[name=confirm]").fill("Landing pages");
      page.locator("dialog.modal button[type=submit]").click();
      assertThat(page.locator("tr[data-site=" + temp + "]")).hasCount(0);
    }
  }

  @Test
  void aViewerSeesTheSitesButNeitherAddsNorDeletes() {
    try (BrowserContext context = Chromium.context(browser, 1280, 800)) {
      Page page = signIn(context, "viewer@acme.example", "/sites");
      assertThat(page.locator("tr[data-site=" + blog + "]")).isVisible();
      assertThat(page.locator("#new-site")).hasCount(0);
      assertThat(page.locator(".sites-table button")).hasCount(0);
    }
  }

  private static Locator rows(Page page) {
    return page.locator(".sites-table tbody tr");
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
