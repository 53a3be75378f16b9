/**
 * `costlens explain` refuses what it cannot compare, naming it with a hint: spans of unequal length,
 * past the data horizon or before the data, unknown dimensions and options (on the real October and
 * November 2018 CURs); and with no flags on a store of one partial month (the real legacy CUR), it
 * says why no default comparison can be made and gives two equal spans inside the data that run.
 * The figures of explain on the real files: real-files.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_LEGACY_CSV, REAL_NOV_2018, REAL_OCT_2018, costlens } from '../helpers/cli.ts';

describe('costlens explain: bad input is named, with a hint', () => {
  let db: string;
  beforeAll(async () => {
    db = await cachedStore([[REAL_OCT_2018, REAL_NOV_2018]]);
  }, 300_000);

  const cases: [string[], string, string][] = [
    [['--from', '2018-10-01..2018-10-11', '--to', '2018-11-01..2018-11-10'],
      'costlens: --from 1–11 Oct 2018 covers 11 days and --to 1–10 Nov 2018 covers 10: explain compares spans of equal length',
      '  hint: give --from 2018-10-01..2018-10-10, or leave --from out for the 10 days before --to'],
    [['--to', '2018-12'], 'costlens: --to Dec 2018 (full bill, 31 days) runs past the data horizon 30 Nov 2018 (the last complete day in the store)',
      '  hint: compare complete months, or month to date: --to mtd (and --from left out for the same days of the month before)'],
    [['--from', '2018-09', '--to', '2018-10'], 'costlens: --from Sep 2018 (full bill, 30 days) starts before the billing data in the store (from 2018-10-01)',
      '  hint: pick days from 2018-10-01 to 2018-11-30 (e.g. the last 30 days against the 30 before them: --from 2018-10-02..2018-10-31 --to 2018-11-01..2018-11-30), or ingest the earlier billing files'],
    [['--by', 'service,owner'], 'costlens: --by must list dimensions from service, usage_type, resource, account, region, team; got "owner"',
      '  hint: e.g. --by service,usage_type,resource (the default), --by account or --by team,service'],
    [['--by', 'service,service'], 'costlens: --by names a dimension twice: "service,service"', '  hint: run `costlens explain --help` for its options'],
    [['--top', '0'], 'costlens: --top must be an integer ≥ 1; got "0"', '  hint: give a whole number of at least 1, e.g. --top 10 (the default)'],
    [['--cost', 'net'], 'costlens: --cost must be one of billed, effective; got "net"', '  hint: e.g. --cost billed (the default)'],
  ];
  for (const [args, message, hint] of cases) {
    it(`explain ${args.join(' ')}`, async () => {
      const run = await costlens(db, 'explain', ...args);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(`${message}\n${hint ? `${hint}\n` : ''}`);
    });
  }
});

describe('costlens explain on a store of one partial month (the real legacy CUR, 1–14 Nov 2023)', () => {
  it('with no flags it has no earlier month to compare with, and its hint gives two equal spans inside the data that explain runs', async () => {
    const db = await cachedStore([[REAL_LEGACY_CSV]]);
    const run = await costlens(db, 'explain');
    expect(run.code).toBe(2);
    // No month is complete, so month to date is the only default, and its month before is not in the store: the message says --from and --to were left out.
    expect(run.stderr).toBe('costlens: --from and --to left out: no default comparison can be made, as the store\'s billing data begins on 1 Nov 2023: '
      + 'the latest month\'s days (the data ends on 13 Nov 2023, the data horizon; lines dated up to 14 Nov 2023 are in the store too) against the same days of the month before, 1–13 Oct 2023 (13 days) → 1–13 Nov 2023 (13 days): the earlier span is not in the store\n'
      + '  hint: give --from and --to: days from 2023-11-01 to 2023-11-13 (e.g. the last 6 days against the 6 before them: --from 2023-11-02..2023-11-07 --to 2023-11-08..2023-11-13), or ingest the missing billing files\n');
    const suggested = /--from (\S+) --to (\S+)\)/.exec(run.stderr)!;
    const followed = await costlens(db, 'explain', '--from', suggested[1], '--to', suggested[2]);
    expect(followed.code, followed.stderr).toBe(0);
    expect(followed.stdout).toContain('BilledCost, 2–7 Nov 2023 (6 days) → 8–13 Nov 2023 (6 days): 6 days each, data through 13 Nov 2023\nUsage compared: ');
  });
});
