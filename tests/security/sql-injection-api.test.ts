/**
 * Issue #16, item 1, and the injection corpus, through the query API and `costlens query`: every
 * payload in every parameter of every query is refused (400, exit 2) or bound as a value, no file
 * around the store is read or written, and the store's bytes stay the same (tests/helpers/untouched-store.ts).
 * `costlens sql` and the engine itself: sql-injection-cli.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { costlens, sqlRows } from '../helpers/cli.ts';
import { inLanes, watchedHostileStore } from '../helpers/untouched-store.ts';
import { appOn } from '../server/helpers.ts';
import { SECRET_MARKER } from './corpus.ts';

const watched = watchedHostileStore();
const { expectUntouched } = watched;

describe('the query API binds every parameter', () => {
  let app: CostlensApp;
  beforeAll(() => {
    app = appOn(watched.paths.store);
  });
  afterAll(() => app.close());

  /** A valid value for each parameter name the queries use, so that only the one under test varies. */
  const VALID: Record<string, string> = {
    start: '2025-03-01', end: '2025-04-01', from: '2025-03-01', to: '2025-04-01', as_of: '2025-03-31', data_horizon: '2025-03-30', today: '2025-04-15',
    period: '2025-03', id: 'i-0123456789abcdef0', metric: 'orders',
    billing_from: '2025-03-01', billing_to: '2025-04-01', charge_from: '2025-03-01', charge_to: '2025-04-01', data_ends_at: '2025-04-01 00:00:00',
    tag_keys: '["team"]',
    old_from: '2025-02-01', old_to: '2025-03-01', new_from: '2025-03-01', new_to: '2025-04-01',
    namespaces: '["AWS/EC2"]', metric_names: '["CPUUtilization"]',
    dimension: 'service', value: 'Amazon Elastic Compute Cloud',
    services: '["Amazon Elastic Compute Cloud"]', accounts: '["111111111111"]',
  };

  it('every payload in every parameter of every query: 200 with the value bound, or 400; never a 5xx, never a secret, nothing touched', async () => {
    const listing = (await (await app.request('/api/queries')).json()).queries as { name: string; params: { name: string; type: string; oneOf?: string[] }[] }[];
    expect(listing.length).toBeGreaterThanOrEqual(30);
    const statuses = new Map<number, number>();
    // Every wrong answer, listed at the end (an expect per request would cost more than the request).
    const wrong: string[] = [];
    let requests = 0;
    for (const query of listing) {
      const base: Record<string, string> = {};
      // A listed parameter takes its valid value when the query allows it, else the first value it lists.
      for (const param of query.params) {
        if (VALID[param.name]) base[param.name] = !param.oneOf || param.oneOf.includes(VALID[param.name]) ? VALID[param.name] : param.oneOf[0];
      }
      const valid = await app.request(`/api/queries/${query.name}?${new URLSearchParams(base)}`);
      expect(valid.status, query.name).toBe(200);
      // Free-text parameters take each payload together (one query run per payload, each of them
      // bound); every other parameter, the format and an unknown name take it alone.
      const text = query.params.filter((p) => p.type === 'VARCHAR' && !p.oneOf && !VALID[p.name]).map((p) => p.name);
      const targets = [...(text.length ? [text] : []), ...query.params.filter((p) => !text.includes(p.name)).map((p) => [p.name]), ['format'], ['not_a_param']];
      for (const target of targets) {
        const batch = watched.payloads.map(async (payload) => {
          const params = new URLSearchParams({ ...base, ...Object.fromEntries(target.map((name) => [name, payload])) });
          const response = await app.request(`/api/queries/${query.name}?${params}`);
          const body = await response.text();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          if (response.status !== 200 && response.status !== 400) wrong.push(`${query.name} ${target}=${payload}: ${response.status} ${body.slice(0, 200)}`);
          if (body.includes(SECRET_MARKER)) wrong.push(`${query.name} ${target}=${payload}: the secret in the answer`);
        });
        await Promise.all(batch);
        requests += watched.payloads.length;
      }
      expectUntouched(query.name, 'when changed');
    }
    expectUntouched('the query API');
    expect(wrong).toEqual([]);
    expect(requests).toBeGreaterThan(4_000);
    expect(statuses.get(200)).toBeGreaterThan(500);
  }, 900_000);

  it('a payload in a text parameter is a value, not SQL: explore/spend_by reads it as a tag key no line carries', async () => {
    // (store/spend_by_service's period, the free text this test used to fill, now has a pattern= rule: a payload there is a 400.)
    const spendBy = (tagKey: string) => app.request(`/api/queries/explore/spend_by?${new URLSearchParams({ dimension: 'tag', tag_key: tagKey, start: '2025-03-01', end: '2025-04-01' })}`);
    const byTeam = (await (await spendBy('team')).json()).rows as { value: string; cost: string }[];
    expect(byTeam.length).toBeGreaterThan(5);
    const [total] = await sqlRows(watched.paths.store, `SELECT CAST(sum(BilledCost) AS VARCHAR) AS c FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '2025-03-01' AND ChargePeriodStart < TIMESTAMP '2025-04-01'`);
    for (const payload of watched.payloads.filter((p) => !/[\u0000-\u001f]/.test(p) && p.length <= 256)) {
      const response = await spendBy(payload);
      expect(response.status, payload).toBe(200);
      expect(((await response.json()).rows as { value: string; cost: string }[]).map((r) => [r.value, r.cost]), payload).toEqual([['(untagged)', total.c]]);
    }
    const periods = await app.request(`/api/queries/store/spend_by_service?${new URLSearchParams({ period: watched.payloads[0] })}`);
    expect(periods.status).toBe(400);
    expectUntouched('explore/spend_by');
  });

  it('a payload in a parameter with structured rules (one_of=, min=, max= in the header) is refused by the API (400) and by `costlens query` (exit 2), naming the parameter', async () => {
    const listing = (await (await app.request('/api/queries')).json()).queries as { name: string; params: { name: string; oneOf?: string[]; min?: number; max?: number }[] }[];
    const topServices = listing.find((q) => q.name === 'overview/top_services')!;
    expect(topServices.params.filter((p) => p.oneOf || p.min !== undefined).map((p) => [p.name, p.oneOf ?? [p.min, p.max]])).toEqual([['cost', ['billed', 'effective']], ['charges', ['usage', 'all']], ['top', [1, 100]], ['other', ['no', 'yes']]]);
    for (const payload of watched.payloads) {
      for (const name of ['cost', 'charges', 'top', 'other']) {
        const response = await app.request(`/api/queries/overview/top_services?${new URLSearchParams({ as_of: '2025-03-31', [name]: payload })}`);
        const body = await response.text();
        expect(response.status, `${name}=${payload}`).toBe(400);
        expect(JSON.parse(body).error.message, `${name}=${payload}`).toContain(`parameter "${name}" of overview/top_services must be`);
        expect(body).not.toContain(SECRET_MARKER);
      }
      const run = await costlens(watched.paths.store, 'query', 'overview/top_services', '--param', 'as_of=2025-03-31', '--param', `cost=${payload}`, '--format', 'json');
      expect(run.code, payload).toBe(2);
      expect(run.stdout, payload).toBe('');
      expect(run.stderr, payload).toContain('parameter "cost" of overview/top_services must be one of billed, effective; got ');
    }
    expectUntouched('structured rules');
  });

  it('`costlens query` binds them too', async () => {
    // A free-text parameter: explore/spend_by's tag_key (store/spend_by_service's period, used before, now has a pattern= rule).
    const [total] = await sqlRows(watched.paths.store, `SELECT CAST(sum(BilledCost) AS VARCHAR) AS c FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '2025-03-01' AND ChargePeriodStart < TIMESTAMP '2025-04-01'`);
    // Two runs at a time, as in 'reads as before'; the store is checked once all have run.
    await inLanes(watched.payloads, 2, async (payload) => {
      const run = await costlens(watched.paths.store, 'query', 'explore/spend_by', '--param', 'dimension=tag', '--param', `tag_key=${payload}`,
        '--param', 'start=2025-03-01', '--param', 'end=2025-04-01', '--format', 'json');
      expect(run.code, payload).toBe(0);
      expect((JSON.parse(run.stdout) as { value: string; cost: string }[]).map((r) => [r.value, r.cost]), payload).toEqual([['(untagged)', total.c]]);
    });
    expectUntouched('costlens query');
  });
});
