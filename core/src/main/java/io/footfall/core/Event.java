package io.footfall.core;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One event as it is stored: enriched, sessionized and free of personal data.
 *
 * <p>Absent text values are empty strings, never null; the store maps them to SQL NULL. The raw IP
 * address and the raw user agent are never part of this record: only what was derived from them
 * (the truncated network, the location, the browser) is.
 *
 * <p>Where the visit came from and what it ran on ({@link VisitAttributes}) are the visit's, not
 * the event's: the collector stamps the first event's on every event of the visit.
 *
 * @param siteId the site the event belongs to
 * @param eventId the idempotency key: the client's {@code id}, or one generated on receipt
 * @param timestamp when the event happened, in UTC, corrected for client clock skew
 * @param receivedAt when the collector accepted the event, in UTC
 * @param name the event name; {@code pageview} for page views
 * @param visitorId the visitor: a salted daily hash (cookieless), or derived from a consented
 *     anonymous id or a user id
 * @param sessionId the server-side visit the event belongs to
 * @param userId the site's user id, as given or pseudonymized by site setting; empty if anonymous
 * @param page where the event happened and where the visitor came from
 * @param client what the visitor used and where they were, as far as it is safe to know
 * @param propertiesJson the scrubbed custom properties as a JSON object with scalar values
 * @param revenue the money attached to the event, or {@link Revenue#NONE}
 */
public record Event(
    String siteId,
    String eventId,
    Instant timestamp,
    Instant receivedAt,
    String name,
    long visitorId,
    long sessionId,
    String userId,
    Page page,
    Client client,
    String propertiesJson,
    Revenue revenue) {

  /** The name the tracker and every SDK use for a page view. */
  public static final String PAGEVIEW = "pageview";

  public Event {
    requireText(siteId, "siteId");
    requireText(eventId, "eventId");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(receivedAt, "receivedAt");
    requireText(name, "name");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(page, "page");
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(propertiesJson, "propertiesJson");
    Objects.requireNonNull(revenue, "revenue");
  }

  /** Returns a copy that belongs to the given visit. */
  public Event withSession(long visitorId, long sessionId) {
    return new Event(
        siteId,
        eventId,
        timestamp,
        receivedAt,
        name,
        visitorId,
        sessionId,
        userId,
        page,
        client,
        propertiesJson,
        revenue);
  }

  /** The attributes of the visit as this event carries them. */
  public VisitAttributes visitAttributes() {
    return new VisitAttributes(
        page.referrer(),
        page.referrerHost(),
        page.source(),
        page.medium(),
        page.utm(),
        page.clickId(),
        client.browser(),
        client.browserVersion(),
        client.os(),
        client.osVersion(),
        client.device(),
        client.screen(),
        client.country(),
        client.region(),
        client.city());
  }

  /**
   * Returns a copy that carries the given visit attributes in place of its own; everything else
   * (page, title, locale, network, properties, revenue) stays the event's own.
   */
  public Event withVisit(VisitAttributes visit) {
    Page p =
        new Page(
            page.hostname(),
            page.pathname(),
            page.url(),
            page.title(),
            visit.referrer(),
            visit.referrerHost(),
            visit.source(),
            visit.medium(),
            visit.utm(),
            visit.clickId());
    Client c =
        new Client(
            visit.browser(),
            visit.browserVersion(),
            visit.os(),
            visit.osVersion(),
            visit.device(),
            visit.screen(),
            client.locale(),
            visit.country(),
            visit.region(),
            visit.city(),
            client.network());
    return new Event(
        siteId,
        eventId,
        timestamp,
        receivedAt,
        name,
        visitorId,
        sessionId,
        userId,
        p,
        c,
        propertiesJson,
        revenue);
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(field + " must not be empty");
    }
  }

  /**
   * Where the event happened and how the visitor got there.
   *
   * @param hostname host of the page URL, lower case
   * @param pathname path of the page URL (with the fragment in hash-routing mode)
   * @param url the scrubbed page URL
   * @param title the page title
   * @param referrer the scrubbed referrer URL; empty for direct visits and same-site navigation
   * @param referrerHost host of the referrer, without {@code www.}
   * @param source the traffic source name (e.g. {@code Google}, {@code Newsletter}); empty = direct
   * @param medium the channel: {@code search}, {@code social}, {@code email}, "referral", {@code
   *     paid}, {@code direct} or the campaign's own {@code utm_medium}
   * @param utm the campaign parameters found in the URL
   * @param clickId the name of the ad click id found in the URL ({@code gclid}, ...), or empty
   */
  public record Page(
      String hostname,
      String pathname,
      String url,
      String title,
      String referrer,
      String referrerHost,
      String source,
      String medium,
      Utm utm,
      String clickId) {
    public Page {
      Objects.requireNonNull(hostname, "hostname");
      Objects.requireNonNull(pathname, "pathname");
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(title, "title");
      Objects.requireNonNull(referrer, "referrer");
      Objects.requireNonNull(referrerHost, "referrerHost");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(medium, "medium");
      Objects.requireNonNull(utm, "utm");
      Objects.requireNonNull(clickId, "clickId");
    }
  }

  /**
   * Where a visit came from and what it ran on: the part of {@link Page} and {@link Client} that
   * belongs to the visit rather than to each event. The collector takes them from the first event
   * of a visit and stores them on every later event of it (docs/metrics.md, "Visit attributes"), so
   * they are the same on every event of a session.
   *
   * @param referrer see {@link Page#referrer()}
   * @param referrerHost see {@link Page#referrerHost()}
   * @param source see {@link Page#source()}
   * @param medium see {@link Page#medium()}
   * @param utm see {@link Page#utm()}
   * @param clickId see {@link Page#clickId()}
   * @param browser see {@link Client#browser()}
   * @param browserVersion see {@link Client#browserVersion()}
   * @param os see {@link Client#os()}
   * @param osVersion see {@link Client#osVersion()}
   * @param device see {@link Client#device()}
   * @param screen see {@link Client#screen()}
   * @param country see {@link Client#country()}
   * @param region see {@link Client#region()}
   * @param city see {@link Client#city()}
   */
  public record VisitAttributes(
      String referrer,
      String referrerHost,
      String source,
      String medium,
      Utm utm,
      String clickId,
      String browser,
      String browserVersion,
      String os,
      String osVersion,
      String device,
      String screen,
      String country,
      String region,
      String city) {
    public VisitAttributes {
      Objects.requireNonNull(referrer, "referrer");
      Objects.requireNonNull(referrerHost, "referrerHost");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(medium, "medium");
      Objects.requireNonNull(utm, "utm");
      Objects.requireNonNull(clickId, "clickId");
      Objects.requireNonNull(browser, "browser");
      Objects.requireNonNull(browserVersion, "browserVersion");
      Objects.requireNonNull(os, "os");
      Objects.requireNonNull(osVersion, "osVersion");
      Objects.requireNonNull(device, "device");
      Objects.requireNonNull(screen, "screen");
      Objects.requireNonNull(country, "country");
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(city, "city");
    }
  }

  /** UTM campaign parameters; each empty when absent. */
  public record Utm(String source, String medium, String campaign, String term, String content) {
    public static final Utm NONE = new Utm("", "", "", "", "");

    public Utm {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(medium, "medium");
      Objects.requireNonNull(campaign, "campaign");
      Objects.requireNonNull(term, "term");
      Objects.requireNonNull(content, "content");
    }
  }

  /**
   * The visitor's software and coarse location.
   *
   * @param browser browser family, e.g. {@code Chrome}
   * @param browserVersion major version
   * @param os operating system family
   * @param osVersion operating system version
   * @param device {@code desktop}, {@code mobile}, {@code tablet}, {@code tv}, {@code console} or
   *     {@code other}
   * @param screen the screen size class reported by the client, e.g. {@code 1920x1080}
   * @param locale the client's language tag, e.g. {@code en-US}
   * @param country ISO 3166-1 alpha-2 code, empty when unknown
   * @param region first-level subdivision name, empty when unknown
   * @param city city name, empty when unknown
   * @param network the truncated client network ({@code /24} for IPv4, {@code /48} for IPv6)
   */
  public record Client(
      String browser,
      String browserVersion,
      String os,
      String osVersion,
      String device,
      String screen,
      String locale,
      String country,
      String region,
      String city,
      String network) {
    public Client {
      Objects.requireNonNull(browser, "browser");
      Objects.requireNonNull(browserVersion, "browserVersion");
      Objects.requireNonNull(os, "os");
      Objects.requireNonNull(osVersion, "osVersion");
      Objects.requireNonNull(device, "device");
      Objects.requireNonNull(screen, "screen");
      Objects.requireNonNull(locale, "locale");
      Objects.requireNonNull(country, "country");
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(city, "city");
      Objects.requireNonNull(network, "network");
    }
  }

  /**
   * Money attached to an event (a purchase, a subscription payment).
   *
   * @param amount the amount in the currency's major unit; negative for refunds
   * @param currency ISO 4217 code, upper case; empty only for {@link #NONE}
   */
  public record Revenue(BigDecimal amount, String currency) {
    public static final Revenue NONE = new Revenue(BigDecimal.ZERO, "");

    public Revenue {
      Objects.requireNonNull(amount, "amount");
      Objects.requireNonNull(currency, "currency");
      if (!currency.isEmpty() && !currency.matches("[A-Z]{3}")) {
        throw new IllegalArgumentException("currency must be an ISO 4217 code, was " + currency);
      }
    }

    public boolean present() {
      return !currency.isEmpty();
    }
  }
}
