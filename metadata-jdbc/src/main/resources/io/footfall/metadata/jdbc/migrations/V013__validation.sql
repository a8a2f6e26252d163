-- Catalogue validation per site (SiteSettings.ValidationMode: OFF, WARN), and the problems it
-- counts: per site, day (UTC), event name, problem (missing, type, enum, range, undefined,
-- unexpected, blocked) and property ('' when the problem is the event's), how many events had it.
-- DuckDB cannot add a NOT NULL column, so the column is filled here and the store always writes it.
ALTER TABLE sites ADD COLUMN validation_mode VARCHAR;

UPDATE sites SET validation_mode = 'OFF';

CREATE TABLE event_quality (
  site_id          VARCHAR(64)    NOT NULL,
  day              DATE           NOT NULL,
  event_name       VARCHAR(200)   NOT NULL,
  problem          VARCHAR(16)    NOT NULL,
  property         VARCHAR(100)   NOT NULL,
  events           BIGINT         NOT NULL,
  PRIMARY KEY (site_id, day, event_name, problem, property)
);
