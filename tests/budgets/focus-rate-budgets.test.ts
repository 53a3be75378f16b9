/**
 * `costlens forecast` expects a FOCUS commitment's fee at its hourly rate × every hour of the month
 * (tests/trends/forecast-focus-rate.test.ts); the budgets' period forecast expected it at last
 * month's amount, so a budget on such a fee no longer agreed with `costlens forecast`: an RI bought
 * on 31 Oct 20:00 at 1.00 an hour (October's fee 4.00, a 4-hour line) was expected at 4.00 for
 * November. The budgets now read the same rate (trends/recurring_fees_by_commitment_term
 * `hourly_rate`, for the commitments budgets/scope_daily_spend names by `commitment_id`) and expect
 * the fee by the same code (forecast/commitment-terms.ts `expectedFee`).
 *
 * The file: tests/helpers/focus-rate-file.ts, the forecast test's. By hand, as of 10 Nov 2025
 * (October 744 h, November 720 h, December 744 h; 20 days = 480 h left of November):
 * - RDS (1.00 an hour): November 720.00 (was 4.00); the quarter 4.00 posted in October + 720.00 +
 *   744.00 for December = 1,468.00 (was 4 + 4 + 4 = 12.00);
 * - ElastiCache (2 nodes at 0.25, BilledCost 5.00, EffectiveCost 3.00): 0.50 × 720 = 360.00 billed,
 *   216.00 effective (3.00 × 360 / 5; was 3.00);
 * - OpenSearch (list price 0.10): 72.00 (was 74.40);
 * - the Savings Plan (0.25 an hour, accruing): 60.00 posted + 0.25 × 480 h = 180.00 (was 60.00 +
 *   102.00 × 20/31 = 125.81);
 * - Redshift (its line prices nothing by the hour): 4.00, as before.
 * The whole bill for November: 1,060.00 so far + 2,000.00 of usage + 720 + 360 + 72 + 120 + 4 of fees
 * = 4,336.00 (was 3,213.21), `costlens forecast`'s 4,336.000000; EffectiveCost 4,336 − 360 + 216 =
 * 4,192.00 (was 3,211.21). The quarter: 4,349.40 (October 3,289.40 + November 1,060.00) + 3,276.00
 * left of November + December's 3,100.00 of usage and 744 + 372 + 74.40 + 186 + 4 = 1,380.40 of
 * fees = 12,105.80 (was 9,792.01).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectedFeeOfLines, ratedFeesOfLines, type ScopeDay } from '../../src/analyze/budgets/index.ts';
import { WHOLE, type FeeTermRows } from '../../src/analyze/forecast/index.ts';
import { rowsFromDuckDB } from '../../src/engine/conversion/index.ts';
import { listParam, runNamedQuery } from '../../src/engine/duckdb.ts';
import { queryRegistry } from '../../src/engine/query-registry.ts';
import { toUnits } from '../../src/lib/money.ts';
import { createDuckDB, readerSettings } from '../../src/store/duckdb-settings.ts';
import { athenaTwinOnDuckDB } from '../helpers/athena-twin-on-duckdb.ts';
import { costlens, duckdbRows, tempStore } from '../helpers/cli.ts';
import { FOCUS_RATE_ID as ID, FOCUS_RATE_SERVICE as S, focusRateCsv } from '../helpers/focus-rate-file.ts';

interface BudgetJson { name: string; periodLabel: string; actual: string; forecast: string | null; thresholds: { id: string; crossed: boolean | null; since: string | null }[] }

const u = toUnits;
const FORECAST_70 = [{ percent: 70, basis: 'forecast' }];
const BUDGETS = [
  { name: 'all', amount: 40000 },
  { name: 'all-effective', amount: 40000, cost: 'effective' },
  { name: 'all-q4', amount: 100000, period: 'quarterly' },
  { name: 'rds', amount: 1000, scope: { services: [S.rds] }, thresholds: FORECAST_70 },
  { name: 'rds-q4', amount: 2000, period: 'quarterly', scope: { services: [S.rds] }, thresholds: FORECAST_70 },
  { name: 'cache', amount: 1000, scope: { services: [S.cache] } },
  { name: 'cache-effective', amount: 1000, cost: 'effective', scope: { services: [S.cache] } },
  { name: 'search', amount: 1000, scope: { services: [S.search] } },
  { name: 'plan', amount: 1000, scope: { services: [S.plan] } },
  { name: 'redshift', amount: 1000, scope: { services: [S.redshift] } },
];

describe('budgets on FOCUS commitments priced by the hour: each fee at its hourly rate, as `costlens forecast` expects it', () => {
  let db: string;
  let file: string;
  let config: string;
  let budgets: Map<string, BudgetJson>;

  beforeAll(async () => {
    const store = tempStore();
    db = store.db;
    file = join(store.dir, 'focus.csv');
    config = join(store.dir, 'costlens.config.json');
    writeFileSync(file, focusRateCsv());
    writeFileSync(config, JSON.stringify({ budgets: BUDGETS }));
    const ingest = await costlens(db, 'ingest', file);
    expect(ingest.code, ingest.stderr).toBe(0);
    const run = await costlens(db, 'budgets', '--config', config, '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    budgets = new Map((JSON.parse(run.stdout).budgets as BudgetJson[]).map((b) => [b.name, b]));
  }, 120_000);

  it('by DuckDB on the file: the spend so far that the budgets\' actuals are (October 3,289.40, 1–10 Nov 1,060.00)', async () => {
    const rows = await duckdbRows(`SELECT strftime(ChargePeriodStart, '%Y-%m') AS month, CAST(sum(BilledCost) AS DECIMAL(38,2)) AS billed
      FROM read_csv($file, nullstr = 'NULL') GROUP BY month ORDER BY month`, { file });
    expect(rows).toEqual([{ month: '2025-10', billed: '3289.40' }, { month: '2025-11', billed: '1060.00' }]);
    expect([budgets.get('all')!.actual, budgets.get('all-q4')!.actual]).toEqual(['1060.0000000000', '4349.4000000000']);
  });

  it('the whole bill for November: 4,336.00 billed and 4,192.00 effective (were 3,213.21 and 3,211.21), `costlens forecast`\'s own forecasts to the cent', async () => {
    const run = await costlens(db, 'forecast', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const [billed, effective] = JSON.parse(run.stdout) as { cost: string; forecast: string }[];
    expect([billed.cost, billed.forecast, effective.cost, effective.forecast]).toEqual(['BilledCost', '4336.000000', 'EffectiveCost', '4192.000000']);
    expect([budgets.get('all')!.forecast, budgets.get('all-effective')!.forecast]).toEqual(['4336.00', '4192.00']);
  });

  it('a budget on each fee: RDS 720.00 (was 4.00), ElastiCache 360.00 / effective 216.00, OpenSearch 72.00 (was 74.40), the plan 180.00 (was 125.81), Redshift 4.00 (no hourly price)', () => {
    const forecast = (name: string) => budgets.get(name)!.forecast;
    expect(['rds', 'cache', 'cache-effective', 'search', 'plan', 'redshift'].map((name) => [name, forecast(name)])).toEqual([
      ['rds', '720.00'], ['cache', '360.00'], ['cache-effective', '216.00'], ['search', '72.00'], ['plan', '180.00'], ['redshift', '4.00'],
    ]);
    // Its forecast threshold (70 % of 1,000.00) stands crossed from November's first day on: every forecast of November expects 720.00.
    expect(budgets.get('rds')!.thresholds).toEqual([{ id: 'forecast:70', basis: 'forecast', percent: 70, amount: '700.00', crossed: true, since: '2025-11-01' }]);
  });

  it('the quarter: RDS 4.00 + 720.00 for November + 744.00 for December = 1,468.00 (was 12.00); the whole bill 12,105.80 (was 9,792.01)', () => {
    const q = budgets.get('rds-q4')!;
    expect([q.periodLabel, q.actual, q.forecast]).toEqual(['2025-Q4', '4.0000000000', '1468.00']);
    expect(q.thresholds[0]).toMatchObject({ id: 'forecast:70', crossed: true, since: '2025-11-01' });
    expect(budgets.get('all-q4')!.forecast).toBe('12105.80');
  });

  it('the text lists the RDS budget\'s forecast of $720.00', async () => {
    const run = await costlens(db, 'budgets', '--config', config);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^rds +2025-11 +10\/30 +billed +\$1,000\.00 +\$0\.00 +0\.0 +\$720\.00 +72\.0 /m);
  });

  it('budgets/scope_daily_spend gives each FOCUS commitment\'s fee its CommitmentDiscountId (commitment_id), and its Athena twin returns the same rows', async () => {
    const instance = await createDuckDB(db, readerSettings());
    const connection = await instance.connect();
    try {
      const portable = queryRegistry().find('budgets/scope_daily_spend');
      const params = { from: '2025-10-01', to: '2025-11-01', services: listParam([S.rds, S.cache, S.search, S.redshift]) };
      const rows = rowsFromDuckDB(portable, await runNamedQuery(connection, portable, params)).rows;
      expect(rows.map((r) => [r.service, r.commitment, r.commitment_id, r.billed_cost])).toEqual([
        [S.search, 'reservation', ID.search, u('74.4')],
        [S.cache, 'reservation', ID.cache, u('5')],
        [S.redshift, 'reservation', ID.redshift, u('4')],
        [S.rds, 'reservation', ID.rds, u('4')],
      ]);
      const twin = athenaTwinOnDuckDB('budgets/scope_daily_spend')!;
      expect(rowsFromDuckDB(twin, await runNamedQuery(connection, twin, params)).rows).toEqual(rows);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});

describe('a scope holding part of a commitment\'s fee expects that part\'s share of it at the rate (ratedFeesOfLines)', () => {
  const october = { from: '2025-10-01', to: '2025-10-31' };
  const november = { from: '2025-11-01', to: '2025-11-30' };
  const rates: FeeTermRows = [
    { service: S.rds, posted: false, commitment: 'reservation', commitment_start: null, commitment_end: null, commitment_id: ID.rds, hourly_rate: u('1'), billed_cost: u('4'), effective_cost: u('4') },
    { service: S.rds, posted: false, commitment: 'reservation', commitment_start: null, commitment_end: null, commitment_id: ID.redshift, hourly_rate: null, billed_cost: u('4'), effective_cost: u('4') },
  ];
  const line = (units: string, commitmentId: string | null): ScopeDay => ({ day: '2025-10-31', chargeClass: 'recurring', service: S.rds, units: u(units), commitment: 'reservation', commitmentId });

  it('1.00 of the RI\'s 4.00 in scope: 1/4 × 1.00 × 720 h = 180.00; all of it: 720.00, as `costlens forecast`', () => {
    const part = [line('1', ID.rds)];
    expect(ratedFeesOfLines(part, rates)).toEqual([{ amount: u('1'), billed: u('4'), hourlyRate: u('1') }]);
    expect(expectedFeeOfLines(part, october, november, WHOLE, ratedFeesOfLines(part, rates))).toBe(u('180'));
    const all = [line('4', ID.rds)];
    expect(expectedFeeOfLines(all, october, november, WHOLE, ratedFeesOfLines(all, rates))).toBe(u('720'));
  });

  it('a fee of no rated commitment in scope keeps last month\'s amount: 4.00 + the RI\'s 720.00 = 724.00', () => {
    const lines = [line('4', ID.rds), line('4', ID.redshift)];
    expect(ratedFeesOfLines(lines, rates)).toEqual([{ amount: u('4'), billed: u('4'), hourlyRate: u('1') }]);
    expect(expectedFeeOfLines(lines, october, november, WHOLE, ratedFeesOfLines(lines, rates))).toBe(u('724'));
    expect(ratedFeesOfLines([line('4', null)], rates)).toEqual([]);
  });
});
