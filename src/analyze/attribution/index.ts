/**
 * Attribution: spend by cost-allocation tag. Keys and values are normalised (keys.ts,
 * tag-values.ts, aliases.ts), line items are read as classified spend (spend.ts), untagged and
 * shared costs are split by the configured rules (split.ts, config.ts) in exact cents (cents.ts),
 * and the result is attributed per period (attribute.ts: its rows in row-order.ts' order, with
 * the fees posted in the days of a period a range cuts split as the rows are, posted.ts), covered
 * (coverage.ts) and tabulated (tables.ts). Callers outside this folder import from here.
 */
export * from './aliases.ts';
export * from './attribute.ts';
export * from './types.ts';
export * from './cents.ts';
export * from './config.ts';
export * from './coverage.ts';
export * from './keys.ts';
export * from './key-periods.ts';
export * from './posted.ts';
export * from './row-order.ts';
export * from './spend.ts';
export * from './split.ts';
export * from './tables.ts';
export * from './tag-values.ts';
