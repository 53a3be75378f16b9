/**
 * Compute Savings Plan purchase advice in exact units: the commitment is searched on the $0.001 grid
 * with integer arithmetic, and every figure of a recommendation (monthly commitment and saving,
 * utilisation, coverage) is that of the one commitment recommended. Before, the search ran on doubles
 * and took only each hour's breakpoint rounded down, and the utilisation and coverage came from that
 * float replay while the saving came from an exact one: the figures shown together could disagree
 * (98.37 % utilisation beside the saving of a plan used 98.375 %), and a commitment used at the
 * minimum between two breakpoints was never considered. The queries are replaced by a fake engine
 * returning their rows: what is tested is the arithmetic on them; every expected figure is worked
 * out by hand beside it.
 */
import { describe, expect, it } from 'vitest';
import { adviseSavingsPlans, commitmentsConfigSchema, HOUR_PARTS, spreadOverHours } from '../../src/analyze/commitments/index.ts';
import type { Engine } from '../../src/engine/engine.ts';
import type { QueryRowTypes } from '../../src/engine/query-types.ts';
import { fromUnits, toUnits } from '../../src/lib/money.ts';

type HourlyRow = QueryRowTypes['commitments/eligible_on_demand_hourly'];

function fakeEngine(hourly: HourlyRow[]): Engine {
  return {
    name: 'duckdb',
    close: async () => {},
    run: async (name) => ({ columns: [], rows: (name === 'commitments/eligible_on_demand_hourly' ? hourly : []) as never }),
  };
}

/** One-hour lines of 1 Oct 2026 at these dollar amounts, hour 0 first. */
function hoursOfOneDay(dollars: string[]): HourlyRow[] {
  return dollars.map((cost, h) => ({ charge_start: `2026-10-01 ${String(h).padStart(2, '0')}:00:00`, hours: 1, on_demand_cost: toUnits(cost), lines: 1 }));
}

/** The look-back is the one day of 1 Oct 2026 (the store starts on the horizon): 24 hours. */
const adviseOneDay = (hourly: HourlyRow[]) => adviseSavingsPlans(fakeEngine(hourly), '2026-10-01', commitmentsConfigSchema.parse({}), '2026-10-01');

const figures = (r: { term: string; hourlyCommitment: bigint; monthlyCommitment: bigint; monthlySaving: bigint; expectedUtilisationPercent: number; expectedCoveragePercent: number }) =>
  [r.term, fromUnits(r.hourlyCommitment), fromUnits(r.monthlyCommitment), fromUnits(r.monthlySaving), r.expectedUtilisationPercent, r.expectedCoveragePercent];

describe('purchase advice: utilisation, coverage and saving describe the one commitment recommended', () => {
  /** 23 hours of $10.001 and one of $6.10: $236.123 of eligible on-demand spend. */
  const spend = hoursOfOneDay([...Array<string>(23).fill('10.001'), '6.10']);

  it('1yr at 27 % off (price 0.73): $7.300 an hour, used 98.375 % → 98.38 % (the float replay said 98.37 beside the saving of 98.375 %), saving 1,852.375 a month', async () => {
    const advice = await adviseOneDay(spend);
    expect([advice.hours, advice.hoursWithSpend, fromUnits(advice.eligibleOnDemand)]).toEqual([24, 24, '236.1230000000']);
    // C ÷ 0.73 = 10 covers 23 hours up to $10 and the $6.10 hour whole: covered 236.1, paid 7.3 × 24 = 175.2, saving 60.9 a day,
    // × 730 ÷ 24 = 1,852.375 a month. $7.301 covers 23 × 10.001 + 6.10 = 236.123 for 175.224: 60.899, less.
    // Utilisation 0.73 × 236.1 ÷ 175.2 = 172.353 ÷ 175.2 = 0.98375 → 98.38 (half away from zero); coverage 236.1 ÷ 236.123 = 99.990… %.
    const oneYear = advice.recommendations.find((r) => r.term === '1yr')!;
    expect(figures(oneYear)).toEqual(['1yr', '7.3000000000', '5329.0000000000', '1852.3750000000', 98.38, 99.99]);
    expect([oneYear.discountPercent, oneYear.breakEvenUtilisationPercent, oneYear.rateSource]).toEqual([27, 73, 'estimated']);
  });

  it('3yr at 48 % off (price 0.52): $5.200 an hour (÷ 0.52 = 10 again), 98.375 % → 98.38 %, saving (236.1 − 5.2 × 24) × 730 ÷ 24 = 3,385.375', async () => {
    const threeYear = (await adviseOneDay(spend)).recommendations.find((r) => r.term === '3yr')!;
    expect(figures(threeYear)).toEqual(['3yr', '5.2000000000', '3796.0000000000', '3385.3750000000', 98.38, 99.99]);
    expect([threeYear.discountPercent, threeYear.breakEvenUtilisationPercent]).toEqual([48, 52]);
  });

  it('the utilisation and coverage shown follow from the saving shown: covered = saving × 24 ÷ 730 + C × 24', async () => {
    const advice = await adviseOneDay(spend);
    for (const r of advice.recommendations) {
      const price = 100n - BigInt(r.discountPercent); // hundredths of on-demand: 73 or 52
      const hours = 24n;
      // covered, in units × 730: saving × 24 + C × 24 × 730 (exact here: the savings are whole units).
      const covered730 = r.monthlySaving * hours + r.hourlyCommitment * hours * 730n;
      // utilisation = price × covered ÷ (C × 24), in hundredths of a percent, half away from zero.
      const utilisation = (2n * price * covered730 * 100n + r.hourlyCommitment * hours * 730n) / (2n * r.hourlyCommitment * hours * 730n);
      expect(Number(utilisation) / 100, r.term).toBe(r.expectedUtilisationPercent);
      const coverage = (2n * covered730 * 10_000n + advice.eligibleOnDemand * 730n) / (2n * advice.eligibleOnDemand * 730n);
      expect(Number(coverage) / 100, r.term).toBe(r.expectedCoveragePercent);
    }
  });
});

