import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planCostExplorerPull } from '../../src/aws/cost-explorer/index.ts';
import { pullCommand } from '../../src/cli/pull.ts';
import { sqlRows, tempStore } from '../helpers/cli.ts';
import { useFakeCostExplorer } from '../helpers/fake-cost-explorer.ts';
import type { FakeCharge } from '../fakes/aws/cost-explorer.ts';
import { DEFAULT_ACCOUNT } from '../fakes/aws/server.ts';
import { runCommand, sumDecimals } from './helpers.ts';

const SERVICES = ['Amazon Elastic Compute Cloud - Compute', 'Amazon Simple Storage Service'];
const ACCOUNTS = ['222222222222', '333333333333'];

/** 2026-09-01 … 2026-11-25: two services × two accounts a day, team tag on the EC2 lines. */
function charges(): FakeCharge[] {
  const out: FakeCharge[] = [];
  for (let d = 0, day = '2026-09-01'; day < '2026-11-26'; d++, day = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)) {
    SERVICES.forEach((service, s) => ACCOUNTS.forEach((account, a) => {
      const unblended = `${s * 10 + a + 1}.${String((d * 7919 + s * 104729 + a * 1299709) % 10_000_000_000).padStart(10, '0')}`;
      const amortized = `${s * 10 + a}.${String((d * 31 + a) % 100).padStart(2, '0')}5`;
      out.push({ date: day, dimensions: { SERVICE: service, LINKED_ACCOUNT: account }, tags: s === 0 ? { team: a === 0 ? 'payments' : 'search' } : {}, metrics: { UnblendedCost: unblended, AmortizedCost: amortized } });
    }));
  }
  return out;
}

const pull = (db: string, ...args: string[]) => runCommand(pullCommand, db, ['ce', ...args]);
const expectedMonth = (month: string, metric: 'UnblendedCost' | 'AmortizedCost') => sumDecimals(ce.charges.filter((c) => c.date.startsWith(month)).map((c) => c.metrics[metric]));

const aws = useFakeCostExplorer(charges, ({ ce }) => {
  ce.pageDays = 31;
});
const { ce } = aws;

