/**
 * Cross-parameter rules of query headers (`-- @requires tag_key when dimension=tag`,
 * src/engine/query-requires.ts), checked in one place for `costlens query` and the query API.
 * Before them, `/api/queries/explore/spend_by?dimension=tag&start=2018-10-01&end=2018-11-01` (no
 * tag_key) answered 200 with one row, "(untagged)", the whole of October's 4064.4831315379 at
 * 100 %: the query grouped by the tag named "-" (tag_key's default), which no line carries. The
 * analysis API (/api/analyses/explore/…) already refused it; the plain query API now does too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { REAL_OCT_2018, costlens, sqlRows } from '../helpers/cli.ts';
import { apiRows, appOn, ingestedStore } from './helpers.ts';

const OCTOBER = 'start=2018-10-01&end=2018-11-01';
const list = (values: string[]) => encodeURIComponent(JSON.stringify(values));
const cents = (text: string) => BigInt(text.replace('.', ''));

describe('the query API and `costlens query` refuse a tag dimension or tag filter without tag_key (the real October 2018 file)', () => {
  let db: string;
  let app: CostlensApp;

  beforeAll(async () => {
    ({ db } = await ingestedStore(REAL_OCT_2018));
    app = appOn(db);
  });
  afterAll(() => app.close());

  it('400 naming tag_key, for explore/spend_by and explore/daily_spend_by, whichever of dimension=tag or tag_filter calls for it', async () => {
    const cases: [string, string][] = [
      [`dimension=tag&${OCTOBER}`, 'dimension=tag: give the tag key to group by'],
      [`dimension=tag&tag_key=-&${OCTOBER}`, 'dimension=tag: give the tag key to group by'],
      [`dimension=tag&tag_key=%20&${OCTOBER}`, 'dimension=tag: give the tag key to group by'],
      [`dimension=tag&tag_filter=${list(['Cost001'])}&${OCTOBER}`, 'dimension=tag: give the tag key to group by'],
      [`dimension=service&tag_filter=${list(['Cost001'])}&${OCTOBER}`, 'tag_filter: give the tag key whose values tag_filter lists'],
    ];
    for (const name of ['spend_by', 'daily_spend_by']) {
      for (const [query, needs] of cases) {
        const response = await app.request(`/api/queries/explore/${name}?${query}`);
        expect(response.status, `${name}?${query}`).toBe(400);
        const { error } = await response.json();
        expect([error.code, error.message], `${name}?${query}`).toEqual(['usage', `parameter "tag_key" of explore/${name} is needed with ${needs}`]);
        expect(error.hint).toBe('tag_key: the tag key to group by when dimension is tag, and whose values tag_filter lists');
      }
    }
  });

  it('`costlens query` refuses the same with exit 2 and the same message', async () => {
    for (const name of ['spend_by', 'daily_spend_by']) {
      const run = await costlens(db, 'query', `explore/${name}`, '--param', 'dimension=tag', '--param', 'start=2018-10-01', '--param', 'end=2018-11-01');
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`parameter "tag_key" of explore/${name} is needed with dimension=tag: give the tag key to group by`);
      const filtered = await costlens(db, 'query', `explore/${name}`, '--param', 'tag_filter=["Cost001"]', '--param', 'start=2018-10-01', '--param', 'end=2018-11-01');
      expect(filtered.code).toBe(2);
      expect(filtered.stderr).toContain(`parameter "tag_key" of explore/${name} is needed with tag_filter: give the tag key whose values tag_filter lists`);
    }
  });

  it('with tag_key the tag filter answers the lines SQL finds carrying that value; an empty tag_filter needs no key and keeps the whole month', async () => {
    const [check] = await sqlRows(db, `SELECT sum(BilledCost) AS total, count(*) AS lines FROM line_items
      WHERE ChargePeriodStart >= TIMESTAMP '2018-10-01' AND ChargePeriodStart < TIMESTAMP '2018-11-01' AND Tags['cost_center'] = 'Cost001'`);
    expect(check).toEqual({ total: '174.8049056859', lines: '23424' });
    const rows = await apiRows(await app.request(`/api/queries/explore/spend_by?dimension=service&tag_key=cost_center&tag_filter=${list(['Cost001'])}&top=500&${OCTOBER}`));
    expect(rows.reduce((sum, r) => sum + cents(r.cost!), 0n)).toBe(cents(check.total!));
    expect(rows.reduce((n, r) => n + Number(r.lines), 0)).toBe(23424);
    const whole = await apiRows(await app.request(`/api/queries/explore/spend_by?dimension=service&tag_filter=${list([])}&top=500&${OCTOBER}`));
    expect(whole.reduce((sum, r) => sum + cents(r.cost!), 0n)).toBe(cents('4064.4831315379'));
  });
});
