import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedStoreOfFolder } from '../helpers/cached-text-store.ts';
import { costlens, sqlRows } from '../helpers/cli.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { detectSpendAnomalies, followSeriesBack, type FollowedBack } from '../../src/analyze/anomalies/index.ts';
import { anomaliesConfigSchema } from '../../src/analyze/trends-config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { A, B, C, EC2, writeEventFixture } from './event-fixture.ts';

/** The per-day deltas of one service or account as DuckDB computes them on the store: actual − median of the 28 days before. */
async function sqlImpact(db: string, where: string, first: string, last: string): Promise<string> {
  const [row] = await sqlRows(db, `
    WITH spend AS (
      SELECT CAST(ChargePeriodStart AS DATE) AS day, sum(BilledCost) AS cost FROM line_items WHERE x_ChargeClass = 'usage' AND ${where} GROUP BY 1
    ), calendar AS (
      SELECT CAST(range AS DATE) AS day FROM range(DATE '2026-03-01', DATE '2026-04-05', INTERVAL 1 DAY)
    ), filled AS (
      SELECT calendar.day, coalesce(spend.cost, 0) AS cost FROM calendar LEFT JOIN spend USING (day)
    )
    SELECT CAST(sum(f.cost - (SELECT median(g.cost) FROM filled g WHERE g.day >= f.day - 28 AND g.day < f.day)) AS DECIMAL(38,10)) AS impact
    FROM filled f WHERE f.day BETWEEN DATE '${first}' AND DATE '${last}'`);
  return row.impact!;
}

type Json = Record<string, any>;

