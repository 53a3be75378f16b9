/**
 * Unit economics: spend per unit of a business metric (orders, API requests) per day or ISO
 * week, optionally for the lines carrying one value of a tag, read as attribution reads it
 * (src/analyze/attribution/tag-values.ts: key spellings, value aliases, case folded and spaces at the ends trimmed) or raw.
 * SQL joins daily spend to `business_metrics` (queries/trends/daily_cost_and_units.sql); weeks
 * and ratios are made here.
 */
import type { Engine } from '../engine/engine.ts';
import { runQuery } from '../engine/query-types.ts';
import { decimalOfNumber, divideRounded, formatDecimal, isDecimalText, parseDecimal } from '../lib/money.ts';
import { onDaySpan } from '../lib/calendar.ts';
import { CostlensError } from '../errors.ts';
import { type AttributionConfig, attributionConfigSchema, rawValuesOf, readTagValues, tagValueParams, type TagValues } from './attribution/index.ts';
import type { CostMeasure } from './anomalies/index.ts';
import { addDays, billingDaySpan, type BillingDaySpan, checkSelectionDays, dayRange, weekStart } from './billing-calendar.ts';
import { endedPartialDays, partialDayWords, type EndedPartialDay } from './ended-delivery.ts';
import { readSourceSpans } from './source-spans.ts';
import { groupBy } from '../lib/group-by.ts';

export type UnitCostGrain = 'day' | 'week';

/** Options of {@link costPerUnit}. */
export interface UnitCostOptions {
  /** The business metric, as in business_metrics.metric. */
  metric: string;
  /** Only lines whose value of this tag key is this value (normalised, unless rawTags). */
  tag?: { key: string; value: string };
  /** Read the tag raw: the key as spelled, the value exactly as ingested. */
  rawTags?: boolean;
  /** Default day. */
  grain?: UnitCostGrain;
  /** First day (default: the first charge day in the store). */
  from?: string;
  /** Day after the last (default: the day after the data horizon, the last complete day). */
  to?: string;
  /** Default effective (amortized): upfront commitments do not spike the day they are bought. */
  cost?: CostMeasure;
  /**
   * Default usage: the usage charge class only. Recurring fees, one-time charges, tax and credits
   * post once a period (a support fee on the 1st), so counted on the day they post they would make
   * that day's unit cost jump; all counts every line on its charge day.
   */
  charges?: UnitCostCharges;
}

export type UnitCostCharges = 'usage' | 'all';
export const UNIT_COST_CHARGES: readonly UnitCostCharges[] = ['usage', 'all'];

/**
 * Cost per unit for one day or week. Nulls say what is missing; `note` says why. Money is exact:
 * bigint units of 1e-10 (src/lib/money.ts), summed exactly; the unit cost is the exact quotient of
 * the cost by the metric's decimal sum, rounded once to the unit (half away from zero).
 */
export interface UnitCostRow {
  /** The day, or the Monday of the week. */
  period: string;
  /** Days of the period inside the range. */
  days: number;
  /** Days of the period with a value of the metric. */
  metricDays: number;
  /** Spend in units (null when the store has no billing data on any day of the period). */
  cost: bigint | null;
  /** Sum of the metric (null when it has no value on any day of the period). */
  units: number | null;
  /**
   * cost / units in units (money per metric unit); null unless every day of the period has billing
   * data and the metric, none is a partial day (after the data horizon, or the day after that of a
   * delivery that has ended, whose lines stop inside it), and units ≠ 0.
   */
  unitCost: bigint | null;
  note: string | null;
}

/** The tag a report is restricted to, as it was read. */
export interface UnitCostTag {
  /** The key as attribution names it (raw: as given). */
  key: string;
  /** The canonical value (raw: as given). */
  value: string;
  raw: boolean;
  /** The raw keys read, in pick order. */
  rawKeys: string[];
  /** The raw values that stand for the value in the range, most lines first. */
  rawValues: string[];
}

/** What {@link costPerUnit} returns. */
export interface UnitCostReport {
  metric: string;
  tag?: UnitCostTag;
  grain: UnitCostGrain;
  cost: CostMeasure;
  charges: UnitCostCharges;
  from: string;
  to: string;
  rows: UnitCostRow[];
}

interface DayFigures {
  day: string;
  /** Units of money, exact. */
  cost: bigint | null;
  /** The metric's value as an exact decimal. */
  units: Quantity | null;
}

