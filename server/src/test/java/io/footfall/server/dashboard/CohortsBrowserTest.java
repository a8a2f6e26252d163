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
import com.microsoft.playwright.options.WaitForSelectorState;
import io.footfall.core.Event;
import io.footfall.core.TestEvents;
import io.footfall.core.WriteBatch;
import io.footfall.server.BrowserFixture;
import io.footfall.server.Chromium;
import io.footfall.server.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Cohorts page against a server whose site has generated people who view pages and buy over the
 * last 30 days. An owner opens it from the navigation, builds a cohort ("bought at least twice in
 * the last 30 days, and has not viewed /pricing in the last 3 days"), reads its size as the API
 * counts it and its size over the days as a chart, opens its members in the people list (the
 * segment chosen in the picker, exactly the API's members) and picks it on the retention page; a
 * viewer sees no Cohorts link. axe-core finds nothing serious. Screenshots go to {@code
 * target/screenshots}.
 */
class CohortsBrowserTest {
  private static final String PASSWORD = "correct horse battery staple";

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
    Random random = new Random(1207L);
    Instant now = Instant.now();
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      Instant at = now.minusSeconds(60 + random.nextInt(30 * 86_400));
      int person = random.nextInt(60);
      String user = "user-" + person;
      // A few people buy often; most view pages.
      String name = person % 5 == 0 && random.nextInt(3) == 0 ? "purchase" : Event.PAGEVIEW;
      events.add(
          TestEvents.withUser(
              TestEvents.event(site, "e" + i, name, at, 1000L + person, 1000L + person), user));
    }
    server.server().store().write(new WriteBatch(events, List.of(), List.of()));
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
  void anOwnerBuildsACohortReadsItsSizeAndFiltersPeopleByIt() {
    List<String> found = new ArrayList<>();
    try (BrowserContext context =
        browser.newContext(
            new Browser.NewContextOptions()
                .setViewportSize(1280, 900)
                .setLocale("en-US")
                .setTimezoneId("UTC")
                .setBypassCSP(true))) {
      Page page = signIn(context, "owner@acme.example", "/sites/" + site);
      page.click(".nav a:has-text('Cohorts')");
      assertThat(page).hasURL(Pattern.compile("/sites/" + site + "/cohorts$"));
      assertThat(page).hasTitle("Cohorts · Shop · Footfall");
      assertThat(page.locator(".cohorts")).containsText("No cohorts yet");

      page.click("button:has-text('New cohort')");
      page.fill("#cohort-form input[name=name]", "Repeat buyers");
      Locator first = page.locator(".cohort-condition").nth(0);
      first.locator("input[aria-label='Event, page or goal']").fill("purchase");
      first.locator("input[aria-label='At least (times)']").fill("2");
      first.locator("input[aria-label='Days']").fill("30");
      page.click("button:has-text('Add a condition')");
      Locator second = page.locator(".cohort-condition").nth(1);
      second.locator("select[aria-label='Condition 2']").selectOption("not_performed");
      second.locator("select[aria-label='Step kind']").selectOption("page");
      second.locator("input[aria-label='Event, page or goal']").fill("/nowhere");
      second.locator("input[aria-label='Days']").fill("3");
      check(page, "the builder", found);
      page.click("#cohort-form button[type=submit]");

      assertThat(page).hasURL(Pattern.compile("[?&]cohort=c_"));
      String cohort = page.url().replaceAll(".*[?&]cohort=([^&]+).*", "$1");
      JsonNode one =
          server
              .get(
                  "/api/admin/sites/" + site + "/cohorts/" + cohort,
                  Map.of("Authorization", "Bearer " + server.adminToken()))
              .json();
      long size = one.get("size").asLong();
      assertThat(size).as("people who bought twice").isBetween(2L, 12L);
      assertThat(page.locator(".cohort-list")).containsText("Repeat buyers");
      assertThat(page.locator(".cohort-list"))
          .containsText("event purchase at least 2× in the last 30 days; no page /nowhere");
      assertThat(page.locator(".cohort-now [data-size]"))
          .hasAttribute("data-size", Long.toString(size));
      assertThat(page.locator(".cohort-size .chart canvas")).hasCount(1);
      check(page, "a cohort", found);
      Chromium.screenshot(page, "cohorts-desktop");

      // Its members: the people list with the segment picked, exactly the API's members.
      page.click("a:has-text('Show members')");
      assertThat(page).hasURL(Pattern.compile("/people\\?segment=" + cohort));
      assertThat(page.locator("select[aria-label=Segment]")).hasValue(cohort);
      assertThat(page.locator(".people-table tbody tr")).hasCount((int) size);
      Set<String> shown = new TreeSet<>(members(page));
      assertThat(shown).isEqualTo(apiMembers(cohort));
      Chromium.screenshot(page, "cohorts-people");

      // Everyone again, then the retention page filtered by the cohort.
      page.selectOption("select[aria-label=Segment]", "");
      assertThat(page.locator(".people-table tbody tr")).not().hasCount((int) size);
      page.navigate(server.baseUrl() + "/sites/" + site + "/retention?segment=" + cohort);
      assertThat(page.locator("select[aria-label=Segment]")).hasValue(cohort);
      page.locator(".skeleton")
          .first()
          .waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.DETACHED));
      assertThat(found).isEmpty();
    }
  }

  @Test
  void aViewerSeesNoCohorts() {
    try (BrowserContext context =
        browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800))) {
      Page page = signIn(context, "viewer@acme.example", "/sites/" + site);
      assertThat(page.locator(".nav a:has-text('People')")).hasCount(0);
      assertThat(page.locator(".nav a:has-text('Cohorts')")).hasCount(0);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> members(Page page) {
    return (List<String>)
        page.locator(".people-table tbody tr")
            .evaluateAll("rows => rows.map(r => r.dataset.person)");
  }

  private static Set<String> apiMembers(String cohort) {
    JsonNode list =
        server
            .get(
                "/api/people?site_id=" + site + "&limit=500&segment=" + cohort,
                Map.of("Authorization", "Bearer " + server.adminToken()))
            .json();
    Set<String> ids = new TreeSet<>();
    list.get("results").forEach(p -> ids.add(p.get("user_id").asText()));
    return ids;
  }

  /** Runs axe-core on the page; records serious and critical violations. */
  private static void check(Page page, String name, List<String> found) {
    page.locator(".skeleton")
        .first()
        .waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.DETACHED));
    page.addScriptTag(new Page.AddScriptTagOptions().setContent(axeScript()));
    Object result =
        page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                + ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
                + ".map(v => v.impact + ' ' + v.id + ': ' + v.nodes.slice(0, 3)"
                + ".map(n => n.target.join(' ')).join('; '))");
    ((List<?>) result).forEach(v -> found.add(name + ": " + v));
  }

  private static String axeScript() {
    try (InputStream in = CohortsBrowserTest.class.getResourceAsStream("/axe/axe.min.js")) {
      assertThat(in).as("axe/axe.min.js is missing from the test resources").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Page signIn(BrowserContext context, String email, String path) {
    return BrowserFixture.signIn(server, context, email, PASSWORD, path);
  }

  private static JsonNode admin(String method, String path, Object body) {
    return BrowserFixture.admin(server, method, path, body);
  }
}
