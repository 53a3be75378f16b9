/**
 * Budgets on the real Oct and Nov 2018 bills (Athena-style CUR Parquet): November's actual, whole
 * bill and EC2 alone, is the exact sum of lineItem/UnblendedCost of the lines charged in November,
 * read by DuckDB straight from the Parquet file; a complete month's forecast is its actual; a
 * quarter holding both months adds them.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows, tempStore } from '../helpers/cli.ts';
import { budgetPeriodOf, measuredPeriodsWords } from '../../src/analyze/budgets/index.ts';

interface BudgetJson { name: string; periodLabel: string; actual: string; forecast: string | null; complete: boolean; sharePercent: number }

describe('costlens budgets on the real Oct → Nov 2018 bills', () => {
  let db: string;
  let config: string;

  beforeAll(async () => {
    db = await cachedStore([[REAL_OCT_2018, REAL_NOV_2018]]);
    config = join(tempStore().dir, 'costlens.config.json');
    writeFileSync(config, JSON.stringify({ budgets: [
      { name: 'all', amount: 4000 },
      { name: 'ec2', amount: 2000, scope: { services: ['AmazonEC2'] } },
      { name: 'q4', amount: 20000, period: 'quarterly' },
    ] }));
  }, 300_000);

  it('November 2018: the actual is what the Parquet file charges in November, to 1e-10; complete, so the forecast is the actual', async () => {
    const run = await costlens(db, 'budgets', '--config', config, '--period', '2018-11', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const budgets = new Map((JSON.parse(run.stdout).budgets as BudgetJson[]).map((b) => [b.name, b]));
    const [nov] = await duckdbRows(`SELECT CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR) AS total,
        CAST(sum(CASE WHEN line_item_product_code = 'AmazonEC2' THEN CAST(line_item_unblended_cost AS DECIMAL(38,10)) END) AS VARCHAR) AS ec2
      FROM read_parquet($nov) WHERE line_item_usage_start_date >= TIMESTAMP '2018-11-01' AND line_item_usage_start_date < TIMESTAMP '2018-12-01'`, { nov: REAL_NOV_2018 });
    const [oct] = await duckdbRows(`SELECT CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR) AS total
      FROM read_parquet($oct) WHERE line_item_usage_start_date >= TIMESTAMP '2018-10-01' AND line_item_usage_start_date < TIMESTAMP '2018-11-01'`, { oct: REAL_OCT_2018 });
    const all = budgets.get('all')!;
    expect([all.periodLabel, all.complete, all.actual]).toEqual(['2018-11', true, nov.total]);
    expect(all.actual.slice(0, 9)).toBe('3505.3269'); // the November invoice: 3505.3270 to four places
    expect(all.forecast).toBe((Math.round(Number(all.actual) * 100) / 100).toFixed(2));
    expect(all.sharePercent).toBe(87.6);
    expect(budgets.get('ec2')!.actual).toBe(nov.ec2);
    expect(budgets.get('q4')!.periodLabel).toBe('2018-Q4');
    expect(Number(budgets.get('q4')!.actual).toFixed(6)).toBe((Number(nov.total) + Number(oct.total)).toFixed(6));
  });

  it('--period 2018-Q4 says the monthly budgets are measured over the month holding as-of, 2018-11, not over the quarter (it said only "inside 2018-Q4" above a 2018-11 row)', async () => {
    // By SQL on the file: the data horizon is the day before the latest end of a usage line of at most a day, 30 Nov 2018.
    const [end] = await duckdbRows(`SELECT CAST(CAST(max(line_item_usage_end_date) AS DATE) - 1 AS VARCHAR) AS horizon FROM read_parquet($nov)
      WHERE line_item_line_item_type = 'Usage' AND line_item_usage_end_date <= line_item_usage_start_date + INTERVAL 1 DAY`, { nov: REAL_NOV_2018 });
    expect(end.horizon).toBe('2018-11-30');
    const run = await costlens(db, 'budgets', '--config', config, '--period', '2018-Q4', '--wide');
    expect(run.code, run.stderr).toBe(0);
    const [headline, measured, columns] = run.stdout.split('\n');
    expect(headline).toMatch(/^Budgets as of 30 Nov 2018, .*2018-Q4$/);
    expect(measured).toBe('  not 2018-Q4 as a whole: each budget is measured over its own period that holds 30 Nov 2018, up to that day: all and ec2 (monthly) over 2018-11');
    expect(columns).toMatch(/^budget +period/);
    expect(run.stdout.split('\n').filter((line) => /^(all|ec2|q4) /.test(line)).map((line) => line.split(/ +/).slice(0, 2))).toEqual([['all', '2018-11'], ['ec2', '2018-11'], ['q4', '2018-Q4']]);
    // Under --period 2019 each kind names its own period; when every budget's period is the one given, nothing is added.
    const status = (name: string, label: string) => ({ budget: { name }, period: budgetPeriodOf(label) });
    expect(measuredPeriodsWords(budgetPeriodOf('2019'), '31 Dec 2019', [status('all', '2019-12'), status('q4', '2019-Q4'), status('ec2', '2019-12'), status('year', '2019')]))
      .toBe('not 2019 as a whole: each budget is measured over its own period that holds 31 Dec 2019, up to that day: all and ec2 (monthly) over 2019-12; q4 (quarterly) over 2019-Q4');
    expect(measuredPeriodsWords(budgetPeriodOf('2018-11'), '30 Nov 2018', [status('all', '2018-11')])).toBeNull();
  });
});
