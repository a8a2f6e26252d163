-- The request log of data subjects' requests (io.footfall.core.DataRequest): export and erasure,
-- who asked, the status and what was found or deleted. Same portable SQL rules as V001. subject is
-- a keyed hash, never an id the stores keep. Rows outlive their site and the audit retention.

CREATE TABLE data_requests (
  id               VARCHAR(64)   NOT NULL PRIMARY KEY,
  organization_id  VARCHAR(64)   NOT NULL,
  site_id          VARCHAR(64)   NOT NULL,
  -- DataRequest.Kind: EXPORT or ERASURE.
  kind             VARCHAR(16)   NOT NULL,
  subject          VARCHAR(64)   NOT NULL,
  requested_by     VARCHAR(200)  NOT NULL,
  requested_at     TIMESTAMP     NOT NULL,
  -- DataRequest.Status: RECEIVED, COMPLETED or FAILED.
  status           VARCHAR(16)   NOT NULL,
  completed_at     TIMESTAMP,
  events           BIGINT        NOT NULL,
  properties       BIGINT        NOT NULL,
  links            BIGINT        NOT NULL,
  detail           VARCHAR(500)  NOT NULL
);

CREATE INDEX data_requests_by_site ON data_requests (organization_id, site_id, requested_at);
