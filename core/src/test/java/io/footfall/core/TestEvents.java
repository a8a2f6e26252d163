package io.footfall.core;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** Builders of valid events and sites for tests. */
public final class TestEvents {
  private TestEvents() {}

  public static Event pageview(String siteId, Instant at, long visitorId, long sessionId) {
    return event(siteId, UUID.randomUUID().toString(), Event.PAGEVIEW, at, visitorId, sessionId);
  }

  public static Event event(
      String siteId, String eventId, String name, Instant at, long visitorId, long sessionId) {
    Event.Page page =
        new Event.Page(
            "example.com",
            "/pricing",
            "https://example.com/pricing",
            "Pricing",
            "https://www.google.com/",
            "google.com",
            "Google",
            "search",
            new Event.Utm("newsletter", "email", "spring", "", ""),
            "");
    Event.Client client =
        new Event.Client(
            "Firefox",
            "128",
            "Linux",
            "",
            "desktop",
            "1920x1080",
            "en-US",
            "DE",
            "Berlin",
            "Berlin",
            "192.0.2.0/24");
    return new Event(
        siteId,
        eventId,
        at,
        at,
        name,
        visitorId,
        sessionId,
        "",
        page,
        client,
        "{\"plan\":\"pro\"}",
        new Event.Revenue(new BigDecimal("19.9900"), "EUR"));
  }

  /**
   * Visit attributes of a visit from the given source and medium on a screen of the given size; the
   * other attributes are empty.
   */
  public static Event.VisitAttributes visitAttributes(String source, String medium, String screen) {
    return new Event.VisitAttributes(
        "", "", source, medium, Event.Utm.NONE, "", "", "", "", "", "", screen, "", "", "");
  }

  /** The event with these custom properties (a JSON object's text; {@code {}} for none). */
  public static Event withProperties(Event e, String propertiesJson) {
    return copy(e, e.receivedAt(), propertiesJson);
  }

  /** The event of a user (their id as stored; empty for anonymous). */
  public static Event withUser(Event e, String userId) {
    return new Event(
        e.siteId(),
        e.eventId(),
        e.timestamp(),
        e.receivedAt(),
        e.name(),
        e.visitorId(),
        e.sessionId(),
        userId,
        e.page(),
        e.client(),
        e.propertiesJson(),
        e.revenue());
  }

  /** The event with other revenue. */
  public static Event withRevenue(Event e, Event.Revenue revenue) {
    return new Event(
        e.siteId(),
        e.eventId(),
        e.timestamp(),
        e.receivedAt(),
        e.name(),
        e.visitorId(),
        e.sessionId(),
        e.userId(),
        e.page(),
        e.client(),
        e.propertiesJson(),
        revenue);
  }

  /** A copy of the event received at another time. */
  public static Event receivedAt(Event e, Instant receivedAt) {
    return copy(e, receivedAt, e.propertiesJson());
  }

  private static Event copy(Event e, Instant receivedAt, String propertiesJson) {
    return new Event(
        e.siteId(),
        e.eventId(),
        e.timestamp(),
        receivedAt,
        e.name(),
        e.visitorId(),
        e.sessionId(),
        e.userId(),
        e.page(),
        e.client(),
        propertiesJson,
        e.revenue());
  }

  /** A site with default settings in the organization {@code o_test}. */
  public static Site site(String id, String writeKey) {
    return site("o_test", id, writeKey);
  }

  /** A site with default settings, currency and retention in the organization. */
  public static Site site(String organizationId, String id, String writeKey) {
    return new Site(
        id,
        organizationId,
        "Site " + id,
        id + ".example",
        java.time.ZoneId.of("Europe/Berlin"),
        Site.DEFAULT_CURRENCY,
        Site.DEFAULT_RETENTION_DAYS,
        writeKey,
        SiteSettings.DEFAULTS,
        Instant.parse("2026-01-01T00:00:00Z"));
  }
}
