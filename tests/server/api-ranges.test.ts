/**
 * A reversed range is refused wherever a query's parameters are checked: the query and analysis
 * APIs answer 400 with the usual error JSON naming the end bound (`end`, `to`, `charge_to` …) and
 * its start, `costlens query` exits 2 with the same message, and the Athena engine refuses it before
 * anything is sent. The bounds are paired by name once for every query (src/engine/queries.ts
 * `rangeBounds`), and the listings name each end bound's start (`notBefore`). An end equal to its
 * start is an empty half-open range, answered with no rows. On the demo store (1 Sep – 14 Nov 2026).
 */
import { copyFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AthenaEngine } from '../../src/engine/athena.ts';
import { queryRegistry } from '../../src/engine/query-registry.ts';
import { rangeBounds } from '../../src/engine/queries.ts';
import type { CostlensApp } from '../../src/server/app.ts';
import { fastAwsConfig } from '../aws/helpers.ts';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { costlens, sqlRows, tempStore } from '../helpers/cli.ts';
import { appOn } from './helpers.ts';

const DEMO_TODAY = new Date('2026-11-15T09:00:00Z');

const EXPLORE_HINT = 'start: the first charge day (inclusive); end: the day after the last (exclusive)';
const STORAGE_HINT = 'from: first charge day included; to: first charge day excluded';

