-- Raw events. Times are microseconds since the epoch (UTC) in Int64: 18.16 has no DateTime64.
-- Absent text is '' (never NULL). props keeps the JSON text for events(); for reports the same
-- properties are parallel arrays: prop_keys/prop_values the keys with a text (not JSON null),
-- prop_number_keys/prop_numbers those whose value is a decimal number. No Nullable arrays:
-- comparing arrayElement of an Array(Nullable(String)) crashes 18.16.
-- {local} is '_local' on a cluster (a Distributed table takes the plain name), else empty.
CREATE TABLE IF NOT EXISTS events{local} (
  site_id          String,
  event_id         String,
  ts               Int64,
  received_at      Int64,
  name             String,
  visitor_id       Int64,
  session_id       Int64,
  user_id          String,
  hostname         String,
  pathname         String,
  url              String,
  title            String,
  referrer         String,
  referrer_host    String,
  source           String,
  medium           String,
  utm_source       String,
  utm_medium       String,
  utm_campaign     String,
  utm_term         String,
  utm_content      String,
  click_id         String,
  browser          String,
  browser_version  String,
  os               String,
  os_version       String,
  device           String,
  screen           String,
  locale           String,
  country          String,
  region           String,
  city             String,
  network          String,
  props            String,
  prop_keys        Array(String),
  prop_values      Array(String),
  prop_number_keys Array(String),
  prop_numbers     Array(Decimal(38, 10)),
  revenue_amount   Nullable(Decimal(18, 4)),
  revenue_currency String
) ENGINE = MergeTree
PARTITION BY toYYYYMM(toDateTime(intDiv(ts, 1000000), 'UTC'))
ORDER BY (site_id, ts);

-- Events that were counted but not stored, per site and UTC day; rows are summed when read.
CREATE TABLE IF NOT EXISTS ingest_counters{local} (
  site_id   String,
  day       Date,
  bots      UInt64,
  rejected  UInt64,
  opted_out UInt64
) ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (site_id, day);

-- On a cluster: the tables every query and insert names, spanning the nodes' local tables. Events
-- are sharded by visitor, so that a visit's events live on one node; counters by site.
CREATE TABLE IF NOT EXISTS events AS events_local
ENGINE = Distributed({cluster}, {database}, events_local, intHash64(visitor_id));

CREATE TABLE IF NOT EXISTS ingest_counters AS ingest_counters_local
ENGINE = Distributed({cluster}, {database}, ingest_counters_local, cityHash64(site_id));
