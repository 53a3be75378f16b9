/**
 * Attribution's tables add up both ways: each row's parts to the row, and each column (a shared-cost
 * pool, a coverage class, a value's --by rows) to its total. Every figure below is worked out by hand
 * from the fixture's line items; the comments give the exact amounts in cents.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { cachedDemo } from '../helpers/cached-demo.ts';
import { costlens, sqlRows } from '../helpers/cli.ts';
import { appOn, page } from '../server/helpers.ts';
import { tableRows } from '../server/page-helpers.ts';
import { loadConfig } from '../../src/config.ts';
import type { CostlensApp } from '../../src/server/app.ts';
import { ACCOUNT_A, ACCOUNT_B, attributeJson, cents, ingest, parseCsv, writeConfig, writeFocusCsv, type FixtureLine } from './fixtures.ts';
import { cachedIngestRuns, cachedStore } from '../helpers/cached-stores.ts';
import { tempStore } from '../helpers/cli.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';

const SUPPORT = { chargeCategory: 'Purchase', serviceName: 'AWS Support (Business)', productCode: 'AWSSupportBusiness' };

const LINES: FixtureLine[] = [
  // 2025-08: checkout 20.2¢ and payments 10.3¢ of tagged spend, and 1¢ of support split evenly (½¢ each).
  { period: '2025-08', account: ACCOUNT_A, billed: '0.2020', tags: { team: 'checkout' } },
  { period: '2025-08', account: ACCOUNT_A, billed: '0.1030', tags: { team: 'payments' } },
  { period: '2025-08', account: ACCOUNT_A, billed: '0.0100', ...SUPPORT },
  // 2025-09: payments 10.7¢ in CC-1 and 10.65¢ in CC-2, checkout 10.6¢ in CC-1.
  { period: '2025-09', account: ACCOUNT_A, billed: '0.1070', tags: { team: 'payments', 'cost-center': 'CC-1' } },
  { period: '2025-09', account: ACCOUNT_A, billed: '0.1065', tags: { team: 'payments', 'cost-center': 'CC-2' } },
  { period: '2025-09', account: ACCOUNT_A, billed: '0.1060', tags: { team: 'checkout', 'cost-center': 'CC-1' } },
  // 2025-10: account A 10.3¢ tagged and 0.4¢ untagged, account B 20.4¢ tagged and 0.6¢ untagged.
  { period: '2025-10', account: ACCOUNT_A, billed: '0.1030', tags: { team: 'payments' } },
  { period: '2025-10', account: ACCOUNT_A, billed: '0.0040' },
  { period: '2025-10', account: ACCOUNT_B, billed: '0.2040', tags: { team: 'checkout' } },
  { period: '2025-10', account: ACCOUNT_B, billed: '0.0060' },
];

const RULES = `attribution:
  sharedCosts:
    - name: support
      match: { productCode: [AWSSupportBusiness] }
      split: even
`;

type Row = Record<string, string | number | null>;
const pick = (rows: Row[], ...columns: string[]) => rows.map((r) => columns.map((c) => r[c]));

describe('attribution adds up both ways: rows to their totals and columns to theirs', () => {
  const { dir, db } = tempStore();
  let config: string;
  let app: CostlensApp;

  beforeAll(async () => {
    await ingest(db, writeFocusCsv(dir, 'both-ways.csv', LINES));
    config = writeConfig(dir, 'costlens.config.yaml', RULES);
    app = appOn(db, { clock: () => new Date('2025-12-01T12:00:00Z'), config: loadConfig(config, {}, dir) });
  });
  afterAll(() => app?.close());

  it('--detail: a pool\'s shares add up to the pool (they gave 2¢ of a 1¢ pool when each row was rounded alone)', async () => {
    // Rows: checkout 20.2 + 0.5 = 20.7, payments 10.3 + 0.5 = 10.8; total 31.5 → 32¢, so both rows round up (21, 11).
    // Rounded alone, each row's cent went to its ½¢ of support (remainder .5 beats .2 and .3): support 2¢ of 1¢.
    // Columns: tagged 30.5 and support 1 (whole) of 32 → tagged 31, support 1. One row gives its support cent to
    // its tag: payments (10.3 → 11 costs 0.4, 0.5 → 0 nothing) rather than checkout (20.2 → 21 costs 0.6).
    const detail = await attributeJson(db, '--tag', 'team', '--period', '2025-08', '--config', config, '--detail');
    expect(pick(detail, 'tagValue', 'method', 'billedCost', 'effectiveCost')).toEqual([
      ['checkout', 'tag', '0.20', '0.20'], ['checkout', 'shared:support', '0.01', '0.01'],
      ['payments', 'tag', '0.11', '0.11'], ['payments', 'shared:support', '0.00', '0.00'],
    ]);
    const csv = await costlens(db, 'attribute', '--tag', 'team', '--period', '2025-08', '--config', config, '--format', 'csv');
    const { header, rows } = parseCsv(csv.stdout);
    expect(header.slice(1, 6)).toEqual(['team', 'attributed_by', 'billed_direct', 'billed_shared_by_billed', 'billed_cost']);
    expect(rows.map((r) => r.slice(1, 6))).toEqual([
      ['checkout', 'tag+shared:support', '0.20', '0.01', '0.21'],
      ['payments', 'tag+shared:support', '0.11', '0.00', '0.11'],
    ]);
    const table = await costlens(db, 'attribute', '--tag', 'team', '--period', '2025-08', '--config', config);
    expect(table.stdout).toContain('  shared:support (even): 1 line item, BilledCost 0.01 (0.0100000000), EffectiveCost 0.01 (0.0100000000) → checkout, payments; its shares add up to it\n');
  });

  it('the Attribution page and the shared API: each rule\'s shares add up to the pool shown', async () => {
    const html = await (await page(app, '/attribution?tag=team&period=2025-08&cost=billed')).text();
    expect(tableRows(html, 'shared-split')).toEqual([
      ['checkout', 'shared:support', '2025-08', '0.01', '0.01'],
      ['payments', 'shared:support', '2025-08', '0.00', '0.00'],
    ]);
    // The pool: its exact amount as data, its cents (what the shares add up to) as shown.
    expect(tableRows(html, 'shared-pools')).toEqual([['shared:support', '2025-08', 'even', '1', '0.0100000000', '0.0100000000', '2']]);
    expect(html).toMatch(/<td data-value="0\.0100000000">\$0\.01<\/td>/);
    const api = await (await app.request('/api/analyses/attribution/shared?tag=team&period=2025-08&cost=billed')).json();
    expect(api.rows).toEqual([
      { period: '2025-08', rule: 'support', split: 'even', value: 'checkout', amount: '0.01', billed: '0.01', effective: '0.01' },
      { period: '2025-08', rule: 'support', split: 'even', value: 'payments', amount: '0.00', billed: '0.00', effective: '0.00' },
    ]);
  });

  it('--by: a value\'s rows add up to its row without --by (they gave payments 22¢ of its 21¢ when rounded across all rows)', async () => {
    // Without --by: payments 21.35, checkout 10.6; total 31.95 → 32¢: floors 31, the cent to checkout (.6 > .35).
    // With --by, rounded across all rows, CC-1 10.7 and CC-2 10.65 beat checkout's 10.6: payments 22, checkout 10.
    // Now payments' 21¢ is split over its rows: CC-1 (.7) takes the cent, CC-2 10.
    const plain = await attributeJson(db, '--tag', 'team', '--period', '2025-09', '--config', config);
    expect(pick(plain, 'tagValue', 'billedCost')).toEqual([['payments', '0.21'], ['checkout', '0.11']]);
    const byCostCenter = await attributeJson(db, '--tag', 'team', '--by', 'cost-center', '--period', '2025-09', '--config', config);
    expect(pick(byCostCenter, 'tagValue', 'byTagValue', 'billedCost', 'effectiveCost')).toEqual([
      ['payments', 'CC-1', '0.11', '0.11'], ['payments', 'CC-2', '0.10', '0.10'], ['checkout', 'CC-1', '0.11', '0.11'],
    ]);
  });

  it('the page\'s (untagged) card gives its share by the CLI\'s rule, as the chargeback row beside it (it divided the rounded cents: 3.13 % where the row read 3.16 %)', async () => {
    // 2025-10: payments 10.3¢, checkout 20.4¢, untagged 0.4 + 0.6 = 1.0¢ of 31.7¢. Shares in hundredths of a percent:
    // 3249.21, 6435.33, 315.46; floors 9999, the last to the largest remainder (.46): untagged 3.16 %. The cents (1¢ of
    // 32¢) gave 3.125 → 3.13 %.
    const share = (html: string) => /id="attribution-untagged"[^]*?<p class="range">([^ ]*) of the total/.exec(html)![1];
    const html = await (await page(app, '/attribution?tag=team&period=2025-10&cost=billed')).text();
    expect(share(html)).toBe('3.16%');
    const untaggedRow = tableRows(html, 'attribution-table').find((r) => r[1] === '(untagged)')!;
    expect(untaggedRow[10]).toBe('3.16');
    expect(pick(await attributeJson(db, '--tag', 'team', '--period', '2025-10', '--config', config), 'tagValue', 'billedSharePct')).toContainEqual(['(untagged)', 3.16]);
    // Over 2025-08 to 2025-10, no row of the CLI sums the periods: the values' exact amounts are shared out the same way.
    // checkout 20.2 + 0.5 + 10.6 + 20.4 = 51.7¢, payments 10.3 + 0.5 + 10.7 + 10.65 + 10.3 = 42.45¢, untagged 1.0¢ of
    // 95.15¢: 5433.53, 4461.38, 105.10; the last hundredth to checkout (.53): untagged 1.05 %. The cents gave 1¢ of 96¢, 1.04 %.
    expect(share(await (await page(app, '/attribution?tag=team&start=2025-08-01&end=2025-11-01&cost=billed')).text())).toBe('1.05%');
  });

  it('--coverage account: each class adds up to --coverage period\'s (they gave tagged 30¢ and untagged 2¢ of 31¢ and 1¢)', async () => {
    // Period: tagged 30.7, untagged 1.0; total 31.7 → 32¢: tagged 31, untagged 1 (coverage 30.7 / 31.7 = 96.85%).
    // Accounts: A 10.7 and B 21.0 → 11 and 21. Rounded alone, each gave its cent to untagged (.4 > .3, .6 > .4):
    // untagged 2¢. Now one account's untagged cent goes to its tagged: A (10.3 → 11 costs 0.4, 0.4 → 0 saves 0.2)
    // rather than B (20.4 → 21 costs 0.2, 0.6 → 0 costs 0.2).
    const period = await attributeJson(db, '--tag', 'team', '--period', '2025-10', '--config', config, '--coverage', 'period');
    expect(pick(period, 'billedTagged', 'billedUntagged', 'billedTotal', 'coveragePct')).toEqual([['0.31', '0.01', '0.32', 96.85]]);
    const accounts = await attributeJson(db, '--tag', 'team', '--period', '2025-10', '--config', config, '--coverage', 'account');
    expect(pick(accounts, 'accountId', 'billedTagged', 'billedUntagged', 'billedTotal', 'coveragePct')).toEqual([
      [ACCOUNT_B, '0.20', '0.01', '0.21', 97.14],
      [ACCOUNT_A, '0.11', '0.00', '0.11', 96.26],
    ]);
  });
});

/** costlens.config.example.yaml's attribution section: the demo's team spellings, tax and support shared by spend. */
const DEMO_RULES = `attribution:
  tags:
    team:
      values:
        payments: ["paymnets"]
        checkout: ["check-out"]
        search: ["search-team"]
        data-platform: ["data_platform", "DataPlatform"]
        ml: ["machine-learning"]
        identity: ["idenitty"]
        platform: ["platform-eng"]
        logistics: ["logistcs"]
    cost-center:
      aliases: [CostCenter]
  sharedCosts:
    - name: tax
      match: { chargeCategory: [Tax] }
    - name: support
      match: { productCode: [AWSSupportBusiness] }
`;

