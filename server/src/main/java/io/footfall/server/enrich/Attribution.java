package io.footfall.server.enrich;

import java.util.Objects;

/**
 * Decides the one traffic source and medium a visit is credited to, from what the page URL and the
 * referrer say.
 *
 * <p>Precedence, first match wins:
 *
 * <ol>
 *   <li>{@code utm_source}: source as given; medium is {@code utm_medium}, else the click id's
 *       medium, else the referrer's medium when there is a referrer, else {@code referral}. So
 *       {@code ?utm_source=newsletter} opened from Gmail is (newsletter, email).
 *   <li>a click id ({@code gclid}, ...): the platform and {@code paid} ({@code social} for {@code
 *       fbclid}).
 *   <li>the referrer: its source and medium ({@code search}, {@code social}, {@code email}, {@code
 *       referral}).
 *   <li>nothing: direct, with source "" and medium {@code direct}.
 * </ol>
 *
 * <p>A {@code utm_medium} without {@code utm_source} still names the medium; the source then comes
 * from the click id or the referrer (and is "" when neither exists). A {@code utm_source} is
 * credited under its known source's name whatever its case ({@code google} is {@code Google}, as a
 * referrer from google.com is), and any other value in lower case ({@link Referrers#sourceName}),
 * so that one source is one row. The collector stores {@code utm_source} itself the same way; the
 * other {@code utm_*} values are stored as the link wrote them.
 */
public final class Attribution {

  private Attribution() {}

  /**
   * The source and medium a visit is credited to.
   *
   * @param source the display name ({@code Google}, {@code newsletter}); "" for direct visits
   * @param medium {@code search}, {@code social}, {@code email}, {@code referral}, {@code paid},
   *     {@code direct}, or the campaign's own {@code utm_medium}; never ""
   */
  public record Resolved(String source, String medium) {
    public static final Resolved DIRECT = new Resolved("", "direct");

    public Resolved {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(medium, "medium");
      if (medium.isEmpty()) {
        throw new IllegalArgumentException(
            "medium must not be empty (source was '" + source + "')");
      }
    }
  }

  /**
   * Applies the precedence above; never null.
   *
   * @param referrers names a {@code utm_source}'s source ({@link Referrers#sourceName})
   */
  public static Resolved resolve(
      Campaigns.Campaign campaign, Referrers.Referral referral, Referrers referrers) {
    Objects.requireNonNull(campaign, "campaign");
    Objects.requireNonNull(referral, "referral");
    String utmSource = campaign.utm().source();
    String utmMedium = campaign.utm().medium();
    if (!utmSource.isEmpty()) {
      String medium;
      if (!utmMedium.isEmpty()) {
        medium = utmMedium;
      } else if (campaign.hasClickId()) {
        medium = campaign.clickMedium();
      } else if (!referral.direct()) {
        medium = referral.medium();
      } else {
        medium = "referral";
      }
      return new Resolved(referrers.sourceName(utmSource), medium);
    }
    Resolved fromTraffic;
    if (campaign.hasClickId()) {
      fromTraffic = new Resolved(campaign.clickSource(), campaign.clickMedium());
    } else if (!referral.direct()) {
      fromTraffic = new Resolved(referral.source(), referral.medium());
    } else {
      fromTraffic = Resolved.DIRECT;
    }
    return utmMedium.isEmpty() ? fromTraffic : new Resolved(fromTraffic.source(), utmMedium);
  }
}
