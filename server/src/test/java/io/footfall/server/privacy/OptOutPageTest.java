package io.footfall.server.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.core.Site;
import io.footfall.core.SiteSettings;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The privacy page's opt-out links: where they may lead, and the marker they carry. */
class OptOutPageTest {
  private static final Site SITE =
      new Site(
          "s_1",
          "o_1",
          "Shop",
          "shop.example",
          ZoneId.of("UTC"),
          "EUR",
          30,
          "wk_1",
          SiteSettings.DEFAULTS,
          Instant.EPOCH);

  @Test
  void followsOnlyAddressesOnTheSitesDomainOrItsSubdomains() {
    assertThat(OptOutPage.returnAddress(SITE, "https://shop.example/a?b=1"))
        .isEqualTo(URI.create("https://shop.example/a?b=1"));
    assertThat(OptOutPage.returnAddress(SITE, "http://blog.shop.example/"))
        .isEqualTo(URI.create("http://blog.shop.example/"));
    for (String elsewhere :
        new String[] {
          "https://evilshop.example/",
          "https://shop.example.evil.example/",
          "javascript:alert(1)",
          "//shop.example/relative",
          "ftp://shop.example/",
          "not a uri at all",
          ""
        }) {
      assertThat(OptOutPage.returnAddress(SITE, elsewhere))
          .as(elsewhere)
          .isEqualTo(URI.create("https://shop.example/"));
    }
  }

  @Test
  void addsTheMarkerKeepingTheQueryAndFragmentAndReplacingAnOldMarker() {
    assertThat(OptOutPage.withMarker(URI.create("https://shop.example/"), "1"))
        .isEqualTo("https://shop.example/?footfall_optout=1");
    assertThat(
            OptOutPage.withMarker(
                URI.create("https://shop.example/p?a=1&footfall_optout=1#top"), "0"))
        .isEqualTo("https://shop.example/p?a=1&footfall_optout=0#top");
  }

  @Test
  void saysRetentionInDaysAndRoughYears() {
    assertThat(OptOutPage.days(30)).isEqualTo("30 days");
    assertThat(OptOutPage.days(396)).isEqualTo("396 days (about 1 year)");
    assertThat(OptOutPage.days(1827)).isEqualTo("1,827 days (about 5 years)");
  }
}