describe('the demo (`demo --scale 0.2 --months 2 --as-of 2025-03-15`, CUR 2.0) adds up both ways in February 2025', () => {
  const dir = scratchDir();
  /** The demo's CUR 2.0, ingested once per machine (tests/helpers/cached-stores.ts): only read. */
  let db: string;
  let config: string;
  const run = async (...args: string[]) => {
    const result = await costlens(db, 'attribute', '--tag', 'team', '--period', '2025-02', '--config', config, ...args, '--format', 'csv');
    expect(result.code, result.stderr).toBe(0);
    const { header, rows } = parseCsv(result.stdout);
    return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
  };
  const total = (rows: Record<string, string>[], column: string, where: (r: Record<string, string>) => boolean = () => true) =>
    rows.filter(where).reduce((s, r) => s + cents(r[column]), 0n);

  beforeAll(async () => {
    const demo = await cachedDemo({ asOf: '2025-03-15', months: 2, scale: 0.2 });
    db = await cachedStore([[join(demo, 'cur2')]]);
    const [ingested] = await cachedIngestRuns([[join(demo, 'cur2')]]);
    expect([ingested.code, ingested.stderr]).toEqual([0, '']);
    config = writeConfig(dir, 'costlens.config.yaml', DEMO_RULES);
  });

  it('each rule\'s --detail rows (with and without --by) add up to its pool as the line items sum it (they gave 597.60 and 1257.74 EffectiveCost)', async () => {
    const [pools] = await sqlRows(db, `SELECT
        CAST(sum(BilledCost) FILTER (WHERE ChargeCategory = 'Tax') AS VARCHAR) AS tax_billed,
        CAST(sum(EffectiveCost) FILTER (WHERE ChargeCategory = 'Tax') AS VARCHAR) AS tax_effective,
        CAST(sum(BilledCost) FILTER (WHERE ChargeCategory <> 'Tax' AND x_ProductCode = 'AWSSupportBusiness') AS VARCHAR) AS support_billed,
        CAST(sum(EffectiveCost) FILTER (WHERE ChargeCategory <> 'Tax' AND x_ProductCode = 'AWSSupportBusiness') AS VARCHAR) AS support_effective
      FROM line_items WHERE BillingPeriodStart = TIMESTAMP '2025-02-01'`);
    // Both pools are whole cents, so their cents are exact: 597.61 and 1257.73 in both measures.
    expect(pools).toEqual({ tax_billed: '597.6100000000', tax_effective: '597.6100000000', support_billed: '1257.7300000000', support_effective: '1257.7300000000' });
    for (const detail of [await run('--detail'), await run('--detail', '--by', 'cost-center')]) {
      for (const measure of ['billed', 'effective']) {
        expect(total(detail, `${measure}_cost`, (r) => r.method === 'shared:tax'), measure).toBe(59_761n);
        expect(total(detail, `${measure}_cost`, (r) => r.method === 'shared:support'), measure).toBe(125_773n);
      }
    }
  });

  it('--by cost-center: the shared columns add up to the pools, and each team to its row without --by (payments 4634.58 against 4634.59)', async () => {
    const plain = await run();
    const byCostCenter = await run('--by', 'cost-center');
    for (const rows of [plain, byCostCenter]) {
      expect([total(rows, 'billed_shared_by_billed'), total(rows, 'effective_shared_by_effective')]).toEqual([185_534n, 185_534n]);
    }
    const payments = (rows: Record<string, string>[], column: string) => total(rows, column, (r) => r.team === 'payments');
    expect(['billed_direct', 'billed_shared_by_billed', 'billed_cost'].map((c) => payments(byCostCenter, c))).toEqual([408_116n, 55_343n, 463_459n]);
    for (const team of new Set(plain.map((r) => r.team))) {
      for (const column of ['billed_direct', 'billed_shared_by_billed', 'billed_cost', 'effective_direct', 'effective_shared_by_effective', 'effective_cost']) {
        expect(total(byCostCenter, column, (r) => r.team === team), `${team} ${column}`).toBe(total(plain, column, (r) => r.team === team));
      }
    }
  });

  it('--coverage account and service: each class adds up to --coverage period\'s (tagged 11993.05 and untagged 1688.85 against 11993.06 and 1688.84)', async () => {
    const [period] = await run('--coverage', 'period');
    expect(period).toEqual({
      period: '2025-02', billed_tagged: '11993.06', billed_shared: '1855.34', billed_account_default: '0.00', billed_untagged: '1688.84', billed_total: '15537.24', coverage_pct: '77.19',
    });
    for (const by of ['account', 'service']) {
      const rows = await run('--coverage', by);
      expect(['billed_tagged', 'billed_shared', 'billed_untagged', 'billed_total'].map((c) => total(rows, c)), by).toEqual([1_199_306n, 185_534n, 168_884n, 1_553_724n]);
    }
    // --detail's methods, grouped as coverage's classes, show the same cents: tag + alias = tagged.
    const detail = await run('--detail');
    expect(total(detail, 'billed_cost', (r) => r.method === 'tag' || r.method === 'alias')).toBe(1_199_306n);
    expect(total(detail, 'billed_cost', (r) => r.method === 'untagged')).toBe(168_884n);
  });
});