describe('costlens anomalies: events with their root cause, to the cent', () => {
  const dir = scratchDir();
  /** The event fixture's store, ingested once per machine (tests/helpers/cached-text-store.ts): only read. */
  let db: string;
  const events = async (...args: string[]): Promise<{ out: Json; stderr: string }> => {
    const run = await costlens(db, 'anomalies', '--format', 'json', ...args);
    expect(run.code, run.stderr).toBe(0);
    return { out: JSON.parse(run.stdout), stderr: run.stderr };
  };

  beforeAll(async () => {
    db = await cachedStoreOfFolder((folder) => writeEventFixture(folder));
  });

  it('groups exactly the flagged days of each service and account into one event, and keeps the events over the noise floor', async () => {
    const byDay = await costlens(db, 'anomalies', '--format', 'json', '--by-day', '--include-provisional');
    const flagged = (JSON.parse(byDay.stdout) as Json[]).map((r) => [r.dimension, r.value, r.day]);
    expect(flagged).toEqual([
      ['service', EC2, '2026-03-30'], ['account', A, '2026-03-30'],
      ['service', 'AmazonCloudWatch', '2026-03-31'], ['service', EC2, '2026-03-31'], ['service', 'AWS Lambda', '2026-03-31'],
      ['account', C, '2026-03-31'], ['account', A, '2026-03-31'], ['account', B, '2026-03-31'],
      ['service', EC2, '2026-04-01'], ['account', A, '2026-04-01'],
    ]);
    const { out } = await events('--include-provisional');
    expect(out.events.map((e: Json) => [e.id, e.start, e.end, e.days, e.direction, e.impact, e.noiseFloor])).toEqual([
      [`service:${EC2}:2026-03-30`, '2026-03-30', '2026-04-01', 3, 'spike', '69.9899999976', '25.0000000000'],
      [`account:${A}:2026-03-30`, '2026-03-30', '2026-04-01', 3, 'spike', '69.9899999976', '25.0000000000'],
      ['service:AmazonCloudWatch:2026-03-31', '2026-03-31', '2026-03-31', 1, 'drop', '-30.0000000000', '25.0000000000'],
      [`account:${C}:2026-03-31`, '2026-03-31', '2026-03-31', 1, 'drop', '-30.0000000000', '25.0000000000'],
    ]);
    // Lambda (+15 on a $300 day) and its account B are flagged but under 0.1 × 300 = 30: left out and counted.
    expect([out.flaggedDays, out.belowNoiseFloor]).toEqual([10, 2]);
    expect(out.noiseFloor).toEqual({ share: 0.1, minDollars: '25.00' });
  });

  it('the impact is the sum of actual − median of the 28 days before, over the event days, as DuckDB computes it', async () => {
    const { out } = await events('--include-provisional');
    const [ec2, account, cloudwatch] = out.events;
    expect(ec2.impact).toBe(await sqlImpact(db, `ServiceName = '${EC2}'`, '2026-03-30', '2026-04-01'));
    expect(account.impact).toBe(await sqlImpact(db, `SubAccountId = '${A}'`, '2026-03-30', '2026-04-01'));
    expect(cloudwatch.impact).toBe(await sqlImpact(db, `ServiceName = 'AmazonCloudWatch'`, '2026-03-31', '2026-03-31'));
    expect([ec2.actual, ec2.expected]).toEqual(['217.4400000000', '147.4500000024']);
  });

  it('explains the EC2 event against its median days: the data transfer volume, the new instance, the rate rise and the gone one, adding up to the impact', async () => {
    const { out } = await events('--include-provisional', '--by', 'service');
    const ec2 = out.events.find((e: Json) => e.value === EC2);
    expect(ec2.parts).toEqual({ change: '69.99', volume: '51.30', rate: '7.20', new: '12.24', gone: '-0.75', other: '0.00' });
    const zero = { rate: '0.00', new: '0.00', gone: '0.00', other: '0.00', volume: '0.00' };
    expect(ec2.drivers.usageTypes).toEqual([
      { chargeClass: 'usage', usageType: 'DataTransfer-Out-Bytes', ...zero, change: '51.30', volume: '51.30', shareOfImpact: 73.3 },
      { chargeClass: 'usage', usageType: 'BoxUsage:c5.xlarge', ...zero, change: '12.24', new: '12.24', shareOfImpact: 17.5 },
      { chargeClass: 'usage', usageType: 'BoxUsage:m5.large', ...zero, change: '7.20', rate: '7.20', shareOfImpact: 10.3 },
    ]);
    expect(ec2.rest.usageTypes).toEqual({ drivers: 1, ...zero, change: '-0.75', gone: '-0.75', shareOfImpact: -1.1 });
    expect(ec2.drivers.resources.map((d: Json) => [d.resource, d.usageType, d.change])).toEqual([
      ['i-web', 'DataTransfer-Out-Bytes', '51.30'], ['i-new', 'BoxUsage:c5.xlarge', '12.24'], ['i-web', 'BoxUsage:m5.large', '7.20'],
    ]);
    expect(ec2.drivers.regions).toEqual([
      { chargeClass: 'usage', region: 'us-east-1', change: '57.75', volume: '51.30', rate: '7.20', new: '0.00', gone: '-0.75', other: '0.00', shareOfImpact: 82.5 },
      { chargeClass: 'usage', region: 'eu-west-1', ...zero, change: '12.24', new: '12.24', shareOfImpact: 17.5 },
    ]);
    expect(ec2.rest.regions.drivers).toBe(0);
    // Each event day against the middle two of its 28 trailing days (all alike but the event's own).
    expect(ec2.baseline).toEqual([
      { day: '2026-03-30', medianDays: ['2026-03-15', '2026-03-16'] },
      { day: '2026-03-31', medianDays: ['2026-03-16', '2026-03-17'] },
      { day: '2026-04-01', medianDays: ['2026-03-17', '2026-03-18'] },
    ]);
  });

  it('an account event is limited to its account and names the service of each driver; S3, which never moved, explains nothing', async () => {
    const { out } = await events('--include-provisional', '--by', 'account', '--top', '10');
    const a = out.events.find((e: Json) => e.value === A);
    expect(a.name).toBe(`Account ${A}`);
    expect(a.drivers.usageTypes.map((d: Json) => [d.service, d.usageType, d.change])).toEqual([
      [EC2, 'DataTransfer-Out-Bytes', '51.30'], [EC2, 'BoxUsage:c5.xlarge', '12.24'], [EC2, 'BoxUsage:m5.large', '7.20'],
      [EC2, 'BoxUsage:t3.micro', '-0.75'], ['Amazon Simple Storage Service', 'TimedStorage-ByteHrs', '0.00'],
    ]);
    for (const level of ['usageTypes', 'resources', 'regions']) {
      const cents = [...a.drivers[level].map((d: Json) => d.change), a.rest[level].change].reduce((s: number, c: string) => s + Math.round(Number(c) * 100), 0);
      expect(cents, level).toBe(6999);
    }
  });

  it('an event still flagged on the last day examined is ongoing (end null)', async () => {
    const { out, stderr } = await events('--by', 'service');
    expect(out.to).toBe('2026-04-01');
    expect(out.events.map((e: Json) => [e.value, e.start, e.end, e.days])).toEqual([
      [EC2, '2026-03-30', null, 3], ['AmazonCloudWatch', '2026-03-31', '2026-03-31', 1],
    ]);
    expect(stderr).toContain('Noise floor: 1 event below it left out');
    const table = await costlens(db, 'anomalies', '--by', 'service');
    expect(table.stdout).toContain('2026-03-30–ongoing');
  });

  it('the noise floor from the config drops exactly the events under it', async () => {
    const config = join(dir, 'floor.json');
    const listed = async (noiseFloor: Json) => {
      writeFileSync(config, JSON.stringify({ anomalies: { noiseFloor } }));
      const { out } = await events('--include-provisional', '--config', config);
      return [out.events.map((e: Json) => e.value), out.belowNoiseFloor];
    };
    expect(await listed({ share: 0, minDollars: 0 })).toEqual([[EC2, A, 'AmazonCloudWatch', 'AWS Lambda', C, B], 0]);
    expect(await listed({ share: 0, minDollars: 30 })).toEqual([[EC2, A, 'AmazonCloudWatch', C], 2]);
    expect(await listed({ share: 0, minDollars: 30.01 })).toEqual([[EC2, A], 4]);
    // EC2's floor: 0.5 × 49.1500000008 a day × 3 days = 73.7250000012 > 69.99; CloudWatch's 0.5 × 50 = 25 < 30.
    expect(await listed({ share: 0.5, minDollars: 0 })).toEqual([['AmazonCloudWatch', C], 4]);
  });

  it('prints the events with their top driver, --detail their drivers, and CSV with camelCase columns', async () => {
    const table = await costlens(db, 'anomalies', '--include-provisional', '--by', 'service', '--detail', '--wide');
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain('Spend anomalies 22 Mar – 4 Apr 2026: 2 events at or above the noise floor (1 below it), from 5 flagged days');
    expect(table.stdout).toMatch(/service\s+Amazon Elastic Compute Cloud\s+2026-03-30–04-01\s+3\s+spike\s+\$69\.99\s+\$147\.45\s+i-web \(DataTransfer-Out-Bytes\)\s+\$51\.30/);
    expect(table.stdout).toContain('actual 217.44, expected 147.45, impact 69.99 (exact 69.9899999976); noise floor 25.00');
    expect(table.stdout).toMatch(/rest \(1\)\s+-\$0\.75\s+\$0\.00\s+\$0\.00\s+\$0\.00\s+-\$0\.75/);
    expect(table.stdout).toMatch(/total\s+\$69\.99\s+\$51\.30\s+\$7\.20\s+\$12\.24\s+-\$0\.75\s+\$0\.00\s+100\.0/);
    const csv = await costlens(db, 'anomalies', '--include-provisional', '--by', 'service', '--format', 'csv');
    expect(csv.stdout.split('\r\n')).toEqual([
      'id,dimension,value,name,start,end,days,direction,provisional,actual,expected,impact,impactCents,noiseFloor,topUsageType,topUsageTypeChange,topResource,topResourceUsageType,topResourceChange,topRegion,topRegionChange,startsBeforeRange',
      `service:${EC2}:2026-03-30,service,${EC2},,2026-03-30,2026-04-01,3,spike,false,217.4400000000,147.4500000024,69.9899999976,69.99,25.0000000000,DataTransfer-Out-Bytes,51.30,i-web,DataTransfer-Out-Bytes,51.30,us-east-1,57.75,false`,
      'service:AmazonCloudWatch:2026-03-31,service,AmazonCloudWatch,,2026-03-31,2026-03-31,1,drop,false,20.0000000000,50.0000000000,-30.0000000000,-30.00,25.0000000000,CW:Metrics,-30.00,(none),CW:Metrics,-30.00,us-east-1,-30.00,false',
      '',
    ]);
  });

  it('an event flagged on the first examined day is followed back to the day it began: the same id, start and impact whatever the days examined', async () => {
    // --days 1 examines 31 Mar alone; EC2 and account A were already flagged on 30 Mar (29 Mar, judged, is not flagged).
    const one = await events('--as-of', '2026-03-31', '--days', '1');
    const fourteen = await events('--as-of', '2026-03-31', '--days', '14');
    const figures = (out: Json) => out.events.map((e: Json) => [e.id, e.start, e.end, e.days, e.actual, e.expected, e.impact, e.parts.change, e.startsBeforeRange, e.startCut]);
    // By hand: each event day 72.48 against a median day of 49.1500000008 (23.3299999992 a day); account A's S3 (5.00) never moves.
    expect(figures(one.out)).toEqual([
      [`service:${EC2}:2026-03-30`, '2026-03-30', null, 2, '144.9600000000', '98.3000000016', '46.6599999984', '46.66', false, null],
      [`account:${A}:2026-03-30`, '2026-03-30', null, 2, '154.9600000000', '108.3000000016', '46.6599999984', '46.66', false, null],
      ['service:AmazonCloudWatch:2026-03-31', '2026-03-31', null, 1, '20.0000000000', '50.0000000000', '-30.0000000000', '-30.00', false, null],
      [`account:${C}:2026-03-31`, '2026-03-31', null, 1, '20.0000000000', '50.0000000000', '-30.0000000000', '-30.00', false, null],
    ]);
    expect(figures(fourteen.out)).toEqual(figures(one.out));
    expect(one.out.events[0].impact).toBe(await sqlImpact(db, `ServiceName = '${EC2}'`, '2026-03-30', '2026-03-31'));
    // 31 Mar: six flagged days (EC2, CloudWatch, Lambda; accounts A, B, C); 30 Mar: EC2 and A, followed back.
    expect([one.out.from, one.out.flaggedDays, one.out.followedBackDays, fourteen.out.followedBackDays]).toEqual(['2026-03-31', 6, 2, 0]);
    const table = await costlens(db, 'anomalies', '--as-of', '2026-03-31', '--days', '1');
    expect(table.stdout).toContain('Spend anomalies 31 Mar 2026: 4 events at or above the noise floor (2 below it), from 6 flagged days (and 2 before 2026-03-31, followed back)');
    expect(table.stdout).toContain(`Followed back: 2 events flagged on 2026-03-31, the first day examined, begin on the day they were first flagged, each earlier day judged by the rule against its own trailing 28 days (service ${EC2} from 2026-03-30, account Account ${A} from 2026-03-30).`);
  });

  it('an event flagged on the first day that can be judged may have begun earlier: startsBeforeRange, ≤ in its period, whatever the days examined', async () => {
    // With 29 trailing days the first day that can be judged is 30 Mar (1–29 Mar before it), the event's first day.
    const config = join(dir, 'twenty-nine.json');
    writeFileSync(config, JSON.stringify({ anomalies: { trailingDays: 29 } }));
    const figures = (out: Json) => out.events.filter((e: Json) => e.value === EC2).map((e: Json) => [e.id, e.start, e.days, e.impact, e.startsBeforeRange, e.startCut]);
    const two = await events('--as-of', '2026-04-01', '--days', '2', '--config', config);
    const fourteen = await events('--as-of', '2026-04-01', '--days', '14', '--config', config);
    // By hand: 3 × (72.48 − 49.1500000008), each day's median a normal day (one or two event days among 29).
    expect(figures(two.out)).toEqual([[`service:${EC2}:2026-03-30`, '2026-03-30', 3, '69.9899999976', true, 'history']]);
    expect(figures(fourteen.out)).toEqual(figures(two.out));
    const table = await costlens(db, 'anomalies', '--as-of', '2026-04-01', '--days', '2', '--config', config, '--by', 'service');
    expect(table.stdout).toMatch(/service\s+Amazon Elastic Compute Cloud\s+≤2026-03-30–ongoing\s+3\s+spike\s+\$69\.99/);
    expect(table.stdout).toContain(`≤: service ${EC2} (2026-03-30) is flagged on the first day that can be judged: the day before has fewer than 29 trailing days of billing data, so it may have begun earlier.`);
  });

  it('--by-day (not followed back): a run flagged on the first examined day is cut by history when the day before cannot be judged, else by the range', async () => {
    // 29 trailing days: 29 Mar (against 28 Feb – 28 Mar, before the data's 1 Mar) cannot be judged; 30 Mar (against 1–29 Mar) can.
    const config = anomaliesConfigSchema.parse({ trailingDays: 29 });
    const cuts = (days: number) => withEngine(db, (engine) => detectSpendAnomalies(engine, config, { asOf: '2026-04-01', days, by: ['service'], followBack: false }))
      .then((report) => report.runs.map((r) => [r.value, r.start, r.startCut]));
    expect(await cuts(3)).toEqual([[EC2, '2026-03-30', 'history'], ['AmazonCloudWatch', '2026-03-31', null], ['AWS Lambda', '2026-03-31', null]]);
    expect(await cuts(2)).toEqual([[EC2, '2026-03-31', 'range'], ['AmazonCloudWatch', '2026-03-31', 'range'], ['AWS Lambda', '2026-03-31', 'range']]);
  });
});

