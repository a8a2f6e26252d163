package io.footfall.server.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import io.footfall.core.Event;
import io.footfall.server.Chromium;
import io.footfall.server.TestServer;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The consent levels end to end in Debian's Chromium: the tracker ({@code /t.js}) with a site's
 * level, the banner add-on ({@code /consent.js}) checked with axe-core and for layout shift, and
 * the site's privacy page ({@code /privacy/{site}}) whose links opt a browser out on the site's own
 * pages and back in. What counts is what reached the event store and what went over the wire.
 */
class ConsentBrowserTest {
  private static final String CHROME_USER_AGENT =
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/140.0.0.0 Safari/537.36";
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Sums the layout shifts of the page, as Cumulative Layout Shift counts them. */
  private static final String LAYOUT_SHIFTS =
      "window.__shift = 0; new PerformanceObserver(list => list.getEntries().forEach(e => {"
          + " if (!e.hadRecentInput) window.__shift += e.value; }))"
          + ".observe({type: 'layout-shift', buffered: true});";

  private static TestServer server;
  private static SitePages site;
  private static Playwright playwright;
  private static Browser browser;

  private final List<BrowserContext> contexts = new ArrayList<>();
  private final List<String> wire = new CopyOnWriteArrayList<>();
  private TestServer.SiteKeys keys;
  // The page opened last: waiting goes through it, so that Playwright keeps reporting requests.
  private Page active;

