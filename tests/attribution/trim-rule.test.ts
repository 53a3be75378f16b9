/**
 * One trimming rule for tag values (src/lib/trim-spaces.ts): ASCII spaces (U+0020) come off both
 * ends, nothing else does, and spaces alone are blank. The DuckDB queries, their Athena twins and
 * the JS of src/analyze/attribution must read a tab or a no-break space alike, or a value is one team
 * in one layer and another (or untagged) in the next. The Athena twins run on DuckDB here as in
 * tests/aws/athena-twins.test.ts, with one more rewrite: Trino's one-argument trim(x), which strips
 * Java white space (tabs and line breaks, not NBSP: airlift's SliceUtf8.trim), becomes a DuckDB
 * expression that strips exactly that, so a twin that leans on it gives Trino's answer.
 *
 * March 2025, account A, keys `team` and its alias `owner-team`, worked out by hand:
 *   L1  team "payments"                      10.00 (effective 8.00)  → payments
 *   L2  team "payments "                      5.00                   → payments
 *   L3  team "  payments"                     2.50                   → payments
 *   L4  team "payments\t"                     1.25                   → "payments\t" (a tab is kept)
 *   L5  team "\u00a0payments"                 0.60                   → "\u00a0payments" (NBSP is kept)
 *   L6  team "\t",     owner-team "checkout"  4.00                   → "\t" (not blank)
 *   L7  team "\u00a0", owner-team "checkout"  0.30                   → "\u00a0" (not blank)
 *   L8  team "   ",    owner-team "checkout"  3.00                   → checkout (spaces alone are blank)
 *   L9  team "  "                             0.05                   → (untagged)
 *   L10 owner-team "checkout "                0.20                   → checkout
 * payments 17.50 (effective 15.50), "\t" 4.00, checkout 3.20, "payments\t" 1.25, "\u00a0payments"
 * 0.60, "\u00a0" 0.30, (untagged) 0.05: 26.90 in all.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attributionConfigSchema } from '../../src/analyze/attribution/config.ts';
import { resolveKey } from '../../src/analyze/attribution/keys.ts';
import { canonicalTagValues, pickRawValue, tagValueParams } from '../../src/analyze/attribution/tag-values.ts';
import { listParam, runNamedQuery, type RawParams } from '../../src/engine/duckdb.ts';
import { QUERIES_DIR, type NamedQuery } from '../../src/engine/queries.ts';
import { queryRegistry } from '../../src/engine/query-registry.ts';
import { fromUnits, unitsOf, type DecimalValue } from '../../src/lib/money.ts';
import { isBlankValue, trimSpaces } from '../../src/lib/trim-spaces.ts';
import { createDuckDB, readerSettings } from '../../src/store/duckdb-settings.ts';
import { athenaTwinOnDuckDB } from '../helpers/athena-twin-on-duckdb.ts';
import { costlens, tempStore } from '../helpers/cli.ts';
import { ACCOUNT_A, attributeJson, ingest, writeConfig, writeFocusCsv, type FixtureLine } from './fixtures.ts';

const LINES: FixtureLine[] = [
  { account: ACCOUNT_A, billed: '10.00', effective: '8.00', tags: { team: 'payments' } },
  { account: ACCOUNT_A, billed: '5.00', tags: { team: 'payments ' } },
  { account: ACCOUNT_A, billed: '2.50', tags: { team: '  payments' } },
  { account: ACCOUNT_A, billed: '1.25', tags: { team: 'payments\t' } },
  { account: ACCOUNT_A, billed: '0.60', tags: { team: '\u00a0payments' } },
  { account: ACCOUNT_A, billed: '4.00', tags: { team: '\t', 'owner-team': 'checkout' } },
  { account: ACCOUNT_A, billed: '0.30', tags: { team: '\u00a0', 'owner-team': 'checkout' } },
  { account: ACCOUNT_A, billed: '3.00', tags: { team: '   ', 'owner-team': 'checkout' } },
  { account: ACCOUNT_A, billed: '0.05', tags: { team: '  ' } },
  { account: ACCOUNT_A, billed: '0.20', tags: { 'owner-team': 'checkout ' } },
];
const CONFIG_YAML = 'attribution:\n  tags:\n    team:\n      aliases: [owner-team]\n';
const config = attributionConfigSchema.parse({ tags: { team: { aliases: ['owner-team'] } } });
const TAG_KEYS = ['team', 'owner-team'];

/** Each line's raw value with its lines, BilledCost and EffectiveCost (two decimals), in code-point order. */
const RAW_VALUES = [
  ['\t', 1, '4.00', '4.00'], ['  payments', 1, '2.50', '2.50'], ['checkout', 1, '3.00', '3.00'], ['checkout ', 1, '0.20', '0.20'],
  ['payments', 1, '10.00', '8.00'], ['payments\t', 1, '1.25', '1.25'], ['payments ', 1, '5.00', '5.00'],
  ['\u00a0', 1, '0.30', '0.30'], ['\u00a0payments', 1, '0.60', '0.60'],
];
/** The canonical values with their money, most BilledCost first. */
const TEAMS = [
  ['payments', '17.50', '15.50'], ['\t', '4.00', '4.00'], ['checkout', '3.20', '3.20'], ['payments\t', '1.25', '1.25'],
  ['\u00a0payments', '0.60', '0.60'], ['\u00a0', '0.30', '0.30'],
];

