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
import com.microsoft.playwright.options.BoundingBox;
import com.microsoft.playwright.options.SelectOption;
import io.footfall.demo.DemoLoader;
import io.footfall.server.Chromium;
import io.footfall.server.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Regressions of what a first-time user met on the dashboard (issue 14, items 17, 18 and 20): a
 * chart that drew the future as zeros, "all time" as two points and fractional counts, numbers that
 * contradicted each other under a filter, and the small things (titles, icon, not-found page,
 * definitions, focus, Escape, contrast). Every page also passes axe-core without a serious or
 * critical violation. Expected numbers come from the statistics API on generated demo traffic.
 */
class DashboardTrustBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "correct horse battery staple";
  private static final NumberFormat US = NumberFormat.getIntegerInstance(Locale.US);

  private static TestServer server;
  private static Playwright playwright;
  private static Browser browser;
  private static String demo;
  private static String shop;
  private static String linkToken;

  private final List<BrowserContext> contexts = new ArrayList<>();

  @BeforeAll
  static void start() {
    com.microsoft.playwright.assertions.PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
    server = TestServer.start();
    demo =
        new DemoLoader(URI.create(server.baseUrl()), server.adminToken(), Clock.systemUTC())
            .load(4_000)
            .siteId();
    String org = admin("GET", "/api/admin/sites/" + demo, null).get("organization_id").asText();
    // A site with a handful of events: small counts, where an axis could show 0.5 visitors.
    TestServer.SiteKeys keys = server.createSite("Shop", "shop.example", "Europe/Berlin");
    shop = keys.id();
    for (int i = 0; i < 3; i++) {
      TestServer.Response r =
          server.post(
              "/api/track",
              "{\"site\":\""
                  + keys.writeKey()
                  + "\",\"event\":\"pageview\",\"context\":{\"url\":\"https://shop.example/p"
                  + i
                  + "\"}}",
              Map.of("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36"));
      assertThat(r.status()).isEqualTo(202);
    }
    admin(
        "POST",
        "/api/admin/organizations/" + org + "/members",
        Map.of(
            "email",
            "owner@demo.example",
            "name",
            "Olga Owner",
            "role",
            "owner",
            "password",
            PASSWORD));
    linkToken =
        admin("POST", "/api/admin/sites/" + demo + "/shared-links", Map.of()).get("token").asText();
    playwright = Playwright.create();
    browser = Chromium.launch(playwright);
  }

  @AfterAll
  static void stop() {
    if (browser != null) browser.close();
    if (playwright != null) playwright.close();
    if (server != null) server.close();
  }

  @AfterEach
  void closeContexts() {
    contexts.forEach(BrowserContext::close);
  }

  // ------------------------------------------------------------------ 17: the chart

  @Test
  void theChartShowsTheBucketItsValueAndTheComparedValueAtTheCursor() {
    Page page = signIn(desktop(), "/sites/" + demo + "?range=7d&compare=previous_period");
    JsonNode series =
        admin(
            "GET",
            "/api/stats/timeseries?site_id="
                + demo
                + "&metrics=visitors&date_range=7d&interval=day&compare=previous_period",
            null);
    JsonNode last = series.get("results").get(series.get("results").size() - 1);
    BoundingBox box = chartArea(page);
    page.mouse().move(box.x + box.width - 2, box.y + box.height / 2);
    Locator tip = page.locator(".chart-tip");
    assertThat(tip).isVisible();
    assertThat(tip.locator(".chart-tip-head")).containsText(day(last.get("dimensions").get(0)));
    assertThat(tip).containsText(US.format(last.get("metrics").get(0).asLong()));
    assertThat(tip.locator(".chart-tip-row.dashed"))
        .containsText(US.format(last.get("comparison").get("metrics").get(0).asLong()));
    assertThat(tip.locator(".chart-tip-row.dashed"))
        .containsText(day(last.get("comparison").get("dimensions").get(0)));
    BoundingBox at = tip.boundingBox();
    assertThat(Math.abs(at.x + at.width - (box.x + box.width)))
        .as("the tooltip sits next to the cursor, not in a strip under the chart")
        .isLessThan(60);
    assertThat(at.y).isBetween(box.y - 1, box.y + box.height);
    Chromium.screenshot(page, "chart-tooltip-desktop");
    page.mouse().move(box.x + box.width / 2, box.y + box.height + 80);
    assertThat(tip).isHidden();
  }

  @Test
  void thisMonthsChartEndsToday() {
    Page page = signIn(desktop(), "/sites/" + demo + "?range=month");
    BoundingBox box = chartArea(page);
    page.mouse().move(box.x + box.width - 1, box.y + box.height / 2);
    ZoneId zone =
        ZoneId.of(admin("GET", "/api/admin/sites/" + demo, null).get("timezone").asText());
    assertThat(page.locator(".chart-tip-head"))
        .containsText(LocalDate.now(zone).format(DAY_FORMAT));
  }

  @Test
  void allTimeIsChartedByDayFromTheFirstEventNotAsTwoMonths() {
    Page page = signIn(desktop(), "/sites/" + demo);
    assertThat(page.locator(".chart canvas")).isVisible();
    Response answer =
        page.waitForResponse(
            r -> r.url().contains("/api/stats/timeseries"),
            () -> page.navigate(server.baseUrl() + "/sites/" + demo + "?range=all"));
    JsonNode body = parse(answer.text());
    ZoneId zone = ZoneId.of(body.get("meta").get("time_zone").asText());
    Instant first =
        Instant.parse(
            admin("GET", "/api/admin/sites/" + demo + "/first-event", null)
                .get("first_event_at")
                .asText());
    JsonNode labels = body.get("meta").get("time_labels");
    assertThat(answer.url()).contains("interval=day");
    assertThat(labels.get(0).asText()).isEqualTo(LocalDate.ofInstant(first, zone) + "T00:00:00");
    assertThat(labels.size()).isGreaterThan(20);
    assertThat(page.locator(".chart-card .tab.active")).hasText("Day");
  }

  /** The compare page charted "all time" at a fixed monthly interval: two points for a month. */
  @Test
  void compareChartsAllTimeFromTheEarliestFirstEventAtTheIntervalItsSpanCallsFor() {
    Page page = signIn(desktop(), "/sites/" + demo);
    assertThat(page.locator(".chart canvas")).isVisible();
    Response answer =
        page.waitForResponse(
            r -> r.url().contains("/api/stats/timeseries"),
            () ->
                page.navigate(
                    server.baseUrl() + "/compare?sites=" + demo + "," + shop + "&range=all"));
    assertThat(answer.url()).contains("interval=day").doesNotContain("date_range=all");
    Instant first =
        Instant.parse(
            admin("GET", "/api/admin/sites/" + demo + "/first-event", null)
                .get("first_event_at")
                .asText());
    JsonNode labels = parse(answer.text()).get("meta").get("time_labels");
    assertThat(labels.size())
        .as("a point per day since the first event")
        .isGreaterThanOrEqualTo((int) Duration.between(first, Instant.now()).toDays());
    assertThat(page.locator(".chart-card h2")).containsText("per day");
  }

  @Test
  void countAxesTickOnWholeNumbersOnly() {
    Page page = signIn(desktop(), "/sites/" + shop + "?range=7d");
    Locator chart = page.locator(".chart");
    assertThat(chart).hasAttribute("data-y-ticks", Pattern.compile(".+"));
    for (String metric : List.of("visitors", "pageviews")) {
      page.navigate(server.baseUrl() + "/sites/" + shop + "?range=7d&metric=" + metric);
      assertThat(chart).hasAttribute("data-y-ticks", Pattern.compile("^\\d+(,\\d+)*$"));
      String ticks = chart.getAttribute("data-y-ticks");
      assertThat(ticks.split(",").length).as(metric + " ticks " + ticks).isGreaterThan(1);
    }
  }

  // ------------------------------------------------------------------ 18: consistent numbers

  @Test
  void underAGoalFilterTheCardsDescribeTheSameVisits() {
    String goal =
        admin(
                "GET",
                "/api/stats/breakdown?site_id="
                    + demo
                    + "&metrics=visitors&date_range=30d&dimensions=event%3Agoal&limit=1",
                null)
            .get("results")
            .get(0)
            .get("dimensions")
            .get(0)
            .asText();
    Page page = signIn(desktop(), "/sites/" + demo + "?f=" + encode("is|event:goal|" + goal));
    assertThat(page.locator(".chip")).containsText(goal);
    long pageviews = number(kpi(page, "pageviews"));
    long visits = number(kpi(page, "visits"));
    assertThat(pageviews).as("page views of the visits that converted").isPositive();
    BigDecimal perVisit =
        BigDecimal.valueOf(pageviews).divide(BigDecimal.valueOf(visits), 2, RoundingMode.HALF_UP);
    // Compared as numbers: the card drops a trailing zero (3.90 shows as 3.9).
    assertThat(new BigDecimal(kpi(page, "views_per_visit").textContent().strip()))
        .isEqualByComparingTo(perVisit);
    String converting = "[[\"is\",\"visit:goal\",[\"" + goal + "\"]]]";
    assertThat(visits).isEqualTo(aggregate(demo, "visits", converting));
    assertThat(kpi(page, "converted").textContent()).isEqualTo(kpi(page, "visitors").textContent());
    Chromium.screenshot(page, "overview-goal-filter-desktop");
  }

  @Test
  void convertedVisitorsAreAtMostTheVisitorsWithTheirRate() {
    Page page = signIn(desktop(), "/sites/" + demo);
    long visitors = number(kpi(page, "visitors"));
    long converted = number(kpi(page, "converted"));
    String anyGoal = "[[\"matches\",\"event:goal\",[\".*\"]]]";
    assertThat(converted)
        .isEqualTo(aggregate(demo, "visitors", anyGoal))
        .isLessThanOrEqualTo(visitors);
    JsonNode rate =
        admin(
                "GET",
                "/api/stats/aggregate?site_id="
                    + demo
                    + "&metrics=conversion_rate&date_range=30d&filters="
                    + encode(anyGoal),
                null)
            .get("results")
            .get(0)
            .get("metrics")
            .get(0);
    assertThat(page.locator("[data-metric=converted] .kpi-rate"))
        .hasText(
            rate.decimalValue().setScale(1, RoundingMode.HALF_UP).toPlainString()
                + " % of visitors");
    assertThat(page.locator("[data-metric=converted] .kpi-select")).hasText("Converted visitors");
  }

  @Test
  void entryPagesCountEntriesNotThePageviewsOfWholeVisits() {
    Page page = signIn(desktop(), "/sites/" + demo);
    Locator pages = page.locator("[data-panel=pages]");
    pages.locator("button[role=tab]:has-text('Entry pages')").click();
    assertThat(pages.locator(".metric-heads span")).hasText(new String[] {"Visitors", "Entries"});
    JsonNode entries =
        admin(
            "GET",
            "/api/stats/breakdown?site_id="
                + demo
                + "&metrics=visitors,visits&date_range=30d&limit=10&dimensions="
                + encode("visit:entry_page"),
            null);
    JsonNode top = entries.get("results").get(0);
    String path = top.get("dimensions").get(0).asText();
    Locator row = pages.locator("li").first();
    assertThat(row).hasAttribute("data-value", path);
    assertThat(row.locator(".row-values span"))
        .hasText(
            new String[] {
              US.format(top.get("metrics").get(0).asLong()),
              US.format(top.get("metrics").get(1).asLong())
            });
    long views = aggregate(demo, "pageviews", "[[\"is\",\"event:page\",[\"" + path + "\"]]]");
    assertThat(top.get("metrics").get(1).asLong())
        .as("entries on %s are at most its own page views", path)
        .isLessThanOrEqualTo(views);
  }

  // ------------------------------------------------------------------ 20: small things

  @Test
  void theMemberFormFallsBackToViewerAndTheAuditLogNamesWhoAndWhom() {
    Page page = signIn(desktop(), "/sites/" + demo + "/settings?tab=members");
    Locator role = page.locator("#member-form select[name=role]");
    assertThat(role).hasValue("viewer");
    page.fill("#member-form input[name=email]", "new.admin@demo.example");
    role.selectOption(new SelectOption().setValue("admin"));
    page.click("#member-form button[type=submit]");
    assertThat(page.locator(".notice")).containsText("new.admin@demo.example");
    assertThat(role).hasValue("viewer");

    page.click(".settings-tabs a:has-text('Audit log')");
    Locator added =
        page.locator(".table tbody tr", new Page.LocatorOptions().setHasText("member.invite"));
    assertThat(added.first().locator("td").nth(1)).hasText("Olga Owner (owner@demo.example)");
    assertThat(added.first().locator("td").nth(3)).hasText("new.admin@demo.example");
    assertThat(page.locator(".table")).not().containsText("person:p_");
    Chromium.screenshot(page, "settings-audit-desktop");
  }

  @Test
  void definitionsOpenAsAPageNotAsRawMarkdown() {
    Page page = signIn(desktop(), "/sites/" + demo);
    Locator link = page.locator("[data-metric=visitors] .tooltip a");
    assertThat(link).hasAttribute("href", "/definitions");
    page.navigate(server.baseUrl() + "/definitions");
    assertThat(page).hasTitle("Definitions · Footfall");
    assertThat(page.locator("h1").first()).hasText("Metrics and definitions");
    assertThat(page.locator("h2#metrics")).isVisible();
    assertThat(page.locator("table").first()).isVisible();
    assertThat(page.locator("body")).not().containsText("| metric |");
    Chromium.screenshot(page, "definitions-desktop");
  }

  @Test
  void anUnknownPathIsAnHtmlPageForBrowsersAndJsonForApiClients() {
    TestServer.Response html = server.get("/no/such/page", Map.of("Accept", "text/html"));
    assertThat(html.status()).isEqualTo(404);
    assertThat(html.header("Content-Type")).startsWith("text/html");
    assertThat(html.body()).contains("<title>Page not found · Footfall</title>");
    TestServer.Response api = server.get("/api/no/such", Map.of("Accept", "text/html"));
    assertThat(api.status()).isEqualTo(404);
    assertThat(api.json().get("error").get("code").asText()).isEqualTo("not_found");
    TestServer.Response json = server.get("/no/such/page", Map.of("Accept", "application/json"));
    assertThat(json.status()).isEqualTo(404);
    assertThat(json.header("Content-Type")).startsWith("application/json");

    Page page = desktop().newPage();
    Response r = page.navigate(server.baseUrl() + "/no/such/page");
    assertThat(r.status()).isEqualTo(404);
    assertThat(page.locator("h1")).hasText("Page not found");
    Chromium.screenshot(page, "not-found-desktop");
  }

  @Test
  void everyPageHasItsOwnTitleAndAnIcon() {
    Page page = desktop().newPage();
    List<String> missing = new ArrayList<>();
    page.onResponse(
        r -> {
          if (r.status() == 404) missing.add(r.url());
        });
    page.navigate(server.baseUrl() + "/login");
    assertThat(page).hasTitle("Sign in · Footfall");
    page.fill("input[name=email]", "owner@demo.example");
    page.fill("input[name=password]", PASSWORD);
    page.click("#login-form button[type=submit]");
    assertThat(page).hasTitle("Overview · Demo · Footfall");
    page.click(".nav a:has-text('Settings')");
    assertThat(page).hasTitle("Settings · Demo · Footfall");
    page.click(".nav a:has-text('Compare')");
    assertThat(page).hasTitle("Compare sites · Footfall");
    String icon = page.locator("link[rel=icon]").getAttribute("href");
    assertThat(page.request().get(server.baseUrl() + icon).status()).isEqualTo(200);
    TestServer.BinaryResponse ico = server.getBytes("/favicon.ico", Map.of());
    assertThat(ico.status()).isEqualTo(200);
    assertThat(ico.header("Content-Type")).startsWith("image/svg+xml");
    assertThat(missing).as("nothing the pages load is missing").isEmpty();

    Page shared = desktop().newPage();
    shared.navigate(server.baseUrl() + "/share#" + linkToken);
    assertThat(shared).hasTitle("Overview · Demo (shared) · Footfall");
  }

  @Test
  void hiddenLinksAreOutOfTheTabOrderAndFilteringKeepsTheFocus() {
    Page page = signIn(desktop(), "/sites/" + demo);
    assertThat(page.locator("[data-panel=locations] li").first()).isVisible();
    Object hidden =
        page.evaluate(
            "() => [...document.querySelectorAll('a[href], button, input, select, textarea,"
                + " [tabindex]')].filter(e => e.tabIndex >= 0 && !e.disabled"
                + " && !e.classList.contains('skip')).filter(e => { const r ="
                + " e.getBoundingClientRect(); return r.width === 0 || r.height === 0; })"
                + ".map(e => e.outerHTML.slice(0, 80))");
    assertThat((List<?>) hidden).as("focusable elements that cannot be seen").isEmpty();

    Locator row = page.locator("[data-panel=locations] li button").first();
    row.focus();
    page.keyboard().press("Enter");
    assertThat(page.locator(".chip")).hasCount(1);
    assertThat(page.locator("#filters")).isFocused();
    page.keyboard().press("Tab");
    assertThat(page.locator(".chip-remove")).isFocused();
    page.keyboard().press("Enter");
    assertThat(page.locator(".chip")).hasCount(0);
    // The focus moves once the filters have re-rendered: an assertion that waits for it, since a
    // single read right after the key press failed on a loaded machine.
    assertThat(page.locator("#main")).isFocused();
  }

  @Test
  void escapeClosesAnExplanation() {
    Page page = signIn(desktop(), "/sites/" + demo);
    Locator visits = page.locator("[data-metric=visits]");
    visits.locator(".info-button").focus();
    assertThat(visits.locator(".tooltip")).isVisible();
    page.keyboard().press("Escape");
    assertThat(visits.locator(".tooltip")).isHidden();
    Locator bounce = page.locator("[data-metric=bounce_rate]");
    bounce.locator(".info-button").hover();
    assertThat(bounce.locator(".tooltip")).isVisible();
    page.keyboard().press("Escape");
    assertThat(bounce.locator(".tooltip")).isHidden();
    // Opened with a click, its Definitions link joins the tab order; Escape closes it again.
    bounce.locator(".info-button").click();
    page.keyboard().press("Tab");
    assertThat(bounce.locator(".tooltip a")).isFocused();
    page.keyboard().press("Escape");
    assertThat(bounce.locator(".tooltip")).isHidden();
  }

  @Test
  void axeFindsNoSeriousOrCriticalViolationOnAnyPage() {
    String axe = axeScript();
    Map<String, List<String>> found = new java.util.LinkedHashMap<>();
    Page page = context(1280, 800, true).newPage();
    page.navigate(server.baseUrl() + "/login");
    check(page, axe, "sign-in", "#login-form", found);
    page.navigate(server.baseUrl() + "/setup");
    check(page, axe, "setup", "#setup-form", found);
    page.navigate(server.baseUrl() + "/reset-password");
    check(page, axe, "password reset", "#reset-email", found);
    page.navigate(server.baseUrl() + "/no/such/page");
    check(page, axe, "not found", "h1", found);
    page.navigate(server.baseUrl() + "/definitions");
    check(page, axe, "definitions", "h1", found);

    Page app = signIn(context(1280, 800, true), "/sites/" + demo);
    check(app, axe, "overview", "[data-panel=locations] li", found);
    app.navigate(
        server.baseUrl()
            + "/sites/"
            + demo
            + "?range=7d&compare=previous_period&f="
            + encode("is|visit:country|" + topCountry()));
    check(app, axe, "overview, filtered and compared", ".chip", found);
    for (String tab :
        List.of("general", "tracking", "privacy", "goals", "links", "keys", "members", "audit")) {
      app.navigate(server.baseUrl() + "/sites/" + demo + "/settings?tab=" + tab);
      check(app, axe, "settings " + tab, ".settings-body :is(form, table, p, button)", found);
    }
    app.navigate(server.baseUrl() + "/compare?sites=" + demo + "," + shop);
    check(app, axe, "compare", ".compare-table", found);

    Page shared = context(390, 844, true).newPage();
    shared.navigate(server.baseUrl() + "/share#" + linkToken);
    check(shared, axe, "shared link (phone)", "[data-panel=locations] li", found);
    assertThat(found).as("serious or critical axe-core violations per page").isEmpty();
  }

  @Test
  void screenshotsOfTheOverview() {
    Page page = signIn(desktop(), "/sites/" + demo);
    assertThat(page.locator("[data-panel=locations] li").first()).isVisible();
    Chromium.screenshot(page, "overview-desktop");
    Page phone = signIn(phone(), "/sites/" + demo);
    assertThat(phone.locator("[data-panel=pages] li").first()).isVisible();
    Chromium.screenshot(phone, "overview-phone");
    assertThat(
            (Boolean)
                phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))
        .as("no horizontal scrolling at phone width")
        .isTrue();
  }

  // ------------------------------------------------------------------ helpers

  private static final DateTimeFormatter DAY_FORMAT =
      DateTimeFormatter.ofPattern("MMM d, yyyy", Locale.US);

  /** A bucket label as the tooltip names a day: "Dec 6, 2026" (after the weekday). */
  private static String day(JsonNode label) {
    return LocalDateTime.parse(label.asText()).toLocalDate().format(DAY_FORMAT);
  }

  /** The plot area of the chart, once drawn. */
  private static BoundingBox chartArea(Page page) {
    Locator over = page.locator(".chart .u-over");
    assertThat(over).isVisible();
    page.locator(".skeleton")
        .first()
        .waitFor(
            new Locator.WaitForOptions()
                .setState(com.microsoft.playwright.options.WaitForSelectorState.DETACHED));
    return over.boundingBox();
  }

  /** Runs axe-core on the page once it shows {@code ready}; records serious and critical ones. */
  private static void check(
      Page page, String axe, String name, String ready, Map<String, List<String>> found) {
    assertThat(page.locator(ready).first()).isVisible();
    page.locator(".skeleton, .refreshing")
        .first()
        .waitFor(
            new Locator.WaitForOptions()
                .setState(com.microsoft.playwright.options.WaitForSelectorState.DETACHED));
    page.addScriptTag(new Page.AddScriptTagOptions().setContent(axe));
    Object result =
        page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                + ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
                + ".map(v => v.impact + ' ' + v.id + ': ' + v.nodes.slice(0, 3)"
                + ".map(n => n.target.join(' ') + ' (' + (n.failureSummary || '')"
                + ".replace(/\\s+/g, ' ').slice(0, 160) + ')').join('; '))");
    List<String> violations = new ArrayList<>();
    ((List<?>) result).forEach(v -> violations.add(v.toString()));
    if (!violations.isEmpty()) {
      found.put(name, violations);
    }
  }

  /** axe-core, fetched into the test resources by fetch-axe.sh during the build. */
  private static String axeScript() {
    try (InputStream in = DashboardTrustBrowserTest.class.getResourceAsStream("/axe/axe.min.js")) {
      assertThat(in)
          .as(
              "axe/axe.min.js is missing from the test resources: server/fetch-axe.sh could not"
                  + " fetch axe-core with npm (see the build's output)")
          .isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String topCountry() {
    return admin(
            "GET",
            "/api/stats/breakdown?site_id="
                + demo
                + "&metrics=visitors&date_range=7d&limit=1&dimensions=visit%3Acountry",
            null)
        .get("results")
        .get(0)
        .get("dimensions")
        .get(0)
        .asText();
  }

  private BrowserContext desktop() {
    return context(1280, 800);
  }

  private BrowserContext phone() {
    return context(390, 844);
  }

  private BrowserContext context(int width, int height) {
    return context(width, height, false);
  }

  /** bypassCsp lets axe-core's script into the pages, whose policy allows only their own. */
  private BrowserContext context(int width, int height, boolean bypassCsp) {
    BrowserContext c =
        browser.newContext(
            new Browser.NewContextOptions()
                .setViewportSize(width, height)
                .setLocale("en-US")
                .setTimezoneId("UTC")
                .setBypassCSP(bypassCsp));
    contexts.add(c);
    return c;
  }

  /** Opens a page of the app, signs in as the owner on the page it leads to, and returns there. */
  private static Page signIn(BrowserContext context, String path) {
    Page page = context.newPage();
    page.navigate(server.baseUrl() + path);
    assertThat(page).hasURL(Pattern.compile("/login"));
    page.fill("input[name=email]", "owner@demo.example");
    page.fill("input[name=password]", PASSWORD);
    page.click("#login-form button[type=submit]");
    assertThat(page.locator(".top .me")).isVisible();
    return page;
  }

  private static Locator kpi(Page page, String metric) {
    Locator value = page.locator("[data-metric=" + metric + "] .kpi-value");
    assertThat(value).isVisible();
    assertThat(page.locator(".kpis.refreshing")).hasCount(0);
    return value;
  }

  private static long number(Locator value) {
    return Long.parseLong(value.textContent().replace(",", ""));
  }

  private static long aggregate(String site, String metric, String filters) {
    return admin(
            "GET",
            "/api/stats/aggregate?site_id="
                + site
                + "&metrics="
                + metric
                + "&date_range=30d&filters="
                + encode(filters),
            null)
        .get("results")
        .get(0)
        .get("metrics")
        .get(0)
        .asLong();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode admin(String method, String path, Object body) {
    Map<String, String> auth = new HashMap<>();
    auth.put("Authorization", "Bearer " + server.adminToken());
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