describe('a range whose end precedes its start is a 400 naming the end bound', () => {
  const { db } = tempStore();
  let app: CostlensApp;

  beforeAll(async () => {
    copyFileSync(await cachedDemoStore(inject('demoDir'), ['cur2']), db);
    app = appOn(db, { clock: () => DEMO_TODAY });
  });
  afterAll(() => app.close());

  const get = async (path: string) => {
    const response = await app.request(path);
    return { status: response.status, type: response.headers.get('content-type'), body: await response.json() };
  };

  it.each([
    ['/api/analyses/explore/spend_by?start=2026-10-01&end=2026-09-01', 'parameter "end" of explore/spend_by must be on or after start (2026-10-01); got "2026-09-01"', EXPLORE_HINT],
    ['/api/queries/explore/spend_by?start=2026-10-01&end=2026-09-01', 'parameter "end" of explore/spend_by must be on or after start (2026-10-01); got "2026-09-01"', EXPLORE_HINT],
    ['/api/analyses/explore/daily_spend_by?start=2026-11-02&end=2026-11-01&raw_tags=1', 'parameter "end" of explore/daily_spend_by must be on or after start (2026-11-02); got "2026-11-01"', EXPLORE_HINT],
    ['/api/queries/overview/daily_spend_by_service?start=2026-10-01&end=2026-09-01&first_provisional_day=2026-11-12', 'parameter "end" of overview/daily_spend_by_service must be on or after start (2026-10-01); got "2026-09-01"', EXPLORE_HINT],
    ['/api/queries/storage/monthly_cost_by_class?from=2026-10-01&to=2026-09-01', 'parameter "to" of storage/monthly_cost_by_class must be on or after from (2026-10-01); got "2026-09-01"', STORAGE_HINT],
    ['/api/queries/storage/monthly_cost_by_class?from=2026-10-01&to=2026-09-30&format=csv', 'parameter "to" of storage/monthly_cost_by_class must be on or after from (2026-10-01); got "2026-09-30"', STORAGE_HINT],
    ['/api/queries/invoice/by_charge_class?charge_from=2026-10-01&charge_to=2026-09-01', 'parameter "charge_to" of invoice/by_charge_class must be on or after charge_from (2026-10-01); got "2026-09-01"',
      'charge_from: first charge date included; charge_to: charges starting before this date are included'],
    ['/api/queries/invoice/by_charge_class?billing_from=2026-10-01&billing_to=2026-09-01&charge_from=2026-09-01&charge_to=2026-10-01', 'parameter "billing_to" of invoice/by_charge_class must be on or after billing_from (2026-10-01); got "2026-09-01"',
      'billing_from: first billing period start included; billing_to: billing period starts before this date are included'],
    // TIMESTAMP bounds compare as instants, whichever ISO spelling.
    ['/api/queries/commitments/eligible_on_demand_hourly?charge_from=2026-10-01T12:00&charge_to=2026-10-01%2011:59:59', 'parameter "charge_to" of commitments/eligible_on_demand_hourly must be on or after charge_from (2026-10-01T12:00); got "2026-10-01 11:59:59"',
      'charge_from: first charge period start included; charge_to: charge periods starting before this are included'],
  ])('GET %s', async (path, message, hint) => {
    const answer = await get(path);
    expect(answer.status).toBe(400);
    expect(answer.type).toMatch(/^application\/json/);
    expect(answer.body.error).toEqual({ code: 'usage', message, hint });
  });

  it('an end equal to its start is an empty range: 200, no rows; a range in order answers its rows', async () => {
    for (const path of [
      '/api/analyses/explore/spend_by?start=2026-10-01&end=2026-10-01',
      '/api/queries/overview/daily_spend_by_service?start=2026-10-01&end=2026-10-01',
      '/api/queries/storage/monthly_cost_by_class?from=2026-10-01&to=2026-10-01',
    ]) {
      const answer = await get(path);
      expect(answer.status, path).toBe(200);
      expect(answer.body.rows, path).toEqual([]);
    }
    // September 2026's rows: the 8 services billed, the 6 with usage on each of the 30 days, the 5 storage services and classes.
    for (const [path, rows] of [
      ['/api/analyses/explore/spend_by?start=2026-09-01&end=2026-10-01', 8],
      ['/api/queries/overview/daily_spend_by_service?start=2026-09-01&end=2026-10-01&first_provisional_day=2026-09-28', 6 * 30],
      ['/api/queries/storage/monthly_cost_by_class?from=2026-09-01&to=2026-10-01', 5],
    ] as const) {
      const answer = await get(path);
      expect(answer.status, path).toBe(200);
      expect(answer.body.rows.length, path).toBe(rows);
    }
  });

  it('the listings name each end bound\'s start (notBefore)', async () => {
    const { queries } = await get('/api/queries').then((a) => a.body);
    const params = (name: string) => queries.find((q: { name: string }) => q.name === name).params as { name: string; notBefore?: string }[];
    const bounds = (name: string) => params(name).filter((p) => p.notBefore).map((p) => [p.name, p.notBefore]);
    expect(bounds('explore/spend_by')).toEqual([['end', 'start']]);
    expect(bounds('storage/monthly_cost_by_class')).toEqual([['to', 'from']]);
    expect(bounds('invoice/by_charge_class')).toEqual([['billing_to', 'billing_from'], ['charge_to', 'charge_from']]);
    expect(bounds('explain/cost_drivers')).toEqual([
      ['old_billing_to', 'old_billing_from'], ['old_charge_to', 'old_charge_from'], ['new_billing_to', 'new_billing_from'], ['new_charge_to', 'new_charge_from'],
    ]);
    expect(bounds('alerts/alerts_sent')).toEqual([]);
    const { analyses } = await get('/api/analyses').then((a) => a.body);
    const spendBy = analyses.find((a: { name: string }) => a.name === 'explore/spend_by').params as { name: string; notBefore?: string }[];
    expect(spendBy.filter((p) => p.notBefore).map((p) => [p.name, p.notBefore])).toEqual([['end', 'start']]);
  });

  it('(README, Query API) every JSON cell is text or null, whatever its type: a DOUBLE "4", a BOOLEAN "false"; `columns` gives each type', async () => {
    const { status, body } = await get('/api/queries/commitments/utilisation?billing_from=2026-10-01&billing_to=2026-11-01');
    expect(status).toBe(200);
    const types = Object.fromEntries(body.columns.map((c: { name: string; type: string }) => [c.name, c.type]));
    expect([types.reservations, types.cut, types.purchased_hours, types.billing_period]).toEqual(['DOUBLE', 'BOOLEAN', 'DECIMAL(38,10)', 'DATE']);
    const cells = body.rows.flatMap((row: Record<string, unknown>) => Object.values(row));
    expect(cells.filter((cell: unknown) => cell !== null && typeof cell !== 'string')).toEqual([]);
    // The demo's one reserved instance: 4 reservations (x_ReservationNumberOfReservations), 2,976 hours (4 × 31 × 24); the Savings Plan has neither.
    const [held] = await sqlRows(db, `SELECT max(x_ReservationNumberOfReservations) AS n FROM line_items WHERE x_LineItemType = 'RIFee' AND BillingPeriodStart = TIMESTAMP '2026-10-01'`);
    expect(held.n).toBe('4');
    expect(body.rows.map((r: Record<string, string | null>) => [r.commitment_type, r.reservations, r.cut, r.purchased_hours, r.billing_period])).toEqual([
      ['Reserved Instance', '4', 'false', '2976.0000000000', '2026-10-01'],
      ['Savings Plan', null, 'false', null, '2026-10-01'],
    ]);
  });

  it('an analysis that takes no parameter says so when given one (its hint read "its parameters: " and nothing after it)', async () => {
    const { status, body } = await get('/api/analyses/commitments/over_time?period=2026-10');
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ message: 'commitments/over_time takes no parameter "period"', hint: 'it takes no parameters' });
  });

  it('`costlens query` refuses it too (exit 2, the same message), before the store is opened', async () => {
    const run = await costlens(db, 'query', 'storage/monthly_cost_by_class', '--param', 'from=2026-10-01', '--param', 'to=2026-09-01', '--format', 'json');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('parameter "to" of storage/monthly_cost_by_class must be on or after from (2026-10-01); got "2026-09-01"');
    // A bound left to its default counts: invoice/by_charge_class's billing_from is 1000-01-01 unless given (the CLI takes years before 1000; the server does not).
    const early = await costlens(db, 'query', 'invoice/by_charge_class', '--param', 'billing_to=0999-12-31', '--format', 'json');
    expect(early.code).toBe(2);
    expect(early.stderr).toContain('parameter "billing_to" of invoice/by_charge_class must be on or after billing_from (1000-01-01); got "0999-12-31"');
    const ok = await costlens(db, 'query', 'storage/monthly_cost_by_class', '--param', 'from=2026-10-01', '--param', 'to=2026-10-01', '--format', 'json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual([]);
  });
});

