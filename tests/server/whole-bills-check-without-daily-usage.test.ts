/**
 * The query API's check of a store without daily usage (src/server/routes/without-daily-usage-queries.ts
 * `wholeBillsCheck`) read the whole report context to learn whether the store holds daily usage:
 * overview/data_range, calendar/data_horizon and calendar/billing_period_days on every store, and
 * calendar/bills_by_class on a store of monthly bills, before every query it could refuse. It now
 * reads what the pages' range checks read (billSpan): calendar/data_horizon alone on a store of
 * daily usage, with calendar/bills_by_class on one without. The answers are the same: on the demo
 * (daily usage) the query runs, on a monthly CUR (the real Oct and Nov 2018 bills, every usage line
 * spanning its month) a query of daily usage is the 404 in its page's words and a range cut inside
 * a month the 400 naming the bounds given, and an empty store is refused nothing.
 */
import { copyFileSync } from 'node:fs';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { QueryService } from '../../src/server/query-service.ts';
import { openStore } from '../../src/store/open.ts';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { sqlRows, tempStore } from '../helpers/cli.ts';
import { monthlyStore } from '../helpers/monthly-store-fixture.ts';
import { exactOf } from '../helpers/shown-cents-rule.ts';
import { appOn } from './helpers.ts';

const HOLDS = "no daily usage: the store's CUR is monthly (every usage line spans its month)";
const HINT = 're-export the CUR at daily or hourly time granularity (the time granularity of the Cost and Usage Report or Data Export) and ingest it; '
  + 'whole monthly bills compare: costlens explain --from 2018-10 --to 2018-11';
const REASON = 'its CUR is monthly, every usage line spanning its month, so its lines are dated to the first of their month and only whole billing periods add up';

type Spied = (...args: unknown[]) => Promise<unknown>;

/** The status and JSON body of one request to a fresh app on `db`, and the queries it ran (DuckDB), by name, in order. */
async function answered(db: string, path: string): Promise<{ status: number; body: { rows?: Record<string, string>[]; error?: unknown }; ran: string[] }> {
  const app: CostlensApp = appOn(db);
  const execute = vi.spyOn(QueryService.prototype as unknown as Record<'execute', Spied>, 'execute');
  try {
    const response = await app.request(path);
    return { status: response.status, body: await response.json(), ran: execute.mock.calls.map((c) => (c[3] as { name: string }).name) };
  } finally {
    execute.mockRestore();
    app.close();
  }
}

describe('the query API reads one query to tell a store of whole monthly bills, with the same answers', () => {
  const demo = tempStore();
  const empty = tempStore();
  let monthly: string;

  beforeAll(async () => {
    copyFileSync(await cachedDemoStore(inject('demoDir'), ['cur2']), demo.db);
    monthly = (await monthlyStore()).db;
    (await openStore(empty.db)).close();
  }, 300_000);

  it('the demo (daily usage): calendar/data_horizon, then the query, whose rows are the store\'s to the cent (it read four queries before)', async () => {
    const { status, body, ran } = await answered(demo.db, '/api/queries/trends/daily_spend?from=2026-11-01&to=2026-11-15');
    expect(status).toBe(200);
    expect(ran).toEqual(['calendar/data_horizon', 'trends/daily_spend']);
    const [sql] = await sqlRows(demo.db, `SELECT CAST(sum(BilledCost) AS VARCHAR) AS billed, count(*) AS lines FROM line_items
      WHERE ChargePeriodStart >= TIMESTAMP '2026-11-01' AND ChargePeriodStart < TIMESTAMP '2026-11-15'`);
    expect(body.rows!.length).toBe(14);
    expect(body.rows!.reduce((s, r) => s + exactOf(r.billed_cost), 0n)).toBe(exactOf(sql.billed!));
    expect(String(body.rows!.reduce((s, r) => s + Number(r.lines), 0))).toBe(sql.lines);
    const range = await answered(demo.db, '/api/queries/explore/spend_by?start=2026-11-05&end=2026-11-12');
    expect([range.status, range.ran]).toEqual([200, ['calendar/data_horizon', 'explore/spend_by']]);
  });

  it('the monthly CUR: calendar/data_horizon and calendar/bills_by_class, then the refusal; the query itself never runs', async () => {
    const daily = await answered(monthly, '/api/queries/trends/daily_spend?from=2018-11-01&to=2018-11-15');
    expect([daily.status, daily.body, daily.ran]).toEqual([404, {
      error: { code: 'not_found', message: `${HOLDS}; the forecast projects the month's usage from its daily run-rate, so it needs a daily or hourly CUR`, hint: HINT },
    }, ['calendar/data_horizon', 'calendar/bills_by_class']]);
    const cut = await answered(monthly, '/api/queries/explore/spend_by?start=2018-11-05&end=2018-12-01');
    expect([cut.status, cut.body, cut.ran]).toEqual([400, {
      error: { code: 'usage', message: `the range start 2018-11-05, end 2018-12-01 cuts a month into days, but the store holds no daily usage: ${REASON}`, hint: 'give start and end on the first of a month (start 2018-11-01, end 2018-12-01)' },
    }, ['calendar/data_horizon', 'calendar/bills_by_class']]);
    const whole = await answered(monthly, '/api/queries/explore/spend_by?start=2018-11-01&end=2018-12-01&top=500');
    expect([whole.status, whole.ran]).toEqual([200, ['calendar/data_horizon', 'calendar/bills_by_class', 'explore/spend_by']]);
    const [sql] = await sqlRows(monthly, `SELECT CAST(sum(BilledCost) AS VARCHAR) AS billed FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '2018-11-01' AND ChargePeriodStart < TIMESTAMP '2018-12-01'`);
    expect(whole.body.rows!.reduce((s, r) => s + exactOf(r.cost), 0n)).toBe(exactOf(sql.billed!));
  });

  it('an empty store is refused nothing; a query that could not be refused reads nothing first', async () => {
    const { status, body, ran } = await answered(empty.db, '/api/queries/trends/daily_spend?from=2026-11-01&to=2026-11-15');
    expect([status, body.rows, ran]).toEqual([200, [], ['calendar/data_horizon', 'calendar/bills_by_class', 'trends/daily_spend']]);
    const calendar = await answered(monthly, '/api/queries/calendar/data_horizon');
    expect([calendar.status, calendar.ran]).toEqual([200, ['calendar/data_horizon']]);
  });
});
