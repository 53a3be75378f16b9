/**
 * A fee that posts once a month (an RI's monthly fee) posts whole on the 1st, for that month's hours:
 * once the month holds it, nothing more of it is to come. The budgets' forecast expected last month's
 * fee less this month's, as `forecast` did (src/analyze/forecast/expected.ts): on the real bills with
 * November cut after the 15th, October's RI fees (149.775379) less November's (147.384) put 2.391379
 * into every November forecast that never posts. Budgets now forecast as `forecast` does.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedStore } from '../helpers/cached-stores.ts';
import { costlensOnce } from '../helpers/cli-once.ts';
import { REAL_NOV_2018, REAL_OCT_2018, duckdbRows } from '../helpers/cli.ts';
import { derivedFiles } from '../helpers/derived-files.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { riUnusedStillToPost } from '../helpers/ri-unused-sql.ts';

/** `costlens` on the cached store, each distinct run once (tests/helpers/cli-once.ts): it is only read, so a repeat prints the same. */
const once = costlensOnce();

interface BudgetJson { name: string; actual: string; postings: string; forecast: string | null }

describe('budgets on the real Oct 2018 bill and 1–15 Nov 2018: November\'s RI fees have posted', () => {
  let db: string;
  let config: string;
  let cut: string;

  beforeAll(async () => {
    // 1–15 Nov cut as cutCurParquet cuts it, written once per machine (tests/helpers/derived-files.ts): the cached store is
    // keyed by its path, which a file cut into a scratch folder on every run changed, so the store was built again each time.
    const name = 'nov-1-15.parquet';
    ({ [name]: cut } = await derivedFiles([{
      name,
      sql: 'SELECT * FROM read_parquet($source) WHERE line_item_usage_start_date >= CAST($from AS TIMESTAMP) AND line_item_usage_start_date < CAST($to AS TIMESTAMP)',
      params: { source: REAL_NOV_2018, from: '2018-11-01', to: '2018-11-16' },
    }]));
    db = await cachedStore([[REAL_OCT_2018, cut]]);
    config = join(scratchDir(), 'costlens.config.json');
    writeFileSync(config, JSON.stringify({ budgets: [{ name: 'all', amount: 4000 }, { name: 'ec2', amount: 2000, scope: { services: ['AmazonEC2'] } },
      { name: 'all-effective', amount: 4000, cost: 'effective' }] }));
  }, 300_000);

  it('the RI fees: October 149.775379, November 147.384 posted on the 1st (the Parquet files, by DuckDB)', async () => {
    const rows = await duckdbRows(`SELECT strftime(line_item_usage_start_date, '%Y-%m') AS month, line_item_product_code AS service,
        CAST(round(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))), 6) AS VARCHAR) AS fee, CAST(min(line_item_usage_start_date) AS VARCHAR) AS posted
      FROM read_parquet([$oct, $nov]) WHERE line_item_line_item_type = 'RIFee' GROUP BY ALL ORDER BY ALL`, { oct: REAL_OCT_2018, nov: cut });
    expect(rows).toEqual([
      { month: '2018-10', service: 'AmazonEC2', fee: '149.775379', posted: '2018-10-01 00:00:00' },
      { month: '2018-11', service: 'AmazonEC2', fee: '147.384000', posted: '2018-11-01 00:00:00' },
    ]);
  });

  it('the whole bill\'s November forecast is `forecast`\'s BilledCost forecast, which expects no more fee (5,154.33, not 5,156.72); EC2\'s is 2.39 lower too', async () => {
    const run = await once(db, 'budgets', '--config', config, '--period', '2018-11', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const budgets = new Map((JSON.parse(run.stdout).budgets as BudgetJson[]).map((b) => [b.name, b]));
    const [billed] = JSON.parse((await once(db, 'forecast', '--format', 'json')).stdout) as { cost: string; expectedOther: string; forecast: string }[];
    expect([billed.cost, billed.expectedOther, billed.forecast]).toEqual(['BilledCost', '0.000000', '5154.326786']);
    expect([budgets.get('all')!.postings, budgets.get('all')!.forecast]).toEqual(['147.3840000000', '5154.33']);
    expect([budgets.get('ec2')!.postings, budgets.get('ec2')!.forecast]).toEqual(['147.3840000000', '873.24']);
  });

  it('in EffectiveCost too the whole bill\'s forecast is `forecast`\'s (5,290.66): the RIs\' unused hours accrue in both, 5.741480 still to post (`forecast` said 5,284.92, taking November\'s line as posted whole; the budget had taken the RIs whose November line is 0.00 for not posted)', async () => {
    const run = await once(db, 'budgets', '--config', config, '--period', '2018-11', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const budget = (JSON.parse(run.stdout).budgets as BudgetJson[]).find((b) => b.name === 'all-effective')!;
    const [, effective] = JSON.parse((await once(db, 'forecast', '--format', 'json')).stdout) as { cost: string; expectedOther: string; forecast: string }[];
    expect([effective.cost, effective.expectedOther, effective.forecast]).toEqual(['EffectiveCost', await riUnusedStillToPost(REAL_OCT_2018, cut), '5290.658137']);
    expect(budget.forecast).toBe('5290.66');
  });
});