/** A metric value held exactly: `scaled` / 10^`scale`. */
interface Quantity {
  scaled: bigint;
  scale: number;
}

/**
 * Computes the cost per unit of `metric` per day or week over [from, to). Every day of the range
 * is reported: a day without the metric (or without billing data), or a partial day after the
 * data horizon (or after that of a delivery that has ended: the legacy CUR's 14 Nov 2023 beside later
 * data), has a null unit cost and a note, and a week containing such a day has a null unit cost too.
 * A range holding no day of the billing data is a usage error.
 */
export async function costPerUnit(engine: Engine, options: UnitCostOptions, config: AttributionConfig = attributionConfigSchema.parse({})): Promise<UnitCostReport> {
  const grain = options.grain ?? 'day';
  const cost = options.cost ?? 'effective';
  const charges = options.charges ?? 'usage';
  const metrics = await runQuery(engine, 'trends/business_metric_summary');
  if (!metrics.some((m) => m.metric === options.metric)) {
    throw new CostlensError('not_found', `no business metric "${options.metric}" in the store`, {
      hint: metrics.length
        ? `metrics in the store: ${metrics.map((m) => m.metric).join(', ')}`
        : 'ingest a business-metrics CSV (header date,metric,value) with costlens ingest FILE',
    });
  }
  const span = await billingDaySpan(engine);
  const { from, to } = unitCostDays(options, span);
  const values = options.tag ? await readTagValues(engine, config, options.tag.key, { chargeFrom: from, chargeTo: to }, { raw: options.rawTags }) : undefined;
  const tag = options.tag && values ? tagOf(values, options.tag.value) : undefined;
  const rows = await runQuery(engine, 'trends/daily_cost_and_units', {
    from,
    to,
    metric: options.metric,
    ...(values ? tagValueParams(values) : {}),
    tag_key: tag?.key ?? '*',
    tag_value: tag?.value ?? '*',
    charges,
  });
  if (tag && values && rows.every((r) => (r.lines ?? 0) === 0)) throw noSuchTag(tag, values, from, to);
  const byDay = new Map(rows.map((r) => [r.day!, r]));
  const days: DayFigures[] = dayRange(from, addDays(to, -1)).map((day) => {
    const r = byDay.get(day);
    return {
      day,
      cost: r && (r.billing_lines ?? 0) > 0 ? (r[`${cost}_cost`] ?? 0n) : null,
      units: r?.units === null || r?.units === undefined ? null : quantityOf(String(r.units)),
    };
  });
  // A day after the data horizon of a delivery that has ended, holding some of its lines, is partial too (its 14 Nov 2023, usage to 04:00).
  const partial = partialWhyOfDay(span, endedPartialDays(await readSourceSpans(engine, span)));
  return {
    metric: options.metric,
    tag,
    grain,
    cost,
    charges,
    from,
    to,
    rows: grain === 'day' ? days.map((d) => periodRow(d.day, [d], partial)) : groupWeeks(days, partial),
  };
}

/**
 * Why a day is partial, or null: after the data horizon (`span.lastDay`), as the store's last days are;
 * the day after the data horizon of a delivery that has ended (`ended`), whose lines stop inside it:
 * `partial day (the data of aws/123412340534 ends on 13 Nov 2023)`, in the one wording of a partial day (partialDayWords).
 */
function partialWhyOfDay(span: BillingDaySpan, ended: readonly EndedPartialDay[]): (day: string) => string | null {
  return (day) => {
    if (day > span.lastDay) return 'partial day (after the data horizon)';
    const end = ended.find((e) => e.day === day);
    return end ? partialDayWords(end) : null;
  };
}

/**
 * The days [from, to) of a report: the given ones, else from the first charge day to the data
 * horizon. A --from/--to holding no day of the billing data is refused as `attribute` refuses it
 * (billing-calendar.ts, checkSelectionDays); so is a --from after the horizon without a --to, whose
 * default would end before it starts. Days after the horizon that --to reaches are partial: their
 * rows say so and have no unit cost.
 */
