-- The daily aggregates' retention per site (Site.aggregateRetentionDays): five years (1827 days),
-- or the raw retention where that is longer. DuckDB cannot add a NOT NULL column, so the column
-- is filled here and the store always writes it.
ALTER TABLE sites ADD COLUMN aggregate_retention_days INTEGER;

UPDATE sites SET aggregate_retention_days = CASE WHEN retention_days > 1827 THEN retention_days
  ELSE 1827 END;
