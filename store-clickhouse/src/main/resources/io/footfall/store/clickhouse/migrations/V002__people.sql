-- People (PersonUpdate): append-only rows, folded when read (ClickHousePeople). Times are
-- microseconds since the epoch in Int64, like events.ts.
--
-- person_properties: one row per property change, seq being its place in its update; op is 'set',
-- 'set_once' or 'unset' (value_json and value_text empty), or 'seen' (key and values empty) for
-- an update without changes, so that it still makes its person exist and be seen at its time.
-- value_text is PropertyChange.text(): what searches and property matches compare.
CREATE TABLE IF NOT EXISTS person_properties{local} (
  site_id    String,
  user_id    String,
  at         Int64,
  event_id   String,
  seq        UInt32,
  op         String,
  key        String,
  value_json String,
  value_text String
) ENGINE = MergeTree
ORDER BY (site_id, user_id, key, at);

-- person_links: one row per update that links a consented visitor to its person. The visitor's
-- first link (by linked_at, then event_id) holds; later ones are kept and never win.
CREATE TABLE IF NOT EXISTS person_links{local} (
  site_id    String,
  visitor_id Int64,
  user_id    String,
  linked_at  Int64,
  event_id   String
) ENGINE = MergeTree
ORDER BY (site_id, visitor_id, linked_at);

-- On a cluster both are sharded by user id, so that a person's rows live on one node. No query
-- depends on that: the fold of properties is an aggregation merged across shards, and a visitor's
-- first link is computed once on the first node and sent to every shard (GLOBAL JOIN, GLOBAL IN).
CREATE TABLE IF NOT EXISTS person_properties AS person_properties_local
ENGINE = Distributed({cluster}, {database}, person_properties_local, cityHash64(user_id));

CREATE TABLE IF NOT EXISTS person_links AS person_links_local
ENGINE = Distributed({cluster}, {database}, person_links_local, cityHash64(user_id));
