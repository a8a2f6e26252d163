-- People: what PersonUpdates say about each site's users (see DuckDbPeople.java and
-- docs/architecture.md, "People"). Both tables are append-only and written in the same
-- transaction as the events of the group commit; reads fold them in SQL.

-- One row per property change, in the order of its update (seq, from 0). op is 'set', 'set_once'
-- or 'unset'; an update with no change and no link leaves one 'seen' row (seq 0, no key), so that
-- the person exists and was seen at its time. value_text is PropertyChange.text(), what searches
-- and property matches compare; value_json and value_text are null for 'unset' and 'seen'.
-- ts is the update's time (PersonUpdate.at; AT is a reserved word in DuckDB).
CREATE TABLE person_properties (
  site_id     VARCHAR   NOT NULL,
  user_id     VARCHAR   NOT NULL,
  ts          TIMESTAMP NOT NULL,
  event_id    VARCHAR   NOT NULL,
  seq         INTEGER   NOT NULL,
  op          VARCHAR   NOT NULL,
  key         VARCHAR,
  value_json  VARCHAR,
  value_text  VARCHAR
);

-- One row per update that links a consented visitor to a person. Every link is kept; the first of
-- a visitor (by linked_at, then event_id) is the one that holds, chosen when reading.
CREATE TABLE person_links (
  site_id     VARCHAR   NOT NULL,
  visitor_id  BIGINT    NOT NULL,
  user_id     VARCHAR   NOT NULL,
  linked_at   TIMESTAMP NOT NULL,
  event_id    VARCHAR   NOT NULL
);
