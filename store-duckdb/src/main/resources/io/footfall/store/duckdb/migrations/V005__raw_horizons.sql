-- Raw retention (EventStore.expireRaw, docs/operations.md "Raw retention"): per site, the time
-- before which its raw events were deleted. Rollups of the days before it are kept and never
-- rebuilt; reports that need raw events from before it are refused with the horizon named.
-- expired_at is when the last expiry ran; compacted_at when the file was last copied afresh after
-- one (null: a compaction is due, done when the store next opens).
CREATE TABLE raw_horizons (
  site_id      VARCHAR   NOT NULL PRIMARY KEY,
  horizon      TIMESTAMP NOT NULL,
  expired_at   TIMESTAMP NOT NULL,
  compacted_at TIMESTAMP
);
