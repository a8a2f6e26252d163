-- Metadata: portable SQL that runs on DuckDB and PostgreSQL alike.
CREATE TABLE sites (
  id            VARCHAR(64)   NOT NULL PRIMARY KEY,
  name          VARCHAR(200)  NOT NULL,
  domain        VARCHAR(253)  NOT NULL,
  time_zone     VARCHAR(64)   NOT NULL,
  write_key     VARCHAR(64)   NOT NULL UNIQUE,
  consent_mode  BOOLEAN       NOT NULL,
  respect_dnt   BOOLEAN       NOT NULL,
  respect_gpc   BOOLEAN       NOT NULL,
  user_id_mode  VARCHAR(16)   NOT NULL,
  pii_keys      VARCHAR(4000) NOT NULL,
  created_at    TIMESTAMP     NOT NULL
);

-- Daily random salts for cookieless visitor ids; a row lives two days at most.
CREATE TABLE site_salts (
  site_id  VARCHAR(64) NOT NULL,
  day      DATE        NOT NULL,
  salt     VARCHAR(64) NOT NULL,
  PRIMARY KEY (site_id, day)
);
