/**
 * Rollups: relations that summarise `line_items` for the analyses that would otherwise scan every
 * line (usage_daily, daily_spend, tag_spend_daily). An ingest rolls up the lines it stages and
 * writes each (source, billing period)'s rollup rows to a period file beside its lines
 * (src/store/period-files.ts), replaced with them, so their sums always equal the lines'. Their
 * columns are those of the `*_inline` tables created by frozen migrations
 * (src/store/migrations/); a change to a rollup's columns or grouping is a new migration there.
 */
import { DAILY_SPEND } from './daily-spend.ts';
import { TAG_SPEND } from './tag-spend.ts';
import type { Rollup } from './rollup.ts';
import { USAGE_DAILY } from './usage-daily.ts';

export const ROLLUPS: readonly Rollup[] = [USAGE_DAILY, DAILY_SPEND, TAG_SPEND];
