import { beforeAll, describe, expect, inject, it } from 'vitest';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { costlens } from '../helpers/cli.ts';

/**
 * Dates outside the billing data are usage errors (exit 2) naming the flag, the value and the
 * data's first and last day, in the words anomalies and forecast use for --as-of ("is outside
 * the billing data in the store (FIRST to LAST)"), instead of an empty result with exit 0.
 * The shared demo (as-of 2026-11-15), CUR 2.0 only: charge days 2026-09-01 to 2026-11-14, so
 * idle and rightsize default to --as-of 2026-11-15 and attribute to --period 2026-10.
 * idle and rightsize look back 30 days (their cost window): an --as-of from 2026-09-02 (the
 * window holds 1 Sep) to 2026-12-14 (it holds 14 Nov) holds a day of the data. Their rules look
 * back on fewer days, which must hold a complete day of it too (as modernise's one day must): idle's
 * shortest rule window is 7 days (to --as-of 2026-11-21, whose 7 days hold 14 Nov), rightsizing's
 * look-back 14 (to 2026-11-28); a later --as-of judged only days past the data horizon and said
 * "0 found". The hints give those days.
 */
const DATA = '(1 Sep – 14 Nov 2026)';
const LAST_AS_OF: Record<string, string> = { idle: '2026-11-21', rightsize: '2026-11-28' };
const asOfHint = (command: string) => `  hint: give a day from 2026-09-02 to ${LAST_AS_OF[command]}, or leave --as-of out for 2026-11-15`
  + ' (the day after 2026-11-14, the last complete day of the billing data)';
const PERIOD_HINT = '  hint: give a period from 2026-09 to 2026-11, or leave --period out for 2026-10';
const DAYS_HINT = '  hint: give days from 2026-09-01 to 2026-11-14 (--to is exclusive: at most --to 2026-11-15), or leave --from/--to out for 2026-10';

