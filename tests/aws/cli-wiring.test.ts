import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { costlens, sqlRows, tempStore } from '../helpers/cli.ts';
import { FakeCostExplorer } from '../fakes/aws/cost-explorer.ts';
import { FakeS3 } from '../fakes/aws/s3.ts';
import type { FakeAws } from '../fakes/aws/server.ts';
import { FakeSts } from '../fakes/aws/sts.ts';
import { startFakeAws, writeConfig } from './helpers.ts';

const s3 = new FakeS3();
const ce = new FakeCostExplorer();
const sts = new FakeSts();
let fake: FakeAws;
const demoDir = inject('demoDir');
const BUCKET = 'costlens-demo-exports-315897898083';

beforeAll(async () => {
  fake = await startFakeAws([s3, ce, sts]);
  const root = join(demoDir, 'cur2');
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else s3.put(BUCKET, relative(root, full), readFileSync(full));
    }
  };
  visit(root);
  ce.charges = [{ date: '2026-10-05', dimensions: { SERVICE: 'Amazon EC2', LINKED_ACCOUNT: '222222222222' }, metrics: { UnblendedCost: '10.5', AmortizedCost: '9.25' } }];
});
afterAll(async () => {
  await fake.stop();
  vi.unstubAllEnvs();
});

describe('the AWS commands wired into the CLI', () => {
  it('costlens ingest s3://… mirrors the delivery into aws.s3.cacheDir and ingests it; --verbose logs the calls', async () => {
    const { dir, db } = tempStore();
    const config = writeConfig({ aws: { s3: { cacheDir: join(dir, 'cache') }, retry: { baseDelayMs: 1 } } });
    const run = await costlens(db, 'ingest', `s3://${BUCKET}/exports/costlens-demo-cur2`, '--config', config, '--verbose', '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).periods.map((p: { billingPeriod: string }) => p.billingPeriod)).toEqual(['2026-09', '2026-10', '2026-11']);
    expect(run.stderr.split('\n').filter((l) => l.startsWith('aws s3 ')).map((l) => l.replace(/ \d+ ms.*/, ''))).toEqual(['aws s3 ListObjectsV2', ...Array(6).fill('aws s3 GetObject')]);
  });

  it('costlens pull ce lands as its own source (aws-ce/…) with format cost-explorer', async () => {
    const { db } = tempStore();
    const run = await costlens(db, 'pull', 'ce', '--from', '2026-10-01', '--to', '2026-11-01', '--today', '2026-11-26');
    expect(run.code).toBe(0);
    expect(await sqlRows(db, `SELECT x_Source AS source, x_SourceFormat AS format, CAST(sum(BilledCost) AS VARCHAR) AS billed FROM line_items GROUP BY 1, 2`))
      .toEqual([{ source: 'aws-ce/111111111111', format: 'cost-explorer', billed: '10.5000000000' }]);
  });

  it('--help lists pull and iam-policy; --engine athena without aws.athena is a config error', async () => {
    const { db } = tempStore();
    const help = await costlens(db, '--help');
    expect(help.stdout).toContain('  pull ');
    expect(help.stdout).toContain('  iam-policy ');
    const run = await costlens(db, 'forecast', '--engine', 'athena');
    expect([run.code, run.stderr.split('\n')[0]]).toEqual([3, 'costlens: aws.athena is not configured']);
  });
});
