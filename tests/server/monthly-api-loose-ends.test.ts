/**
 * Three loose ends of stores without daily usage (the real Oct and Nov 2018 CURs at monthly time
 * granularity, tests/helpers/monthly-store-fixture.ts):
 * - `costlens anomalies` said "anomalies need a daily or hourly CUR" where the query API's
 *   anomaly query said "anomaly events compare days of usage, so they need …", and `costlens
 *   forecast` "forecast needs …" where the query it fits its run-rate on (trends/daily_spend) said
 *   "daily trends sum spend by charge day, so they need …": one constant each now
 *   (ANOMALIES_NEED, FORECAST_NEED), said alike by the command and the API.
 * - `GET /api/queries` listed each query's `requires` but not what it does on such a store: each
 *   entry now carries `withoutDailyUsage` (answered, whole months only, or refused), and every
 *   query does as listed.
 * - Explore on a store holding only October opened on 1–31 Oct labelled "Month to date", a month
 *   that is over: it is "Last month" now, on a monthly store and a daily one alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANOMALIES_NEED } from '../../src/analyze/anomalies/index.ts';
import { FORECAST_NEED } from '../../src/analyze/forecast/index.ts';
import type { CostlensApp } from '../../src/server/app.ts';
import { contextFor } from '../../src/server/context.ts';
import { presetLabel, presetOf } from '../../src/server/features/explore/range.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { costlens, duckdbRows, REAL_OCT_2018 } from '../helpers/cli.ts';
import { fileSums, monthlyCurFiles, monthlyStore } from '../helpers/monthly-store-fixture.ts';
import { appOn, page } from './helpers.ts';
import { textOf } from './page-helpers.ts';

/** The presets' horizon at `day` in a store of one delivery: the last complete month by the calendar (contextFor). */
const at = (day: string) => contextFor(day, { lines: 0 }, day);

const ANOMALIES_WORDS = "anomalies compare each day's usage with the median of its trailing days, so they need";
const FORECAST_WORDS = "the forecast projects the month's usage from its daily run-rate, so it needs";
const KPI_WORDS = 'efficiency KPIs read usage lines, so they need';
const HOLDS = "no daily usage: the store's CUR is monthly (every usage line spans its month)";
const HINT = 're-export the CUR at daily or hourly time granularity (the time granularity of the Cost and Usage Report or Data Export) and ingest it; '
  + 'whole monthly bills compare: costlens explain --from 2018-10 --to 2018-11';
const refusedWith = (words: string) => ({ error: { code: 'not_found', message: `${HOLDS}; ${words} a daily or hourly CUR`, hint: HINT } });

type Listing = { rule: 'answered' } | { rule: 'whole-months'; bounds: string[] } | { rule: 'refused'; needs: string };
type Listed = { name: string; params: { name: string; type: string; required: boolean; oneOf?: string[] }[]; withoutDailyUsage: Listing };

/** A valid value of each parameter a query may require, on month bounds of Nov 2018 (the store's bills). */
const VALID: Record<string, string> = {
  start: '2018-11-01', end: '2018-12-01', from: '2018-11-01', to: '2018-12-01', as_of: '2018-11-30', data_horizon: '2018-11-30', today: '2018-12-15',
  charge_from: '2018-11-01', charge_to: '2018-12-01', billing_from: '2018-11-01', billing_to: '2018-12-01', data_ends_at: '9999-12-31',
  old_from: '2018-10-01', old_to: '2018-11-01', new_from: '2018-11-01', new_to: '2018-12-01',
  old_charge_from: '2018-10-01', old_charge_to: '2018-11-01', new_charge_from: '2018-11-01', new_charge_to: '2018-12-01',
  old_billing_from: '2018-10-01', old_billing_to: '2018-11-01', new_billing_from: '2018-11-01', new_billing_to: '2018-12-01',
  period: '2018-11', id: 'i-0123456789abcdef0', metric: 'orders', tag_keys: '["Owner"]', service: 'Amazon Elastic Compute Cloud',
  services: '["Amazon Elastic Compute Cloud"]', accounts: '[]', namespaces: '["AWS/EC2"]', metric_names: '["CPUUtilization"]', tag_key: 'Owner',
};

