import { billingPeriodBounds, type AttributionRange } from '../analyze/attribution/index.ts';
import { billingDaySpan, defaultPeriod } from '../analyze/billing-calendar.ts';
import type { Engine } from '../engine/engine.ts';
import { CostlensError } from '../errors.ts';

/**
 * Turns `--period YYYY-MM` or `--from D --to D` into query bounds: a billing period selects by
 * BillingPeriodStart, a charge range by ChargePeriodStart (half-open). Neither means the default
 * period, read later with {@link defaultRange}.
 */
export function parseRange(command: string, values: { period?: string; from?: string; to?: string }): AttributionRange | 'latest' {
  if (values.period && (values.from || values.to)) throw new CostlensError('usage', `${command}: give --period or --from/--to, not both`);
  if (values.from || values.to) {
    const from = values.from && date('from', values.from);
    const to = values.to && date('to', values.to);
    if (from && to && to <= from) throw new CostlensError('usage', `--to (${to}) must be after --from (${from}); the range is half-open`);
    return { chargeFrom: from, chargeTo: to };
  }
  return values.period === undefined ? 'latest' : billingPeriodRange(values.period);
}

/** The bounds of one billing period, `YYYY-MM`. */
export function billingPeriodRange(period: string): AttributionRange {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) throw new CostlensError('usage', `--period must be YYYY-MM; got "${period}"`, {
    hint: 'a billing period is a year and a month 01 to 12, e.g. --period 2026-10; `costlens status` lists the periods in the store',
  });
  return billingPeriodBounds(period);
}

/**
 * The default period: the last complete month up to the data horizon (or the horizon's month
 * to date when the store holds no complete month), said on stderr with the reason.
 */
export async function defaultRange(engine: Engine, stderr: NodeJS.WritableStream): Promise<AttributionRange> {
  const chosen = defaultPeriod(await billingDaySpan(engine));
  stderr.write(`period ${chosen.reason}\n`);
  return billingPeriodRange(chosen.period);
}

/** How a range is named in output: `YYYY-MM` for a billing period, `FROM/TO` for a charge range. */
export function rangeLabel(range: AttributionRange): string {
  if (range.billingFrom) return range.billingFrom.slice(0, 7);
  return `${range.chargeFrom ?? '…'}/${range.chargeTo ?? '…'}`;
}

function date(flag: string, value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)) || new Date(value).toISOString().slice(0, 10) !== value) {
    throw new CostlensError('usage', `--${flag} must be a date YYYY-MM-DD; got "${value}"`, { hint: `a calendar day, e.g. --${flag} 2026-10-01` });
  }
  return value;
}
