import { Writable } from 'node:stream';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { formatDollars } from '../../src/lib/money.ts';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { REAL_FOCUS, REAL_LEGACY_CSV, duckdbRows, sqlRows } from '../helpers/cli.ts';
import { cachedIngest, storeCopyOf } from '../helpers/cached-ingest.ts';

const DEMO_FILES = ['cur2', 'metrics.csv', 'inventory.csv', 'business-metrics.csv'];

/** Runs the CLI with extra environment (COLUMNS) and an optional TTY flag on stdout. */
async function run(db: string, env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const chunks = { out: [] as string[], err: [] as string[] };
  const sink = (into: string[]) => new Writable({ write(chunk, _e, done) { into.push(String(chunk)); done(); } });
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'COLUMNS'));
  const code = await main(args, { stdout: sink(chunks.out), stderr: sink(chunks.err), env: { ...base, COSTLENS_DB: db, ...env }, cwd: process.cwd() });
  return { code, stdout: chunks.out.join(''), stderr: chunks.err.join('') };
}

/** Every aligned table in the output: its header, rule, rows and "(N rows…)" line. */
function tableBlocks(stdout: string): string[][] {
  const lines = stdout.split('\n');
  const blocks: string[][] = [];
  lines.forEach((line, i) => {
    if (!/^-+( {2}-+)*$/.test(line) || i === 0) return;
    const end = lines.findIndex((l, j) => j > i && /^\(\d+ rows?[;)]/.test(l));
    blocks.push(lines.slice(i - 1, end + 1));
  });
  return blocks;
}

/** Dollars with thousands separators from a DECIMAL(38,2) text, written here apart from src/lib/money.ts. */
function dollars(twoDecimals: string): string {
  const negative = twoDecimals.startsWith('-');
  const [whole, cents] = twoDecimals.replace('-', '').split('.');
  const grouped = whole.split('').reverse().join('').match(/\d{1,3}/g)!.join(',').split('').reverse().join('');
  return `${negative ? '-' : ''}$${grouped}.${cents}`;
}

