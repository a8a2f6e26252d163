package io.footfall.server.query;

import io.footfall.server.settings.Env;
import java.time.Duration;
import java.util.Objects;

/**
 * How reports are answered.
 *
 * @param cacheEntries answers kept in memory until their site gets new events ({@code
 *     FOOTFALL_QUERY_CACHE_ENTRIES}); default 10000; 0 turns the cache off
 * @param rollupInterval how often the daily rollups are brought up to date with new events ({@code
 *     FOOTFALL_ROLLUP_INTERVAL}); default 1 minute; 0 turns rollups off (every report reads the raw
 *     events)
 */
public record QuerySettings(int cacheEntries, Duration rollupInterval) {
  public static final QuerySettings DEFAULTS = new QuerySettings(10_000, Duration.ofMinutes(1));

  public QuerySettings {
    Objects.requireNonNull(rollupInterval, "rollupInterval");
    if (cacheEntries < 0) {
      throw new IllegalArgumentException(
          "FOOTFALL_QUERY_CACHE_ENTRIES must be 0 or more, was " + cacheEntries);
    }
    if (rollupInterval.isNegative()) {
      throw new IllegalArgumentException(
          "FOOTFALL_ROLLUP_INTERVAL must be 0 or more, was " + rollupInterval);
    }
  }

  public static QuerySettings fromEnvironment(Env env) {
    return new QuerySettings(
        env.integer("FOOTFALL_QUERY_CACHE_ENTRIES", DEFAULTS.cacheEntries),
        env.duration("FOOTFALL_ROLLUP_INTERVAL", DEFAULTS.rollupInterval));
  }

  public QuerySettings withCacheEntries(int value) {
    return new QuerySettings(value, rollupInterval);
  }

  public QuerySettings withRollupInterval(Duration value) {
    return new QuerySettings(cacheEntries, value);
  }
}
