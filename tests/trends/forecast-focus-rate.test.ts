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
 * - a Redshift RI bought 31 Oct 20:00 whose line prices nothing (no unit price, no PricingUnit): 4.00;
 * - an EC2 RI at 0.50 per hour that expired on 10 Oct 00:00: one line 1 – 10 Oct, PricingQuantity
 *   216, 108.00;
 * - a MemoryDB RI bought 31 Oct 21:40:47 at 0.0118 per hour: one line of 8,353 s, PricingQuantity
 *   2.320278 (its hours to 6 decimals), 0.027379.
 *
 * By hand, as of 10 Nov (October 744 h, November 720 h, 20 days left):
 * - RDS: 1.00 × 1 unit × 720 h = 720.00 (was 4.00, October's amount);
 * - ElastiCache: 0.25 × 2 × 720 = 360.00 billed (was 5.00); EffectiveCost in the same proportion,
 *   3.00 × 360 / 5 = 216.00 (was 3.00);
 * - OpenSearch: 0.10 × 720 = 72.00 (was 74.40, October's 744 hours);
 * - the Savings Plan: 0.25 × 720 = 180.00, 60.00 posted, 120.00 to come (was 102.00 × 30/31 =
 *   98.709677, 38.709677 to come);
 * - Redshift: no hourly price on its line, so as before: 4.00;
 * - the expired EC2 RI: its lines end on 10 Oct, before October does, so it ended there, as a CUR
 *   term that has ended: 0.00 (was 0.50 × 720 h = 360.00, more than three times the 108.00 it billed
 *   in October for its 216 hours);
 * - MemoryDB: its rate exactly, 0.0118 × 2.320278 units × 3,600 s ÷ 8,353 s = 98.56540944 / 8,353
 *   an hour (0.0118000011301…), × 720 h = 70,967.0947968 / 8,353 = 8.4960008137 rounded once (was
 *   8.4960007920: the query's rate in DOUBLE rounded to 0.0118000011 first, and the basis said
 *   "0.0118/h × 720 h" beside 8.496001, which 0.0118 × 720 = 8.496 is not); 8.496001 to post (the
 *   micro-dollar grid). The basis writes the rate as a decimal: in the JSON to 10 decimals,
 *   0.0118000011/h; in the notes rounded to the fewest decimals that still give 8.496001 × 720 h,
 *   $0.011800001/h (it wrote the exact fraction, (98.56540944/8353)/h, which a reader cannot read).
 * BilledCost: usage 1,000.00 so far + 2,000.00 projected (100.00 × 20), 60.00 of fees posted, fees
 * still to come 720 + 360 + 72 + 120 + 4 + 0 + 8.496001 = 1,284.496001: forecast 4,344.496001 (was
 * 4,704.496001, with the expired RI's 360.00).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectedFeeExact, focusFees, focusNote, forecastMonthEnd, rateFigure, roundedUnits, WHOLE, type FeeTermRows, type MonthForecast } from '../../src/analyze/forecast/index.ts';
import { forecastConfigSchema } from '../../src/analyze/trends-config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { runQuery } from '../../src/engine/query-types.ts';
import { toUnits } from '../../src/lib/money.ts';
import { cachedStoreOf } from '../helpers/cached-text-store.ts';
import { costlens, duckdbRows } from '../helpers/cli.ts';
import { FOCUS_RATE_HEADER as HEADER, FOCUS_RATE_ID as ID, FOCUS_RATE_SERVICE, focusRateCsv } from '../helpers/focus-rate-file.ts';

const { ec2: EC2, rds: RDS, cache: CACHE, search: SEARCH, plan: SP, redshift: REDSHIFT, memorydb: MEMORYDB } = FOCUS_RATE_SERVICE;

const u = toUnits;
const feeOf = (f: MonthForecast, cost: 'billed' | 'effective', service: string) => f[cost].expected.find((e) => e.service === service)!;
const RATED = (amount: string, rate: string) => `; ${amount} for a commitment with no term on the bill (FOCUS) at its hourly rate, taken to run all month: ${rate}/h × 720 h`;

describe('FOCUS: a commitment\'s fee is forecast at its unit price × the hours of the month, not at last month\'s (partial) amount', () => {
  let db: string;
  let file: string;

  beforeAll(async () => {
    // The file written and ingested once per machine (tests/helpers/cached-text-store.ts): only read.
    const { db: store, paths } = await cachedStoreOf([{ name: 'focus.csv', text: focusRateCsv() }]);
    [db, file] = [store, paths['focus.csv']];
  }, 120_000);

  it('the file has the sample\'s 44 columns; by DuckDB on it, each fee\'s October amount, its unit price × units × 3,600 over its line\'s seconds, and where its lines end', async () => {
    expect(HEADER).toHaveLength(44);
    const rows = await duckdbRows(`SELECT ServiceName AS service, CAST(sum(BilledCost) AS DECIMAL(38,6)) AS billed, CAST(sum(EffectiveCost) AS DECIMAL(38,2)) AS effective,
        CAST(arg_max(CAST(coalesce(ContractedUnitPrice, ListUnitPrice) AS DECIMAL(38,10)) * CAST(PricingQuantity AS DECIMAL(38,10)) * 3600, ChargePeriodStart) AS DECIMAL(38,10)) AS priced,
        arg_max(CASE WHEN PricingUnit = 'Hours' THEN date_diff('second', ChargePeriodStart, ChargePeriodEnd) END, ChargePeriodStart) AS seconds, CAST(max(ChargePeriodEnd) AS VARCHAR) AS until
      FROM read_csv($file, nullstr = 'NULL', types = {'ContractedUnitPrice': 'VARCHAR', 'ListUnitPrice': 'VARCHAR', 'PricingQuantity': 'VARCHAR', 'BilledCost': 'DECIMAL(38,10)', 'EffectiveCost': 'DECIMAL(38,10)'})
      WHERE ChargeCategory = 'Purchase' AND ChargePeriodStart < TIMESTAMP '2025-11-01' GROUP BY ServiceName ORDER BY service`, { file });
    expect(rows.map((r) => [r.service, r.billed, r.effective, r.priced, r.seconds, r.until])).toEqual([
      [CACHE, '5.000000', '3.00', '18000.0000000000', '36000', '2025-11-01 00:00:00'],
      [EC2, '108.000000', '108.00', '388800.0000000000', '777600', '2025-10-10 00:00:00'],
      [MEMORYDB, '0.027379', '0.03', '98.5654094400', '8353', '2025-11-01 00:00:00'],
      [SEARCH, '74.400000', '74.40', '267840.0000000000', '2678400', '2025-11-01 00:00:00'],
      [REDSHIFT, '4.000000', '4.00', null, null, '2025-11-01 00:00:00'],
      [RDS, '4.000000', '4.00', '14400.0000000000', '14400', '2025-11-01 00:00:00'],
      [SP, '102.000000', '102.00', '21600.0000000000', '86400', '2025-11-01 00:00:00'],
    ]);
  });

  it('trends/recurring_fees_by_commitment_term gives each FOCUS commitment its id, where its lines end and its line\'s price by the hour in whole figures (none for the line that prices nothing)', async () => {
    const fees = await withEngine(db, (engine) => runQuery(engine, 'trends/recurring_fees_by_commitment_term', { from: '2025-10-01', to: '2025-11-01' }));
    expect(fees.map((f) => [f.service, f.posted, f.commitment, f.commitment_start, f.commitment_id, f.charged_until, f.unit_price, f.pricing_quantity, f.priced_seconds, f.billed_cost])).toEqual([
      [CACHE, false, 'reservation', null, ID.cache, '2025-11-01 00:00:00', u('0.25'), u('20'), 36_000, u('5')],
      [EC2, true, 'reservation', null, ID.expired, '2025-10-10 00:00:00', u('0.5'), u('216'), 777_600, u('108')],
      [MEMORYDB, false, 'reservation', null, ID.memorydb, '2025-11-01 00:00:00', u('0.0118'), u('2.320278'), 8_353, u('0.027379')],
      [SEARCH, true, 'reservation', null, ID.search, '2025-11-01 00:00:00', u('0.1'), u('744'), 2_678_400, u('74.4')],
      [REDSHIFT, false, 'reservation', null, ID.redshift, '2025-11-01 00:00:00', null, null, null, u('4')],
      [RDS, false, 'reservation', null, ID.rds, '2025-11-01 00:00:00', u('1'), u('4'), 14_400, u('4')],
      [SP, false, 'savings_plan', null, ID.plan, '2025-11-01 00:00:00', u('0.25'), u('24'), 86_400, u('102')],
    ]);
  });

  it('the month-end forecast of November expects each priced fee at its exact hourly rate × 720 h (RDS 720.00, was 4.00; MemoryDB 8.4960008137, was 8.4960007920) and the expired EC2 RI at nothing (was 360.00)', async () => {
    const f = await withEngine(db, (engine) => forecastMonthEnd(engine, forecastConfigSchema.parse({})));
    expect([f.month, f.asOf, f.expectationsFrom, f.daysRemaining]).toEqual(['2025-11', '2025-11-10', '2025-10', 20]);
    const billed = (service: string) => feeOf(f, 'billed', service);
    expect([RDS, CACHE, SEARCH, SP, REDSHIFT, EC2, MEMORYDB].map((s) => [s, billed(s).expected, billed(s).posted, billed(s).remaining])).toEqual([
      [RDS, u('720'), 0n, u('720')],
      [CACHE, u('360'), 0n, u('360')],
      [SEARCH, u('72'), 0n, u('72')],
      [SP, u('180'), u('60'), u('120')],
      [REDSHIFT, u('4'), 0n, u('4')],
      [EC2, 0n, 0n, 0n],
      [MEMORYDB, u('8.4960008137'), 0n, u('8.496001')],
    ]);
    expect(billed(RDS).basis).toBe(`posts once a month: 4.000000 in 2025-10${RATED('720.000000', '1')}`);
    expect(billed(CACHE).basis).toBe(`posts once a month: 5.000000 in 2025-10${RATED('360.000000', '0.5')}`);
    expect(billed(SEARCH).basis).toBe(`posts once a month: 74.400000 in 2025-10${RATED('72.000000', '0.1')}`);
    expect(billed(SP).basis).toBe(`accrues daily: 102.000000 over 2025-10, scaled to 30 days${RATED('180.000000', '0.25')}`);
    expect(billed(REDSHIFT).basis).toBe('posts once a month: 4.000000 in 2025-10');
    expect(billed(EC2).basis).toBe('posts once a month: 108.000000 in 2025-10; 108.000000 of it for a commitment with no term on the bill (FOCUS) whose lines end on 10 Oct 2025 00:00 UTC, taken to have ended: not billed again');
    // 98.56540944 / 8,353 = 0.01180000113013… an hour: 0.0118000011 to 10 decimals, × 720 h = 8.496000792 (8.496001 to 6 decimals):
    // the rate as written multiplies out to the figure beside it (it wrote the fraction, (98.56540944/8353)/h).
    expect(billed(MEMORYDB).basis).toBe(`posts once a month: 0.027379 in 2025-10${RATED('8.496001', '0.0118000011')}`);
    // EffectiveCost in the fee's proportion: ElastiCache 3.00 × 360 / 5 = 216.00, 0.3/h; the basis says that rule.
    const effectiveRate = "its hourly rate in EffectiveCost (the bill's rate × its EffectiveCost ÷ its BilledCost the month before)";
    expect([feeOf(f, 'effective', CACHE).expected, feeOf(f, 'effective', CACHE).basis])
      .toEqual([u('216'), `posts once a month: 3.000000 in 2025-10${RATED('216.000000', '0.3').replace('its hourly rate', effectiveRate)}`]);
    expect([f.billed.usageActual, f.billed.posted.recurring, f.billed.projectedUsage]).toEqual([u('1000'), u('60'), u('2000')]);
    expect(f.billed.projectedRemaining).toBe(u('2000') + u('1284.496001'));
    expect(f.billed.forecast).toBe(u('4344.496001'));
    expect(f.effective.forecast).toBe(u('4344.496001') - u('360') + u('216'));
  });

  it('costlens forecast prints RDS\'s 720.000000 with its rate and the forecast 4,344.496001', async () => {
    const run = await costlens(db, 'forecast', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    // The notes write money as the table does where a figure is whole cents (they wrote 720.000000), with its decimals exactly
    // where it has more (MemoryDB: 8.496001, 0.027379), and a rate in dollars an hour rounded to the fewest decimals (6 to 10) that still
    // multiply out to the figure beside it: 0.011800001 × 720 h = 8.49600072 (8.496001), where 0.0118 × 720 h = 8.496 (8.496000) would not; the JSON's basis keeps 10.
    expect(run.stderr).toContain(`Expected: ${RDS} (recurring): BilledCost $720.00 at month end, $720.00 still to post (posts once a month: $4.00 in 2025-10${RATED('$720.00', '$1')}; $0.00 posted); EffectiveCost `);
    expect(run.stderr).toContain(`Expected: ${EC2} (recurring): BilledCost $0.00 at month end, $0.00 still to post (posts once a month: $108.00 in 2025-10; $108.00 of it for a commitment`);
    expect(run.stderr).toContain(`Expected: ${MEMORYDB} (recurring): BilledCost $8.496001 at month end, $8.496001 still to post (posts once a month: $0.027379 in 2025-10${RATED('$8.496001', '$0.011800001')}; $0.00 posted); EffectiveCost `);
    const [billed, effective] = JSON.parse(run.stdout) as { cost: string; forecast: string; expectedOther: string }[];
    expect([billed.cost, billed.forecast, billed.expectedOther]).toEqual(['BilledCost', '4344.496001', '1284.496001']);
    expect([effective.cost, effective.forecast]).toEqual(['EffectiveCost', '4200.496001']);
  }, 60_000);
});

describe('expectedFeeExact and focusNote with FOCUS commitments beside a fee of no commitment', () => {
  const october = { from: '2025-10-01', to: '2025-10-31' };
  const november = { from: '2025-11-01', to: '2025-11-30' };
  const perHour = (rate: string) => ({ numerator: u(rate), denominator: 1n });
  const rds = { amount: u('4'), billed: u('4'), hourlyRate: perHour('1') };
  const nodes = { amount: u('3'), billed: u('5'), hourlyRate: perHour('0.5') };
  const expired = { amount: u('108'), endedMs: BigInt(Date.parse('2025-10-10T00:00:00Z')) };

  it('a service of 14.00 last month, 4.00 of it an RI priced at 1.00 an hour: 10.00 + 720.00 = 730.00, or 10.00 × 30/31 + 720.00 when it accrues', () => {
    expect(roundedUnits(expectedFeeExact(u('14'), [], october, november, WHOLE, { rated: [rds], ended: [] }))).toBe(u('730'));
    // 300/31 = 9.677419354838…, rounded once with the 720.00 to 10 decimals.
    expect(roundedUnits(expectedFeeExact(u('14'), [], october, november, { numerator: 30n, denominator: 31n }, { rated: [rds], ended: [] }))).toBe(u('729.6774193548'));
  });

  it('a service of 122.00, 108.00 of it an RI whose lines ended on 10 Oct: the other 14.00 kept, the RI at nothing (was 0.50 × 720 = 360.00); beside the RDS RI 14.00 + 720.00', () => {
    expect(roundedUnits(expectedFeeExact(u('122'), [], october, november, WHOLE, { rated: [], ended: [expired] }))).toBe(u('14'));
    expect(roundedUnits(expectedFeeExact(u('126'), [], october, november, WHOLE, { rated: [rds], ended: [expired] }))).toBe(u('734'));
  });

  it('two commitments: their exact rates in the measure summed (1.00 + 3.00 × 0.50 / 5.00 = 1.30 an hour) × 720 h = 936.000000; an ended one not billed again', () => {
    expect(focusNote({ rated: [rds, nodes], ended: [] }, november)).toBe('; 936.000000 for 2 commitments with no term on the bill (FOCUS) at their hourly rates, taken to run all month: 1.3/h × 720 h');
    expect(focusNote({ rated: [], ended: [expired, expired] }, november)).toBe('; 216.000000 of it for 2 commitments with no term on the bill (FOCUS) whose lines end before 1 Nov 2025, taken to have ended: not billed again');
    expect(focusNote({ rated: [], ended: [] }, november)).toBe('');
  });

  it('a rate is written as a decimal: to 10 decimals in the JSON, in the notes to the fewest decimals (6 to 10) that × the hours give the figure beside it (it wrote (1/3)/h and (98.56540944/8353)/h)', () => {
    const hours720 = 720n * 3_600_000n;
    // 1.00 an hour: exact in both. A third: 0.3333333333 (10 decimals); × 720 h, 0.333333 gives 239.99976, 0.3333333 239.999976,
    // 0.33333333 239.9999976 (239.999998 to 6 decimals), 0.333333333 239.99999976 (240.000000): the notes need 9 decimals.
    expect(rateFigure(perHour('1'), hours720, u('720'))).toEqual({ exact: '1', shown: '1', rounded: false });
    expect(rateFigure({ numerator: u('1'), denominator: 3n }, hours720, u('240'))).toEqual({ exact: '0.3333333333', shown: '0.333333333', rounded: true });
    // MemoryDB's 98.56540944 / 8,353 = 0.0118000011301… an hour × 720 h = 8.4960008137 (8.496001): 0.0118 × 720 = 8.496 and
    // 0.01180000 the same; 0.011800001 × 720 = 8.49600072, 8.496001 to 6 decimals.
    expect(rateFigure({ numerator: u('0.0118') * u('2.320278') * 3600n, denominator: 8353n * u('1') }, hours720, u('8.4960008137')))
      .toEqual({ exact: '0.0118000011', shown: '0.011800001', rounded: true });
    const third = { amount: u('1'), billed: u('1'), hourlyRate: { numerator: u('1'), denominator: 3n } };
    expect(roundedUnits(expectedFeeExact(u('1'), [], october, november, WHOLE, { rated: [third], ended: [] }))).toBe(u('240'));
    expect(focusNote({ rated: [third], ended: [] }, november)).toBe('; 240.000000 for a commitment with no term on the bill (FOCUS) at its hourly rate, taken to run all month: 0.3333333333/h × 720 h');
  });

  it('focusFeesById: lines ending in October\'s last second (23:59:59, as a CUR ends a month) run to its end; ending at 21:40 they ended; the rate is unit price × units × 3,600 ÷ seconds, exactly', () => {
    const row = (id: string, until: string, seconds: number | null): FeeTermRows[number] => ({
      service: RDS, posted: false, commitment: 'reservation', commitment_start: null, commitment_end: null, commitment_id: id, charged_until: until,
      unit_price: seconds === null ? null : u('1'), pricing_quantity: seconds === null ? null : u('1'), priced_seconds: seconds, billed_cost: u('3'), effective_cost: u('2'),
    });
    const fees = focusFees([row('inclusive', '2025-10-31 23:59:59', 10_800), row('expired', '2025-10-31 21:40:00.000', 10_800), row('unpriced', '2025-11-01 00:00:00', null)], 'effective', october);
    expect(fees).toEqual({ rated: [{ amount: u('2'), billed: u('3'), hourlyRate: { numerator: u('1') * u('1') * 3600n, denominator: 10_800n * u('1') } }], ended: [{ amount: u('2'), endedMs: BigInt(Date.parse('2025-10-31T21:40:00Z')) }] });
    // 2.00 of 3.00 of a third of 1.00 an hour × 720 h = 160.00; the expired one nothing; the unpriced one's 2.00 kept.
    expect(roundedUnits(expectedFeeExact(u('6'), [], october, november, WHOLE, fees))).toBe(u('162'));
  });
});
