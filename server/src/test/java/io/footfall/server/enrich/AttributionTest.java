package io.footfall.server.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.server.enrich.Attribution.Resolved;
import io.footfall.server.enrich.Campaigns.Campaign;
import io.footfall.server.enrich.Referrers.Referral;
import org.junit.jupiter.api.Test;

class AttributionTest {

  private static final Referrers REFERRERS = Referrers.load();
  private static final String PAGE = "https://shop.example/landing";

  private static Resolved resolve(String query, String referrer) {
    Campaign campaign = Campaigns.parse(PAGE + query);
    Referral referral = REFERRERS.classify(referrer, "shop.example");
    return Attribution.resolve(campaign, referral, REFERRERS);
  }

  @Test
  void utmSourceWinsOverClickIdAndReferrer() {
    assertThat(resolve("?utm_source=spring_sale&utm_medium=cpc&gclid=x", "https://www.google.com/"))
        .isEqualTo(new Resolved("spring_sale", "cpc"));
  }

  @Test
  void utmSourceWithoutMediumTakesTheClickIdsMedium() {
    assertThat(resolve("?utm_source=google&gclid=x", "")).isEqualTo(new Resolved("Google", "paid"));
  }

  @Test
  void utmSourceWithoutMediumTakesTheReferrersMedium() {
    assertThat(resolve("?utm_source=newsletter", "https://mail.google.com/"))
        .isEqualTo(new Resolved("newsletter", "email"));
  }

  @Test
  void utmSourceAloneIsAReferral() {
    assertThat(resolve("?utm_source=partner-blog", ""))
        .isEqualTo(new Resolved("partner-blog", "referral"));
  }

  @Test
  void clickIdWinsOverReferrer() {
    assertThat(resolve("?gclid=abc", "https://www.google.de/"))
        .isEqualTo(new Resolved("Google", "paid"));
    assertThat(resolve("?fbclid=abc", "https://l.facebook.com/"))
        .isEqualTo(new Resolved("Facebook", "social"));
    assertThat(resolve("?msclkid=abc", "")).isEqualTo(new Resolved("Bing", "paid"));
  }

  @Test
  void referrerIsUsedWithoutCampaignParameters() {
    assertThat(resolve("", "https://www.google.co.uk/"))
        .isEqualTo(new Resolved("Google", "search"));
    assertThat(resolve("", "https://news.ycombinator.com/"))
        .isEqualTo(new Resolved("Hacker News", "social"));
    assertThat(resolve("", "https://blog.example.org/post"))
        .isEqualTo(new Resolved("blog.example.org", "referral"));
  }

  @Test
  void nothingAtAllIsDirect() {
    assertThat(resolve("", "")).isEqualTo(Resolved.DIRECT);
    assertThat(resolve("?q=1", "https://shop.example/other")).isEqualTo(new Resolved("", "direct"));
  }

  @Test
  void utmMediumWithoutSourceStillNamesTheMedium() {
    assertThat(resolve("?utm_medium=email", "")).isEqualTo(new Resolved("", "email"));
    assertThat(resolve("?utm_medium=display", "https://www.bing.com/"))
        .isEqualTo(new Resolved("Bing", "display"));
  }
}