  @BeforeAll
  static void start() throws IOException {
    server = TestServer.start();
    site = SitePages.start();
    playwright = Playwright.create();
    browser =
        playwright
            .chromium()
            .launch(
                new BrowserType.LaunchOptions()
                    .setExecutablePath(Paths.get("/usr/bin/chromium"))
                    .setHeadless(true)
                    .setArgs(
                        List.of(
                            "--no-sandbox",
                            "--disable-gpu",
                            "--no-first-run",
                            "--user-agent=" + CHROME_USER_AGENT,
                            SitePages.HOST_RESOLVER_RULE)));
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) browser.close();
    if (playwright != null) playwright.close();
    if (site != null) site.close();
    if (server != null) server.close();
  }

  @AfterEach
  void closeContexts() {
    contexts.forEach(BrowserContext::close);
  }

  @Test
  void levelNoneSendsNothingUntilTheVisitorAcceptsThenCountsThePageAndRemembers() {
    useSite("{\"consent\":\"none\"}", "data-consent=\"none\"", "data-policy=\"/privacy-policy\"");
    Page page = newPage();
    page.addInitScript(LAYOUT_SHIFTS);
    page.navigate(site.url("/landing"));
    awaitTracker(page);
    page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Privacy choices"))
        .waitFor();
    Object callback =
        page.evaluate("() => new Promise(resolve => footfall('too_early', {callback: resolve}))");
    assertThat(callback).isEqualTo(Map.of("status", 0));

    List<String> violations = new ArrayList<>();
    Chromium.accessibility(page, "consent banner", violations);
    assertThat(violations).isEmpty();
    Chromium.screenshot(page, "consent-banner");
    page.waitForTimeout(1500);
    assertThat(server.events(keys.id())).isEmpty();
    assertThat(wire).isEmpty();
    assertThat(page.evaluate("() => localStorage.length")).isEqualTo(0);
    assertThat(
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Privacy policy"))
                .getAttribute("href"))
        .isEqualTo("/privacy-policy");

    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Accept")).click();
    Event landing = awaitEvents(1).get(0);
    assertThat(landing.name()).isEqualTo(Event.PAGEVIEW);
    assertThat(landing.page().pathname()).isEqualTo("/landing");
    assertThat(page.locator(".footfall-consent").count()).isZero();
    assertThat(page.evaluate("() => localStorage.getItem('footfall_consent')")).isEqualTo("full");
    Object anonymousId = page.evaluate("() => localStorage.getItem('footfall_id')");
    assertThat(anonymousId).isInstanceOf(String.class);
    assertThat(wireEvents())
        .allSatisfy(e -> assertThat(e.at("/actor/anonymous_id").asText()).isEqualTo(anonymousId));
    // The banner added nothing to the flow of the page.
    assertThat(((Number) page.evaluate("() => window.__shift")).doubleValue()).isZero();

    page.reload();
    awaitTracker(page);
    List<Event> events = awaitEvents(2);
    assertThat(page.locator(".footfall-consent").count()).as("the choice is remembered").isZero();
    assertThat(events.get(1).visitorId()).isEqualTo(landing.visitorId());
  }

  @Test
  void declineOnALevelFullSiteKeepsCountingCookielessInTheVisitorsLanguage() {
    useSite("{\"consent\":\"full\"}", "data-consent=\"full\"", "data-lang=\"de\"");
    Page page = newPage();
    page.navigate(site.url("/start"));
    awaitTracker(page);
    // Before a choice, a level-full site counts cookieless.
    awaitEvents(1);
    assertThat(
            page.getByRole(
                    AriaRole.REGION,
                    new Page.GetByRoleOptions().setName("Datenschutz-Einstellungen"))
                .textContent())
        .contains("nur anonym gezählt");

    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Ablehnen")).click();
    assertThat(page.evaluate("() => localStorage.getItem('footfall_consent')"))
        .isEqualTo("anonymous");
    assertThat(page.evaluate("() => localStorage.getItem('footfall_id')")).isNull();
    page.evaluate("() => footfall.identify('user-1')");
    page.evaluate("() => footfall('after_decline')");
    awaitEvents(2);
    assertThat(wireEvents())
        .extracting(e -> e.path("event").asText())
        .as("identify needs the full level")
        .doesNotContain("identify");
    assertThat(wireEvents()).allSatisfy(e -> assertThat(e.path("actor").isEmpty()).isTrue());

    page.reload();
    awaitTracker(page);
    awaitEvents(3);
    assertThat(page.locator(".footfall-consent").count()).isZero();
  }

  @Test
  void theBannerReopensFromALinkAndALevelAnonymousSiteNeverSendsAnId() {
    useSite("{}", "", "");
    Page page = newPage();
    page.navigate(site.url("/plain"));
    awaitTracker(page);
    awaitEvents(1);
    assertThat(page.locator(".footfall-consent").count())
        .as("nothing to ask on a cookieless site")
        .isZero();
    page.evaluate("() => footfall.consent('full')");
    page.evaluate("() => footfall('after_consent')");
    awaitEvents(2);
    assertThat(page.evaluate("() => localStorage.getItem('footfall_id')")).isNull();
    assertThat(wireEvents()).allSatisfy(e -> assertThat(e.path("actor").isEmpty()).isTrue());

    // A level-full site with a "Privacy choices" link in its footer: the link opens the banner.
    useSite("{\"consent\":\"full\"}", "data-consent=\"full\"", "");
    Page full = newPage();
    full.navigate(site.url("/footer"));
    awaitTracker(full);
    full.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Accept")).click();
    full.evaluate(
        "() => { const a = document.createElement('a'); a.href = '#'; a.id = 'choices';"
            + " a.textContent = 'Privacy choices'; a.setAttribute('data-footfall-consent', '');"
            + " document.body.append(a); }");
    full.click("#choices");
    full.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Decline")).click();
    assertThat(full.evaluate("() => localStorage.getItem('footfall_consent')"))
        .isEqualTo("anonymous");
    assertThat(full.evaluate("() => localStorage.getItem('footfall_id')")).isNull();
  }

  @Test
  void thePrivacyPageOptsTheBrowserOutOnTheSitesPagesAndBackIn() {
    useSite("{\"retention_days\":30}", "", "");
    Page page = newPage();
    page.navigate(site.url("/welcome"));
    awaitTracker(page);
    awaitEvents(1);

    String back = site.url("/welcome?from=policy");
    page.navigate(privacyPage(back));
    assertThat(page.title()).contains("Your privacy on Consent shop");
    assertThat(page.textContent("main"))
        .contains("deleted after 30 days")
        .contains("Stop measuring");
    List<String> violations = new ArrayList<>();
    Chromium.accessibility(page, "privacy page", violations);
    assertThat(violations).isEmpty();
    Chromium.screenshot(page, "privacy-page");

    page.click("#opt-out");
    page.waitForURL(
        url -> url.startsWith(site.url("/welcome")) && !url.contains("footfall_optout"));
    assertThat(page.url()).contains("from=policy");
    assertThat(page.evaluate("() => localStorage.getItem('footfall_consent')")).isEqualTo("none");
    page.evaluate("() => footfall('while_opted_out')");
    page.reload();
    awaitTracker(page);
    page.waitForTimeout(1500);
    assertThat(server.events(keys.id())).hasSize(1);

    page.navigate(privacyPage(back));
    page.click("#opt-in");
    page.waitForURL(
        url -> url.startsWith(site.url("/welcome")) && !url.contains("footfall_optout"));
    awaitTracker(page);
    List<Event> events = awaitEvents(2);
    assertThat(events.get(1).page().pathname()).isEqualTo("/welcome");
    assertThat(page.evaluate("() => localStorage.getItem('footfall_consent')")).isNull();

    // In the visitor's language.
    page.navigate(privacyPage(back) + "&lang=de");
    assertThat(page.title()).contains("Ihre Privatsphäre auf Consent shop");
    assertThat(page.textContent("#opt-out")).isEqualTo("Meine Besuche nicht mehr messen");
    assertThat(page.getAttribute("html", "lang")).isEqualTo("de");

    // Anywhere but the site's own domain, the links go to the site's home page.
    page.navigate(privacyPage("https://elsewhere.example/phish"));
    assertThat(page.getAttribute("#opt-out", "href"))
        .isEqualTo("https://" + SitePages.HOST + "/?footfall_optout=1");
  }

  @Test
  void anUnknownSiteHasNoPrivacyPage() {
    TestServer.Response missing =
        server.get("/privacy/no-such-site", Map.of("Accept", "text/html"));
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body()).contains("Page not found");
  }

  // --- fixtures -------------------------------------------------------------------------------

  /**
   * A fresh site with the given settings, whose pages load the tracker with {@code
   * trackerAttributes} and the consent banner with {@code bannerAttributes}.
   */
  private void useSite(String settings, String trackerAttributes, String bannerAttributes) {
    keys = server.createSite("Consent shop", SitePages.HOST, "Europe/Berlin");
    server.patchSite(keys.id(), settings);
    String page =
        SitePages.shopPage(
                server.baseUrl() + "/t.js", keys.writeKey(), "Shop", trackerAttributes, "")
            .replace(
                "</head>",
                "<script defer src=\""
                    + server.baseUrl()
                    + "/consent.js\" "
                    + bannerAttributes
                    + "></script>\n</head>");
    site.serveByDefault(page);
  }

  private String privacyPage(String back) {
    return server.baseUrl()
        + "/privacy/"
        + keys.id()
        + "?return="
        + URLEncoder.encode(back, StandardCharsets.UTF_8);
  }

  private Page newPage() {
    BrowserContext context =
        browser.newContext(
            new Browser.NewContextOptions()
                .setUserAgent(CHROME_USER_AGENT)
                .setLocale("en-US")
                .setViewportSize(1280, 720)
                // axe-core is injected as a script; the privacy page's policy allows none.
                .setBypassCSP(true));
    contexts.add(context);
    Page page = context.newPage();
    active = page;
    page.onRequest(
        request -> {
          if (request.url().contains("/api/track") && request.postData() != null) {
            wire.add(request.postData());
          }
        });
    return page;
  }

  private static void awaitTracker(Page page) {
    page.waitForFunction("() => window.footfall && typeof window.footfall.consent === 'function'");
  }

  /** Waits for exactly {@code count} stored events of the site, oldest first. */
  private List<Event> awaitEvents(int count) {
    pumpUntil(() -> server.events(keys.id()).size() >= count, count + " stored events");
    List<Event> events =
        server.events(keys.id()).stream().sorted(Comparator.comparing(Event::timestamp)).toList();
    assertThat(events).hasSize(count);
    return events;
  }

  private List<JsonNode> wireEvents() {
    List<JsonNode> events = new ArrayList<>();
    for (String body : wire) {
      try {
        JSON.readTree(body).path("batch").forEach(events::add);
      } catch (IOException e) {
        throw new AssertionError("the tracker sent a body that is not JSON: " + body, e);
      }
    }
    return events;
  }

  private void pumpUntil(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up after " + WAIT.toSeconds() + " s waiting for " + what);
      }
      active.waitForTimeout(50);
    }
  }
}
