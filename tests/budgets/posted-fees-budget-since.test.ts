/**
 * Fees that post once a month are not daily spend. The month's AWS Support fee, RI fee and tax are
 * dated the 1st (a charge period of the whole month) and restated as the month goes, so counting
 * them as spent on the 1st dated budget thresholds days too early: on the shared demo (charge days
 * 1 Sep – 14 Nov 2026) a 40,000 budget for 2026-Q4 read "25 % since 2026-10-07" and "50 % since
 * 2026-10-17", because October's 3,933.43 of Support, RI fee and tax stood on 1 Oct. A budget now
 * counts such a posting in its actual in full, but as spent on the last day of its charge period
 * (within its month) or on as-of (budgets/spend-day.ts): 25 % since 2026-10-11, 50 % since
 * 2026-10-21. Figures by SQL on line_items; the actual and the forecast do not move.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { spendDay } from '../../src/analyze/budgets/spend-day.ts';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { costlens, sqlRows, tempStore } from '../helpers/cli.ts';

interface BudgetJson {
  name: string; actual: string; postings: string | null; forecast: string | null;
  thresholds: { id: string; crossed: boolean | null; since: string | null }[];
}

const BUDGETS = [
  { name: 'org', amount: 40000 },
  { name: 'q4', amount: 40000, period: 'quarterly', thresholds: [{ percent: 25 }, { percent: 50 }, { percent: 100, basis: 'forecast' }] },
];

/** The day a line counts as spent, in SQL: a line longer than a day on the last day of its charge period, its month's, or as-of, whichever is first. */
const SPEND_DAY = `CASE WHEN ChargePeriodEnd > ChargePeriodStart + INTERVAL 1 DAY
  THEN least(CAST(ChargePeriodEnd - INTERVAL 1 SECOND AS DATE), last_day(ChargePeriodStart), DATE '2026-11-14')
  ELSE CAST(ChargePeriodStart AS DATE) END`;
const Q4_TO_DATE = "ChargePeriodStart >= TIMESTAMP '2026-10-01' AND ChargePeriodStart < TIMESTAMP '2026-11-15'";

describe('budgets: a fee posted for the month counts in the actual, not as spend of the 1st', () => {
  let db: string;
  let budgets: Map<string, BudgetJson>;

  /** The first day the running total of Q4 reaches `level`, each line counted on the day `day` gives it. */
  const firstDay = async (day: string, level: number) => (await sqlRows(db, `SELECT CAST(min(d) AS VARCHAR) AS d FROM (
      SELECT d, sum(c) OVER (ORDER BY d) AS running FROM (SELECT ${day} AS d, sum(BilledCost) AS c FROM line_items WHERE ${Q4_TO_DATE} GROUP BY 1))
    WHERE running >= ${level}`))[0].d;

  beforeAll(async () => {
    db = await cachedDemoStore(inject('demoDir'), ['cur2']);
    const config = join(tempStore().dir, 'costlens.config.json');
    writeFileSync(config, JSON.stringify({ budgets: BUDGETS }));
    const run = await costlens(db, 'budgets', '--config', config, '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    budgets = new Map((JSON.parse(run.stdout).budgets as BudgetJson[]).map((b) => [b.name, b]));
  }, 300_000);

  it('Q4 crosses 25 % on 11 Oct and 50 % on 21 Oct, as the running total by spend day gives it; by charge day it read 7 and 17 Oct', async () => {
    const q4 = budgets.get('q4')!;
    const bySpendDay = [await firstDay(SPEND_DAY, 10_000), await firstDay(SPEND_DAY, 20_000)];
    expect(bySpendDay).toEqual(['2026-10-11', '2026-10-21']);
    expect(q4.thresholds.filter((t) => t.id.startsWith('actual:')).map((t) => [t.id, t.crossed, t.since])).toEqual([
      ['actual:25', true, bySpendDay[0]], ['actual:50', true, bySpendDay[1]],
    ]);
    const byChargeDay = [await firstDay('CAST(ChargePeriodStart AS DATE)', 10_000), await firstDay('CAST(ChargePeriodStart AS DATE)', 20_000)];
    expect(byChargeDay).toEqual(['2026-10-07', '2026-10-17']);
  });

  it('the postings stay in the actual, in full, and are reported apart: Q4 6,011.764 (October 3,933.434, November 2,078.33 so far)', async () => {
    const [sums] = await sqlRows(db, `SELECT sum(BilledCost) AS actual,
        sum(BilledCost) FILTER (WHERE ChargePeriodEnd > ChargePeriodStart + INTERVAL 1 DAY) AS postings,
        sum(BilledCost) FILTER (WHERE ChargePeriodEnd > ChargePeriodStart + INTERVAL 1 DAY AND ChargePeriodStart >= TIMESTAMP '2026-11-01') AS nov_postings,
        sum(BilledCost) FILTER (WHERE ChargePeriodStart >= TIMESTAMP '2026-11-01') AS nov_actual
      FROM line_items WHERE ${Q4_TO_DATE}`);
    const q4 = budgets.get('q4')!;
    const org = budgets.get('org')!;
    expect([q4.actual, q4.postings]).toEqual([sums.actual, sums.postings]);
    expect([org.actual, org.postings]).toEqual([sums.nov_actual, sums.nov_postings]);
    expect([q4.postings, org.postings, org.actual]).toEqual(['6011.7640000000', '2078.3300000000', '16913.2771146609']);
  });

  it('the forecasts do not move: the month-end forecast as costlens forecast makes it, the quarter\'s, and since when they cross', () => {
    expect(budgets.get('org')!.forecast).toBe('36498.40');
    const q4 = budgets.get('q4')!;
    expect(q4.forecast).toBe('111840.27');
    expect(q4.thresholds.find((t) => t.id === 'forecast:100')!.since).toBe('2026-10-01');
  });

  it('spendDay: a line of a day is spent on its charge day; a posting on its period\'s last day, its month\'s, or as-of, whichever is first, held by the store', () => {
    expect(spendDay('2026-11-03', '2026-11-03', '2026-11-14')).toBe('2026-11-03');
    expect(spendDay('2026-11-01', '2026-11-30', '2026-11-14')).toBe('2026-11-14');
    expect(spendDay('2026-10-01', '2026-10-31', '2026-11-14')).toBe('2026-10-31');
    expect(spendDay('2026-10-01', '2027-09-30', '2026-11-14')).toBe('2026-10-31');
    expect(spendDay('2026-11-10', '2026-11-12', '2026-11-14')).toBe('2026-11-12');
    // A delivery that stops on the 14th (the rest of the month a gap): the last day the store holds.
    expect(spendDay('2023-11-01', '2023-11-30', '2023-12-31', (day) => day <= '2023-11-14')).toBe('2023-11-14');
  });
});
