-- The rollups' visitor sketches change form (java-hll → VisitorSketch: exact hashes while small,
-- an UltraLogLog beyond). Rollups are derived data: drop the old rows and mark every day of every
-- site for the next build, as V002 did for events stored before rollups existed.
DELETE FROM rollup_days;
DELETE FROM rollup_parts;
DELETE FROM rollup_part_values;
DELETE FROM rollup_sites;
DELETE FROM rollup_dirty;
INSERT INTO rollup_dirty SELECT DISTINCT site_id, CAST(ts AS DATE), 0 FROM events;

-- The rows of rollup_days merged per calendar week (Monday to Sunday) and per calendar month of
-- local days, so that a report over a long range reads a few merged rows per value instead of one
-- per day (see RollupAnswer.pieces). A build rewrites the periods that contain the days it rebuilt.
CREATE TABLE rollup_periods (
  site_id          VARCHAR NOT NULL,
  period           VARCHAR NOT NULL,
  day              DATE    NOT NULL,
  dim              VARCHAR NOT NULL,
  value            VARCHAR NOT NULL,
  visitors         BLOB    NOT NULL,
  visits           BIGINT  NOT NULL,
  pageviews        BIGINT  NOT NULL,
  events           BIGINT  NOT NULL,
  revenue          DECIMAL(38, 4),
  orders           BIGINT  NOT NULL,
  pv_revenue       DECIMAL(38, 4),
  pv_orders        BIGINT  NOT NULL,
  pv_visitors      BLOB,
  visit_pageviews  BIGINT  NOT NULL,
  bounces          BIGINT  NOT NULL,
  duration_us      BIGINT  NOT NULL
);
