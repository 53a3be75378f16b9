/**
 * `costlens forecast` expects a FOCUS commitment's fee at its hourly rate × every hour of the month
 * (tests/trends/forecast-focus-rate.test.ts); the budgets' period forecast expected it at last
 * month's amount, so a budget on such a fee no longer agreed with `costlens forecast`: an RI bought
 * on 31 Oct 20:00 at 1.00 an hour (October's fee 4.00, a 4-hour line) was expected at 4.00 for
 * November. The budgets now read the same rate (trends/recurring_fees_by_commitment_term
 * `unit_price`, `pricing_quantity`, `priced_seconds`, for the commitments budgets/scope_daily_spend
 * names by `commitment_id`) and expect the fee by the same code (forecast/commitment-terms.ts
 * `expectedFeeExact`), a commitment whose lines ended before October did (`charged_until`) at nothing.
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
 * - Redshift (its line prices nothing by the hour): 4.00, as before;
 * - the EC2 RI that expired on 10 Oct (its lines end there, before October does: 108.00 for 216 h):
 *   nothing, as `costlens forecast` expects it (was 0.50 × 720 h = 360.00 in November and 372.00 in
 *   December): the EC2 budget (usage 100.00 a day) 1,000.00 + 2,000.00 = 3,000.00 (was 3,360.00,
 *   over its forecast threshold of 65 % of 5,000.00 = 3,250.00 from 1 Nov); its quarter 3,208.00 +
 *   1,000.00 + 2,000.00 + 3,100.00 = 9,308.00 (was 10,040.00);
 * - MemoryDB (0.0118 × 2.320278 units over its line's 8,353 s): (98.56540944 / 8,353) × 720 h =
 *   8.4960008137, rounded once (was 8.4960007920, the rate rounded to 0.0118000011 first).
 * The whole bill for November: 1,060.00 so far + 2,000.00 of usage + 720 + 360 + 72 + 120 + 4 + 0 +
 * 8.4960008137 of fees = 4,344.50 (was 4,704.50), `costlens forecast`'s 4,344.496001; EffectiveCost
 * 4,344.496 − 360 + 216 = 4,200.50 (was 4,560.50). The quarter: 4,457.427379 (October 3,397.427379 +
 * November 1,060.00) + 3,284.4960008137 left of November + December's 3,100.00 of usage and 744 +
 * 372 + 74.40 + 186 + 4 + 0 + 8.7792008408 (744 h) = 1,389.1792008408 of fees = 12,231.10 (was
 * 12,963.10).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { commitmentRatesReader, exactFeeOfLines, focusFeesOfLines, type ScopeDay } from '../../src/analyze/budgets/index.ts';
import { roundedUnits, WHOLE, type FeeTermRows } from '../../src/analyze/forecast/index.ts';
import { rowsFromDuckDB } from '../../src/engine/conversion/index.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { listParam, runNamedQuery } from '../../src/engine/duckdb.ts';
import { queryRegistry } from '../../src/engine/query-registry.ts';
import { toUnits } from '../../src/lib/money.ts';
import { createDuckDB, readerSettings } from '../../src/store/duckdb-settings.ts';
import { athenaTwinOnDuckDB } from '../helpers/athena-twin-on-duckdb.ts';
import { cachedStoreOf } from '../helpers/cached-text-store.ts';
import { costlens, duckdbRows } from '../helpers/cli.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { FOCUS_RATE_ID as ID, FOCUS_RATE_SERVICE as S, focusRateCsv } from '../helpers/focus-rate-file.ts';

interface BudgetJson { name: string; periodLabel: string; actual: string; forecast: string | null; forecastBasis: string; thresholds: { id: string; crossed: boolean | null; since: string | null }[] }

const u = toUnits;
const OCTOBER = { from: '2025-10-01', to: '2025-10-31' };
const NOVEMBER = { from: '2025-11-01', to: '2025-11-30' };
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
  { name: 'ec2', amount: 5000, scope: { services: [S.ec2] }, thresholds: [{ percent: 65, basis: 'forecast' }] },
  { name: 'ec2-q4', amount: 20000, period: 'quarterly', scope: { services: [S.ec2] } },
  { name: 'memorydb', amount: 100, scope: { services: [S.memorydb] } },
];

describe('budgets on FOCUS commitments priced by the hour: each fee at its hourly rate, as `costlens forecast` expects it', () => {
  let db: string;
  let file: string;
  let config: string;
  let budgets: Map<string, BudgetJson>;

  beforeAll(async () => {
    // The file written and ingested once per machine (tests/helpers/cached-text-store.ts): only read.
    const { db: store, paths } = await cachedStoreOf([{ name: 'focus.csv', text: focusRateCsv() }]);
    [db, file] = [store, paths['focus.csv']];
    config = join(scratchDir(), 'costlens.config.json');
    writeFileSync(config, JSON.stringify({ budgets: BUDGETS }));
    const run = await costlens(db, 'budgets', '--config', config, '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    budgets = new Map((JSON.parse(run.stdout).budgets as BudgetJson[]).map((b) => [b.name, b]));
  }, 120_000);

  it('by DuckDB on the file: the spend so far that the budgets\' actuals are (October 3,397.427379, 1–10 Nov 1,060.00)', async () => {
    const rows = await duckdbRows(`SELECT strftime(ChargePeriodStart, '%Y-%m') AS month, CAST(sum(BilledCost) AS DECIMAL(38,6)) AS billed
      FROM read_csv($file, nullstr = 'NULL', types = {'BilledCost': 'DECIMAL(38,10)'}) GROUP BY month ORDER BY month`, { file });
    expect(rows).toEqual([{ month: '2025-10', billed: '3397.427379' }, { month: '2025-11', billed: '1060.000000' }]);
    expect([budgets.get('all')!.actual, budgets.get('all-q4')!.actual]).toEqual(['1060.0000000000', '4457.4273790000']);
  });

  it('the whole bill for November: 4,344.50 billed and 4,200.50 effective (were 4,704.50 and 4,560.50), `costlens forecast`\'s own forecasts to the cent', async () => {
    const run = await costlens(db, 'forecast', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const [billed, effective] = JSON.parse(run.stdout) as { cost: string; forecast: string }[];
    expect([billed.cost, billed.forecast, effective.cost, effective.forecast]).toEqual(['BilledCost', '4344.496001', 'EffectiveCost', '4200.496001']);
    expect([budgets.get('all')!.forecast, budgets.get('all-effective')!.forecast]).toEqual(['4344.50', '4200.50']);
  });

  it('the expired EC2 RI is expected at nothing: the EC2 budget 3,000.00 (was 3,360.00), its 65 % forecast threshold not crossed (was from 1 Nov), its quarter 9,308.00 (was 10,040.00)', () => {
    const ec2 = budgets.get('ec2')!;
    expect([ec2.actual, ec2.forecast]).toEqual(['1000.0000000000', '3000.00']);
    expect(ec2.thresholds).toEqual([{ id: 'forecast:65', basis: 'forecast', percent: 65, amount: '3250.00', crossed: false, since: null }]);
    expect([budgets.get('ec2-q4')!.actual, budgets.get('ec2-q4')!.forecast]).toEqual(['4208.0000000000', '9308.00']);
  });

  it('the EC2 budgets\' basis says the expired RI\'s 108.00 of October is expected at nothing, in `costlens forecast`\'s words (it said only "plus the recurring fees and tax expected from the month before")', () => {
    const ended = '; 108.000000 of its fees for a commitment with no term on the bill (FOCUS) whose lines end on 10 Oct 2025 00:00 UTC, taken to have ended: not billed again';
    const run = (days: number) => `the actual to 2025-11-10, plus the usage run-rate (linear, fitted on 28 days) over the ${days} remaining days, plus the recurring fees and tax expected from the month before`;
    expect([budgets.get('ec2')!.forecastBasis, budgets.get('ec2-q4')!.forecastBasis]).toEqual([run(20) + ended, run(51) + ended]);
    // `costlens forecast` says it of the EC2 fee in the same words, "of it" for "of its fees" (tests/trends/forecast-focus-rate.test.ts).
    // A budget with no ended commitment in scope keeps its basis.
    expect(budgets.get('rds')!.forecastBasis).toBe('the actual to 2025-11-10, with no usage in scope in the 28 days of its fit window (11 Oct – 7 Nov 2025) to project over the 20 remaining days, plus the recurring fees and tax expected from the month before');
  });

  it('MemoryDB at its exact rate, rounded once: 8.4960008137 (was 8.4960007920), as `costlens forecast` expects it; its budget 8.50', async () => {
    const rates = await withEngine(db, (engine) => commitmentRatesReader(engine)('2025-10-01'));
    const lines: ScopeDay[] = [{ day: '2025-10-31', chargeClass: 'recurring', service: S.memorydb, units: u('0.027379'), commitment: 'reservation', commitmentId: ID.memorydb }];
    const focus = focusFeesOfLines(lines, rates.filter((r) => r.service === S.memorydb), OCTOBER);
    expect(roundedUnits(exactFeeOfLines(lines, OCTOBER, NOVEMBER, WHOLE, focus))).toBe(u('8.4960008137'));
    expect(budgets.get('memorydb')!.forecast).toBe('8.50');
  });

  it('a budget on each fee: RDS 720.00 (was 4.00), ElastiCache 360.00 / effective 216.00, OpenSearch 72.00 (was 74.40), the plan 180.00 (was 125.81), Redshift 4.00 (no hourly price)', () => {
    const forecast = (name: string) => budgets.get(name)!.forecast;
    expect(['rds', 'cache', 'cache-effective', 'search', 'plan', 'redshift'].map((name) => [name, forecast(name)])).toEqual([
      ['rds', '720.00'], ['cache', '360.00'], ['cache-effective', '216.00'], ['search', '72.00'], ['plan', '180.00'], ['redshift', '4.00'],
    ]);
    // Its forecast threshold (70 % of 1,000.00) stands crossed from November's first day on: every forecast of November expects 720.00.
    expect(budgets.get('rds')!.thresholds).toEqual([{ id: 'forecast:70', basis: 'forecast', percent: 70, amount: '700.00', crossed: true, since: '2025-11-01' }]);
  });

  it('the quarter: RDS 4.00 + 720.00 for November + 744.00 for December = 1,468.00 (was 12.00); the whole bill 12,231.10 (was 12,963.10)', () => {
    const q = budgets.get('rds-q4')!;
    expect([q.periodLabel, q.actual, q.forecast]).toEqual(['2025-Q4', '4.0000000000', '1468.00']);
    expect(q.thresholds[0]).toMatchObject({ id: 'forecast:70', crossed: true, since: '2025-11-01' });
    expect(budgets.get('all-q4')!.forecast).toBe('12231.10');
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
      const params = { from: '2025-10-01', to: '2025-11-01', services: listParam([S.rds, S.cache, S.search, S.redshift, S.memorydb]) };
      const rows = rowsFromDuckDB(portable, await runNamedQuery(connection, portable, params)).rows;
      expect(rows.map((r) => [r.service, r.commitment, r.commitment_id, r.billed_cost])).toEqual([
        [S.search, 'reservation', ID.search, u('74.4')],
        [S.cache, 'reservation', ID.cache, u('5')],
        [S.memorydb, 'reservation', ID.memorydb, u('0.027379')],
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

describe('a scope holding part of a commitment\'s fee expects that part\'s share of it at the rate (focusFeesOfLines)', () => {
  const fee = { service: S.rds, posted: false, commitment: 'reservation', commitment_start: null, commitment_end: null, billed_cost: u('4'), effective_cost: u('4') };
  const rates: FeeTermRows = [
    { ...fee, commitment_id: ID.rds, charged_until: '2025-11-01 00:00:00', unit_price: u('1'), pricing_quantity: u('4'), priced_seconds: 14_400 },
    { ...fee, commitment_id: ID.redshift, charged_until: '2025-11-01 00:00:00', unit_price: null, pricing_quantity: null, priced_seconds: null },
    { ...fee, commitment_id: ID.expired, charged_until: '2025-10-10 00:00:00', unit_price: u('0.5'), pricing_quantity: u('216'), priced_seconds: 777_600 },
  ];
  const line = (units: string, commitmentId: string | null): ScopeDay => ({ day: '2025-10-31', chargeClass: 'recurring', service: S.rds, units: u(units), commitment: 'reservation', commitmentId });
  const oneAnHour = { numerator: u('1') * u('4') * 3600n, denominator: 14_400n * u('1') };

  it('1.00 of the RI\'s 4.00 in scope: 1/4 × 1.00 × 720 h = 180.00; all of it: 720.00, as `costlens forecast`', () => {
    const part = [line('1', ID.rds)];
    expect(focusFeesOfLines(part, rates, OCTOBER)).toEqual({ rated: [{ amount: u('1'), billed: u('4'), hourlyRate: oneAnHour }], ended: [] });
    expect(roundedUnits(exactFeeOfLines(part, OCTOBER, NOVEMBER, WHOLE, focusFeesOfLines(part, rates, OCTOBER)))).toBe(u('180'));
    const all = [line('4', ID.rds)];
    expect(roundedUnits(exactFeeOfLines(all, OCTOBER, NOVEMBER, WHOLE, focusFeesOfLines(all, rates, OCTOBER)))).toBe(u('720'));
  });

  it('a fee of no rated commitment in scope keeps last month\'s amount: 4.00 + the RI\'s 720.00 = 724.00; one whose lines ended on 10 Oct adds nothing (was 0.50 × 720 h = 360.00)', () => {
    const lines = [line('4', ID.rds), line('4', ID.redshift)];
    expect(focusFeesOfLines(lines, rates, OCTOBER)).toEqual({ rated: [{ amount: u('4'), billed: u('4'), hourlyRate: oneAnHour }], ended: [] });
    expect(roundedUnits(exactFeeOfLines(lines, OCTOBER, NOVEMBER, WHOLE, focusFeesOfLines(lines, rates, OCTOBER)))).toBe(u('724'));
    expect(focusFeesOfLines([line('4', null)], rates, OCTOBER)).toEqual({ rated: [], ended: [] });
    const withExpired = [...lines, line('4', ID.expired)];
    expect(focusFeesOfLines(withExpired, rates, OCTOBER).ended).toEqual([{ amount: u('4'), endedMs: BigInt(Date.parse('2025-10-10T00:00:00Z')) }]);
    expect(roundedUnits(exactFeeOfLines(withExpired, OCTOBER, NOVEMBER, WHOLE, focusFeesOfLines(withExpired, rates, OCTOBER)))).toBe(u('724'));
  });
});
