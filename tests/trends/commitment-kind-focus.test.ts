/**
 * A FOCUS file dates no commitment term (no reservation or Savings Plan start and end times), so
 * both forecasts read what its recurring fees are for from FOCUS's own columns:
 * CommitmentDiscountType (and CommitmentDiscountId), one rule for every query
 * (queries/fees/commitment_lines.cte.sql). Before, a FOCUS fee was never a reservation's or a
 * Savings Plan's: it fell back to the `posted` rule, so an RI's fee whose October line is a day or
 * less (the RI bought on 31 Oct) was taken as accruing daily, as the CUR's was before it read the
 * term (tests/trends/forecast-ri-bought-last-day.test.ts).
 *
 * The file (FOCUS 1.0 CSV with the header of the FOCUS sample, /work/shared/data/real, written here):
 * - EC2 usage 100.00 a day, 1 Oct – 10 Nov 2025 (data horizon 10 Nov);
 * - an ElastiCache reserved node (CommitmentDiscountType 'Reserved Instance') bought 31 Oct 14:00,
 *   0.50 an hour: October's fee 5.00 for its 10 hours (one line, 14:00 – 24:00), November's
 *   360.00 (0.50 × 720 h) posted on the 1st for the month;
 * - an RDS reserved instance (CommitmentDiscountType 'Reservation') bought 31 Oct 20:00, 1.00 an
 *   hour: October's fee 4.00 for its 4 hours; November's not posted yet;
 * - a Compute Savings Plan (CommitmentDiscountType 'Savings Plan'), 0.25 an hour: its fee 6.00 a
 *   day (one line a day), 186.00 in October, 60.00 in 1–10 Nov.
 *
 * By hand, as of 10 Nov (October is the reference month, 31 days; November 30; 20 days left):
 * - ElastiCache posts once: November's posting (360.00) is its fee, nothing more expected. Was:
 *   accrues, 5.00 × 30/31 = 4.838710 for the month (the budget: 5.00 × 20/31 = 3.225806 more on
 *   top of the 360.00 posted, forecast 363.23 instead of 360.00).
 * - RDS posts once: 4.00 expected, all still to post. Was: 4.00 × 30/31 = 3.870968 (the budget:
 *   4.00 × 20/31 = 2.580645, forecast 2.58 instead of 4.00). Its line prices nothing (no unit
 *   price, no PricingUnit), so October's amount is all there is to go by: a fee whose line has a
 *   unit price per hour is expected at it × November's hours (tests/trends/forecast-focus-rate.test.ts).
 * - the Savings Plan accrues, as before: 186.00 × 30/31 = 180.00 for November, 60.00 posted,
 *   120.00 still to come (the budget: 186.00 × 20/31 = 120.00, forecast 180.00).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateBudgets } from '../../src/analyze/budgets/index.ts';
import { forecastMonthEnd, type MonthForecast } from '../../src/analyze/forecast/index.ts';
import { forecastConfigSchema } from '../../src/analyze/trends-config.ts';
import { parseConfig } from '../../src/config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { runQuery } from '../../src/engine/query-types.ts';
import { toUnits } from '../../src/lib/money.ts';
import { costlens, sqlRows, tempStore } from '../helpers/cli.ts';
import { days } from './fixtures.ts';

/** The header of the FOCUS 1.0 sample (/work/shared/data/real/focus-1.0-sample.csv), in its order. */
const HEADER = ['AvailabilityZone', 'BilledCost', 'BillingAccountId', 'BillingAccountName', 'BillingCurrency', 'BillingPeriodEnd', 'BillingPeriodStart',
  'ChargeCategory', 'ChargeClass', 'ChargeDescription', 'ChargeFrequency', 'ChargePeriodEnd', 'ChargePeriodStart', 'CommitmentDiscountCategory',
  'CommitmentDiscountId', 'CommitmentDiscountName', 'CommitmentDiscountStatus', 'CommitmentDiscountType', 'ConsumedQuantity', 'ConsumedUnit',
  'ContractedCost', 'ContractedUnitPrice', 'EffectiveCost', 'InvoiceIssuerName', 'ListCost', 'ListUnitPrice', 'PricingCategory', 'PricingQuantity',
  'PricingUnit', 'ProviderName', 'PublisherName', 'RegionId', 'RegionName', 'ResourceId', 'ResourceName', 'ResourceType', 'ServiceCategory', 'Id',
  'ServiceName', 'SkuId', 'SkuPriceId', 'SubAccountId', 'SubAccountName', 'Tags'] as const;

type Column = (typeof HEADER)[number];

const EC2 = 'Amazon Elastic Compute Cloud';
const CACHE = 'Amazon ElastiCache';
const RDS = 'Amazon Relational Database Service';
const SP = 'Savings Plans for AWS Compute usage';
const ACCOUNT = '123456789012';

