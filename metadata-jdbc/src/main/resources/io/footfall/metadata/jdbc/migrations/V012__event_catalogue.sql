-- Each site's event catalogue (EventDefinition): one row per defined event, and one row per
-- property of its schema, in order. Allowed values of a string property are one text of lines;
-- a number's bounds are decimal text, '' for none.
CREATE TABLE event_definitions (
  site_id          VARCHAR(64)    NOT NULL,
  name             VARCHAR(200)   NOT NULL,
  description      VARCHAR(2000)  NOT NULL,
  owner            VARCHAR(200)   NOT NULL,
  tags             VARCHAR(1000)  NOT NULL,
  status           VARCHAR(16)    NOT NULL,
  created_at       TIMESTAMP      NOT NULL,
  updated_at       TIMESTAMP      NOT NULL,
  PRIMARY KEY (site_id, name)
);

CREATE TABLE event_property_schemas (
  site_id          VARCHAR(64)    NOT NULL,
  event_name       VARCHAR(200)   NOT NULL,
  position         INTEGER        NOT NULL,
  name             VARCHAR(100)   NOT NULL,
  type             VARCHAR(16)    NOT NULL,
  required         BOOLEAN        NOT NULL,
  allowed          TEXT           NOT NULL,
  min_value        VARCHAR(64)    NOT NULL,
  max_value        VARCHAR(64)    NOT NULL,
  PRIMARY KEY (site_id, event_name, position)
);
