/**
 * Tags the same everywhere. Every analysis that reads a tag key (attribution, unit cost,
 * Explore's tag grouping, the weekly report's owners and team e-mails) turns the store's raw tags
 * into values here, one way:
 * - the key's raw spellings, in pick order: its own, its aliases, and (with foldKeys) every other
 *   spelling in the data that folds to them (src/analyze/attribution/keys.ts, `resolveKey`);
 * - a line's raw value: the value of the first of those spellings that carries a non-blank one
 *   (blank: empty or ASCII spaces alone);
 * - its canonical value: value aliases, case folding and the ASCII spaces at its ends
 *   (`buildValueResolver`), an unconfigured value labelled by its spelling on the most lines.
 * Trimming is one rule in every layer (src/lib/trim-spaces.ts): U+0020 at the ends, nothing else,
 * as SQL's `trim(BOTH ' ' FROM v)` in the queries and their Athena twins; a tab or a no-break space
 * is part of a value, as AWS keeps it.
 * The distinct raw values of a range are few (they come from the store's distinct tag sets), so
 * SQL receives the normalisation as bound lists — the raw keys and the raw → canonical pairs that
 * differ — and groups or filters by canonical value itself (see {@link tagValueParams}).
 * The raw view, for tag hygiene, reads one key exactly as spelled and its values as ingested.
 */
import { listParam } from '../../engine/duckdb.ts';
import type { Engine } from '../../engine/engine.ts';
import { runQuery, type QueryParamTypes } from '../../engine/query-types.ts';
import { addMonths } from '../../lib/calendar.ts';
import { DEFAULT_TAG_KEY_CONFIG, type AttributionConfig } from './config.ts';
import { buildValueResolver, foldKey, resolveKey, type ResolvedKey, type ValueObservation } from './keys.ts';
import { codePointOrder } from '../../lib/order.ts';
import { isBlankValue } from '../../lib/trim-spaces.ts';

/** Half-open date bounds (`YYYY-MM-DD`): billing bounds on BillingPeriodStart, charge bounds on ChargePeriodStart. */
export interface AttributionRange {
  billingFrom?: string;
  billingTo?: string;
  chargeFrom?: string;
  chargeTo?: string;
  /** `usage`: only the usage charge class (what accrues with time; fees, tax and credits left out); default every charge. */
  charges?: 'usage' | 'all';
  /** Sources (x_Source) whose lines the spend read leaves out (readClassifiedSpend: the weekly report's earlier weeks without a delivery that has ended); default none. */
  excludeSources?: readonly string[];
}

/** The bounds of one billing period `YYYY-MM`: its first day and the next period's first day. */
export function billingPeriodBounds(period: string): AttributionRange {
  const start = `${period}-01`;
  return { billingFrom: start, billingTo: addMonths(start, 1) };
}

/** The range bounds every attribution query takes (billing_from, billing_to, charge_from, charge_to). */
export type RangeParams = Pick<QueryParamTypes['attribution/tag_keys'], 'billing_from' | 'billing_to' | 'charge_from' | 'charge_to'>;

/** The query parameters of a range (unset bounds keep the queries' open defaults). */
export function rangeParams(range: AttributionRange): RangeParams {
  return { billing_from: range.billingFrom, billing_to: range.billingTo, charge_from: range.chargeFrom, charge_to: range.chargeTo };
}

/** Reads the raw tag keys present in the range, the most used first (by line items, then in code-point order). */
export async function readTagKeys(engine: Engine, range: AttributionRange): Promise<string[]> {
  const rows = await runQuery(engine, 'attribution/tag_keys', rangeParams(range));
  return rows.map((r) => String(r.tag_key));
}

/**
 * The tag key to try attribution by in a range: the one on the most line items (then the first in
 * code-point order), leaving out the tags AWS generates (`aws:createdBy`, which names who made a
 * resource, not whom to charge) while the lines carry another; undefined when none carries a tag.
 */
export async function mostUsedTagKey(engine: Engine, range: AttributionRange): Promise<string | undefined> {
  const keys = await readTagKeys(engine, range);
  return keys.find((key) => !key.startsWith('aws:')) ?? keys[0];
}

/** A line's raw value of a key: the first raw spelling (in pick order) that carries a non-blank value (not empty nor ASCII spaces alone). */
export function pickRawValue(rawKeys: readonly string[], valueOf: (rawKey: string) => string | null | undefined): { rawKey: string; raw: string } | null {
  for (const rawKey of rawKeys) {
    const raw = valueOf(rawKey);
    if (raw !== null && raw !== undefined && !isBlankValue(raw)) return { rawKey, raw };
  }
  return null;
}

/** One distinct raw value of a key in a range: how many line items carry it, and its canonical value. */
export interface TagValue {
  raw: string;
  lines: number;
  value: string;
}

