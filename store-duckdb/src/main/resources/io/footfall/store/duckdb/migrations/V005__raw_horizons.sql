-- Retention (EventStore.expireRaw and expireAggregates, docs/operations.md "Raw retention"): per
-- site, the time before which its raw events were deleted (horizon) and the time before which its
-- rollups were too (aggregate_horizon, null until then). Rollups of the days before the raw horizon
-- are kept and never rebuilt; reports that need raw events from before it, and every report from
-- before the aggregate horizon, are refused with the horizon named. expired_at is when the last
-- expiry ran.
CREATE TABLE raw_horizons (
  site_id           VARCHAR   NOT NULL PRIMARY KEY,
  horizon           TIMESTAMP NOT NULL,
  expired_at        TIMESTAMP NOT NULL,
  aggregate_horizon TIMESTAMP
);

-- Deletions whose bytes may still be in the file (raw retention, erasure): one row each, until the
-- database is copied into a fresh file (DuckDbStore.compact), which leaves this table empty.
CREATE TABLE compaction_due (
  since   TIMESTAMP NOT NULL,
  reason  VARCHAR   NOT NULL
);
