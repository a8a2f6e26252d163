package io.footfall.server.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Route;
import io.footfall.core.Event;
import io.footfall.server.TestServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Drives the real tracker ({@code /t.js} served by the server) in Debian's Chromium against the
 * real server, on a page from another origin, and checks what reached the event store.
 */
class TrackerBrowserTest {

  private static final String CHROME_USER_AGENT =
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/140.0.0.0 Safari/537.36";
  private static final String OTHER_CHROME_USER_AGENT =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/139.0.0.0 Safari/537.36";
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Pattern RANDOM_ID = Pattern.compile("[0-9]{4,40}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static TestServer server;
  private static SitePages site;
  private static Playwright playwright;
  private static Browser browser;

  private final List<BrowserContext> contexts = new ArrayList<>();

  /** Bodies of every request the tracker sent to {@code /api/track}, in order. */
  private final List<String> wire = new CopyOnWriteArrayList<>();

  private TestServer.SiteKeys keys;
  private Page page;

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
                            "--disable-quic",
                            "--no-first-run",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            // Requests that outlive their page (keepalive fetches, beacons) are
                            // sent without the context's user agent override; without this
                            // they say HeadlessChrome and the server filters them as a bot.
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
  void storesPageviewWithUrlTitleReferrerScreenAndLocale() {
    useShopPage("Pricing", "", "");
    page = newPage(CHROME_USER_AGENT);
    page.navigate(
        site.url("/pricing"),
        new Page.NavigateOptions().setReferer("http://news.example.org/item?id=7"));

    Event pageview = awaitEvents(events -> events.size() == 1).get(0);

    assertThat(pageview.name()).isEqualTo(Event.PAGEVIEW);
    assertThat(pageview.page().url()).isEqualTo(site.url("/pricing"));
    assertThat(pageview.page().hostname()).isEqualTo(SitePages.HOST);
    assertThat(pageview.page().pathname()).isEqualTo("/pricing");
    assertThat(pageview.page().title()).isEqualTo("Pricing");
    assertThat(pageview.page().referrerHost()).isEqualTo("news.example.org");
    assertThat(pageview.client().screen()).isEqualTo("1366x768");
    assertThat(pageview.client().locale()).isEqualTo("de-DE");
    JsonNode sent = sentEvents(1).get(0);
    assertThat(sent.path("id").asText()).matches(RANDOM_ID);
    assertThat(sent.path("timestamp").isIntegralNumber()).isTrue();
    assertThat(sent.path("actor").isEmpty()).as("actor without consent mode: %s", sent).isTrue();
  }

  @Test
  void storesAPageviewPerSpaNavigationOnlyWhenThePathChanges() {
    useShopPage("Shop", "", "");
    page = newPage(CHROME_USER_AGENT);
    page.navigate(site.url("/"));
    awaitEvents(events -> events.size() == 1);

    navigateInPage("history.pushState({}, '', '/pricing')");
    navigateInPage("history.replaceState({}, '', '/pricing?billing=yearly')");
    navigateInPage("location.hash = '#faq'");
    navigateInPage("history.pushState({}, '', '/checkout')");
    page.goBack();
    page.goBack();
    page.goBack();

    List<Event> pageviews = awaitEvents(events -> events.size() >= 5);
    assertThat(pageviews)
        .extracting(e -> e.page().pathname())
        .containsExactly("/", "/pricing", "/checkout", "/pricing", "/");
    assertThat(pageviews.subList(1, 5)).allSatisfy(e -> assertThat(e.page().referrer()).isEmpty());
    assertThat(pageviews.get(1).page().url()).isEqualTo(site.url("/pricing"));
  }

  @Test
  void hashRoutingModeTracksFragmentsAsPages() {
    useShopPage("App", "data-hash=\"true\"", "");
    page = newPage(CHROME_USER_AGENT);
    page.navigate(site.url("/app#/inbox"));
    awaitEvents(events -> events.size() == 1);

    navigateInPage("location.hash = '#/settings'");

    List<Event> pageviews = awaitEvents(events -> events.size() == 2);
    assertThat(pageviews)
        .extracting(e -> e.page().url())
        .containsExactly(site.url("/app#/inbox"), site.url("/app#/settings"));
    assertThat(pageviews.get(1).page().pathname()).isEqualTo("/app#/settings");
    assertThat(sentEvents(2))
        .allSatisfy(e -> assertThat(e.at("/context/hash_mode").asBoolean()).isTrue());
  }

  @Test
  void storesCustomEventWithPropertiesAndRevenueAndCallsBack() throws IOException {
    useShopPage("Checkout", "", "");
    page = newPage(CHROME_USER_AGENT);
    page.navigate(site.url("/checkout"));
    awaitTracker();

    Object callback =
        page.evaluate(
            """
            () => new Promise(resolve => footfall('signup', {
              props: {plan: 'pro', seats: 3, trial: false},
              revenue: {amount: 19.99, currency: 'EUR'},
              callback: resolve
            }))""");

    assertThat(callback).isEqualTo(Map.of("status", 202));
    Event signup = awaitNamed("signup");
    assertThat(JSON.readTree(signup.propertiesJson()))
        .isEqualTo(JSON.readTree("{\"plan\":\"pro\",\"seats\":3,\"trial\":false}"));
    assertThat(signup.revenue().amount()).isEqualByComparingTo(new BigDecimal("19.99"));
    assertThat(signup.revenue().currency()).isEqualTo("EUR");
    assertThat(signup.page().pathname()).isEqualTo("/checkout");
  }

  private static final String STUB_CALLS =
      "footfall('consent', true); footfall('identify', 'user-42');"
          + " footfall('early_bird', {props: {from: 'stub'}});";

  @Test
  void replaysCallsQueuedBeforeTheScriptLoadedAfterThePageview() throws IOException {
    // Identify takes a site whose level allows it (full) and the visitor's consent.
    server.patchSite(
        useShopPage("Welcome", "data-consent=\"full\"", STUB_CALLS), "{\"consent\":\"full\"}");
    page = newPage(CHROME_USER_AGENT);
    page.navigate(site.url("/welcome"));

    List<Event> events = awaitEvents(all -> all.size() == 2);

    assertThat(events).extracting(Event::name).containsExactly(Event.PAGEVIEW, "early_bird");
    assertThat(JSON.readTree(events.get(1).propertiesJson()).path("from").asText())
        .isEqualTo("stub");
    assertThat(events).allSatisfy(e -> assertThat(e.userId()).isNotEmpty());
    assertThat(events.get(0).userId()).isEqualTo(events.get(1).userId());
    assertThat(sentEvents(2))
        .allSatisfy(e -> assertThat(e.at("/actor/user_id").asText()).isEqualTo("user-42"));
  }

  @Test
  void storesOutboundLinkClickEvenThoughThePageNavigatesAway() throws IOException {
    useShopPage("Partners", "", "");
    page = newPage(CHROME_USER_AGENT);
    page.navigate(site.url("/partners"));
    awaitTracker();

    page.locator("#outbound").click();

    Event outbound = awaitNamed("outbound_link");
    assertThat(JSON.readTree(outbound.propertiesJson()).path("url").asText())
        .isEqualTo(SitePages.OUTBOUND_URL);
    assertThat(outbound.page().pathname()).isEqualTo("/partners");
  }

  @Test
  void storesTaggedElementClicksAndFileDownloads() throws IOException {
    useShopPage("Downloads", "", "");
    page = newPage(CHROME_USER_AGENT);
    page.navigate(site.url("/downloads"));
    awaitTracker();

    page.locator("#tagged").click();
    page.waitForDownload(() -> page.locator("#download").click());

    Event tagged = awaitNamed("cta_click");
    assertThat(JSON.readTree(tagged.propertiesJson()))
        .isEqualTo(JSON.readTree("{\"position\":\"hero\",\"variant\":\"b\"}"));
    Event download = awaitNamed("file_download");
    assertThat(JSON.readTree(download.propertiesJson()).path("url").asText())
        .isEqualTo(site.url("/files/price-list.pdf"));
  }

  @Test
  void keepsEventsWhileOfflineAndDeliversThemOnceWhenBackOnline() {
    useShopPage("Offline", "", "");
    page = newPage(CHROME_USER_AGENT);
    List<Long> failures = new CopyOnWriteArrayList<>();
    page.onRequestFailed(request -> failures.add(System.nanoTime()));
    page.navigate(site.url("/offline"));
    awaitEvents(events -> events.size() == 1);

    page.context().setOffline(true);
    assertThat(page.evaluate("() => navigator.onLine")).isEqualTo(false);
    page.evaluate("() => { footfall('offline_one'); footfall('offline_two'); }");
    pumpUntil(() -> failures.size() >= 3, "three delivery attempts to fail while offline");

    assertThat(server.events(keys.id())).hasSize(1);
    assertThat(storedQueue()).contains("offline_one", "offline_two");
    // Backoff, one chain of attempts: about 1 s, then 2 s between them (listener delay aside).
    assertThat(Duration.ofNanos(failures.get(1) - failures.get(0)))
        .isBetween(Duration.ofMillis(800), Duration.ofMillis(1900));
    assertThat(Duration.ofNanos(failures.get(2) - failures.get(1)))
        .isBetween(Duration.ofMillis(1700), Duration.ofMillis(3500));

    // Back online right after a failure: the next retry is 4 s away, the 'online' event is not.
    long online = System.nanoTime();
    page.context().setOffline(false);
    awaitEvents(events -> events.size() == 3);
    assertThat(Duration.ofNanos(System.nanoTime() - online)).isLessThan(Duration.ofMillis(3000));
    pumpUntil(() -> storedQueue().isEmpty(), "the stored queue to empty after delivery");

    // A reload would resend anything still stored; the new pageview arrives after it would.
    page.reload();
    List<Event> events = awaitEvents(all -> all.size() >= 4);
    assertThat(events)
        .extracting(Event::name)
        .containsExactly(Event.PAGEVIEW, "offline_one", "offline_two", Event.PAGEVIEW);
    assertThat(events).extracting(Event::eventId).doesNotHaveDuplicates();
  }

  @Test
  void offlineEventsOfTwoTabsBothSurviveUntilTheNextVisit() {
    useShopPage("Tabs", "", "");
    page = newPage(CHROME_USER_AGENT);
    BrowserContext browserContext = page.context();
    Page second = browserContext.newPage();
    page.navigate(site.url("/first"));
    second.navigate(site.url("/second"));
    awaitEvents(events -> events.size() == 2);

    browserContext.setOffline(true);
    page.evaluate("() => footfall('from_first')");
    second.evaluate("() => footfall('from_second')");
    pumpUntil(
        () -> storedQueue().contains("from_first") && storedQueue().contains("from_second"),
        "both tabs to store their event");
    // Closing while offline: no beacon, the shared stored queue is all that is left.
    second.close();
    Page last = browserContext.newPage();
    page.close();
    page = last;
    browserContext.setOffline(false);
    page.navigate(site.url("/third"));

    List<Event> events = awaitEvents(all -> all.size() >= 5);
    assertThat(events)
        .extracting(Event::name)
        .containsExactlyInAnyOrder(
            Event.PAGEVIEW, Event.PAGEVIEW, Event.PAGEVIEW, "from_first", "from_second");
    pumpUntil(() -> storedQueue().isEmpty(), "the stored queue to empty after delivery");
  }

  @Test
  void consentModeSendsNoIdBeforeOptInAndOneStableAnonymousIdAfter() {
    useShopPage("Consent", "data-consent=\"required\"", "");
    server.patchSite(keys.id(), "{\"consent_mode\":true}");
    page = newPage(CHROME_USER_AGENT);
    page.navigate(site.url("/consent"));
    page.evaluate("() => footfall('before_opt_in')");
    awaitEvents(events -> events.size() == 2);
    assertThat(sentEvents(2))
        .extracting(e -> e.path("event").asText())
        .containsExactly(Event.PAGEVIEW, "before_opt_in");
    assertThat(wireEvents()).allSatisfy(e -> assertThat(e.path("actor").isEmpty()).isTrue());
    assertThat(page.evaluate("() => localStorage.length")).isEqualTo(0);
    assertThat(page.evaluate("() => document.cookie")).isEqualTo("");
    assertThat(page.context().cookies()).isEmpty();

    page.evaluate("() => footfall.consent(true)");
    Object anonymousId = page.evaluate("() => localStorage.getItem('footfall_id')");
    assertThat(anonymousId).isInstanceOf(String.class).asString().matches(RANDOM_ID);
    page.evaluate("() => footfall('after_opt_in')");
    page.reload();
    List<Event> events = awaitEvents(all -> all.size() == 4);

    // By name, not position: the queued event leaves by beacon as the page unloads, and its
    // skew-corrected time can land a millisecond either side of the reloaded page's view.
    Event beforeOptIn = named(events, "before_opt_in");
    Event afterOptIn = named(events, "after_opt_in");
    Event reloaded =
        events.stream()
            .filter(e -> e.name().equals(Event.PAGEVIEW))
            .max(java.util.Comparator.comparing(Event::receivedAt))
            .orElseThrow();
    assertThat(events).filteredOn(e -> e.name().equals(Event.PAGEVIEW)).hasSize(2);
    assertThat(reloaded.visitorId()).isEqualTo(afterOptIn.visitorId());
    assertThat(afterOptIn.visitorId()).isNotEqualTo(beforeOptIn.visitorId());
    // Playwright does not report sendBeacon requests, so only fetched batches are on record.
    List<JsonNode> sent = sentEvents(3);
    assertThat(sent.subList(2, sent.size()))
        .isNotEmpty()
        .allSatisfy(
            e ->
                assertThat(e.at("/actor/anonymous_id").asText()).isEqualTo(anonymousId.toString()));

    // Same storage, different browser: only the anonymous id can make this the same visitor.
    Page elsewhere =
        newPage(
            new Browser.NewContextOptions()
                .setUserAgent(OTHER_CHROME_USER_AGENT)
                .setStorageState(page.context().storageState()));
    elsewhere.navigate(site.url("/consent"));
    Event fromElsewhere = awaitEvents(all -> all.size() == 5).get(4);
    assertThat(fromElsewhere.visitorId()).isEqualTo(afterOptIn.visitorId());

    elsewhere.evaluate("() => footfall.consent(false)");
    assertThat(elsewhere.evaluate("() => localStorage.getItem('footfall_id')")).isNull();
    elsewhere.evaluate("() => footfall('after_opt_out')");
    Event afterOptOut = awaitNamed("after_opt_out");
    assertThat(afterOptOut.visitorId()).isNotEqualTo(afterOptIn.visitorId());
  }

  @Test
  void identifyMakesTheConsentedVisitorAPersonWithTraits() {
    useShopPage("Identify", "data-consent=\"required\"", "");
    server.patchSite(keys.id(), "{\"consent_mode\":true}");
    page = newPage(CHROME_USER_AGENT);
    page.navigate(site.url("/identify"));
    page.evaluate("() => footfall.consent(true)");
    page.evaluate("() => footfall('browsed')");
    Event browsed = awaitNamed("browsed");
    assertThat(browsed.userId()).isEmpty();

    page.evaluate("() => footfall.identify('user-9', {plan: 'pro', seats: 3})");
    page.evaluate("() => footfall('upgraded')");
    Event upgraded = awaitNamed("upgraded");
    assertThat(upgraded.userId()).isNotEmpty().isNotEqualTo("user-9");
    io.footfall.core.people.Profile person =
        server.server().store().people().profile(keys.id(), upgraded.userId()).orElseThrow();
    assertThat(person.properties()).containsEntry("plan", "\"pro\"").containsEntry("seats", "3");
    // The consented events before identify are the person's too ("browsed"); the page view came
    // before consent, counted cookieless, and is never linked to anyone.
    assertThat(person.events()).isEqualTo(2);
    assertThat(
            sentEvents(4).stream()
                .filter(e -> e.path("event").asText().equals("identify"))
                .toList())
        .singleElement()
        .satisfies(e -> assertThat(e.at("/traits/plan").asText()).isEqualTo("pro"));
  }

  @Test
  void sendsNothingUnderGpcDntOrTheOptOutFlag() {
    useShopPage("Private", "", "");
    List<String> optOuts =
        List.of(
            "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true})",
            "Object.defineProperty(Navigator.prototype, 'doNotTrack', {get: () => '1'})",
            "localStorage.setItem('footfall_ignore', 'true')");
    for (String optOut : optOuts) {
      Page quiet = newPage(CHROME_USER_AGENT);
      quiet.addInitScript(optOut);
      quiet.navigate(site.url("/private"));
      awaitTracker(quiet);
      Object callback =
          quiet.evaluate("() => new Promise(resolve => footfall('secret', {callback: resolve}))");
      assertThat(callback).as(optOut).isEqualTo(Map.of("status", 0));
    }
    // The only event that may arrive is the control: a GPC browser on a site that opted out of
    // honouring it in the tracker. Once it is stored, anything the others sent would be too.
    useShopPage("Private", "data-respect-dnt=\"false\"", "");
    Page control = newPage(CHROME_USER_AGENT);
    control.addInitScript(optOuts.get(0));
    control.navigate(site.url("/control"));

    page = control;
    List<Event> events = awaitEvents(all -> !all.isEmpty());
    pause(Duration.ofMillis(1500));
    assertThat(server.events(keys.id()))
        .extracting(e -> e.page().pathname())
        .containsExactly("/control");
    assertThat(events).hasSize(1);
  }

  @Test
  void retriesServerErrorsWithTheSameIdsAndDropsRejectedBatches() throws IOException {
    useShopPage("Flaky", "", "");
    page = newPage(CHROME_USER_AGENT);
    List<String> attempts = new CopyOnWriteArrayList<>();
    List<Long> attemptTimes = new CopyOnWriteArrayList<>();
    page.route(
        "**/api/track",
        route -> {
          String body = route.request().postData();
          attempts.add(body);
          attemptTimes.add(System.nanoTime());
          if (attempts.size() == 1) {
            fulfil(route, 503, "3");
          } else if (attempts.size() == 2) {
            fulfil(route, 429, "");
          } else if (body.contains("\"doomed\"")) {
            fulfil(route, 400, "");
          } else {
            route.resume();
          }
        });
    page.navigate(site.url("/flaky"));

    Event pageview = awaitEvents(events -> events.size() == 1).get(0);
    assertThat(attempts).hasSize(3);
    assertThat(attempts.stream().map(TrackerBrowserTest::eventIds))
        .containsOnly(List.of(pageview.eventId()));
    assertThat(Duration.ofNanos(attemptTimes.get(1) - attemptTimes.get(0)))
        .as("503 with Retry-After: 3")
        .isBetween(Duration.ofMillis(2900), Duration.ofMillis(4500));
    assertThat(Duration.ofNanos(attemptTimes.get(2) - attemptTimes.get(1)))
        .as("429 without Retry-After: second backoff step")
        .isBetween(Duration.ofMillis(1900), Duration.ofMillis(3500));

    page.evaluate("() => footfall('doomed')");
    pumpUntil(() -> attempts.size() == 4, "the doomed event to be sent");
    page.evaluate("() => footfall('survivor')");
    awaitNamed("survivor");
    assertThat(attempts)
        .hasSize(5)
        .noneMatch(body -> body.contains("doomed") && body.contains("survivor"));
    assertThat(storedQueue()).doesNotContain("doomed");
  }

  // --- fixtures -------------------------------------------------------------------------------

  /** Creates a fresh site and serves the shop page for it on every path; answers its id. */
  private String useShopPage(String title, String scriptAttributes, String beforeTracker) {
    if (keys == null) keys = server.createSite("Shop", SitePages.HOST, "Europe/Berlin");
    site.serveByDefault(
        SitePages.shopPage(
            server.baseUrl() + "/t.js", keys.writeKey(), title, scriptAttributes, beforeTracker));
    return keys.id();
  }

  private Page newPage(String userAgent) {
    return newPage(new Browser.NewContextOptions().setUserAgent(userAgent));
  }

  private Page newPage(Browser.NewContextOptions options) {
    BrowserContext context =
        browser.newContext(
            options.setLocale("de-DE").setViewportSize(1366, 768).setScreenSize(1366, 768));
    contexts.add(context);
    Page created = context.newPage();
    created.onRequest(
        request -> {
          if (request.url().contains("/api/track") && request.postData() != null) {
            wire.add(request.postData());
          }
        });
    return created;
  }

  private void awaitTracker() {
    awaitTracker(page);
  }

  private static void awaitTracker(Page target) {
    target.waitForFunction(
        "() => window.footfall && typeof window.footfall.consent === 'function'");
  }

  /** Runs a same-document navigation and leaves the clock a little room between pageviews. */
  private void navigateInPage(String script) {
    page.evaluate("() => { " + script + "; }");
    page.waitForTimeout(50);
  }

  /** Waits until the stored events of the test's site, oldest first, satisfy {@code done}. */
  private List<Event> awaitEvents(Predicate<List<Event>> done) {
    AtomicReference<List<Event>> last = new AtomicReference<>(List.of());
    pumpUntil(() -> done.test(last.updateAndGet(previous -> sortedEvents())), "stored events");
    return last.get();
  }

  private Event awaitNamed(String name) {
    return awaitEvents(events -> events.stream().anyMatch(e -> e.name().equals(name))).stream()
        .filter(e -> e.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private List<Event> sortedEvents() {
    return server.events(keys.id()).stream()
        .sorted(Comparator.comparing(Event::timestamp))
        .toList();
  }

  /**
   * Polls {@code condition} for up to {@link #WAIT}. Waits inside Playwright so that its event
   * listeners (requests seen, requests failed) keep being dispatched meanwhile.
   */
  private void pumpUntil(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "gave up after "
                + WAIT.toSeconds()
                + " s waiting for "
                + what
                + "; stored: "
                + sortedEvents().stream().map(e -> e.name() + " " + e.page().url()).toList()
                + "; counts: "
                + server.counts(keys.id())
                + "; sent: "
                + wire);
      }
      page.waitForTimeout(100);
    }
  }

