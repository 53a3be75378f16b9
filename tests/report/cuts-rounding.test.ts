/**
 * How a weekly e-mail's cut rounds (src/report/cuts.ts): each week's column is that week's own cut,
 * the largest-remainder rounding of the week's usage (rounded once) over its values, and the change
 * is the difference of the two figures shown. What a reader sums is the columns: each adds up to
 * its week's usage (the Usage row), the changes to the change of the totals; the rows hold two weeks,
 * not parts of a row total. So a week's figure is the same in every e-mail that shows it: this
 * week's "Last week" column is last week's "This week" column, to the cent. The price, on the demo:
 * cost centre CC-4001's usage was exactly $143.0357 in 2026-W44 and $136.7349 in W43, a change of
 * +$6.3008, shown as $143.03 against $136.74, "+$6.29" (the e-mail carries no exact figures; a
 * rounding of the two weeks together would read $136.73, unlike W43's e-mail). Every expected
 * figure is SQL on the same store, rounded here by the documented rule.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadInstanceCatalogue } from '../../src/catalogue/ec2.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { buildWeeklyReports } from '../../src/report/build.ts';
import { parseIsoWeek } from '../../src/report/week.ts';
import { sqlRows } from '../helpers/cli.ts';
import { USAGE_LINE, centsOf, demoConfigs, demoStore, largestRemainder, readTruth, unitsOf } from './helpers.ts';

/** A line's cost centre: its cost_center tag, upper-cased (the demo spells CC-4001 also cc-4001), or (untagged). */
const COST_CENTRE = `coalesce(upper(nullif(trim(Tags['cost_center']), '')), '(untagged)')`;

const W44 = { start: '2026-10-26', end: '2026-11-02' };
const W43 = { start: '2026-10-19', end: '2026-10-26' };

describe('the finance e-mail\'s cost centres, 2026-W44 against W43: each week its own cut, the same in both weeks\' e-mails', () => {
  const demoDir = inject('demoDir');
  let store: { dir: string; db: string };

  beforeAll(async () => {
    store = await demoStore(demoDir);
  });
  afterAll(() => {
    if (store) rmSync(store.dir, { recursive: true, force: true });
  });

  /** A week's usage by cost centre (exact, by SQL), and its cents: largest remainder of the week's usage rounded once. */
  async function weekCut(week: { start: string; end: string }) {
    const within = `ChargePeriodStart >= TIMESTAMP '${week.start}' AND ChargePeriodStart < TIMESTAMP '${week.end}' AND ${USAGE_LINE}`;
    const rows = await sqlRows(store.db, `SELECT ${COST_CENTRE} AS k, CAST(sum(BilledCost) AS VARCHAR) AS v FROM line_items WHERE ${within} GROUP BY 1`);
    const [total] = await sqlRows(store.db, `SELECT CAST(round(sum(BilledCost), 2) AS VARCHAR) AS v FROM line_items WHERE ${within}`);
    const exact = new Map(rows.map((r) => [r.k!, r.v!]));
    return { exact, total: centsOf(total.v), cents: largestRemainder(new Map(rows.map((r) => [r.k!, unitsOf(r.v)])), centsOf(total.v)) };
  }

  it('this week\'s Last week column is W43\'s This week column; each column is its week\'s cut and adds up to its usage; CC-4001 reads $143.03, $136.74, +$6.29', async () => {
    const [now, before] = [await weekCut(W44), await weekCut(W43)];
    expect([now.exact.get('CC-4001'), before.exact.get('CC-4001')]).toEqual(['143.0357123582', '136.7349326752']);
    const configs = demoConfigs(readTruth(demoDir));
    const build = (label: string) => withEngine(store.db, (engine) => buildWeeklyReports(engine, configs, loadInstanceCatalogue(), { week: parseIsoWeek(label), audiences: [{ kind: 'finance' }] }));
    const [w44, w43] = [(await build('2026-W44')).reports[0], (await build('2026-W43')).reports[0]];
    const rows = new Map(w44.split.rows.map((r) => [r.value, r]));
    expect([...rows.keys()].sort()).toEqual([...now.cents.keys()].sort());
    for (const [value, r] of rows) expect([r.current, r.previous, r.change], value).toEqual([now.cents.get(value), before.cents.get(value), r.current - r.previous]);
    expect(new Map(w43.split.rows.map((r) => [r.value, r.current]))).toEqual(new Map(w44.split.rows.map((r) => [r.value, r.previous])));
    expect([w44.split.rows.reduce((s, r) => s + r.current, 0n), w44.split.rows.reduce((s, r) => s + r.previous, 0n)]).toEqual([now.total, before.total]);
    expect([w44.usage!.billed.current, w44.usage!.billed.previous]).toEqual([now.total, before.total]);
    const cc = rows.get('CC-4001')!;
    expect([cc.current, cc.previous, cc.change]).toEqual([14303n, 13674n, 629n]);
  });
});
