/**
 * A week's spend, exact, in every cut the report shows: the total, per service, per account, and
 * per value of the owner and cost-centre tags (attribution: aliases, account defaults and
 * shared-cost rules applied, rows summed over the billing periods the week touches), with the
 * owner's spend broken down by service and account for the team e-mails, and tag coverage.
 * Charges belong to the UTC day of ChargePeriodStart; a week is `[Monday, next Monday)`.
 */
import { addExact, attributeSpendByTag, type AttributionConfig, type ClassifiedSpend, coverageClass, type Exact, readClassifiedSpend, sumExact, ZERO } from '../analyze/attribution/index.ts';
import type { Engine } from '../engine/engine.ts';
import type { IsoWeek } from './week.ts';

/** BilledCost and EffectiveCost, exact. */
export interface Amounts {
  billed: Exact;
  effective: Exact;
}

export const NO_AMOUNTS: Amounts = { billed: ZERO, effective: ZERO };

/** The label of spend that attribution gave to a shared-cost rule, in a team's service and account cuts. */
export const SHARED_LABEL = '(shared costs)';

/** Adds two amounts. */
export function addAmounts(a: Amounts, b: Amounts): Amounts {
  return { billed: addExact(a.billed, b.billed), effective: addExact(a.effective, b.effective) };
}

/** a − b, exact. */
export function subtractExact(a: Exact, b: Exact): Exact {
  return addExact(a, { num: -b.num, den: b.den });
}

/** a − b. */
export function subtractAmounts(a: Amounts, b: Amounts): Amounts {
  return { billed: subtractExact(a.billed, b.billed), effective: subtractExact(a.effective, b.effective) };
}

/**
 * Tag coverage of a key: each line's money in exactly one class, by attribution's one rule
 * (`coverageClass`, as `costlens attribute --coverage` classes it): a line a shared-cost rule takes
 * is shared even when it carries the key.
 */
export interface Coverage {
  tagged: Amounts;
  shared: Amounts;
  accountDefault: Amounts;
  untagged: Amounts;
}

/** A team's direct spend by service and by account; shared-cost shares appear under {@link SHARED_LABEL}. */
export interface ValueDetail {
  byService: Map<string, Amounts>;
  byAccount: Map<string, Amounts>;
}

/** The week's spend by one tag key. */
export interface KeySpend {
  /** The key as attribution names it. */
  key: string;
  /** Every value (and `(untagged)`): direct plus shared spend; the values add up to the week's total exactly. */
  byValue: Map<string, Amounts>;
  coverage: Coverage;
  /** Per value: its spend by service and account (direct lines, plus its shared share as one entry). */
  detail: Map<string, ValueDetail>;
  /** The value a spelling stands for in this week (`Payments ` → `payments`), as src/analyze/attribution/tag-values.ts reads the key. */
  canonical(value: string): string;
}

/** One week, every cut. */
export interface WeekSpend {
  week: IsoWeek;
  lines: number;
  total: Amounts;
  byService: Map<string, Amounts>;
  byAccount: Map<string, Amounts>;
  accountNames: Map<string, string>;
  owner: KeySpend;
  costCentre: KeySpend;
}

/** The service label of a group (ServiceName, else the product code, else `(none)`), as the daily_spend rollup names it (src/store/daily-spend.ts). */
export function serviceOf(g: Pick<ClassifiedSpend, 'serviceName' | 'productCode'>): string {
  return g.serviceName ?? g.productCode ?? '(none)';
}

function add<K>(map: Map<K, Amounts>, key: K, amounts: Amounts): void {
  map.set(key, addAmounts(map.get(key) ?? NO_AMOUNTS, amounts));
}

const amountsOf = (g: { billed: Exact; effective: Exact }): Amounts => ({ billed: g.billed, effective: g.effective });

async function keySpend(engine: Engine, config: AttributionConfig, tagKey: string, week: IsoWeek, charges: 'usage' | 'all', excludeSources: readonly string[]): Promise<{ spend: KeySpend; groups: ClassifiedSpend[] }> {
  const range = { chargeFrom: week.start, chargeTo: week.end, charges, excludeSources };
  const classified = await readClassifiedSpend(engine, config, { tagKey, range });
  const attribution = await attributeSpendByTag(engine, config, { tagKey, range, cost: 'billed' });
  const byValue = new Map<string, Amounts>();
  for (const period of attribution.periods) {
    for (const row of period.rows) add(byValue, row.value, { billed: row.exact.billed, effective: row.exact.effective });
  }
  const coverage: Coverage = { tagged: NO_AMOUNTS, shared: NO_AMOUNTS, accountDefault: NO_AMOUNTS, untagged: NO_AMOUNTS };
  const detail = new Map<string, ValueDetail>();
  const direct = new Map<string, Amounts>();
  for (const g of classified.groups) {
    const cls = coverageClass(g);
    coverage[cls] = addAmounts(coverage[cls], amountsOf(g));
    if (g.rule) continue;
    let d = detail.get(g.value);
    if (!d) detail.set(g.value, (d = { byService: new Map(), byAccount: new Map() }));
    add(d.byService, serviceOf(g), amountsOf(g));
    add(d.byAccount, g.accountId ?? '(none)', amountsOf(g));
    add(direct, g.value, amountsOf(g));
  }
  for (const [value, amounts] of byValue) {
    const shared = subtractAmounts(amounts, direct.get(value) ?? NO_AMOUNTS);
    if (shared.billed.num === 0n && shared.effective.num === 0n) continue;
    let d = detail.get(value);
    if (!d) detail.set(value, (d = { byService: new Map(), byAccount: new Map() }));
    add(d.byService, SHARED_LABEL, shared);
    add(d.byAccount, SHARED_LABEL, shared);
  }
  return { spend: { key: classified.key.name, byValue, coverage, detail, canonical: classified.resolveValue }, groups: classified.groups };
}

/**
 * Reads one week: every charge, or with `charges: 'usage'` the usage charge class only (what the
 * report compares week on week: fees, tax and credits post once a billing period). `engine` should
 * be a {@link sharingReads} when several weeks or keys are read: attribution and classification then
 * share their queries. `excludeSources`: sources whose lines are left out (an earlier week compared
 * without the data of a delivery that has ended before the report week: week-source-end.ts).
 */
export async function readWeekSpend(engine: Engine, config: AttributionConfig, keys: { owner: string; costCentre: string }, week: IsoWeek, charges: 'usage' | 'all' = 'all',
  excludeSources: readonly string[] = []): Promise<WeekSpend> {
  const owner = await keySpend(engine, config, keys.owner, week, charges, excludeSources);
  const costCentre = await keySpend(engine, config, keys.costCentre, week, charges, excludeSources);
  const byService = new Map<string, Amounts>();
  const byAccount = new Map<string, Amounts>();
  const accountNames = new Map<string, string>();
  for (const g of owner.groups) {
    add(byService, serviceOf(g), amountsOf(g));
    const account = g.accountId ?? '(none)';
    add(byAccount, account, amountsOf(g));
    if (g.accountName) accountNames.set(account, g.accountName);
  }
  return {
    week,
    lines: owner.groups.reduce((n, g) => n + g.lines, 0),
    total: { billed: sumExact(owner.groups.map((g) => g.billed)), effective: sumExact(owner.groups.map((g) => g.effective)) },
    byService,
    byAccount,
    accountNames,
    owner: owner.spend,
    costCentre: costCentre.spend,
  };
}
