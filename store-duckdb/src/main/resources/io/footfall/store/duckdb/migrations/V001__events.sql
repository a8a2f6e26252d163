-- Raw events. No primary key: idempotency is enforced by the collector's writer, which keeps the
-- ids of recent events, so the append path stays an Appender write.
CREATE TABLE events (
  site_id          VARCHAR   NOT NULL,
  event_id         VARCHAR   NOT NULL,
  ts               TIMESTAMP NOT NULL,
  received_at      TIMESTAMP NOT NULL,
  name             VARCHAR   NOT NULL,
  visitor_id       BIGINT    NOT NULL,
  session_id       BIGINT    NOT NULL,
  user_id          VARCHAR,
  hostname         VARCHAR,
  pathname         VARCHAR,
  url              VARCHAR,
  title            VARCHAR,
  referrer         VARCHAR,
  referrer_host    VARCHAR,
  source           VARCHAR,
  medium           VARCHAR,
  utm_source       VARCHAR,
  utm_medium       VARCHAR,
  utm_campaign     VARCHAR,
  utm_term         VARCHAR,
  utm_content      VARCHAR,
  click_id         VARCHAR,
  browser          VARCHAR,
  browser_version  VARCHAR,
  os               VARCHAR,
  os_version       VARCHAR,
  device           VARCHAR,
  screen           VARCHAR,
  locale           VARCHAR,
  country          VARCHAR,
  region           VARCHAR,
  city             VARCHAR,
  network          VARCHAR,
  props            VARCHAR,
  revenue_amount   DECIMAL(18, 4),
  revenue_currency VARCHAR
);

-- Events that were counted but not stored, per site and UTC day.
CREATE TABLE ingest_counters (
  site_id    VARCHAR(64) NOT NULL,
  day        DATE        NOT NULL,
  bots       BIGINT      NOT NULL,
  rejected   BIGINT      NOT NULL,
  opted_out  BIGINT      NOT NULL,
  PRIMARY KEY (site_id, day)
);