describe('purchase advice: the best commitment on the $0.001 grid, searched exactly', () => {
  /** 21 hours of $10 and 3 of $5: $225. */
  const spend = hoursOfOneDay([...Array<string>(21).fill('10'), '5', '5', '5']);

  it('1yr: where 95 % utilisation binds between two hours\' breakpoints, $6.083 (used 95.0004 %), not the breakpoint $3.650 below it (saving 1,338.285 against 985.50 a month)', async () => {
    const oneYear = (await adviseOneDay(spend)).recommendations.find((r) => r.term === '1yr')!;
    // Breakpoints 5 × 0.73 = 3.65 and 10 × 0.73 = 7.3; at 7.3 utilisation is (21 + 3 × 0.5) ÷ 24 = 93.75 % < 95.
    // Between them utilisation is (21 + 3 × 3.65 ÷ C) ÷ 24 ≥ 0.95 ⇔ C ≤ 10.95 ÷ 1.8 = 6.0833…: C = 6.083, used (21 + 10.95 ÷ 6.083) ÷ 24 = 95.0004 %.
    // Saving a day 21 × 6.083 ÷ 0.73 + 3 × 5 − 24 × 6.083 = (127.743 − 130.992 × 0.73 + 15 × 0.73) ÷ 0.73 = 32.11884 ÷ 0.73,
    // × 730 ÷ 24 = 32.11884 × 1000 ÷ 24 = 1,338.285 a month (the old search's $3.650: 24 × (5 − 3.65) × 730 ÷ 24 = 985.50).
    // Coverage (21 × 6.083 ÷ 0.73 + 15) ÷ 225 = 189.9904… ÷ 225 = 84.44 %.
    expect(figures(oneYear)).toEqual(['1yr', '6.0830000000', '4440.5900000000', '1338.2850000000', 95, 84.44]);
  });

  it('3yr: $4.333 (C ≤ 3 × 2.6 ÷ 1.8 = 4.333…), saving (21 × 4.333 − 24 × 4.333 × 0.52 + 15 × 0.52) ÷ 0.52 × 730 ÷ 24 = 2,615.6672115384615… a month', async () => {
    const threeYear = (await adviseOneDay(spend)).recommendations.find((r) => r.term === '3yr')!;
    // 44.71716 ÷ 0.52 × 730 ÷ 24 = 32,643.5268 ÷ 12.48 = 2,615.66721153846153… → 2615.6672115385;
    // used (21 + 7.8 ÷ 4.333) ÷ 24 = 95.0006 %; coverage (21 × 4.333 ÷ 0.52 + 15) ÷ 225 = 189.98653… ÷ 225 = 84.44 %.
    expect(figures(threeYear)).toEqual(['3yr', '4.3330000000', '3163.0900000000', '2615.6672115385', 95, 84.44]);
  });

  it('a minimum utilisation of 97.5 % moves the 1yr commitment down to C ≤ 10.95 ÷ 2.4 = 4.5625 → $4.562', async () => {
    const config = commitmentsConfigSchema.parse({ minUtilisationPercent: 97.5 });
    const advice = await adviseSavingsPlans(fakeEngine(spend), '2026-10-01', config, '2026-10-01');
    const oneYear = advice.recommendations.find((r) => r.term === '1yr')!;
    // (21 + 10.95 ÷ 4.562) ÷ 24 = 0.97501…; 4.563 gives 0.97499…. Saving (21 × 4.562 − 24 × 4.562 × 0.73 + 15 × 0.73) ÷ 0.73 × 730 ÷ 24
    // = (95.802 − 79.92624 + 10.95) × 1000 ÷ 24 = 26825.76 ÷ 24 = 1,117.74 a month; coverage (21 × 4.562 ÷ 0.73 + 15) ÷ 225 = 146.2356… ÷ 225 = 64.99 %.
    expect(figures(oneYear)).toEqual(['1yr', '4.5620000000', '3330.2600000000', '1117.7400000000', 97.5, 64.99]);
  });
});

