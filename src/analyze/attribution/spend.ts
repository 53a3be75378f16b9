/**
 * Reads spend for attribution through the Engine and classifies it: one aggregated group (period,
 * account, service, charge category, product code, raw tag values) at a time, never one line item
 * at a time. Each group gets its value for the attribution key (and the --by key), the shared-cost
 * rule that takes it if any, and the method that attributed it.
 */
import { listCell, type Engine } from '../../engine/engine.ts';
import { listParam } from '../../engine/duckdb.ts';
import { type QueryRowTypes, runQuery } from '../../engine/query-types.ts';
import { CostlensError } from '../../errors.ts';
import type { AttributionConfig, SharedCostRule } from './config.ts';
import { exactUnits, type Exact } from './cents.ts';
import { foldKey, keySettings, resolveKey, storedUserTagKey, type ResolvedKey, type ValueObservation } from './keys.ts';
import { canonicalTagValues, pickRawValue, rangeParams, readTagKeys, type AttributionRange, type TagValues } from './tag-values.ts';

export { billingPeriodBounds, rangeParams, readTagKeys, type AttributionRange } from './tag-values.ts';

export const UNTAGGED = '(untagged)';

/** How a row's money was attributed. */
export type AttributionMethod = 'tag' | 'alias' | 'account-default' | 'untagged' | `shared:${string}`;

/** One aggregated group of line items, as spend_by_tag_values.sql returns it. */
export interface SpendGroup {
  /** Billing period, `YYYY-MM`. */
  period: string;
  accountId: string | null;
  accountName: string | null;
  serviceName: string | null;
  chargeCategory: string | null;
  productCode: string | null;
  lines: number;
  billed: Exact;
  effective: Exact;
}

/** A group with its attribution. */
export interface ClassifiedSpend extends SpendGroup {
  /** The attribution key's value: canonical, an account default, or (untagged). Unused when `rule` is set. */
  value: string;
  /** The --by key's value (or '' without --by). */
  byValue: string;
  method: AttributionMethod;
  /** Whether the line carries the attribution key under some spelling (tag coverage). */
  tagged: boolean;
  /** The first shared-cost rule that matches the group, if any. */
  rule: SharedCostRule | null;
}

/** What the classification read: the keys with the raw spellings found, and the classified groups. */
export interface ClassifiedSpendSet {
  key: ResolvedKey;
  byKey?: ResolvedKey;
  groups: ClassifiedSpend[];
  /**
   * With `posted`, the lines of `groups` charged for a charge period longer than a day (the month's
   * RI and Support fees, tax, monthly credits), grouped and classified as `groups` (each is part of
   * the group of the same account, service, charge category, product code and tag values, and takes
   * its value, method and rule); else empty.
   */
  posted: ClassifiedSpend[];
  /** The attribution key's value resolver (shared-cost `fixed` recipients are resolved through it). */
  resolveValue(raw: string): string;
  /** The attribution key's values as src/analyze/attribution/tag-values.ts reads them over the range. */
  values: TagValues;
}

interface Dimension {
  key: ResolvedKey;
  /** Its canonical values over the range (set once the aggregate is read). */
  values?: TagValues;
}

/**
 * Reads and classifies the spend of a range for one attribution key (and optionally a --by key).
 * With foldKeys (the default) the raw keys of the range are listed first, so every spelling that
 * folds to a key is read; a line that carries several of them takes the value of the first in
 * {@link ResolvedKey.rawKeys} order. With `posted`, the fees posted in the range for a charge period
 * longer than a day are read too (attribution/posted_by_tag_values) and classified alike.
 */
