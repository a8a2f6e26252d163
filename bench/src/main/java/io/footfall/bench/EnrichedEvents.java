package io.footfall.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.footfall.core.Event;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns generated ingest events into stored {@link Event} rows as the collector's pipeline would:
 * URL split into host and path, referrer host and source, UTM parameters and click id, browser, OS
 * and device from the user agent, country, truncated network, a daily visitor id and a visit id.
 *
 * <p>This is not the server's enrichment (the benchmark must not depend on its internals); it only
 * has to produce rows of the same shape and similar sizes, so that the store ceiling measures the
 * same writing work the server does.
 */
final class EnrichedEvents {
  private EnrichedEvents() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Map<String, String[]> SOURCES =
      Map.ofEntries(
          Map.entry("google", new String[] {"Google", "search"}),
          Map.entry("bing.com", new String[] {"Bing", "search"}),
          Map.entry("duckduckgo.com", new String[] {"DuckDuckGo", "search"}),
          Map.entry("t.co", new String[] {"Twitter", "social"}),
          Map.entry("l.facebook.com", new String[] {"Facebook", "social"}),
          Map.entry("m.facebook.com", new String[] {"Facebook", "social"}),
          Map.entry("reddit.com", new String[] {"Reddit", "social"}),
          Map.entry("news.ycombinator.com", new String[] {"Hacker News", "social"}),
          Map.entry("mail.google.com", new String[] {"Gmail", "email"}));

  /** Rows for all events, in order, for the given site, with visit ids of a 30-minute window. */
  static List<Event> of(List<Map<String, Object>> events, String siteId, Instant receivedAt) {
    Map<String, long[]> visits = new HashMap<>();
    return events.stream().map(e -> of(e, siteId, receivedAt, visits)).toList();
  }

  private static Event of(
      Map<String, Object> e, String siteId, Instant receivedAt, Map<String, long[]> visits) {
    Map<?, ?> c = (Map<?, ?>) e.get("context");
    Instant at = Instant.parse((String) e.get("timestamp"));
    String ip = (String) c.get("ip");
    String ua = (String) c.get("user_agent");
    LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
    long visitor = mix((ip + "\n" + ua + "\n" + day).hashCode());
    long[] visit = visits.computeIfAbsent(siteId + visitor, k -> new long[] {0, Long.MIN_VALUE});
    long seconds = at.getEpochSecond();
    if (seconds - visit[1] > 1800) {
      visit[0] = mix(visitor ^ seconds);
    }
    visit[1] = seconds;

    URI url = URI.create((String) c.get("url"));
    String referrer = (String) c.get("referrer");
    String referrerHost = "";
    if (!referrer.isEmpty()) {
      String host = URI.create(referrer).getHost();
      referrerHost = host.startsWith("www.") ? host.substring(4) : host;
    }
    Map<String, String> query = query(url.getRawQuery());
    String source = "";
    String medium = "direct";
    if (!query.getOrDefault("utm_source", "").isEmpty()) {
      source = query.get("utm_source");
      medium = query.getOrDefault("utm_medium", "");
    } else if (referrerHost.equals(url.getHost())) {
      medium = "";
    } else if (!referrerHost.isEmpty()) {
      String[] known = SOURCES.get(referrerHost.startsWith("google.") ? "google" : referrerHost);
      source = known == null ? referrerHost : known[0];
      medium = known == null ? "referral" : known[1];
    }
    Event.Utm utm =
        query.keySet().stream().anyMatch(k -> k.startsWith("utm_"))
            ? new Event.Utm(
                query.getOrDefault("utm_source", ""),
                query.getOrDefault("utm_medium", ""),
                query.getOrDefault("utm_campaign", ""),
                query.getOrDefault("utm_term", ""),
                query.getOrDefault("utm_content", ""))
            : Event.Utm.NONE;
    Event.Page page =
        new Event.Page(
            url.getHost(),
            url.getPath(),
            url.toString(),
            (String) c.get("title"),
            referrer,
            referrerHost,
            source,
            medium,
            utm,
            query.containsKey("gclid") ? "gclid" : "");
    String locale = (String) c.get("locale");
    String[] software = software(ua);
    Event.Client client =
        new Event.Client(
            software[0],
            software[1],
            software[2],
            software[3],
            software[4],
            (String) c.get("screen"),
            locale,
            locale.substring(locale.indexOf('-') + 1),
            "",
            "",
            network(ip));
    Map<?, ?> actor = (Map<?, ?>) e.getOrDefault("actor", Map.of());
    Map<?, ?> properties = (Map<?, ?>) e.getOrDefault("properties", Map.of());
    Map<?, ?> revenue = (Map<?, ?>) e.get("revenue");
    try {
      return new Event(
          siteId,
          (String) e.get("id"),
          at,
          receivedAt,
          (String) e.get("event"),
          visitor,
          visit[0],
          String.valueOf(actor.get("user_id") == null ? "" : actor.get("user_id")),
          page,
          client,
          JSON.writeValueAsString(properties),
          revenue == null
              ? Event.Revenue.NONE
              : new Event.Revenue(
                  new BigDecimal(revenue.get("amount").toString()),
                  (String) revenue.get("currency")));
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("properties of a generated event do not serialize", ex);
    }
  }

  /** The same row under another id: what a different event of the same visit looks like. */
  static Event withId(Event e, String id) {
    return new Event(
        e.siteId(),
        id,
        e.timestamp(),
        e.receivedAt(),
        e.name(),
        e.visitorId(),
        e.sessionId(),
        e.userId(),
        e.page(),
        e.client(),
        e.propertiesJson(),
        e.revenue());
  }

  /** browser, version, OS, OS version, device class from the user agents the generator uses. */
  static String[] software(String ua) {
    String device = ua.contains("iPad") ? "tablet" : ua.contains("Mobile") ? "mobile" : "desktop";
    String os =
        ua.contains("iPhone") || ua.contains("iPad")
            ? "iOS"
            : ua.contains("Android")
                ? "Android"
                : ua.contains("Windows") ? "Windows" : ua.contains("Mac OS X") ? "macOS" : "Linux";
    String[][] browsers = {
      {"Edg/", "Edge"},
      {"SamsungBrowser/", "Samsung Internet"},
      {"CriOS/", "Chrome"},
      {"Firefox/", "Firefox"},
      {"Chrome/", "Chrome"},
      {"Version/", "Safari"}
    };
    for (String[] b : browsers) {
      int at = ua.indexOf(b[0]);
      if (at >= 0) {
        String version = ua.substring(at + b[0].length()).split("[. ]")[0];
        return new String[] {b[1], version, os, "", device};
      }
    }
    return new String[] {"Other", "", os, "", device};
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> params = new HashMap<>();
    if (raw == null) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        params.put(
            pair.substring(0, eq),
            java.net.URLDecoder.decode(
                pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return params;
  }

  private static String network(String ip) {
    try {
      byte[] a = InetAddress.getByName(ip).getAddress();
      if (a.length == 4) {
        return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + ".0/24";
      }
      byte[] net = Arrays.copyOf(Arrays.copyOf(a, 6), 16);
      return InetAddress.getByAddress(net).getHostAddress() + "/48";
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + ip, e);
    }
  }

  private static long mix(long x) {
    x ^= x >>> 33;
    x *= 0xff51afd7ed558ccdL;
    x ^= x >>> 33;
    x *= 0xc4ceb9fe1a85ec53L;
    return x ^ (x >>> 33);
  }
}
