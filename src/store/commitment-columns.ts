/**
 * The Reserved Instance and Savings Plan columns of `line_items` (src/store/migrations/0008_commitment_columns.sql): what the bill
 * says about each commitment, mapped at ingest from the CUR columns listed in
 * src/cur-columns/commitment-columns.ts. A source that lacks one leaves it NULL.
 */
import { CUR_COMMITMENT_COLUMNS, type CommitmentValueKind } from '../cur-columns/commitment-columns.ts';
import { MONEY, type ColumnDef } from './schema.ts';

const TYPES: Record<CommitmentValueKind, string> = { text: 'VARCHAR', quantity: 'DOUBLE', money: MONEY, time: 'TIMESTAMP' };

/** The commitment columns, in the order migration 8 appends them. */
export const COMMITMENT_COLUMNS: ColumnDef[] = CUR_COMMITMENT_COLUMNS.map((column) => ({ name: column.target, type: TYPES[column.kind] }));

