package io.footfall.demo;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * How visits arrive: direct, search engines, social sites, links from other sites, the newsletter,
 * campaigns and paid search. Referrers are origins only, as browsers send them under their default
 * referrer policy ({@code strict-origin-when-cross-origin}); t.co sends its short link.
 */
final class Acquisition {
  private Acquisition() {}

  /** The kinds of arrival, for landing-page choice. */
  enum Kind {
    DIRECT,
    SEARCH,
    SOCIAL,
    REFERRAL,
    EMAIL,
    CAMPAIGN,
    PAID
  }

  /**
   * One arrival.
   *
   * @param kind the channel
   * @param referrer the referrer the browser sends, or empty
   * @param query the query string (without {@code ?}) on the landing URL, or empty
   */
  record Arrival(Kind kind, String referrer, String query) {}

  private static final Weighted<Kind> KINDS =
      Weighted.<Kind>builder()
          .add(30, Kind.DIRECT)
          .add(32, Kind.SEARCH)
          .add(12, Kind.SOCIAL)
          .add(6, Kind.REFERRAL)
          .add(7, Kind.EMAIL)
          .add(6, Kind.PAID)
          .build();

  private static final Weighted<Kind> KINDS_DURING_SALE =
      Weighted.<Kind>builder()
          .add(30, Kind.DIRECT)
          .add(32, Kind.SEARCH)
          .add(12, Kind.SOCIAL)
          .add(6, Kind.REFERRAL)
          .add(7, Kind.EMAIL)
          .add(12, Kind.CAMPAIGN)
          .add(8, Kind.PAID)
          .build();

  private static final Weighted<String> SEARCH_ENGINES =
      Weighted.<String>builder()
          .add(80, "google")
          .add(13, "https://www.bing.com/")
          .add(7, "https://duckduckgo.com/")
          .build();

  private static final Weighted<String> SOCIAL =
      Weighted.<String>builder()
          .add(25, "t.co")
          .add(15, "https://l.facebook.com/")
          .add(8, "https://m.facebook.com/")
          .add(25, "https://www.reddit.com/")
          .add(27, "https://news.ycombinator.com/")
          .build();

  private static final Weighted<String> REFERRALS =
      Weighted.<String>builder()
          .add(40, "https://github.com/")
          .add(20, "https://www.producthunt.com/")
          .add(15, "https://dev.to/")
          .add(15, "https://stackoverflow.com/")
          .add(10, "https://alternativeto.net/")
          .build();

  private static final Weighted<String> NEWSLETTERS =
      Weighted.<String>builder().add(70, "weekly_digest").add(30, "product_update").build();

  private static final String ALPHANUMERIC =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  static Arrival draw(SplittableRandom random, Audience.Country country, boolean saleRunning) {
    Kind kind = (saleRunning ? KINDS_DURING_SALE : KINDS).pick(random);
    String google = "https://www." + country.googleHost() + "/";
    return switch (kind) {
      case DIRECT -> new Arrival(kind, "", "");
      case SEARCH -> {
        String engine = SEARCH_ENGINES.pick(random);
        yield new Arrival(kind, engine.equals("google") ? google : engine, "");
      }
      case SOCIAL -> {
        String site = SOCIAL.pick(random);
        yield new Arrival(kind, site.equals("t.co") ? shortLink(random) : site, "");
      }
      case REFERRAL -> new Arrival(kind, REFERRALS.pick(random), "");
      case EMAIL ->
          new Arrival(
              kind,
              random.nextInt(10) < 3 ? "https://mail.google.com/" : "",
              utm("newsletter", "email", NEWSLETTERS.pick(random), ""));
      case CAMPAIGN -> {
        int channel = random.nextInt(10);
        if (channel < 4) {
          yield new Arrival(kind, shortLink(random), utm("twitter", "social", "spring_sale", ""));
        } else if (channel < 8) {
          yield new Arrival(kind, "", utm("newsletter", "email", "spring_sale", ""));
        } else {
          yield new Arrival(
              kind, "https://l.facebook.com/", utm("facebook", "paid_social", "spring_sale", ""));
        }
      }
      case PAID -> {
        boolean brand = random.nextInt(10) < 6;
        String campaign =
            saleRunning && random.nextBoolean()
                ? "spring_sale"
                : brand ? "brand_search" : "competitor_search";
        String term = brand ? "lumen planning" : "jira alternative";
        yield new Arrival(
            kind,
            google,
            "gclid=Cj0KCQ" + random(random, 34) + "&" + utm("google", "cpc", campaign, term));
      }
    };
  }

  private static String utm(String source, String medium, String campaign, String term) {
    String query = "utm_source=" + source + "&utm_medium=" + medium + "&utm_campaign=" + campaign;
    return term.isEmpty()
        ? query
        : query + "&utm_term=" + URLEncoder.encode(term, StandardCharsets.UTF_8);
  }

  private static String shortLink(SplittableRandom random) {
    return "https://t.co/" + random(random, 10);
  }

  private static String random(SplittableRandom random, int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
    }
    return s.toString();
  }
}
