-- Goals: what a site counts as a conversion (io.footfall.core.Goal). Same portable SQL rules as
-- V001. organization_id is copied from the goal's site when the goal is created, so that reads
-- and deletes are scoped by organization like every other organization-owned row.
-- Column widths match the limits Goal checks; empty text, never NULL, stands for "not set".

CREATE TABLE goals (
  id               VARCHAR(64)   NOT NULL PRIMARY KEY,
  organization_id  VARCHAR(64)   NOT NULL,
  site_id          VARCHAR(64)   NOT NULL,
  name             VARCHAR(120)  NOT NULL,
  -- Goal.Kind: PAGEVIEW or EVENT.
  kind             VARCHAR(16)   NOT NULL,
  path_pattern     VARCHAR(1000) NOT NULL,
  event_name       VARCHAR(120)  NOT NULL,
  property_key     VARCHAR(64)   NOT NULL,
  property_value   VARCHAR(500)  NOT NULL,
  created_at       TIMESTAMP     NOT NULL,
  -- Names are unique per site, compared exactly, as goal filters compare them.
  UNIQUE (site_id, name)
);
