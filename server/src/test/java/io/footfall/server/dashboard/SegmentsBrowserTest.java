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
import com.microsoft.playwright.options.AriaRole;
import io.footfall.server.BrowserFixture;
import io.footfall.server.Chromium;
import io.footfall.server.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
 * A cohort as the segment of the overview, funnels and paths, against a server whose consent-mode
 * site has generated users, each with one visit: the home page, the pricing page, and for some a
 * signup and then a purchase. The cohort is a list of some of them (a strict subset, chosen at
 * random). An owner picks it on each page: the URL carries it, and the figures become the cohort's,
 * as counted from the generated events and as the API answers them. A funnel saved as an insight
 * and then given the cohort is updated in place, and opening it again restores the cohort. A viewer
 * without the people permission sees no segment picker. The Cohorts page has one h1 like every
 * page. axe-core finds nothing serious. Screenshots go to {@code target/screenshots}.
 */
class SegmentsBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "correct horse battery staple";
  private static final String BROWSER =
      "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
  private static final String FUNNEL =
      "step=event%3Asignup&step=event%3Apurchase&window=86400&unit=person&order=ordered&range=7d";
  private static final String PATHS = "dir=start&kind=page&step=%2F&steps=3&range=7d";

  private static TestServer server;
  private static Playwright playwright;
  private static Browser browser;
  private static String site;
  private static String cohort;

  /** What was generated: per user, whether they are in the cohort, signed up, bought. */
  private record User(String id, boolean member, boolean signedUp, boolean bought) {}

  private static final List<User> USERS = new ArrayList<>();

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
    server.patchSite(site, "{\"consent_mode\":true}");
    for (String role : List.of("owner", "viewer")) {
      admin(
          "POST",
          "/api/admin/organizations/" + org + "/members",
          Map.of("email", role + "@acme.example", "role", role, "password", PASSWORD));
    }
    Random random = new Random(1612L);
    Instant now = Instant.now();
    ArrayNode batch = JSON.createArrayNode();
    List<String> members = new ArrayList<>();
    for (int u = 0; u < 50; u++) {
      boolean signedUp = random.nextInt(3) > 0;
      User user =
          new User("user-" + u, random.nextInt(3) == 0, signedUp, signedUp && random.nextBoolean());
      USERS.add(user);
      if (user.member()) members.add(user.id());
      // One visit a user, within the last five days: /, /pricing, then signup and purchase.
      Instant at = now.minus(Duration.ofMinutes(120 + random.nextInt(5 * 24 * 60 - 240)));
      batch.add(event(user, "pageview", at, "/"));
      batch.add(event(user, "pageview", at.plusSeconds(40), "/pricing"));
      if (user.signedUp()) batch.add(event(user, "signup", at.plusSeconds(80), "/signup"));
      if (user.bought()) batch.add(event(user, "purchase", at.plusSeconds(120), "/checkout"));
    }
    assertThat(members.size()).as("a strict, non-empty subset").isBetween(2, USERS.size() - 1);
    ObjectNode body = JSON.createObjectNode().put("site", writeKey());
    body.set("batch", batch);
    TestServer.Response r =
        server.post("/api/track", body.toString(), Map.of("Authorization", bearer()));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    cohort =
        admin(
                "POST",
                "/api/admin/sites/" + site + "/cohorts",
                Map.of(
                    "name",
                    "Listed users",
                    "conditions",
                    List.of(Map.of("type", "static", "user_ids", members))))
            .get("id")
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
  void theOverviewCountsTheCohortsVisitorsAndSavesIt() {
    List<String> found = new ArrayList<>();
    try (BrowserContext context = context()) {
      Page page = signIn(context, "owner@acme.example", "/sites/" + site + "?range=7d");
      String visitors = ".kpi[data-metric=visitors] .kpi-value";
      assertThat(page.locator(visitors)).hasText(Integer.toString(USERS.size()));
      assertThat(page.locator("select[aria-label=Segment]")).hasValue("");

      page.selectOption("select[aria-label=Segment]", cohort);
      assertThat(page).hasURL(Pattern.compile("[?&]segment=" + cohort + "(&|$)"));
      long members = USERS.stream().filter(User::member).count();
      assertThat(page.locator(visitors)).hasText(Long.toString(members));
      assertThat(page.locator(visitors)).hasText(Long.toString(aggregateVisitors(cohort)));
      assertThat(page.locator(".panels")).containsText("/pricing");
      // The downloads are of the cohort too.
      for (String link :
          List.of(".chart-card a.export", ".exports a:has-text('Download all (ZIP)')")) {
        String href = page.locator(link).getAttribute("href");
        assertThat(href).as(link).contains(URLEncoder.encode(cohort, StandardCharsets.UTF_8));
        assertThat(page.request().get(server.baseUrl() + href).status()).as(href).isEqualTo(200);
      }
      Chromium.accessibility(page, "overview of a cohort", found);
      Chromium.screenshot(page, "segments-overview");

      // Saved as an insight with its cohort; opening it restores the cohort.
      page.click("#save-insight");
      page.fill("#insight-name", "Cohort traffic");
      page.keyboard().press("Enter");
      assertThat(page.locator(".save-insight-done")).containsText("Cohort traffic");
      JsonNode saved = insight("Cohort traffic");
      assertThat(saved.get("state").asText()).isEqualTo("range=7d&segment=" + cohort);
      assertThat(saved.get("people").asBoolean()).isTrue();
      page.navigate(server.baseUrl() + "/sites/" + site + "/insights");
      assertThat(page.locator(".insight[data-kind=stats] .insight-meta"))
          .containsText("cohort Listed users · Last 7 days");
      page.click(".insight[data-kind=stats] a.insight-name");
      assertThat(page.locator("select[aria-label=Segment]")).hasValue(cohort);
      assertThat(page.locator(visitors)).hasText(Long.toString(members));

      // Everyone again.
      page.selectOption("select[aria-label=Segment]", "");
      assertThat(page).not().hasURL(Pattern.compile("segment="));
      assertThat(page.locator(visitors)).hasText(Integer.toString(USERS.size()));
    } finally {
      deleteInsights();
    }
    assertThat(found).isEmpty();
  }

  @Test
  void aFunnelOfTheCohortIsUpdatedInPlaceAndReopensWithIt() {
    List<String> found = new ArrayList<>();
    try (BrowserContext context = context()) {
      Page page = signIn(context, "owner@acme.example", "/sites/" + site + "/funnels?" + FUNNEL);
      long signups = USERS.stream().filter(User::signedUp).count();
      long buyers = USERS.stream().filter(User::bought).count();
      assertThat(page.locator(".funnel-count"))
          .hasText(new String[] {people(signups), people(buyers)});

      // Saved for everyone first: the page is now of that insight.
      page.click("#save-insight");
      page.fill("#insight-name", "Signup to purchase");
      page.keyboard().press("Enter");
      assertThat(page.locator(".save-insight-done"))
          .hasText("Saved as “Signup to purchase”. All insights");
      String id = insight("Signup to purchase").get("id").asText();
      assertThat(page).hasURL(Pattern.compile("[?&]insight=" + id + "$"));
      assertThat(page.locator("#update-insight")).hasCount(0);

      // The cohort: its members' counts, as generated and as the API answers.
      page.selectOption("select[aria-label=Segment]", cohort);
      assertThat(page).hasURL(Pattern.compile("[?&]segment=" + cohort + "(&|$)"));
      long memberSignups = USERS.stream().filter(u -> u.member() && u.signedUp()).count();
      long memberBuyers = USERS.stream().filter(u -> u.member() && u.bought()).count();
      assertThat(memberSignups).as("the cohort changes the numbers").isLessThan(signups);
      assertThat(page.locator(".funnel-count"))
          .hasText(new String[] {people(memberSignups), people(memberBuyers)});
      JsonNode answer =
          api(
              "/api/funnels",
              "{\"site_id\":\""
                  + site
                  + "\",\"date_range\":\"7d\",\"steps\":[{\"event\":\"signup\"},{\"event\":\"purchase\"}],"
                  + "\"unit\":\"person\",\"segment\":\""
                  + cohort
                  + "\"}");
      assertThat(answer.at("/steps/0/count").asLong()).isEqualTo(memberSignups);
      assertThat(answer.at("/steps/1/count").asLong()).isEqualTo(memberBuyers);
      assertThat(page.locator(".save-insight-from"))
          .hasText("Changed since “Signup to purchase” was saved");
      Chromium.accessibility(page, "funnel of a cohort", found);
      Chromium.screenshot(page, "segments-funnel-changed");

      // Update: the same insight, now with the cohort.
      page.click("#update-insight");
      assertThat(page.locator(".save-insight-done"))
          .hasText("Updated “Signup to purchase”. All insights");
      assertThat(page.locator("#update-insight")).hasCount(0);
      JsonNode insights = insights();
      assertThat(insights).hasSize(1);
      assertThat(insights.get(0).get("id").asText()).isEqualTo(id);
      assertThat(insights.get(0).get("state").asText()).isEqualTo(FUNNEL + "&segment=" + cohort);
      Chromium.screenshot(page, "segments-funnel-updated");

      // Reopened from the list: the cohort and its numbers are back.
      page.navigate(server.baseUrl() + "/sites/" + site + "/funnels?" + FUNNEL);
      assertThat(page.locator("select[aria-label=Segment]")).hasValue("");
      page.navigate(server.baseUrl() + "/sites/" + site + "/insights");
      assertThat(page.locator(".insight .insight-meta")).containsText("cohort Listed users");
      page.click(".insight a.insight-name");
      assertThat(page).hasURL(Pattern.compile("segment=" + cohort + "&insight=" + id + "$"));
      assertThat(page.locator("select[aria-label=Segment]")).hasValue(cohort);
      assertThat(page.locator(".funnel-count"))
          .hasText(new String[] {people(memberSignups), people(memberBuyers)});
      assertThat(page.locator(".save-insight-from")).hasText("Saved insight “Signup to purchase”");

      // The builder keeps the cohort and the insight when the funnel changes.
      page.selectOption("#funnel-window", "3600");
      page.click(".funnel-builder button[type=submit]");
      assertThat(page).hasURL(Pattern.compile("window=3600.*segment=" + cohort + "&insight=" + id));
      assertThat(page.locator("#update-insight")).isVisible();
      Chromium.screenshot(page, "segments-funnel-reopened");

      // On a phone the head's controls wrap instead of running off the screen.
      page.setViewportSize(390, 844);
      assertThat(page.locator("#update-insight")).isVisible();
      assertThat(
              (Boolean)
                  page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))
          .as("no horizontal scrolling at phone width")
          .isTrue();
      Chromium.screenshot(page, "segments-funnel-phone");
      page.navigate(server.baseUrl() + "/sites/" + site + "?range=7d&segment=" + cohort);
      assertThat(page.locator("select[aria-label=Segment]")).hasValue(cohort);
      assertThat(
              (Boolean)
                  page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))
          .as("no horizontal scrolling at phone width")
          .isTrue();
      Chromium.screenshot(page, "segments-overview-phone");
    } finally {
      deleteInsights();
    }
    assertThat(found).isEmpty();
  }

  @Test
  void pathsOfTheCohortCountItsMembersVisits() {
    List<String> found = new ArrayList<>();
    try (BrowserContext context = context()) {
      Page page = signIn(context, "owner@acme.example", "/sites/" + site + "/paths?" + PATHS);
      String visits = ".paths-summary strong:first-child";
      assertThat(page.locator(visits)).hasText(Integer.toString(USERS.size()));

      page.selectOption("select[aria-label=Segment]", cohort);
      assertThat(page).hasURL(Pattern.compile("[?&]segment=" + cohort + "(&|$)"));
      long members = USERS.stream().filter(User::member).count();
      assertThat(page.locator(visits)).hasText(Long.toString(members));
      JsonNode answer =
          api(
              "/api/paths",
              "{\"site_id\":\""
                  + site
                  + "\",\"date_range\":\"7d\",\"start\":{\"page\":\"/\"},\"steps\":3,\"segment\":\""
                  + cohort
                  + "\"}");
      assertThat(answer.get("visits").asLong()).isEqualTo(members);
      // The builder keeps the cohort.
      page.selectOption("#paths-steps", "4");
      page.click(".paths-builder button[type=submit]");
      assertThat(page)
          .hasURL(
              Pattern.compile("steps=4.*segment=" + cohort + "|segment=" + cohort + ".*steps=4"));
      assertThat(page.locator(visits)).hasText(Long.toString(members));
      Chromium.accessibility(page, "paths of a cohort", found);
      Chromium.screenshot(page, "segments-paths");

      page.click("#save-insight");
      page.fill("#insight-name", "Cohort paths");
      page.keyboard().press("Enter");
      assertThat(page.locator(".save-insight-done")).containsText("Cohort paths");
      assertThat(insight("Cohort paths").get("state").asText()).contains("segment=" + cohort);
    } finally {
      deleteInsights();
    }
    assertThat(found).isEmpty();
  }

  @Test
  void theCohortsPageHasOneHeadingLikeEveryPage() {
    List<String> found = new ArrayList<>();
    try (BrowserContext context = context()) {
      Page page =
          signIn(context, "owner@acme.example", "/sites/" + site + "/cohorts?cohort=" + cohort);
      assertThat(page.locator("h1")).hasCount(1);
      assertThat(page.locator(".people-head h1")).containsText("Cohorts");
      assertThat(page.locator(".cohort-size h2")).hasText("Listed users");
      Chromium.accessibility(page, "cohorts", found);
      Chromium.screenshot(page, "segments-cohorts");
    }
    assertThat(found).isEmpty();
  }

  @Test
  void aViewerWithoutPeopleSeesNoSegmentPicker() {
    try (BrowserContext context = context()) {
      Page page =
          signIn(context, "viewer@acme.example", "/sites/" + site + "?range=7d&segment=" + cohort);
      // The address of a cohort's overview says why it shows nothing and offers everyone's.
      assertThat(page.getByRole(AriaRole.ALERT)).containsText("This address shows one cohort");
      page.getByRole(
              AriaRole.LINK, new Page.GetByRoleOptions().setName("See the overview of everyone"))
          .click();
      assertThat(page.locator(".kpi[data-metric=visitors] .kpi-value"))
          .hasText(Integer.toString(USERS.size()));
      assertThat(page.locator("select[aria-label=Segment]")).hasCount(0);
      page.navigate(
          server.baseUrl()
              + "/sites/"
              + site
              + "/funnels?"
              + FUNNEL.replace("unit=person", "unit=visit"));
      assertThat(page.locator(".funnel-bar")).hasCount(2);
      assertThat(page.locator("select[aria-label=Segment]")).hasCount(0);
      // An address of a cohort's funnel (shared by an analyst, say) says why it shows nothing and
      // offers everyone's funnel instead of blaming the unit.
      page.navigate(
          server.baseUrl()
              + "/sites/"
              + site
              + "/funnels?"
              + FUNNEL.replace("unit=person", "unit=visit")
              + "&segment="
              + cohort);
      assertThat(page.getByRole(AriaRole.ALERT)).containsText("This address shows one cohort");
      page.getByRole(
              AriaRole.LINK, new Page.GetByRoleOptions().setName("See the funnel of everyone"))
          .click();
      assertThat(page.locator(".funnel-bar")).hasCount(2);
      assertThat(page).not().hasURL(java.util.regex.Pattern.compile(".*segment=.*"));
      // Paths too: the same notice, not the server's refusal.
      page.navigate(server.baseUrl() + "/sites/" + site + "/paths?" + PATHS + "&segment=" + cohort);
      assertThat(page.getByRole(AriaRole.ALERT)).containsText("This address shows one cohort");
      assertThat(page.getByRole(AriaRole.ALERT)).containsText("your role is viewer");
      Chromium.screenshot(page, "segments-paths-cohort-notice");
      page.getByRole(
              AriaRole.LINK, new Page.GetByRoleOptions().setName("See the paths of everyone"))
          .click();
      assertThat(page.locator(".paths-summary")).isVisible();
      assertThat(page.locator("select[aria-label=Segment]")).hasCount(0);
    }
  }

  private static String people(long n) {
    return n + (n == 1 ? " person" : " people");
  }

  private static long aggregateVisitors(String segment) {
    String filters =
        URLEncoder.encode("[[\"is\",\"segment\",[\"" + segment + "\"]]]", StandardCharsets.UTF_8);
    JsonNode a =
        api(
            "/api/stats/aggregate?site_id="
                + site
                + "&date_range=7d&metrics=visitors&filters="
                + filters,
            null);
    return a.at("/results/0/metrics/0").asLong();
  }

  private static BrowserContext context() {
    return browser.newContext(
        new Browser.NewContextOptions()
            .setViewportSize(1280, 900)
            .setLocale("en-US")
            .setTimezoneId("UTC")
            .setBypassCSP(true));
  }

  private static JsonNode insights() {
    return admin("GET", "/api/admin/sites/" + site + "/insights", null);
  }

  private static JsonNode insight(String name) {
    for (JsonNode i : insights()) {
      if (i.get("name").asText().equals(name)) return i;
    }
    throw new AssertionError("no insight named " + name + " in " + insights());
  }

  private static void deleteInsights() {
    for (JsonNode i : insights()) {
      admin("DELETE", "/api/admin/sites/" + site + "/insights/" + i.get("id").asText(), null);
    }
  }

  private static ObjectNode event(User user, String name, Instant at, String path) {
    ObjectNode e = JSON.createObjectNode().put("event", name).put("id", user.id() + name + path);
    e.put("timestamp", at.toString());
    e.putObject("actor").put("user_id", user.id()).put("anonymous_id", "anon-" + user.id());
    e.putObject("context")
        .put("url", "https://shop.example" + path)
        .put("user_agent", BROWSER)
        .put("title", "Shop " + path);
    return e;
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
