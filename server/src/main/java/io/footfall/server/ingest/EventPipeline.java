package io.footfall.server.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.footfall.core.Event;
import io.footfall.core.Site;
import io.footfall.core.SiteSettings;
import io.footfall.core.people.PersonUpdate;
import io.footfall.core.people.PropertyChange;
import io.footfall.server.enrich.Attribution;
import io.footfall.server.enrich.Campaigns;
import io.footfall.server.enrich.GeoIp;
import io.footfall.server.enrich.Referrers;
import io.footfall.server.enrich.UserAgents;
import io.footfall.server.net.IpLiterals;
import io.footfall.server.net.IpNetworks;
import io.footfall.server.privacy.PiiScrubber;
import io.footfall.server.privacy.VisitorHasher;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Privacy first, then enrichment: decides whether an event may be kept at all (DNT, GPC, bots),
 * turns the raw IP and user agent into what may be stored (truncated network, location, browser,
 * visitor id), scrubs personal data from URLs and properties, and attributes the visit to a source.
 * The raw IP and user agent go no further than this class.
 */
final class EventPipeline {
  private final IngestLimits limits;
  private final UserAgents userAgents;
  private final Referrers referrers;
  private final GeoIp geoIp;
  private final VisitorHasher hasher;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, PiiScrubber> scrubbers = new ConcurrentHashMap<>();

  EventPipeline(
      IngestLimits limits,
      UserAgents userAgents,
      Referrers referrers,
      GeoIp geoIp,
      VisitorHasher hasher) {
    this.limits = limits;
    this.userAgents = userAgents;
    this.referrers = referrers;
    this.geoIp = geoIp;
    this.hasher = hasher;
  }

  /**
   * What the HTTP request says about its sender, beyond the body.
   *
   * @param peer the client address (after trusted-proxy resolution), if known
   * @param userAgent the {@code User-Agent} header, or empty
   * @param doNotTrack whether {@code DNT: 1} was sent
   * @param globalPrivacyControl whether {@code Sec-GPC: 1} was sent
   * @param authorization the {@code Authorization} header, or empty
   * @param serverSide whether the caller proved it is the site's own backend (checked against the
   *     site once it is known, see {@link ServerCallers})
   * @param receivedAt when the request arrived
   */
  record Sender(
      Optional<InetAddress> peer,
      String userAgent,
      boolean doNotTrack,
      boolean globalPrivacyControl,
      String authorization,
      boolean serverSide,
      Instant receivedAt) {

    /** The same sender, proven to be the site's own backend. */
    Sender provenServerSide() {
      return new Sender(
          peer, userAgent, doNotTrack, globalPrivacyControl, authorization, true, receivedAt);
    }
  }

  /** The outcome for one event. */
  sealed interface Outcome {}

  /**
   * Keep it: the event, the visitor ids it may belong to (preferred first), and what it says about
   * its person.
   *
   * @param storeEvent false for an identify call, which says who someone is and is no event
   */
  record Keep(
      Event event, long[] visitorCandidates, Optional<PersonUpdate> person, boolean storeEvent)
      implements Outcome {
    /** An event that says nothing about a person. */
    Keep(Event event, long[] visitorCandidates) {
      this(event, visitorCandidates, Optional.empty(), true);
    }
  }

  /** A bot: counted, not stored. */
  record Bot() implements Outcome {}

  /** The visitor asked not to be tracked: counted, not stored. */
  record OptedOut() implements Outcome {}

  /** Refused, for the given field and reason. */
  record Refuse(String field, String message) implements Outcome {}

