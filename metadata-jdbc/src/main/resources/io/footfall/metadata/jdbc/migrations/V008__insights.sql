-- Saved insights (io.footfall.core.Insight): a site's named reports, each a dashboard page's URL
-- state. Same portable SQL rules as V001. organization_id is copied from the insight's site when
-- the insight is created, so that reads and changes are scoped by organization like every other
-- organization-owned row. Column widths match the limits Insight checks.

CREATE TABLE insights (
  id               VARCHAR(64)   NOT NULL PRIMARY KEY,
  organization_id  VARCHAR(64)   NOT NULL,
  site_id          VARCHAR(64)   NOT NULL,
  name             VARCHAR(100)  NOT NULL,
  -- Insight.Kind: STATS, FUNNELS, RETENTION, PATHS or ACTIVE_USERS.
  kind             VARCHAR(16)   NOT NULL,
  -- The page's URL query string, without '?'.
  state            VARCHAR(4000) NOT NULL,
  created_by       VARCHAR(100)  NOT NULL,
  created_at       TIMESTAMP     NOT NULL,
  updated_at       TIMESTAMP     NOT NULL
);

CREATE INDEX insights_by_site ON insights (site_id, organization_id);
