package io.footfall.core;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A site or product whose events Footfall collects.
 *
 * @param id stable identifier used in the API and in the event store
 * @param name display name
 * @param domain the site's primary domain, e.g. {@code example.com}
 * @param timeZone the zone reports are bucketed in, and in which the visitor salt rotates
 * @param writeKey the public key that names the site in ingest requests
 * @param settings privacy and collection settings
 * @param createdAt when the site was created
 */
public record Site(
    String id,
    String name,
    String domain,
    ZoneId timeZone,
    String writeKey,
    SiteSettings settings,
    Instant createdAt) {
  public Site {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(timeZone, "timeZone");
    Objects.requireNonNull(writeKey, "writeKey");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