  Outcome process(Site site, IncomingEvent in, Sender sender) {
    SiteSettings settings = site.settings();
    if ((settings.respectDnt() && sender.doNotTrack())
        || (settings.respectGpc() && sender.globalPrivacyControl())) {
      return new OptedOut();
    }
    Optional<Instant> when = correctedTime(in, sender);
    if (when.isEmpty()) {
      return refuseTime(in, sender);
    }

    String rawUserAgent =
        sender.serverSide() && !in.userAgent().isEmpty() ? in.userAgent() : sender.userAgent();
    boolean serverSideWithoutBrowser = sender.serverSide() && in.userAgent().isEmpty();
    UserAgents.Agent agent = userAgents.parse(rawUserAgent);
    if (agent.bot() && !serverSideWithoutBrowser) {
      return new Bot();
    }
    Optional<InetAddress> address = sender.peer();
    if (sender.serverSide() && !in.ip().isEmpty()) {
      address = IpLiterals.parse(in.ip());
      if (address.isEmpty()) {
        return new Refuse("context.ip", "context.ip must be an IPv4 or IPv6 address");
      }
    }
    GeoIp.Location location = address.map(geoIp::locate).orElse(GeoIp.Location.UNKNOWN);
    String network = address.map(IpNetworks::truncate).orElse("");

    long[] candidates = visitors(site, in, sender, address, rawUserAgent);

    PiiScrubber scrubber = scrubber(site);
    Event.Page page = page(in, scrubber);
    String userId =
        in.userId().isEmpty()
            ? ""
            : settings.userIds() == SiteSettings.UserIdMode.STORE
                ? in.userId()
                : hasher.pseudonym(site, in.userId());
    Event.Client client =
        new Event.Client(
            serverSideWithoutBrowser ? "" : agent.browser(),
            serverSideWithoutBrowser ? "" : agent.browserVersion(),
            serverSideWithoutBrowser ? "" : agent.os(),
            serverSideWithoutBrowser ? "" : agent.osVersion(),
            serverSideWithoutBrowser ? "" : agent.device(),
            in.screen(),
            in.locale(),
            location.country(),
            location.region(),
            location.city(),
            network);
    Event.Revenue revenue =
        in.revenueAmount()
            .map(a -> new Event.Revenue(a, in.revenueCurrency()))
            .orElse(Event.Revenue.NONE);
    Event event =
        new Event(
            site.id(),
            in.id().orElseGet(() -> UUID.randomUUID().toString()),
            when.get(),
            sender.receivedAt(),
            in.name(),
            candidates[0],
            0L,
            userId,
            page,
            client,
            propertiesJson(scrubber.scrubProperties(in.properties())),
            revenue);
    return new Keep(
        event, candidates, person(site, in, event, candidates, scrubber), !in.identify());
  }

  /**
   * What the event says about its person, if anything: its person property changes, scrubbed like
   * event properties (a change of a PII key is dropped), and, on a consent-mode site, that the
   * consented anonymous visitor is this user. An identify call always says something: that the
   * person was seen.
   */
  private Optional<PersonUpdate> person(
      Site site, IncomingEvent in, Event event, long[] candidates, PiiScrubber scrubber) {
    if (event.userId().isEmpty()) {
      return Optional.empty();
    }
    List<PropertyChange> changes = new ArrayList<>();
    for (IncomingEvent.UserChange c : in.userChanges()) {
      Map<String, Object> one = new HashMap<>();
      one.put(c.key(), c.value());
      Map<String, Object> scrubbed = scrubber.scrubProperties(one);
      if (scrubbed.containsKey(c.key())) {
        changes.add(
            new PropertyChange(
                c.op(), c.key(), c.value() == null ? "" : scalarJson(scrubbed.get(c.key()))));
      }
    }
    long link = site.settings().persistentIds() && !in.anonymousId().isEmpty() ? candidates[0] : 0L;
    if (changes.isEmpty() && link == 0 && !in.identify()) {
      return Optional.empty();
    }
    return Optional.of(
        new PersonUpdate(
            site.id(), event.userId(), event.timestamp(), event.eventId(), link, changes));
  }