interface Line {
  service: string;
  start: string;
  end: string;
  cost: string;
  category: 'Usage' | 'Purchase';
  commitment?: { type: string; id: string; category: 'Usage' | 'Spend' };
}

/** A FOCUS CSV row of the sample's shape (NULL where the line has no value, as the sample writes it). */
function row(line: Line, id: number): string {
  const month = `${line.start.slice(0, 7)}-01`;
  const [y, m] = month.split('-').map(Number);
  const nextMonth = new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
  const recurring = line.category === 'Purchase';
  const values: Partial<Record<Column, string>> = {
    BilledCost: line.cost, EffectiveCost: line.cost, ListCost: line.cost, ContractedCost: line.cost,
    BillingAccountId: ACCOUNT, BillingAccountName: 'Costlens Test', BillingCurrency: 'USD',
    BillingPeriodStart: `${month} 00:00:00`, BillingPeriodEnd: `${nextMonth} 00:00:00`,
    ChargeCategory: line.category, ChargeFrequency: recurring ? 'Recurring' : 'Usage-Based',
    ChargeDescription: recurring ? `${line.service} commitment fee` : 'On Demand Linux m5.large Instance Hour',
    ChargePeriodStart: line.start, ChargePeriodEnd: line.end,
    CommitmentDiscountCategory: line.commitment?.category, CommitmentDiscountId: line.commitment?.id,
    CommitmentDiscountStatus: line.commitment ? 'Unused' : undefined, CommitmentDiscountType: line.commitment?.type,
    InvoiceIssuerName: 'Amazon Web Services, Inc.', ProviderName: 'AWS', PublisherName: 'Amazon Web Services, Inc.',
    RegionId: 'us-east-1', RegionName: 'US East (N. Virginia)', Id: String(id),
    ServiceName: line.service, SubAccountId: ACCOUNT, SubAccountName: 'Costlens Test', Tags: '{}',
  };
  return HEADER.map((c) => {
    const value = values[c];
    return value === undefined ? 'NULL' : `"${value.replaceAll('"', '""')}"`;
  }).join(',');
}

const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The file's lines (see the module comment). */
function lines(): Line[] {
  const node = { type: 'Reserved Instance', id: `arn:aws:elasticache:us-east-1:${ACCOUNT}:reserved-instance:costlens-node`, category: 'Usage' as const };
  const rds = { type: 'Reservation', id: `arn:aws:rds:us-east-1:${ACCOUNT}:ri:costlens-db`, category: 'Usage' as const };
  const plan = { type: 'Savings Plan', id: `arn:aws:savingsplans::${ACCOUNT}:savingsplan/7e1c1c8e-costlens`, category: 'Spend' as const };
  const daily = (service: string, day: string, cost: string, category: Line['category'], commitment?: Line['commitment']): Line =>
    ({ service, start: `${day} 00:00:00`, end: `${dayAfter(day)} 00:00:00`, cost, category, commitment });
  return [
    ...days('2025-10-01', '2025-11-10').map((day) => daily(EC2, day, '100.00', 'Usage')),
    ...days('2025-10-01', '2025-11-10').map((day) => daily(SP, day, '6.00', 'Purchase', plan)),
    { service: CACHE, start: '2025-10-31 14:00:00', end: '2025-11-01 00:00:00', cost: '5.00', category: 'Purchase', commitment: node },
    { service: CACHE, start: '2025-11-01 00:00:00', end: '2025-12-01 00:00:00', cost: '360.00', category: 'Purchase', commitment: node },
    { service: RDS, start: '2025-10-31 20:00:00', end: '2025-11-01 00:00:00', cost: '4.00', category: 'Purchase', commitment: rds },
  ];
}

const u = toUnits;
const feeOf = (f: MonthForecast, service: string) => f.billed.expected.find((e) => e.service === service)!;

