/**
 * `costlens pull ce --dry-run` makes no request at all, as its help says: before, it asked STS
 * GetCallerIdentity for the payer, so without AWS credentials it failed (exit 9) and with them it
 * made a request. The payer is aws.costExplorer.billingAccountId, else the payer of the store's
 * earlier pulls (all of one payer), else unknown; the output says the credentials were not checked.
 * The fake AWS endpoint records every request that reaches it.
 */
import { describe, expect, it, vi } from 'vitest';
import { pullCommand } from '../../src/cli/pull.ts';
import { sqlRows, tempStore } from '../helpers/cli.ts';
import { useFakeCostExplorer } from '../helpers/fake-cost-explorer.ts';
import type { FakeCharge } from '../fakes/aws/cost-explorer.ts';
import { DEFAULT_ACCOUNT } from '../fakes/aws/server.ts';
import { runCommand, writeConfig } from './helpers.ts';

/** One EC2 line a day from 1 Sep to 25 Nov 2026. */
function charges(): FakeCharge[] {
  const out: FakeCharge[] = [];
  for (let day = '2026-09-01'; day < '2026-11-26'; day = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)) {
    out.push({ date: day, dimensions: { SERVICE: 'Amazon Elastic Compute Cloud - Compute', LINKED_ACCOUNT: '222222222222' }, metrics: { UnblendedCost: '1.2500000000', AmortizedCost: '1.0000000000' } });
  }
  return out;
}

const TODAY = ['--today', '2026-11-26'];
const pull = (db: string, ...args: string[]) => runCommand(pullCommand, db, ['ce', ...args, ...TODAY]);

/** Runs `body` with no AWS credentials in the environment (the fake endpoint still set). */
async function withoutCredentials<T>(body: () => Promise<T>): Promise<T> {
  const keys = { AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY };
  vi.stubEnv('AWS_ACCESS_KEY_ID', undefined);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', undefined);
  try {
    return await body();
  } finally {
    for (const [key, value] of Object.entries(keys)) vi.stubEnv(key, value);
  }
}

const aws = useFakeCostExplorer(charges);

describe('costlens pull ce --dry-run', () => {
  it('without credentials, on an empty store: exit 0, every month to fetch, the payer unchecked, and no request', async () => {
    const { db } = tempStore();
    const run = await withoutCredentials(() => pull(db, '--from', '2026-09-01', '--to', '2026-12-01', '--dry-run'));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe([
      'Cost Explorer, payer (account from credentials, not checked in a dry run), grouped by SERVICE, LINKED_ACCOUNT',
      '  would fetch: 2026-09, 2026-10, 2026-11',
      'dry run: would make 1 Cost Explorer request ($0.01), more if results span several pages',
      '',
    ].join('\n'));
    expect(aws.fake.calls()).toEqual([]);
  });

  it('with credentials, after a pull of September: plans for the payer of that pull and asks neither STS nor Cost Explorer', async () => {
    const { db } = tempStore();
    const first = await pull(db, '--from', '2026-09-01', '--to', '2026-10-01');
    expect(first.code, first.stderr).toBe(0);
    // The pull stored September for the credentials' account, 30 days at $1.25.
    expect(await sqlRows(db, `SELECT BillingAccountId AS payer, x_BillingPeriod AS period, CAST(sum(BilledCost) AS VARCHAR) AS billed FROM line_items GROUP BY 1, 2`))
      .toEqual([{ payer: DEFAULT_ACCOUNT, period: '2026-09', billed: '37.5000000000' }]);
    aws.fake.reset();
    const dry = await pull(db, '--from', '2026-08-01', '--to', '2026-12-01', '--dry-run', '--verbose');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toBe([
      `Cost Explorer, payer ${DEFAULT_ACCOUNT} (the payer of the store's earlier pulls; account from credentials, not checked in a dry run), grouped by SERVICE, LINKED_ACCOUNT`,
      '  would fetch: 2026-08, 2026-10, 2026-11',
      '  closed and already stored, not fetched: 2026-09',
      // The count and dollars hold for that payer's credentials only, and say so where they are: August alone, then October and
      // November (2 ranges, $0.02); another payer has no month stored, so August to November is one range (1 request, $0.01).
      `dry run: would make 2 Cost Explorer requests ($0.02) if the credentials are payer ${DEFAULT_ACCOUNT}'s, as the store's earlier pulls were`
        + ' (not checked: a dry run asks AWS nothing); for another payer\'s, 2026-09 is fetched too: 1 Cost Explorer request ($0.01) in all;'
        + ' more if results span several pages',
      '',
    ].join('\n'));
    expect(dry.stderr).toBe('');
    expect(aws.fake.calls()).toEqual([]);
  });

  it('the payer of earlier pulls, but none of its months stored in the range: the count holds for any credentials, no caveat beside the dollars', async () => {
    const { db } = tempStore();
    expect((await pull(db, '--from', '2026-09-01', '--to', '2026-10-01')).code).toBe(0);
    aws.fake.reset();
    const dry = await pull(db, '--from', '2026-10-01', '--to', '2026-12-01', '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout.split('\n').slice(1, 3)).toEqual([
      '  would fetch: 2026-10, 2026-11',
      'dry run: would make 1 Cost Explorer request ($0.01), more if results span several pages',
    ]);
    expect(aws.fake.calls()).toEqual([]);
  });

  it('aws.costExplorer.billingAccountId names the payer: its stored months count, no note, no request, without credentials', async () => {
    const { db } = tempStore();
    const config = writeConfig({ aws: { costExplorer: { billingAccountId: '999999999999' } } });
    expect((await pull(db, '--from', '2026-10-01', '--to', '2026-11-01', '--config', config)).code).toBe(0);
    aws.fake.reset();
    const dry = await withoutCredentials(() => pull(db, '--from', '2026-09-01', '--to', '2026-11-26', '--dry-run', '--config', config));
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout.split('\n').slice(0, 4)).toEqual([
      'Cost Explorer, payer 999999999999, grouped by SERVICE, LINKED_ACCOUNT',
      '  would fetch: 2026-09, 2026-11',
      '  closed and already stored, not fetched: 2026-10',
      'dry run: would make 2 Cost Explorer requests ($0.02), more if results span several pages',
    ]);
    expect(aws.fake.calls()).toEqual([]);
  });

  it('a store holding pulls of two payers: none of their months counts as stored, and the output names both', async () => {
    const { db } = tempStore();
    for (const payer of ['888888888888', '999999999999']) {
      const config = writeConfig({ aws: { costExplorer: { billingAccountId: payer } } });
      expect((await pull(db, '--from', '2026-10-01', '--to', '2026-11-01', '--config', config)).code).toBe(0);
    }
    aws.fake.reset();
    const dry = await withoutCredentials(() => pull(db, '--from', '2026-10-01', '--to', '2026-11-01', '--dry-run'));
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout.split('\n').slice(0, 3)).toEqual([
      'Cost Explorer, payer (account from credentials, not checked in a dry run; the store holds pulls of payers 888888888888, 999999999999, so no month counts as stored: set aws.costExplorer.billingAccountId to plan for one), grouped by SERVICE, LINKED_ACCOUNT',
      '  would fetch: 2026-10',
      'dry run: would make 1 Cost Explorer request ($0.01), more if results span several pages',
    ]);
    expect(aws.fake.calls()).toEqual([]);
  });
});
