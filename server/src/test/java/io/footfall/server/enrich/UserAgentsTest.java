package io.footfall.server.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.footfall.server.enrich.UserAgents.Agent;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UserAgentsTest {

  /** Building the analyzer takes seconds: one instance for the whole class. */
  private static final UserAgents AGENTS = UserAgents.load(10_000);

  private static final String CHROME_WINDOWS =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/128.0.0.0 Safari/537.36";

  private static Agent parse(String userAgent) {
    return AGENTS.parse(userAgent);
  }

  @Test
  void parsesDesktopBrowsers() {
    assertThat(parse(CHROME_WINDOWS))
        .isEqualTo(new Agent("Chrome", "128", "Windows", "", "desktop", false));
    Agent firefox =
        parse(
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.6; rv:128.0) Gecko/20100101 Firefox/128.0");
    assertThat(firefox).isEqualTo(new Agent("Firefox", "128", "macOS", "14", "desktop", false));
    Agent safari =
        parse(
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)"
                + " Version/17.6 Safari/605.1.15");
    assertThat(safari.browser()).isEqualTo("Safari");
    assertThat(safari.browserVersion()).isEqualTo("17");
    assertThat(safari.os()).isEqualTo("macOS");
    Agent edge = parse(CHROME_WINDOWS + " Edg/128.0.0.0");
    assertThat(edge.browser()).isEqualTo("Edge");
    assertThat(edge.browserVersion()).isEqualTo("128");
    Agent linux = parse("Mozilla/5.0 (X11; Linux x86_64; rv:129.0) Gecko/20100101 Firefox/129.0");
    assertThat(linux.os()).isEqualTo("Linux");
    assertThat(linux.device()).isEqualTo("desktop");
  }

  @Test
  void parsesMobileBrowsers() {
    Agent iphone =
        parse(
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15"
                + " (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1");
    assertThat(iphone).isEqualTo(new Agent("Safari", "17", "iOS", "17", "mobile", false));
    Agent android =
        parse(
            "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36");
    assertThat(android)
        .isEqualTo(new Agent("Samsung Internet", "25", "Android", "14", "mobile", false));
    Agent chromeIos =
        parse(
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15"
                + " (KHTML, like Gecko) CriOS/128.0.6613.98 Mobile/15E148 Safari/604.1");
    assertThat(chromeIos.browser()).isEqualTo("Chrome");
    assertThat(chromeIos.os()).isEqualTo("iOS");
  }

  @Test
  void classifiesTabletsTvsAndConsoles() {
    assertThat(
            parse(
                    "Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
                        + " Gecko) Version/17.6 Mobile/15E148 Safari/604.1")
                .device())
        .isEqualTo("tablet");
    assertThat(
            parse(
                    "Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko)"
                        + " Chrome/128.0.0.0 Safari/537.36")
                .device())
        .isEqualTo("tablet");
    Agent tv =
        parse(
            "Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " 76.0.3809.146/6.0 TV Safari/537.36");
    assertThat(tv.device()).isEqualTo("tv");
    assertThat(tv.browser()).as("a bare version is no browser name").isEmpty();
    assertThat(tv.bot()).isFalse();
    assertThat(
            parse(
                    "Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, like"
                        + " Gecko) Version/13.0 Safari/605.1.15")
                .device())
        .isEqualTo("console");
  }

  @Test
  void flagsSearchEngineAndAiCrawlersAsBots() {
    for (String userAgent :
        List.of(
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML,"
                + " like Gecko) Chrome/128.0.6613.119 Mobile Safari/537.36 (compatible;"
                + " Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
            "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
            "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2;"
                + " +https://openai.com/gptbot)")) {
      assertThat(parse(userAgent).bot()).as(userAgent).isTrue();
    }
  }

  @Test
  void flagsHttpLibrariesAndCommandLineToolsAsBots() {
    for (String userAgent :
        List.of(
            "curl/8.5.0",
            "Wget/1.21.4",
            "python-requests/2.32.3",
            "Python-urllib/3.12",
            "Java-http-client/21.0.4",
            "Java/17.0.2",
            "okhttp/4.12.0",
            "Go-http-client/2.0",
            "axios/1.7.2",
            "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)",
            "Apache-HttpClient/5.3 (Java/21)",
            "PostmanRuntime/7.39.0",
            "libwww-perl/6.72")) {
      assertThat(parse(userAgent).bot()).as(userAgent).isTrue();
    }
  }

  @Test
  void flagsHeadlessBrowsersAndPageSpeedToolsAsBots() {
    assertThat(
            parse(
                    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
                        + " HeadlessChrome/128.0.0.0 Safari/537.36")
                .bot())
        .isTrue();
    assertThat(
            parse(
                    "Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML,"
                        + " like Gecko) Chrome/128.0.0.0 Mobile Safari/537.36 Chrome-Lighthouse")
                .bot())
        .isTrue();
    assertThat(
            parse(
                    "Mozilla/5.0 (Unknown; Linux x86_64) AppleWebKit/538.1 (KHTML, like Gecko)"
                        + " PhantomJS/2.1.1 Safari/538.1")
                .bot())
        .isTrue();
  }

  @Test
  void treatsEmptyNullAndGarbageAsBots() {
    assertThat(parse(null)).isEqualTo(Agent.UNKNOWN_BOT);
    assertThat(parse("")).isEqualTo(Agent.UNKNOWN_BOT);
    assertThat(parse("   ")).isEqualTo(Agent.UNKNOWN_BOT);
    assertThat(parse("asdkjh qwe zzz").bot()).isTrue();
    assertThat(parse("-").bot()).isTrue();
  }

  @Test
  void doesNotFlagOrdinaryBrowsersAsBots() {
    assertThat(parse(CHROME_WINDOWS).bot()).isFalse();
    assertThat(
            parse(
                    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko)"
                        + " Chrome/128.0.0.0 Mobile Safari/537.36")
                .bot())
        .isFalse();
  }

  @Test
  void neverThrowsOnRandomText() {
    Random random = new Random(5);
    String alphabet = "Mozilla/5.0 (;)Chrome bot AppleWebKit\u00e9\ud83d\ude00${jndi:x}'\"<>";
    for (int i = 0; i < 300; i++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(120);
      for (int c = 0; c < length; c++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      Agent agent = parse(text.toString());
      assertThat(agent).isNotNull();
      assertThat(agent.device()).isIn("desktop", "mobile", "tablet", "tv", "console", "other");
    }
    assertThat(parse("x".repeat(100_000)).bot()).isTrue();
  }

  @Test
  void servesRepeatedUserAgentsFromTheCacheInUnderAMicrosecond() {
    String userAgent = CHROME_WINDOWS;
    Agent first = parse(userAgent);
    // A fresh String each time, as each request brings one: the hash is computed on every call.
    String[] copies = new String[1_000];
    for (int i = 0; i < copies.length; i++) {
      copies[i] = new String(userAgent.toCharArray());
    }
    for (int i = 0; i < 200_000; i++) {
      parse(copies[i % copies.length]);
    }
    double best = Double.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      long start = System.nanoTime();
      for (int i = 0; i < 100_000; i++) {
        parse(copies[i % copies.length]);
      }
      best = Math.min(best, (System.nanoTime() - start) / 1000.0 / 100_000);
    }
    assertThat(parse(copies[0])).isSameAs(first);
    assertThat(best).as("microseconds per cached parse").isLessThan(1.0);
  }

  @Test
  void worksWithoutACache() {
    UserAgents uncached = UserAgents.load(0);
    assertThat(uncached.parse(CHROME_WINDOWS).browser()).isEqualTo("Chrome");
  }

  @Test
  void rejectsANegativeCacheSize() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> UserAgents.load(-1))
        .withMessageContaining("-1");
  }
}
