/**
 * Tag coverage: how much of the spend tagging attributes directly, per billing period and by
 * account or service, so finance sees where tagging fails. Each line item's money falls in exactly
 * one class, in this order: `shared` (a shared-cost rule takes it, whether or not it carries the
 * key: attribution splits it by the rule, not by its tag), `tagged` (it carries the key under some
 * spelling), `account default` (its account has a default value), `untagged`. So each class holds
 * the lines of the attribution's methods that group into it (attribute.ts): tag and alias, the
 * shared-cost rules, account-default, untagged.
 */
import type { Engine } from '../../engine/engine.ts';
import type { AttributionConfig } from './config.ts';
import { inCents, roundToCents, sumExact, ZERO, addExact, type Exact } from './cents.ts';
import { controlledRounding } from '../../lib/controlled-rounding.ts';
import { divideRounded } from '../../lib/money.ts';
import { type ResolvedKey } from './keys.ts';
import { readClassifiedSpend, type AttributionRange, type ClassifiedSpend } from './spend.ts';
import type { CostMeasure } from './types.ts';
import { codePointOrder, descending } from '../../lib/order.ts';
import { groupBy } from '../../lib/group-by.ts';

export type CoverageDimension = 'period' | 'account' | 'service';
export const COVERAGE_DIMENSIONS: readonly CoverageDimension[] = ['period', 'account', 'service'];

const CLASSES = ['tagged', 'shared', 'accountDefault', 'untagged'] as const;
export type CoverageClass = (typeof CLASSES)[number];

/**
 * One coverage row, money in cents of the chosen measure: the classes add up to `total`, the
 * totals of a period's rows to the period's exact total rounded once (largest remainder), and each
 * class over a period's rows to that class's cents in the period (controlled rounding).
 */
export interface CoverageRow {
  period: string;
  /** SubAccountId (by account) or ServiceName (by service); '' by period. */
  group: string;
  accountName: string | null;
  tagged: bigint;
  shared: bigint;
  accountDefault: bigint;
  untagged: bigint;
  total: bigint;
  /** tagged ÷ total in hundredths of a percent, rounded half away from zero; null when the total is not positive. */
  coverageHundredths: bigint | null;
}

export interface TagCoverage {
  key: ResolvedKey;
  cost: CostMeasure;
  by: CoverageDimension;
  rows: CoverageRow[];
}

/** Measures tag coverage of a range by period, account or service. */
export async function tagCoverage(
  engine: Engine,
  config: AttributionConfig,
  options: { tagKey: string; range: AttributionRange; cost: CostMeasure; by: CoverageDimension },
): Promise<TagCoverage> {
  const spend = await readClassifiedSpend(engine, config, { tagKey: options.tagKey, range: options.range });
  const buckets = new Map<string, { period: string; group: string; accountName: string | null; amounts: Record<CoverageClass, Exact> }>();
  for (const g of spend.groups) {
    const group = options.by === 'account' ? g.accountId ?? '' : options.by === 'service' ? g.serviceName ?? '' : '';
    const id = `${g.period}\u0000${group}`;
    let bucket = buckets.get(id);
    if (!bucket) buckets.set(id, (bucket = { period: g.period, group, accountName: null, amounts: { tagged: ZERO, shared: ZERO, accountDefault: ZERO, untagged: ZERO } }));
    if (options.by === 'account' && g.accountName) bucket.accountName = g.accountName;
    const cls = coverageClass(g);
    bucket.amounts[cls] = addExact(bucket.amounts[cls], g[options.cost]);
  }
  // The rows of a period split its total both ways (controlled rounding, src/lib/controlled-rounding.ts):
  // their totals are the largest-remainder rounding of the period's exact total rounded once, each
  // row's classes add up to the row's total, and each class over the rows to the class's cents in the
  // period (what --coverage period shows, and attribution's methods grouped as classes: each class is
  // a column group, kept before the rows' totals when not all can be). Equal remainders: the group
  // first in code-point order, then the earlier class.
  const rows: CoverageRow[] = [];
  for (const inPeriod of groupBy([...buckets.values()], (b) => b.period).values()) {
    const bucketsOfPeriod = inPeriod.sort((a, b) => codePointOrder(a.group, b.group));
    const totals = bucketsOfPeriod.map((b) => sumExact(CLASSES.map((c) => b.amounts[c])));
    const rounded = controlledRounding(bucketsOfPeriod.map((b) => CLASSES.map((c) => inCents(b.amounts[c]))), {
      total: roundToCents(sumExact(totals)), columnGroups: CLASSES.map((_, k) => k),
    });
    bucketsOfPeriod.forEach((b, i) => {
      const [tagged, shared, accountDefault, untagged] = rounded.cells[i].map((cents) => cents!);
      rows.push({
        period: b.period, group: b.group, accountName: b.accountName, tagged, shared, accountDefault, untagged, total: rounded.rowTotals[i],
        coverageHundredths: totals[i].num > 0n ? roundRatio(b.amounts.tagged, totals[i]) : null,
      });
    });
  }
  rows.sort((a, b) => codePointOrder(a.period, b.period) || descending(a.untagged, b.untagged) || descending(a.total, b.total) || codePointOrder(a.group, b.group));
  return { key: spend.key, cost: options.cost, by: options.by, rows };
}

/**
 * A group's coverage class: a shared-cost rule's before its tag, as attribution takes it (its
 * method), so every view of coverage (this table, the weekly report's trend) counts a line alike.
 */
export function coverageClass(g: ClassifiedSpend): CoverageClass {
  if (g.rule) return 'shared';
  if (g.tagged) return 'tagged';
  return g.method === 'account-default' ? 'accountDefault' : 'untagged';
}

/** part ÷ whole in hundredths of a percent, half away from zero (whole > 0). */
function roundRatio(part: Exact, whole: Exact): bigint {
  return divideRounded(part.num * whole.den * 10_000n, part.den * whole.num);
}