describe('FOCUS: an RI\'s fee posts once a month and a Savings Plan\'s accrues, read from CommitmentDiscountType (the file dates no term)', () => {
  let db: string;
  let dir: string;

  beforeAll(async () => {
    ({ db, dir } = tempStore());
    const file = join(dir, 'focus.csv');
    writeFileSync(file, [HEADER.map((c) => `"${c}"`).join(','), ...lines().map(row)].join('\n') + '\n');
    const ingest = await costlens(db, 'ingest', file);
    expect(ingest.code, ingest.stderr).toBe(0);
  }, 120_000);

  it('the store holds the file: FOCUS lines, recurring fees with their commitment type and no term, the horizon 10 Nov', async () => {
    const fees = await sqlRows(db, `SELECT ServiceName AS service, CommitmentDiscountType AS type, count(*) AS lines, CAST(sum(BilledCost) AS DECIMAL(38,2)) AS billed,
        count(x_ReservationStartTime) + count(x_ReservationEndTime) + count(x_SavingsPlanStartTime) + count(x_SavingsPlanEndTime) + count(x_ReservationArn) AS cur_columns
      FROM line_items WHERE x_ChargeClass = 'recurring' AND x_SourceFormat = 'focus' GROUP BY ServiceName, CommitmentDiscountType ORDER BY service`);
    expect(fees).toEqual([
      { service: CACHE, type: 'Reserved Instance', lines: '2', billed: '365.00', cur_columns: '0' },
      { service: RDS, type: 'Reservation', lines: '1', billed: '4.00', cur_columns: '0' },
      { service: SP, type: 'Savings Plan', lines: '41', billed: '246.00', cur_columns: '0' },
    ]);
  });

  it('trends/recurring_fees_by_commitment_term says what each October fee is for (was NULL for all three): the reservations\' lines are a day or less', async () => {
    const fees = await withEngine(db, (engine) => runQuery(engine, 'trends/recurring_fees_by_commitment_term', { from: '2025-10-01', to: '2025-11-01' }));
    expect(fees.map((f) => [f.service, f.posted, f.commitment, f.commitment_start, f.commitment_end, f.billed_cost])).toEqual([
      [CACHE, false, 'reservation', null, null, u('5')],
      [RDS, false, 'reservation', null, null, u('4')],
      [SP, false, 'savings_plan', null, null, u('186')],
    ]);
    const scoped = await withEngine(db, (engine) => runQuery(engine, 'budgets/scope_daily_spend', { from: '2025-10-31', to: '2025-11-02' }));
    expect(scoped.filter((r) => r.charge_class === 'recurring').map((r) => [r.day, r.last_day, r.service, r.commitment])).toEqual([
      ['2025-10-31', '2025-10-31', CACHE, 'reservation'], ['2025-10-31', '2025-10-31', RDS, 'reservation'], ['2025-10-31', '2025-10-31', SP, 'savings_plan'],
      ['2025-11-01', '2025-11-01', SP, 'savings_plan'], ['2025-11-01', '2025-11-30', CACHE, 'reservation'],
    ]);
    expect(scoped.filter((r) => r.charge_class !== 'recurring').map((r) => r.commitment)).toEqual([null, null]);
  });

  it('the month-end forecast of November: ElastiCache\'s posting is its fee, RDS\'s 4.00 is expected whole, the Savings Plan accrues 180.00', async () => {
    const f = await withEngine(db, (engine) => forecastMonthEnd(engine, forecastConfigSchema.parse({})));
    expect([f.month, f.asOf, f.expectationsFrom]).toEqual(['2025-11', '2025-11-10', '2025-10']);
    const [cache, rds, sp] = [feeOf(f, CACHE), feeOf(f, RDS), feeOf(f, SP)];
    expect([cache.expected, cache.posted, cache.remaining]).toEqual([u('360'), u('360'), 0n]);
    expect(cache.basis).toBe("posts once a month: 5.000000 in 2025-10; 2025-11's has posted, so no more of it is expected");
    // Was: "accrues daily: 4.000000 over 2025-10, scaled to 30 days", 3.870968.
    expect([rds.expected, rds.posted, rds.remaining]).toEqual([u('4'), 0n, u('4')]);
    expect(rds.basis).toBe('posts once a month: 4.000000 in 2025-10');
    expect([sp.expected, sp.posted, sp.remaining]).toEqual([u('180'), u('60'), u('120')]);
    expect(sp.basis).toBe('accrues daily: 186.000000 over 2025-10, scaled to 30 days');
    // Usage: 1,000.00 so far and 100.00 a day over the 20 days left; every fee and no tax.
    expect([f.billed.usageActual, f.billed.projectedUsage, f.billed.mtdActual]).toEqual([u('1000'), u('2000'), u('1420')]);
    expect(f.billed.forecast).toBe(u('1420') + u('2000') + u('4') + u('120'));
  });

  it('a budget on each fee for November, as of 10 Nov: ElastiCache 360.00 (was 363.23), RDS 4.00 (was 2.58), the Savings Plan 180.00', async () => {
    const budget = (name: string, service: string) => ({ name, amount: 1000, scope: { services: [service] }, thresholds: [{ percent: 100, basis: 'forecast' }] });
    const configs = parseConfig({ budgets: [budget('cache', CACHE), budget('rds', RDS), budget('plan', SP)] });
    const { asOf, statuses } = await withEngine(db, (engine) => evaluateBudgets(engine, configs));
    expect(asOf).toBe('2025-11-10');
    expect(statuses.map((s) => [s.budget.name, s.period.label, s.actual, s.forecast])).toEqual([
      ['cache', '2025-11', u('360'), u('360')],
      ['rds', '2025-11', 0n, u('4')],
      ['plan', '2025-11', u('60'), u('180')],
    ]);
    expect(statuses.map((s) => s.forecastBasis)).toEqual(Array(3).fill('the actual to 2025-11-10, with no usage in scope in the 28 days of its fit window (11 Oct – 7 Nov 2025) to project over the 20 remaining days, plus the recurring fees and tax expected from the month before'));
  });
});