describe('the hours in exact units on one fixed denominator, whatever the lines\' lengths', () => {
  it('HOUR_PARTS is lcm(1, …, 24) = 5,354,228,880: a line of every length from 1 to 24 hours splits into whole parts, the hours add back to the lines exactly', () => {
    expect(HOUR_PARTS).toBe(5_354_228_880n);
    // 24 lines from hour 0, of 1 to 24 hours, each of 1 unit (1e-10 USD, which no length but 1 divides).
    const lines = Array.from({ length: 24 }, (_, i) => ({ first: 0, length: i + 1, cost: 1n }));
    const hours = spreadOverHours(lines, 48);
    expect(hours.reduce((a, b) => a + b, 0n)).toBe(24n * HOUR_PARTS);
    // Hour h holds 1 ÷ L of each line longer than h: hour 23 only the 24-hour line's 1/24, hour 0 all 24 shares (HOUR_PARTS × H₂₄).
    expect(hours[23]).toBe(HOUR_PARTS / 24n);
    expect(hours[0]).toBe(Array.from({ length: 24 }, (_, i) => HOUR_PARTS / BigInt(i + 1)).reduce((a, b) => a + b, 0n));
    expect(hours.slice(24).every((h) => h === 0n)).toBe(true);
  });

  it('many distinct hour fractions (¼ h to 23.6 h): each counts as its whole hours, the denominator stays HOUR_PARTS and the eligible cost is the lines\' sum to the unit', async () => {
    const lengths = [0.25, 0.5, 1, 1.5, 2, 2.75, 3, 3.2, 4.4, 5, 6.5, 7, 8.25, 9, 10.6, 11, 12.5, 13, 14.75, 16, 17.2, 18, 19.5, 20, 21.3, 22, 23, 23.6, 24];
    const rows: HourlyRow[] = lengths.map((hours, i) => ({
      charge_start: `2026-10-01 ${String(i % 24).padStart(2, '0')}:00:00`, hours, on_demand_cost: toUnits(`0.${String(i + 1).padStart(2, '0')}00000001`), lines: 1,
    }));
    const advice = await adviseSavingsPlans(fakeEngine(rows), '2026-10-02', commitmentsConfigSchema.parse({}), '2026-10-01');
    // Every line starts on 1 Oct and ends by 3 Oct 00:00 (hour 23 + 24 h at most = hour 47), inside the 48-hour look-back:
    // 29 lines of 0.01 … 0.29 and 1 unit each: 0.01 × (1 + … + 29) = 4.35, + 29 units.
    expect([advice.hours, fromUnits(advice.eligibleOnDemand)]).toEqual([48, '4.3500000029']);
  });

  it('a line longer than a day (the query reads none) is refused, naming the query, instead of growing the denominator', async () => {
    const rows: HourlyRow[] = [{ charge_start: '2026-10-01 00:00:00', hours: 25, on_demand_cost: toUnits('1'), lines: 1 }];
    await expect(adviseOneDay(rows)).rejects.toThrow('commitments/eligible_on_demand_hourly returned a line of 25 hours from 2026-10-01 00:00:00');
  });
});
