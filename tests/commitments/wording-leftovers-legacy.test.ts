/**
 * The real legacy CUR of November 2023 (data horizon 13 Nov 2023, lines dated up to 14 Nov 03:00):
 * `attribute` and `invoice` name its default period by its days and where the data ends
 * (tests/cli/over-months-legacy-cur.test.ts), but `commitments` said "1–13 Nov 2023 so far, not
 * complete" on its summary line, JSON and page, and `explain` "month to date against the same days
 * of the month before", of a month that ended in 2023. Now each names the days and where the data ends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_LEGACY_CSV, costlens } from '../helpers/cli.ts';
import { appOn, page } from '../server/helpers.ts';
import { textOf } from '../server/page-helpers.ts';

const ENDS = 'the data ends on 13 Nov 2023, the data horizon';
/** Where the data ends, said of the figures of billing period 2023-11, which count its lines dated 14 Nov too (as `invoice` says). */
const ENDS_COUNTED = `${ENDS}; lines dated up to 14 Nov 2023 are counted too`;

describe('commitments and explain on the real legacy CUR: its days, never "so far" or "to date"', () => {
  let db: string;
  let app: CostlensApp;

  beforeAll(async () => {
    db = await cachedStore([[REAL_LEGACY_CSV]]);
    app = appOn(db);
  }, 600_000);
  afterAll(() => app?.close());

  it('commitments: the summary line, the JSON and the page name 1–13 Nov 2023 and where the data ends', async () => {
    const table = await costlens(db, 'commitments');
    expect(table.code, table.stderr).toBe(0);
    // The default period's reason counts the 14 Nov lines as the summary line does: one wording (it said "are in the store too" above "are counted too").
    expect(table.stderr).toBe(`period 2023-11, 1–13 Nov 2023 (${ENDS_COUNTED}): the store holds no complete month yet\n`);
    expect(table.stdout.split('\n')[0]).toBe(`Commitments 2023-11 (1–13 Nov 2023, not complete (${ENDS_COUNTED})): 0 Reserved Instances, 0 Savings Plans`);
    const json = JSON.parse((await costlens(db, 'commitments', '--format', 'json')).stdout);
    expect(json.days).toEqual({ first: '2023-11-01', last: '2023-11-13', count: 13, complete: false, description: `1–13 Nov 2023, not complete (${ENDS_COUNTED})` });
    const html = await (await page(app, '/commitments?period=2023-11')).text();
    expect(textOf(/<p class="as-of" id="period-days">([^]*?)<\/p>/.exec(html)![1])).toBe(`Billing period 2023-11: 1–13 Nov 2023, not complete (${ENDS_COUNTED}).`);
    expect(`${table.stdout}${json.days.description}${textOf(html)}`).not.toMatch(/so far|to date/);
  });

  it('explain with no flags: the days compared are named, not "month to date"', async () => {
    const run = await costlens(db, 'explain');
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n').slice(0, 1)).toEqual(['costlens: --from and --to left out: no default comparison can be made, as the store\'s billing data begins on 1 Nov 2023: '
      + `the latest month's days (${ENDS}; lines dated up to 14 Nov 2023 are in the store too) against the same days of the month before, 1–13 Oct 2023 (13 days) → 1–13 Nov 2023 (13 days): the earlier span is not in the store`]);
    expect(run.stderr).not.toMatch(/to date|so far/);
  });
});
