package io.footfall.server.sites;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.footfall.core.EventStore;
import io.footfall.core.Organization;
import io.footfall.core.Site;
import io.footfall.core.SiteSettings;
import io.footfall.core.StoreConflictException;
import io.footfall.core.metadata.MetadataStore;
import java.net.IDN;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates and changes sites within their organization, and answers the collector's "which site has
 * this write key" from a small cache (entries live 10 seconds and are dropped at once when a site
 * changes here).
 *
 * <p>The bootstrap admin token acts for the whole installation: it reaches every site ({@link
 * #allSites()}, {@link #anySite(String)}) and puts sites created without an organization into the
 * default organization, made on first need.
 */
public final class SiteService {
  /** The id of the organization that sites created by the bootstrap token go to by default. */
  public static final String DEFAULT_ORGANIZATION_ID = "o_default";

  /** The name of the default organization. */
  public static final String DEFAULT_ORGANIZATION_NAME = "Default";

  private static final Pattern DOMAIN =
      Pattern.compile(
          "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://");
  private static final Pattern PORT = Pattern.compile(":[0-9]*$");
  private static final String ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private final MetadataStore store;
  private final EventStore events;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final LoadingCache<String, Optional<Site>> byWriteKey;
  private final LoadingCache<String, Optional<Site>> byId;

  public SiteService(MetadataStore store, EventStore events, Clock clock) {
    this.store = store;
    this.events = events;
    this.clock = clock;
    this.byWriteKey =
        Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(Duration.ofSeconds(10))
            .build(store.sites()::byWriteKey);
    // Every statistics request resolves its site by id: read once, kept as briefly as above.
    this.byId =
        Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(Duration.ofSeconds(10))
            .build(store.sites()::byId);
  }

  /** The site with this write key, from the cache. */
  public Optional<Site> byWriteKey(String writeKey) {
    if (writeKey.length() > 64) {
      return Optional.empty();
    }
    return byWriteKey.get(writeKey);
  }

  /** The organization's site with this id; empty for another organization's site. */
  public Optional<Site> site(String organizationId, String siteId) {
    return store.sites().find(organizationId, siteId);
  }

  /** The organization's sites, oldest first. */
  public List<Site> sites(String organizationId) {
    return store.sites().list(organizationId);
  }

  /** Every site of every organization, oldest first. For the bootstrap token only. */
  public List<Site> allSites() {
    return store.sites().all();
  }

  /** The site with this id in whichever organization; access to it is the caller's to check. */
  public Optional<Site> anySite(String siteId) {
    if (siteId.length() > 64) {
      return Optional.empty();
    }
    return byId.get(siteId);
  }

  /**
   * The organization that the bootstrap token's sites go to when the request names none: {@value
   * #DEFAULT_ORGANIZATION_ID} when it exists; else the installation's only organization, so that a
   * site made with the README's example lands where the first owner sees it; else a new {@value
   * #DEFAULT_ORGANIZATION_ID}, named {@value #DEFAULT_ORGANIZATION_NAME}.
   */
  public synchronized Organization defaultOrganization() {
    Optional<Organization> existing = store.organizations().find(DEFAULT_ORGANIZATION_ID);
    if (existing.isPresent()) {
      return existing.get();
    }
    List<Organization> all = store.organizations().all();
    if (all.size() == 1) {
      return all.get(0);
    }
    Organization created =
        new Organization(DEFAULT_ORGANIZATION_ID, DEFAULT_ORGANIZATION_NAME, clock.instant());
    try {
      store.organizations().create(created);
      return created;
    } catch (StoreConflictException e) {
      // Another server on the same metadata database made it first.
      return store.organizations().find(DEFAULT_ORGANIZATION_ID).orElseThrow(() -> e);
    }
  }

  /**
   * Creates a site with default settings and fresh id and write key.
   *
   * @throws AdminException naming the field when the organization does not exist, or name, domain,
   *     time zone, currency or retention is invalid
   */
  public Site create(
      String organizationId,
      String name,
      String domain,
      String timeZone,
      String currency,
      int retentionDays) {
    if (store.organizations().find(organizationId).isEmpty()) {
      throw AdminException.invalid(
          "organization_id", "organization '" + organizationId + "' does not exist");
    }
    Site site =
        new Site(
            "s_" + token(12),
            organizationId,
            validName(name),
            validDomain(domain),
            validZone(timeZone),
            validCurrency(currency),
            validRetention(retentionDays),
            "wk_" + token(22),
            SiteSettings.DEFAULTS,
            clock.instant());
    store.sites().create(site);
    byId.invalidate(site.id());
    return site;
  }

  /**
   * Replaces the site's editable fields; the id, organization and creation time stay.
   *
   * @throws AdminException if the site's organization has no site with its id
   */
  public Site update(Site site) {
    Site before =
        store
            .sites()
            .find(site.organizationId(), site.id())
            .orElseThrow(() -> AdminException.notFound("site '" + site.id() + "'"));
    Site checked =
        new Site(
            site.id(),
            site.organizationId(),
            validName(site.name()),
            validDomain(site.domain()),
            site.timeZone(),
            site.currency(),
            site.retentionDays(),
            site.writeKey(),
            site.settings(),
            before.createdAt(),
            site.aggregateRetentionDays());
    if (!store.sites().update(checked)) {
      throw AdminException.notFound("site '" + site.id() + "'");
    }
    byWriteKey.invalidate(before.writeKey());
    byWriteKey.invalidate(checked.writeKey());
    byId.invalidate(checked.id());
    return checked;
  }

  /** A deleted site and how many of its events were deleted with it. */
  public record Deleted(Site site, long events) {}

  /**
   * Deletes the site and everything of it: its events and what was derived from them, its counters,
   * salts, goals, email reports, shared links and its place in members' site restrictions ({@link
   * MetadataStore#deleteSite}). Its write key stops working at once.
   *
   * <p>The events go first, so that a failure there leaves the site in place to delete again; then
   * the metadata; then the events once more, for those that were on their way to the store while
   * the write key still resolved.
   *
   * @throws AdminException if the site's organization has no site with its id
   */
  public Deleted delete(Site site) {
    long deleted = events.deleteSite(site.id());
    if (!store.deleteSite(site.organizationId(), site.id())) {
      throw AdminException.notFound("site '" + site.id() + "'");
    }
    byWriteKey.invalidate(site.writeKey());
    byId.invalidate(site.id());
    deleted += events.deleteSite(site.id());
    // The deleted rows' bytes leave the files (the embedded store copies its file).
    events.compact();
    return new Deleted(site, deleted);
  }

  /**
   * Deletes the organization with everything of it: every site's events and what was derived from
   * them, then the metadata ({@link MetadataStore#deleteOrganization}), then the deleted bytes from
   * the store's files.
   *
   * @return how many events were deleted
   */
  public long deleteOrganization(String organizationId) {
    long deleted = 0;
    List<Site> sites = store.sites().list(organizationId);
    for (Site site : sites) {
      deleted += events.deleteSite(site.id());
      byWriteKey.invalidate(site.writeKey());
      byId.invalidate(site.id());
    }
    if (!store.deleteOrganization(organizationId)) {
      throw AdminException.notFound("organization '" + organizationId + "'");
    }
    // A site's event that arrived while its key still resolved is deleted too.
    for (Site site : sites) {
      deleted += events.deleteSite(site.id());
    }
    events.compact();
    return deleted;
  }

  public static String validName(String name) {
    String n = name == null ? "" : name.strip();
    if (n.isEmpty() || n.length() > 200) {
      throw AdminException.invalid("name", "name must be 1 to 200 characters");
    }
    return n;
  }

  /**
   * The host name a site's domain field holds, from what a person typed or pasted: a bare host
   * ({@code shop.example}) or a URL ({@code https://www.Shop.Example:8080/path?q}), reduced to its
   * host in lower case. The scheme, user info, port, path, query, fragment and a trailing dot are
   * dropped: the domain names the site and is never a URL, and one host serves every port. A {@code
   * www.} is kept: {@code www.shop.example} and {@code shop.example} may be different sites, and
   * the field is shown as typed. International names are stored in their ASCII (punycode) form.
   *
   * @throws AdminException naming the field {@code domain} when no host name remains
   */
  public static String validDomain(String domain) {
    String d = domain == null ? "" : domain.strip();
    Matcher scheme = SCHEME.matcher(d);
    if (scheme.lookingAt()) {
      d = d.substring(scheme.end());
    }
    int end = d.length();
    for (char c : new char[] {'/', '?', '#'}) {
      int i = d.indexOf(c);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    d = d.substring(0, end);
    d = d.substring(d.lastIndexOf('@') + 1);
    Matcher port = PORT.matcher(d);
    if (port.find()) {
      d = d.substring(0, port.start());
    }
    if (d.endsWith(".")) {
      d = d.substring(0, d.length() - 1);
    }
    try {
      d = IDN.toASCII(d, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      d = "";
    }
    if (!DOMAIN.matcher(d).matches()) {
      throw AdminException.invalid(
          "domain",
          "domain must be a host name like shop.example (a URL like https://shop.example/ is"
              + " reduced to its host), was '"
              + shown(domain == null ? "" : domain.strip())
              + "'");
    }
    return d;
  }

  /** A value for an error message, cut to 100 characters. */
  private static String shown(String value) {
    return value.length() <= 100 ? value : value.substring(0, 100) + "…";
  }

  public static ZoneId validZone(String zone) {
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

  public static String validCurrency(String currency) {
    String c = currency == null || currency.isBlank() ? Site.DEFAULT_CURRENCY : currency.strip();
    try {
      return Site.checkCurrency(c);
    } catch (IllegalArgumentException e) {
      throw AdminException.invalid("currency", e.getMessage());
    }
  }

  public static int validRetention(int days) {
    if (days < 1 || days > Site.MAX_RETENTION_DAYS) {
      throw AdminException.invalid(
          "retention_days",
          "retention_days must be 1 to " + Site.MAX_RETENTION_DAYS + " days, was " + days);
    }
    return days;
  }

  /** The daily aggregates' retention: the raw retention to twenty years. */
  public static int validAggregateRetention(int days, int retentionDays) {
    if (days < retentionDays || days > Site.MAX_AGGREGATE_RETENTION_DAYS) {
      throw AdminException.invalid(
          "aggregate_retention_days",
          "aggregate_retention_days must be "
              + retentionDays
              + " (retention_days) to "
              + Site.MAX_AGGREGATE_RETENTION_DAYS
              + " days, was "
              + days);
    }
    return days;
  }

  private String token(int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }
}