/** The code points of Java's Character.isWhitespace: what Trino's one-argument trim(x) strips. */
const TRINO_WHITESPACE = String.raw`\t\n\x0B\f\r\x1C-\x1F \x{1680}\x{2000}-\x{2006}\x{2008}-\x{200A}\x{2028}\x{2029}\x{205F}\x{3000}`;

/** Rewrites every one-argument trim(x) as what Trino computes; trim(BOTH ' ' FROM x) and trim(x, chars) are left as they are. */
function trinoTrimOnDuckDB(sql: string): string {
  const out: string[] = [];
  let done = 0;
  for (let at = nextTrim(sql, 0); at >= 0; at = nextTrim(sql, done)) {
    const open = at + 'trim('.length;
    const close = topLevelEnd(sql, open, () => false);
    const arg = sql.slice(open, close);
    const oneArg = !/^\s*(BOTH|LEADING|TRAILING)\b/i.test(arg) && topLevelEnd(arg, 0, (i) => /^(,|\sFROM\s)/i.test(arg.slice(i))) === arg.length;
    const strip = `'^[${TRINO_WHITESPACE}]+|[${TRINO_WHITESPACE}]+$'`;
    out.push(sql.slice(done, at), oneArg ? `regexp_replace(${trinoTrimOnDuckDB(arg)}, ${strip}, '', 'g')` : sql.slice(at, close + 1));
    done = close + 1;
  }
  return out.join('') + sql.slice(done);
}

function nextTrim(sql: string, from: number): number {
  const found = sql.slice(from).search(/\btrim\(/i);
  return found < 0 ? -1 : from + found;
}

/**
 * The position of the `)` that closes the text from `start` (or where `stop` first holds outside
 * string literals and nested parentheses); the text's length when neither comes.
 */
function topLevelEnd(text: string, start: number, stop: (at: number) => boolean): number {
  let depth = 0;
  for (let at = start; at < text.length; at++) {
    const c = text[at];
    if (c === "'") at = text.indexOf("'", at + 1);
    else if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) return at;
      depth--;
    } else if (depth === 0 && stop(at)) return at;
  }
  return text.length;
}

/** The Athena twin of `name` in DuckDB's spelling (tests/helpers/athena-twin-on-duckdb.ts), with Trino's trim. */
function twinOnDuckDB(name: string): NamedQuery {
  const twin = athenaTwinOnDuckDB(name, trinoTrimOnDuckDB);
  if (!twin) throw new Error(`queries/${name}.athena.sql: no Athena twin to run`);
  return twin;
}

const money = (value: unknown) => fromUnits(unitsOf(value as DecimalValue), 2);
const byCodePoint = (a: readonly unknown[], b: readonly unknown[]) => (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0);