describe('dates outside the billing data are usage errors naming the data\'s range', () => {
  let db: string;
  const run = (...args: string[]) => costlens(db, ...args);
  /** Exit code, stdout and the first two lines of stderr (the message and its hint). */
  const refusal = async (...args: string[]) => {
    const r = await run(...args);
    return [r.code, r.stdout, ...r.stderr.split('\n').slice(0, 2)];
  };

  beforeAll(async () => {
    db = await cachedDemoStore(inject('demoDir'), ['cur2']);
  });

  it.each(['idle', 'rightsize'])('%s --as-of after the data, and the first day whose look-back is all after it', async (command) => {
    expect(await refusal(command, '--as-of', '2027-03-01')).toEqual([2, '',
      `costlens: --as-of 2027-03-01 is outside the billing data in the store ${DATA}: the 30 days it looks back on, 30 Jan – 28 Feb 2027, hold none of it`, asOfHint(command)]);
    expect(await refusal(command, '--as-of', '2026-12-15')).toEqual([2, '',
      `costlens: --as-of 2026-12-15 is outside the billing data in the store ${DATA}: the 30 days it looks back on, 15 Nov – 14 Dec 2026, hold none of it`, asOfHint(command)]);
  });

  it('an --as-of whose rules look back on days after the data horizon only is refused as modernise refuses its day, though its cost window holds some of the data', async () => {
    const [idleHint, rightsizeHint] = ['idle', 'rightsize'].map((command) => asOfHint(command).replace(' (the day after 2026-11-14, the last complete day of the billing data)',
      ' (the data horizon 2026-11-14 is the last day looked at)'));
    expect(await refusal('idle', '--as-of', '2026-11-22')).toEqual([2, '', 'costlens: --as-of 2026-11-22 is outside the billing data: the 7 days its shortest rule'
      + ' looks back on (15–21 Nov 2026) must hold a complete day from 1 Sep to 14 Nov 2026', idleHint]);
    expect(await refusal('idle', '--as-of', '2026-12-14', '--format', 'json')).toEqual([2, '', 'costlens: --as-of 2026-12-14 is outside the billing data: the 7 days its shortest rule'
      + ' looks back on (7–13 Dec 2026) must hold a complete day from 1 Sep to 14 Nov 2026', idleHint]);
    expect(await refusal('rightsize', '--as-of', '2026-11-29')).toEqual([2, '', 'costlens: --as-of 2026-11-29 is outside the billing data: its 14-day look-back'
      + ' (15–28 Nov 2026) must hold a complete day from 1 Sep to 14 Nov 2026', rightsizeHint]);
    expect(await refusal('modernise', '--as-of', '2026-11-16')).toEqual([2, '', 'costlens: --as-of 2026-11-16 is outside the billing data: the day before it must be'
      + ' a complete day from 1 Sep to 14 Nov 2026', '  hint: give a day from 2026-09-02 to 2026-11-15, or leave --as-of out for 2026-11-15 (the data horizon 2026-11-14 is the last day looked at)']);
  });

  it.each(['idle', 'rightsize'])('%s --as-of before the data, and on its first day (a look-back all before it)', async (command) => {
    expect(await refusal(command, '--as-of', '2020-01-01')).toEqual([2, '',
      `costlens: --as-of 2020-01-01 is outside the billing data in the store ${DATA}: the 30 days it looks back on, 2–31 Dec 2019, hold none of it`, asOfHint(command)]);
    expect(await refusal(command, '--as-of', '2026-09-01')).toEqual([2, '',
      `costlens: --as-of 2026-09-01 is outside the billing data in the store ${DATA}: the 30 days it looks back on, 2–31 Aug 2026, hold none of it`, asOfHint(command)]);
  });

  it('an --as-of whose look-back holds a day of the data still reports (the first and last such day too)', async () => {
    const idle = await run('idle', '--as-of', '2026-11-10');
    expect([idle.code, idle.stderr]).toEqual([0, '']);
    expect(idle.stdout).toMatch(/^Idle resources as of 10 Nov 2026: 4 found, /);
    const rightsize = await run('rightsize', '--as-of', '2026-11-10');
    expect([rightsize.code, rightsize.stderr]).toEqual([0, '']);
    expect(rightsize.stdout).toMatch(/^Rightsizing as of 10 Nov 2026 \(look-back 27 Oct – 9 Nov 2026\): /);
    for (const command of ['idle', 'rightsize']) {
      for (const asOf of ['2026-09-02', LAST_AS_OF[command]]) expect((await run(command, '--as-of', asOf, '--format', 'json')).code).toBe(0);
    }
  });

  it('a malformed --as-of is still the format error', async () => {
    expect(await refusal('idle', '--as-of', '2027-02-30')).toEqual([2, '', 'costlens: --as-of must be a date YYYY-MM-DD; got "2027-02-30"', '  hint: a calendar day, e.g. --as-of 2026-10-31']);
  });

  it('attribute --period before and after the data', async () => {
    expect(await refusal('attribute', '--tag', 'team', '--period', '2025-01')).toEqual([2, '',
      `costlens: --period 2025-01 (1–31 Jan 2025) is outside the billing data in the store ${DATA}`, PERIOD_HINT]);
    expect(await refusal('attribute', '--tag', 'team', '--period', '2027-01', '--format', 'csv')).toEqual([2, '',
      `costlens: --period 2027-01 (1–31 Jan 2027) is outside the billing data in the store ${DATA}`, PERIOD_HINT]);
    expect(await refusal('attribute', '--tag', 'team', '--period', '2025-01', '--coverage', 'period')).toEqual([2, '',
      `costlens: --period 2025-01 (1–31 Jan 2025) is outside the billing data in the store ${DATA}`, PERIOD_HINT]);
    expect(await refusal('attribute', '--tag', 'team', '--period', '2027-01', '--suggest-aliases')).toEqual([2, '',
      `costlens: --period 2027-01 (1–31 Jan 2027) is outside the billing data in the store ${DATA}`, PERIOD_HINT]);
  });

  it('attribute --from/--to before and after the data (--to exclusive)', async () => {
    expect(await refusal('attribute', '--tag', 'team', '--from', '2026-08-01', '--to', '2026-09-01')).toEqual([2, '',
      `costlens: --from 2026-08-01 --to 2026-09-01 (1–31 Aug 2026) is outside the billing data in the store ${DATA}`, DAYS_HINT]);
    expect(await refusal('attribute', '--tag', 'team', '--from', '2026-08-31', '--to', '2026-09-01')).toEqual([2, '',
      `costlens: --from 2026-08-31 --to 2026-09-01 (31 Aug 2026) is outside the billing data in the store ${DATA}`, DAYS_HINT]);
    expect(await refusal('attribute', '--tag', 'team', '--to', '2026-09-01')).toEqual([2, '',
      `costlens: --to 2026-09-01 (the days before it) is outside the billing data in the store ${DATA}`, DAYS_HINT]);
    expect(await refusal('attribute', '--tag', 'team', '--from', '2026-11-15')).toEqual([2, '',
      `costlens: --from 2026-11-15 is outside the billing data in the store ${DATA}`, DAYS_HINT]);
  });

  it('attribute periods and ranges holding a day of the data still attribute it', async () => {
    for (const range of [['--period', '2026-09'], ['--period', '2026-11'], ['--from', '2026-08-01', '--to', '2026-09-02'], ['--from', '2026-11-14']]) {
      const r = await run('attribute', '--tag', 'team', ...range, '--format', 'json');
      // stderr says only the days of a period the data horizon or the range cuts (2026-09: 1 Sep 2026; 2026-11: 1–14 Nov 2026, or 14 Nov 2026).
      expect([range, r.code, r.stderr.split('\n').filter((line) => line !== '' && !/^2026-(09|11): the rows cover /.test(line))]).toEqual([range, 0, []]);
      // Without a config, one row per raw team value the period's lines carry (18 spellings: payments, paymnets, …) and (untagged).
      expect((JSON.parse(r.stdout) as unknown[]).length).toBe(19);
    }
  });
});
