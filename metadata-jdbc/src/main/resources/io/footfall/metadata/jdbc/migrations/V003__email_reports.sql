-- Scheduled email reports (io.footfall.core.EmailReport) and what the scheduler sent of them.
-- Same portable SQL rules as V001. organization_id is copied from the report's site when the
-- report is created, so that reads and deletes are scoped by organization like every other
-- organization-owned row.

CREATE TABLE email_reports (
  id               VARCHAR(64)   NOT NULL PRIMARY KEY,
  organization_id  VARCHAR(64)   NOT NULL,
  site_id          VARCHAR(64)   NOT NULL,
  -- EmailReport.Frequency: WEEKLY or MONTHLY.
  frequency        VARCHAR(16)   NOT NULL,
  -- Comma-separated lower-case addresses: at most 10 of at most 254 characters.
  recipients       VARCHAR(2560) NOT NULL,
  -- First local day (site's time zone) of the earliest period not yet sent.
  next_period      DATE          NOT NULL,
  created_at       TIMESTAMP     NOT NULL
);

-- One row per recipient the report of a period went to; rows of a period are deleted when the
-- report moves past it, so a restart in the middle of a period's mailing resumes where it stopped.
CREATE TABLE email_report_deliveries (
  report_id        VARCHAR(64)   NOT NULL,
  period           DATE          NOT NULL,
  recipient        VARCHAR(254)  NOT NULL,
  sent_at          TIMESTAMP     NOT NULL,
  PRIMARY KEY (report_id, period, recipient)
);
