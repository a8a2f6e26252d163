-- A site's consent level (SiteSettings.ConsentLevel: NONE, ANONYMOUS, FULL) replaces the yes/no
-- consent mode: a site in consent mode took persistent ids after the visitor's consent, which is
-- the level FULL; any other site counted cookieless only, ANONYMOUS. DuckDB cannot add a NOT NULL
-- column, so the column is filled here and the store always writes it.
ALTER TABLE sites ADD COLUMN consent_level VARCHAR;

UPDATE sites SET consent_level = CASE WHEN consent_mode THEN 'FULL' ELSE 'ANONYMOUS' END;
