package io.footfall.server.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.WaitForSelectorState;
import io.footfall.server.BrowserFixture;
import io.footfall.server.Chromium;
import io.footfall.server.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The People page against a server whose consent-mode site has users: 55 people from events with
 * {@code user_properties}, one with a busy week, and one whose anonymous visits an identify call
 * joined. An owner lists them in pages, searches by property value and by user id (the search in
 * the URL), opens a person and reads their properties, totals and timeline in pages; a viewer gets
 * neither the link nor the data. Each figure on screen is checked against the people API; axe-core
 * finds nothing serious. Screenshots at 1280×800 and 390×844 go to {@code target/screenshots}.
 */
class PeopleBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "correct horse battery staple";
  private static final String BROWSER =
      "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

  /** The people the batch makes besides Alice and Bob: more than the page's 50. */
  private static final int CROWD = 55;

  /** Alice's page views of the week, besides the two before identify and the upgrade. */
  private static final int BUSY = 55;

  private static TestServer server;
  private static Playwright playwright;
  private static Browser browser;
  private static String site;
  private static String quiet;
  private static String alice;
  private static String bob;

  @BeforeAll
  static void start() {
    PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
    server = TestServer.start();
    String org =
        admin("POST", "/api/admin/organizations", Map.of("name", "Acme")).get("id").asText();
    site = newSite(org, "Shop", "shop.example");
    quiet = newSite(org, "Docs", "docs.example");
    server.patchSite(site, "{\"consent_mode\":true}");
    for (String name : List.of("owner", "viewer", "support")) {
      admin(
          "POST",
          "/api/admin/organizations/" + org + "/members",
          Map.of(
              "email",
              name + "@acme.example",
              "role",
              name.equals("owner") ? "owner" : "viewer",
              "password",
              PASSWORD));
    }
    Instant now = Instant.now();
    // Alice browses anonymously (a consented visitor), signs up, is identified, then upgrades.
    ArrayNode batch = JSON.createArrayNode();
    batch.add(pageview("a1", now.minus(Duration.ofDays(9)), "/", null, "anon-1"));
    batch.add(
        pageview("a2", now.minus(Duration.ofDays(9)).plusSeconds(90), "/pricing", null, "anon-1"));
    for (int i = 0; i < BUSY; i++) {
      batch.add(
          pageview(
              "w" + i,
              now.minus(Duration.ofDays(6)).plusSeconds(600L * i),
              "/docs/" + i,
              "alice-77",
              "anon-1"));
    }
    // Bob sends his properties with his events.
    ObjectNode b1 = pageview("b1", now.minus(Duration.ofDays(2)), "/blog/launch", "bob-12", null);
    b1.putObject("user_properties").put("plan", "free").put("country", "DE");
    batch.add(b1);
    batch.add(pageview("b2", now.minus(Duration.ofDays(1)), "/blog", "bob-12", null));
    for (int i = 0; i < CROWD; i++) {
      ObjectNode e = pageview("c" + i, now.minus(Duration.ofHours(3 + i)), "/", "crowd-" + i, null);
      e.putObject("user_properties").put("plan", "trial").put("cohort", i % 4);
      batch.add(e);
    }
    track(batch);
    TestServer.Response identified =
        server.post(
            "/api/identify",
            JSON.createObjectNode()
                .put("user_id", "alice-77")
                .put("anonymous_id", "anon-1")
                .put("timestamp", now.minus(Duration.ofMinutes(4)).toEpochMilli())
                .set(
                    "traits",
                    JSON.createObjectNode()
                        .put("plan", "pro")
                        .put("company", "Acme Corp")
                        .put("seats", 3))
                .toString(),
            Map.of("X-Footfall-Site", writeKey(site), "User-Agent", BROWSER));
    assertThat(identified.status()).as(identified.body()).isEqualTo(202);
    ObjectNode upgrade =
        pageview("u1", now.minus(Duration.ofMinutes(2)), "/account", "alice-77", "anon-1");
    upgrade.put("event", "upgrade");
    upgrade.putObject("properties").put("tier", "pro");
    upgrade.putObject("revenue").put("amount", 49.5).put("currency", "EUR");
    upgrade.putObject("user_properties").putObject("$set_once").put("first_plan", "free");
    track(JSON.createArrayNode().add(upgrade));

    JsonNode people =
        admin("GET", "/api/people?site_id=" + site + "&limit=500", null).get("results");
    assertThat(people).hasSize(CROWD + 2);
    alice = people.get(0).get("user_id").asText();
    bob =
        admin("GET", "/api/people?site_id=" + site + "&property=country:DE", null)
            .get("results")
            .get(0)
            .get("user_id")
            .asText();
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
  void anOwnerListsSearchesAndOpensAPersonWithTheirTimeline() {
    List<String> found = new ArrayList<>();
    // bypassCSP lets axe-core's script into the pages, whose policy allows only their own.
    try (BrowserContext context =
        browser.newContext(
            new Browser.NewContextOptions()
                .setViewportSize(1280, 800)
                .setLocale("en-US")
                .setTimezoneId("UTC")
                .setBypassCSP(true))) {
      Page page = signIn(context, "owner@acme.example", "/sites/" + site);
      page.click(".nav a:has-text('People')");
      assertThat(page).hasURL(Pattern.compile("/sites/" + site + "/people$"));
      assertThat(page).hasTitle("People · Shop · Footfall");
      assertThat(page.locator(".nav a[aria-current=page]")).hasText("People");
      assertThat(rows(page)).hasCount(50);

      // The first row is Alice, most recently seen, every figure as the API answers it.
      JsonNode first =
          admin("GET", "/api/people?site_id=" + site + "&limit=1", null).get("results").get(0);
      Locator row = rows(page).first();
      assertThat(row).hasAttribute("data-person", alice);
      assertThat(row.locator("th a")).hasText(alice);
      assertThat(row.locator("th a")).hasAttribute("title", alice);
      assertThat(row.locator("td").nth(0)).hasText(Pattern.compile("minutes? ago|now"));
      assertThat(row.locator("td").nth(0).locator("time"))
          .hasAttribute("title", Pattern.compile("\\d{4}.*UTC"));
      assertThat(row.locator("td").nth(2)).hasText(String.valueOf(first.get("events").asLong()));
      assertThat(row.locator("td").nth(3)).hasText(String.valueOf(first.get("visits").asLong()));
      assertThat(row.locator("td").nth(4)).hasText("€49.50");
      assertThat(row.locator(".prop")).hasCount(3);
      assertThat(row.locator(".prop-more")).hasText("+1 more");
      assertThat(page.locator(".list-foot [role=status]")).hasText("50 people shown");
      check(page, "people list", found);
      Chromium.screenshot(page, "people-desktop");

      // Load more reads the next page by keyset and moves focus to the first row it added.
      page.click(".list-foot button:has-text('Load more')");
      assertThat(rows(page)).hasCount(CROWD + 2);
      assertThat(rows(page).nth(50).locator("th a")).isFocused();
      assertThat(page.locator(".list-foot button:has-text('Load more')")).hasCount(0);
      assertThat(page.locator(".list-foot [role=status]")).hasText((CROWD + 2) + " people");
      // A person opened from far down the list starts at the top; back is the list again.
      String far = rows(page).nth(CROWD).getAttribute("data-person");
      rows(page).nth(CROWD).locator("th a").click();
      assertThat(page.locator(".person-head h1")).containsText(far);
      assertThat(((Number) page.evaluate("window.scrollY")).intValue()).isZero();
      page.goBack();
      assertThat(rows(page)).hasCount(50);

      // A property value, any case; the search is in the URL and survives a reload.
      page.fill("#people-search", "PRO");
      assertThat(page).hasURL(Pattern.compile("[?&]search=PRO"));
      assertThat(rows(page)).hasCount(1);
      assertThat(rows(page).first()).hasAttribute("data-person", alice);
      page.reload();
      assertThat(page.locator("#people-search")).hasValue("PRO");
      assertThat(rows(page)).hasCount(1);
      // Part of a user id, sent with Enter.
      page.fill("#people-search", bob.substring(3, 11));
      page.press("#people-search", "Enter");
      assertThat(rows(page)).hasCount(1);
      assertThat(rows(page).first()).hasAttribute("data-person", bob);
      assertThat(rows(page).first().locator(".prop")).hasCount(2);
      page.fill("#people-search", "nobody-like-this");
      assertThat(page.locator(".people-card .empty")).containsText("“nobody-like-this”");
      assertThat(rows(page)).hasCount(0);

      // Alice's page: properties, totals and her events, newest first, in pages.
      page.fill("#people-search", "acme corp");
      assertThat(rows(page)).hasCount(1);
      rows(page).first().locator("th a").click();
      assertThat(page).hasURL(Pattern.compile("[?&]person=" + alice));
      assertThat(page).hasTitle("Person · Shop · Footfall");
      assertThat(page.locator(".person-head h1")).containsText(alice);
      JsonNode person = admin("GET", personPath(alice, ""), null);
      JsonNode profile = person.get("person");
      Locator props = page.locator(".props-table tbody tr");
      assertThat(props).hasCount(4);
      assertThat(page.locator(".props-table")).containsText("Acme Corp");
      assertThat(page.locator(".props-table tr[data-key=first_plan] td")).hasText("free");
      assertThat(page.locator(".props-table tr[data-key=plan] td")).hasText("pro");
      assertThat(page.locator(".props-table tr[data-key=seats] td")).hasText("3");
      assertThat(stat(page, "Events")).hasText(String.valueOf(profile.get("events").asLong()));
      assertThat(stat(page, "Events")).hasText(String.valueOf(BUSY + 3));
      assertThat(stat(page, "Visits")).hasText(String.valueOf(profile.get("visits").asLong()));
      assertThat(stat(page, "Revenue")).hasText("€49.50");
      assertThat(stat(page, "First seen")).hasText("9 days ago");
      Locator events = page.locator(".timeline-table tbody tr");
      assertThat(events).hasCount(50);
      assertThat(events.first()).hasAttribute("data-event", "u1");
      assertThat(events.first().locator("th")).containsText("upgrade");
      assertThat(events.first().locator(".badge.revenue")).hasText("€49.50");
      assertThat(events.first()).containsText("/account");
      assertThat(events.first().locator(".prop")).hasText("tier: pro");
      check(page, "person", found);
      Chromium.screenshot(page, "person-desktop");
      page.click(".list-foot button:has-text('Load more')");
      assertThat(events).hasCount(BUSY + 3);
      assertThat(events.last()).hasAttribute("data-event", "a1");
      assertThat(page.locator(".list-foot button")).hasCount(0);

      // Back to the list, with the search it came from.
      page.click(".back a");
      assertThat(page).hasURL(Pattern.compile("/people\\?search=acme"));
      assertThat(rows(page)).hasCount(1);
      // Another site of the organization opens on its people: none yet, and how they come.
      page.selectOption("#site-switcher", quiet);
      assertThat(page).hasURL(Pattern.compile("/sites/" + quiet + "/people$"));
      Locator empty = page.locator(".people-empty");
      assertThat(empty.locator("h2")).hasText("No people yet");
      assertThat(empty).containsText("cookieless visitors are never people");
      assertThat(empty.locator("a")).hasAttribute("href", "/definitions#person");
      Chromium.screenshot(page, "people-empty-desktop");
    }
    assertThat(server.get("/definitions", Map.of()).body()).contains("id=\"person\"");
    assertThat(found).as("serious or critical axe-core violations").isEmpty();
  }

  @Test
  void thePhoneLayoutShowsPeopleAndEventsAsCardsWithoutSidewaysScrolling() {
    try (BrowserContext context = Chromium.context(browser, 390, 844)) {
      Page page = signIn(context, "owner@acme.example", "/sites/" + site + "/people");
      assertThat(rows(page)).hasCount(50);
      Chromium.screenshot(page, "people-phone");
      assertNoSidewaysScrolling(page);
      page.navigate(
          server.baseUrl()
              + "/sites/"
              + site
              + "/people?person="
              + URLEncoder.encode(alice, StandardCharsets.UTF_8));
      assertThat(page.locator(".timeline-table tbody tr")).hasCount(50);
      Chromium.screenshot(page, "person-phone");
      assertNoSidewaysScrolling(page);
    }
  }

  @Test
  void aViewerGetsNeitherTheLinkNorThePeople() {
    try (BrowserContext context = Chromium.context(browser, 1280, 800)) {
      Page page = signIn(context, "viewer@acme.example", "/sites/" + site);
      assertThat(page.locator(".nav a:has-text('Overview')")).isVisible();
      assertThat(page.locator(".nav a:has-text('People')")).hasCount(0);
      Response list =
          page.waitForResponse(
              r -> r.url().contains("/api/people?"),
              () -> page.navigate(server.baseUrl() + "/sites/" + site + "/people"));
      assertThat(list.status()).isEqualTo(403);
      assertThat(list.text()).doesNotContain(alice);
      assertThat(page.locator(".empty-site h2")).hasText("Your role cannot see people");
      assertThat(page.locator(".empty-site"))
          .containsText("Your role in this organization is viewer");
      assertThat(page.locator(".people-table")).hasCount(0);
      Chromium.screenshot(page, "people-viewer-desktop");
      Response one =
          page.waitForResponse(
              r -> r.url().contains("/api/people/"),
              () -> page.navigate(server.baseUrl() + "/sites/" + site + "/people?person=" + alice));
      assertThat(one.status()).isEqualTo(403);
      assertThat(page.locator(".empty-site h2")).hasText("Your role cannot see people");
      assertThat(page.locator(".person-head")).hasCount(0);
    }
  }

  @Test
  void anOwnerGrantsAViewerThePeopleAndTheViewerThenReadsThem() {
    try (BrowserContext context = Chromium.context(browser, 1280, 800)) {
      Page page = signIn(context, "owner@acme.example", "/sites/" + site + "/settings?tab=members");
      Locator grant = page.locator("input[aria-label='People of support@acme.example']");
      assertThat(grant).not().isChecked();
      assertThat(page.locator("input[aria-label='People of owner@acme.example']")).hasCount(0);
      Response saved =
          page.waitForResponse(
              r -> r.url().contains("/members/") && r.request().method().equals("PATCH"),
              grant::check);
      assertThat(saved.status()).isEqualTo(200);
      assertThat(saved.text()).contains("\"reads_people\":true");
      assertThat(grant).isChecked();
      Chromium.screenshot(page, "members-people-grant-desktop");
    }
    try (BrowserContext context = Chromium.context(browser, 1280, 800)) {
      Page page = signIn(context, "support@acme.example", "/sites/" + site);
      page.locator(".nav a:has-text('People')").click();
      assertThat(page).hasURL(Pattern.compile("/sites/" + site + "/people"));
      assertThat(rows(page).first()).isVisible();
      assertThat(page.locator(".people-table")).containsText(alice);
    }
    // The other viewer is still without.
    try (BrowserContext context = Chromium.context(browser, 1280, 800)) {
      Page page = signIn(context, "viewer@acme.example", "/sites/" + site);
      assertThat(page.locator(".nav a:has-text('Overview')")).isVisible();
      assertThat(page.locator(".nav a:has-text('People')")).hasCount(0);
    }
  }

  // ------------------------------------------------------------------ helpers

  private static Locator rows(Page page) {
    return page.locator(".people-table tbody tr");
  }

  private static Locator stat(Page page, String label) {
    return page.locator(".person-stats .stat")
        .filter(new Locator.FilterOptions().setHasText(label))
        .locator("dd");
  }

  private static String personPath(String userId, String rest) {
    return "/api/people/"
        + URLEncoder.encode(userId, StandardCharsets.UTF_8)
        + "?site_id="
        + site
        + rest;
  }

  private static void assertNoSidewaysScrolling(Page page) {
    assertThat(
            (Boolean)
                page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))
        .as("no horizontal scrolling at phone width")
        .isTrue();
  }

  private static ObjectNode pageview(
      String id, Instant at, String path, String userId, String anonymousId) {
    ObjectNode e =
        JSON.createObjectNode()
            .put("event", "pageview")
            .put("id", id)
            .put("timestamp", at.toString());
    ObjectNode actor = e.putObject("actor");
    if (userId != null) actor.put("user_id", userId);
    if (anonymousId != null) actor.put("anonymous_id", anonymousId);
    e.putObject("context")
        .put("url", "https://shop.example" + path)
        .put("user_agent", BROWSER)
        .put("title", "Shop " + path);
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

  /** Runs axe-core on the page; records serious and critical violations. */
  private static void check(Page page, String name, List<String> found) {
    page.locator(".skeleton, .refreshing")
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

  /** axe-core, fetched into the test resources by fetch-axe.sh during the build. */
  private static String axeScript() {
    try (InputStream in = PeopleBrowserTest.class.getResourceAsStream("/axe/axe.min.js")) {
      assertThat(in)
          .as("axe/axe.min.js is missing from the test resources (server/fetch-axe.sh)")
          .isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
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
