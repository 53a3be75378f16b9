/**
 * Tag hygiene: near-duplicate values of a tag key, proposed as value aliases with the money they
 * would move, before finance signs the attribution off. Values are compared as attribution reads
 * them today (src/analyze/attribution/tag-values.ts: configured aliases, case folding, trimming), so a
 * suggestion is only made where the current config still keeps two spellings apart:
 * - `case`: they differ only in case (when the key does not fold case);
 * - `separators`: they differ only in case, spaces, `-`, `_`, `.` or `/` (`data_platform`, `DataPlatform`), and
 *   each holds something else (a value of separators alone, such as a tab, is no one's spelling);
 * - `edit distance N`: once folded so, N ≤ 2 insertions, deletions, substitutions or swaps of
 *   neighbouring letters (`paymnets`), between values of at least 5 folded letters (shorter
 *   values, like `ml` and `qa`, are too close to tell apart) with the same digits (codes such as
 *   `CC-1001` and `CC-2001` are different values).
 * In each group of near-duplicates the value the config already names as canonical is kept,
 * else the one on the most lines (ties: more BilledCost, then code-point order); the others are
 * proposed as its aliases, each with the BilledCost and EffectiveCost of its lines in the range.
 * Keys likewise: a raw key in the range that attribution does not read as the key yet, and that
 * differs from it only in case and separators or (folded, at least 4 letters) by an edit distance
 * ≤ 2, is proposed as a key alias, with the money of the lines it would newly give a value.
 */
import { listParam } from '../../engine/duckdb.ts';
import type { Engine } from '../../engine/engine.ts';
import { runQuery } from '../../engine/query-types.ts';
import type { AttributionConfig } from './config.ts';
import { foldKey } from './keys.ts';
import { rangeParams, readTagKeys, type AttributionRange } from './spend.ts';
import { readTagValues, type TagValues } from './tag-values.ts';
import { groupBy } from '../../lib/group-by.ts';
import { descending, codePointOrder } from '../../lib/order.ts';
import { trimSpaces } from '../../lib/trim-spaces.ts';

/** A value as attribution reads it now, with the raw spellings, lines and money behind it. */
export interface ValueGroup {
  value: string;
  spellings: string[];
  lines: number;
  billed: bigint;
  effective: bigint;
}

/** One proposed alias: `alias` (and its spellings) to be read as `canonical`. */
export interface AliasSuggestion {
  canonical: string;
  alias: ValueGroup;
  /** Why the two look alike: `case`, `separators` or `edit distance N`. */
  reason: string;
}

/** The suggestions for one key, with what they were read from. */
export interface AliasSuggestions {
  key: string;
  rawKeys: string[];
  foldValueCase: boolean;
  /** The key's configured values (canonical → aliases), which the snippet extends. */
  configured: Record<string, string[]>;
  groups: ValueGroup[];
  suggestions: AliasSuggestion[];
  /** The key's configured aliases, which the snippet extends. */
  configuredKeys: string[];
  keySuggestions: KeySuggestion[];
}

/** A raw key proposed as an alias of the key, with the lines and money it would newly tag. */
export interface KeySuggestion {
  alias: string;
  reason: string;
  lines: number;
  billed: bigint;
  effective: bigint;
}

/** How a raw key looks like the key (compared folded: case and separators aside), or null. */
export function nearKey(key: string, raw: string): string | null {
  if (key === raw || raw.startsWith('aws:')) return null;
  const fa = foldKey(key);
  const fb = foldKey(raw);
  if (fa === fb) return key.toLowerCase() === raw.toLowerCase() ? 'case' : 'separators';
  if (Math.min(fa.length, fb.length) < 4 || fa.replace(/\D/g, '') !== fb.replace(/\D/g, '')) return null;
  const d = editDistance(fa, fb, MAX_EDIT_DISTANCE);
  return d <= MAX_EDIT_DISTANCE ? `edit distance ${d}` : null;
}

const SEPARATORS = /[\s\-_./]/g;
const MIN_EDIT_LENGTH = 5;
const MAX_EDIT_DISTANCE = 2;

/** How two values look alike, or null when they do not. */
export function nearDuplicate(a: string, b: string): string | null {
  if (a === b) return null;
  if (a.toLowerCase() === b.toLowerCase()) return 'case';
  const fa = a.toLowerCase().replace(SEPARATORS, '');
  const fb = b.toLowerCase().replace(SEPARATORS, '');
  if (fa === '' || fb === '') return null; // a value of separators alone ("\t", a no-break space) names nothing to fold into
  if (fa === fb) return 'separators';
  if (Math.min(fa.length, fb.length) < MIN_EDIT_LENGTH) return null;
  if (fa.replace(/\D/g, '') !== fb.replace(/\D/g, '')) return null; // codes: CC-1001 and CC-2001 are different values
  const d = editDistance(fa, fb, MAX_EDIT_DISTANCE);
  return d <= MAX_EDIT_DISTANCE ? `edit distance ${d}` : null;
}

