package io.footfall.server.query;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.footfall.core.query.Report;
import io.footfall.core.query.ReportQuery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Remembers report answers until the site they read gets new events.
 *
 * <p>Design note. The key is the whole resolved {@link ReportQuery}: its site id, its instants, its
 * filters and the goal definitions it used, so two callers share an entry only when they asked
 * exactly the same question of the same site (and the access check has already passed for each of
 * them). Each entry remembers the site's data version when it was computed; the collector bumps a
 * site's version after every commit that stored events of that site, and an entry of an older
 * version is recomputed. Ranges that move with the clock ({@code realtime}) have new instants on
 * every call and so never hit.
 */
final class ReportCache {
  private record Entry(long version, Report report) {}

  private final Cache<ReportQuery, Entry> entries;
  private final ConcurrentHashMap<String, AtomicLong> versions = new ConcurrentHashMap<>();
  private final Counter hits;
  private final Counter misses;
  private final boolean disabled;

  ReportCache(long maxEntries, Duration idleExpiry, MeterRegistry meters) {
    this.disabled = maxEntries == 0;
    this.entries =
        Caffeine.newBuilder().maximumSize(maxEntries).expireAfterAccess(idleExpiry).build();
    this.hits = Counter.builder("footfall.query.cache").tag("result", "hit").register(meters);
    this.misses = Counter.builder("footfall.query.cache").tag("result", "miss").register(meters);
  }

  /** Called after a commit stored events of these sites: their cached answers are stale. */
  void invalidate(Collection<String> siteIds) {
    for (String site : siteIds) {
      versions.computeIfAbsent(site, s -> new AtomicLong()).incrementAndGet();
    }
  }

  Report get(ReportQuery query, Supplier<Report> compute) {
    if (disabled) {
      return compute.get();
    }
    long version = version(query.siteId());
    Entry e = entries.getIfPresent(query);
    if (e != null && e.version() == version) {
      hits.increment();
      return e.report();
    }
    misses.increment();
    Report report = compute.get();
    // The version read before computing: events committed meanwhile make the entry stale at once.
    entries.put(query, new Entry(version, report));
    return report;
  }

  private long version(String siteId) {
    AtomicLong v = versions.get(siteId);
    return v == null ? 0 : v.get();
  }
}
