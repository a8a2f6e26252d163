package io.footfall.server.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.footfall.server.BrowserFixture;
import io.footfall.server.Chromium;
import io.footfall.server.TestServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Settings → Events in Chromium: an owner sees the events the site sends, the ones never defined
 * flagged, and defines one with an owner and a property schema; the definition is what the API then
 * answers. Checked with axe-core; screenshot {@code target/screenshots/event-catalogue.png}.
 */
class EventCatalogueBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "correct horse battery staple";
  private static final String UA = "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36";

  @Test
  void anOwnerDefinesAnEventTheSiteSendsButNeverDefined() throws Exception {
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
      for (int i = 0; i < 9; i++) {
        ObjectNode e =
            batch
                .addObject()
                .put("event", i < 5 ? "pageview" : "signup")
                .put("timestamp", now.minusSeconds(600 - i).toString());
        e.putObject("context").put("url", "https://shop.example/p" + i);
        e.putObject("properties").put("plan", "pro");
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
                  // axe-core is injected as a script, which the dashboard's policy forbids.
                  .setBypassCSP(true))) {
        Page page =
            BrowserFixture.signIn(
                server,
                context,
                "owner@shop.example",
                PASSWORD,
                "/sites/" + site.id() + "/settings?tab=events");
        assertThat(page.locator("h2:text-is('Event catalogue')")).isVisible();
        assertThat(page.locator("p.muted strong").first())
            .hasText("1 event is sent but not defined.");
        assertThat(page.locator("tr:has-text('pageview')")).containsText("Built in");
        assertThat(page.locator("table").first().locator("tbody tr")).hasCount(2);
        assertThat(page.locator("table").first().locator("tbody tr").first())
            .containsText("pageview");

        page.locator("tr:has-text('signup') button:text-is('Define')").click();
        assertThat(page.locator("dialog h2")).hasText("Define signup");
        page.fill("dialog textarea[name=description]", "A visitor created an account.");
        page.fill("dialog input[name=owner]", "growth team");
        page.fill("dialog input[name=tags]", "funnel, core");
        page.click("dialog button:text-is('Add property')");
        page.locator("dialog fieldset input").first().fill("plan");
        page.locator("dialog fieldset label:has-text('Required') input").check();
        page.locator("dialog fieldset .field:has-text('Allowed values') input").fill("free, pro");
        List<String> violations = new ArrayList<>();
        Chromium.accessibility(page, "event form", violations);
        page.click("dialog button:text-is('Save definition')");
        assertThat(page.locator("dialog")).hasCount(0);
        assertThat(page.locator("p.muted").first()).containsText("Every event sent is defined.");
        assertThat(page.locator("tr:has-text('signup')")).containsText("Expected");
        assertThat(page.locator("tr:has-text('signup')")).containsText("growth team");
        page.selectOption("#validation-mode", "warn");
        page.click("form:has(#validation-mode) button[type=submit]");
        assertThat(page.locator("form:has(#validation-mode) [role=status]")).hasText("Saved");
        assertThat(page.locator(".completeness h3")).hasText("Completeness, last 14 days");
        assertThat(page.locator(".completeness tbody tr")).hasCount(14);
        assertThat(page.locator(".completeness p.muted"))
            .containsText("No day dropped below half of the usual.");
        Chromium.accessibility(page, "event catalogue", violations);
        assertThat(violations).isEmpty();
        Chromium.screenshot(page, "event-catalogue");
      }
      JsonNode signup = null;
      for (JsonNode n :
          BrowserFixture.admin(server, "GET", "/api/admin/sites/" + site.id() + "/events", null)
              .get("results")) {
        if (n.get("name").asText().equals("signup")) {
          signup = n;
        }
      }
      assertThat(signup).isNotNull();
      assertThat(signup.get("owner").asText()).isEqualTo("growth team");
      assertThat(signup.get("tags").toString()).isEqualTo("[\"funnel\",\"core\"]");
      assertThat(signup.at("/properties/0/name").asText()).isEqualTo("plan");
      assertThat(signup.at("/properties/0/required").asBoolean()).isTrue();
      assertThat(signup.at("/properties/0/allowed").toString()).isEqualTo("[\"free\",\"pro\"]");
      assertThat(signup.get("events").asInt()).isEqualTo(4);
      assertThat(
              BrowserFixture.admin(server, "GET", "/api/admin/sites/" + site.id(), null)
                  .at("/settings/validation")
                  .asText())
          .isEqualTo("warn");
    }
  }
}
