/**
 * Tag attribution that finance can sign off: spend per value of a cost-allocation tag, with an
 * explicit `(untagged)` row, account defaults, and shared costs (tax, support…) split by rule into
 * a visible `shared` amount. Every period's rows add up to the period's total to the cent.
 *
 * Each measure stands alone: BilledCost pools are split by the values' billed spend and
 * EffectiveCost pools by their effective spend, so a value's billed figures never depend on the
 * measure chosen with --cost (which only orders the rows).
 *
 * Rounding, once, at the end, so that the table adds up both ways (controlled rounding,
 * src/lib/controlled-rounding.ts): per period and measure, the rows' exact amounts (direct spend
 * plus exact rational shares) become cents that sum to the period total rounded to cents (largest
 * remainder), each row's parts (tag, alias, account-default, untagged, shared:<rule>) add up to the
 * row's cents, and each method's parts over the rows add up to the method's cents (a shared-cost
 * pool's cents: what the values' shares of it add up to), grouped as tag coverage's classes so
 * that those are the cents `--coverage period` shows; every figure is the floor or the ceiling of
 * its exact amount. With --by, a value's rows add up, method by method, to that value's figures
 * without --by. Equal remainders go to the value that sorts first (code-point order), then to the
 * earlier method.
 */
import type { Engine } from '../../engine/engine.ts';
import { CostlensError } from '../../errors.ts';
import type { AttributionConfig } from './config.ts';
import { addExact, apportion, compareExact, inCents, roundToCents, sumExact, ZERO, type Exact } from './cents.ts';
import { controlledRounding } from '../../lib/controlled-rounding.ts';
import { readClassifiedSpend, type AttributionMethod, type ClassifiedSpend } from './spend.ts';
import { proportionalWeights, ruleWeights, splitExact, type SplitWeights } from './split.ts';
import { columnMethods, coverageClassGroups, NO_BY_VALUE, sortedMethods, sortForReading } from './row-order.ts';
import { type ExactPair, NO_EXACT, postedCents, rangeCutsPeriod, rangeMayCutPeriods } from './posted.ts';
import { type PeriodDays, readPeriodDays } from '../charged-days.ts';
import { codePointOrder } from '../../lib/order.ts';
import { COST_MEASURES, type AttributeOptions, type Attribution, type AttributionRow, type CostMeasure, type PeriodAttribution, type RowCents, type SharedPool } from './types.ts';

/** One measure of a period, rounded: each row's total and parts, and each method's total (a pool's cents). */
interface RoundedMeasure {
  rowExact: Exact[];
  totals: bigint[];
  parts: bigint[][];
  total: Exact;
  cents: bigint;
  columnCents: Map<AttributionMethod, bigint>;
}

interface Cell {
  value: string;
  byValue: string;
  parts: Map<AttributionMethod, { billed: Exact; effective: Exact }>;
  /** The fees posted for a charge period longer than a day among the cell's money (posted.ts). */
  posted: ExactPair;
}

/**
 * Attributes the spend of a range by a tag key: per billing period, one row per value (and --by
 * value) with BilledCost and EffectiveCost split into direct and shared cents, and its share.
 */
export async function attributeSpendByTag(engine: Engine, config: AttributionConfig, options: AttributeOptions): Promise<Attribution> {
  const mayCut = options.postedFees === true && rangeMayCutPeriods(options.range);
  const spend = await readClassifiedSpend(engine, config, { ...options, posted: mayCut });
  const periodDays: PeriodDays = mayCut ? await readPeriodDays(engine) : { charged: new Map(), gaps: [] };
  const byPeriod = groupByPeriod(spend.groups);
  const postedByPeriod = groupByPeriod(spend.posted);
  const periods = [...byPeriod.keys()].sort().map((period) => {
    const posted = mayCut && rangeCutsPeriod(options.range, period, periodDays.charged) ? postedByPeriod.get(period) ?? [] : null;
    return allocatePeriod(period, byPeriod.get(period)!, posted, config, options, spend.resolveValue);
  });
  return { key: spend.key, byKey: spend.byKey, cost: options.cost, periods, ...(mayCut ? { periodDays } : {}) };
}

function groupByPeriod(groups: readonly ClassifiedSpend[]): Map<string, ClassifiedSpend[]> {
  const byPeriod = new Map<string, ClassifiedSpend[]>();
  for (const g of groups) {
    const list = byPeriod.get(g.period);
    if (list) list.push(g);
    else byPeriod.set(g.period, [g]);
  }
  return byPeriod;
}

