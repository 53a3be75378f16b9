/**
 * Idle never counts a partial day. On the real October and November 2018 CUR (Athena Parquet) cut
 * by DuckDB at 2018-11-20 12:00, the store holds half of the 20th: its data horizon, the last
 * complete day, is the 19th. `idle --as-of 2018-11-22` looks at the cost window 2018-10-23 …
 * 2018-11-21, of which the store holds 28 complete days (10-23 … 11-19), and at the Elastic IP
 * look-back 2018-11-15 … 2018-11-21 (7 days, 5 of them complete).
 *
 * - The idle addresses of account 011254002932 (ElasticIP:IdleAddress, no resource id): 35.2
 *   address-hours at 0.171 on the 19th, 24 address-hours at 0.12 in the half day of the 20th (2
 *   addresses × 12 h). Counting the half day made 59.2 h over the hours they spanned, 24 an address,
 *   and a finding at 0.171 / 24 × 730 = 5.20 a month whose window cost was 0.291. Over the complete
 *   days only, 35.2 h is 17.6 an address: below idle.elasticIp.minIdleHours (24), no finding, as
 *   with the default as-of. With minIdleHours 1 the finding's hours and window cost are the 19th's.
 * - i-0869de38a16b03bbb, c5.large, most hours on a Reserved Instance, given idle metrics: its window
 *   cost is DuckDB's sum of its lines over the 28 complete days, and the hours the Reserved Instance
 *   covered stop at the horizon too (621 of 672 h; the half day added 11 h).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IdleFinding } from '../../src/analyze/findings.ts';
import { cachedIngest } from '../helpers/cached-ingest.ts';
import { REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { derivedFiles, realNovemberTo20thNoon } from '../helpers/derived-files.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { days, jsonOf, metricsCsv, series, type MetricPoint } from './fixtures.ts';

const C5 = 'i-0869de38a16b03bbb';
const EIP_ACCOUNT = '011254002932';

/** The CUR's EffectiveCost of a line (the store's formula for these line types), exact per line as the store keeps it. */
const EFFECTIVE = `CAST(CASE line_item_line_item_type WHEN 'DiscountedUsage' THEN reservation_effective_cost ELSE line_item_unblended_cost END AS DECIMAL(38, 10))`;

const METRIC_DAYS = days('2018-10-20', '2018-11-25');
const metrics: MetricPoint[] = [
  ...series(C5, 'AWS/EC2', 'CPUUtilization', 'Average', METRIC_DAYS, () => 2),
  ...series(C5, 'AWS/EC2', 'NetworkIn', 'Sum', METRIC_DAYS, () => 1_000_000),
  ...series(C5, 'AWS/EC2', 'NetworkOut', 'Sum', METRIC_DAYS, () => 500_000),
];

