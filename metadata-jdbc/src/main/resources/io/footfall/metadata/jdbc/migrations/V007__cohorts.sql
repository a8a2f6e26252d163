-- Cohorts: saved segments of a site's people (io.footfall.core.Cohort). Same portable SQL rules as
-- V001. organization_id is copied from the cohort's site when it is created, as for goals. The
-- definition is JSON text the server reads; TEXT because a static list of user ids makes it long
-- (up to Cohort.MAX_DEFINITION characters), which a VARCHAR(n) would have to bound.

CREATE TABLE cohorts (
  id               VARCHAR(64)   NOT NULL PRIMARY KEY,
  organization_id  VARCHAR(64)   NOT NULL,
  site_id          VARCHAR(64)   NOT NULL,
  name             VARCHAR(120)  NOT NULL,
  definition       TEXT          NOT NULL,
  created_at       TIMESTAMP     NOT NULL,
  updated_at       TIMESTAMP     NOT NULL,
  -- Names are unique per site, compared exactly.
  UNIQUE (site_id, name)
);
