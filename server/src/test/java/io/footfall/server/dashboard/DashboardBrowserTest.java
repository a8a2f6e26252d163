package io.footfall.server.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.footfall.demo.DemoLoader;
import io.footfall.server.Chromium;
import io.footfall.server.TestServer;
import io.footfall.server.mail.SmtpSettings;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.time.Clock;
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
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Drives the dashboard in Debian's Chromium against a real server holding the demo traffic: sign
 * in, the overview, filters, ranges, comparison, sites side by side, a shared link, a restricted
 * viewer, settings and the first-run setup. Every number on screen is checked against the
 * statistics API's answer for the same question. Screenshots of the main views at desktop
 * (1280×800) and phone (390×844) width go to {@code target/screenshots}.
 */
class DashboardBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "correct horse battery staple";
  private static final NumberFormat US = NumberFormat.getIntegerInstance(Locale.US);

  @RegisterExtension
  static final GreenMailExtension SMTP =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
          .withConfiguration(GreenMailConfiguration.aConfig().withUser("mailer", "mailer-secret"));

  private static TestServer server;
  private static Playwright playwright;
  private static Browser browser;
  private static String demo;
  private static String shop;
  private static String linkToken;
  private static String second;

  private final List<BrowserContext> contexts = new ArrayList<>();

  @BeforeAll
  static void start() {
    PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
    server = TestServer.start();
    demo =
        new DemoLoader(URI.create(server.baseUrl()), server.adminToken(), Clock.systemUTC())
            .load(4_000)
            .siteId();
    String org = admin("GET", "/api/admin/sites/" + demo, null).get("organization_id").asText();
    TestServer.SiteKeys keys = server.createSite("Shop", "shop.example", "Europe/Berlin");
    shop = keys.id();
    for (int i = 0; i < 5; i++) {
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
        Map.of("email", "owner@demo.example", "role", "owner", "password", PASSWORD));
    admin(
        "POST",
        "/api/admin/organizations/" + org + "/members",
        Map.of(
            "email",
            "seller@demo.example",
            "role",
            "viewer",
            "password",
            PASSWORD,
            "site_ids",
            List.of(shop)));
    // The owner is also an analyst of a second organization.
    String secondOrg =
        admin("POST", "/api/admin/organizations", Map.of("name", "Second")).get("id").asText();
    second =
        admin(
                "POST",
                "/api/admin/sites",
                Map.of(
                    "organization_id", secondOrg,
                    "name", "Second site",
                    "domain", "second.example",
                    "timezone", "Asia/Tokyo",
                    "currency", "JPY"))
            .get("id")
            .asText();
    admin(
        "POST",
        "/api/admin/organizations/" + secondOrg + "/members",
        Map.of("email", "owner@demo.example", "role", "analyst"));
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

  @Test
  void signsInAndFiltersChangesRangeAndComparesOnTheOverview() {
    Page page = signIn(desktop(), "owner@demo.example", "/sites/" + demo);
    assertThat(page).hasURL(Pattern.compile("/sites/" + demo + "$"));
    assertThat(kpi(page, "visitors")).hasText(visitors(demo, "30d", ""));
    assertThat(page.locator("[data-panel=locations] li").first()).isVisible();
    page.waitForLoadState();
    Chromium.screenshot(page, "overview-desktop");

    // A click on a country row filters the whole view; the filter is a removable chip.
    String country =
        top(demo, "visit:country").get("results").get(0).get("dimensions").get(0).asText();
    page.locator("[data-panel=locations] li[data-value=" + country + "] button").click();
    assertThat(page).hasURL(Pattern.compile("f=is%7Cvisit%3Acountry%7C" + country));
    Locator chip = page.locator(".chip");
    assertThat(chip).containsText("Country");
    String filter = "[[\"is\",\"visit:country\",[\"" + country + "\"]]]";
    assertThat(kpi(page, "visitors")).hasText(visitors(demo, "30d", filter));
    assertThat(page.locator("[data-panel=locations] li")).hasCount(1);

    chip.locator("button").click();
    assertThat(chip).hasCount(0);
    assertThat(kpi(page, "visitors")).hasText(visitors(demo, "30d", ""));
    // The state lives in the URL: back brings the filter back.
    page.goBack();
    assertThat(chip).hasCount(1);
    assertThat(kpi(page, "visitors")).hasText(visitors(demo, "30d", filter));
    chip.locator("button").click();

    page.selectOption("#range", "7d");
    assertThat(page).hasURL(Pattern.compile("range=7d"));
    assertThat(kpi(page, "visitors")).hasText(visitors(demo, "7d", ""));

    page.selectOption("#compare", "previous_period");
    assertThat(page).hasURL(Pattern.compile("compare=previous_period"));
    assertThat(page.locator(".u-legend")).containsText("compared period");
    assertThat(page.locator("[data-metric=visitors] .kpi-change")).isVisible();
    assertThat(page.locator(".period")).containsText("compared with");
    Chromium.screenshot(page, "overview-compare-desktop");

    // A custom range from the date inputs.
    page.selectOption("#range", "custom");
    String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
    String weekAgo = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(3).toString();
    page.fill("input[name=from]", weekAgo);
    page.fill("input[name=to]", today);
    page.click(".custom-range button");
    assertThat(page).hasURL(Pattern.compile("range=" + weekAgo + "%2C" + today));
    assertThat(kpi(page, "visitors")).hasText(visitors(demo, weekAgo + "," + today, ""));

    // Export links carry the view's parameters.
    String zip = page.locator("a:has-text('Download all (ZIP)')").getAttribute("href");
    assertThat(zip).startsWith("/api/export/view.zip?").contains("site_id=" + demo);
    assertThat(zip).contains("compare=previous_period").contains("date_range=" + weekAgo);
    assertThat(page.locator("[data-panel=pages] a.export").getAttribute("href"))
        .startsWith("/api/export/breakdown.csv?")
        .contains("dimensions=event%3Apage");

    Page phone = signIn(phone(), "owner@demo.example", "/sites/" + demo);
    assertThat(kpi(phone, "visitors")).hasText(visitors(demo, "30d", ""));
    assertThat(phone.locator("[data-panel=pages] li").first()).isVisible();
    Chromium.screenshot(phone, "overview-phone");
    assertThat(
            (Boolean)
                phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))
        .as("no horizontal scrolling at phone width")
        .isTrue();

    page.click("text=Sign out");
    assertThat(page).hasURL(Pattern.compile("/login"));
  }

  @Test
  void theFirstScreensStatisticsLeaveWithTheBootstrapRequestsAndEachOnce() {
    Page page = signIn(desktop(), "owner@demo.example", "/sites/" + demo);
    assertThat(kpi(page, "visitors")).hasText(visitors(demo, "30d", ""));
    List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    page.onRequest(
        r -> {
          if (r.url().contains("/api/stats/")) {
            asked.add(r.url());
          }
        });
    // A full load of a view with a filter, a comparison, a custom property and a panel on another
    // tab than its first (not Cities: with the bundled country database that tab is hidden):
    // boot.js
    // builds every statistics request of the first screen from the URL, as the cards and panels do.
    page.navigate(
        server.baseUrl()
            + "/sites/"
            + demo
            + "?range=7d&compare=previous_period&f=is%7Cevent%3Aname%7Cpageview&prop=plan"
            + "&panel=devices%3Avisit%3Abrowser");
    page.waitForFunction(
        "() => document.querySelectorAll('.kpi-value').length > 0"
            + " && document.querySelector('.chart-card canvas, .chart-card .empty') !== null"
            + " && document.querySelector('.skeleton, .refreshing, [aria-busy=true]') === null");
    int panels = page.locator("[data-panel]").count();
    assertThat(panels).isPositive();
    assertThat(asked)
        .as("realtime, two aggregates, the timeseries, each panel's first tab and the property")
        .doesNotHaveDuplicates()
        .hasSize(panels + 5);
    @SuppressWarnings("unchecked")
    List<Boolean> beforeSites =
        (List<Boolean>)
            page.evaluate(
                "() => { const all = performance.getEntriesByType('resource');"
                    + " const sites = all.find(e => e.name.endsWith('/api/admin/sites'));"
                    + " return all.filter(e => e.name.includes('/api/stats/'))"
                    + ".map(e => e.startTime < sites.responseEnd); }");
    assertThat(beforeSites)
        .as("each statistics request was asked before the list of sites had arrived")
        .hasSize(panels + 5)
        .containsOnly(true);
  }

  @Test
  void offersThePropertyKeysInUseAndOpensOne() {
    Page page = signIn(desktop(), "owner@demo.example", "/sites/" + demo);
    Locator props = page.locator(".panel.props");
    props.locator("button:has-text('Show the keys in use')").click();
    JsonNode keys =
        admin("GET", "/api/stats/property-keys?site_id=" + demo + "&date_range=30d", null)
            .get("results");
    assertThat(keys.size()).isPositive();
    Locator items = props.locator(".key-list li a");
    assertThat(items).hasCount(keys.size());
    String first = keys.get(0).get("key").asText();
    assertThat(items.first()).hasText(first);
    assertThat(props.locator(".key-list li").first())
        .containsText(US.format(keys.get(0).get("events").asLong()));
    items.first().click();
    assertThat(page).hasURL(Pattern.compile("prop=" + first));
    assertThat(page.locator("#prop-key")).hasValue(first);
    assertThat(props.locator(".breakdown li").first()).isVisible();
    // The field offers the same keys as the browser's suggestions.
    assertThat(page.locator("#prop-keys option")).hasCount(keys.size());
  }

  @Test
  void aPanelsTabIsPartOfTheView() {
    Page page = signIn(desktop(), "owner@demo.example", "/sites/" + demo);
    Locator sources = page.locator("[data-panel=sources]");
    assertThat(sources.locator("li").first()).isVisible();
    sources.locator("button[role=tab]:has-text('Medium')").click();
    assertThat(page).hasURL(Pattern.compile("panel=sources%3Avisit%3Amedium"));
    String medium =
        top(demo, "visit:medium").get("results").get(0).get("dimensions").get(0).asText();
    assertThat(sources.locator("li").first()).hasAttribute("data-value", medium);
    // The tab survives a reload (a shared link opens on it) and the back button leaves it.
    page.reload();
    assertThat(sources.locator("button[aria-selected=true]")).hasText("Medium");
    assertThat(sources.locator("li").first()).hasAttribute("data-value", medium);
    page.goBack();
    assertThat(sources.locator("button[aria-selected=true]")).hasText("Sources");
  }

  @Test
  void switchesOrganizationAndSite() {
    Page page = signIn(desktop(), "owner@demo.example", "/sites/" + demo);
    assertThat(page.locator("#site-switcher option")).hasCount(2);
    page.selectOption("#site-switcher", shop);
    assertThat(page).hasURL(Pattern.compile("/sites/" + shop));
    assertThat(kpi(page, "visitors")).hasText(visitors(shop, "30d", ""));
    page.selectOption(
        "#org-switcher", new com.microsoft.playwright.options.SelectOption().setLabel("Second"));
    assertThat(page).hasURL(Pattern.compile("/sites/" + second + "$"));
    assertThat(page.locator("#site-switcher option")).hasCount(1);
    // An analyst reads but does not manage: no settings.
    assertThat(page.locator(".nav a:has-text('Settings')")).hasCount(0);
    assertThat(page.locator(".empty-site h2")).containsText("No data yet for Second site");
  }

  @Test
  void comparesSitesSideBySide() {
    Page page = signIn(desktop(), "owner@demo.example", "/sites/" + demo);
    page.navigate(server.baseUrl() + "/compare?sites=" + demo + "," + shop);
    Locator row = page.locator("tr[data-metric=visitors]");
    assertThat(row.locator("td[data-site=" + demo + "]")).hasText(visitors(demo, "30d", ""));
    assertThat(row.locator("td[data-site=" + shop + "]")).hasText(visitors(shop, "30d", ""));
    assertThat(page.locator(".u-legend")).containsText("Shop");
    Chromium.screenshot(page, "compare-desktop");
  }

  @Test
  void sharedLinkShowsOneSiteReadOnly() {
    for (BrowserContext context : List.of(desktop(), phone())) {
      Page page = context.newPage();
      page.navigate(server.baseUrl() + "/share#" + linkToken);
      assertThat(page.locator(".badge")).hasText("shared, read-only");
      assertThat(kpi(page, "visitors")).hasText(visitors(demo, "30d", ""));
      assertThat(page.locator("a:has-text('Settings')")).hasCount(0);
      assertThat(page.locator("#site-switcher")).hasCount(0);
      // Filters work in the shared view too, and keep the link in the URL.
      String source =
          top(demo, "visit:source").get("results").get(1).get("dimensions").get(0).asText();
      page.locator("[data-panel=sources] li[data-value='" + source + "'] button").click();
      assertThat(page.locator(".chip")).hasCount(1);
      assertThat(page).hasURL(Pattern.compile("/share\\?.*#" + linkToken + "$"));
      Chromium.screenshot(page, "shared-" + (contexts.indexOf(context) == 0 ? "desktop" : "phone"));
    }
    Page bad = desktop().newPage();
    bad.navigate(server.baseUrl() + "/share#not-a-token");
    assertThat(bad.locator(".empty-site h2")).hasText("This link does not work");
  }

  @Test
  void restrictedViewerSeesOnlyTheirSite() {
    Page page = signIn(desktop(), "seller@demo.example");
    assertThat(page).hasURL(Pattern.compile("/sites/" + shop + "$"));
    assertThat(page.locator("#site-switcher option")).hasCount(1);
    assertThat(page.locator("a:has-text('Settings')")).hasCount(0);
    assertThat(page.locator("a:has-text('Compare')")).hasCount(0);
    page.navigate(server.baseUrl() + "/sites/" + demo);
    assertThat(page.locator(".empty-site h2")).hasText("No such site");
    Object status =
        page.evaluate("s => fetch('/api/stats/aggregate?site_id=' + s).then(r => r.status)", demo);
    assertThat(status).isEqualTo(404);
  }

  @Test
  void settingsShowTheSnippetVerifyTheInstallationAndListGoals() {
    Page page = signIn(desktop(), "owner@demo.example", "/sites/" + demo);
    page.click("a:has-text('Settings')");
    assertThat(page).hasURL(Pattern.compile("/sites/" + demo + "/settings"));
    assertThat(page.locator("input[name=timezone]")).hasValue(Pattern.compile(".+"));
    page.click(".settings-tabs a:has-text('Tracking')");
    String writeKey = admin("GET", "/api/admin/sites/" + demo, null).get("write_key").asText();
    assertThat(page.locator(".copy-field code")).containsText("data-site=\"" + writeKey + "\"");
    page.click("button:has-text('Verify installation')");
    assertThat(page.locator(".verify .ok")).containsText("receives events");
    String events =
        US.format(
            admin("GET", "/api/admin/sites/" + demo + "/counts", null).get("events").asLong());
    assertThat(page.locator(".facts")).containsText(events);
    Chromium.screenshot(page, "settings-tracking-desktop");

    page.click(".settings-tabs a:has-text('Goals')");
    JsonNode goals = admin("GET", "/api/admin/sites/" + demo + "/goals", null);
    assertThat(page.locator(".table tbody tr")).hasCount(goals.size());
    page.fill("#goal-form input[name=name]", "Careers");
    page.fill("#goal-form input[name=path]", "/careers/**");
    page.click("#goal-form button[type=submit]");
    assertThat(page.locator(".table tbody tr")).hasCount(goals.size() + 1);
    assertThat(admin("GET", "/api/admin/sites/" + demo + "/goals", null).toString())
        .contains("/careers/**");

    page.click(".settings-tabs a:has-text('Privacy')");
    page.check("input[name=gpc]");
    page.uncheck("input[name=gpc]");
    page.check("input[name=dnt]");
    page.click("#privacy-form button[type=submit]");
    assertThat(page.locator(".saved")).isVisible();
    assertThat(
            admin("GET", "/api/admin/sites/" + demo, null)
                .get("settings")
                .get("respect_dnt")
                .asBoolean())
        .isTrue();

    page.click(".settings-tabs a:has-text('Audit log')");
    assertThat(page.locator(".table")).containsText("goal.create");
    Chromium.screenshot(page, "settings-audit-desktop");
    page.setViewportSize(390, 844);
    Chromium.screenshot(page, "settings-audit-phone");
  }

  @Test
  void firstRunSetupCreatesTheOwnerAndTheFirstSite() {
    try (TestServer fresh = TestServer.start()) {
      BrowserContext context = desktop();
      Page page = context.newPage();
      page.navigate(fresh.baseUrl() + "/");
      assertThat(page).hasURL(Pattern.compile("/login"));
      page.click("a:has-text('Set it up')");
      page.fill("input[name=token]", fresh.server().setupToken());
      page.fill("input[name=organization]", "Acme");
      page.fill("input[name=email]", "founder@acme.example");
      page.fill("input[name=password]", PASSWORD);
      page.click("#setup-form button[type=submit]");
      assertThat(page.locator("#new-site h1")).hasText("Add your first site");
      page.fill("#new-site input[name=name]", "Acme shop");
      page.fill("#new-site input[name=domain]", "acme.example");
      page.fill("#new-site input[name=timezone]", "Europe/Paris");
      page.click("#new-site button[type=submit]");
      assertThat(page).hasURL(Pattern.compile("/settings\\?tab=tracking"));
      assertThat(page.locator(".copy-field code")).containsText("/t.js");
      // A site without events shows how to install the tracker instead of empty charts.
      page.click(".nav a:has-text('Overview')");
      assertThat(page.locator(".empty-site h2")).containsText("No data yet for Acme shop");
      assertThat(page.locator(".empty-site .copy-field code")).containsText("data-site=");
      Chromium.screenshot(page, "empty-site-desktop");
      page.navigate(fresh.baseUrl() + "/login");
      assertThat(page.locator(".notice")).hasCount(0);
    }
  }

  @Test
  void passwordResetByTheMailedLink() throws Exception {
    try (TestServer mailing =
        TestServer.start(
            c ->
                c.smtp(
                    java.util.Optional.of(
                        new SmtpSettings(
                            "127.0.0.1",
                            SMTP.getSmtp().getPort(),
                            "mailer",
                            "mailer-secret",
                            "footfall@stats.example.com",
                            false,
                            java.time.Duration.ofSeconds(10)))))) {
      Map<String, String> boot = Map.of("Authorization", "Bearer " + mailing.adminToken());
      String org =
          mailing
              .post("/api/admin/organizations", "{\"name\":\"Acme\"}", boot)
              .json()
              .get("id")
              .asText();
      mailing.post(
          "/api/admin/organizations/" + org + "/members",
          JSON.writeValueAsString(
              Map.of("email", "ada@acme.example", "role", "admin", "password", PASSWORD)),
          boot);
      Page page = desktop().newPage();
      page.navigate(mailing.baseUrl() + "/login");
      page.click("text=Forgot your password?");
      page.fill("#reset-email", "ada@acme.example");
      page.click("button:has-text('Mail me a link')");
      assertThat(page.locator(".notice")).containsText("on its way");
      assertThat(SMTP.waitForIncomingEmail(10_000, 1)).isTrue();
      String text = SMTP.getReceivedMessages()[0].getContent().toString();
      java.util.regex.Matcher m = Pattern.compile("/reset-password\\?token=(\\S+)").matcher(text);
      assertThat(m.find()).as(text).isTrue();
      page.navigate(mailing.baseUrl() + "/reset-password?token=" + m.group(1));
      page.fill("input[name=password]", "a brand new passphrase");
      page.fill("input[name=again]", "a brand new passphrase");
      page.click("button:has-text('Set password')");
      assertThat(page.locator(".notice")).containsText("Your password is changed");
      page.click(".notice a:has-text('Sign in')");
      page.fill("input[name=email]", "ada@acme.example");
      page.fill("input[name=password]", PASSWORD);
      page.click("#login-form button[type=submit]");
      assertThat(page.locator(".form-error")).isVisible();
      page.fill("input[name=password]", "a brand new passphrase");
      page.click("#login-form button[type=submit]");
      assertThat(page.locator(".top .me")).isVisible();
    }
  }

  private BrowserContext desktop() {
    return context(1280, 800);
  }

  private BrowserContext phone() {
    return context(390, 844);
  }

  private BrowserContext context(int width, int height) {
    BrowserContext c = Chromium.context(browser, width, height);
    contexts.add(c);
    return c;
  }

  private static Page signIn(BrowserContext context, String email) {
    return signIn(context, email, "/");
  }

  /** Opens a page of the app, signs in on the page it redirects to, and returns to that page. */
  private static Page signIn(BrowserContext context, String email, String path) {
    Page page = context.newPage();
    page.navigate(server.baseUrl() + path);
    assertThat(page).hasURL(Pattern.compile("/login"));
    page.fill("input[name=email]", email);
    page.fill("input[name=password]", PASSWORD);
    page.click("#login-form button[type=submit]");
    assertThat(page.locator(".top .me")).isVisible();
    return page;
  }

  private static Locator kpi(Page page, String metric) {
    return page.locator("[data-metric=" + metric + "] .kpi-value");
  }

  /** Visitors as the statistics API counts them, formatted as the dashboard shows them. */
  private static String visitors(String site, String range, String filters) {
    JsonNode r =
        admin(
            "GET",
            "/api/stats/aggregate?site_id="
                + site
                + "&metrics=visitors&date_range="
                + encode(range)
                + (filters.isEmpty() ? "" : "&filters=" + encode(filters)),
            null);
    return US.format(r.get("results").get(0).get("metrics").get(0).asLong());
  }

  private static JsonNode top(String site, String dimension) {
    return admin(
        "GET",
        "/api/stats/breakdown?site_id="
            + site
            + "&metrics=visitors,visits&date_range=30d&limit=10&dimensions="
            + encode(dimension),
        null);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
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
