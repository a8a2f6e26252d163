package io.footfall.server.keys;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.footfall.core.Site;
import io.footfall.core.SiteSecret;
import io.footfall.core.metadata.SecretKeys;
import io.footfall.server.access.AccessException;
import io.footfall.server.access.AccessPolicy;
import io.footfall.server.access.Authenticator;
import io.footfall.server.access.Permission;
import io.footfall.server.access.PrefixedSecret;
import io.footfall.server.access.Principal;
import io.footfall.server.access.Secrets;
import io.footfall.server.audit.Auditor;
import io.footfall.server.tenancy.TenancyService;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Sites' secret keys ({@code sk_<prefix>_<secret>}) and the collector's question "does this Bearer
 * token prove the request comes from the site's own backend?".
 *
 * <p>A key is issued with every new site and on demand (rotation replaces the old key at once). It
 * is shown once and stored as SHA-256, like an API key: it can write events that skip the bot
 * check, forward any address and backfill 400 days, so a copied database or backup must not hand it
 * out. Anyone who may manage the site can make a new one.
 */
public final class SiteSecrets {
  /** The scheme of site secret keys: {@code sk_<prefix>_<secret>}. */
  public static final String SCHEME = "sk";

  private final SecretKeys keys;
  private final TenancyService tenancy;
  private final Auditor audit;
  private final Authenticator authenticator;
  private final Clock clock;
  // Keys by prefix, for the collector's check on every server-side request: a store query per
  // request otherwise. Kept as briefly as SiteService keeps sites by write key, and emptied here
  // when a key is issued, so that a rotated key stops working at once in this process.
  private final LoadingCache<String, Optional<SiteSecret>> byPrefix;

  public SiteSecrets(
      SecretKeys keys,
      TenancyService tenancy,
      Auditor audit,
      Authenticator authenticator,
      Clock clock) {
    this.keys = keys;
    this.tenancy = tenancy;
    this.audit = audit;
    this.authenticator = authenticator;
    this.clock = clock;
    this.byPrefix =
        Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofSeconds(10))
            .build(keys::byPrefix);
  }

  /** A new key and its value, which is shown this once and never again. */
  public record Issued(SiteSecret secret, String value) {}

  /**
   * Issues the first key of a site the caller has just created (creating it was the access check).
   */
  public Issued issue(Site site) {
    PrefixedSecret secret = Secrets.prefixed(SCHEME);
    SiteSecret stored =
        new SiteSecret(
            site.id(), site.organizationId(), secret.publicPart(), secret.hash(), clock.instant());
    keys.put(stored);
    byPrefix.invalidateAll();
    return new Issued(stored, secret.value());
  }

  /** The site's current key (prefix and creation time), if it has one. */
  public Optional<SiteSecret> current(Principal p, String siteId) {
    Site site = tenancy.site(p, siteId, Permission.MANAGE_SITE);
    return keys.find(site.organizationId(), site.id());
  }

  /** Replaces the site's key with a new one (or makes its first); the old key stops working. */
  public Issued rotate(TenancyService.Origin o, String siteId) {
    Site site = tenancy.site(o.principal(), siteId, Permission.MANAGE_SITE);
    Issued issued = issue(site);
    audit.record(
        o.principal(),
        site.organizationId(),
        "site.secret_key",
        site.id(),
        o.clientAddress(),
        Map.of("prefix", issued.secret().prefix()));
    return issued;
  }

  /**
   * Whether a Bearer token proves a server-side caller of the site: the site's secret key, an API
   * key of the site's organization that may manage the site (an {@code admin} key), or the
   * installation token.
   */
  public boolean provesServerSide(Site site, String token) {
    if (authenticator.isBootstrapToken(token)) {
      return true;
    }
    Optional<PrefixedSecret> presented = Secrets.parsePrefixed(SCHEME, token);
    if (presented.isPresent()) {
      Optional<SiteSecret> stored = byPrefix.get(presented.get().publicPart());
      return stored.isPresent()
          && stored.get().siteId().equals(site.id())
          && Secrets.constantTimeEquals(stored.get().secretHash(), presented.get().hash());
    }
    try {
      Principal p = authenticator.authenticateBearer(token);
      return p instanceof Principal.Key
          && AccessPolicy.decide(p, Permission.MANAGE_SITE, site.organizationId(), site.id())
              == AccessPolicy.Decision.ALLOWED;
    } catch (AccessException e) {
      return false;
    }
  }
}
