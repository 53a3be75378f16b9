/**
 * `costlens budgets` on the shared demo (data through 2026-11-14): each budget's actual, share,
 * thresholds and forecast, checked against DuckDB run directly on the store — sums of the line
 * items in scope, and the forecast rebuilt from its definition with DuckDB's own least-squares
 * (regr_slope, regr_intercept) over the fitted days.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { costlens, sqlRows, tempStore } from '../helpers/cli.ts';
import { readTruth } from '../report/helpers.ts';
import { cli } from '../alerts/helpers.ts';

const PAYMENTS_PROD = '730604943011';

interface BudgetJson {
  name: string; periodLabel: string; from: string; to: string; asOf: string; daysCounted: number; daysInPeriod: number; complete: boolean;
  amount: string; actual: string; sharePercent: number; forecast: string | null; forecastSharePercent: number | null;
  thresholds: { id: string; amount: string; crossed: boolean; since: string | null }[];
}

/** Exact 1e-10 units of a decimal text (written here, apart from src/lib/money.ts). */
function units(text: string): bigint {
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const value = BigInt(whole) * 10n ** 10n + BigInt(fraction.padEnd(10, '0').slice(0, 10));
  return negative ? -value : value;
}

describe('costlens budgets: actual, share, thresholds and forecast per budget, as DuckDB computes them', () => {
  let db: string;
  let config: string;
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  let budgets: Map<string, BudgetJson>;
  let paymentsSpellings: string[];
  const one = async (sql: string, params: Record<string, string> = {}) => {
    const reader = await connection.runAndReadAll(sql, params);
    const columns = reader.columnNames();
    return reader.getRows().map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i] === null ? null : String(row[i])])))[0];
  };

  beforeAll(async () => {
    const demo = inject('demoDir');
    db = await cachedDemoStore(demo, ['cur2']);
    const truth = readTruth(demo);
    paymentsSpellings = ['payments', ...(truth.tagging.teamAliases.payments ?? [])].map((s) => s.trim().toLowerCase());
    config = join(tempStore().dir, 'costlens.config.json');
    writeFileSync(config, JSON.stringify({
      attribution: { tags: { team: { values: truth.tagging.teamAliases } } },
      budgets: [
        { name: 'org', amount: 40000 },
        { name: 'payments-prod', amount: '3000.00', scope: { accounts: [PAYMENTS_PROD] }, thresholds: [{ percent: 25 }, { percent: 50 }, { percent: 100, basis: 'forecast' }] },
        { name: 'payments-team', amount: 6000, cost: 'effective', scope: { tag: { key: 'team', values: ['Payments'] } } },
        { name: 'data-q4', amount: 40000, period: 'quarterly', scope: { costCategory: { name: 'business_unit', values: ['Data'] } } },
      ],
    }));
    const run = await costlens(db, 'budgets', '--config', config, '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    budgets = new Map((JSON.parse(run.stdout).budgets as BudgetJson[]).map((b) => [b.name, b]));
    instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
    connection = await instance.connect();
  });
  afterAll(() => {
    connection?.closeSync();
    instance?.closeSync();
  });

  it('measures each budget over its own period up to the data horizon, 14 Nov 2026', () => {
    expect([...budgets.values()].map((b) => [b.name, b.periodLabel, b.from, b.to, b.asOf, b.daysCounted, b.daysInPeriod, b.complete])).toEqual([
      ['org', '2026-11', '2026-11-01', '2026-11-30', '2026-11-14', 14, 30, false],
      ['payments-prod', '2026-11', '2026-11-01', '2026-11-30', '2026-11-14', 14, 30, false],
      ['payments-team', '2026-11', '2026-11-01', '2026-11-30', '2026-11-14', 14, 30, false],
      ['data-q4', '2026-Q4', '2026-10-01', '2026-12-31', '2026-11-14', 45, 92, false],
    ]);
  });

  it('the actual is the exact sum of the line items in scope on the counted days, whatever the scope', async () => {
    const nov = "ChargePeriodStart >= TIMESTAMP '2026-11-01' AND ChargePeriodStart < TIMESTAMP '2026-11-15'";
    const org = await one(`SELECT sum(BilledCost) AS s FROM line_items WHERE ${nov}`);
    const account = await one(`SELECT sum(BilledCost) AS s FROM line_items WHERE ${nov} AND SubAccountId = '${PAYMENTS_PROD}'`);
    const team = await one(`SELECT sum(EffectiveCost) AS s FROM line_items WHERE ${nov} AND list_contains([${paymentsSpellings.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')}], lower(trim(Tags['team'])))`);
    const data = await one(`SELECT sum(BilledCost) AS s FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '2026-10-01' AND ChargePeriodStart < TIMESTAMP '2026-11-15' AND x_CostCategories['business_unit'] = 'Data'`);
    expect(units(budgets.get('org')!.actual)).toBe(units(org.s!));
    expect(units(budgets.get('payments-prod')!.actual)).toBe(units(account.s!));
    expect(units(budgets.get('payments-team')!.actual)).toBe(units(team.s!));
    expect(units(budgets.get('data-q4')!.actual)).toBe(units(data.s!));
    expect(budgets.get('org')!.actual).toBe('16913.2771146609');
  });

  it('the share is actual ÷ amount to one decimal, and a threshold is crossed from the first day the running total reached it (a posting for the month counted on as-of, not the 1st)', async () => {
    const b = budgets.get('payments-prod')!;
    const share = await one(`SELECT round(sum(BilledCost) / 3000 * 100, 1) AS pct FROM line_items
      WHERE ChargePeriodStart >= TIMESTAMP '2026-11-01' AND ChargePeriodStart < TIMESTAMP '2026-11-15' AND SubAccountId = '${PAYMENTS_PROD}'`);
    expect(b.sharePercent).toBe(Number(share.pct));
    const firstDay = async (level: number) => (await one(`SELECT CAST(min(day) AS VARCHAR) AS day FROM (
        SELECT day, sum(cost) OVER (ORDER BY day) AS running FROM (
          SELECT CASE WHEN ChargePeriodEnd > ChargePeriodStart + INTERVAL 1 DAY THEN DATE '2026-11-14' ELSE CAST(ChargePeriodStart AS DATE) END AS day,
            sum(BilledCost) AS cost FROM line_items
          WHERE ChargePeriodStart >= TIMESTAMP '2026-11-01' AND ChargePeriodStart < TIMESTAMP '2026-11-15' AND SubAccountId = '${PAYMENTS_PROD}' GROUP BY 1))
      WHERE running >= ${level}`)).day;
    const [quarter, half] = b.thresholds;
    expect([quarter.id, quarter.amount, quarter.crossed, quarter.since]).toEqual(['actual:25', '750.00', true, await firstDay(750)]);
    expect(quarter.since).toBe('2026-11-04');
    const halfDay = await firstDay(1500);
    expect([half.id, half.amount, half.crossed, half.since]).toEqual(['actual:50', '1500.00', halfDay !== null, halfDay]);
  });

  it('the forecast is the actual plus the least-squares usage run-rate over the remaining days plus the fees and tax expected', async () => {
    // fitDays 28 ending at the last non-provisional day (14 Nov − 3 provisional days = 11 Nov): 15 Oct – 11 Nov.
    const scope = `SubAccountId = '${PAYMENTS_PROD}'`;
    const fit = await one(`SELECT regr_slope(cost, x) AS slope, regr_intercept(cost, x) AS intercept FROM (
        SELECT date_diff('day', DATE '2026-10-15', CAST(ChargePeriodStart AS DATE)) AS x, CAST(sum(BilledCost) AS DOUBLE) AS cost FROM line_items
        WHERE ${scope} AND x_ChargeClass = 'usage' AND ChargePeriodStart >= TIMESTAMP '2026-10-15' AND ChargePeriodStart < TIMESTAMP '2026-11-12' GROUP BY 1)`);
    let projected = 0;
    for (let x = 31; x <= 46; x++) projected += Math.max(0, Number(fit.intercept) + Number(fit.slope) * x); // 15–30 Nov
    const oct = await one(`SELECT
        CAST(sum(CASE WHEN x_ChargeClass = 'tax' THEN BilledCost ELSE 0 END) AS DOUBLE) AS tax,
        CAST(sum(CASE WHEN x_ChargeClass <> 'tax' THEN BilledCost ELSE 0 END) AS DOUBLE) AS other,
        CAST(sum(CASE WHEN x_ChargeClass = 'recurring' THEN BilledCost ELSE 0 END) AS DOUBLE) AS recurring,
        count(DISTINCT CASE WHEN x_ChargeClass = 'recurring' THEN CAST(ChargePeriodStart AS DATE) END) AS recurring_days
      FROM line_items WHERE ${scope} AND ChargePeriodStart >= TIMESTAMP '2026-10-01' AND ChargePeriodStart < TIMESTAMP '2026-11-01'`);
    const nov = await one(`SELECT CAST(sum(BilledCost) AS DOUBLE) AS actual,
        CAST(sum(CASE WHEN x_ChargeClass = 'tax' THEN BilledCost ELSE 0 END) AS DOUBLE) AS tax,
        CAST(sum(CASE WHEN x_ChargeClass = 'recurring' THEN BilledCost ELSE 0 END) AS DOUBLE) AS recurring
      FROM line_items WHERE ${scope} AND ChargePeriodStart >= TIMESTAMP '2026-11-01' AND ChargePeriodStart < TIMESTAMP '2026-11-15'`);
    // The account's recurring fee posts once a month (on a few days), whole: a service's fee is expected again only when
    // November has not posted it (AWS Support, posted in parts, only what October's exceeds November's by).
    expect(Number(oct.recurring_days)).toBeLessThan(20);
    const perService = await sqlRows(db, `SELECT coalesce(ServiceName, x_ProductCode, '(none)') AS service,
        CAST(sum(BilledCost) FILTER (WHERE ChargePeriodStart < TIMESTAMP '2026-11-01') AS DOUBLE) AS oct,
        CAST(coalesce(sum(BilledCost) FILTER (WHERE ChargePeriodStart >= TIMESTAMP '2026-11-01'), 0) AS DOUBLE) AS nov
      FROM line_items WHERE ${scope} AND x_ChargeClass = 'recurring' AND ChargePeriodStart >= TIMESTAMP '2026-10-01' AND ChargePeriodStart < TIMESTAMP '2026-11-15'
      GROUP BY 1 HAVING oct IS NOT NULL`);
    const fees = perService.reduce((sum, r) => sum + (/^(AWS Support|AWSSupport|AWSDeveloperSupport)/.test(r.service!)
      ? Math.max(0, Number(r.oct) - Number(r.nov)) : Number(r.nov) !== 0 ? 0 : Number(r.oct)), 0);
    const tax = Math.max(0, (Number(oct.tax) / Number(oct.other)) * (Number(nov.actual) - Number(nov.tax) + projected + fees) - Number(nov.tax));
    const expected = Math.round((Number(nov.actual) + projected + fees + tax) * 100) / 100;
    expect(Number(budgets.get('payments-prod')!.forecast)).toBeCloseTo(expected, 2);
    expect(budgets.get('payments-prod')!.forecastSharePercent).toBe(Math.round((expected / 3000) * 1000) / 10);
  });

  it('over the whole bill the forecast is `costlens forecast`\'s month-end BilledCost forecast, to the cent', async () => {
    const run = await costlens(db, 'forecast', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const billed = (JSON.parse(run.stdout) as { cost: string; forecast: string }[]).find((r) => r.cost === 'BilledCost')!;
    expect(budgets.get('org')!.forecast).toBe((Math.round(Number(billed.forecast) * 100) / 100).toFixed(2));
    expect(budgets.get('org')!.forecast).toBe('36498.40');
  });

  it('--period picks the period whose last day budgets are measured as of: October is complete, its forecast is its actual', async () => {
    const run = await costlens(db, 'budgets', '--config', config, '--period', '2026-10', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const org = (JSON.parse(run.stdout).budgets as BudgetJson[]).find((b) => b.name === 'org')!;
    const oct = await one(`SELECT sum(BilledCost) AS s FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '2026-10-01' AND ChargePeriodStart < TIMESTAMP '2026-11-01'`);
    expect([org.periodLabel, org.asOf, org.complete, units(org.actual), org.forecast]).toEqual(['2026-10', '2026-10-31', true, units(oct.s!), (Math.round(Number(oct.s) * 100) / 100).toFixed(2)]);
  });
  it('the table fits COLUMNS=80 with the money and the thresholds crossed; --wide shows every column', async () => {
    const run = await cli({ COSTLENS_DB: db, COLUMNS: '80' }, 'budgets', '--config', config);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(80);
    expect(lines[1].split(/\s+/)).toEqual(['budget', 'period', 'actual', 'share_pct', 'forecast', 'crossed']);
    expect(lines[3]).toMatch(/^org\s+2026-11\s+\$16,913\.28\s+42\.3\s+\$36,498\.40\s+none$/);
    expect(lines.at(-1)).toBe('(4 rows; 5 columns not shown: --wide shows them)');
    const wide = await cli({ COSTLENS_DB: db, COLUMNS: '80' }, 'budgets', '--config', config, '--wide');
    expect(wide.stdout.split('\n')[1].split(/\s+/)).toEqual(['budget', 'period', 'days', 'cost', 'amount', 'actual', 'share_pct', 'forecast', 'forecast_pct', 'crossed', 'scope']);
  });
});
