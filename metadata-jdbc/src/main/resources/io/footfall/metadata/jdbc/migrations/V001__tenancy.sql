-- Tenancy metadata. Portable SQL: every statement runs unchanged on DuckDB and PostgreSQL.
-- Rules: VARCHAR(n), BOOLEAN, INTEGER, BIGINT, DATE, TIMESTAMP (UTC, no time zone) only; no
-- engine-specific functions or types; no foreign keys (DuckDB's cannot cascade: ON DELETE
-- CASCADE is a parse error there), so the store checks references itself inside its transactions.
-- Column widths match the limits the records in io.footfall.core check.

CREATE TABLE organizations (
  id          VARCHAR(64)  NOT NULL PRIMARY KEY,
  name        VARCHAR(200) NOT NULL,
  created_at  TIMESTAMP    NOT NULL
);

CREATE TABLE sites (
  id               VARCHAR(64)   NOT NULL PRIMARY KEY,
  organization_id  VARCHAR(64)   NOT NULL,
  name             VARCHAR(200)  NOT NULL,
  domain           VARCHAR(253)  NOT NULL,
  time_zone        VARCHAR(64)   NOT NULL,
  currency         VARCHAR(3)    NOT NULL,
  retention_days   INTEGER       NOT NULL,
  write_key        VARCHAR(64)   NOT NULL UNIQUE,
  consent_mode     BOOLEAN       NOT NULL,
  respect_dnt      BOOLEAN       NOT NULL,
  respect_gpc      BOOLEAN       NOT NULL,
  user_id_mode     VARCHAR(16)   NOT NULL,
  -- Comma-separated; the names cannot contain commas (SiteSettings checks).
  pii_keys         VARCHAR(6600) NOT NULL,
  created_at       TIMESTAMP     NOT NULL
);
CREATE INDEX sites_by_organization ON sites (organization_id);

-- Daily random salts for cookieless visitor ids; a row lives two days at most.
CREATE TABLE site_salts (
  site_id  VARCHAR(64) NOT NULL,
  day      DATE        NOT NULL,
  salt     VARCHAR(64) NOT NULL,
  PRIMARY KEY (site_id, day)
);

CREATE TABLE persons (
  id             VARCHAR(64)  NOT NULL PRIMARY KEY,
  email          VARCHAR(254) NOT NULL UNIQUE,
  name           VARCHAR(200) NOT NULL,
  password_hash  VARCHAR(512) NOT NULL,
  created_at     TIMESTAMP    NOT NULL
);

CREATE TABLE memberships (
  organization_id  VARCHAR(64) NOT NULL,
  person_id        VARCHAR(64) NOT NULL,
  role             VARCHAR(16) NOT NULL,
  PRIMARY KEY (organization_id, person_id)
);
CREATE INDEX memberships_by_person ON memberships (person_id);

-- A membership's site restriction, one row per site; no rows: every site of the organization.
CREATE TABLE membership_sites (
  organization_id  VARCHAR(64) NOT NULL,
  person_id        VARCHAR(64) NOT NULL,
  site_id          VARCHAR(64) NOT NULL,
  PRIMARY KEY (organization_id, person_id, site_id)
);

CREATE TABLE api_keys (
  id               VARCHAR(64)  NOT NULL PRIMARY KEY,
  organization_id  VARCHAR(64)  NOT NULL,
  name             VARCHAR(200) NOT NULL,
  prefix           VARCHAR(32)  NOT NULL UNIQUE,
  secret_hash      VARCHAR(64)  NOT NULL,
  -- Comma-separated ApiKey.Scope names: a small closed set, read and written whole.
  scopes           VARCHAR(200) NOT NULL,
  created_at       TIMESTAMP    NOT NULL,
  last_used_at     TIMESTAMP,
  revoked_at       TIMESTAMP
);
CREATE INDEX api_keys_by_organization ON api_keys (organization_id);

CREATE TABLE shared_links (
  id               VARCHAR(64)  NOT NULL PRIMARY KEY,
  organization_id  VARCHAR(64)  NOT NULL,
  site_id          VARCHAR(64)  NOT NULL,
  token_hash       VARCHAR(128) NOT NULL UNIQUE,
  password_hash    VARCHAR(512) NOT NULL,
  created_at       TIMESTAMP    NOT NULL,
  expires_at       TIMESTAMP,
  revoked_at       TIMESTAMP
);
CREATE INDEX shared_links_by_organization ON shared_links (organization_id);

CREATE TABLE audit_log (
  id               VARCHAR(64)   NOT NULL PRIMARY KEY,
  organization_id  VARCHAR(64)   NOT NULL,
  actor            VARCHAR(200)  NOT NULL,
  action           VARCHAR(100)  NOT NULL,
  target           VARCHAR(200)  NOT NULL,
  network          VARCHAR(64)   NOT NULL,
  occurred_at      TIMESTAMP     NOT NULL,
  details          VARCHAR(8000) NOT NULL
);
CREATE INDEX audit_log_by_organization ON audit_log (organization_id, occurred_at, id);

CREATE TABLE web_sessions (
  id_hash       VARCHAR(128) NOT NULL PRIMARY KEY,
  person_id     VARCHAR(64)  NOT NULL,
  csrf_token    VARCHAR(128) NOT NULL,
  created_at    TIMESTAMP    NOT NULL,
  last_seen_at  TIMESTAMP    NOT NULL,
  expires_at    TIMESTAMP    NOT NULL
);
CREATE INDEX web_sessions_by_person ON web_sessions (person_id);
