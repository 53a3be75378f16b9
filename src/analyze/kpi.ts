/**
 * Efficiency KPIs (`costlens kpi`), per billing month and usage account and for all accounts:
 * the share of EC2 instance hours and cost on Spot, on Graviton and on the current generation,
 * and the gp3 share of EBS GB-months, each from the usage lines of `line_items` through the
 * Engine (queries/kpi/*.sql), with the days each month covers up to the data horizon.
 */
import { loadInstanceCatalogue, type InstanceCatalogue, type InstanceType } from '../catalogue/ec2.ts';
import type { Engine } from '../engine/engine.ts';
import { CostlensError } from '../errors.ts';
import { addMonths, monthStart } from '../lib/calendar.ts';
import { fromUnits, toUnits } from '../lib/money.ts';
import { addDays } from '../lib/calendar.ts';
import { checkDate } from './findings-window.ts';
import { billingDaySpan } from './forecast-calendar.ts';

/** What each KPI means (printed with the figures and in the README). */
export const KPI_DEFINITIONS = {
  spot: 'EC2 instance hours (and their EffectiveCost) on usage types containing SpotUsage, over all EC2 instance hours (BoxUsage, SpotUsage, DedicatedUsage)',
  graviton: 'EC2 instance hours (and cost) of types whose architecture is arm64 in data/ec2/instance-types.csv, over all EC2 instance hours',
  currentGeneration: 'EC2 instance hours (and cost) of types that are neither an EC2 previous-generation family nor a family whose same-vendor successor of the same size lists cheaper in us-east-1 (what `costlens modernise` calls older generation), over all EC2 instance hours; types not in the catalogue count in the total as unclassified',
  gp3: 'EBS GB-months on usage types ending EBS:VolumeUsage.gp3, over all EBS volume GB-months (EBS:VolumeUsage*)',
} as const;

/** A share of EC2 instance hours and cost. */
export interface Share {
  hours: number;
  cost: string;
  /** Percent of the hours, 2 decimals; null when there are none. */
  hoursPercent: number | null;
  /** Percent of the cost, 2 decimals; null when the cost is 0. */
  costPercent: number | null;
}

/** The KPIs of one month, for one account (or all: accountId null). */
export interface KpiRow {
  month: string;
  accountId: string | null;
  /** The charge days the month's lines cover (first, last; both included). */
  firstDay: string;
  lastDay: string;
  ec2Hours: number;
  ec2Cost: string;
  spot: Share;
  graviton: Share;
  currentGeneration: Share;
  unclassifiedHours: number;
  ebsGbMonths: number;
  ebsCost: string;
  gp3GbMonths: number;
  gp3Percent: number | null;
}

/** What {@link efficiencyKpis} returns. */
export interface KpiReport {
  /** First day included and last day included. */
  from: string;
  to: string;
  definitions: typeof KPI_DEFINITIONS;
  rows: KpiRow[];
}

