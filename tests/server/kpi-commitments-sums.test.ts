/**
 * Tables that split a total add up to the total shown (README, "Weekly report", Rounding): on
 * the KPI page, a month's accounts or teams split the all row's EC2 instance cost; on the
 * Commitments page, the commitments split the unused commitment cost and the coverage gaps by
 * instance family and by account split the on-demand spend that could have been covered (the
 * coverage card's). The total is the exact sum rounded once; the rows are its largest-remainder
 * rounding. Rounded each on its own, the demo's rows missed by a cent: $4,811.68 against $4,811.69
 * (KPIs by account), $4,811.70 (by team), $11,297.05 against $11,297.06 (coverage gaps, October),
 * $229.42 against $229.43 (unused cost, September).
 *
 * The expected rows are the largest remainder of each row's exact amount (the cell's data-value,
 * checked against DuckDB for the KPIs): every row its amount rounded down to the cent, then the
 * cents still missing to the rounded total one each to the rows with the largest remainders.
 *
 * The same pages check that the Commitments page writes its figures as `costlens commitments` does
 * (src/analyze/commitments/table-text.ts): amounts saying their unit, the purchase advice's look-back
 * as the days it covers, both included, and every percentage with two decimals.
 */
import { copyFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { sqlRows, tempStore } from '../helpers/cli.ts';
import { appOn, page } from './helpers.ts';

const DEMO_TODAY = new Date('2026-11-15T09:00:00Z');

/** `$1,234.56` → 123456n. */
const cents = (shown: string) => BigInt(shown.replace(/[$,]/g, '').replace('.', ''));
const sum = (shown: string[]) => shown.reduce((s, v) => s + cents(v), 0n);

/** The rows of a table by id: each row's key attribute (data-group, data-key, data-arn) and its cells as [data-value, text]. */
function rows(html: string, id: string): { key: string; cells: [string, string][] }[] {
  const table = new RegExp(`<table id="${id}"[^]*?</table>`).exec(html)?.[0];
  if (!table) throw new Error(`no table ${id}`);
  return [...table.matchAll(/<tr data-[a-z]+="([^"]*)">([^]*?)<\/tr>/g)].map((m) => ({
    key: m[1],
    cells: [...m[2].matchAll(/<td([^>]*)>([^<]*)<\/td>/g)].map((c) => [/ data-value="([^"]*)"/.exec(c[1])?.[1] ?? '', c[2].trim()] as [string, string]),
  }));
}

/** Each row's last cell (the money split) as key → shown. */
const lastCells = (html: string, id: string) => Object.fromEntries(rows(html, id).map((r) => [r.key, r.cells.at(-1)![1]]));

