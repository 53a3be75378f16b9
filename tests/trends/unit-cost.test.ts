import { beforeAll, describe, expect, it } from 'vitest';
import { cachedStoreOf } from '../helpers/cached-text-store.ts';
import { costlens, sqlRows } from '../helpers/cli.ts';
import { days, focusCsvText, type FixtureLine } from './fixtures.ts';

/*
 * Two ISO weeks, Monday 2026-05-04 to Sunday 2026-05-17. Every day: a team=payments line
 * (20 billed, 15 effective) — except Saturday 05-16 —, a team=search line (7, 5) and an untagged
 * line (3, 2). Orders: week 1 has no value on 05-06 and 0 on 05-07; week 2 sums to 600; 05-18
 * has orders but no billing data.
 */
const ORDERS: Record<string, number> = {
  '2026-05-04': 100, '2026-05-05': 120, '2026-05-07': 0, '2026-05-08': 75, '2026-05-09': 50, '2026-05-10': 60,
  '2026-05-11': 100, '2026-05-12': 120, '2026-05-13': 150, '2026-05-14': 80, '2026-05-15': 60, '2026-05-16': 50, '2026-05-17': 40,
  '2026-05-18': 90,
};

const money = (n: number) => n.toFixed(6);
const ratio = (n: number) => n.toFixed(10);

/** A row of `costlens unit-cost --format json`. */
function row(period: string, grain: 'day' | 'week', cost: number | null, units: number | null, opts: { days?: number; metricDays?: number; note?: string | null; measure?: string } = {}) {
  const complete = opts.note === undefined || opts.note === null;
  return {
    [grain]: period,
    days: opts.days ?? 1,
    metricDays: opts.metricDays ?? (units === null ? 0 : 1),
    [`${opts.measure ?? 'effective'}Cost`]: cost === null ? null : money(cost),
    units,
    unitCost: complete && cost !== null && units ? ratio(cost / units) : null,
    note: opts.note ?? null,
  };
}

