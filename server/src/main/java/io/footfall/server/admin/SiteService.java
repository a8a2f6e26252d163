package io.footfall.server.admin;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.footfall.core.Site;
import io.footfall.core.SiteSettings;
import io.footfall.core.SiteStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Creates and changes sites, and answers the collector's "which site has this write key" from a
 * small cache (entries live 10 seconds and are dropped at once when a site changes here).
 */
public final class SiteService {
  private static final Pattern DOMAIN =
      Pattern.compile(
          "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
  private static final String ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private final SiteStore store;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final LoadingCache<String, Optional<Site>> byWriteKey;

  public SiteService(SiteStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.byWriteKey =
        Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(Duration.ofSeconds(10))
            .build(store::byWriteKey);
  }

  /** The site with this write key, from the cache. */
  public Optional<Site> byWriteKey(String writeKey) {
    if (writeKey.length() > 64) {
      return Optional.empty();
    }
    return byWriteKey.get(writeKey);
  }

  public Optional<Site> byId(String id) {
    return store.byId(id);
  }

  public List<Site> all() {
    return store.all();
  }

  /**
   * Creates a site with default settings and fresh id and write key.
   *
   * @throws AdminException naming the field when name, domain or time zone is invalid
   */
  public Site create(String name, String domain, String timeZone) {
    Site site =
        new Site(
            "s_" + token(12),
            validName(name),
            validDomain(domain),
            validZone(timeZone),
            "wk_" + token(22),
            SiteSettings.DEFAULTS,
            clock.instant());
    store.create(site);
    return site;
  }

  /** Replaces the site's editable fields; the id, write key and creation time stay. */
  public Site update(Site site) {
    Site checked =
        new Site(
            site.id(),
            validName(site.name()),
            validDomain(site.domain()),
            site.timeZone(),
            site.writeKey(),
            site.settings(),
            site.createdAt());
    store.update(checked);
    byWriteKey.invalidate(site.writeKey());
    return checked;
  }

  static String validName(String name) {
    String n = name == null ? "" : name.strip();
    if (n.isEmpty() || n.length() > 200) {
      throw AdminException.invalid("name", "name must be 1 to 200 characters");
    }
    return n;
  }

  static String validDomain(String domain) {
    String d = domain == null ? "" : domain.strip().toLowerCase(Locale.ROOT);
    if (!DOMAIN.matcher(d).matches()) {
      throw AdminException.invalid(
          "domain", "domain must be a host name like example.com (no scheme, path or port)");
    }
    return d;
  }

  static ZoneId validZone(String zone) {
    String z = zone == null || zone.isBlank() ? "UTC" : zone.strip();
    if (z.equals("Z") || z.equals("GMT") || z.equals("Etc/UTC")) {
      z = "UTC";
    }
    if (!z.equals("UTC") && !ZoneId.getAvailableZoneIds().contains(z)) {
      throw AdminException.invalid(
          "timezone", "timezone must be an IANA zone like Europe/Berlin or UTC, was '" + z + "'");
    }
    return ZoneId.of(z);
  }

  private String token(int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }
}
