package io.footfall.server.enrich;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;

/**
 * Turns a {@code User-Agent} header into browser, operating system, device class and a bot verdict,
 * with Yauaa (see docs/dependencies.md for the measurement that chose it over uap-java).
 *
 * <p>Design note. Yauaa's analyzer costs about 130 MB of heap and two to three seconds to build, so
 * it is built once per process and shared by every instance; each instance adds its own bounded
 * Caffeine cache, because the same few hundred user agents make up most traffic and an uncached
 * parse costs about 0.2 ms while a cached one costs well under a microsecond. Yauaa's own cache is
 * off so that memory is bounded in one place.
 *
 * <p>Bots are: what Yauaa classes as a robot, hacker or spy (by device or agent class); anything it
 * cannot name at all; empty or blank user agents; and headless browsers, page-speed tools and HTTP
 * libraries ({@code HeadlessChrome}, {@code Lighthouse}, {@code curl}, {@code python-requests},
 * {@code okhttp}, ...), which Yauaa partly reports as ordinary browsers.
 *
 * <p>Instances are safe to share between threads.
 */
public final class UserAgents {

  /** The longest user agent looked at, in characters; longer ones are cut before parsing. */
  public static final int MAX_LENGTH = 1024;

  private static final Set<String> BOT_DEVICE_CLASSES =
      Set.of("Robot", "Robot Mobile", "Robot Imitator", "Hacker", "Spy");
  private static final Set<String> BOT_AGENT_CLASSES =
      Set.of(
          "Robot", "Robot Mobile", "Robot Imitator", "Hacker", "Cloud Application", "Testclient");
  private static final Set<String> UNKNOWN_VALUES = Set.of("Unknown", "??", "Hacker", "");

  /** Automation that either library reports as a browser; matched anywhere, case-insensitive. */
  private static final Pattern AUTOMATION =
      Pattern.compile(
          "headless|phantomjs|slimerjs|lighthouse|pagespeed|gtmetrix|pingdom"
              + "|uptimerobot|ptst/|puppeteer|playwright|selenium|webdriver|cypress"
              + "|\\bbot\\b|crawler|spider|scraper",
          Pattern.CASE_INSENSITIVE);

  /** HTTP libraries and command-line tools; matched at the start, case-insensitive. */
  private static final Pattern HTTP_LIBRARY =
      Pattern.compile(
          "^(?:curl|wget|httpie|python|aiohttp|httpx|java|apache-httpclient|jakarta|okhttp|go-http"
              + "|axios|node-fetch|node|undici|got/|superagent|ruby|faraday|php|guzzle"
              + "|libwww-perl|lwp|perl|postmanruntime|insomnia|dart|rest-client|restsharp"
              + "|reqwest|hyper|powershell|winhttp|mozilla/4\\.0 \\(compatible;\\)$)",
          Pattern.CASE_INSENSITIVE);

  private final UserAgentAnalyzer analyzer;
  private final Cache<String, Agent> cache; // null when caching is off

  private UserAgents(UserAgentAnalyzer analyzer, int cacheSize) {
    this.analyzer = analyzer;
    // Caffeine's maximumSize(0) still serves entries until its asynchronous eviction runs, so
    // "no cache" means no Caffeine at all.
    this.cache = cacheSize == 0 ? null : Caffeine.newBuilder().maximumSize(cacheSize).build();
  }

  /**
   * What a user agent says about the visitor's software.
   *
   * @param browser browser family ({@code Chrome}, {@code Safari}, {@code Samsung Internet}), ""
   *     when unknown
   * @param browserVersion the browser's major version ({@code "128"}), "" when unknown
   * @param os operating system family ({@code Windows}, {@code macOS}, {@code iOS}, {@code
   *     Android}, {@code Linux}, ...), "" when unknown
   * @param osVersion the operating system's major version as far as the user agent tells it ({@code
   *     "14"}, {@code ">=10"} for frozen Windows user agents), "" when unknown
   * @param device {@code desktop}, {@code mobile}, {@code tablet}, {@code tv}, {@code console} or
   *     {@code other}
   * @param bot whether the client is a robot, a script or a headless browser
   */
  public record Agent(
      String browser,
      String browserVersion,
      String os,
      String osVersion,
      String device,
      boolean bot) {
    static final Set<String> DEVICES =
        Set.of("desktop", "mobile", "tablet", "tv", "console", "other");

    /** The answer for empty and unparseable user agents. */
    public static final Agent UNKNOWN_BOT = new Agent("", "", "", "", "other", true);

    public Agent {
      Objects.requireNonNull(browser, "browser");
      Objects.requireNonNull(browserVersion, "browserVersion");
      Objects.requireNonNull(os, "os");
      Objects.requireNonNull(osVersion, "osVersion");
      if (!DEVICES.contains(device)) {
        throw new IllegalArgumentException("device must be one of " + DEVICES + ", was " + device);
      }
    }
  }