  /** A fixed pause, used only to give an event that must NOT arrive the time it would need. */
  private void pause(Duration duration) {
    page.waitForTimeout(duration.toMillis());
  }

  /** Every page's stored queue of the site, joined. */
  private String storedQueue() {
    return page.evaluate(
            "prefix => Object.keys(localStorage).filter(k => k.startsWith(prefix))"
                + ".map(k => localStorage.getItem(k)).join('')",
            "footfall_q_" + keys.writeKey())
        .toString();
  }

  /**
   * The events of the requests Playwright has reported so far, waiting until there are at least
   * {@code count}: the store may have an event before Playwright has told us about its request.
   */
  private List<JsonNode> sentEvents(int count) {
    pumpUntil(() -> wireEvents().size() >= count, count + " requests reported by Playwright");
    return wireEvents();
  }

  private List<JsonNode> wireEvents() {
    List<JsonNode> events = new ArrayList<>();
    for (String body : wire) {
      try {
        JSON.readTree(body).path("batch").forEach(events::add);
      } catch (IOException e) {
        throw new AssertionError("tracker sent a body that is not JSON: " + body, e);
      }
    }
    return events;
  }

  private static List<String> eventIds(String body) {
    try {
      List<String> ids = new ArrayList<>();
      JSON.readTree(body).path("batch").forEach(e -> ids.add(e.path("id").asText()));
      return ids;
    } catch (IOException e) {
      throw new AssertionError("tracker sent a body that is not JSON: " + body, e);
    }
  }

  private static void fulfil(Route route, int status, String retryAfter) {
    Map<String, String> headers =
        retryAfter.isEmpty()
            ? Map.of("Access-Control-Allow-Origin", "*")
            : Map.of(
                "Access-Control-Allow-Origin", "*",
                "Access-Control-Expose-Headers", "Retry-After",
                "Retry-After", retryAfter);
    route.fulfill(
        new Route.FulfillOptions()
            .setStatus(status)
            .setHeaders(headers)
            .setContentType("application/json")
            .setBody("{\"error\":{\"code\":\"test\",\"field\":\"\",\"message\":\"injected\"}}"));
  }

  private static Event named(List<Event> events, String name) {
    return events.stream()
        .filter(e -> e.name().equals(name))
        .reduce(
            (a, b) -> {
              throw new AssertionError("two events named " + name);
            })
        .orElseThrow(() -> new AssertionError("no event named " + name + " in " + events));
  }
}
