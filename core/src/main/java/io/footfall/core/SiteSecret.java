package io.footfall.core;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A site's secret key: it proves that an ingest request comes from the site's own backend, which
 * may then backfill, forward its visitors' address and user agent, and is not judged a bot by its
 * own HTTP client. A site has at most one; a new one replaces the old at once. Like an {@link
 * ApiKey}, the full key is shown once when it is made; the store keeps its public prefix, to find
 * it and to show it, and the SHA-256 of the full key, to check it.
 *
 * @param siteId the site the key belongs to
 * @param organizationId the organization that owns the site
 * @param prefix the public start of the key, 4 to 32 letters, digits or '_', e.g. {@code
 *     sk_ab12cd34}; unique across the installation
 * @param secretHash SHA-256 of the full key, 64 lower-case hex digits
 * @param createdAt when the key was made
 */
public record SiteSecret(
    String siteId, String organizationId, String prefix, String secretHash, Instant createdAt) {
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_]{4,32}");
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  public SiteSecret {
    Checks.id("siteId", siteId);
    Checks.id("organizationId", organizationId);
    if (prefix == null || !PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "prefix must be 4 to 32 letters, digits or '_', was '"
              + Checks.shorten(String.valueOf(prefix))
              + "'");
    }
    if (secretHash == null || !SHA256_HEX.matcher(secretHash).matches()) {
      throw new IllegalArgumentException("secretHash must be 64 lower-case hex digits");
    }
    createdAt = Checks.instant("createdAt", createdAt);
  }

  /** Shows the prefix only, so that logging a secret never leaks its hash. */
  @Override
  public String toString() {
    return "SiteSecret[" + siteId + ", " + prefix + "_…]";
  }
}