  /**
   * Returns a parser with its own cache of up to {@code cacheSize} distinct user agents. The first
   * call in a process builds the shared Yauaa analyzer (2-3 s); later calls are cheap.
   *
   * @param cacheSize how many parsed user agents to keep; 0 disables caching
   * @throws IllegalArgumentException if {@code cacheSize} is negative
   */
  public static UserAgents load(int cacheSize) {
    if (cacheSize < 0) {
      throw new IllegalArgumentException("cacheSize must be >= 0, was " + cacheSize);
    }
    return new UserAgents(SharedAnalyzer.INSTANCE, cacheSize);
  }

  /**
   * Parses a user agent. Never throws and never returns null; a null, empty, blank or garbage user
   * agent is a bot ({@link Agent#UNKNOWN_BOT} or close to it).
   */
  public Agent parse(String userAgent) {
    if (userAgent == null || userAgent.isBlank()) {
      return Agent.UNKNOWN_BOT;
    }
    String key = userAgent.length() > MAX_LENGTH ? userAgent.substring(0, MAX_LENGTH) : userAgent;
    return cache == null ? analyze(key) : cache.get(key, this::analyze);
  }

  /** How many parsed user agents the cache holds now (approximate). */
  public long cachedCount() {
    return cache == null ? 0 : cache.estimatedSize();
  }

  private Agent analyze(String userAgent) {
    UserAgent parsed;
    try {
      parsed = analyzer.parse(userAgent);
    } catch (RuntimeException e) {
      // A parser bug must not fail an ingest request; what it cannot read is not a browser.
      return Agent.UNKNOWN_BOT;
    }
    String deviceClass = parsed.getValue(UserAgent.DEVICE_CLASS);
    String agentClass = parsed.getValue(UserAgent.AGENT_CLASS);
    String agentName = known(parsed.getValue(UserAgent.AGENT_NAME));
    boolean bot =
        BOT_DEVICE_CLASSES.contains(deviceClass)
            || BOT_AGENT_CLASSES.contains(agentClass)
            || (deviceClass.equals("Unknown") && agentName.isEmpty())
            || AUTOMATION.matcher(userAgent).find()
            || HTTP_LIBRARY.matcher(userAgent).find();
    String browser = browserName(agentName);
    return new Agent(
        browser,
        browser.isEmpty() ? "" : known(parsed.getValue(UserAgent.AGENT_VERSION_MAJOR)),
        osName(known(parsed.getValue(UserAgent.OPERATING_SYSTEM_NAME))),
        known(parsed.getValue(UserAgent.OPERATING_SYSTEM_VERSION_MAJOR)),
        device(deviceClass),
        bot);
  }

  private static String known(String value) {
    return value == null || UNKNOWN_VALUES.contains(value) ? "" : value;
  }

  /** Yauaa names a few browsers by their token; show the names people know. */
  private static String browserName(String agentName) {
    return switch (agentName) {
      case "SamsungBrowser" -> "Samsung Internet";
      case "Edge", "Edg" -> "Edge";
      default -> isVersionLike(agentName) ? "" : agentName;
    };
  }

  /** Some TV user agents carry a bare version where the browser name should be. */
  private static boolean isVersionLike(String name) {
    return !name.isEmpty() && Character.isDigit(name.charAt(0));
  }

  private static String osName(String name) {
    return switch (name) {
      case "Windows NT" -> "Windows";
      case "Mac OS", "Mac OS X", "macOS" -> "macOS";
      case "WebOS" -> "webOS";
      default -> name;
    };
  }

  static String device(String deviceClass) {
    return switch (deviceClass) {
      case "Desktop" -> "desktop";
      case "Phone", "Mobile", "Watch" -> "mobile";
      case "Tablet", "eReader" -> "tablet";
      case "TV", "Set-top box" -> "tv";
      case "Game Console", "Handheld Game Console" -> "console";
      default -> "other";
    };
  }

  private static final class SharedAnalyzer {
    // Holder idiom: built on first use, once per class loader, thread-safe by class initialization.
    static final UserAgentAnalyzer INSTANCE =
        UserAgentAnalyzer.newBuilder()
            .withFields(
                UserAgent.DEVICE_CLASS,
                UserAgent.AGENT_CLASS,
                UserAgent.AGENT_NAME,
                UserAgent.AGENT_VERSION_MAJOR,
                UserAgent.OPERATING_SYSTEM_NAME,
                UserAgent.OPERATING_SYSTEM_VERSION_MAJOR)
            .withoutCache()
            .withoutClientHintsCache()
            .dropTests()
            .hideMatcherLoadStats()
            .immediateInitialization()
            .build();

    private SharedAnalyzer() {}
  }

  @Override
  public String toString() {
    return "UserAgents[cached=" + cachedCount() + "]";
  }
}