describe('KPI and Commitments tables add up to the totals they show', () => {
  const { db } = tempStore();
  let app: CostlensApp;
  const html: Record<string, string> = {};

  beforeAll(async () => {
    copyFileSync(await cachedDemoStore(inject('demoDir'), ['cur2']), db);
    app = appOn(db, { clock: () => DEMO_TODAY });
    for (const path of ['/kpi', '/kpi?by=team', '/commitments?period=2026-10', '/commitments?period=2026-09']) {
      const response = await page(app, path);
      expect(response.status, path).toBe(200);
      html[path] = await response.text();
    }
  }, 600_000);
  afterAll(() => app?.close());

  it('KPIs, Nov 2026 by account: the accounts\' EC2 instance cost adds up to All\'s $4,811.69 (rounded alone: $4,811.68)', async () => {
    const shown = lastCells(html['/kpi'], 'kpi-by-group');
    const { all, ...accounts } = shown;
    expect(all).toBe('$4,811.69');
    expect(accounts).toEqual({
      124747196850: '$228.48', 306842887379: '$263.09', 315897898083: '$0.00', 381362935381: '$574.90', 412021230587: '$211.01',
      455360545966: '$202.09', 475246489870: '$96.77', 598570167566: '$896.30', 730604943011: '$911.53', 775672685708: '$29.91',
      826243960925: '$580.43', 848183482749: '$731.84', 849771513660: '$85.34',
    });
    expect(sum(Object.values(accounts))).toBe(cents(all));
    // The exact amounts behind them are DuckDB's sums of the EC2 instance-hour lines of 1–14 Nov 2026.
    const sql = await sqlRows(db, `SELECT SubAccountId AS account, CAST(sum(EffectiveCost) AS VARCHAR) AS cost FROM line_items
      WHERE (x_UsageType LIKE '%BoxUsage%' OR x_UsageType LIKE '%SpotUsage%' OR x_UsageType LIKE '%DedicatedUsage%') AND x_ChargeClass = 'usage'
        AND ChargePeriodStart >= TIMESTAMP '2026-11-01' AND ChargePeriodStart < TIMESTAMP '2026-11-15'
      GROUP BY SubAccountId ORDER BY SubAccountId`);
    const exact = Object.fromEntries(rows(html['/kpi'], 'kpi-by-group').map((r) => [r.key, r.cells.at(-1)![0]]));
    expect(exact['848183482749']).toBe('731.8348800000'); // the row the cent goes to: its own rounding is $731.83
    expect(exact.all).toBe('4811.6903802864');
    for (const { account, cost } of sql) expect(exact[account!], account!).toBe(cost);
    expect(Object.keys(exact).filter((k) => k !== 'all' && !sql.some((r) => r.account === k)).map((k) => [k, exact[k]])).toEqual([['315897898083', '0.0000000000']]);
  });

  it('KPIs: the cards measure the latest month alone, and a visible heading over them says so: Nov 2026 (1–14 Nov, so far), not the page\'s 3 months', async () => {
    // The last charge day in the store before the clock's day (15 Nov): the month's days the cards count.
    const [{ first, last }] = await sqlRows(db, `SELECT CAST(min(ChargePeriodStart) AS DATE) AS first, CAST(max(ChargePeriodStart) AS DATE) AS last FROM line_items
      WHERE ChargePeriodStart >= TIMESTAMP '2026-11-01' AND ChargePeriodStart < TIMESTAMP '2026-11-15'`);
    expect([first, last]).toEqual(['2026-11-01', '2026-11-14']);
    for (const path of ['/kpi', '/kpi?by=team']) {
      expect(html[path], path).toContain('<h2 id="kpi-cards-heading">Nov 2026 (1–14 Nov, so far), all accounts together</h2>\n<section class="kpis" aria-label="KPIs, Nov 2026 (1–14 Nov, so far)">');
      // Above the cards, the only other date is the page's charge days (three billing months).
      expect(/<p class="as-of" id="kpi-days">Charge days <strong>([^<]*)<\/strong>/.exec(html[path])?.[1], path).toBe('1 Sep – 14 Nov 2026');
    }
  });

  it('KPIs: the definitions set the commands they name as code, not between backticks', () => {
    for (const path of ['/kpi', '/kpi?by=team']) {
      const definitions = /<dl class="definitions" id="kpi-definitions">([^]*?)<\/dl>/.exec(html[path])![1];
      expect(definitions, path).not.toContain('`');
      expect([...definitions.matchAll(/<code>([^<]*)<\/code>/g)].map((m) => m[1]), path).toEqual(['costlens modernise', 'costlens commitments']);
    }
  });

  it('KPIs, Nov 2026 by team: the teams add up to $4,811.69 too (rounded alone: $4,811.70); the savings, each measured on its own, are not a split', () => {
    const shown = lastCells(html['/kpi?by=team'], 'kpi-by-group');
    const { all, ...teams } = shown;
    expect(all).toBe('$4,811.69');
    expect(teams).toEqual({
      // One row per team as attribute reads the tag (no $0.00 rows for other spellings of a team: tests/commitments/team-spellings.test.ts).
      '(untagged)': '$282.74', DataPlatform: '$231.17', Identity: '$186.14', Logistics: '$99.46', Marketing: '$293.73',
      'check-out': '$82.25', checkout: '$424.80', 'data-platform': '$272.85',
      data_platform: '$295.52', idenitty: '$57.12', logistcs: '$64.51', 'machine-learning': '$32.95',
      ml: '$138.50', payments: '$979.92', paymnets: '$32.26', platform: '$588.27', 'platform-eng': '$102.45', search: '$586.09', 'search-team': '$60.96',
    });
    expect(sum(Object.values(teams))).toBe(cents(all));
    // payments (979.9252602864) gives a cent back: its own rounding is $979.93.
    expect(rows(html['/kpi?by=team'], 'kpi-by-group').find((r) => r.key === 'payments')!.cells.at(-1)![0]).toBe('979.9252602864');
    // The saving column stays each row's own rounding: the all row is not the groups' sum.
    const savings = rows(html['/kpi?by=team'], 'kpi-by-group').map((r) => r.cells[1][1]);
    expect(savings.at(-1)).toBe('$1,904.82');
    expect(sum(savings.slice(0, -1))).not.toBe(cents('$1,904.82'));
  });

  it('Commitments, October 2026: the coverage gaps by family and by account add up to the card\'s $11,297.06 (rounded alone: $11,297.05)', () => {
    const october = html['/commitments?period=2026-10'];
    expect(/\$11,297\.06 on demand could have been covered/.test(october)).toBe(true);
    const families = lastCells(october, 'coverage-by-family');
    expect(families).toEqual({
      m5: '$4,890.43', c5: '$1,909.00', r5: '$1,015.56', '(no instance family)': '$973.51', 'db.r5': '$952.32', t3: '$945.12',
      'db.m5': '$254.45', m4: '$148.80', r4: '$98.95', c4: '$74.40', t2: '$34.52',
    });
    const accounts = lastCells(october, 'coverage-by-account');
    expect(accounts).toEqual({
      730604943011: '$2,441.77', 598570167566: '$1,973.01', 381362935381: '$1,272.98', 848183482749: '$1,078.29', 826243960925: '$1,031.19',
      412021230587: '$713.84', 455360545966: '$680.07', 124747196850: '$639.91', 306842887379: '$583.18', 475246489870: '$425.87',
      775672685708: '$265.14', 849771513660: '$191.81',
    });
    expect(sum(Object.values(families))).toBe(1_129_706n);
    expect(sum(Object.values(accounts))).toBe(1_129_706n);
    // The rows' exact amounts add up to the exact total (11297.0567776695), so they are a split of it.
    for (const id of ['coverage-by-family', 'coverage-by-account']) {
      expect(rows(october, id).reduce((s, r) => s + BigInt(r.cells.at(-1)![0].replace('.', '')), 0n), id).toBe(112970567776695n);
    }
    expect(rows(october, 'coverage-by-family').find((r) => r.key === 'm5')!.cells.at(-1)![0]).toBe('4890.4230000000');
    expect(rows(october, 'coverage-by-account').find((r) => r.key === '848183482749')!.cells.at(-1)![0]).toBe('1078.2845952116');
    // Each commitment's unused cost adds up to the card's $237.07.
    expect(/id="commitments-unused">[^]*?data-value="237\.0734597352">\$237\.07</.test(october)).toBe(true);
    expect(Object.values(lastCells(october, 'commitments'))).toEqual(['$194.09', '$42.98']);
  });

  it('Commitments, September 2026: the unused costs add up to the card\'s $229.43 (rounded alone: $229.42); the Savings Plan\'s row shows its unused dollars alike and adds up', () => {
    const september = html['/commitments?period=2026-09'];
    expect(/id="commitments-unused">[^]*?data-value="229\.4259287760">\$229\.43</.test(september)).toBe(true);
    const [plan, reserved] = rows(september, 'commitments');
    expect(plan.key).toBe('arn:aws:savingsplans::598570167566:savingsplan/48dfbadc-dc53-45f6-af8a-6e54c154100d');
    expect(reserved.key).toBe('arn:aws:ec2:us-east-1:730604943011:reserved-instances/fb985041-0992-47dd-8b28-70b4d7ca7e53');
    // Purchased, used, unused (USD), utilisation, normalised, unused cost: 187.8336 takes the cent (41.5923287760 keeps its own).
    const money = (r: typeof plan) => [r.cells[4], r.cells[5], r.cells[6], r.cells.at(-1)!];
    expect(money(plan)).toEqual([['1753.9200000000', '$1,753.92'], ['1566.0864000000', '$1,566.08'], ['187.8336000000', '$187.84'], ['187.8336000000', '$187.84']]);
    expect(reserved.cells.at(-1)).toEqual(['41.5923287760', '$41.59']);
    expect(cents('$187.84') + cents('$41.59')).toBe(cents('$229.43'));
    expect(cents('$1,566.08') + cents('$187.84')).toBe(cents('$1,753.92'));
    // The RI's hours say their unit, as `costlens commitments` writes them, so the table has no unit column (it showed 2,880, 2,160
    // and 720 beside "Hrs"): September's RIFee line, 4 × 720 = 2,880 hours, 720 unused (tests/commitments/demo-truth.test.ts sums it).
    expect(reserved.cells.slice(4)).toEqual([['2880', '2,880 h'], ['2160', '2,160 h'], ['720', '720 h'], ['75', '75.00%'], ['75', '75.00%'], ['41.5923287760', '$41.59']]);
    const header = /<table id="commitments"[^]*?<\/thead>/.exec(september)![0];
    expect([...header.matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => m[1])).toEqual(['Commitment', 'Type', 'Account', 'Ends', 'Purchased', 'Used', 'Unused', 'Utilisation', 'Normalised', 'Unused cost']);
    // The coverage gaps add up to the card's $10,327.99.
    expect(/\$10,327\.99 on demand could have been covered/.test(september)).toBe(true);
    expect(sum(Object.values(lastCells(september, 'coverage-by-family')))).toBe(1_032_799n);
    expect(sum(Object.values(lastCells(september, 'coverage-by-account')))).toBe(1_032_799n);
  });

  it('Commitments: the purchase advice names its look-back by the days it covers, both included, as `costlens commitments` does, and writes every percentage with two decimals', () => {
    const october = html['/commitments?period=2026-10'];
    // The 30 days to the horizon, 14 Nov 2026: lookbackFrom 2026-10-16 up to, not including, 2026-11-15; $8,714.022 of eligible on-demand
    // spend as SQL sums it (tests/commitments/advice-demo.test.ts). It said "From 16 Oct 2026 up to 15 Nov 2026 (720 hours, …)".
    expect(/<p id="advice-lookback">([^<]*)<\/p>/.exec(october)![1]).toBe('Look-back 16 Oct – 14 Nov 2026, 720 hours ($8,714.02 of eligible on-demand spend): '
      + 'hourly on-demand EC2 instance and Fargate lines of the bill; daily lines spread evenly over their 24 hours; Lambda left out.');
    // The 1-year plan at the bill's price 0.72 (28 % off, break-even at 72 %), the 3-year one at the estimated 48 % off (it wrote "28% off" beside "72.00%").
    const advice = rows(october, 'advice').map((r) => [r.key, r.cells[2][1], r.cells[3][1], r.cells[5][1], r.cells[6][1].split(' — ')[0]]);
    expect(advice).toEqual([['1yr', '100.00%', '98.03%', '72.00%', '28.00% off on demand'], ['3yr', '99.05%', '99.58%', '52.00%', '48.00% off on demand']]);
    // The cards' percentages by the rule `costlens commitments` and the e-mail write them with (`percentCell`), with the page's `%`
    // (October's utilisation, coverage and effective savings rate as truth.json states them: tests/commitments/demo-truth.test.ts).
    const cards = [...october.matchAll(/<div class="kpi" id="(commitments-[a-z]+)">[^]*?<p class="figure" data-value="([^"]*)">([^<]*)<\/p>/g)]
      .map((m) => [m[1], m[2], m[3]]);
    expect(cards.filter(([id]) => id !== 'commitments-unused')).toEqual([
      ['commitments-utilisation', '88.05', '88.05%'], ['commitments-coverage', '18.64', '18.64%'], ['commitments-esr', '3.47', '3.47%'],
    ]);
    // The coverage gaps' eligible hours as `costlens commitments --by family` writes them: m5's 2,232 + 25,378 = 27,610 hours, c4's 744.
    const families = Object.fromEntries(rows(october, 'coverage-by-family').map((r) => [r.key, r.cells[1]]));
    expect([families.m5, families.c4]).toEqual([['27610', '27,610 h'], ['744', '744 h']]);
  });
});
