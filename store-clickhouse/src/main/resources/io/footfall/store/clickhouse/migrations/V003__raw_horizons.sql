-- Raw retention (EventStore.expireRaw): one row per expiry of a site's raw events, horizon being
-- the time (microseconds since the epoch, like events.ts) before which they were deleted. A site's
-- horizon is the largest of its rows.
CREATE TABLE IF NOT EXISTS raw_horizons{local} (
  site_id    String,
  horizon    Int64,
  expired_at Int64
) ENGINE = MergeTree
ORDER BY (site_id, horizon);

CREATE TABLE IF NOT EXISTS raw_horizons AS raw_horizons_local
ENGINE = Distributed({cluster}, {database}, raw_horizons_local, cityHash64(site_id));