describe('range bounds are paired by name, once for every query', () => {
  it('every `…to`/`…end` DATE or TIMESTAMP parameter of queries/ has its start, and every start its end (alerts_sent lists sends from a day on)', () => {
    const unpaired: string[] = [];
    for (const query of queryRegistry().queries) {
      const paired = new Set(rangeBounds(query.params).flatMap((r) => [r.start, r.end]));
      for (const p of query.params) {
        if (/(^|_)(start|end|from|to)$/.test(p.name) && (p.type === 'DATE' || p.type === 'TIMESTAMP') && !paired.has(p.name)) unpaired.push(`${query.name} ${p.name}`);
      }
    }
    expect(unpaired).toEqual(['alerts/alerts_sent from']);
  });

  it('pairs only bounds of the same prefix and type', () => {
    const param = (name: string, type: 'DATE' | 'TIMESTAMP' | 'VARCHAR' = 'DATE') => ({ name, type, description: '' });
    expect(rangeBounds([param('start'), param('end'), param('from'), param('to'), param('old_from'), param('old_to'), param('backend'), param('x_from'), param('y_to')]))
      .toEqual([{ start: 'start', end: 'end' }, { start: 'from', end: 'to' }, { start: 'old_from', end: 'old_to' }]);
    expect(rangeBounds([param('from', 'DATE'), param('to', 'TIMESTAMP'), param('start', 'VARCHAR'), param('end', 'VARCHAR')])).toEqual([]);
  });
});

describe('the Athena engine', () => {
  it('refuses a reversed range before any call to AWS', async () => {
    const calls: unknown[] = [];
    const engine = AthenaEngine.fromConfig({
      aws: fastAwsConfig({ athena: { createView: false, workgroup: 'finops', database: 'cur', curTable: 'cur2_export', viewName: 'line_items', outputLocation: 's3://athena-results-111111111111/costlens/' } }),
      // Were anything sent, it would go to a closed local port, never to AWS.
      env: { ...process.env, AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_REGION: 'us-east-1' },
      onCall: (call) => calls.push(call),
    });
    try {
      await expect(engine.run('storage/monthly_cost_by_class', { from: '2026-10-01', to: '2026-09-01' }))
        .rejects.toMatchObject({ code: 'usage', message: 'parameter "to" of storage/monthly_cost_by_class must be on or after from (2026-10-01); got "2026-09-01"' });
      expect(calls).toEqual([]);
    } finally {
      await engine.close();
    }
  });
});
