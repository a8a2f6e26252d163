-- Daily rollups: what reports over whole days read instead of the raw events (see Rollups.java
-- and docs/architecture.md, "Rollups"). Everything here is derived from the events table and can
-- be rebuilt from it at any time.

-- Per site: the time zone and currency the rollups were built with. Rows of a site whose zone or
-- currency has changed since are rebuilt before they are used again.
CREATE TABLE rollup_sites (
  site_id   VARCHAR   NOT NULL PRIMARY KEY,
  zone      VARCHAR   NOT NULL,
  currency  VARCHAR   NOT NULL,
  built_at  TIMESTAMP NOT NULL
);

-- UTC days of a site that received events since its rollups were last built. The writer adds a
-- row before it commits the first events of a (site, day) after a build; a build claims the rows
-- of its generation and deletes them with the rollups it replaced them with.
CREATE TABLE rollup_dirty (
  site_id  VARCHAR NOT NULL,
  utc_day  DATE    NOT NULL,
  gen      BIGINT  NOT NULL,
  PRIMARY KEY (site_id, utc_day, gen)
);

-- Per site, local day, dimension and value: the visits that lie wholly inside that day ("solo"
-- visits), summed. dim '' is the total; value '' an absent value.
CREATE TABLE rollup_days (
  site_id          VARCHAR NOT NULL,
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

-- Rows of rollup_days on their way in: a build appends them here (DuckDB's Appender commits on its
-- own) and moves them into rollup_days inside its transaction. Empty between builds.
CREATE TABLE rollup_staging AS SELECT * FROM rollup_days LIMIT 0;

-- Visits with events on more than one local day: one row per visit and day, so that a report
-- can combine the days of its range exactly.
CREATE TABLE rollup_parts (
  site_id          VARCHAR   NOT NULL,
  day              DATE      NOT NULL,
  session_id       BIGINT    NOT NULL,
  visitor_id       BIGINT    NOT NULL,
  first_ts         TIMESTAMP NOT NULL,
  last_ts          TIMESTAMP NOT NULL,
  events           BIGINT    NOT NULL,
  pageviews        BIGINT    NOT NULL,
  revenue          DECIMAL(38, 4),
  orders           BIGINT    NOT NULL,
  entry_page       VARCHAR,
  entry_ts         TIMESTAMP,
  exit_page        VARCHAR,
  exit_ts          TIMESTAMP,
  attrs            VARCHAR[] NOT NULL
);

-- Of those visits, per day and event-level dimension value (page, host name, event name): the
-- events carrying the value.
CREATE TABLE rollup_part_values (
  site_id     VARCHAR NOT NULL,
  day         DATE    NOT NULL,
  session_id  BIGINT  NOT NULL,
  dim         VARCHAR NOT NULL,
  value       VARCHAR NOT NULL,
  events      BIGINT  NOT NULL,
  pageviews   BIGINT  NOT NULL,
  revenue     DECIMAL(38, 4),
  orders      BIGINT  NOT NULL,
  pv_revenue  DECIMAL(38, 4),
  pv_orders   BIGINT  NOT NULL
);

-- Events stored before rollups existed: every day of every site is to be built.
INSERT INTO rollup_dirty SELECT DISTINCT site_id, CAST(ts AS DATE), 0 FROM events;
