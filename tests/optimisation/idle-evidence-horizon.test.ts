/**
 * Idle's evidence stops at the data horizon, as its windows do. The real October and November 2018
 * CUR (Athena Parquet), November cut by DuckDB at 2018-11-20 12:00, beside a small FOCUS bill cut at
 * the same hour: the store holds half of the 20th, so its data horizon is the 19th. With --as-of
 * past the day after the horizon, the look-backs reach into the half day (and the metrics beyond it):
 *
 * - the bill-only rules' "billed on each of the last 7 days": a NAT gateway billed hours and no bytes,
 *   and a volume billed storage where its account runs no instance, both billed 24 h a day and 12 h
 *   on the 20th. `--as-of 2018-11-21` looks at 14 … 20 Nov: 6 complete days and the half day, which
 *   made 7 billed days (156 NAT hours) and two findings; over complete days they are billed on 6 of 7.
 * - the metric rules: the c5.large i-0869de38a16b03bbb has CPU 2 % a day to the 19th and 9 % from
 *   the 20th; `--as-of 2018-11-22` looks at 8 … 21 Nov (14 days), of which 12 are complete: 12 low
 *   days with CPU ≤ 2 %, not 14 with CPU up to 9 % (and not "high" confidence, which needs all 14).
 *   A NAT gateway sending 0 bytes, a volume doing no I/O, a load balancer serving no request and a DB
 *   instance with no connection, each every day until the 21st, had 7 days of data in 14 … 20 Nov, 6
 *   of them complete: they are judged on the default as-of (13 … 19 Nov), not on --as-of 2018-11-21.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { IdleFinding } from '../../src/analyze/findings.ts';
import { cachedIngest } from '../helpers/cached-ingest.ts';
import { REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { derivedFiles, realNovemberTo20thNoon } from '../helpers/derived-files.ts';
import { daily, days, focusCsv, jsonOf, metricsCsv, series, type BillLine, type MetricPoint } from './fixtures.ts';

const C5 = 'i-0869de38a16b03bbb';
const ACCOUNT = '222233334444';
const REGION = 'eu-north-1';
const NAT_BILL = `arn:aws:ec2:${REGION}:${ACCOUNT}:natgateway/nat-0horizonbill`;
const VOL_BILL = 'vol-0horizonbill';
const NAT_METRIC = 'nat-0horizonmetric';
const VOL_METRIC = 'vol-0horizonmetric';
const ALB_METRIC = 'app/horizon-alb/0123456789abcdef';
const RDS_METRIC = 'db-horizonmetric';
/** Idle every day from 1 Nov to the 21st, a day past the half day of the 20th. */
const IDLE_DAYS = days('2018-11-01', '2018-11-22');

/** Billed every day of October and November to the 19th, and the first 12 hours of the 20th, as the cut CUR is. */
function billedToNoon(resourceId: string, usageType: string, quantity: number, cost: string, halfCost: string): BillLine[] {
  return [
    ...daily('2018-10-01', '2018-11-20', { account: ACCOUNT, region: REGION, resourceId, usageType, quantity, cost }),
    { start: '2018-11-20', end: '2018-11-20T12:00:00', account: ACCOUNT, region: REGION, resourceId, usageType, quantity: quantity / 2, cost: halfCost },
  ];
}

const bill: BillLine[] = [
  ...billedToNoon(NAT_BILL, 'EUN1-NatGateway-Hours', 24, '1.08', '0.54'),
  ...billedToNoon(VOL_BILL, 'EUN1-EBS:VolumeUsage.gp2', 3.2258, '0.3226', '0.1613'),
];