describe('costlens tables for people: fitted to $COLUMNS, money as $1,234.56, --wide and --detail', () => {
  let db: string;
  beforeAll(async () => {
    db = await cachedDemoStore(inject('demoDir'), DEMO_FILES);
  }, 600_000);

  /** `costlens invoice --period 2026-10` into a pipe without COLUMNS: run once, its output checked by two tests. */
  let pipedInvoice: ReturnType<typeof run> | undefined;
  const invoiceToPipe = () => (pipedInvoice ??= run(db, {}, 'invoice', '--period', '2026-10'));

  const COMMANDS: string[][] = [
    ['status'],
    ['attribute', '--tag', 'team'],
    ['attribute', '--tag', 'team', '--detail'],
    ['attribute', '--tag', 'team', '--coverage', 'account'],
    ['attribute', '--tag', 'team', '--coverage', 'service'],
    ['attribute', '--tag', 'team', '--by', 'env'],
    ['invoice'],
    ['invoice', '--detail'],
    ['commitments'],
    ['commitments', '--by', 'account'],
    ['anomalies'],
    ['anomalies', '--by-day'],
    ['forecast'],
    ['forecast', '--daily'],
    ['idle'],
    ['rightsize'],
    ['explain'],
    ['modernise'],
    ['kpi'],
    ['unit-cost', '--metric', 'orders'],
    ['unit-cost', '--metric', 'orders', '--grain', 'week'],
    ['explain', '--by', 'account'],
    ['commitments', '--by', 'team'],
    ['query', 'store/spend_by_service', '--param', 'period=2026-10'],
    ['sql', 'SELECT * FROM line_items LIMIT 3'],
  ];

  it('at COLUMNS=80 every command\'s default table fits 80 columns, and says which columns --wide would add', async () => {
    for (const args of COMMANDS) {
      const out = await run(db, { COLUMNS: '80' }, ...args);
      expect(out.code, `${args.join(' ')}: ${out.stderr}`).toBe(0);
      const blocks = tableBlocks(out.stdout);
      // One table each, two of explain and of status.
      expect(blocks.length, args.join(' ')).toBe(['explain', 'status'].includes(args[0]) ? 2 : 1);
      for (const line of blocks.flat()) expect(line.length, `${args.join(' ')}: ${line}`).toBeLessThanOrEqual(80);
      const wide = await run(db, { COLUMNS: '80' }, ...args, '--wide');
      const hidden = blocks.some((b) => /not shown/.test(b.at(-1)!));
      const cut = blocks.flat().some((l) => l.includes('…'));
      expect(hidden || cut, args.join(' ')).toBe(wide.stdout !== out.stdout);
      if (hidden) expect(out.stdout).toMatch(/--wide shows them/);
    }
  }, 600_000);

  it('--wide, a pipe without COLUMNS and a wide COLUMNS print every column, uncut', async () => {
    const piped = await invoiceToPipe();
    expect((await run(db, { COLUMNS: '80' }, 'invoice', '--period', '2026-10', '--wide')).stdout).toBe(piped.stdout);
    expect((await run(db, { COLUMNS: '500' }, 'invoice', '--period', '2026-10')).stdout).toBe(piped.stdout);
    expect(piped.stdout.split('\n')[0].split(/\s+/)).toEqual(['period', 'charge_class', 'lines', 'billed', 'amortised', 'net_amortised', 'net_unblended']);
    const narrow = await run(db, { COLUMNS: '80' }, 'invoice', '--period', '2026-10');
    expect(narrow.stdout).toContain('(5 rows; 1 column not shown (net_unblended): --wide shows them)');
  });

  it('money in tables is $1,234.56 and reconciles to the line items to the cent; csv keeps the exact decimals', async () => {
    const [truth] = await sqlRows(db, `SELECT CAST(round(sum(BilledCost), 2) AS DECIMAL(38, 2)) AS billed, CAST(round(sum(EffectiveCost), 2) AS DECIMAL(38, 2)) AS effective,
      sum(BilledCost) AS billed_exact FROM line_items WHERE BillingPeriodStart = TIMESTAMP '2026-10-01'`);
    const table = await invoiceToPipe();
    const total = table.stdout.split('\n').find((l) => l.startsWith('2026-10  total'))!;
    expect(total.split(/\s+/).slice(3, 5)).toEqual([dollars(truth.billed!), dollars(truth.effective!)]);
    expect(dollars(truth.billed!)).toMatch(/^\$\d{1,3}(,\d{3})+\.\d{2}$/);
    const csv = await run(db, {}, 'invoice', '--period', '2026-10', '--format', 'csv');
    const csvTotal = csv.stdout.split('\r\n').find((l) => l.startsWith('2026-10,total'))!;
    expect(csvTotal.split(',')[3]).toBe(truth.billed_exact);
  });

  it('formatDollars rounds the decimal text half away from zero, with separators and the sign before the $', () => {
    expect(['1234.5678', '-0.004', '-0.005', '0', '1000000', '12.345', '-1234567.891', '999.995', '5', 'n/a', '']
      .map(formatDollars)).toEqual(['$1,234.57', '$0.00', '-$0.01', '$0.00', '$1,000,000.00', '$12.35', '-$1,234,567.89', '$1,000.00', '$5.00', 'n/a', '']);
  });

  it('rightsize and idle print the table; --detail adds each finding\'s evidence, thresholds and money', async () => {
    for (const [command, per] of [['rightsize', /^\d+\. rightsize-/], ['idle', /^\d+\. [a-z0-9-]+ /]] as const) {
      const json = JSON.parse((await run(db, {}, command, '--format', 'json')).stdout) as unknown[];
      expect(json.length, command).toBe(command === 'idle' ? 8 : 23); // 8 idle resources, 23 recommendations
      const brief = await run(db, {}, command);
      expect(brief.stdout).not.toMatch(/^ {3}evidence: /m);
      expect(brief.stdout).toContain('--detail adds each');
      const detail = (await run(db, {}, command, '--detail')).stdout.split('\n');
      expect(detail.filter((l) => l.startsWith('   evidence:   ')).length, command).toBe(json.length);
      expect(detail.filter((l) => l.startsWith('   thresholds: ')).length, command).toBe(json.length);
      expect(detail.filter((l) => per.test(l)).length, command).toBe(json.length);
    }
  });

  it('the ingest summary, and `costlens start` on that store, fit the terminal: money as $1,234.56; the summary cuts a source too long for its column with an ellipsis, start and status only in its middle, both ends kept', async () => {
    // The ingest at COLUMNS=80 and its store are a test cache (tests/helpers/cached-ingest.ts): its output is read, and a copy of its store summarised.
    const ingest = await cachedIngest([REAL_LEGACY_CSV, REAL_FOCUS, '--no-progress'], { COLUMNS: '80' });
    const out = ingest.run;
    expect(out.code, out.stderr).toBe(0);
    const { db: fresh } = storeCopyOf(ingest.db);
    const blocks = tableBlocks(out.stdout);
    expect(blocks).toHaveLength(1);
    for (const line of blocks[0]) expect(line.length, line).toBeLessThanOrEqual(80);
    const rows = blocks[0].slice(2, -1).map((line) => line.split(/\s{2,}/));
    expect(rows.map((r) => r[0])).toEqual(['aws/123412340534', 'aws/1234567890123', 'microsoft//providers/Microso…', 'oracle/20209880', 'oracle/20209880']);
    // Lines and sums per source and period as DuckDB reads the two files, rounded to the cent.
    const sums = (cost: string) => `CAST(round(sum(CAST(${cost} AS DECIMAL(38,10))), 2) AS VARCHAR)`;
    const [legacy] = await duckdbRows(`SELECT count(*) AS n, ${sums('"lineItem/UnblendedCost"')} AS billed FROM read_csv($file, all_varchar = true)`, { file: REAL_LEGACY_CSV });
    const focus = await duckdbRows(`SELECT ProviderName, strftime(CAST(BillingPeriodStart AS TIMESTAMP), '%Y-%m') AS period, count(*) AS n,
        ${sums('BilledCost')} AS billed, ${sums('EffectiveCost')} AS effective FROM read_csv($file, nullstr = 'NULL') GROUP BY ALL ORDER BY ALL`, { file: REAL_FOCUS });
    expect(rows.map((r) => r.slice(1))).toEqual([
      ['2023-11', legacy.n, dollars(legacy.billed!), dollars(legacy.billed!)],
      ...focus.map((f) => [f.period, f.n, dollars(f.billed!), dollars(f.effective!)]),
    ]);

    const start = await run(fresh, { COLUMNS: '80' }, 'start', '--no-serve');
    expect(start.code, start.stderr).toBe(0);
    const status = await run(fresh, { COLUMNS: '80' }, 'status');
    expect(start.stdout).toContain(`holds:\n${status.stdout}`);
    const startBlocks = tableBlocks(start.stdout);
    expect(startBlocks).toHaveLength(2);
    for (const line of startBlocks.flat()) expect(line.length, line).toBeLessThanOrEqual(80);
    // The source and billing period say which row is which: the AWS and Oracle sources whole (they were cut to `aws/1234123…`), Microsoft's
    // 62-character billing account cut in its middle, both ends kept, so that the money and provisional fit at 80 columns (it left room for
    // nothing else, `8 columns not shown`); the money is the ingest summary's, above; --wide shows the rest.
    expect(startBlocks[0]).toEqual([
      'source              billing_period  billed_cost  effective_cost  provisional',
      '------------------  --------------  -----------  --------------  ---------------',
      'aws/123412340534    2023-11               $1.68           $1.68  yes: incomplete',
      'aws/1234567890123   2024-09              $18.01          $13.00  no',
      'microsoft…/8611537  2024-09               $1.98           $1.98  no',
      'oracle/20209880     2024-09               $0.30           $0.00  no',
      'oracle/20209880     2024-10               $0.24           $0.00  yes: incomplete',
      '(5 rows; 5 columns not shown: --wide shows them)',
    ]);
    // The last ingest to the second for people; csv gives it as ISO 8601 UTC, as json does (it kept DuckDB's text, `2026-12-07 03:23:34.315365`).
    const wide = tableBlocks((await run(fresh, {}, 'status', '--wide')).stdout)[0].slice(2, -1);
    for (const line of wide) expect(line, line).toMatch(/ \d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2,}(no|yes)/);
    // Oracle's 2024-10 (one line, dated 30 Sep 2024, the data horizon) is `yes: incomplete`, as invoice calls its bill not complete.
    expect(wide[0]).toMatch(new RegExp(`^aws/123412340534 +cur +2023-11 +1281 +\\${dollars(legacy.billed!)} `));
    expect(wide[4]).toMatch(/^oracle\/20209880 +focus +2024-10 +1 .* {2}yes: incomplete$/);
    const csv = (await run(fresh, {}, 'status', '--format', 'csv')).stdout.split('\r\n')[1].split(',');
    expect(csv[8]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  });
});