describe('a monthly CUR (the real Oct and Nov 2018 bills, every usage line spanning its month)', () => {
  let db: string;
  let app: CostlensApp;
  let byName: Record<string, Listed>;

  beforeAll(async () => {
    ({ db } = await monthlyStore());
    app = appOn(db);
    const { queries } = await (await app.request('/api/queries')).json() as { queries: Listed[] };
    byName = Object.fromEntries(queries.map((q) => [q.name, q]));
  }, 300_000);
  afterAll(() => app?.close());

  it('anomalies and the forecast say what they need in one set of words, the command and the query API alike', async () => {
    expect([ANOMALIES_NEED, FORECAST_NEED]).toEqual([ANOMALIES_WORDS, FORECAST_WORDS]);
    const cases = [
      [ANOMALIES_WORDS, [['anomalies'], ['anomalies', '--by-day', '--format', 'csv'], ['anomalies', '--as-of', '2018-11-15']],
        ['/api/queries/anomalies/event_lines?services=["Amazon Elastic Compute Cloud"]&accounts=[]&from=2018-11-01&to=2018-12-01',
          '/api/queries/trends/daily_spend_by_service_and_account?from=2018-11-01&to=2018-12-01']],
      [FORECAST_WORDS, [['forecast'], ['forecast', '--daily', '--format', 'json'], ['forecast', '--as-of', '2018-11-15']],
        ['/api/queries/trends/daily_spend?from=2018-11-01&to=2018-12-01', '/api/queries/trends/daily_spend?from=2018-11-01&to=2018-12-01&format=csv']],
    ] as const;
    for (const [words, commands, paths] of cases) {
      for (const args of commands) {
        const run = await costlens(db, ...args);
        expect([run.code, run.stdout, run.stderr], args.join(' ')).toEqual([5, '', `costlens: ${HOLDS}; ${words} a daily or hourly CUR\n  hint: ${HINT}\n`]);
      }
      for (const path of paths) {
        const response = await app.request(path);
        expect([response.status, await response.json()], path).toEqual([404, refusedWith(words)]);
      }
    }
  });

  it('GET /api/queries lists each query\'s rule on a store without daily usage: answered, whole months (naming the bounds) or refused (naming what it needs)', () => {
    const listed = (name: string) => byName[name].withoutDailyUsage;
    expect(listed('explore/spend_by')).toEqual({ rule: 'whole-months', bounds: ['start', 'end'] });
    expect(listed('trends/spend_by_class_and_service')).toEqual({ rule: 'whole-months', bounds: ['from', 'to'] });
    // Billing periods are whole bills whatever day names them: only the charge days are bounds.
    expect(listed('invoice/by_charge_class')).toEqual({ rule: 'whole-months', bounds: ['charge_from', 'charge_to'] });
    expect(listed('explain/cost_drivers')).toEqual({ rule: 'whole-months', bounds: ['old_charge_from', 'old_charge_to', 'new_charge_from', 'new_charge_to'] });
    expect(listed('trends/daily_spend')).toEqual({ rule: 'refused', needs: FORECAST_WORDS });
    expect(listed('anomalies/event_lines')).toEqual({ rule: 'refused', needs: ANOMALIES_WORDS });
    expect(listed('kpi/ec2_compute_by_type')).toEqual({ rule: 'refused', needs: KPI_WORDS });
    expect(listed('calendar/bills_by_class')).toEqual({ rule: 'answered' });
    expect(listed('resource/daily_metrics')).toEqual({ rule: 'answered' });
    const rules = Object.values(byName).map((q) => q.withoutDailyUsage.rule);
    expect(new Set(rules)).toEqual(new Set(['answered', 'whole-months', 'refused']));
    expect(rules.length).toBeGreaterThan(60);
  });

  it('every query does as it is listed: refused is the 404 saying what it needs; whole months answer on month bounds and refuse each bound cut inside a month; answered answers any day', async () => {
    const wrong: string[] = [];
    const checked = { refused: 0, 'whole-months': 0, answered: 0, bounds: 0, answeredWithDays: 0 };
    for (const query of Object.values(byName)) {
      checked[query.withoutDailyUsage.rule] += 1;
      const base: Record<string, string> = {};
      for (const param of query.params) {
        if (VALID[param.name] !== undefined) base[param.name] = !param.oneOf || param.oneOf.includes(VALID[param.name]) ? VALID[param.name] : param.oneOf[0];
      }
      const ask = async (params: Record<string, string>) => {
        const response = await app.request(`/api/queries/${query.name}?${new URLSearchParams(params)}`);
        return { status: response.status, body: await response.json() };
      };
      const listed = query.withoutDailyUsage;
      const valid = await ask(base);
      if (listed.rule === 'refused') {
        if (JSON.stringify([valid.status, valid.body]) !== JSON.stringify([404, refusedWith(listed.needs)])) wrong.push(`${query.name}: ${valid.status} ${JSON.stringify(valid.body).slice(0, 200)}`);
        continue;
      }
      if (valid.status !== 200) wrong.push(`${query.name} on month bounds: ${valid.status} ${JSON.stringify(valid.body).slice(0, 200)}`);
      const dates = query.params.filter((p) => p.type === 'DATE').map((p) => p.name);
      if (listed.rule === 'answered') {
        if (dates.length > 0) checked.answeredWithDays += 1;
        const cut = await ask({ ...base, ...Object.fromEntries(dates.map((name) => [name, '2018-11-15'])) });
        if (cut.status !== 200) wrong.push(`${query.name} on 2018-11-15: ${cut.status} ${JSON.stringify(cut.body).slice(0, 200)}`);
        continue;
      }
      for (const bound of listed.bounds) {
        // The 15th of the bound's own month, so the range stays in order.
        const day = `${(base[bound] ?? '2018-11-01').slice(0, 8)}15`;
        checked.bounds += 1;
        const cut = await ask({ ...base, [bound]: day });
        const message: string = cut.body.error?.message ?? '';
        if (cut.status !== 400 || !message.includes(`${bound} ${day}`) || !message.includes('cuts a month into days')) wrong.push(`${query.name} ${bound}=${day}: ${cut.status} ${message}`);
      }
    }
    expect(wrong).toEqual([]);
    // Every rule was put to the test (39 refused, 17 whole months with 36 bounds, 17 answered, 5 of them given days, on 2026-12-06).
    expect(checked.refused + checked['whole-months'] + checked.answered).toBe(Object.keys(byName).length);
    expect([checked.refused, checked['whole-months'], checked.answered].every((n) => n >= 10)).toBe(true);
    expect(checked.bounds).toBeGreaterThanOrEqual(2 * checked['whole-months']);
    expect(checked.answeredWithDays).toBeGreaterThan(0);
  });
});