describe('costlens unit-cost: spend per business unit, per day and per week', () => {
  /** The store of the module's lines and metrics, ingested once per machine (tests/helpers/cached-text-store.ts): only read. */
  let db: string;
  const json = async (...args: string[]) => {
    const run = await costlens(db, 'unit-cost', '--format', 'json', ...args);
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as Record<string, string | number | null>[];
  };

  beforeAll(async () => {
    const lines: FixtureLine[] = [];
    for (const day of days('2026-05-04', '2026-05-17')) {
      if (day !== '2026-05-16') lines.push({ day, service: 'Amazon Elastic Compute Cloud', account: '111', billed: 20, effective: 15, tags: { team: 'payments' } });
      lines.push({ day, service: 'Amazon OpenSearch Service', account: '111', billed: 7, effective: 5, tags: { team: 'search' } });
      lines.push({ day, service: 'Amazon Simple Storage Service', account: '111', billed: 3, effective: 2 });
    }
    // A monthly support fee that posts on Monday 05-11 (recurring, not daily spend), and tax on 05-04.
    lines.push({ day: '2026-05-11', service: 'AWS Support (Business)', account: '111', billed: 300, effective: 300, category: 'Purchase', frequency: 'Recurring', periodEnd: '2026-06-01 00:00:00' });
    lines.push({ day: '2026-05-04', service: 'Tax', account: '111', billed: 12, effective: 12, category: 'Tax', frequency: 'One-Time' });
    const metrics: [string, string, number][] = [
      ...Object.entries(ORDERS).map(([day, n]): [string, string, number] => [day, 'orders', n]),
      ...days('2026-05-04', '2026-05-18').map((day): [string, string, number] => [day, 'api_requests', 1000]),
    ];
    const metricsCsv = ['date,metric,value', ...metrics.map((r) => r.join(','))].join('\n') + '\n';
    ({ db } = await cachedStoreOf([{ name: 'focus.csv', text: focusCsvText(lines) }, { name: 'business-metrics.csv', text: metricsCsv }]));
  });

  it('per day: EffectiveCost of team=payments over orders, a day without orders shown with a null unit cost', async () => {
    expect(await json('--metric', 'orders', '--tag', 'team=payments')).toEqual([
      row('2026-05-04', 'day', 15, 100),
      row('2026-05-05', 'day', 15, 120),
      row('2026-05-06', 'day', 15, null, { note: 'no metric value' }),
      row('2026-05-07', 'day', 15, 0, { note: 'zero units' }),
      row('2026-05-08', 'day', 15, 75),
      row('2026-05-09', 'day', 15, 50),
      row('2026-05-10', 'day', 15, 60),
      row('2026-05-11', 'day', 15, 100),
      row('2026-05-12', 'day', 15, 120),
      row('2026-05-13', 'day', 15, 150),
      row('2026-05-14', 'day', 15, 80),
      row('2026-05-15', 'day', 15, 60),
      row('2026-05-16', 'day', 0, 50),
      row('2026-05-17', 'day', 15, 40),
    ]);
  });

  it('per ISO week: a week with a day missing the metric has no unit cost; a complete week is Σcost / Σunits', async () => {
    expect(await json('--metric', 'orders', '--tag', 'team=payments', '--grain', 'week')).toEqual([
      row('2026-05-04', 'week', 7 * 15, 100 + 120 + 0 + 75 + 50 + 60, { days: 7, metricDays: 6, note: 'no metric value on 1 of 7 days' }),
      row('2026-05-11', 'week', 6 * 15, 600, { days: 7, metricDays: 7 }),
    ]);
  });

  it('without a tag, BilledCost of every usage line; a metric day without billing data has a null cost', async () => {
    expect(await json('--metric', 'orders', '--cost', 'billed', '--grain', 'week', '--from', '2026-05-11', '--to', '2026-05-19')).toEqual([
      row('2026-05-11', 'week', 6 * 30 + 10, 600, { days: 7, metricDays: 7, measure: 'billed' }),
      row('2026-05-18', 'week', null, 90, { days: 1, metricDays: 1, measure: 'billed', note: 'no billing data' }),
    ]);
    expect(await json('--metric', 'api_requests', '--from', '2026-05-16', '--to', '2026-05-17')).toEqual([row('2026-05-16', 'day', 7, 1000)]);
  });

  it('fees, tax and credits post once a period and are not daily spend: left out by default, counted on the day they post with --charges all', async () => {
    const week = (...flags: string[]) => json('--metric', 'api_requests', '--cost', 'billed', '--from', '2026-05-04', '--to', '2026-05-12', ...flags);
    expect(await week()).toEqual([
      row('2026-05-04', 'day', 30, 1000, { measure: 'billed' }), ...days('2026-05-05', '2026-05-10').map((d) => row(d, 'day', 30, 1000, { measure: 'billed' })),
      row('2026-05-11', 'day', 30, 1000, { measure: 'billed' }),
    ]);
    const all = await week('--charges', 'all');
    expect([all[0], all.at(-1)]).toEqual([row('2026-05-04', 'day', 30 + 12, 1000, { measure: 'billed' }), row('2026-05-11', 'day', 30 + 300, 1000, { measure: 'billed' })]);
    const [store] = await sqlRows(db, `SELECT sum(BilledCost) FILTER (WHERE x_ChargeClass = 'usage') AS usage, sum(BilledCost) AS every FROM line_items
      WHERE ChargePeriodStart >= TIMESTAMP '2026-05-04' AND ChargePeriodStart < TIMESTAMP '2026-05-12'`);
    expect([(await week()).reduce((s, r) => s + Number(r.billedCost), 0), all.reduce((s, r) => s + Number(r.billedCost), 0)]).toEqual([Number(store.usage), Number(store.every)]);
    const bad = await costlens(db, 'unit-cost', '--metric', 'orders', '--charges', 'fees');
    expect([bad.code, bad.stderr.split('\n')[0]]).toEqual([2, 'costlens: --charges must be one of usage, all; got "fees"']);
  });

  it('the daily costs reconcile to the tagged line items', async () => {
    const rows = await json('--metric', 'orders', '--tag', 'team=payments', '--cost', 'billed');
    const [total] = await sqlRows(db, `SELECT sum(BilledCost) AS billed FROM line_items WHERE Tags['team'] = 'payments'`);
    expect(rows.reduce((s, r) => s + Number(r.billedCost), 0)).toBe(Number(total.billed));
    expect(Number(total.billed)).toBe(13 * 20);
  });

  it('names an unknown metric, an unmatched tag (normalised, or raw with --raw-tags) and a missing --metric; a key or value spelt otherwise reads the same lines', async () => {
    const metric = await costlens(db, 'unit-cost', '--metric', 'checkouts');
    expect(metric.code).toBe(5);
    expect(metric.stderr).toBe('costlens: no business metric "checkouts" in the store\n  hint: metrics in the store: api_requests, orders\n');
    const tag = await costlens(db, 'unit-cost', '--metric', 'orders', '--tag', 'team=billing');
    expect(tag.code).toBe(5);
    expect(tag.stderr).toBe('costlens: no line item on 4–17 May 2026 carries tag team=billing (normalised as attribution reads team (raw keys team))\n'
      + '  hint: values of team in the range: search, payments\n');
    const raw = await costlens(db, 'unit-cost', '--metric', 'orders', '--tag', 'Team=payments', '--raw-tags');
    expect(raw.code).toBe(5);
    expect(raw.stderr).toContain('no line item on 4–17 May 2026 carries tag Team=payments (raw, as ingested)');
    expect(await json('--metric', 'orders', '--tag', 'Team=Payments ')).toEqual(await json('--metric', 'orders', '--tag', 'team=payments'));
    const none = await costlens(db, 'unit-cost');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('unit-cost needs --metric NAME');
  });

  it('prints a table headed by what it divides', async () => {
    const run = await costlens(db, 'unit-cost', '--metric', 'orders', '--tag', 'team=payments', '--grain', 'week');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('EffectiveCost of usage per orders, lines tagged team=payments, 4–17 May 2026');
    expect(run.stdout).toContain('(2 rows)\nUsage only: fees, tax and credits post once a period and are not daily spend\n(--charges all counts them on the day they post).\n');
  });
});
