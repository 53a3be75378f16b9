import { REPORT_LEDGER_JOURNAL_MIGRATION, REPORT_LEDGER_MIGRATION } from '../report/ledger-migration.ts';
import { DAILY_SPEND } from './daily-spend.ts';
import { TAG_SPEND } from './tag-spend.ts';
import { USAGE_DAILY } from './usage-daily.ts';
import { BUSINESS_METRIC_COLUMNS, LINE_ITEM_COLUMNS, METRIC_COLUMNS, RESOURCE_COLUMNS, columnDefinitions } from './schema.ts';

/** One schema migration: applied once, in order, recorded in `schema_version`. */
export interface Migration {
  version: number;
  description: string;
  statements: string[];
}

/** The store's migrations. Append only: a released migration is never edited. */
export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'line_items (FOCUS 1.2 + x_ columns), metrics, resources, business_metrics, ingests',
    statements: [
      `CREATE TABLE line_items (\n  ${columnDefinitions(LINE_ITEM_COLUMNS)}\n)`,
      `CREATE TABLE metrics (\n  ${columnDefinitions(METRIC_COLUMNS)}\n)`,
      `CREATE TABLE resources (\n  ${columnDefinitions(RESOURCE_COLUMNS)}\n)`,
      `CREATE TABLE business_metrics (\n  ${columnDefinitions(BUSINESS_METRIC_COLUMNS)}\n)`,
      `CREATE TABLE ingests (
  ingest_id VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  format VARCHAR NOT NULL,
  billing_period VARCHAR,
  target_table VARCHAR NOT NULL,
  files VARCHAR[] NOT NULL,
  rows BIGINT NOT NULL,
  billed_cost DECIMAL(38,10),
  effective_cost DECIMAL(38,10),
  ignored_columns VARCHAR[],
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP NOT NULL,
  status VARCHAR NOT NULL
)`,
    ],
  },
  {
    version: 2,
    description: 'tag sets: line_items.x_TagSetId = hash(Tags) and tag_sets (tag_set_id, Tags), so analyses group by an integer',
    statements: [
      `ALTER TABLE line_items ADD COLUMN x_TagSetId UBIGINT`,
      `UPDATE line_items SET x_TagSetId = hash(Tags)`,
      `CREATE TABLE tag_sets (tag_set_id UBIGINT NOT NULL, Tags MAP(VARCHAR, VARCHAR) NOT NULL)`,
      `INSERT INTO tag_sets SELECT DISTINCT x_TagSetId, Tags FROM line_items`,
    ],
  },
  REPORT_LEDGER_MIGRATION,
  USAGE_DAILY.migration,
  DAILY_SPEND.migration,
  TAG_SPEND.migration,
  REPORT_LEDGER_JOURNAL_MIGRATION,
];

/** The schema version this build of costlens writes and expects. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
