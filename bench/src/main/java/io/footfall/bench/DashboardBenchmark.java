package io.footfall.bench;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.footfall.core.Goal;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The dashboard's first load in a real browser: a site with a month of generated events, the server
 * as a separate process with its query cache off (so that every load computes every number), and
 * Debian's Chromium driven by Playwright. Each load opens the site's overview for the month in a
 * new browser context (empty HTTP cache, the signed-in session's cookie) and waits until every KPI
 * card, the chart and every breakdown panel shows its numbers; the time is the page's own clock
 * from navigation start to that moment ({@code performance.now()}).
 */
final class DashboardBenchmark {
  private static final Map<String, String> CACHE_OFF = Map.of("FOOTFALL_QUERY_CACHE_ENTRIES", "0");
  private static final String EMAIL = "bench@footfall.invalid";
  private static final String ORGANIZATION = "Dashboard bench";

  /**
   * Whether the page shows everything: KPI values, the chart drawn, the panels, and no skeleton,
   * nothing refreshing or busy.
   */
  static final String LOADED =
      "document.querySelectorAll('.kpi-value').length > 0"
          + " && document.querySelector('.chart-card canvas') !== null"
          + " && document.querySelectorAll('.panel').length > 0"
          + " && document.querySelector('.skeleton, .refreshing, [aria-busy=true]') === null";

  /**
   * Runs in the page before its own scripts: watches the document's changes and, once {@link
   * #LOADED} holds, records the page's clock (ms since navigation start) then, in {@code
   * window.footfallShownAt}, and at the next frame, the one that paints it, in {@code
   * window.footfallLoadedAt}. The page times itself: the benchmark only asks for the result, every
   * 50 ms, so that polling costs the shared CPU next to nothing (a 5 ms poll from Playwright kept
   * the browser process at a third of a core).
   */
  static final String WATCH =
      "(() => { const observer = new MutationObserver(() => { if ("
          + LOADED
          + ") {"
          + " window.footfallShownAt = performance.now();"
          + " observer.disconnect(); requestAnimationFrame(() =>"
          + " { window.footfallLoadedAt = performance.now(); }); } });"
          + " observer.observe(document, { subtree: true, childList: true, attributes: true,"
          + " characterData: true }); })();";

  /**
   * The benchmark's settings.
   *
   * @param events events in the month
   * @param month the month they lie in (over)
   * @param zone the site's time zone
   * @param loads measured loads
   * @param warmup unmeasured loads first
   * @param chromium the browser executable
   */
  record Options(
      long events,
      YearMonth month,
      ZoneId zone,
      int loads,
      int warmup,
      Path chromium,
      Duration loadTimeout,
      Path serverJar,
      int port,
      List<String> serverJvmOptions,
      Optional<Path> workDir,
      boolean keepFiles) {}

  /** What the benchmark measured: a series of loads per {@link Mode}, taken in turns. */
  record Result(
      Report.Machine machine, String load, Options options, MonthData data, List<Series> series) {}

  /**
   * How a load meets the browser.
   *
   * <p>{@link #OPEN_BROWSER}: one tab of a running browser, signed in, taken to {@code about:blank}
   * and its HTTP cache emptied before each load, as Lighthouse measures a cold load: every script,
   * style sheet and answer comes over the network, and Chromium's renderer process for the site is
   * already running, as it is in a browser someone has open.
   *
   * <p>{@link #NEW_CONTEXT}: a new browser context per load (nothing cached, nothing running for
   * the site): Chromium starts a renderer process for every load, about 0.5 s of CPU on the cores
   * the server uses too.
   */
  enum Mode {
    OPEN_BROWSER("a running browser, its HTTP cache emptied before each load"),
    NEW_CONTEXT("a new browser context (and renderer process) per load");

    final String described;

    Mode(String described) {
      this.described = described;
    }
  }

  /**
   * The measured loads of one mode.
   *
   * @param millis each measured load, ms
   * @param phases each measured load's phases
   * @param apiRequests API requests of one load (the last)
   * @param errors loads that showed an error box instead of numbers
   * @param url the page, without the server's address
   */
  record Series(
      Mode mode,
      List<Double> millis,
      List<Phases> phases,
      int apiRequests,
      int errors,
      String url) {}

  private final Options options;
  private final PrintStream out;

  DashboardBenchmark(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  Result run() {
    Report.Machine machine = Report.Machine.current();
    String load = machine.load();
    out.println("machine: " + machine.describe() + "; load average " + load);
    Path work = options.workDir().orElseGet(QueryBenchmark::createTempDirectory);
    Path dataDir = work.resolve("dashboard-" + options.events());
    QueryBenchmark.deleteRecursively(dataDir);
    try {
      byte[] secret = new byte[18];
      new SecureRandom().nextBytes(secret);
      String password = HexFormat.of().formatHex(secret);
      Path data = dataDir.resolve("data");
      ServerProcess.createOwner(options.serverJar(), data, EMAIL, ORGANIZATION, password);
      ServerProcess.SiteKeys site;
      try (ServerProcess server = start(data);
          HttpClient admin = HttpClient.newHttpClient()) {
        String org = server.organizationId(admin, ORGANIZATION);
        site =
            server.createSite(
                admin, "Dashboard bench", MonthOfEvents.HOST, options.zone().getId(), "EUR", org);
        for (Goal g : QuerySet.goals(site.id(), Instant.now())) {
          server.createGoal(admin, site.id(), g);
        }
        out.println("site " + site.id() + " in organization " + org);
      }
      MonthData month =
          MonthData.prepare(
              data.resolve("footfall.duckdb"),
              site.id(),
              site.organizationId(),
              options.events(),
              options.month(),
              options.zone(),
              out);
      String range = options.month().atDay(1) + "," + options.month().atEndOfMonth();
      try (ServerProcess server = start(data);
          Playwright playwright =
              Playwright.create(
                  new Playwright.CreateOptions()
                      .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
          Browser browser =
              playwright
                  .chromium()
                  .launch(
                      new BrowserType.LaunchOptions()
                          .setExecutablePath(options.chromium())
                          .setHeadless(true)
                          .setArgs(List.of("--no-sandbox", "--disable-gpu", "--no-first-run")))) {
        String url = server.baseUrl() + "/sites/" + site.id() + "?range=" + range;
        String session = signIn(browser, server.baseUrl().toString(), password);
        List<Series> series = new ArrayList<>();
        try (OpenTab open = new OpenTab(browser, session)) {
          Map<Mode, List<Load>> loads = new java.util.EnumMap<>(Mode.class);
          for (int i = 0; i < options.warmup() + options.loads(); i++) {
            boolean measured = i >= options.warmup();
            for (Mode mode : Mode.values()) {
              Load l =
                  mode == Mode.OPEN_BROWSER
                      ? open.load(server, url)
                      : load(server, browser, session, url);
              out.printf(
                  "%s load %d, %s: %.0f ms, %d API requests%s%n",
                  measured ? "measured" : "warm-up",
                  measured ? i - options.warmup() + 1 : i + 1,
                  mode.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
                  l.millis(),
                  l.apiRequests(),
                  l.error() ? ", with an error box" : "");
              if (measured) {
                loads.computeIfAbsent(mode, m -> new ArrayList<>()).add(l);
              }
            }
          }
          String path = url.replaceFirst("^http://[^/]+", "");
          for (Mode mode : Mode.values()) {
            List<Load> measured = loads.get(mode);
            Load slowest =
                measured.stream().max(java.util.Comparator.comparingDouble(Load::millis)).get();
            printTimeline(mode, "the last load", measured.getLast());
            printTimeline(mode, "the slowest load", slowest);
            series.add(
                new Series(
                    mode,
                    measured.stream().map(Load::millis).toList(),
                    measured.stream().map(Load::phases).toList(),
                    measured.getLast().apiRequests(),
                    (int) measured.stream().filter(Load::error).count(),
                    path));
          }
          checkNothingCached(loads);
        }
        return new Result(machine, load, options, month, series);
      }
    } finally {
      if (!options.keepFiles()) {
        QueryBenchmark.deleteRecursively(dataDir);
      }
    }
  }

  private void printTimeline(Mode mode, String which, Load l) {
    out.printf(
        "requests of %s (%.0f ms) in %s, on the page's clock: queued, sent, first byte, done%n",
        which, l.millis(), mode.described);
    l.requests().forEach(t -> out.println("  " + t));
  }

  private ServerProcess start(Path data) {
    long t0 = System.nanoTime();
    ServerProcess server =
        ServerProcess.start(
            options.serverJar(), options.serverJvmOptions(), options.port(), data, CACHE_OFF);
    out.printf(
        "server %s (query cache off) ready in %.1f s%n",
        server.baseUrl(), (System.nanoTime() - t0) / 1e9);
    return server;
  }

  /** Signs in through the login page; answers the session's storage state (its cookie). */
  private String signIn(Browser browser, String baseUrl, String password) {
    try (BrowserContext context = browser.newContext()) {
      Page page = context.newPage();
      page.navigate(baseUrl + "/login");
      page.fill("input[name=email]", EMAIL);
      page.fill("input[name=password]", password);
      page.click("#login-form button[type=submit]");
      page.waitForSelector(".top .me");
      return context.storageState();
    }
  }

  /**
   * Where a load's time went, each on the page's clock (ms since navigation start).
   *
   * @param modules the page's last script or style sheet arrived
   * @param statsSent the first statistics request left
   * @param answered the last API answer arrived
   * @param shown every number was in the document
   * @param painted the frame that paints it (the load's time)
   * @param serverCpu CPU time the server process used from navigation to the end, ms
   * @param browserCpu CPU time Chromium's processes used, ms (those alive at the end)
   */
  record Phases(
      double modules,
      double statsSent,
      double answered,
      double shown,
      double painted,
      double serverCpu,
      double browserCpu) {
    static final List<String> NAMES =
        List.of(
            "scripts and styles arrived",
            "first statistics request sent",
            "last API answer arrived",
            "every number in the document",
            "painted (the load's time)",
            "CPU time of the server during the load",
            "CPU time of Chromium's processes during the load");

    double[] values() {
      return new double[] {modules, statsSent, answered, shown, painted, serverCpu, browserCpu};
    }
  }

  /**
   * One load.
   *
   * @param staticFiles the page's scripts and style sheets the page asked for
   * @param cachedFiles of those, how many did not come over the network as a whole (200 with a
   *     body): a first load has none
   */
  private record Load(
      double millis,
      int apiRequests,
      boolean error,
      List<String> requests,
      Phases phases,
      int staticFiles,
      int cachedFiles) {}

  /** The page's resource timings folded into {@link Phases}. */
  private static final String PHASES =
      "() => { const r = performance.getEntriesByType('resource');"
          + " const max = (f) => Math.max(0, ...r.filter(f).map(e => e.responseEnd));"
          + " const stats = r.filter(e => e.name.includes('/api/stats/')).map(e => e.startTime);"
          + " return [max(e => /[/](app|webjars)[/]/.test(e.name)),"
          + " stats.length ? Math.min(...stats) : 0, max(e => e.name.includes('/api/')),"
          + " window.footfallShownAt, window.footfallLoadedAt]; }";

  /** How many scripts and style sheets the page asked for, and how many came from a cache. */
  private static final String STATIC_FILES =
      "() => { const r = performance.getEntriesByType('resource')"
          + ".filter(e => /[/](app|webjars)[/]/.test(e.name));"
          + " return [r.length,"
          + " r.filter(e => e.responseStatus !== 200 || e.transferSize === 0).length]; }";

  /** The CPU time each running Chromium process has used so far, by process id. */
  private static Map<Long, Duration> browserCpu() {
    Map<Long, Duration> cpu = new java.util.HashMap<>();
    ProcessHandle.allProcesses()
        .forEach(
            p -> {
              ProcessHandle.Info info = p.info();
              if (info.command().orElse("").contains("chromium")) {
                info.totalCpuDuration().ifPresent(d -> cpu.put(p.pid(), d));
              }
            });
    return cpu;
  }

  private static Browser.NewContextOptions contextOptions(String session) {
    return new Browser.NewContextOptions()
        .setStorageState(session)
        .setViewportSize(1280, 800)
        .setServiceWorkers(com.microsoft.playwright.options.ServiceWorkerPolicy.BLOCK);
  }

  /** One first load in a new context: empty HTTP cache, signed in, a new renderer process. */
  private Load load(ServerProcess server, Browser browser, String session, String url) {
    try (BrowserContext context = browser.newContext(contextOptions(session))) {
      Page page = context.newPage();
      page.addInitScript(WATCH);
      return measure(server, page, url);
    }
  }

  /** A signed-in tab kept open between loads ({@link Mode#OPEN_BROWSER}). */
  private final class OpenTab implements AutoCloseable {
    private final BrowserContext context;
    private final Page page;
    private final CDPSession devtools;

    OpenTab(Browser browser, String session) {
      context = browser.newContext(contextOptions(session));
      page = context.newPage();
      page.addInitScript(WATCH);
      devtools = context.newCDPSession(page);
    }

    /** Leaves the page, empties the HTTP cache (memory and disk), loads the page again. */
    Load load(ServerProcess server, String url) {
      page.navigate("about:blank");
      devtools.send("Network.clearBrowserCache");
      return measure(server, page, url);
    }

    @Override
    public void close() {
      context.close();
    }
  }

  /**
   * Navigates the page to the overview and waits until it shows every number; answers the time,
   * where it went and what the server and Chromium spent on it.
   */
  private Load measure(ServerProcess server, Page page, String url) {
    AtomicInteger api = new AtomicInteger();
    java.util.function.Consumer<com.microsoft.playwright.Request> count =
        r -> {
          if (r.url().contains("/api/")) {
            api.incrementAndGet();
          }
        };
    page.onRequest(count);
    try {
      Map<Long, Duration> browserBefore = browserCpu();
      Duration serverBefore = server.cpuTime();
      page.navigate(url);
      double millis =
          ((Number)
                  page.waitForFunction(
                          "() => window.footfallLoadedAt",
                          null,
                          new Page.WaitForFunctionOptions()
                              .setPollingInterval(50)
                              .setTimeout(options.loadTimeout().toMillis()))
                      .jsonValue())
              .doubleValue();
      double serverCpu = server.cpuTime().minus(serverBefore).toNanos() / 1e6;
      double chromium = 0;
      for (Map.Entry<Long, Duration> e : browserCpu().entrySet()) {
        chromium +=
            e.getValue().minus(browserBefore.getOrDefault(e.getKey(), Duration.ZERO)).toNanos()
                / 1e6;
      }
      boolean error = page.querySelector(".error-box") != null;
      @SuppressWarnings("unchecked")
      List<String> timeline =
          (List<String>)
              page.evaluate(
                  "() => performance.getEntriesByType('resource').map(e => [e.startTime,"
                      + " e.requestStart, e.responseStart, e.responseEnd].map(t =>"
                      + " Math.round(t).toString().padStart(6)).join(' ') + ' ms  '"
                      + " + e.serverTiming.map(s => '(server ' + Math.round(s.duration)"
                      + " + ' ms) ').join('')"
                      + " + decodeURIComponent(e.name.replace(/^https?:[/][/][^/]+/, '')))");
      @SuppressWarnings("unchecked")
      List<Number> p = (List<Number>) page.evaluate(PHASES);
      @SuppressWarnings("unchecked")
      List<Number> files = (List<Number>) page.evaluate(STATIC_FILES);
      Phases phases =
          new Phases(
              p.get(0).doubleValue(),
              p.get(1).doubleValue(),
              p.get(2).doubleValue(),
              p.get(3).doubleValue(),
              p.get(4).doubleValue(),
              serverCpu,
              chromium);
      return new Load(
          millis,
          api.get(),
          error,
          timeline,
          phases,
          files.get(0).intValue(),
          files.get(1).intValue());
    } finally {
      page.offRequest(count);
    }
  }

  /**
   * Fails the run unless every measured load fetched all the page's scripts and style sheets over
   * the network, the same number in each: otherwise it was not a first load.
   */
  private static void checkNothingCached(Map<Mode, List<Load>> loads) {
    List<Load> all = loads.values().stream().flatMap(List::stream).toList();
    int files = all.getFirst().staticFiles();
    for (Load l : all) {
      if (l.cachedFiles() > 0 || l.staticFiles() != files) {
        throw new BenchException(
            "a load took "
                + l.cachedFiles()
                + " of its "
                + l.staticFiles()
                + " scripts and style sheets from a cache (another took "
                + files
                + " over the network): it was not a first load");
      }
    }
  }

  /** The target of the See issue: the overview's first load under a second at p95. */
  static final double TARGET_P95_MS = 1000;

  /**
   * Where the loads' time went: for each phase, its median and p95 over each mode's loads, on the
   * page's clock.
   */
  static String phases(List<Series> series) {
    StringBuilder md =
        new StringBuilder("| moment of the load (ms since navigation start), or CPU time (ms) |");
    StringBuilder rule = new StringBuilder("| --- |");
    for (Series s : series) {
      String mode = s.mode().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
      md.append(' ').append(mode).append(" p50 | ").append(mode).append(" p95 |");
      rule.append(" ---: | ---: |");
    }
    md.append('\n').append(rule).append('\n');
    for (int i = 0; i < Phases.NAMES.size(); i++) {
      int at = i;
      md.append("| ").append(Phases.NAMES.get(i)).append(" |");
      for (Series s : series) {
        List<Double> values = s.phases().stream().map(l -> l.values()[at]).toList();
        md.append(
            String.format(
                java.util.Locale.ROOT,
                " %.0f | %.0f |",
                percentile(values, 50),
                percentile(values, 95)));
      }
      md.append('\n');
    }
    return md.append('\n').toString();
  }

  /** The result as Markdown, for docs/performance.md. */
  static String markdown(Result r) {
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            java.util.Locale.ROOT,
            "Measured %s on %s. Load average (1, 5, 15 min) when the benchmark started: %s.%n%n",
            r.machine().date(),
            r.machine().describe(),
            r.load()));
    Series first = r.series().getFirst();
    md.append(
        String.format(
            java.util.Locale.ROOT,
            "Data: %,d events of one site in %s (%s, EUR), %,d visits, plus %,d live events;"
                + " store file %,.0f MiB. Server query cache off, rollups built. Chromium %s,"
                + " 1280×800, signed in; every load fetched all the page's scripts and style"
                + " sheets over the network. Loads in turns: %s. %d warm-up load(s) of each,"
                + " then %d measured. Each load: `%s` — %d API requests.%n%n",
            r.options().events(),
            r.options().month(),
            r.options().zone(),
            r.data().visits(),
            r.data().liveEvents(),
            r.data().fileBytes() / (double) (1 << 20),
            r.options().chromium(),
            String.join("; ", r.series().stream().map(s -> s.mode().described).toList()),
            r.options().warmup(),
            first.millis().size(),
            first.url(),
            first.apiRequests()));
    md.append(
        "| overview first load, navigation start to every number on screen | p50 ms | p95 ms"
            + " | max ms | loads | with an error box |\n");
    md.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (Series s : r.series()) {
      md.append(
          String.format(
              java.util.Locale.ROOT,
              "| %s | %.0f | %.0f | %.0f | %d | %d |%n",
              s.mode().described,
              percentile(s.millis(), 50),
              percentile(s.millis(), 95),
              percentile(s.millis(), 100),
              s.millis().size(),
              s.errors()));
    }
    md.append('\n').append(phases(r.series()));
    md.append("| target | goal | measured | verdict |\n| --- | --- | --- | --- |\n");
    for (Series s : r.series()) {
      double p95 = percentile(s.millis(), 95);
      md.append(
          String.format(
              java.util.Locale.ROOT,
              "| overview first load, p95, %,d events, %s | < %.0f ms | %.0f ms | %s |%n",
              r.options().events(),
              s.mode().described,
              TARGET_P95_MS,
              p95,
              p95 < TARGET_P95_MS && s.errors() == 0 ? "met" : "missed"));
    }
    return md.toString();
  }

  private static double percentile(List<Double> millis, double p) {
    long[] micros = millis.stream().mapToLong(m -> Math.round(m * 1000)).toArray();
    return Stats.percentile(micros, p) / 1000.0;
  }
}
