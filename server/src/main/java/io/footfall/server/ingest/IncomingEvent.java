package io.footfall.server.ingest;

import io.footfall.core.people.PropertyChange;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One event as the client sent it, after validation, before privacy and enrichment. Holds raw
 * values (the IP, the user agent) and so never leaves the request that carried it.
 *
 * @param index position in the request's batch (0 for a single event)
 * @param name event name
 * @param timestamp the client's time of the event, if it sent one
 * @param sentAt the client's time of sending, if it sent one (event level wins over batch level)
 * @param id the client's idempotency key, if any
 * @param anonymousId the consented persistent anonymous id, if any
 * @param userId the site's user id, if any
 * @param url the page URL, or empty
 * @param referrer the referrer URL, or empty
 * @param title the page title, or empty
 * @param screen screen size like {@code 1920x1080}, or empty
 * @param locale language tag, or empty
 * @param hashMode whether the URL's fragment is part of the page path (hash-routed apps)
 * @param ip a client address sent by a server-side caller, if any
 * @param userAgent a user agent sent by a server-side caller, if any
 * @param campaign campaign fields sent explicitly (context.campaign), overriding the URL's
 * @param properties scalar custom properties (String, BigDecimal, Boolean)
 * @param revenueAmount revenue amount, with {@code revenueCurrency}
 * @param revenueCurrency ISO 4217 code, upper case
 * @param userChanges what the event says about its person ({@code user_properties}, an identify's
 *     {@code traits}), in order
 */
record IncomingEvent(
    int index,
    String name,
    Optional<Instant> timestamp,
    Optional<Instant> sentAt,
    Optional<String> id,
    String anonymousId,
    String userId,
    String url,
    String referrer,
    String title,
    String screen,
    String locale,
    boolean hashMode,
    String ip,
    String userAgent,
    Map<String, String> campaign,
    Map<String, Object> properties,
    Optional<BigDecimal> revenueAmount,
    String revenueCurrency,
    List<UserChange> userChanges) {

  /** The event name of an identify call: it says who the visitor is and stores no event. */
  static final String IDENTIFY = "identify";

  boolean identify() {
    return name.equals(IDENTIFY);
  }

  /**
   * One change to a person property as sent, before scrubbing.
   *
   * @param value a String, BigDecimal or Boolean; null for an unset
   */
  record UserChange(PropertyChange.Op op, String key, Object value) {}
}
