package io.footfall.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class SiteTest {
  static Site site(String currency, int retentionDays) {
    return new Site(
        "s_1",
        "o_1",
        "Shop",
        "shop.example",
        ZoneId.of("UTC"),
        currency,
        retentionDays,
        "wk_1",
        SiteSettings.DEFAULTS,
        Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Test
  void acceptsIsoCurrenciesAndRetentionWithinLimits() {
    assertThat(site("USD", 1).currency()).isEqualTo("USD");
    assertThat(site("EUR", Site.MAX_RETENTION_DAYS).retentionDays())
        .isEqualTo(Site.MAX_RETENTION_DAYS);
  }

  @Test
  void refusesUnknownOrLowerCaseCurrencies() {
    for (String bad : new String[] {"eur", "EURO", "QQQ", ""}) {
      assertThatThrownBy(() -> site(bad, 30)).as(bad).hasMessageContaining("currency");
    }
  }

  @Test
  void refusesRetentionOutsideItsRange() {
    assertThatThrownBy(() -> site("EUR", 0)).hasMessageContaining("retentionDays must be 1 to");
    assertThatThrownBy(() -> site("EUR", Site.MAX_RETENTION_DAYS + 1))
        .hasMessageContaining("retentionDays");
  }

  @Test
  void refusesPiiKeysThatWouldNotSurviveStorage() {
    assertThatThrownBy(
            () ->
                new SiteSettings(
                    SiteSettings.ConsentLevel.ANONYMOUS,
                    true,
                    true,
                    SiteSettings.UserIdMode.STORE,
                    List.of("a,b")))
        .hasMessageContaining("without commas");
  }
}