/**
 * One period's rows. `posted` (null: not asked, or the range does not cut the period) are the fees
 * posted for a charge period longer than a day among `groups`, each part of the group of the same
 * classification: a cell's own, or a pool's, split by the pool's weights as the pool is.
 */
function allocatePeriod(period: string, groups: ClassifiedSpend[], posted: ClassifiedSpend[] | null, config: AttributionConfig, options: AttributeOptions, resolveValue: (raw: string) => string): PeriodAttribution {
  const cells = new Map<string, Cell>();
  const cell = (value: string, byValue: string): Cell => {
    const id = `${value}\u0000${byValue}`;
    let c = cells.get(id);
    if (!c) cells.set(id, (c = { value, byValue, parts: new Map(), posted: NO_EXACT }));
    return c;
  };
  const addPosted = (holder: { posted: ExactPair }, measure: CostMeasure, amount: Exact) => {
    holder.posted = { ...holder.posted, [measure]: addExact(holder.posted[measure], amount) };
  };
  const addPart = (c: Cell, method: AttributionMethod, billed: Exact, effective: Exact) => {
    const part = c.parts.get(method) ?? { billed: ZERO, effective: ZERO };
    c.parts.set(method, { billed: addExact(part.billed, billed), effective: addExact(part.effective, effective) });
  };
  const pools = new Map<string, { billed: Exact; effective: Exact; lines: number; posted: ExactPair }>();
  for (const g of groups) {
    if (g.rule) {
      const pool = pools.get(g.rule.name) ?? { billed: ZERO, effective: ZERO, lines: 0, posted: NO_EXACT };
      pools.set(g.rule.name, { ...pool, billed: addExact(pool.billed, g.billed), effective: addExact(pool.effective, g.effective), lines: pool.lines + g.lines });
    } else {
      addPart(cell(g.value, g.byValue), g.method, g.billed, g.effective);
    }
  }
  for (const g of posted ?? []) {
    const holder = g.rule ? pools.get(g.rule.name) : cells.get(`${g.value}\u0000${g.byValue}`);
    if (!holder) throw new CostlensError('internal', `attribution of ${period}: fees posted for ${g.value} are in none of its rows`);
    for (const measure of COST_MEASURES) addPosted(holder, measure, g[measure]);
  }

  // Attributed (non-shared) spend per value and per (value, by value), in each measure: that measure's split weights.
  const directByValue = { billed: new Map<string, Exact>(), effective: new Map<string, Exact>() };
  const directByPair = { billed: new Map<string, Map<string, Exact>>(), effective: new Map<string, Map<string, Exact>>() };
  for (const c of cells.values()) {
    for (const measure of COST_MEASURES) {
      const amount = sumExact([...c.parts.values()].map((p) => p[measure]));
      directByValue[measure].set(c.value, addExact(directByValue[measure].get(c.value) ?? ZERO, amount));
      const pairs = directByPair[measure].get(c.value) ?? new Map<string, Exact>();
      pairs.set(c.byValue, amount);
      directByPair[measure].set(c.value, pairs);
    }
  }
  const sharedPools: Omit<SharedPool, 'billedCents' | 'effectiveCents'>[] = [];
  for (const rule of config.sharedCosts) {
    const pool = pools.get(rule.name);
    if (!pool) continue;
    const recipients = { billed: [] as string[], effective: [] as string[] };
    for (const measure of COST_MEASURES) {
      const weights = ruleWeights(rule, directByValue[measure], resolveValue);
      recipients[measure] = weights.recipients;
      const shares = splitExact(pool[measure], weights);
      const postedShares = splitExact(pool.posted[measure], weights);
      weights.recipients.forEach((value, i) => {
        const within = options.byKey ? byValueWeights(directByPair[measure].get(value)) : { recipients: [''], weights: [1n] };
        const postedWithin = splitExact(postedShares[i], within);
        splitExact(shares[i], within).forEach((amount, j) => {
          const c = cell(value, within.recipients[j]);
          addPart(c, `shared:${rule.name}`, measure === 'billed' ? amount : ZERO, measure === 'effective' ? amount : ZERO);
          addPosted(c, measure, postedWithin[j]);
        });
      });
    }
    sharedPools.push({ rule: rule.name, split: rule.split, lines: pool.lines, billed: pool.billed, effective: pool.effective, recipients });
  }

  // Rows in value then --by value order: a value's rows are together, and equal remainders go to the value (and
  // --by value) that sorts first; columns are the methods in the order tag, alias, account-default, untagged, then
  // the rules', so equal remainders within a row go to the earlier method.
  const ordered = [...cells.values()].sort((a, b) => codePointOrder(a.value, b.value) || codePointOrder(a.byValue, b.byValue));
  const methods = columnMethods(ordered, config);
  const columnGroups = coverageClassGroups(methods);
  const valueIndex = new Map<string, number>();
  for (const c of ordered) if (!valueIndex.has(c.value)) valueIndex.set(c.value, valueIndex.size);
  const groupOf = ordered.map((c) => valueIndex.get(c.value)!);
  const rounded = new Map<CostMeasure, RoundedMeasure>();
  for (const measure of COST_MEASURES) {
    const total = sumExact(groups.map((g) => g[measure]));
    const table = ordered.map((c) => methods.map((m) => (c.parts.has(m) ? c.parts.get(m)![measure] : null)));
    const rowExact = table.map((row) => sumExact(row.filter((a): a is Exact => a !== null)));
    if (compareExact(sumExact(rowExact), total) !== 0) {
      throw new CostlensError('internal', `attribution of ${period} lost money: rows sum to a different ${measure} total than the line items`);
    }
    const cents = roundToCents(total);
    const rows = controlledRounding(table.map((row) => row.map((a) => (a === null ? null : inCents(a)))), { total: cents, rowGroups: groupOf, columnGroups });
    const parts = ordered.map((c, i) => sortedMethods(c.parts, config).map((m) => rows.cells[i][methods.indexOf(m)]!));
    assertConserved(period, measure, rows.rowTotals, parts, cents);
    const columnCents = new Map(methods.map((m, j) => [m, rows.columnTotals[j]]));
    rounded.set(measure, { rowExact, totals: rows.rowTotals, parts, total, cents, columnCents });
  }
  const sharesOf = (measure: CostMeasure): bigint[] | null => {
    const r = rounded.get(measure)!;
    return r.total.num > 0n ? apportion(r.rowExact, 10_000n, { num: r.total.num, den: r.total.den * 10_000n }) : null;
  };
  const shares = { billed: sharesOf('billed'), effective: sharesOf('effective') };
  const postedFees = posted ? postedCents(ordered.map((c) => c.posted), groupOf) : null;

  const rows: AttributionRow[] = ordered.map((c, i) => {
    const methods = sortedMethods(c.parts, config);
    const centsOf = (measure: CostMeasure): RowCents => {
      const r = rounded.get(measure)!;
      const shared = methods.reduce((s, m, k) => (m.startsWith('shared:') ? s + r.parts[i][k] : s), 0n);
      return { direct: r.totals[i] - shared, shared, total: r.totals[i] };
    };
    return {
      period, value: c.value, byValue: c.byValue, methods,
      billed: centsOf('billed'), effective: centsOf('effective'),
      exact: { billed: rounded.get('billed')!.rowExact[i], effective: rounded.get('effective')!.rowExact[i] },
      shareHundredths: { billed: shares.billed?.[i] ?? null, effective: shares.effective?.[i] ?? null },
      parts: methods.map((method, k) => ({ method, billed: rounded.get('billed')!.parts[i][k], effective: rounded.get('effective')!.parts[i][k] })),
      postedFees: postedFees?.rows[i] ?? null,
    };
  });
  const billed = rounded.get('billed')!;
  const effective = rounded.get('effective')!;
  return {
    period,
    lines: groups.reduce((n, g) => n + g.lines, 0),
    total: { billed: billed.total, effective: effective.total, billedCents: billed.cents, effectiveCents: effective.cents },
    pools: sharedPools.map((pool) => ({
      ...pool, billedCents: billed.columnCents.get(`shared:${pool.rule}`)!, effectiveCents: effective.columnCents.get(`shared:${pool.rule}`)!,
    })),
    rows: sortForReading(rows, options.cost),
    postedFees: postedFees?.period ?? null,
  };
}

/** Within a value, a shared amount follows the value's attributed spend per --by value. */
function byValueWeights(pairs: ReadonlyMap<string, Exact> | undefined): SplitWeights {
  const positive = [...(pairs?.keys() ?? [])].filter((b) => pairs!.get(b)!.num > 0n).sort(codePointOrder);
  return positive.length > 0 ? proportionalWeights(positive, pairs!) : { recipients: [NO_BY_VALUE], weights: [1n] };
}

function assertConserved(period: string, measure: string, totals: bigint[], parts: bigint[][], cents: bigint) {
  const sum = totals.reduce((s, t) => s + t, 0n);
  const partsOk = parts.every((p, i) => p.reduce((s, x) => s + x, 0n) === totals[i]);
  if (sum !== cents || !partsOk) throw new CostlensError('internal', `attribution of ${period}: ${measure} cents do not add up to the total`);
}
