package io.footfall.server.keys;

import io.footfall.core.ApiKey;
import io.footfall.core.SharedLink;
import io.footfall.core.Site;
import io.footfall.core.StoreConflictException;
import io.footfall.core.metadata.MetadataStore;
import io.footfall.server.access.Access;
import io.footfall.server.access.AccessException;
import io.footfall.server.access.PasswordHasher;
import io.footfall.server.access.Permission;
import io.footfall.server.access.PrefixedSecret;
import io.footfall.server.access.Principal;
import io.footfall.server.access.Secrets;
import io.footfall.server.audit.Auditor;
import io.footfall.server.sites.AdminException;
import io.footfall.server.tenancy.TenancyService;
import io.footfall.server.tenancy.TenancyService.Origin;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An organization's API keys and a site's shared links: made, listed and revoked by those the
 * {@link io.footfall.server.access.AccessPolicy} lets, each change audited. A key's or link's
 * secret is shown once and stored as SHA-256 (a link's password as argon2id).
 */
public final class KeyService {
  private final MetadataStore store;
  private final TenancyService tenancy;
  private final Auditor audit;
  private final PasswordHasher passwords;
  private final Clock clock;

  public KeyService(
      MetadataStore store,
      TenancyService tenancy,
      Auditor audit,
      PasswordHasher passwords,
      Clock clock) {
    this.store = store;
    this.tenancy = tenancy;
    this.audit = audit;
    this.passwords = passwords;
    this.clock = clock;
  }

  // ------------------------------------------------------------------ API keys

  /** A new key and its secret, which is shown this once and never again. */
  public record NewApiKey(ApiKey key, String secret) {}

  public List<ApiKey> apiKeys(Principal p, String organizationId) {
    Access.require(
        p, Permission.MANAGE_API_KEYS, organizationId, "", "organization '" + organizationId + "'");
    return store.apiKeys().list(organizationId);
  }

  public NewApiKey createApiKey(
      Origin o, String organizationId, String name, Set<ApiKey.Scope> scopes) {
    tenancy.requireToChange(o.principal(), Permission.MANAGE_API_KEYS, organizationId);
    if (scopes.isEmpty()) {
      throw AdminException.invalid("scopes", "scopes must name at least one of read:stats, admin");
    }
    // The new key acts for the person behind the request; a key made with a key (which needs the
    // admin scope, and admin covers read:stats) acts for the person who made that key.
    String createdBy =
        switch (o.principal()) {
          case Principal.Member m -> m.person().id();
          case Principal.Key k -> k.key().createdBy();
          default -> "";
        };
    PrefixedSecret secret = Secrets.prefixed("ff");
    ApiKey key;
    try {
      key =
          new ApiKey(
              "k_" + Secrets.token().substring(0, 12),
              organizationId,
              name == null || name.isBlank() ? "API key" : name.strip(),
              secret.publicPart(),
              secret.hash(),
              scopes,
              clock.instant(),
              createdBy);
    } catch (IllegalArgumentException e) {
      throw AdminException.invalid("name", e.getMessage());
    }
    store.apiKeys().create(key);
    audit.record(
        o.principal(),
        organizationId,
        "apikey.create",
        key.id(),
        o.clientAddress(),
        Map.of("prefix", key.prefix(), "scopes", scopes.toString()));
    return new NewApiKey(key, secret.value());
  }

  public void revokeApiKey(Origin o, String organizationId, String keyId) {
    tenancy.requireToChange(o.principal(), Permission.MANAGE_API_KEYS, organizationId);
    if (!store.apiKeys().revoke(organizationId, keyId, clock.instant())) {
      throw AccessException.notFound("API key '" + keyId + "'");
    }
    audit.record(
        o.principal(), organizationId, "apikey.revoke", keyId, o.clientAddress(), Map.of());
  }

  // ------------------------------------------------------------------ shared links

  /** A new link and its token, which is shown this once and never again. */
  public record NewSharedLink(SharedLink link, String token) {}

  public List<SharedLink> sharedLinks(Principal p, String siteId) {
    Site site = tenancy.site(p, siteId, Permission.MANAGE_SHARED_LINKS);
    return store.sharedLinks().list(site.organizationId()).stream()
        .filter(l -> l.siteId().equals(site.id()))
        .toList();
  }

  public NewSharedLink createSharedLink(
      Origin o, String siteId, String password, Optional<Instant> expiresAt) {
    Site site = tenancy.site(o.principal(), siteId, Permission.MANAGE_SHARED_LINKS);
    if (expiresAt.isPresent() && !expiresAt.get().isAfter(clock.instant())) {
      throw AdminException.invalid("expires_at", "expires_at must lie in the future");
    }
    if (!password.isEmpty() && password.length() < 8) {
      throw AdminException.invalid(
          "password", "a shared link's password needs at least 8 characters");
    }
    String token = Secrets.token();
    SharedLink link =
        new SharedLink(
            "l_" + Secrets.token().substring(0, 12),
            site.organizationId(),
            site.id(),
            Secrets.sha256Hex(token),
            password.isEmpty() ? "" : passwords.hash(password),
            clock.instant());
    if (expiresAt.isPresent()) {
      link = link.withExpiresAt(expiresAt.get());
    }
    try {
      store.sharedLinks().create(link);
    } catch (StoreConflictException e) {
      throw AdminException.invalid("site", e.getMessage());
    }
    audit.record(
        o.principal(),
        site.organizationId(),
        "sharedlink.create",
        link.id(),
        o.clientAddress(),
        Map.of("site", site.id(), "password", !password.isEmpty()));
    return new NewSharedLink(link, token);
  }

  public void revokeSharedLink(Origin o, String siteId, String linkId) {
    Site site = tenancy.site(o.principal(), siteId, Permission.MANAGE_SHARED_LINKS);
    Optional<SharedLink> link = store.sharedLinks().find(site.organizationId(), linkId);
    if (link.isEmpty()
        || !link.get().siteId().equals(site.id())
        || !store.sharedLinks().revoke(site.organizationId(), linkId, clock.instant())) {
      throw AccessException.notFound("shared link '" + linkId + "'");
    }
    audit.record(
        o.principal(),
        site.organizationId(),
        "sharedlink.revoke",
        linkId,
        o.clientAddress(),
        Map.of("site", site.id()));
  }
}
