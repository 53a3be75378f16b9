-- description: period files: line_items and its rollups read one Parquet set per (source, billing period) beside the store, behind views; rows written before stay in the *_inline tables
-- Released: never edit this file (its sha256 is in hashes.json); change the schema in a new migration.

ALTER TABLE line_items RENAME TO line_items_inline;

CREATE VIEW line_items AS SELECT * FROM line_items_inline;

ALTER TABLE usage_daily RENAME TO usage_daily_inline;

CREATE VIEW usage_daily AS SELECT * FROM usage_daily_inline;

ALTER TABLE daily_spend RENAME TO daily_spend_inline;

CREATE VIEW daily_spend AS SELECT * FROM daily_spend_inline;

ALTER TABLE tag_spend_daily RENAME TO tag_spend_daily_inline;

CREATE VIEW tag_spend_daily AS SELECT * FROM tag_spend_daily_inline;

CREATE TABLE period_files (
  x_Source VARCHAR NOT NULL,
  x_BillingPeriod VARCHAR NOT NULL,
  relation VARCHAR NOT NULL,
  path VARCHAR NOT NULL,
  ingest_id VARCHAR NOT NULL,
  rows BIGINT NOT NULL,
  bytes BIGINT NOT NULL
);

CREATE TABLE retired_files (
  path VARCHAR NOT NULL,
  retired_at TIMESTAMP NOT NULL
);
