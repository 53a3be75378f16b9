/**
 * Each rule of `costlens modernise` on a small November 2023 CUR (tests/modernise/fixture.ts),
 * with every figure worked out by hand from the fixture's daily lines and the catalogue prices
 * (us-east-1: gp2 0.10, gp3 0.08 a GB-month + 0.005 an IOPS above 3,000 + 0.04 a MiB/s above 125;
 * io1 0.125 + 0.065 an IOPS; io2 0.125 + 0.065 / 0.046 / 0.032 an IOPS by tier; m4.xlarge 0.20,
 * m6i.xlarge 0.192, m6a.xlarge 0.1728, m6g.xlarge 0.154, m4.large 0.10, m6i.large 0.096 an hour).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModerniseReport } from '../../src/analyze/modernise/find.ts';
import type { ModerniseFinding } from '../../src/analyze/modernise/findings.ts';
import { cachedStoreOfFolder } from '../helpers/cached-text-store.ts';
import { costlens, tempStore } from '../helpers/cli.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { parseCsvRecords } from '../helpers/csv.ts';
import { writeModerniseFixture } from './fixture.ts';

const SNAP_OLD = 'arn:aws:ec2:us-east-1:111122223333:snapshot/snap-old';
const LEGACY_DB = 'arn:aws:rds:us-east-1:111122223333:db:legacy-db';

describe('costlens modernise rules on a hand-made CUR (November 2023, daily lines)', () => {
  let db: string;
  let config: string;
  let report: ModerniseReport;
  const byId = (id: string): ModerniseFinding => {
    const f = report.findings.find((x) => x.resourceId === id);
    if (!f) throw new Error(`no finding for ${id}`);
    return f;
  };

  beforeAll(async () => {
    // The report folder's store, ingested once per machine (tests/helpers/cached-text-store.ts): only read.
    db = await cachedStoreOfFolder((dir) => writeModerniseFixture(dir));
    config = join(scratchDir(), 'costlens.config.yaml');
    writeFileSync(config, 'modernise:\n  snapshots:\n    minAgeDays: 20\n');
    const run = await costlens(db, 'modernise', '--format', 'json', '--config', config);
    expect(run.code, run.stderr).toBe(0);
    report = JSON.parse(run.stdout);
  });

  it('reads the data horizon 2023-11-30 and finds exactly the planted resources', () => {
    expect(report).toMatchObject({ asOf: '2023-12-01', day: '2023-11-30', costWindow: { start: '2023-11-01', end: '2023-12-01' } });
    expect(report.findings.map((f) => [f.rule, f.resourceId])).toEqual([
      ['ebs-io1-to-gp3', 'vol-io1small'],
      ['ebs-io1-to-io2', 'vol-io1big'],
      ['ebs-gp2-to-gp3', 'vol-gp2large'],
      ['ec2-older-generation', 'i-m4running'],
      ['ebs-old-snapshot', SNAP_OLD],
      ['rds-previous-generation', LEGACY_DB],
    ]);
    expect(report.skipped).toEqual([]);
    // 319.50 + 152.00 + 15.00 + 5.84 + 2.50; at list 319.50 + 152.00 + 15.00 + 5.84 (the snapshot and the DB have no list figure)
    expect(report.totalMonthlySaving).toBe('494.84');
    expect(report.totalListMonthlySaving).toBe('492.34');
  });

  it('io1 with 5,000 IOPS on 100 GB → gp3 with the IOPS above 3,000 paid for', () => {
    // a day: 100/30 GB-months × 0.125 + 5000/30 IOPS-months × 0.065 = 11.25 → 0.46875 an hour → × 720 h of November = 337.50 a month
    // (AWS spreads a GB-month / IOPS-month price over the hours of the calendar month: the bill's month is the list month)
    // list: io1 100 × 0.125 + 5000 × 0.065 = 337.50; gp3 100 × 0.08 + 2000 × 0.005 = 18.00 → 319.50
    // at its rate: 337.50 × 319.5 / 337.5 = 319.50
    expect(byId('vol-io1small')).toMatchObject({
      current: 'io1', target: 'gp3', hourlyRate: '0.4687500000', monthlyCost: '337.50', monthlySaving: '319.50', listMonthlySaving: '319.50',
      confidence: 'medium', alternatives: [],
      evidence: expect.objectContaining({ usageType: 'EBS:VolumeUsage.piops', iopsUsageType: 'EBS:VolumeP-IOPS.piops', sizeGb: 100, provisionedIops: 5000 }),
    });
  });

  it('io1 with 40,000 IOPS (above gp3\'s 16,000) → io2, cheaper above 32,000 IOPS', () => {
    // io1: 200 × 0.125 + 40000 × 0.065 = 2625; io2: 25 + 32000 × 0.065 + 8000 × 0.046 = 2473 → 152.00 at list
    // a day: 200/30 × 0.125 + 40000/30 × 0.065 = 87.5 → 3.6458333333 an hour → × 720 h = 2624.999999976 → 2625.00; × 152 / 2625 = 152.00
    expect(byId('vol-io1big')).toMatchObject({
      current: 'io1', target: 'io2', hourlyRate: '3.6458333333', monthlyCost: '2625.00', monthlySaving: '152.00', listMonthlySaving: '152.00', confidence: 'high',
    });
  });

  it('gp2 of 1,000 GB → gp3 with 250 MiB/s provisioned to match gp2, medium confidence', () => {
    // gp2 100.00 a month; gp3 1000 × 0.08 + (250 − 125) × 0.04 = 85.00 → 15.00; IOPS 3 × 1000 = 3000 are included
    // a day: 1000/30 × 0.1 = 3.3333333333 → 0.1388888889 an hour → × 720 h = 100.000000008 → 100.00; × 15 / 100 = 15.00
    expect(byId('vol-gp2large')).toMatchObject({
      current: 'gp2', target: 'gp3', hourlyRate: '0.1388888889', monthlyCost: '100.00', monthlySaving: '15.00', listMonthlySaving: '15.00', confidence: 'medium',
      evidence: expect.objectContaining({ sizeGb: 1000, gp3Iops: 3000, gp3ThroughputMiBps: 250 }),
    });
  });

  it('m4.xlarge running to the end → m6i.xlarge, with the AMD and Graviton twins as alternatives; the m4 stopped on the 20th is not listed', () => {
    // 0.20 × 730 = 146.00; (0.20 − 0.192) × 730 = 5.84; m6a (0.20 − 0.1728) × 730 = 19.856 → 19.86; m6g (0.20 − 0.154) × 730 = 33.58
    expect(byId('i-m4running')).toMatchObject({
      rule: 'ec2-older-generation', current: 'm4.xlarge', target: 'm6i.xlarge', platformChange: false, hourlyRate: '0.2000000000', monthlyCost: '146.00',
      monthlySaving: '5.84', listMonthlySaving: '5.84', windowCost: '144.0000000000', confidence: 'medium',
    });
    expect(byId('i-m4running').alternatives.map((a) => [a.target, a.platformChange, a.monthlySaving, a.listMonthlySaving])).toEqual([
      ['m6a.xlarge', false, '19.86', '19.86'],
      ['m6g.xlarge', true, '33.58', '33.58'],
    ]);
    expect(report.findings.some((f) => f.resourceId === 'i-m4stopped')).toBe(false);
  });

  it('a snapshot billed for 30 days is old at modernise.snapshots.minAgeDays 20; one billed for 11 days is not', () => {
    // a day: 50/30 × 0.05 = 0.0833333333 → 0.0034722222 an hour → × 720 h = 2.499999984 → 2.50; deleting it saves all of it
    expect(byId(SNAP_OLD)).toMatchObject({
      rule: 'ebs-old-snapshot', target: null, monthlyCost: '2.50', monthlySaving: '2.50', listMonthlySaving: null, confidence: 'low',
      thresholds: { 'modernise.snapshots.minAgeDays': 20 },
      evidence: expect.objectContaining({ firstBilledDay: '2023-11-01', ageDays: 30, sizeGb: 50 }),
    });
  });

  it('the db.r4.large is a previous-generation class → db.r6i.large, with its monthly cost and no price invented', () => {
    expect(byId(LEGACY_DB)).toMatchObject({
      rule: 'rds-previous-generation', kind: 'rds-instance', current: 'db.r4.large', target: 'db.r6i.large', monthlyCost: '211.70',
      monthlySaving: null, listMonthlySaving: null, priceSource: expect.stringMatching(/^not priced/),
    });
  });

  it('with the default 90-day snapshot age, no snapshot in a one-month store is old', async () => {
    const run = await costlens(db, 'modernise', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as ModerniseReport).findings.filter((f) => f.rule === 'ebs-old-snapshot')).toEqual([]);
  });

  it('--as-of moves the day looked at: on 2023-11-20 the stopped m4.large still ran', async () => {
    const run = await costlens(db, 'modernise', '--as-of', '2023-11-21', '--format', 'json', '--config', config);
    expect(run.code, run.stderr).toBe(0);
    const earlier: ModerniseReport = JSON.parse(run.stdout);
    expect(earlier).toMatchObject({ asOf: '2023-11-21', day: '2023-11-20', costWindow: { start: '2023-10-22', end: '2023-11-21' } });
    // (0.10 − 0.096) × 730 = 2.92
    expect(earlier.findings.find((f) => f.resourceId === 'i-m4stopped')).toMatchObject({ target: 'm6i.large', monthlyCost: '73.00', monthlySaving: '2.92' });
    // snap-old, first billed on the 1st, is exactly 20 days old (at the threshold); snap-new, first billed on the 20th, is 1 day old
    expect(earlier.findings.filter((f) => f.rule === 'ebs-old-snapshot').map((f) => [f.resourceId, f.evidence.ageDays])).toEqual([[SNAP_OLD, 20]]);
  });

  it('CSV: a header and one row per finding; table: the summary names the days', async () => {
    const csv = await costlens(db, 'modernise', '--format', 'csv', '--config', config);
    expect(csv.code, csv.stderr).toBe(0);
    const [header, ...rows] = parseCsvRecords(csv.stdout);
    expect(header.slice(0, 6)).toEqual(['rule', 'resource_id', 'account_id', 'region', 'current', 'target']);
    expect(rows.map((r) => r[1])).toEqual(report.findings.map((f) => f.resourceId));
    const table = await costlens(db, 'modernise', '--config', config);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^Modernisation as of 1 Dec 2023 \(rates and sizes from 30 Nov 2023, the last day before it\): 6 found/);
  });

  it('bad input: an --as-of after the data, a malformed one and an unknown format are errors that name the flag', async () => {
    const late = await costlens(db, 'modernise', '--as-of', '2024-01-15');
    expect(late.code).not.toBe(0);
    expect(late.stderr).toContain('--as-of 2024-01-15 is outside the billing data');
    expect(late.stderr).toContain('hint: give a day from 2023-11-02 to 2023-12-01');
    const malformed = await costlens(db, 'modernise', '--as-of', '2023-13-01');
    expect(malformed.code).not.toBe(0);
    expect(malformed.stderr).toContain('--as-of must be a date YYYY-MM-DD');
    const format = await costlens(db, 'modernise', '--format', 'xml');
    expect(format.code).not.toBe(0);
    expect(format.stderr).toContain('--format');
    // the queries are portable SQL on line_items, so Athena may run them; without aws.athena that is a config error
    const athena = await costlens(db, 'modernise', '--engine', 'athena');
    expect([athena.code, athena.stderr.split('\n')[0]]).toEqual([3, 'costlens: aws.athena is not configured']);
    const badConfig = join(tempStore().dir, 'bad.yaml');
    writeFileSync(badConfig, 'modernise:\n  snapshots:\n    minAgeDays: -3\n');
    const config = await costlens(db, 'modernise', '--config', badConfig);
    expect(config.code).not.toBe(0);
    expect(config.stderr).toContain('modernise.snapshots.minAgeDays');
  });
});

describe('costlens modernise reads an hourly CUR as it reads the daily one', () => {
  it('the same findings, sizes, monthly costs and savings from 24 hourly lines a day as from one daily line', async () => {
    const run = async (granularity: 'daily' | 'hourly') => {
      const db = await cachedStoreOfFolder((dir) => writeModerniseFixture(dir, granularity));
      const config = join(scratchDir(), 'costlens.config.yaml');
      writeFileSync(config, 'modernise:\n  snapshots:\n    minAgeDays: 20\n');
      const result = await costlens(db, 'modernise', '--format', 'json', '--config', config);
      expect(result.code, result.stderr).toBe(0);
      return (JSON.parse(result.stdout) as ModerniseReport).findings
        .map((f) => [f.rule, f.resourceId, f.target, f.evidence.sizeGb ?? null, f.monthlyCost, f.monthlySaving, f.listMonthlySaving]);
    };
    const daily = await run('daily');
    expect(daily).toHaveLength(6);
    expect(await run('hourly')).toEqual(daily);
  });
});