export async function readClassifiedSpend(
  engine: Engine,
  config: AttributionConfig,
  options: { tagKey: string; byKey?: string; range: AttributionRange; posted?: boolean },
): Promise<ClassifiedSpendSet> {
  const dataKeys = config.foldKeys ? await readTagKeys(engine, options.range) : undefined;
  const dimensions = new Map<string, Dimension>();
  /** Every raw key any dimension reads, in first-use order: the query's `tag_keys`. */
  const readKeys: string[] = [];
  const dimension = (name: string): Dimension => {
    const canonical = keySettings(config, name).name;
    const existing = dimensions.get(canonical);
    if (existing) return existing;
    const key = resolveKey(config, name, dataKeys);
    for (const raw of key.rawKeys) if (!readKeys.includes(raw)) readKeys.push(raw);
    const created: Dimension = { key };
    dimensions.set(canonical, created);
    return created;
  };
  const main = dimension(options.tagKey);
  const by = options.byKey ? dimension(options.byKey) : undefined;
  if (by && (by === main || (config.foldKeys && foldKey(by.key.name) === foldKey(main.key.name)))) throw new CostlensError('usage', `--by ${options.byKey} is the same key as --tag ${options.tagKey}`);
  const ruleKeys = new Map<SharedCostRule, { dim: Dimension; values: string[] }[]>();
  for (const rule of config.sharedCosts) {
    ruleKeys.set(rule, Object.entries(rule.match.tag ?? {}).map(([k, values]) => ({ dim: dimension(k), values })));
  }
  const params = { ...rangeParams(options.range), charges: options.range.charges ?? 'all', tag_keys: listParam(readKeys), exclude_sources: listParam(options.range.excludeSources ?? []) } as const;
  const [rows, postedRows] = await Promise.all([
    runQuery(engine, 'attribution/spend_by_tag_values', params).then(spendRows),
    options.posted ? runQuery(engine, 'attribution/posted_by_tag_values', params).then(spendRows) : [],
  ]);

  // The raw (key, value) each dimension picks per group; canonical values from what the spend shows (posted lines are part of it).
  const picksOf = (dim: Dimension, rowSet: readonly SpendRow[]) =>
    rowSet.map(({ tagValues }) => pickRawValue(dim.key.rawKeys, (rawKey) => tagValues[readKeys.indexOf(rawKey)]));
  for (const dim of dimensions.values()) {
    const observations: ValueObservation[] = picksOf(dim, rows).flatMap((p, i) => (p ? [{ raw: p.raw, lines: rows[i].group.lines }] : []));
    dim.values = canonicalTagValues(dim.key, observations);
  }

  // The key as asked and, for AWS's spelling of a user-defined tag (user:Team), as stored: read under either, a value is the tag's own.
  const ownSpellings = new Set([main.key.name, storedUserTagKey(main.key.name)]);
  const classify = (rowSet: readonly SpendRow[]): ClassifiedSpend[] => {
    const picked = new Map([...dimensions.values()].map((dim) => [dim, picksOf(dim, rowSet)]));
    const taggedValueOf = (dim: Dimension, i: number): string | null => {
      const pick = picked.get(dim)![i];
      return pick ? dim.values!.resolve(pick.raw) : null;
    };
    const valueOf = (dim: Dimension, i: number, accountId: string | null): string | null => {
      const tagged = taggedValueOf(dim, i);
      if (tagged !== null) return tagged;
      const fallback = accountId ? dim.key.settings.accountDefaults[accountId] : undefined;
      return fallback ? dim.values!.resolve(fallback) : null;
    };
    return rowSet.map(({ group }, i) => {
      const rule = config.sharedCosts.find((r) => matchesRule(r, group, ruleKeys.get(r)!, (dim) => taggedValueOf(dim, i))) ?? null;
      const pick = picked.get(main)![i];
      const value = valueOf(main, i, group.accountId);
      let method: AttributionMethod;
      if (rule) method = `shared:${rule.name}`;
      else if (pick) method = ownSpellings.has(pick.rawKey) && pick.raw === value ? 'tag' : 'alias';
      else method = value === null ? 'untagged' : 'account-default';
      return {
        ...group,
        value: value ?? UNTAGGED,
        byValue: by ? valueOf(by, i, group.accountId) ?? UNTAGGED : '',
        method,
        tagged: pick !== null,
        rule,
      };
    });
  };
  const values = main.values!;
  return { key: main.key, byKey: by?.key, groups: classify(rows), posted: classify(postedRows), resolveValue: (raw) => values.resolve(raw) ?? raw, values };
}

/** A row of spend_by_tag_values (or posted_by_tag_values): its group and its raw tag values. */
interface SpendRow {
  group: SpendGroup;
  tagValues: (string | null)[];
}

function spendRows(result: readonly QueryRowTypes['attribution/spend_by_tag_values'][]): SpendRow[] {
  return result.map((r) => ({
    group: {
      period: String(r.billing_period).slice(0, 7),
      accountId: r.account_id,
      accountName: r.account_name,
      serviceName: r.service_name,
      chargeCategory: r.charge_category,
      productCode: r.product_code,
      lines: r.lines ?? 0,
      billed: exactUnits(r.billed_cost ?? 0n),
      effective: exactUnits(r.effective_cost ?? 0n),
    },
    tagValues: listCell(r.tag_values),
  }));
}

const sameText = (a: string | null, list: string[] | undefined) =>
  list === undefined || (a !== null && list.some((x) => x.toLowerCase() === a.toLowerCase()));

/**
 * Whether a group matches a rule: every criterion given must hold (any of its listed values).
 * Text criteria ignore case; tag criteria compare normalised values of the line's own tags
 * (account defaults do not make a line match).
 */
function matchesRule(
  rule: SharedCostRule,
  group: SpendGroup,
  tagCriteria: { dim: Dimension; values: string[] }[],
  valueOf: (dim: Dimension) => string | null,
): boolean {
  const m = rule.match;
  if (!sameText(group.chargeCategory, m.chargeCategory) || !sameText(group.serviceName, m.serviceName) || !sameText(group.productCode, m.productCode)) return false;
  if (m.accountId && (group.accountId === null || !m.accountId.includes(group.accountId))) return false;
  return tagCriteria.every(({ dim, values }) => {
    const actual = valueOf(dim);
    return actual !== null && values.some((v) => dim.values!.resolve(v) === actual);
  });
}
