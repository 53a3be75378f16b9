/**
 * The demo's commitments end at their term. The Reserved Instance and the Savings Plan are bought
 * for a year (8,760 hours); before, `costlens demo --months 13` kept covering usage and billing the
 * fees of both after their end under the ended ARN — on seed 42, scale 0.2, as of 2026-11-15:
 * 1,416 Savings Plan fee hours (625.872) from 17 Sep 2026, and November's RIFee (19.488) and 336
 * reserved hours after 1 Nov 2026. Now each is renewed at its end as a new commitment (new ARN, and
 * for the RI a new subscription with its own upfront fee), and every commitment line lies in the
 * term its own columns name. Figures by DuckDB on the CUR 2.0 files; a span that no term end falls
 * in (the default three months) keeps one term each, so its files do not change.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { commitmentTerms, riSegments, spSegments, usageSegments } from '../../src/demo/commitment-terms.ts';
import { buildOrganisation } from '../../src/demo/org.ts';
import { parseIsoDate } from '../../src/demo/time.ts';
import { cachedDemo } from '../helpers/cached-demo.ts';
import { duckdbRows } from '../helpers/cli.ts';
import { readFileSync } from 'node:fs';

interface Commitment { arn: string; subscriptionId?: string; start: string; end: string; count?: number; commitmentHourly?: number; upfrontPerInstance?: number }
interface Truth {
  commitments: {
    reservedInstance: Commitment; savingsPlan: Commitment;
    renewals?: { reservedInstances: Commitment[]; savingsPlans: Commitment[] };
  };
}

const HOUR = 3_600_000;
const hoursBetween = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / HOUR;
const stamp = (iso: string) => `strptime('${iso}', '%Y-%m-%dT%H:%M:%SZ')`;
/** `n × rate` exactly, to 10 decimals (the CUR's money columns hold the rate as a double: summed as DECIMAL(38,10) below). */
const times = (n: number, rate: number) => {
  const units = BigInt(n) * BigInt(Math.round(rate * 1e10));
  return `${units / 10_000_000_000n}.${(units % 10_000_000_000n).toString().padStart(10, '0')}`;
};
const SUM_COST = 'CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR)';

