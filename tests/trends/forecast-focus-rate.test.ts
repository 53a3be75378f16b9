/**
 * A FOCUS export dates no commitment term, so the month-end forecast expected a Reserved Instance's
 * or Savings Plan's fee at last month's amount (or, accruing, at that amount × this month's days ÷
 * last month's): an RI bought on 31 Oct 20:00, billed 4.00 for its 4 October hours, was expected at
 * 4.00 for all of November. A FOCUS line prices the fee: ContractedUnitPrice (else ListUnitPrice)
 * per PricingUnit (`Hours`) × PricingQuantity. The fee is now expected at its hourly rate (the unit
 * price × the units its line prices an hour: PricingQuantity ÷ the hours of its charge period) ×
 * every hour of November, the commitment taken to run all month (FOCUS has no end time for it).
 *
 * The file (tests/helpers/focus-rate-file.ts, which the budgets' test reads too): the header of the
 * real FOCUS 1.0 sample, lines written there:
 * - EC2 usage 100.00 a day, 1 Oct – 10 Nov 2025 (data horizon 10 Nov);
 * - an RDS RI bought 31 Oct 20:00 at 1.00 per hour: one line of 4 h, PricingQuantity 4, 4.00;
 * - an ElastiCache RI of 2 nodes bought 31 Oct 14:00 at 0.25 per node-hour: one line of 10 h,
 *   PricingQuantity 20, BilledCost 5.00, EffectiveCost 3.00;
 * - an OpenSearch RI all October with no ContractedUnitPrice, ListUnitPrice 0.10: one line
 *   1 Oct – 1 Nov, PricingQuantity 744, 74.40;
 * - a Savings Plan bought 15 Oct at 0.25 an hour: a line a day (PricingQuantity 24, 6.00), 102.00 over
 *   its 17 October days, 60.00 over 1–10 Nov;
 * - a Redshift RI bought 31 Oct 20:00 whose line prices nothing (no unit price, no PricingUnit): 4.00.
 *
 * By hand, as of 10 Nov (October 744 h, November 720 h, 20 days left):
 * - RDS: 1.00 × 1 unit × 720 h = 720.00 (was 4.00, October's amount);
 * - ElastiCache: 0.25 × 2 × 720 = 360.00 billed (was 5.00); EffectiveCost in the same proportion,
 *   3.00 × 360 / 5 = 216.00 (was 3.00);
 * - OpenSearch: 0.10 × 720 = 72.00 (was 74.40, October's 744 hours);
 * - the Savings Plan: 0.25 × 720 = 180.00, 60.00 posted, 120.00 to come (was 102.00 × 30/31 =
 *   98.709677, 38.709677 to come);
 * - Redshift: no hourly price on its line, so as before: 4.00.
 * BilledCost: usage 1,000.00 so far + 2,000.00 projected (100.00 × 20), 60.00 of fees posted, fees
 * still to come 720 + 360 + 72 + 120 + 4 = 1,276.00: forecast 4,336.00 (was 3,186.109677).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectedFee, forecastMonthEnd, ratedNote, WHOLE, type MonthForecast } from '../../src/analyze/forecast/index.ts';
import { forecastConfigSchema } from '../../src/analyze/trends-config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { runQuery } from '../../src/engine/query-types.ts';
import { toUnits } from '../../src/lib/money.ts';
import { costlens, duckdbRows, tempStore } from '../helpers/cli.ts';
import { FOCUS_RATE_HEADER as HEADER, FOCUS_RATE_ID as ID, FOCUS_RATE_SERVICE, focusRateCsv } from '../helpers/focus-rate-file.ts';

const { rds: RDS, cache: CACHE, search: SEARCH, plan: SP, redshift: REDSHIFT } = FOCUS_RATE_SERVICE;

const u = toUnits;
const feeOf = (f: MonthForecast, cost: 'billed' | 'effective', service: string) => f[cost].expected.find((e) => e.service === service)!;
const RATED = (amount: string, rate: string) => `; ${amount} for a commitment with no term on the bill (FOCUS) at its hourly rate, taken to run all month: ${rate}/h × 720 h`;

describe('FOCUS: a commitment\'s fee is forecast at its unit price × the hours of the month, not at last month\'s (partial) amount', () => {
  let db: string;
  let file: string;

  beforeAll(async () => {
    const store = tempStore();
    db = store.db;
    file = join(store.dir, 'focus.csv');
    writeFileSync(file, focusRateCsv());
    const ingest = await costlens(db, 'ingest', file);
    expect(ingest.code, ingest.stderr).toBe(0);
  }, 120_000);

  it('the file has the sample\'s 44 columns; by DuckDB on it, each fee\'s October amount and its unit price × units an hour', async () => {
    expect(HEADER).toHaveLength(44);
    const rows = await duckdbRows(`SELECT ServiceName AS service, CAST(sum(BilledCost) AS DECIMAL(38,2)) AS billed, CAST(sum(EffectiveCost) AS DECIMAL(38,2)) AS effective,
        CAST(arg_max(coalesce(ContractedUnitPrice, ListUnitPrice) * PricingQuantity * 3600 / date_diff('second', ChargePeriodStart, ChargePeriodEnd), ChargePeriodStart) AS DECIMAL(38,4)) AS hourly
      FROM read_csv($file, nullstr = 'NULL') WHERE ChargeCategory = 'Purchase' AND ChargePeriodStart < TIMESTAMP '2025-11-01' GROUP BY ServiceName ORDER BY service`, { file });
    expect(rows.map((r) => [r.service, r.billed, r.effective, r.hourly])).toEqual([
      [CACHE, '5.00', '3.00', '0.5000'],
      [SEARCH, '74.40', '74.40', '0.1000'],
      [REDSHIFT, '4.00', '4.00', null],
      [RDS, '4.00', '4.00', '1.0000'],
      [SP, '102.00', '102.00', '0.2500'],
    ]);
  });

  it('trends/recurring_fees_by_commitment_term gives each FOCUS commitment its id and hourly rate (none for the line that prices nothing)', async () => {
    const fees = await withEngine(db, (engine) => runQuery(engine, 'trends/recurring_fees_by_commitment_term', { from: '2025-10-01', to: '2025-11-01' }));
    expect(fees.map((f) => [f.service, f.posted, f.commitment, f.commitment_start, f.commitment_id, f.hourly_rate, f.billed_cost])).toEqual([
      [CACHE, false, 'reservation', null, ID.cache, u('0.5'), u('5')],
      [SEARCH, true, 'reservation', null, ID.search, u('0.1'), u('74.4')],
      [REDSHIFT, false, 'reservation', null, ID.redshift, null, u('4')],
      [RDS, false, 'reservation', null, ID.rds, u('1'), u('4')],
      [SP, false, 'savings_plan', null, ID.plan, u('0.25'), u('102')],
    ]);
  });

  it('the month-end forecast of November expects each priced fee at its hourly rate × 720 h: RDS 720.00 (was 4.00), ElastiCache 360.00, OpenSearch 72.00, the plan 180.00', async () => {
    const f = await withEngine(db, (engine) => forecastMonthEnd(engine, forecastConfigSchema.parse({})));
    expect([f.month, f.asOf, f.expectationsFrom, f.daysRemaining]).toEqual(['2025-11', '2025-11-10', '2025-10', 20]);
    const billed = (service: string) => feeOf(f, 'billed', service);
    expect([RDS, CACHE, SEARCH, SP, REDSHIFT].map((s) => [s, billed(s).expected, billed(s).posted, billed(s).remaining])).toEqual([
      [RDS, u('720'), 0n, u('720')],
      [CACHE, u('360'), 0n, u('360')],
      [SEARCH, u('72'), 0n, u('72')],
      [SP, u('180'), u('60'), u('120')],
      [REDSHIFT, u('4'), 0n, u('4')],
    ]);
    expect(billed(RDS).basis).toBe(`posts once a month: 4.000000 in 2025-10${RATED('720.000000', '1')}`);
    expect(billed(CACHE).basis).toBe(`posts once a month: 5.000000 in 2025-10${RATED('360.000000', '0.5')}`);
    expect(billed(SEARCH).basis).toBe(`posts once a month: 74.400000 in 2025-10${RATED('72.000000', '0.1')}`);
    expect(billed(SP).basis).toBe(`accrues daily: 102.000000 over 2025-10, scaled to 30 days${RATED('180.000000', '0.25')}`);
    expect(billed(REDSHIFT).basis).toBe('posts once a month: 4.000000 in 2025-10');
    // EffectiveCost in the fee's proportion: ElastiCache 3.00 × 360 / 5 = 216.00, 0.3/h.
    expect([feeOf(f, 'effective', CACHE).expected, feeOf(f, 'effective', CACHE).basis]).toEqual([u('216'), `posts once a month: 3.000000 in 2025-10${RATED('216.000000', '0.3')}`]);
    expect([f.billed.usageActual, f.billed.posted.recurring, f.billed.projectedUsage]).toEqual([u('1000'), u('60'), u('2000')]);
    expect(f.billed.projectedRemaining).toBe(u('2000') + u('1276'));
    expect(f.billed.forecast).toBe(u('4336'));
    expect(f.effective.forecast).toBe(u('4336') - u('360') + u('216'));
  });

  it('costlens forecast prints RDS\'s 720.000000 with its rate and the forecast 4,336.00', async () => {
    const run = await costlens(db, 'forecast', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`Expected: ${RDS} (recurring), 720.000000 at month end, 720.000000 still to post (posts once a month: 4.000000 in 2025-10${RATED('720.000000', '1')}; 0.000000 posted).`);
    const [billed, effective] = JSON.parse(run.stdout) as { cost: string; forecast: string; expectedOther: string }[];
    expect([billed.cost, billed.forecast, billed.expectedOther]).toEqual(['BilledCost', '4336.000000', '1276.000000']);
    expect([effective.cost, effective.forecast]).toEqual(['EffectiveCost', '4192.000000']);
  }, 60_000);
});

describe('expectedFee and ratedNote with fees priced by the hour beside a fee of no commitment', () => {
  const october = { from: '2025-10-01', to: '2025-10-31' };
  const november = { from: '2025-11-01', to: '2025-11-30' };
  const rds = { amount: u('4'), billed: u('4'), hourlyRate: u('1') };
  const nodes = { amount: u('3'), billed: u('5'), hourlyRate: u('0.5') };

  it('a service of 14.00 last month, 4.00 of it an RI priced at 1.00 an hour: 10.00 + 720.00 = 730.00, or 10.00 × 30/31 + 720.00 when it accrues', () => {
    expect(expectedFee(u('14'), [], october, november, WHOLE, [rds])).toBe(u('730'));
    // 300/31 = 9.677419354838…, rounded once with the 720.00 to 10 decimals.
    expect(expectedFee(u('14'), [], october, november, { numerator: 30n, denominator: 31n }, [rds])).toBe(u('729.6774193548'));
  });

  it('two commitments: their rates in the measure summed (1.00 + 3.00 × 0.50 / 5.00 = 1.30 an hour) × 720 h = 936.000000', () => {
    expect(ratedNote([rds, nodes], november)).toBe('; 936.000000 for 2 commitments with no term on the bill (FOCUS) at their hourly rates, taken to run all month: 1.3/h × 720 h');
    expect(ratedNote([], november)).toBe('');
  });
});
