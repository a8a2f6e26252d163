package io.footfall.core;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A site or product whose events Footfall collects. It belongs to exactly one organization.
 *
 * @param id stable identifier used in the API and in the event store
 * @param organizationId the organization that owns the site
 * @param name display name, 1 to 200 characters
 * @param domain the site's primary domain, e.g. {@code example.com}, at most 253 characters
 * @param timeZone the zone reports are bucketed in, and in which the visitor salt rotates
 * @param currency the ISO 4217 code revenue is reported in, e.g. {@code EUR} (default {@value
 *     #DEFAULT_CURRENCY})
 * @param retentionDays how many days raw events are kept, 1 to {@value #MAX_RETENTION_DAYS}
 *     (default {@value #DEFAULT_RETENTION_DAYS}, 13 months)
 * @param writeKey the public key that names the site in ingest requests, unique across the
 *     installation
 * @param settings privacy and collection settings
 * @param createdAt when the site was created
 * @param aggregateRetentionDays how many days the daily aggregates (the embedded store's rollups)
 *     are kept, at least {@code retentionDays}, at most {@value #MAX_AGGREGATE_RETENTION_DAYS}
 *     (default {@value #DEFAULT_AGGREGATE_RETENTION_DAYS}, five years, or the raw retention when
 *     that is longer)
 */
public record Site(
    String id,
    String organizationId,
    String name,
    String domain,
    ZoneId timeZone,
    String currency,
    int retentionDays,
    String writeKey,
    SiteSettings settings,
    Instant createdAt,
    int aggregateRetentionDays) {

  /** The currency of a new site. */
  public static final String DEFAULT_CURRENCY = "EUR";

  /** The raw-event retention of a new site, in days (13 months). */
  public static final int DEFAULT_RETENTION_DAYS = 396;

  /** The longest raw-event retention, in days (ten years). */
  public static final int MAX_RETENTION_DAYS = 3660;

  /** The daily aggregates' retention of a new site, in days (five years). */
  public static final int DEFAULT_AGGREGATE_RETENTION_DAYS = 1827;

  /** The longest retention of the daily aggregates, in days (twenty years). */
  public static final int MAX_AGGREGATE_RETENTION_DAYS = 7320;

  /** A site whose aggregates are kept the default time ({@link #defaultAggregateRetention}). */
  public Site(
      String id,
      String organizationId,
      String name,
      String domain,
      ZoneId timeZone,
      String currency,
      int retentionDays,
      String writeKey,
      SiteSettings settings,
      Instant createdAt) {
    this(
        id,
        organizationId,
        name,
        domain,
        timeZone,
        currency,
        retentionDays,
        writeKey,
        settings,
        createdAt,
        defaultAggregateRetention(retentionDays));
  }

  /**
   * The first instant whose raw events the site keeps at {@code now}: the start of the local day
   * {@code retentionDays} before today. A site set to N days keeps today and the N days before it.
   */
  public Instant rawRetentionStart(Instant now) {
    return java.time.LocalDate.ofInstant(now, timeZone)
        .minusDays(retentionDays)
        .atStartOfDay(timeZone)
        .toInstant();
  }

  /** The first instant whose daily aggregates the site keeps at {@code now}. */
  public Instant aggregateRetentionStart(Instant now) {
    return java.time.LocalDate.ofInstant(now, timeZone)
        .minusDays(aggregateRetentionDays)
        .atStartOfDay(timeZone)
        .toInstant();
  }

  /** The default retention of the aggregates for a raw retention: five years, or the raw one. */
  public static int defaultAggregateRetention(int retentionDays) {
    return Math.max(DEFAULT_AGGREGATE_RETENTION_DAYS, retentionDays);
  }

  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

  public Site {
    Checks.id("id", id);
    Checks.id("organizationId", organizationId);
    Checks.required("name", name, 200);
    Checks.required("domain", domain, 253);
    Objects.requireNonNull(timeZone, "timeZone");
    checkCurrency(currency);
    if (retentionDays < 1 || retentionDays > MAX_RETENTION_DAYS) {
      throw new IllegalArgumentException(
          "retentionDays must be 1 to " + MAX_RETENTION_DAYS + ", was " + retentionDays);
    }
    Checks.id("writeKey", writeKey);
    Objects.requireNonNull(settings, "settings");
    createdAt = Checks.instant("createdAt", createdAt);
    if (aggregateRetentionDays < retentionDays
        || aggregateRetentionDays > MAX_AGGREGATE_RETENTION_DAYS) {
      throw new IllegalArgumentException(
          "aggregateRetentionDays must be "
              + retentionDays
              + " (the raw retention) to "
              + MAX_AGGREGATE_RETENTION_DAYS
              + ", was "
              + aggregateRetentionDays);
    }
  }

  /**
   * Checks an ISO 4217 currency code.
   *
   * @throws IllegalArgumentException unless it is three upper-case letters known to the JDK
   */
  public static String checkCurrency(String currency) {
    Objects.requireNonNull(currency, "currency");
    boolean known = CURRENCY.matcher(currency).matches();
    if (known) {
      try {
        Currency.getInstance(currency);
      } catch (IllegalArgumentException e) {
        known = false;
      }
    }
    if (!known) {
      throw new IllegalArgumentException(
          "currency must be an ISO 4217 code like EUR or USD, was '"
              + Checks.shorten(currency)
              + "'");
    }
    return currency;
  }
}