const metrics: MetricPoint[] = [
  ...series(C5, 'AWS/EC2', 'CPUUtilization', 'Average', days('2018-10-20', '2018-11-25'), (day) => (day < '2018-11-20' ? 2 : 9)),
  ...series(C5, 'AWS/EC2', 'NetworkIn', 'Sum', days('2018-10-20', '2018-11-25'), () => 1_000_000),
  ...series(C5, 'AWS/EC2', 'NetworkOut', 'Sum', days('2018-10-20', '2018-11-25'), () => 500_000),
  ...series(NAT_METRIC, 'AWS/NATGateway', 'BytesOutToDestination', 'Sum', IDLE_DAYS, () => 0),
  ...series(VOL_METRIC, 'AWS/EBS', 'VolumeReadOps', 'Sum', IDLE_DAYS, () => 0),
  ...series(VOL_METRIC, 'AWS/EBS', 'VolumeWriteOps', 'Sum', IDLE_DAYS, () => 0),
  ...series(ALB_METRIC, 'AWS/ApplicationELB', 'RequestCount', 'Sum', IDLE_DAYS, () => 0),
  ...series(RDS_METRIC, 'AWS/RDS', 'DatabaseConnections', 'Maximum', IDLE_DAYS, () => 0),
];

describe('idle evidence on a store whose last day is partial (the real 2018 CUR and a FOCUS bill cut at 2018-11-20 12:00)', () => {
  /** The store of the real October, the cut November, the FOCUS bill and the metrics, ingested once per machine (tests/helpers/cached-ingest.ts); only read. */
  const store = { db: '' };
  let billFile: string;
  let metricsFile: string;

  /** DuckDB on the FOCUS bill: the distinct days and the quantity of `resourceId`'s lines starting in [from, to). */
  async function billed(resourceId: string, from: string, to: string): Promise<{ days: string | null; quantity: string | null }> {
    const [row] = await duckdbRows(`SELECT CAST(count(DISTINCT CAST(ChargePeriodStart AS DATE)) AS VARCHAR) AS days,
        CAST(sum(CAST(ConsumedQuantity AS DECIMAL(18, 6))) AS VARCHAR) AS quantity
      FROM read_csv($file, all_varchar = true, header = true)
      WHERE ResourceId = $id AND CAST(ChargePeriodStart AS TIMESTAMP) >= CAST($from AS TIMESTAMP) AND CAST(ChargePeriodStart AS TIMESTAMP) < CAST($to AS TIMESTAMP)`,
    { file: billFile, id: resourceId, from, to });
    return { days: row.days, quantity: row.quantity === null ? null : String(Number(row.quantity)) };
  }

  /** DuckDB on the metrics file: the days of `metric` of `resourceId` in [from, to) and their highest value. */
  async function metricDays(resourceId: string, metric: string, from: string, to: string): Promise<[number, number]> {
    const [row] = await duckdbRows(`SELECT CAST(count(DISTINCT CAST(timestamp AS DATE)) AS VARCHAR) AS days, CAST(max(value) AS VARCHAR) AS top
      FROM read_csv($file, header = true, timestampformat = '%Y-%m-%dT%H:%M:%SZ')
      WHERE resource_id = $id AND metric_name = $metric AND timestamp >= CAST($from AS TIMESTAMP) AND timestamp < CAST($to AS TIMESTAMP)`,
    { file: metricsFile, id: resourceId, metric, from, to });
    return [Number(row.days), Number(row.top)];
  }

  const ruleIds = (findings: IdleFinding[]) => findings.map((f) => [f.rule, f.resourceId]).sort();

  beforeAll(async () => {
    const files = await derivedFiles([{ name: 'bill-focus.csv', text: focusCsv(bill) }, { name: 'metrics.csv', text: metricsCsv(metrics) }]);
    [billFile, metricsFile] = [files['bill-focus.csv'], files['metrics.csv']];
    const { db, run } = await cachedIngest([REAL_OCT_2018, await realNovemberTo20thNoon(), billFile, metricsFile]);
    expect(run.code, run.stderr).toBe(0);
    store.db = db;
  }, 120_000);

  it('the store\'s data horizon is 19 Nov 2018: the 20th holds 12 hours', async () => {
    const run = await costlens(store.db, 'idle', '--as-of', '2018-11-21');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\n')[0]).toContain('the store holds 29 of its 30 days; the store\'s billing data ends on 19 Nov 2018 (the data horizon');
  });

  it('on the default as-of (2018-11-20) the bill-only rules and the metric rules judge 13 … 19 Nov, 7 complete days billed or measured', async () => {
    const findings = await jsonOf<IdleFinding[]>(store.db, 'idle');
    expect(ruleIds(findings)).toEqual([
      ['bill-ebs-without-instances', VOL_BILL], ['bill-nat-without-traffic', NAT_BILL], ['ebs-low-iops', VOL_METRIC], ['ec2-low-utilisation', C5],
      ['lb-low-requests', ALB_METRIC], ['nat-no-traffic', NAT_METRIC], ['rds-no-connections', RDS_METRIC],
    ]);
    const nat = await billed(NAT_BILL, '2018-11-13', '2018-11-20');
    const vol = await billed(VOL_BILL, '2018-11-13', '2018-11-20');
    expect([nat, vol]).toEqual([{ days: '7', quantity: '168' }, { days: '7', quantity: '22.5806' }]);
    const byId = (id: string) => findings.find((f) => f.resourceId === id)!;
    expect([byId(NAT_BILL).evidence.billedDays, byId(NAT_BILL).evidence.billedHours]).toEqual([Number(nat.days), Number(nat.quantity)]);
    expect([byId(VOL_BILL).evidence.billedDays, byId(VOL_BILL).evidence.billedGbMonths]).toEqual([Number(vol.days), Number(vol.quantity)]);
    for (const [id, metric] of [[NAT_METRIC, 'BytesOutToDestination'], [VOL_METRIC, 'VolumeReadOps'], [ALB_METRIC, 'RequestCount'], [RDS_METRIC, 'DatabaseConnections']]) {
      expect([id, byId(id).evidence.daysObserved]).toEqual([id, (await metricDays(id, metric, '2018-11-13', '2018-11-20'))[0]]);
    }
  });

  it('--as-of 2018-11-21: the half day of the 20th is no billed day and its metric rows no day of data, so no rule that needs all 7 days fires', async () => {
    // What the look-back 14 … 20 Nov holds: 7 billed days (6 complete) and 156 NAT hours, 7 days of data a metric (6 complete).
    expect(await billed(NAT_BILL, '2018-11-14', '2018-11-21')).toEqual({ days: '7', quantity: '156' });
    expect(await billed(NAT_BILL, '2018-11-14', '2018-11-20')).toEqual({ days: '6', quantity: '144' });
    expect(await billed(VOL_BILL, '2018-11-14', '2018-11-20')).toMatchObject({ days: '6' });
    expect(await metricDays(NAT_METRIC, 'BytesOutToDestination', '2018-11-14', '2018-11-21')).toEqual([7, 0]);
    expect(await metricDays(NAT_METRIC, 'BytesOutToDestination', '2018-11-14', '2018-11-20')).toEqual([6, 0]);
    for (const [id, metric] of [[VOL_METRIC, 'VolumeReadOps'], [ALB_METRIC, 'RequestCount'], [RDS_METRIC, 'DatabaseConnections']]) {
      expect([id, await metricDays(id, metric, '2018-11-14', '2018-11-20')]).toEqual([id, [6, 0]]);
    }
    const findings = await jsonOf<IdleFinding[]>(store.db, 'idle', '--as-of', '2018-11-21');
    expect(ruleIds(findings)).toEqual([['ec2-low-utilisation', C5]]);
  });

  it('--as-of 2018-11-22: the c5\'s low days are the 12 complete days of 8 … 21 Nov, at CPU ≤ 2 %, not 14 days up to 9 %', async () => {
    const [complete, completeTop] = await metricDays(C5, 'CPUUtilization', '2018-11-08', '2018-11-20');
    const [all, allTop] = await metricDays(C5, 'CPUUtilization', '2018-11-08', '2018-11-22');
    expect([complete, completeTop, all, allTop]).toEqual([12, 2, 14, 9]);
    const c5 = (await jsonOf<IdleFinding[]>(store.db, 'idle', '--as-of', '2018-11-22')).find((f) => f.resourceId === C5)!;
    expect(c5.lookback).toEqual({ start: '2018-11-08', end: '2018-11-22' });
    expect([c5.evidence.daysObserved, c5.evidence.lowDays, c5.evidence.maxCpuAverageOnLowDays, c5.evidence.maxCpuAverage, c5.evidence.maxNetworkBytesOnLowDays])
      .toEqual([complete, complete, completeTop, completeTop, 1_500_000]);
    expect(c5.confidence).toBe('medium');
    expect(c5.explanation).toContain('on 12 of the last 14 days (CPU data on 12 days)');
  });
});