export interface KpiOptions {
  /** Last day included (YYYY-MM-DD); default: the data horizon. */
  asOf?: string;
  /** Months back from the as-of month, that one included (default 3). */
  months?: number;
  catalogue?: InstanceCatalogue;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const percent = (part: number, whole: number): number | null => (whole > 0 ? round2((part / whole) * 100) : null);
/** part ÷ whole in percent, rounded half up to 2 decimals exactly (costs are positive sums here; a negative total gives null). */
const costPercent = (part: bigint, whole: bigint): number | null => (whole > 0n ? Number((part * 20_000n + whole) / (2n * whole)) / 100 : null);

/** Whether a type is current generation: not an EC2 previous-generation family and no cheaper same-size successor. */
export function isCurrentGeneration(type: InstanceType, catalogue: InstanceCatalogue): boolean {
  if (type.generation === 'previous') return false;
  const successor = type.newerFamily ? catalogue.lookup(`${type.newerFamily}.${type.size}`) : undefined;
  const now = type.prices['us-east-1'];
  const next = successor?.prices['us-east-1'];
  return !(now !== null && next !== null && next !== undefined && next < now);
}

interface Accumulator {
  firstDay: string;
  lastDay: string;
  ec2Hours: number;
  ec2Cost: bigint;
  parts: Record<'spot' | 'graviton' | 'currentGeneration', { hours: number; cost: bigint }>;
  unclassifiedHours: number;
  ebsGbMonths: number;
  ebsCost: bigint;
  gp3GbMonths: number;
}

const empty = (day: string): Accumulator => ({
  firstDay: day, lastDay: day, ec2Hours: 0, ec2Cost: 0n, unclassifiedHours: 0, ebsGbMonths: 0, ebsCost: 0n, gp3GbMonths: 0,
  parts: { spot: { hours: 0, cost: 0n }, graviton: { hours: 0, cost: 0n }, currentGeneration: { hours: 0, cost: 0n } },
});

/** Computes the KPIs per month and account, and per month for all accounts. */
export async function efficiencyKpis(engine: Engine, options: KpiOptions = {}): Promise<KpiReport> {
  const span = await billingDaySpan(engine);
  const to = options.asOf === undefined ? span.lastDay : checkDate(options.asOf);
  if (to < span.firstDay) {
    throw new CostlensError('usage', `--as-of ${to} is before the billing data (${span.firstDay} to ${span.lastDay})`, {
      hint: `give a day from ${span.firstDay}, or leave --as-of out for the data horizon ${span.lastDay}`,
    });
  }
  const months = options.months ?? 3;
  const windowStart = monthStart(addMonths(to, -(months - 1)));
  const from = windowStart < span.firstDay ? span.firstDay : windowStart;
  const catalogue = options.catalogue ?? loadInstanceCatalogue();
  const params = { from, to: addDays(to, 1) };
  const [compute, storage] = await Promise.all([engine.run('kpi/ec2_compute_by_type', params), engine.run('kpi/ebs_storage_by_type', params)]);
  const groups = new Map<string, Accumulator>();
  const touch = (month: string, account: string | null, first: string, last: string) => {
    for (const key of [`${month}|${account ?? ''}`, `${month}|*`]) {
      const acc = groups.get(key) ?? empty(first);
      if (first < acc.firstDay) acc.firstDay = first;
      if (last > acc.lastDay) acc.lastDay = last;
      groups.set(key, acc);
    }
    return [groups.get(`${month}|${account ?? ''}`)!, groups.get(`${month}|*`)!];
  };
  for (const r of compute.rows) {
    const hours = Number(r.hours ?? 0);
    const cost = toUnits(r.cost ?? '0');
    const type = catalogue.lookup(r.instance_type ?? '');
    for (const acc of touch(r.month!.slice(0, 7), r.account_id, r.first_day!, r.last_day!)) {
      acc.ec2Hours += hours;
      acc.ec2Cost += cost;
      const add = (part: keyof Accumulator['parts']) => {
        acc.parts[part].hours += hours;
        acc.parts[part].cost += cost;
      };
      if (r.purchase === 'spot') add('spot');
      if (!type) acc.unclassifiedHours += hours;
      else {
        if (type.architecture === 'arm64') add('graviton');
        if (isCurrentGeneration(type, catalogue)) add('currentGeneration');
      }
    }
  }
  for (const r of storage.rows) {
    for (const acc of touch(r.month!.slice(0, 7), r.account_id, r.first_day!, r.last_day!)) {
      acc.ebsGbMonths += Number(r.gb_months ?? 0);
      acc.ebsCost += toUnits(r.cost ?? '0');
      if (r.volume_type === 'gp3') acc.gp3GbMonths += Number(r.gb_months ?? 0);
    }
  }
  const share = (acc: Accumulator, part: keyof Accumulator['parts']): Share => ({
    hours: round6(acc.parts[part].hours),
    cost: fromUnits(acc.parts[part].cost),
    hoursPercent: percent(acc.parts[part].hours, acc.ec2Hours),
    costPercent: costPercent(acc.parts[part].cost, acc.ec2Cost),
  });
  const rows = [...groups.entries()].map(([key, acc]): KpiRow => {
    const [month, account] = key.split('|');
    return {
      month,
      accountId: account === '*' ? null : account,
      firstDay: acc.firstDay,
      lastDay: acc.lastDay,
      ec2Hours: round6(acc.ec2Hours),
      ec2Cost: fromUnits(acc.ec2Cost),
      spot: share(acc, 'spot'),
      graviton: share(acc, 'graviton'),
      currentGeneration: share(acc, 'currentGeneration'),
      unclassifiedHours: round6(acc.unclassifiedHours),
      ebsGbMonths: round6(acc.ebsGbMonths),
      ebsCost: fromUnits(acc.ebsCost),
      gp3GbMonths: round6(acc.gp3GbMonths),
      gp3Percent: percent(acc.gp3GbMonths, acc.ebsGbMonths),
    };
  });
  rows.sort((a, b) => a.month.localeCompare(b.month) || (a.accountId === null ? 1 : b.accountId === null ? -1 : a.accountId.localeCompare(b.accountId)));
  return { from, to, definitions: KPI_DEFINITIONS, rows };
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