describe('costlens pull ce', () => {
  it('fetches whole months DAILY through every page, writes FOCUS line items that reconcile to the cent, and says how many requests it made', async () => {
    const { db } = tempStore();
    const run = await pull(db, '--from', '2026-09-15', '--to', '2026-11-26', '--today', '2026-11-26');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(0, 3)).toEqual([
      `Cost Explorer, payer ${DEFAULT_ACCOUNT}, grouped by SERVICE, LINKED_ACCOUNT`,
      '  fetched: 2026-09, 2026-10, 2026-11',
      'made 3 Cost Explorer requests ($0.03)',
    ]);
    const requests = aws.fake.calls('ce', 'GetCostAndUsage');
    expect(requests.map((r) => [r.params.TimePeriod, r.params.Granularity, r.params.NextPageToken === undefined])).toEqual([
      [{ Start: '2026-09-01', End: '2026-11-26' }, 'DAILY', true], [{ Start: '2026-09-01', End: '2026-11-26' }, 'DAILY', false], [{ Start: '2026-09-01', End: '2026-11-26' }, 'DAILY', false],
    ]);
    expect(requests[0].params.Metrics).toEqual(['UnblendedCost', 'AmortizedCost']);
    expect(requests[0].params.GroupBy).toEqual([{ Type: 'DIMENSION', Key: 'SERVICE' }, { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }]);

    const stored = await sqlRows(db, `SELECT x_BillingPeriod AS period, count(*) AS n, CAST(sum(BilledCost) AS VARCHAR) AS billed, CAST(sum(EffectiveCost) AS VARCHAR) AS effective,
      count(DISTINCT SubAccountId) AS accounts, count(DISTINCT ServiceName) AS services, min(ChargePeriodStart) AS first, max(ChargePeriodEnd) AS last
      FROM line_items GROUP BY 1 ORDER BY 1`);
    expect(stored).toEqual([
      { period: '2026-09', n: String(30 * 4), billed: expectedMonth('2026-09', 'UnblendedCost'), effective: expectedMonth('2026-09', 'AmortizedCost'), accounts: '2', services: '2', first: '2026-09-01 00:00:00', last: '2026-10-01 00:00:00' },
      { period: '2026-10', n: String(31 * 4), billed: expectedMonth('2026-10', 'UnblendedCost'), effective: expectedMonth('2026-10', 'AmortizedCost'), accounts: '2', services: '2', first: '2026-10-01 00:00:00', last: '2026-11-01 00:00:00' },
      { period: '2026-11', n: String(25 * 4), billed: expectedMonth('2026-11', 'UnblendedCost'), effective: expectedMonth('2026-11', 'AmortizedCost'), accounts: '2', services: '2', first: '2026-11-01 00:00:00', last: '2026-11-26 00:00:00' },
    ]);
    const [line] = await sqlRows(db, `SELECT BillingAccountId, ProviderName, BillingCurrency, CAST(BillingPeriodStart AS VARCHAR) AS bps, CAST(BillingPeriodEnd AS VARCHAR) AS bpe, CAST(BilledCost AS VARCHAR) AS billed
      FROM line_items WHERE ChargePeriodStart = TIMESTAMP '2026-10-07 00:00:00' AND SubAccountId = '333333333333' AND ServiceName = 'Amazon Simple Storage Service'`);
    expect(line).toEqual({ BillingAccountId: DEFAULT_ACCOUNT, ProviderName: 'AWS', BillingCurrency: 'USD', bps: '2026-10-01 00:00:00', bpe: '2026-11-01 00:00:00', billed: sumDecimals([ce.charges.find((c) => c.date === '2026-10-07' && c.dimensions.LINKED_ACCOUNT === '333333333333' && c.dimensions.SERVICE === SERVICES[1])!.metrics.UnblendedCost]) });
  });

  it('a second pull fetches only the open month: closed months already stored cost nothing', async () => {
    const { db } = tempStore();
    expect((await pull(db, '--from', '2026-09-01', '--to', '2026-11-26', '--today', '2026-11-26')).code).toBe(0);
    aws.fake.reset();
    const again = await pull(db, '--from', '2026-09-01', '--to', '2026-11-26', '--today', '2026-11-26');
    expect(again.stdout.split('\n').slice(1, 4)).toEqual([
      '  fetched: 2026-11',
      '  closed and already stored, not fetched: 2026-09, 2026-10',
      'made 1 Cost Explorer request ($0.01)',
    ]);
    expect(aws.fake.calls('ce').map((r) => r.params.TimePeriod)).toEqual([{ Start: '2026-11-01', End: '2026-11-26' }]);
    expect(again.stdout).toContain('  2026-11: 100 rows, BilledCost ');
    expect(again.stdout).toContain('(replaced 100)');
    const periods = await sqlRows(db, `SELECT x_BillingPeriod AS period, count(*) AS n, count(DISTINCT x_IngestId) AS ingests FROM line_items GROUP BY 1 ORDER BY 1`);
    expect(periods).toEqual([{ period: '2026-09', n: '120', ingests: '1' }, { period: '2026-10', n: '124', ingests: '1' }, { period: '2026-11', n: '100', ingests: '1' }]);
  });

  it('--group-by SERVICE,TAG:team puts the tag in Tags; untagged lines have no key', async () => {
    const { db } = tempStore();
    const run = await pull(db, '--from', '2026-10-01', '--to', '2026-11-01', '--today', '2026-11-26', '--group-by', 'SERVICE,TAG:team', '--metric', 'UnblendedCost');
    expect(run.code).toBe(0);
    expect(aws.fake.calls('ce')[0].params.GroupBy).toEqual([{ Type: 'DIMENSION', Key: 'SERVICE' }, { Type: 'TAG', Key: 'team' }]);
    expect(aws.fake.calls('ce')[0].params.Metrics).toEqual(['UnblendedCost']);
    const rows = await sqlRows(db, `SELECT ServiceName AS service, Tags['team'] AS team, count(*) AS n, CAST(sum(BilledCost) AS VARCHAR) AS billed, CAST(sum(EffectiveCost) AS VARCHAR) AS effective
      FROM line_items GROUP BY 1, 2 ORDER BY 1, 2`);
    const october = ce.charges.filter((c) => c.date.startsWith('2026-10'));
    const sum = (pick: (c: FakeCharge) => boolean) => sumDecimals(october.filter(pick).map((c) => c.metrics.UnblendedCost));
    expect(rows).toEqual([
      { service: SERVICES[0], team: 'payments', n: '31', billed: sum((c) => c.tags?.team === 'payments'), effective: sum((c) => c.tags?.team === 'payments') },
      { service: SERVICES[0], team: 'search', n: '31', billed: sum((c) => c.tags?.team === 'search'), effective: sum((c) => c.tags?.team === 'search') },
      { service: SERVICES[1], team: null, n: '31', billed: sum((c) => c.dimensions.SERVICE === SERVICES[1]), effective: sum((c) => c.dimensions.SERVICE === SERVICES[1]) },
    ]);
    const [untagged] = await sqlRows(db, `SELECT cardinality(Tags) AS keys FROM line_items WHERE ServiceName = '${SERVICES[1]}' LIMIT 1`);
    expect(untagged).toEqual({ keys: '0' });
  });

  it('throttling (LimitExceededException) mid-pagination is retried; the billed requests are still counted once', async () => {
    const { db } = tempStore();
    aws.fake.inject({ service: 'ce', kind: 'throttle', times: 1 });
    const run = await pull(db, '--from', '2026-10-01', '--to', '2026-11-01', '--today', '2026-11-26', '--verbose');
    expect(run.code).toBe(0);
    expect(aws.fake.calls('ce').map((r) => r.fault ?? 'ok')).toEqual(['throttle', 'ok']);
    expect(run.stdout).toContain('made 1 Cost Explorer request ($0.01)');
    expect(run.stderr.split('\n').filter((l) => l.startsWith('aws ')).map((l) => l.replace(/ \d+ ms/, ' N ms'))).toEqual([
      'aws sts GetCallerIdentity N ms',
      'aws ce GetCostAndUsage N ms, 1 retry',
    ]);
  });

  it('rejects bad dates, too many groupings and unknown metrics before calling AWS', async () => {
    const { db } = tempStore();
    const cases: [string[], string][] = [
      [['--from', '2026-13-01', '--to', '2026-11-01'], 'costlens: --from must be a date YYYY-MM-DD; got "2026-13-01"'],
      [['--from', '2026-11-01', '--to', '2026-10-01'], 'costlens: --from (2026-11-01) must be before --to (2026-10-01); --to is exclusive'],
      [['--from', '2026-10-01', '--to', '2026-11-01', '--today', '2026-11-31'], 'costlens: --today must be a date YYYY-MM-DD; got "2026-11-31"'],
      [['--from', '2026-10-01', '--to', '2026-11-01', '--group-by', 'SERVICE,REGION,TAG:team'], "costlens: --group-by takes at most two groupings (Cost Explorer's limit); got SERVICE,REGION,TAG:team"],
      [['--from', '2026-10-01', '--to', '2026-11-01', '--metric', 'BlendedCost'], 'costlens: --metric BlendedCost: use UnblendedCost and/or AmortizedCost'],
      [['--from', '2026-10-01'], 'costlens: pull ce: --from and --to are required'],
    ];
    for (const [args, message] of cases) {
      const run = await pull(db, ...args);
      expect([run.code, run.stderr.split('\n')[0]]).toEqual([2, message]);
    }
    expect(aws.fake.calls()).toEqual([]);
    // The README says so where it lets the CLI leave an end open (it named pull ce among the commands that may).
    const choosing = /\*\*Choosing a period or days\*\*([^]*?)\n\n/.exec(readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8'))![1].replace(/\s+/g, ' ');
    expect(choosing).toContain('The CLI may leave one end open (`--from D` alone), except `pull ce`, which needs both');
  });
});