/** How a key's values are read in a range. */
export interface TagValues {
  /** The key, its settings and its raw spellings in pick order (the raw view: the key alone, as spelled). */
  key: ResolvedKey;
  /** True for the raw view: one key as spelled, values exactly as ingested. */
  raw: boolean;
  /** The value a raw value stands for (null when blank); the raw view returns it unchanged. */
  resolve(raw: string): string | null;
  /** The raw values seen, most lines first (ties: code-point order). */
  values: TagValue[];
}

/** The canonical values of a key, from the raw values seen and their line counts. */
export function canonicalTagValues(key: ResolvedKey, observations: readonly ValueObservation[]): TagValues {
  const resolver = buildValueResolver(key, observations);
  const resolve = (raw: string) => resolver.resolve(raw);
  return { key, raw: false, resolve, values: valuesOf(observations, resolve) };
}

/** The raw view of a key: one spelling, values as ingested. */
export function rawTagValues(tagKey: string, observations: readonly ValueObservation[]): TagValues {
  const key: ResolvedKey = { name: tagKey, settings: DEFAULT_TAG_KEY_CONFIG, rawKeys: [tagKey] };
  const resolve = (raw: string) => (isBlankValue(raw) ? null : raw);
  return { key, raw: true, resolve, values: valuesOf(observations, resolve) };
}

function valuesOf(observations: readonly ValueObservation[], resolve: (raw: string) => string | null): TagValue[] {
  const lines = new Map<string, number>();
  for (const o of observations) lines.set(o.raw, (lines.get(o.raw) ?? 0) + o.lines);
  return [...lines]
    .flatMap(([raw, n]) => {
      const value = resolve(raw);
      return value === null ? [] : [{ raw, lines: n, value }];
    })
    .sort((a, b) => b.lines - a.lines || codePointOrder(a.raw, b.raw));
}

/**
 * Reads how a key's values are read over a range: its raw spellings in the data (with foldKeys),
 * the raw values they carry with their line counts (queries/attribution/tag_values.sql, over the
 * store's distinct tag sets), and each one's canonical value. `raw: true` gives the raw view.
 */
export async function readTagValues(engine: Engine, config: AttributionConfig, tagKey: string, range: AttributionRange, options: { raw?: boolean } = {}): Promise<TagValues> {
  const observe = async (rawKeys: string[]): Promise<ValueObservation[]> => {
    if (rawKeys.length === 0) return [];
    const rows = await runQuery(engine, 'attribution/tag_values', { ...rangeParams(range), tag_keys: listParam(rawKeys) });
    return rows.flatMap((r) => (r.raw_value === null ? [] : [{ raw: r.raw_value, lines: r.lines ?? 0 }]));
  };
  if (options.raw) return rawTagValues(tagKey, await observe([tagKey]));
  const dataKeys = config.foldKeys ? await readTagKeys(engine, range) : undefined;
  const key = resolveKey(config, tagKey, dataKeys);
  return canonicalTagValues(key, await observe(key.rawKeys));
}

/**
 * The bound parameters of a query that reads a key through this module: `tag_keys` (the raw
 * spellings in pick order), and `tag_raw_values` / `tag_values`, the raw values whose canonical
 * value differs from them, paired with it (a raw value not listed stands for itself).
 */
export function tagValueParams(values: TagValues): { tag_keys: string; tag_raw_values: string; tag_values: string } {
  const changed = values.values.filter((v) => v.value !== v.raw);
  return {
    tag_keys: listParam(values.key.rawKeys),
    tag_raw_values: listParam(changed.map((v) => v.raw)),
    tag_values: listParam(changed.map((v) => v.value)),
  };
}

/** The raw values that stand for a value (empty when none does). */
export function rawValuesOf(values: TagValues, value: string): string[] {
  return values.values.filter((v) => v.value === value).map((v) => v.raw);
}

/**
 * The tag keys to offer for a choice, as attribution reads keys: a configured key stands for its
 * own spelling, its aliases and (with foldKeys) the spellings that fold to them; other spellings
 * that fold together are one key, named by the first of them in `rawKeys` (pass the most used
 * first). Keys without a spelling in `rawKeys` are left out.
 */
export function tagKeyChoices(config: AttributionConfig, rawKeys: readonly string[]): string[] {
  const claimed = new Map<string, string>();
  for (const name of Object.keys(config.tags)) {
    for (const raw of resolveKey(config, name, rawKeys).rawKeys) if (!claimed.has(raw)) claimed.set(raw, name);
  }
  const byFold = new Map<string, string>();
  const choices: string[] = [];
  for (const raw of rawKeys) {
    let name = claimed.get(raw);
    if (name === undefined && config.foldKeys) {
      name = byFold.get(foldKey(raw)) ?? raw;
      byFold.set(foldKey(raw), name);
    }
    name ??= raw;
    if (!choices.includes(name)) choices.push(name);
  }
  return choices;
}