describe('demo --months 13: commitments end at their term and are renewed as new ones', () => {
  let files: string;
  let truth: Truth;

  beforeAll(async () => {
    const dir = await cachedDemo({ seed: 42, months: 13, scale: 0.2, asOf: '2026-11-15' });
    files = `read_parquet('${join(dir, 'cur2/exports/costlens-demo-cur2/data/*/*.parquet')}')`;
    truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as Truth;
  }, 300_000);

  it('no Savings Plan or Reserved Instance line is charged outside the term its own columns name', async () => {
    const [outside] = await duckdbRows(`SELECT
        count(*) FILTER (WHERE savings_plan_savings_plan_a_r_n IS NOT NULL AND line_item_line_item_type LIKE 'SavingsPlan%'
          AND (line_item_usage_start_date < strptime(savings_plan_start_time, '%Y-%m-%dT%H:%M:%SZ') OR line_item_usage_start_date >= strptime(savings_plan_end_time, '%Y-%m-%dT%H:%M:%SZ'))) AS sp,
        count(*) FILTER (WHERE reservation_reservation_a_r_n IS NOT NULL AND line_item_line_item_type IN ('DiscountedUsage', 'RIFee', 'Fee')
          AND (line_item_usage_start_date < strptime(reservation_start_time, '%Y-%m-%dT%H:%M:%SZ') OR line_item_usage_start_date >= strptime(reservation_end_time, '%Y-%m-%dT%H:%M:%SZ'))) AS ri
      FROM ${files}`);
    expect(outside).toEqual({ sp: '0', ri: '0' });
  });

  it('the Savings Plan bills 7,680 hours to its end (17 Sep 2026) and its renewal the 1,416 after, each hour once', async () => {
    const { savingsPlan: sp, renewals } = truth.commitments;
    const [renewed] = renewals!.savingsPlans;
    expect([sp.end, renewed.start, renewed.end]).toEqual(['2026-09-17T00:00:00Z', '2026-09-17T00:00:00Z', '2027-09-17T00:00:00Z']);
    expect(renewed.arn).not.toBe(sp.arn);
    const rows = await duckdbRows(`SELECT savings_plan_savings_plan_a_r_n AS arn, count(*) AS hours, count(DISTINCT line_item_usage_start_date) AS distinct_hours,
        ${SUM_COST} AS billed, CAST(min(line_item_usage_start_date) AS VARCHAR) AS first_hour, CAST(max(line_item_usage_start_date) AS VARCHAR) AS last_hour
      FROM ${files} WHERE line_item_line_item_type = 'SavingsPlanRecurringFee' GROUP BY 1 ORDER BY first_hour`);
    const hourly = sp.commitmentHourly!;
    expect(rows).toEqual([
      { arn: sp.arn, hours: '7680', distinct_hours: '7680', billed: times(7680, hourly), first_hour: '2025-11-01 00:00:00', last_hour: '2026-09-16 23:00:00' },
      { arn: renewed.arn, hours: '1416', distinct_hours: '1416', billed: times(1416, hourly), first_hour: '2026-09-17 00:00:00', last_hour: '2026-11-14 23:00:00' },
    ]);
    expect(hoursBetween('2025-11-01T00:00:00Z', sp.end)).toBe(7680);
    // Covered usage follows the term in force at its hour.
    const [covered] = await duckdbRows(`SELECT count(*) FILTER (WHERE savings_plan_savings_plan_a_r_n = '${sp.arn}' AND line_item_usage_start_date >= ${stamp(sp.end)}) AS late,
        count(*) FILTER (WHERE savings_plan_savings_plan_a_r_n = '${renewed.arn}') AS renewed
      FROM ${files} WHERE line_item_line_item_type = 'SavingsPlanCoveredUsage'`);
    expect(covered.late).toBe('0');
    expect(covered.renewed).toBe('4248');
  });

  it('the Reserved Instance ends on 1 Nov 2026: November\'s RIFee, reserved hours and a new upfront fee are its renewal\'s', async () => {
    const { reservedInstance: ri, renewals } = truth.commitments;
    const [renewed] = renewals!.reservedInstances;
    expect([ri.end, renewed.start, renewed.end]).toEqual(['2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z', '2027-11-01T00:00:00Z']);
    expect([renewed.arn === ri.arn, renewed.subscriptionId === ri.subscriptionId]).toEqual([false, false]);
    const rows = await duckdbRows(`SELECT reservation_reservation_a_r_n AS arn, line_item_line_item_type AS type, count(*) AS lines,
        ${SUM_COST} AS billed, CAST(min(line_item_usage_start_date) AS VARCHAR) AS first_start, CAST(max(line_item_usage_start_date) AS VARCHAR) AS last_start
      FROM ${files} WHERE line_item_line_item_type IN ('RIFee', 'Fee') AND reservation_reservation_a_r_n IS NOT NULL GROUP BY 1, 2 ORDER BY first_start, type`);
    const upfront = times(ri.count!, ri.upfrontPerInstance!);
    expect(rows.map((r) => [r.arn, r.type, r.lines, r.first_start, r.last_start])).toEqual([
      [ri.arn, 'Fee', '1', '2025-11-01 00:00:00', '2025-11-01 00:00:00'],
      [ri.arn, 'RIFee', '12', '2025-11-01 00:00:00', '2026-10-01 00:00:00'],
      [renewed.arn, 'Fee', '1', '2026-11-01 00:00:00', '2026-11-01 00:00:00'],
      [renewed.arn, 'RIFee', '1', '2026-11-01 00:00:00', '2026-11-01 00:00:00'],
    ]);
    expect(rows.filter((r) => r.type === 'Fee').map((r) => r.billed)).toEqual([upfront, upfront]);
    const [late] = await duckdbRows(`SELECT count(*) AS n FROM ${files}
      WHERE reservation_reservation_a_r_n = '${ri.arn}' AND line_item_usage_start_date >= ${stamp(ri.end)}`);
    expect(late.n).toBe('0');
  });
});

