/**
 * The Reserved Instance and Savings Plan columns of `line_items` (migration 8): what the bill
 * says about each commitment, mapped at ingest from the CUR columns listed in
 * src/formats/cur-commitment-columns.ts. A source that lacks one leaves it NULL.
 */
import { CUR_COMMITMENT_COLUMNS, type CommitmentValueKind } from '../formats/cur-commitment-columns.ts';
import type { Migration } from './migrations.ts';
import { MONEY, quoteIdentifier, type ColumnDef } from './schema.ts';

const TYPES: Record<CommitmentValueKind, string> = { text: 'VARCHAR', quantity: 'DOUBLE', money: MONEY, time: 'TIMESTAMP' };

/** The commitment columns, in the order migration 8 appends them. */
export const COMMITMENT_COLUMNS: ColumnDef[] = CUR_COMMITMENT_COLUMNS.map((column) => ({ name: column.target, type: TYPES[column.kind] }));

/** Migration 8: appends the commitment columns to `line_items` (NULL on lines ingested before). */
export const COMMITMENT_COLUMNS_MIGRATION: Migration = {
  version: 8,
  description: 'line_items: Reserved Instance and Savings Plan columns (x_Reservation*, x_SavingsPlan*, net columns, normalisation)',
  statements: COMMITMENT_COLUMNS.map((column) => `ALTER TABLE line_items ADD COLUMN ${quoteIdentifier(column.name)} ${column.type}`),
};