describe('tag values trim one way: ASCII spaces at the ends, in SQL on DuckDB, in the Athena twins and in JS', () => {
  const { dir, db } = tempStore();
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  const rows = async (query: NamedQuery, params: RawParams) =>
    (await runNamedQuery(connection, query, params)).getRowObjects();

  beforeAll(async () => {
    await ingest(db, writeFocusCsv(dir, 'march.csv', LINES));
    instance = await createDuckDB(db, readerSettings());
    connection = await instance.connect();
  });
  afterAll(() => {
    connection?.closeSync();
    instance?.closeSync();
  });

  it('the rule: trimSpaces and DuckDB/Trino trim(BOTH \' \' FROM x) strip U+0020 alone; the Trino stand-in strips a tab, not NBSP', async () => {
    const samples = [' a ', '\ta\t', '\u00a0a\u00a0', '\na\r', ' \t a \t ', '   ', '', 'a b', '\u2003a\u3000', '\ufeffa'];
    const sql = `SELECT ${samples.map((_, i) => `trim(BOTH ' ' FROM $s${i}) = $t${i}`).join(', ')}`;
    const params = Object.fromEntries(samples.flatMap((s, i) => [[`s${i}`, s], [`t${i}`, trimSpaces(s)]]));
    const [duckdb] = (await connection.runAndReadAll(sql, params)).getRows();
    expect(duckdb).toEqual(samples.map(() => true));
    expect(samples.map(trimSpaces)).toEqual(['a', '\ta\t', '\u00a0a\u00a0', '\na\r', '\t a \t', '', '', 'a b', '\u2003a\u3000', '\ufeffa']);
    expect(samples.map(isBlankValue)).toEqual([false, false, false, false, false, true, true, false, false, false]);
    const [trino] = (await connection.runAndReadAll(trinoTrimOnDuckDB(`SELECT trim($a), trim($b), trim(coalesce($c, ''))`), { a: '\ta\n', b: '\u00a0a ', c: '\u2003a\u2007' })).getRows();
    expect(trino).toEqual(['a', '\u00a0a', 'a\u2007']);
  });

  it('a line\'s raw value: the DuckDB query, its Athena twin and the JS pick agree on tabs, NBSP and spaces', async () => {
    const params = { tag_keys: listParam(TAG_KEYS) };
    const table = (list: Record<string, unknown>[]) =>
      list.map((r) => [r.raw_value, Number(r.lines), money(r.billed_cost), money(r.effective_cost)]).sort(byCodePoint);
    expect(table(await rows(queryRegistry().find('attribution/tag_value_spend'), params))).toEqual(RAW_VALUES);
    expect(table(await rows(twinOnDuckDB('attribution/tag_value_spend'), params))).toEqual(RAW_VALUES);

    const lines = (await connection.runAndReadAll(`SELECT to_json(Tags) AS tags, BilledCost, EffectiveCost FROM line_items`)).getRowObjects();
    const picked = new Map<string, [number, bigint, bigint]>();
    for (const line of lines) {
      const tags = JSON.parse(String(line.tags)) as Record<string, string>;
      const pick = pickRawValue(TAG_KEYS, (k) => tags[k]);
      if (!pick) continue;
      const [n, billed, effective] = picked.get(pick.raw) ?? [0, 0n, 0n];
      picked.set(pick.raw, [n + 1, billed + unitsOf(line.BilledCost as DecimalValue), effective + unitsOf(line.EffectiveCost as DecimalValue)]);
    }
    expect([...picked].map(([raw, [n, b, e]]) => [raw, n, fromUnits(b, 2), fromUnits(e, 2)]).sort(byCodePoint)).toEqual(RAW_VALUES);
  });

  it('canonical values: attribution (JS) and the SQL pick resolved in JS give the same teams and money, to the cent', async () => {
    const observed = await rows(queryRegistry().find('attribution/tag_value_spend'), { tag_keys: listParam(TAG_KEYS) });
    const values = canonicalTagValues(resolveKey(config, 'team', TAG_KEYS), observed.map((r) => ({ raw: String(r.raw_value), lines: Number(r.lines) })));
    const teams = new Map<string, [bigint, bigint]>();
    for (const r of observed) {
      const team = values.resolve(String(r.raw_value)) ?? '(untagged)';
      const [b, e] = teams.get(team) ?? [0n, 0n];
      teams.set(team, [b + unitsOf(r.billed_cost as DecimalValue), e + unitsOf(r.effective_cost as DecimalValue)]);
    }
    expect([...teams].map(([t, [b, e]]) => [t, fromUnits(b, 2), fromUnits(e, 2)]).sort((a, b) => Number(b[1]) - Number(a[1]))).toEqual(TEAMS);

    const attributed = await attributeJson(db, '--tag', 'team', '--period', '2025-03', '--config', writeConfig(dir, 'costlens.config.yaml', CONFIG_YAML));
    expect(attributed.map((r) => [r.tagValue, r.billedCost, r.effectiveCost])).toEqual([...TEAMS, ['(untagged)', '0.05', '0.05']]);
  });

  it('every Athena twin that picks a tag value gives its DuckDB query\'s rows on these values, Trino\'s trim and all', async () => {
    const observed = await rows(queryRegistry().find('attribution/tag_values'), { tag_keys: listParam(TAG_KEYS) });
    const pairs = tagValueParams(canonicalTagValues(resolveKey(config, 'team', TAG_KEYS), observed.map((r) => ({ raw: String(r.raw_value), lines: Number(r.lines) }))));
    const march = { start: '2025-03-01', end: '2025-04-01' };
    const scope = { tag_keys: listParam(TAG_KEYS), tag_raw_values: listParam(['\t']) };
    const cases: Record<string, RawParams> = {
      'attribution/tag_values': { tag_keys: listParam(TAG_KEYS) },
      'attribution/tag_value_spend': { tag_keys: listParam(TAG_KEYS) },
      'explore/spend_by': { ...march, ...pairs, dimension: 'tag', tag_key: 'team' },
      'explore/daily_spend_by': { ...march, ...pairs, dimension: 'tag', tag_key: 'team' },
      'explain/cost_drivers': { old_billing_from: '2025-02-01', old_billing_to: '2025-03-01', new_billing_from: '2025-03-01', new_billing_to: '2025-04-01', ...pairs },
      'budgets/scope_daily_spend': { from: march.start, to: march.end, ...scope },
      'budgets/scope_cost_drivers': { old_from: '2025-02-01', old_to: '2025-03-01', new_from: march.start, new_to: march.end, ...scope },
      'trends/daily_cost_and_units': { from: march.start, to: march.end, metric: 'orders', tag_key: 'team', ...pairs, tag_value: '\t' },
    };
    const show = (list: Record<string, unknown>[]) => list.map((r) => JSON.stringify(Object.values(r).map(String))).sort();
    const differing: string[] = [];
    for (const [name, params] of Object.entries(cases)) {
      const expected = show(await rows(queryRegistry().find(name), params));
      expect(expected.length, `${name}: the data gives rows to compare`).toBeGreaterThan(0);
      const actual = show(await rows(twinOnDuckDB(name), params));
      if (JSON.stringify(actual) !== JSON.stringify(expected)) differing.push(`${name}: twin ${actual.join(' ')} ≠ ${expected.join(' ')}`);
    }
    expect(differing).toEqual([]);
  });

  it('tag hygiene proposes the tab and NBSP spellings as aliases, and its snippet, pasted, folds them into payments', async () => {
    const config = writeConfig(dir, 'costlens.config.yaml', CONFIG_YAML);
    const run = await costlens(db, 'attribute', '--tag', 'team', '--period', '2025-03', '--config', config, '--suggest-aliases', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const suggestions = (JSON.parse(run.stdout) as { suggestions: Record<string, unknown>[] }).suggestions;
    expect(suggestions.filter((x) => x.canonical === 'payments').map((x) => [x.alias, x.reason, x.billedCents])).toEqual([
      ['payments\t', 'separators', '1.25'], ['\u00a0payments', 'separators', '0.60'],
    ]);
    const snippet = await costlens(db, 'attribute', '--tag', 'team', '--period', '2025-03', '--config', config, '--suggest-aliases');
    const pasted = writeConfig(dir, 'pasted.yaml', snippet.stdout.replace('    "team":\n', '    "team":\n      aliases: [owner-team]\n'));
    const attributed = await attributeJson(db, '--tag', 'team', '--period', '2025-03', '--config', pasted);
    expect(attributed.find((r) => r.tagValue === 'payments')).toMatchObject({ billedCost: '19.35', effectiveCost: '17.35' });
  });

  it('every trim under queries/ is trim(BOTH \' \' FROM …): no engine\'s own idea of white space', () => {
    const files = (readdirSync(QUERIES_DIR, { recursive: true }) as string[]).filter((f) => f.endsWith('.sql'));
    const offending = files.flatMap((f) => {
      const sql = readFileSync(join(QUERIES_DIR, f), 'utf8').replace(/--.*$/gm, '');
      return [...sql.matchAll(/\b(l|r)?trim\(/gi)].filter((m) => !sql.startsWith("trim(BOTH ' ' FROM ", m.index)).map(() => f);
    });
    expect(offending).toEqual([]);
  });
});