describe('following a run back before the first examined day (anomalies/follow-back.ts)', () => {
  const rule = { trailingDays: 3, madMultiplier: 3, madScale: 1, minDollars: 10 };
  const dollars = (n: number) => BigInt(n) * 10n ** 10n;
  // 10 a day from 29 Dec 2025, then 100, 1,000, 10,000 and 100,000 on 1–4 Jan 2026: each flagged against its 3 trailing days.
  const spend: [string, number][] = [['2025-12-29', 10], ['2025-12-30', 10], ['2025-12-31', 10], ['2026-01-01', 100], ['2026-01-02', 1000], ['2026-01-03', 10_000], ['2026-01-04', 100_000]];
  const series = (from: string) => new Map(spend.filter(([d]) => d >= from).map(([d, n]) => [d, dollars(n)]));
  const dataDays = (from: string) => new Set(series(from).keys());
  const followed = (found: FollowedBack) => [found.days.map((d) => [d.day, d.actual, d.verdict.expected]), found.cut];

  it('back to a day judged and not flagged (cut null), or to the first day that can be judged (cut history)', () => {
    // Without 28 Dec in the store, 31 Dec (against 28–30 Dec) cannot be judged: the run may have begun earlier.
    expect(followed(followSeriesBack(series('2025-12-29'), dataDays('2025-12-29'), '2026-01-04', rule, 28))).toEqual([[
      ['2026-01-01', dollars(100), dollars(10)], ['2026-01-02', dollars(1000), dollars(10)], ['2026-01-03', dollars(10_000), dollars(100)],
    ], 'history']);
    // With it, 31 Dec spends 10 against 10, 10, 10: not flagged, so the run began on 1 Jan.
    const longer = new Map([['2025-12-28', dollars(10)], ...series('2025-12-29')]);
    expect(followed(followSeriesBack(longer, new Set(longer.keys()), '2026-01-04', rule, 28))).toEqual([[
      ['2026-01-01', dollars(100), dollars(10)], ['2026-01-02', dollars(1000), dollars(10)], ['2026-01-03', dollars(10_000), dollars(100)],
    ], null]);
  });

  it('at most maxDays days: a run flagged on each of them began before them (cut range)', () => {
    const longer = new Map([['2025-12-28', dollars(10)], ...series('2025-12-29')]);
    expect(followed(followSeriesBack(longer, new Set(longer.keys()), '2026-01-04', rule, 2))).toEqual([[
      ['2026-01-02', dollars(1000), dollars(10)], ['2026-01-03', dollars(10_000), dollars(100)],
    ], 'range']);
    expect(followed(followSeriesBack(longer, new Set(longer.keys()), '2026-01-04', rule, 0))).toEqual([[], 'range']);
  });

  it('stopped at maxDays, a run whose next earlier day cannot be judged may have begun earlier (cut history), not before the days read (range)', () => {
    // Data from 30 Dec: 2 and 3 Jan are followed (flagged against 10, 10, 100 and 10, 100, 1,000); 1 Jan, against 29–31 Dec, cannot be judged.
    expect(followed(followSeriesBack(series('2025-12-30'), dataDays('2025-12-30'), '2026-01-04', rule, 2))).toEqual([[
      ['2026-01-02', dollars(1000), dollars(10)], ['2026-01-03', dollars(10_000), dollars(100)],
    ], 'history']);
    // Not followed at all (--by-day): 3 Jan, against 31 Dec – 2 Jan, can be judged from 31 Dec on, not from 1 Jan on.
    expect(followed(followSeriesBack(series('2025-12-31'), dataDays('2025-12-31'), '2026-01-04', rule, 0))).toEqual([[], 'range']);
    expect(followed(followSeriesBack(series('2026-01-01'), dataDays('2026-01-01'), '2026-01-04', rule, 0))).toEqual([[], 'history']);
  });
});
