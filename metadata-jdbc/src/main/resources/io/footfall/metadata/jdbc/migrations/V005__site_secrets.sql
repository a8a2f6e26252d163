-- Site secret keys (io.footfall.core.SiteSecret): at most one per site, replaced on rotation.
-- Same portable SQL rules as V001. Only the public prefix and the SHA-256 of the full key are
-- kept; the key itself is shown once, like an API key's.

CREATE TABLE site_secrets (
  site_id          VARCHAR(64)  NOT NULL PRIMARY KEY,
  organization_id  VARCHAR(64)  NOT NULL,
  prefix           VARCHAR(32)  NOT NULL UNIQUE,
  secret_hash      VARCHAR(64)  NOT NULL,
  created_at       TIMESTAMP    NOT NULL
);