  private String scalarJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("scalar values always serialize", e);
    }
  }

  /**
   * Visitor ids, preferred first. A consented anonymous id (consent-mode sites only) or, for
   * server-side calls without a client address, the user id, make a persistent visitor; everyone
   * else is counted cookieless with today's and yesterday's salt.
   */
  private long[] visitors(
      Site site, IncomingEvent in, Sender sender, Optional<InetAddress> address, String userAgent) {
    if (site.settings().persistentIds() && !in.anonymousId().isEmpty()) {
      return new long[] {hasher.persistent(site, "anon", in.anonymousId())};
    }
    boolean forwardedClient = sender.serverSide() && !in.ip().isEmpty();
    if (sender.serverSide() && !forwardedClient && !in.userId().isEmpty()) {
      return new long[] {hasher.persistent(site, "user", in.userId())};
    }
    InetAddress ip = address.orElse(InetAddress.getLoopbackAddress());
    VisitorHasher.DailyIds ids = hasher.daily(site, ip, userAgent);
    return new long[] {ids.today(), ids.yesterday()};
  }

  private Optional<Instant> correctedTime(IncomingEvent in, Sender sender) {
    Instant now = sender.receivedAt();
    Instant t = now;
    if (in.timestamp().isPresent()) {
      t = in.timestamp().get();
      if (in.sentAt().isPresent()) {
        // The client's clock may be off; what it measured is the age of the event when sent.
        Duration age = Duration.between(t, in.sentAt().get());
        t = now.minus(age);
      }
    }
    Duration maxAge = sender.serverSide() ? limits.maxBackfillAge() : limits.maxAge();
    if (t.isAfter(now.plus(limits.maxFutureSkew())) || t.isBefore(now.minus(maxAge))) {
      return Optional.empty();
    }
    return Optional.of(t);
  }

  private Refuse refuseTime(IncomingEvent in, Sender sender) {
    Duration maxAge = sender.serverSide() ? limits.maxBackfillAge() : limits.maxAge();
    return new Refuse(
        "timestamp",
        "timestamp "
            + in.timestamp().map(Instant::toString).orElse("")
            + (in.sentAt().isPresent() ? " (corrected for sent_at)" : "")
            + " is outside the accepted window: at most "
            + describe(maxAge)
            + " in the past and "
            + describe(limits.maxFutureSkew())
            + " in the future");
  }

  private static String describe(Duration d) {
    if (d.toDays() > 0 && d.toHours() % 24 == 0) {
      return d.toDays() + " days";
    }
    if (d.toMinutes() > 0 && d.toSeconds() % 60 == 0) {
      return d.toMinutes() + " minutes";
    }
    return d.toSeconds() + " seconds";
  }

  private Event.Page page(IncomingEvent in, PiiScrubber scrubber) {
    String url = in.url().isEmpty() ? "" : scrubber.scrubUrl(in.url());
    String hostname = "";
    String pathname = "";
    if (!url.isEmpty()) {
      try {
        URI uri = URI.create(url.replace(" ", "%20"));
        hostname = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        pathname = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
        if (in.hashMode() && uri.getFragment() != null) {
          pathname = pathname + "#" + uri.getFragment();
        } else if (uri.getRawFragment() != null) {
          url = url.substring(0, url.indexOf('#'));
        }
      } catch (IllegalArgumentException e) {
        hostname = "";
        pathname = "";
      }
    }
    String referrer = in.referrer().isEmpty() ? "" : scrubber.scrubUrl(in.referrer());
    Referrers.Referral referral = referrers.classify(referrer, hostname);
    if (referral.host().isEmpty()) {
      referrer = "";
    }
    Campaigns.Campaign campaign = Campaigns.parse(url);
    Event.Utm utm = campaign.utm();
    if (!in.campaign().isEmpty()) {
      Map<String, String> c = in.campaign();
      utm =
          new Event.Utm(
              c.getOrDefault("source", utm.source()),
              c.getOrDefault("medium", utm.medium()),
              c.getOrDefault("campaign", utm.campaign()),
              c.getOrDefault("term", utm.term()),
              c.getOrDefault("content", utm.content()));
      campaign =
          new Campaigns.Campaign(
              utm, campaign.clickId(), campaign.clickSource(), campaign.clickMedium());
    }
    utm =
        new Event.Utm(
            // One spelling per source, as visit:source has it (Referrers.sourceName).
            referrers.sourceName(scrubber.scrubText(utm.source())),
            scrubber.scrubText(utm.medium()),
            scrubber.scrubText(utm.campaign()),
            scrubber.scrubText(utm.term()),
            scrubber.scrubText(utm.content()));
    Attribution.Resolved source = Attribution.resolve(campaign, referral, referrers);
    return new Event.Page(
        hostname,
        cap(pathname, limits.maxUrlLength()),
        cap(url, limits.maxUrlLength()),
        scrubber.scrubText(in.title()),
        cap(referrer, limits.maxUrlLength()),
        referral.host(),
        source.source(),
        source.medium(),
        utm,
        campaign.clickId());
  }

  private static String cap(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  private PiiScrubber scrubber(Site site) {
    List<String> keys = site.settings().piiKeys();
    return scrubbers.compute(
        site.id() + "|" + String.join(",", keys),
        (k, existing) -> existing != null ? existing : new PiiScrubber(keys));
  }

  private String propertiesJson(Map<String, Object> properties) {
    if (properties.isEmpty()) {
      return "{}";
    }
    try {
      return json.writeValueAsString(properties);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("scalar properties always serialize", e);
    }
  }
}