describe('Explore on a store holding only October: the whole month is "Last month", not "Month to date"', () => {
  const note = (html: string) => textOf(/<span class="note" id="explore-preset">[^]*?<\/span>/.exec(html)![0]);
  const total = (html: string) => /id="explore-total" data-value="([^"]*)"/.exec(html)?.[1];

  it('a monthly CUR of October opens on its bill, labelled Last month, whether opened bare or with month to date chosen', async () => {
    const oct = (await monthlyCurFiles()).oct;
    const app = appOn(await cachedStore([[oct]]));
    try {
      const redirect = await page(app, '/explore');
      expect(redirect.headers.get('location')).toBe('/explore?dimension=service&preset=last_month&cost=billed');
      const billed = (await fileSums([oct]))['2018-10'].billed;
      for (const path of [redirect.headers.get('location')!, '/explore?dimension=service&preset=month_to_date&cost=billed', '/explore?dimension=service&preset=last_month&cost=billed']) {
        const html = await (await page(app, path)).text();
        expect(note(html), path).toBe('(Last month: the whole bill of Oct 2018, the last complete bill; the store holds no daily usage)');
        expect(total(html), path).toBe(billed);
      }
    } finally {
      app.close();
    }
  });

  it('a daily CUR ending 31 Oct: 1 Oct – 1 Nov, or month to date chosen, is Last month up to the data horizon, in the note and the filters\' summary', async () => {
    const app = appOn(await cachedStore([[REAL_OCT_2018]]));
    try {
      const html = await (await page(app, '/explore?dimension=service&start=2018-10-01&end=2018-11-01&cost=billed')).text();
      expect(note(html)).toBe('(Last month, up to the data horizon 31 Oct 2018)');
      const [october] = await duckdbRows(`SELECT CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR) AS billed FROM read_parquet($file)
        WHERE line_item_usage_start_date >= TIMESTAMP '2018-10-01' AND line_item_usage_start_date < TIMESTAMP '2018-11-01'`, { file: REAL_OCT_2018 });
      expect(total(html)).toBe(october.billed);
      const chosen = await (await page(app, '/explore?dimension=service&preset=month_to_date&cost=billed')).text();
      expect(note(chosen)).toBe('(Last month, up to the data horizon 31 Oct 2018)');
      expect(textOf(/<span class="filter-summary">[^]*?<\/span>/.exec(chosen)![0])).toBe(": by service · Last month · billed cost · daily");
      expect(total(chosen)).toBe(october.billed);
    } finally {
      app.close();
    }
  });

  it('month to date is named so only while its month is not over', () => {
    expect(presetOf({ start: '2018-10-01', end: '2018-11-01' }, at('2018-10-31'))).toBe('last_month');
    expect(presetOf({ start: '2026-11-01', end: '2026-11-15' }, at('2026-11-14'))).toBe('month_to_date');
    expect(presetLabel('month_to_date', { start: '2018-10-01', end: '2018-11-01' }, at('2018-10-31'))).toBe('Last month');
    expect(presetLabel('month_to_date', { start: '2026-11-01', end: '2026-11-15' }, at('2026-11-14'))).toBe('Month to date');
    expect(presetLabel('last_7_days', { start: '2018-10-25', end: '2018-11-01' }, at('2018-10-31'))).toBe('Last 7 days');
  });
});
