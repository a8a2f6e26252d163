-- Raw retention (EventStore.expireRaw, docs/operations.md "Raw retention"): per site, the time
-- before which its raw events were deleted. Rollups of the days before it are kept and never
-- rebuilt; reports that need raw events from before it are refused with the horizon named.
-- expired_at is when the last expiry ran.
CREATE TABLE raw_horizons (
  site_id      VARCHAR   NOT NULL PRIMARY KEY,
  horizon      TIMESTAMP NOT NULL,
  expired_at   TIMESTAMP NOT NULL
);

-- Deletions whose bytes may still be in the file (raw retention, erasure): one row each, until the
-- database is copied into a fresh file (DuckDbStore.compact), which leaves this table empty.
CREATE TABLE compaction_due (
  since   TIMESTAMP NOT NULL,
  reason  VARCHAR   NOT NULL
);