describe('commitment terms cut a period at each term end', () => {
  it('a span no term end falls in (the default three months) keeps one term each and one segment per period, as before', () => {
    const org = buildOrganisation(42, 1, parseIsoDate('2026-11-15'), 3);
    const terms = commitmentTerms(org, 42);
    expect([terms.ri.length, terms.sp.length]).toEqual([1, 1]);
    for (const period of org.window.periods) {
      expect(usageSegments(period, terms)).toEqual([{
        riArn: org.ri.arn, riStart: org.ri.start, riEnd: org.ri.end, riSubscription: org.ri.subscriptionId,
        spArn: org.sp.arn, spStart: org.sp.start, spEnd: org.sp.end, pStartH: period.startHour, pEndH: period.startHour + period.windowHours,
      }]);
      expect(spSegments(period, terms).map((s) => s.spArn)).toEqual([org.sp.arn]);
      // The RIFee bills the month's hours (November's 720 too), its unused hours count those up to as-of (336 in November).
      expect(riSegments(period, terms).map((s) => [s.riArn, s.riFeeHours, s.riHeldHours, s.riPurchased]))
        .toEqual([[org.ri.arn, period.hoursInMonth, period.windowHours, period.index === 0]]);
    }
  });

  it('an RI term that ends mid-month (a leap year: 1 Jan 2028 + 8,760 h = 31 Dec 2028) bills the month in two RIFee lines, one per term', () => {
    const org = buildOrganisation(42, 0.1, parseIsoDate('2029-01-15'), 13);
    const terms = commitmentTerms(org, 42);
    expect(terms.ri.map((t) => [t.commitment.start, t.commitment.end])).toEqual([
      ['2028-01-01T00:00:00Z', '2028-12-31T00:00:00Z'], ['2028-12-31T00:00:00Z', '2029-12-31T00:00:00Z'],
    ]);
    const december = org.window.periods.find((p) => p.key === '2028-12')!;
    expect(riSegments(december, terms).map((s) => [s.riArn, s.riFeeHours, s.riHeldHours, s.riFeeStart, s.riFeeEnd, s.riPurchased])).toEqual([
      [terms.ri[0].commitment.arn, 720, 720, '2028-12-01T00:00:00', '2028-12-31T00:00:00', false],
      [terms.ri[1].commitment.arn, 24, 24, '2028-12-31T00:00:00', '2029-01-01T00:00:00', true],
    ]);
    expect(usageSegments(december, terms).map((s) => [s.riArn, Number(s.pEndH) - Number(s.pStartH)])).toEqual([
      [terms.ri[0].commitment.arn, 720], [terms.ri[1].commitment.arn, 24],
    ]);
  });

  it('as of 15 Dec 2028, the term ending on the 31st bills its 720 hours of December from the 1st, though the data reaches 336 of them', () => {
    const org = buildOrganisation(42, 0.1, parseIsoDate('2028-12-15'), 12);
    const terms = commitmentTerms(org, 42);
    expect(terms.ri.map((t) => t.commitment.end)).toEqual(['2028-12-31T00:00:00Z']);
    const december = org.window.periods.find((p) => p.key === '2028-12')!;
    expect(december.windowHours).toBe(14 * 24);
    expect(riSegments(december, terms).map((s) => [s.riFeeHours, s.riHeldHours, s.riFeeStart, s.riFeeEnd])).toEqual([
      [30 * 24, 14 * 24, '2028-12-01T00:00:00', '2028-12-31T00:00:00'],
    ]);
  });
});
