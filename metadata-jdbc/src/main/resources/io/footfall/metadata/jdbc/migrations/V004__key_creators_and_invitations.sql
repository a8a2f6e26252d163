-- Who an API key acts for, and invitations to join an organization. Same portable SQL rules as
-- V001.

-- The id of the person whose current membership bounds the key (io.footfall.core.ApiKey
-- createdBy); empty for a key made by the installation (bootstrap token).
ALTER TABLE api_keys ADD COLUMN created_by VARCHAR(64) DEFAULT '';
UPDATE api_keys SET created_by = '' WHERE created_by IS NULL;

-- Keys made before this column existed: the audit log names the person who made them
-- ("person:<id>"), while it still holds the entry. Keys without such an entry stay unbounded,
-- as they were.
UPDATE api_keys SET created_by = (
    SELECT MIN(SUBSTRING(a.actor, 8, 64)) FROM audit_log a
    WHERE a.action = 'apikey.create' AND a.target = api_keys.id AND a.actor LIKE 'person:%')
  WHERE EXISTS (
    SELECT 1 FROM audit_log a
    WHERE a.action = 'apikey.create' AND a.target = api_keys.id AND a.actor LIKE 'person:%');

-- Pending invitations (io.footfall.core.Invitation). An accepted or revoked invitation is
-- deleted; the audit log keeps its story.
CREATE TABLE invitations (
  id               VARCHAR(64)   NOT NULL PRIMARY KEY,
  organization_id  VARCHAR(64)   NOT NULL,
  -- Lower-cased, as persons.email.
  email            VARCHAR(254)  NOT NULL,
  role             VARCHAR(16)   NOT NULL,
  -- Comma-separated site ids (at most 100); empty: every site of the organization.
  site_ids         VARCHAR(6600) NOT NULL,
  -- SHA-256 of the token mailed to the address.
  token_hash       VARCHAR(128)  NOT NULL UNIQUE,
  -- The audit actor who invited, e.g. person:p_1a2b.
  invited_by       VARCHAR(200)  NOT NULL,
  created_at       TIMESTAMP     NOT NULL,
  expires_at       TIMESTAMP     NOT NULL,
  UNIQUE (organization_id, email)
);
CREATE INDEX invitations_by_email ON invitations (email);
