package io.footfall.server.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.footfall.server.enrich.Referrers.Referral;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReferrersTest {

  private static final Referrers REFERRERS = Referrers.load();
  private static final String PAGE = "shop.example";

  private static Referral classify(String referrer) {
    return REFERRERS.classify(referrer, PAGE);
  }

  @Test
  void loadsTheBundledList() {
    assertThat(REFERRERS.size()).isGreaterThan(300);
  }

  @Test
  void classifiesGoogleCountryDomainsAsSearch() {
    assertThat(classify("https://www.google.com/"))
        .isEqualTo(new Referral("google.com", "Google", "search"));
    assertThat(classify("https://www.google.de/"))
        .isEqualTo(new Referral("google.de", "Google", "search"));
    assertThat(classify("https://www.google.co.uk/search?q=x"))
        .isEqualTo(new Referral("google.co.uk", "Google", "search"));
    assertThat(classify("https://google.com.au"))
        .isEqualTo(new Referral("google.com.au", "Google", "search"));
  }

  @Test
  void doesNotTakeLookalikeHostsForGoogle() {
    assertThat(classify("https://google.example.org/"))
        .isEqualTo(new Referral("google.example.org", "google.example.org", "referral"));
    assertThat(classify("https://evilgoogle.com/").source()).isEqualTo("evilgoogle.com");
    assertThat(classify("https://google.com.evil.net/").medium()).isEqualTo("referral");
  }

  @Test
  void classifiesOtherSearchEngines() {
    assertThat(classify("https://www.bing.com/search?q=a").source()).isEqualTo("Bing");
    assertThat(classify("https://duckduckgo.com/").source()).isEqualTo("DuckDuckGo");
    assertThat(classify("https://uk.search.yahoo.com/").source()).isEqualTo("Yahoo!");
    assertThat(classify("https://yandex.ru/search/").source()).isEqualTo("Yandex");
    assertThat(classify("https://yandex.com.tr/").source()).isEqualTo("Yandex");
    assertThat(classify("https://www.ecosia.org/").medium()).isEqualTo("search");
    assertThat(classify("https://search.brave.com/").source()).isEqualTo("Brave Search");
    assertThat(classify("https://www.baidu.com/link?url=x").source()).isEqualTo("Baidu");
    assertThat(classify("https://www.startpage.com/").source()).isEqualTo("Startpage");
    assertThat(classify("https://www.qwant.com/").source()).isEqualTo("Qwant");
    assertThat(classify("https://search.naver.com/").source()).isEqualTo("Naver");
    assertThat(classify("https://search.seznam.cz/").source()).isEqualTo("Seznam");
  }

  @Test
  void classifiesSocialNetworks() {
    assertThat(classify("https://l.facebook.com/l.php?u=x"))
        .isEqualTo(new Referral("l.facebook.com", "Facebook", "social"));
    assertThat(classify("https://m.facebook.com/").source()).isEqualTo("Facebook");
    assertThat(classify("https://lm.facebook.com/").source()).isEqualTo("Facebook");
    assertThat(classify("https://t.co/abc")).isEqualTo(new Referral("t.co", "Twitter", "social"));
    assertThat(classify("https://x.com/someone").source()).isEqualTo("Twitter");
    assertThat(classify("https://www.linkedin.com/feed/").source()).isEqualTo("LinkedIn");
    assertThat(classify("https://lnkd.in/xyz").source()).isEqualTo("LinkedIn");
    assertThat(classify("https://old.reddit.com/r/java").source()).isEqualTo("Reddit");
    assertThat(classify("https://www.youtube.com/watch?v=1").source()).isEqualTo("YouTube");
    assertThat(classify("https://www.instagram.com/").source()).isEqualTo("Instagram");
    assertThat(classify("https://www.threads.net/").source()).isEqualTo("Threads");
    assertThat(classify("https://mastodon.social/@someone").source()).isEqualTo("Mastodon");
    assertThat(classify("https://vk.com/").source()).isEqualTo("VK");
    assertThat(classify("https://discord.com/channels/1").source()).isEqualTo("Discord");
    assertThat(classify("https://app.slack.com/client").source()).isEqualTo("Slack");
  }

  @Test
  void classifiesHackerNewsAsSocial() {
    assertThat(classify("https://news.ycombinator.com/item?id=1"))
        .isEqualTo(new Referral("news.ycombinator.com", "Hacker News", "social"));
  }

  @Test
  void classifiesWebmailAsEmail() {
    assertThat(classify("https://mail.google.com/mail/u/0/"))
        .isEqualTo(new Referral("mail.google.com", "Gmail", "email"));
    assertThat(classify("https://outlook.live.com/mail/0/").source()).isEqualTo("Outlook");
    assertThat(classify("https://outlook.office.com/").medium()).isEqualTo("email");
    assertThat(classify("https://mail.yahoo.com/d/folders/1").source()).isEqualTo("Yahoo! Mail");
    assertThat(classify("https://webmail.uni-example.de/?_task=mail"))
        .isEqualTo(new Referral("webmail.uni-example.de", "webmail.uni-example.de", "email"));
  }

  @Test
  void classifiesGithubAsReferral() {
    assertThat(classify("https://github.com/org/repo"))
        .isEqualTo(new Referral("github.com", "GitHub", "referral"));
  }

  @Test
  void namesUnknownHostsByTheirHostWithoutWww() {
    assertThat(classify("https://www.example.org/post/1"))
        .isEqualTo(new Referral("example.org", "example.org", "referral"));
    assertThat(classify("HTTPS://Blog.Example.ORG:8443/x"))
        .isEqualTo(new Referral("blog.example.org", "blog.example.org", "referral"));
    assertThat(classify("https://user:pw@news.example.net/").host()).isEqualTo("news.example.net");
  }

  @Test
  void treatsSameSiteNavigationAsDirect() {
    assertThat(REFERRERS.classify("https://shop.example/cart", "shop.example")).isEqualTo(direct());
    assertThat(REFERRERS.classify("https://www.shop.example/cart", "shop.example"))
        .isEqualTo(direct());
    assertThat(REFERRERS.classify("https://shop.example/", "WWW.Shop.Example")).isEqualTo(direct());
    assertThat(REFERRERS.classify("https://shop.example:8080/", "shop.example:8080"))
        .isEqualTo(direct());
    assertThat(REFERRERS.classify("https://blog.shop.example/", "shop.example").medium())
        .isEqualTo("referral");
  }

  @Test
  void treatsMissingAndHostlessReferrersAsDirect() {
    for (String referrer :
        new String[] {
          null,
          "",
          "   ",
          "about:blank",
          "javascript:void(0)",
          "data:text/html,x",
          "garbage",
          "https://",
          "http:///path"
        }) {
      assertThat(classify(referrer)).as(String.valueOf(referrer)).isEqualTo(direct());
    }
  }

  @Test
  void readsReferrersWithoutScheme() {
    assertThat(classify("news.ycombinator.com/item?id=1").source()).isEqualTo("Hacker News");
  }

  @Test
  void mapsAndroidAppReferrers() {
    assertThat(classify("android-app://com.google.android.gm/"))
        .isEqualTo(new Referral("com.google.android.gm", "Gmail", "email"));
    assertThat(
            classify("android-app://com.google.android.googlequicksearchbox/https/www.google.com"))
        .isEqualTo(new Referral("com.google.android.googlequicksearchbox", "Google", "search"));
    assertThat(classify("android-app://com.Slack").source()).isEqualTo("Slack");
    assertThat(classify("android-app://org.example.reader"))
        .isEqualTo(new Referral("org.example.reader", "org.example.reader", "referral"));
    assertThat(classify("android-app://")).isEqualTo(direct());
  }

  @Test
  void rejectsMalformedDataLinesNamingTheLine() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Referrers.parse(List.of("# header", "example.com  advert  Example")))
        .withMessageContaining("line 2")
        .withMessageContaining("advert");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Referrers.parse(List.of("a.example search A", "A.example social B")))
        .withMessageContaining("duplicate");
  }

  @Test
  void classifyNeverThrowsOnRandomText() {
    Random random = new Random(7);
    String alphabet = "abc.:/?#@[]%-_ \t\u00e9android-app:www.google.";
    for (int i = 0; i < 2_000; i++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(40);
      for (int c = 0; c < length; c++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      Referral referral =
          REFERRERS.classify(text.toString(), random.nextBoolean() ? PAGE : text.toString());
      assertThat(referral.medium()).isIn("search", "social", "email", "referral", "direct");
    }
  }

  private static Referral direct() {
    return new Referral("", "", "direct");
  }
}
