/**
 * AWS usage lines without a usage type (`x_UsageType` empty: a FOCUS 1.0 export has no such
 * column), which `costlens modernise` and the EC2, EBS and S3 KPIs of `costlens kpi` cannot
 * classify: their rules tell instances, volumes, snapshots and buckets apart by the usage type. On
 * such a store they would report "0 found" or 0 hours as if nothing were there to judge, so both say
 * how many lines and how much spend that leaves out (queries/store/usage_without_type.sql).
 */
import type { Engine } from '../engine/engine.ts';
import { listParam } from '../engine/duckdb.ts';
import { runQuery } from '../engine/query-types.ts';
import { daySpan, earlierDay, laterDay } from '../lib/calendar.ts';
import { formatDollars, fromUnits } from '../lib/money.ts';
import type { DateRange } from './findings-window.ts';
import { pluralNoun } from '../lib/text.ts';

/** One service's lines without a usage type. Money is exact decimal text (10 decimals). */
export interface ServiceWithoutType {
  serviceName: string | null;
  lines: number;
  resources: number;
  effectiveCost: string;
  billedCost: string;
}

/** AWS usage lines without a usage type in a range of charge days, in all and per service (largest EffectiveCost first). */
export interface UsageWithoutType {
  /** The range read: `from` included, `to` excluded (YYYY-MM-DD). */
  from: string;
  to: string;
  /**
   * The first and last day the lines are charged (their ChargePeriodStart's days): inside the range,
   * later than `from` or earlier than the day before `to` when the store holds no billing data on its
   * first or last days (an idle window reaching back into a gap of the store).
   */
  firstDay: string;
  lastDay: string;
  lines: number;
  effectiveCost: string;
  billedCost: string;
  services: ServiceWithoutType[];
}

/** The days given, the nulls left out. */
function days(values: readonly (string | null)[]): string[] {
  return values.filter((day): day is string => day !== null);
}

/**
 * The AWS usage lines charged in `range` that carry no usage type, or null when there are none;
 * without the lines of `excludeSources` (x_Source) when given: those of a comparison that leaves them out.
 */
export async function readUsageWithoutType(engine: Engine, range: DateRange, excludeSources: readonly string[] = []): Promise<UsageWithoutType | null> {
  const without = excludeSources.length > 0 ? { exclude_sources: listParam(excludeSources) } : {};
  const rows = await runQuery(engine, 'store/usage_without_type', { from: range.start, to: range.end, ...without });
  if (rows.length === 0) return null;
  const sum = (pick: (r: (typeof rows)[number]) => bigint | null) => fromUnits(rows.reduce((total, r) => total + (pick(r) ?? 0n), 0n));
  return {
    from: range.start,
    to: range.end,
    // Every row holds a line charged in the range: its days lie in it, so the range's ends bound them.
    firstDay: earlierDay(range.end, ...days(rows.map((r) => r.first_day))),
    lastDay: laterDay(range.start, ...days(rows.map((r) => r.last_day))),
    lines: rows.reduce((n, r) => n + (r.lines ?? 0), 0),
    effectiveCost: sum((r) => r.effective_cost),
    billedCost: sum((r) => r.billed_cost),
    services: rows.map((r) => ({
      serviceName: r.service_name, lines: r.lines ?? 0, resources: r.resources ?? 0,
      effectiveCost: fromUnits(r.effective_cost ?? 0n), billedCost: fromUnits(r.billed_cost ?? 0n),
    })),
  };
}

/**
 * What a command says of them, then what that means for it (`consequence`), with the first and
 * last day the lines are charged (not the range read, whose first days may hold no billing data):
 * `941 AWS usage lines charged on 1–30 Sep 2024 (EffectiveCost $16.00, billed
 * $20.62; the most, Amazon Elastic Compute Cloud: 553 lines, $16.00, billed $18.66) carry no usage
 * type (x_UsageType; a FOCUS 1.0 export has none), so …`.
 */
export function usageWithoutTypeNote(usage: UsageWithoutType, consequence: string): string {
  const [largest] = usage.services;
  const most = usage.services.length > 1
    ? `; the most, ${largest.serviceName ?? '(no service)'}: ${largest.lines.toLocaleString('en-US')} ${pluralNoun(largest.lines, 'line')},`
      + ` ${formatDollars(largest.effectiveCost)}, billed ${formatDollars(largest.billedCost)}`
    : `, all ${largest.serviceName ?? '(no service)'}`;
  const lines = `${usage.lines.toLocaleString('en-US')} AWS usage ${pluralNoun(usage.lines, 'line')}`;
  return `${lines} charged on ${daySpan(usage.firstDay, usage.lastDay)} (EffectiveCost ${formatDollars(usage.effectiveCost)},`
    + ` billed ${formatDollars(usage.billedCost)}${most}) ${usage.lines === 1 ? 'carries' : 'carry'} no usage type (x_UsageType; a FOCUS 1.0 export has none), so ${consequence}`;
}