describe('planCostExplorerPull', () => {
  it('refetches a month stored before its restatement window closed, and merges consecutive months into one range', () => {
    const stored = new Map([['2026-09', new Date('2026-10-02T08:00:00Z')], ['2026-10', new Date('2026-11-20T08:00:00Z')]]);
    const plan = planCostExplorerPull('2026-08-10', '2026-12-15', '2026-11-26', 3, stored);
    expect(plan.months.map((m) => [m.month, m.start, m.end, m.closed, m.action])).toEqual([
      ['2026-08', '2026-08-01', '2026-09-01', true, 'fetch'],
      ['2026-09', '2026-09-01', '2026-10-01', true, 'fetch'],
      ['2026-10', '2026-10-01', '2026-11-01', true, 'stored'],
      ['2026-11', '2026-11-01', '2026-11-26', false, 'fetch'],
      ['2026-12', '2026-12-01', '2026-11-26', false, 'future'],
    ]);
    expect(plan.ranges).toEqual([{ start: '2026-08-01', end: '2026-10-01', months: ['2026-08', '2026-09'] }, { start: '2026-11-01', end: '2026-11-26', months: ['2026-11'] }]);
  });

  it('a month that ended less than restatementDays ago is still open', () => {
    const stored = new Map([['2026-10', new Date('2026-11-02T00:00:00Z')]]);
    expect(planCostExplorerPull('2026-10-01', '2026-11-01', '2026-11-03', 3, stored).months.map((m) => [m.closed, m.action])).toEqual([[false, 'fetch']]);
    expect(planCostExplorerPull('2026-10-01', '2026-11-01', '2026-11-04', 3, stored).months.map((m) => [m.closed, m.action])).toEqual([[true, 'fetch']]);
    expect(planCostExplorerPull('2026-10-01', '2026-11-01', '2026-11-04', 3, new Map([['2026-10', new Date('2026-11-04T00:00:00Z')]])).months.map((m) => m.action)).toEqual(['stored']);
  });
});