describe('idle on a store whose last day is partial (the real 2018 CUR cut at 2018-11-20 12:00)', () => {
  /** The store of the real October and the cut November with the metrics, ingested once per machine (tests/helpers/cached-ingest.ts); only read. */
  const store = { db: '' };
  let partialNov: string;
  const lowThreshold = join(scratchDir(), 'costlens.config.json');

  /** DuckDB's cost and quantity of the lines `where` selects on the cut October and November, usage starting in [from, to). */
  async function truth(where: string, from: string, to: string): Promise<[string | null, string | null]> {
    const [row] = await duckdbRows(`SELECT CAST(sum(${EFFECTIVE}) AS VARCHAR) AS cost, CAST(sum(line_item_usage_amount) AS VARCHAR) AS quantity
      FROM read_parquet([$oct, $nov])
      WHERE ${where} AND line_item_usage_start_date >= CAST($from AS TIMESTAMP) AND line_item_usage_start_date < CAST($to AS TIMESTAMP)`,
    { oct: REAL_OCT_2018, nov: partialNov, from, to });
    return [row.cost, row.quantity];
  }
  const IDLE_ADDRESSES = `line_item_usage_account_id = '${EIP_ACCOUNT}' AND line_item_usage_type LIKE '%ElasticIP:IdleAddress'`;
  const C5_LINES = `line_item_resource_id = '${C5}'`;

  beforeAll(async () => {
    partialNov = await realNovemberTo20thNoon();
    const files = await derivedFiles([{ name: 'metrics.csv', text: metricsCsv(metrics) }]);
    writeFileSync(lowThreshold, JSON.stringify({ idle: { elasticIp: { minIdleHours: 1 } } }));
    const { db, run } = await cachedIngest([REAL_OCT_2018, partialNov, files['metrics.csv']]);
    expect(run.code, run.stderr).toBe(0);
    store.db = db;
  }, 120_000);

  it('the cut file holds 35.2 idle-address hours at 0.171 on the 19th and 24 at 0.12 in the half day of the 20th; the c5 instance 28 complete days and 12 hours', async () => {
    expect(await truth(IDLE_ADDRESSES, '2018-10-23', '2018-11-20')).toEqual(['0.1710000000', '35.2']);
    expect(await truth(IDLE_ADDRESSES, '2018-11-20', '2018-11-22')).toEqual(['0.1200000000', '24.0']);
    expect((await truth(C5_LINES, '2018-10-23', '2018-11-20'))[0]).toBe('36.2895610200');
    expect((await truth(C5_LINES, '2018-11-20', '2018-11-22'))[0]).toBe('0.6510228200');
  });

  it('--as-of 2018-11-22 finds no idle address, as the default as-of does: the half day\'s 24 address-hours are not counted', async () => {
    const past = await jsonOf<IdleFinding[]>(store.db, 'idle', '--as-of', '2018-11-22');
    const atHorizon = await jsonOf<IdleFinding[]>(store.db, 'idle');
    expect(past.map((f) => [f.rule, f.resourceId])).toEqual([['ec2-low-utilisation', C5]]);
    expect(atHorizon.map((f) => [f.rule, f.resourceId])).toEqual([['ec2-low-utilisation', C5]]);
  });

  it('with minIdleHours 1 the address is found on the 19th\'s 35.2 h and 0.171 only: 0.171 / 24 × 730 = 5.20 a month', async () => {
    const [cost, hours] = await truth(IDLE_ADDRESSES, '2018-10-23', '2018-11-20');
    const eip = (await jsonOf<IdleFinding[]>(store.db, 'idle', '--as-of', '2018-11-22', '--config', lowThreshold)).find((f) => f.rule === 'eip-idle-address')!;
    expect([eip.accountId, eip.windowCost, eip.evidence.idleHours, eip.hourlyRate, eip.runRateMonthly])
      .toEqual([EIP_ACCOUNT, cost, Number(hours), '0.0071250000', '5.20']);
    expect(eip.costWindow).toEqual({ start: '2018-10-23', end: '2018-11-22' });
  });

  it('the idle instance\'s window cost and its Reserved Instance coverage count the 28 complete days only (621 covered hours, not 632)', async () => {
    const [cost] = await truth(C5_LINES, '2018-10-23', '2018-11-20');
    const c5 = (await jsonOf<IdleFinding[]>(store.db, 'idle', '--as-of', '2018-11-22')).find((f) => f.resourceId === C5)!;
    expect(c5.windowCost).toBe(cost);
    expect([c5.commitment?.coveredHours, c5.commitment?.coveredCost]).toEqual([621, '31.9545610200']);
  });

  it('the heading says the window holds 28 complete days and that the partial day\'s lines are not counted', async () => {
    const run = await costlens(store.db, 'idle', '--as-of', '2018-11-22');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(/; it costs \$36\.29 \(EffectiveCost 23 Oct – 21 Nov 2018; the store holds 28 of its 30 days;/);
    expect(run.stdout.split('\n')[0]).toContain(' the store\'s billing data ends on 19 Nov 2018 (the data horizon: the days after it are partial or not billed yet, and their lines are not counted))');
  });
});
