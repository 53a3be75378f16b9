/**
 * Unit economics: spend per unit of a business metric (orders, API requests) per day or ISO
 * week, optionally for the lines carrying one raw tag. SQL joins daily spend to
 * `business_metrics` (queries/trends/daily_cost_and_units.sql); weeks and ratios are made here.
 */
import type { Engine } from '../engine/engine.ts';
import { CostlensError } from '../errors.ts';
import type { CostMeasure } from './anomalies.ts';
import { addDays, billingDaySpan, dayRange, numberOf, weekStart } from './forecast-calendar.ts';

export type UnitCostGrain = 'day' | 'week';

/** Options of {@link costPerUnit}. */
export interface UnitCostOptions {
  /** The business metric, as in business_metrics.metric. */
  metric: string;
  /** Only lines whose Tags carry this raw key with this value. */
  tag?: { key: string; value: string };
  /** Default day. */
  grain?: UnitCostGrain;
  /** First day (default: the first charge day in the store). */
  from?: string;
  /** Day after the last (default: the day after the latest charge day). */
  to?: string;
  /** Default effective (amortized): upfront commitments do not spike the day they are bought. */
  cost?: CostMeasure;
}

/** Cost per unit for one day or week. Nulls say what is missing; `note` says why. */
export interface UnitCostRow {
  /** The day, or the Monday of the week. */
  period: string;
  /** Days of the period inside the range. */
  days: number;
  /** Days of the period with a value of the metric. */
  metricDays: number;
  /** Spend (null when the store has no billing data on any day of the period). */
  cost: number | null;
  /** Sum of the metric (null when it has no value on any day of the period). */
  units: number | null;
  /** cost / units; null unless every day of the period has billing data and the metric, and units ≠ 0. */
  unitCost: number | null;
  note: string | null;
}

/** What {@link costPerUnit} returns. */
export interface UnitCostReport {
  metric: string;
  tag?: { key: string; value: string };
  grain: UnitCostGrain;
  cost: CostMeasure;
  from: string;
  to: string;
  rows: UnitCostRow[];
}

interface DayFigures {
  day: string;
  cost: number | null;
  units: number | null;
}

/**
 * Computes the cost per unit of `metric` per day or week over [from, to). Every day of the range
 * is reported: a day without the metric (or without billing data) has a null unit cost and a
 * note, and a week containing such a day has a null unit cost too.
 */
export async function costPerUnit(engine: Engine, options: UnitCostOptions): Promise<UnitCostReport> {
  const grain = options.grain ?? 'day';
  const cost = options.cost ?? 'effective';
  const metrics = (await engine.run('trends/business_metric_summary')).rows;
  if (!metrics.some((m) => m.metric === options.metric)) {
    throw new CostlensError('not_found', `no business metric "${options.metric}" in the store`, {
      hint: metrics.length
        ? `metrics in the store: ${metrics.map((m) => m.metric).join(', ')}`
        : 'ingest a business-metrics CSV (header date,metric,value) with costlens ingest FILE',
    });
  }
  const span = await billingDaySpan(engine);
  const from = options.from ?? span.firstDay;
  const to = options.to ?? addDays(span.lastDay, 1);
  if (from >= to) throw new CostlensError('usage', `--from ${from} must be before --to ${to} (--to is the day after the last)`);
  const { rows } = await engine.run('trends/daily_cost_and_units', {
    from,
    to,
    metric: options.metric,
    tag_key: options.tag?.key ?? '*',
    tag_value: options.tag?.value ?? '*',
  });
  if (options.tag && rows.every((r) => numberOf(r.lines) === 0)) {
    throw new CostlensError('not_found', `no line item from ${from} to ${addDays(to, -1)} carries tag ${options.tag.key}=${options.tag.value}`, {
      hint: 'tag keys and values are raw, as ingested (case and separators matter); list them with costlens sql "SELECT DISTINCT unnest(map_keys(Tags)) FROM line_items"',
    });
  }
  const byDay = new Map(rows.map((r) => [r.day!, r]));
  const days: DayFigures[] = dayRange(from, addDays(to, -1)).map((day) => {
    const r = byDay.get(day);
    return {
      day,
      cost: r && numberOf(r.billing_lines) > 0 ? numberOf(r[`${cost}_cost`]) : null,
      units: r?.units === null || r?.units === undefined ? null : Number(r.units),
    };
  });
  return {
    metric: options.metric,
    tag: options.tag,
    grain,
    cost,
    from,
    to,
    rows: grain === 'day' ? days.map((d) => periodRow(d.day, [d])) : groupWeeks(days),
  };
}

function groupWeeks(days: DayFigures[]): UnitCostRow[] {
  const weeks = new Map<string, DayFigures[]>();
  for (const d of days) {
    const week = weekStart(d.day);
    weeks.set(week, [...(weeks.get(week) ?? []), d]);
  }
  return [...weeks].map(([week, list]) => periodRow(week, list));
}

function periodRow(period: string, days: DayFigures[]): UnitCostRow {
  const withCost = days.filter((d) => d.cost !== null);
  const withUnits = days.filter((d) => d.units !== null);
  const cost = withCost.length ? withCost.reduce((s, d) => s + d.cost!, 0) : null;
  const units = withUnits.length ? withUnits.reduce((s, d) => s + d.units!, 0) : null;
  const notes: string[] = [];
  const missing = (what: string, n: number) => (days.length === 1 ? what : `${what} on ${n} of ${days.length} days`);
  if (withCost.length < days.length) notes.push(missing('no billing data', days.length - withCost.length));
  if (withUnits.length < days.length) notes.push(missing('no metric value', days.length - withUnits.length));
  if (units === 0) notes.push('zero units');
  const complete = withCost.length === days.length && withUnits.length === days.length && units !== 0;
  return {
    period,
    days: days.length,
    metricDays: withUnits.length,
    cost,
    units,
    unitCost: complete ? cost! / units! : null,
    note: notes.length ? notes.join('; ') : null,
  };
}