/** Optimal-string-alignment distance (a swap of neighbours counts 1); stops early above `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      row.push(d);
    }
    rows.push(row);
  }
  return rows[a.length][b.length];
}

/** Groups raw values by the value attribution reads them as, with their lines and money. */
export function valueGroups(values: TagValues, spend: Map<string, { lines: number; billed: bigint; effective: bigint }>): ValueGroup[] {
  const groups = new Map<string, ValueGroup>();
  for (const v of values.values) {
    const g = groups.get(v.value) ?? { value: v.value, spellings: [], lines: 0, billed: 0n, effective: 0n };
    const s = spend.get(v.raw);
    g.spellings.push(v.raw);
    g.lines += s?.lines ?? v.lines;
    g.billed += s?.billed ?? 0n;
    g.effective += s?.effective ?? 0n;
    groups.set(v.value, g);
  }
  return [...groups.values()];
}

/** Clusters near-duplicate groups and proposes every member but the kept one as an alias of it. */
export function proposeAliases(groups: readonly ValueGroup[], configured: Record<string, string[]>): AliasSuggestion[] {
  const parent = groups.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let i = 0; i < groups.length; i++) {
    for (let j = i + 1; j < groups.length; j++) {
      if (nearDuplicate(groups[i].value, groups[j].value) !== null) parent[find(j)] = find(i);
    }
  }
  const clusters = groupBy(groups, (_g, i) => find(i));
  const named = new Set(Object.keys(configured).map(trimSpaces));
  const suggestions: AliasSuggestion[] = [];
  for (const members of clusters.values()) {
    if (members.length < 2) continue;
    const [kept, ...others] = [...members].sort((a, b) =>
      Number(named.has(b.value)) - Number(named.has(a.value)) || b.lines - a.lines || descending(a.billed, b.billed) || codePointOrder(a.value, b.value));
    for (const alias of others) {
      suggestions.push({ canonical: kept.value, alias, reason: nearDuplicate(kept.value, alias.value) ?? reasonVia(members, kept, alias) });
    }
  }
  return suggestions.sort((a, b) => descending(a.alias.billed, b.alias.billed) || codePointOrder(a.alias.value, b.alias.value));
}

/** A member joined through another member: name the link it has to one of them. */
function reasonVia(members: readonly ValueGroup[], kept: ValueGroup, alias: ValueGroup): string {
  const via = members.find((m) => m !== alias && m !== kept && nearDuplicate(m.value, alias.value) !== null);
  return via ? `${nearDuplicate(via.value, alias.value)} from ${via.value}` : 'near duplicate';
}

/** Reads a key's values over a range and proposes aliases for its near-duplicate values and keys. */
export async function suggestValueAliases(engine: Engine, config: AttributionConfig, tagKey: string, range: AttributionRange): Promise<AliasSuggestions> {
  const values = await readTagValues(engine, config, tagKey, range);
  const spendOf = async (rawKeys: string[]) => {
    const spend = new Map<string, { lines: number; billed: bigint; effective: bigint }>();
    if (rawKeys.length === 0) return spend;
    const rows = await runQuery(engine, 'attribution/tag_value_spend', { ...rangeParams(range), tag_keys: listParam(rawKeys) });
    for (const r of rows) {
      if (r.raw_value !== null) spend.set(r.raw_value, { lines: r.lines ?? 0, billed: r.billed_cost ?? 0n, effective: r.effective_cost ?? 0n });
    }
    return spend;
  };
  const spend = await spendOf(values.key.rawKeys);
  const groups = valueGroups(values, spend);
  const configured = values.key.settings.values;
  const tagged = sumSpend(spend);
  const keySuggestions: KeySuggestion[] = [];
  // In code-point order (readTagKeys lists the most used first): the aliases' order in the snippet is their pick order.
  for (const raw of (await readTagKeys(engine, range)).sort(codePointOrder)) {
    const reason = values.key.rawKeys.includes(raw) ? null : nearKey(values.key.name, raw);
    if (reason === null) continue;
    const more = sumSpend(await spendOf([...values.key.rawKeys, raw]));
    keySuggestions.push({ alias: raw, reason, lines: more.lines - tagged.lines, billed: more.billed - tagged.billed, effective: more.effective - tagged.effective });
  }
  return {
    key: values.key.name, rawKeys: values.key.rawKeys, foldValueCase: values.key.settings.foldValueCase, configured,
    groups, suggestions: proposeAliases(groups, configured),
    configuredKeys: values.key.settings.aliases, keySuggestions,
  };
}

function sumSpend(spend: Map<string, { lines: number; billed: bigint; effective: bigint }>) {
  let lines = 0;
  let billed = 0n;
  let effective = 0n;
  for (const s of spend.values()) {
    lines += s.lines;
    billed += s.billed;
    effective += s.effective;
  }
  return { lines, billed, effective };
}
