package io.footfall.server.privacy;

import io.footfall.core.Site;
import io.footfall.core.metadata.Salts;
import io.footfall.core.metadata.Sites;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives visitor ids without storing anything that identifies a person.
 *
 * <p>Cookieless visitors are {@code HMAC-SHA256(daily salt, site | ip | user agent)}, cut to 64
 * bits. Each site has a random salt per day of its own time zone, created on first use, kept
 * server-side and deleted once it is two days old ({@link #deleteExpiredSalts()}), so the same
 * person gets unrelated ids on different days and nobody, the operator included, can link them
 * afterwards. Yesterday's id is offered too, so that a visit running across midnight stays one
 * visit.
 *
 * <p>Persistent ids (a consented anonymous id, a user id) are keyed with the installation's secret
 * key instead, so they are stable but cannot be recomputed from outside.
 */
public final class VisitorHasher {
  private final Sites sites;
  private final Salts stored;
  private final Clock clock;
  private final byte[] installationKey;
  private final io.footfall.server.access.MetadataSecrets secrets;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, byte[]> cached = new ConcurrentHashMap<>();
  private final ThreadLocal<Mac> macs =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Mac.getInstance("HmacSHA256");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
            }
          });

  public VisitorHasher(Sites sites, Salts salts, Clock clock, byte[] installationKey) {
    if (installationKey.length < 16) {
      throw new IllegalArgumentException("installation key must be at least 16 bytes");
    }
    this.sites = sites;
    this.stored = salts;
    this.clock = clock;
    this.installationKey = installationKey.clone();
    this.secrets = new io.footfall.server.access.MetadataSecrets(installationKey);
  }

  /** Today's and yesterday's cookieless id of a visitor, in the site's time zone. */
  public DailyIds daily(Site site, InetAddress address, String userAgent) {
    LocalDate today = LocalDate.now(clock.withZone(site.timeZone()));
    byte[] ip = address.getAddress();
    byte[] ua = userAgent.getBytes(StandardCharsets.UTF_8);
    return new DailyIds(
        hash(salt(site, today), site.id(), ip, ua),
        hash(salt(site, today.minusDays(1)), site.id(), ip, ua));
  }

  /** A stable id for a persistent identifier of the given kind (e.g. "anon", "user"). */
  public long persistent(Site site, String kind, String id) {
    return hash(
        installationKey,
        site.id(),
        kind.getBytes(StandardCharsets.UTF_8),
        id.getBytes(StandardCharsets.UTF_8));
  }

  /** A pseudonym for a user id: stable per site, 16 hex digits, not reversible without the key. */
  public String pseudonym(Site site, String userId) {
    long h =
        hash(
            installationKey,
            site.id(),
            "pseudonym".getBytes(StandardCharsets.UTF_8),
            userId.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().toHexDigits(h);
  }

  /**
   * Deletes every site's salts older than yesterday (in the site's zone), from the store and from
   * memory. Runs at start-up and then hourly, so no salt outlives its day by more than 48 hours.
   */
  public int deleteExpiredSalts() {
    int deleted = 0;
    for (Site site : sites.all()) {
      LocalDate firstKept = LocalDate.now(clock.withZone(site.timeZone())).minusDays(1);
      deleted += stored.deleteBefore(site.id(), firstKept);
      cached.keySet().removeIf(k -> k.startsWith(site.id() + "|") && day(k).isBefore(firstKept));
    }
    return deleted;
  }

  private static LocalDate day(String key) {
    return LocalDate.parse(key.substring(key.lastIndexOf('|') + 1));
  }

  /**
   * The site's salt for the day. The metadata keeps it sealed ({@link
   * io.footfall.server.access.MetadataSecrets}, 40 bytes); a 32-byte salt is one stored before
   * salts were sealed, used as it is until it expires.
   */
  private byte[] salt(Site site, LocalDate day) {
    return cached.computeIfAbsent(
        site.id() + "|" + day,
        k -> {
          byte[] fresh = new byte[32];
          random.nextBytes(fresh);
          byte[] kept = stored.forDay(site.id(), day, secrets.wrap(fresh));
          return kept.length == fresh.length ? kept : secrets.unwrap(kept);
        });
  }

  private long hash(byte[] key, String siteId, byte[] a, byte[] b) {
    try {
      Mac mac = macs.get();
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(siteId.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      mac.update(a);
      mac.update((byte) 0);
      mac.update(b);
      return ByteBuffer.wrap(mac.doFinal()).getLong();
    } catch (java.security.InvalidKeyException e) {
      throw new IllegalStateException("salt is not a valid HMAC key", e);
    }
  }

  /** The ids a visitor has under today's and under yesterday's salt. */
  public record DailyIds(long today, long yesterday) {}
}
