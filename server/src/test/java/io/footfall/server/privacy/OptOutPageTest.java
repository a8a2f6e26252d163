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

  @Test
  void speaksTheLanguageAskedForOrTheBrowsersBestOrEnglish() {
    assertThat(OptOutPage.language("de", "fr-FR,fr;q=0.9")).isEqualTo(java.util.Locale.GERMAN);
    assertThat(OptOutPage.language(null, "es-ES,es;q=0.9,en;q=0.8").getLanguage()).isEqualTo("es");
    assertThat(OptOutPage.language("xx", "fr-CA").getLanguage()).isEqualTo("fr");
    assertThat(OptOutPage.language(null, "ja-JP")).isEqualTo(java.util.Locale.ENGLISH);
    assertThat(OptOutPage.language(null, "a;;q=z")).isEqualTo(java.util.Locale.ENGLISH);
    assertThat(OptOutPage.language(null, null)).isEqualTo(java.util.Locale.ENGLISH);
  }

  @Test
  void everyLanguageHasEveryText() {
    java.util.ResourceBundle english =
        java.util.ResourceBundle.getBundle(
            "io.footfall.server.privacy.optout",
            java.util.Locale.ENGLISH,
            java.util.ResourceBundle.Control.getNoFallbackControl(
                java.util.ResourceBundle.Control.FORMAT_PROPERTIES));
    for (String language : OptOutPage.LANGUAGES) {
      java.util.Properties own = new java.util.Properties();
      String file =
          "/io/footfall/server/privacy/optout"
              + (language.equals("en") ? "" : "_" + language)
              + ".properties";
      try (var in =
          new java.io.InputStreamReader(
              OptOutPageTest.class.getResourceAsStream(file),
              java.nio.charset.StandardCharsets.UTF_8)) {
        own.load(in);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      assertThat(own.stringPropertyNames()).as(file).isEqualTo(english.keySet());
      assertThat(own.getProperty("lang")).isEqualTo(language);
    }
    java.util.ResourceBundle german =
        java.util.ResourceBundle.getBundle(
            "io.footfall.server.privacy.optout",
            java.util.Locale.GERMAN,
            java.util.ResourceBundle.Control.getNoFallbackControl(
                java.util.ResourceBundle.Control.FORMAT_PROPERTIES));
    assertThat(OptOutPage.days(german, java.util.Locale.GERMAN, 1827))
        .isEqualTo("1.827 Tagen (etwa 5 Jahren)");
  }
}
