package io.footfall.server.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.core.Event.Utm;
import io.footfall.server.enrich.Campaigns.Campaign;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CampaignsTest {

  @Test
  void parsesAllUtmParametersPercentDecoded() {
    Campaign campaign =
        Campaigns.parse(
            "https://shop.example/?utm_source=Newsletter&utm_medium=email&utm_campaign=black+friday"
                + "&utm_term=running%20shoes&utm_content=hero%E2%82%AC");
    assertThat(campaign.utm())
        .isEqualTo(new Utm("Newsletter", "email", "black friday", "running shoes", "hero\u20ac"));
    assertThat(campaign.hasClickId()).isFalse();
    assertThat(campaign.clickId()).isEmpty();
  }

  @Test
  void mapsGoogleClickIdsToGooglePaid() {
    for (String id : new String[] {"gclid", "gbraid", "wbraid", "dclid"}) {
      Campaign campaign = Campaigns.parse("https://shop.example/p?" + id + "=Cj0KCQiA");
      assertThat(campaign.clickId()).isEqualTo(id);
      assertThat(campaign.clickSource()).isEqualTo("Google");
      assertThat(campaign.clickMedium()).isEqualTo("paid");
      assertThat(campaign.utm()).isEqualTo(Utm.NONE);
    }
  }

  @Test
  void mapsOtherPlatformsClickIds() {
    Map<String, String> expected =
        Map.of(
            "msclkid", "Bing/paid",
            "fbclid", "Facebook/social",
            "ttclid", "TikTok/paid",
            "li_fat_id", "LinkedIn/paid",
            "twclid", "Twitter/paid",
            "yclid", "Yandex/paid");
    expected.forEach(
        (id, sourceAndMedium) -> {
          Campaign campaign = Campaigns.parse("https://a.example/?x=1&" + id + "=abc123");
          assertThat(campaign.clickId()).isEqualTo(id);
          assertThat(campaign.clickSource() + "/" + campaign.clickMedium())
              .isEqualTo(sourceAndMedium);
        });
  }

  @Test
  void keepsOnlyTheNameOfAClickIdNeverItsValue() {
    Campaign campaign = Campaigns.parse("https://a.example/?gclid=SECRET-CLICK-VALUE");
    assertThat(campaign.toString()).doesNotContain("SECRET-CLICK-VALUE");
  }

  @Test
  void prefersGoogleWhenSeveralClickIdsArePresent() {
    assertThat(Campaigns.parse("https://a.example/?fbclid=1&gclid=2").clickId()).isEqualTo("gclid");
    assertThat(Campaigns.parse("https://a.example/?gclid=2&fbclid=1").clickId()).isEqualTo("gclid");
  }

  @Test
  void matchesParameterNamesCaseInsensitivelyAndKeepsTheFirstValue() {
    Campaign campaign =
        Campaigns.parse("https://a.example/?UTM_Source=first&utm_source=second&GCLID=x");
    assertThat(campaign.utm().source()).isEqualTo("first");
    assertThat(campaign.clickId()).isEqualTo("gclid");
  }

  @Test
  void readsOnlyTheQueryNotTheFragment() {
    assertThat(Campaigns.parse("https://a.example/#utm_source=frag").utm()).isEqualTo(Utm.NONE);
    assertThat(Campaigns.parse("https://a.example/?utm_source=q#utm_source=frag").utm().source())
        .isEqualTo("q");
  }

  @Test
  void stripsAndCutsOverlongValues() {
    String longValue = "x".repeat(Campaigns.MAX_VALUE_LENGTH + 50);
    Campaign campaign =
        Campaigns.parse("https://a.example/?utm_campaign=" + longValue + "&utm_source=+%20a%20");
    assertThat(campaign.utm().campaign()).hasSize(Campaigns.MAX_VALUE_LENGTH);
    assertThat(campaign.utm().source()).isEqualTo("a");
  }

  @Test
  void returnsAnEmptyCampaignForNullEmptyAndUntaggedUrls() {
    for (String url :
        new String[] {null, "", "https://a.example/", "https://a.example/?q=1", "?", "?&&="}) {
      Campaign campaign = Campaigns.parse(url);
      assertThat(campaign.utm()).isEqualTo(Utm.NONE);
      assertThat(campaign.hasClickId()).isFalse();
    }
  }

  @Test
  void neverThrowsOnRandomUrls() {
    Random random = new Random(11);
    String alphabet = "utm_source=gclid&?#%+ab9\u00e9\ud83d\ude00";
    for (int i = 0; i < 2_000; i++) {
      StringBuilder url = new StringBuilder("https://a.example/?");
      int length = random.nextInt(50);
      for (int c = 0; c < length; c++) {
        url.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      assertThat(Campaigns.parse(url.toString())).isNotNull();
    }
  }
}