function unitCostDays(options: Pick<UnitCostOptions, 'from' | 'to'>, span: BillingDaySpan): { from: string; to: string } {
  const fallback = `the complete days in the store, ${span.firstDay} to ${span.lastDay}`;
  if (options.from !== undefined || options.to !== undefined) {
    const { outside, hint } = checkSelectionDays({ kind: 'days', from: options.from, to: options.to }, span, fallback);
    if (outside) throw new CostlensError('usage', outside, { hint });
  }
  const from = options.from ?? span.firstDay;
  const to = options.to ?? addDays(span.lastDay, 1);
  if (options.to === undefined && from >= to) {
    throw new CostlensError('usage', `--from ${from} is after the data horizon, ${span.lastDay} (the last complete day in the store), where unit-cost ends when --to is left out`, {
      hint: `give --to too (at most --to ${addDays(span.lastChargeDay, 1)}) for the partial days after the horizon, or a --from up to ${span.lastDay}`,
    });
  }
  if (from >= to) throw new CostlensError('usage', `--from ${from} must be before --to ${to} (--to is the day after the last)`);
  return { from, to };
}

/** The value asked for, read as the key is read (a raw value of the key stands for its canonical value). */
function tagOf(values: TagValues, asked: string): UnitCostTag {
  const value = values.resolve(asked) ?? asked;
  return { key: values.key.name, value, raw: values.raw, rawKeys: values.key.rawKeys, rawValues: rawValuesOf(values, value) };
}

function noSuchTag(tag: UnitCostTag, values: TagValues, from: string, to: string): CostlensError {
  const seen = [...new Set(values.values.map((v) => v.value))].slice(0, 12);
  const read = tag.raw ? 'raw, as ingested' : `normalised as attribution reads ${tag.key}${tag.rawKeys.length ? ` (raw keys ${tag.rawKeys.join(', ')})` : ''}`;
  return new CostlensError('not_found', `no line item ${onDaySpan(from, addDays(to, -1))} carries tag ${tag.key}=${tag.value} (${read})`, {
    hint: seen.length
      ? `values of ${tag.key} in the range: ${seen.join(', ')}`
      : `no line item in the range carries ${tag.key}; list the keys with costlens sql "SELECT DISTINCT unnest(map_keys(Tags)) FROM line_items"`,
  });
}

function groupWeeks(days: DayFigures[], partialWhy: (day: string) => string | null): UnitCostRow[] {
  return [...groupBy(days, (d) => weekStart(d.day))].map(([week, list]) => periodRow(week, list, partialWhy));
}

/** A day or week's row; a partial day holding billing data (`partialWhy` says why it is partial: partialWhyOfDay) gets no unit cost. */
function periodRow(period: string, days: DayFigures[], partialWhy: (day: string) => string | null): UnitCostRow {
  const withCost = days.filter((d) => d.cost !== null);
  const partialNotes = withCost.flatMap((d) => partialWhy(d.day) ?? []);
  const partial = partialNotes.length;
  const withUnits = days.filter((d) => d.units !== null);
  const cost = withCost.length ? withCost.reduce((s, d) => s + d.cost!, 0n) : null;
  const quantity = withUnits.length ? sumQuantities(withUnits.map((d) => d.units!)) : null;
  const units = quantity === null ? null : Number(formatDecimal(quantity.scaled, quantity.scale));
  const notes: string[] = [];
  const missing = (what: string, n: number) => (days.length === 1 ? what : `${what} on ${n} of ${days.length} days`);
  if (withCost.length < days.length) notes.push(missing('no billing data', days.length - withCost.length));
  // Each reason once: a week's days after the horizon counted together, as before.
  for (const why of new Set(partialNotes)) notes.push(missing(why, partialNotes.filter((w) => w === why).length));
  if (withUnits.length < days.length) notes.push(missing('no metric value', days.length - withUnits.length));
  if (units === 0) notes.push('zero units');
  const complete = withCost.length === days.length && partial === 0 && withUnits.length === days.length && units !== 0;
  return {
    period,
    days: days.length,
    metricDays: withUnits.length,
    cost,
    units,
    unitCost: complete ? divideRounded(cost! * 10n ** BigInt(quantity!.scale), quantity!.scaled) : null,
    note: notes.length ? notes.join('; ') : null,
  };
}

/** A metric value (a DOUBLE) as `String()` prints it (`1010.5`, `1e-7`), held exactly as the decimal it reads as. */
function quantityOf(text: string): Quantity {
  if (!isDecimalText(text)) return decimalOfNumber(Number(text));
  const scale = (text.split('.')[1] ?? '').length;
  return { scaled: parseDecimal(text, scale), scale };
}

/** Adds exact decimals at the finest scale among them. */
function sumQuantities(values: Quantity[]): Quantity {
  const scale = Math.max(...values.map((v) => v.scale));
  return { scaled: values.reduce((sum, v) => sum + v.scaled * 10n ** BigInt(scale - v.scale), 0n), scale };
}

