/**
 * The rest of the query API and the charts on a store without daily usage: a CUR at monthly time
 * granularity made by DuckDB from the real Oct and Nov 2018 CURs (tests/helpers/monthly-store-fixture.ts).
 * Only the Storage, Data transfer and KPI queries were refused; every other query answered 200 as
 * if the store had days: month to date, daily spend and a resource's daily cost with no row or
 * $0.00, idle findings with nothing, and a range cut inside a month
 * (`/api/queries/explore/spend_by?start=2018-11-05&end=2018-12-01`) with no row, where the Explore
 * page and the analyses API refuse it. Each query now reads no days (answered), takes charge days
 * (a range cut inside a month refused in the analyses API's words, naming the parameters given) or
 * reads days of usage (404, what the store holds and what the query needs), one rule per area in
 * src/server/routes/without-daily-usage-queries.ts. Explore said "up to the data horizon" of a
 * store that has none, and on a store whose last bill has 31 days its default (the last 30 days)
 * was a range it refused. The query API checked the store on one generation and ran the query on
 * the next when an ingest landed in between.
 */
import { renameSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KPI_NEED } from '../../src/analyze/kpi/index.ts';
import type { CostlensApp } from '../../src/server/app.ts';
import { wholeBillsRule } from '../../src/server/routes/without-daily-usage-queries.ts';
import { cachedStore, storeCopy } from '../helpers/cached-stores.ts';
import { duckdbRows, REAL_NOV_2018 } from '../helpers/cli.ts';
import { fileSums, monthlyCurFiles, monthlyStore } from '../helpers/monthly-store-fixture.ts';
import { textOf } from './page-helpers.ts';
import { appOn, page } from './helpers.ts';

const HOLDS = "no daily usage: the store's CUR is monthly (every usage line spans its month)";
const HINT = 're-export the CUR at daily or hourly time granularity (the time granularity of the Cost and Usage Report or Data Export) and ingest it; '
  + 'whole monthly bills compare: costlens explain --from 2018-10 --to 2018-11';
const REASON = 'its CUR is monthly, every usage line spanning its month, so its lines are dated to the first of their month and only whole billing periods add up';
const needs = (words: string) => `${HOLDS}; ${words} a daily or hourly CUR`;
const OVERVIEW = needs("the Overview's month to date, daily usage by service and top services and accounts compare days of usage, so they need");
const TRENDS = needs('daily trends sum spend by charge day, so they need');
const RESOURCE_COST = needs("a resource's daily cost sums its usage lines by charge day, so it needs");
const FINDINGS = needs("idle and rightsizing findings read each resource's cost day by day, so they need");
const MODERNISE = needs("modernisation prices each resource's last 30 days of usage, so it needs");
const ANOMALIES = needs("anomalies compare each day's usage with the median of its trailing days, so they need");
const FORECAST = needs("the forecast projects the month's usage from its daily run-rate, so it needs");
const ADVICE = needs("purchase advice replays each hour's on-demand spend, so it needs");

/** A refusal as the JSON APIs send it. */
async function refusal(response: Response): Promise<[number, unknown]> {
  return [response.status, await response.json()];
}

const notFound = (message: string) => [404, { error: { code: 'not_found', message, hint: HINT } }];
const cutRange = (given: string, hint: string) => [400, { error: { code: 'usage', message: `the range ${given} cuts a month into days, but the store holds no daily usage: ${REASON}`, hint } }];

/** Exact decimal text (any number of places up to 10) as units of 1e-10, and back. */
const units = (text: string): bigint => {
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const value = BigInt(whole) * 10n ** 10n + BigInt(fraction.padEnd(10, '0'));
  return text.startsWith('-') ? -value : value;
};
const decimal = (value: bigint): string => {
  const text = (value < 0n ? -value : value).toString().padStart(11, '0');
  return `${value < 0n ? '-' : ''}${text.slice(0, -10)}.${text.slice(-10)}`;
};
const sumOf = (rows: Record<string, string | null>[], column: string): string => decimal(rows.reduce((sum, r) => sum + units(r[column]!), 0n));

describe('the rest of the query API and the charts on a monthly CUR (the real Oct and Nov 2018 bills, every usage line spanning its month)', () => {
  let app: CostlensApp;
  let oct: string;
  let nov: string;
  let resource: string;

  beforeAll(async () => {
    const store = await monthlyStore();
    ({ oct, nov } = store);
    app = appOn(store.db);
    [{ id: resource }] = await duckdbRows(`SELECT line_item_resource_id AS id FROM read_parquet($nov) WHERE line_item_usage_type = 'BoxUsage:m4.xlarge' GROUP BY 1 ORDER BY 1 LIMIT 1`, { nov }) as { id: string }[];
  }, 300_000);
  afterAll(() => app?.close());

  it('every query the API lists has a rule for a store without daily usage (a new area must choose one)', async () => {
    const { queries } = await (await app.request('/api/queries')).json() as { queries: { name: string }[] };
    expect(queries.length).toBeGreaterThan(60);
    expect(queries.filter((q) => wholeBillsRule(q.name) === undefined).map((q) => q.name)).toEqual([]);
  });

  it('queries that read days of usage refuse, saying what the store holds and what they need (they answered 200: no row, or $0.00)', async () => {
    for (const [path, message] of [
      ['/api/queries/overview/month_to_date?as_of=2018-11-30', OVERVIEW],
      ['/api/queries/overview/top_services?as_of=2018-11-30&charges=all&format=csv', OVERVIEW],
      ['/api/queries/overview/daily_spend_by_service?start=2018-11-01&end=2018-12-01&first_provisional_day=2018-11-28&charges=all', OVERVIEW],
      ['/api/queries/trends/daily_spend?from=2018-11-01&to=2018-12-01&format=arrow', FORECAST],
      ['/api/queries/trends/daily_spend_by_service_and_account?from=2018-11-01&to=2018-12-01', ANOMALIES],
      ['/api/queries/trends/daily_cost_and_units?from=2018-11-01&to=2018-12-01&metric=orders', TRENDS],
      [`/api/queries/resource/daily_cost?id=${resource}&start=2018-11-01&end=2018-12-01`, RESOURCE_COST],
      ['/api/queries/optimisation/idle_ec2_instances?as_of=2018-12-01&data_horizon=2018-11-30', FINDINGS],
      ['/api/queries/optimisation/instance_costs?as_of=2018-12-01', FINDINGS],
      ['/api/queries/modernise/instance_types?as_of=2018-12-01', MODERNISE],
      ['/api/queries/anomalies/event_lines?services=["Amazon Elastic Compute Cloud"]&accounts=[]&from=2018-11-01&to=2018-12-01&charges=all', ANOMALIES],
      ['/api/queries/commitments/eligible_on_demand_hourly?charge_from=2018-11-01&charge_to=2018-12-01', ADVICE],
    ]) {
      expect(await refusal(await app.request(path)), path).toEqual(notFound(message));
    }
    // A bad parameter is still named first (400), as for the Storage queries.
    expect(await refusal(await app.request('/api/queries/overview/top_services?as_of=2018-11-30&top=0'))).toEqual([400, {
      error: { code: 'usage', message: 'parameter "top" of overview/top_services must be between 1 and 100; got "0"', hint: 'top: how many services to list' },
    }]);
  });

  it('a range of charge days cut inside a month is refused as the analyses API refuses it, naming the parameters given (explore/spend_by answered 200 with no row); on month bounds, whole bills', async () => {
    const cut = 'dimension=service&start=2018-11-05&end=2018-12-01';
    const expected = cutRange('start 2018-11-05, end 2018-12-01', 'give start and end on the first of a month (start 2018-11-01, end 2018-12-01)');
    expect(await refusal(await app.request(`/api/queries/explore/spend_by?${cut}`))).toEqual(expected);
    expect(await refusal(await app.request(`/api/analyses/explore/spend_by?${cut}`))).toEqual(expected);
    for (const [path, given, hint] of [
      ['/api/queries/explore/daily_spend_by?start=2018-10-01&end=2018-11-15&grain=month&format=csv', 'start 2018-10-01, end 2018-11-15', 'give start and end on the first of a month (start 2018-10-01, end 2018-12-01)'],
      ['/api/queries/trends/spend_by_class_and_service?from=2018-11-05&to=2018-12-01', 'from 2018-11-05, to 2018-12-01', 'give from and to on the first of a month (from 2018-11-01, to 2018-12-01)'],
      ['/api/queries/report/resource_tag_values?from=2018-10-01&to=2018-11-02&tag_keys=["Owner"]', 'from 2018-10-01, to 2018-11-02', 'give from and to on the first of a month (from 2018-10-01, to 2018-12-01)'],
      [`/api/queries/resource/summary?id=${resource}&start=2018-11-05&end=2018-12-01`, 'start 2018-11-05, end 2018-12-01', 'give start and end on the first of a month (start 2018-11-01, end 2018-12-01)'],
      // One bound given, the other left open at its header's default: only the one given is named.
      ['/api/queries/attribution/tag_keys?charge_from=2018-11-05', 'charge_from 2018-11-05', 'give charge_from on the first of a month (charge_from 2018-11-01)'],
      ['/api/queries/invoice/by_charge_class?charge_to=2018-11-20', 'charge_to 2018-11-20', 'give charge_to on the first of a month (charge_to 2018-12-01)'],
    ]) {
      expect(await refusal(await app.request(path)), path).toEqual(cutRange(given, hint));
    }
    // On month bounds the same queries answer whole bills, to the last decimal of the files.
    const sums = await fileSums([oct, nov]);
    const explore = await (await app.request('/api/queries/explore/spend_by?dimension=service&start=2018-11-01&end=2018-12-01&top=500')).json();
    expect(sumOf(explore.rows, 'cost')).toBe(sums['2018-11'].billed);
    const trends = await (await app.request('/api/queries/trends/spend_by_class_and_service?from=2018-10-01&to=2018-12-01')).json();
    expect(sumOf(trends.rows, 'billed_cost')).toBe(decimal(units(sums['2018-10'].billed) + units(sums['2018-11'].billed)));
    expect(sumOf(trends.rows, 'effective_cost')).toBe(decimal(units(sums['2018-10'].effective) + units(sums['2018-11'].effective)));
    // Billing periods are whole bills whatever day names them: billing_from is not a cut.
    expect((await app.request('/api/queries/invoice/by_charge_class?billing_from=2018-11-05')).status).toBe(200);
    // Queries that read no days of usage answer as they did.
    expect((await app.request(`/api/queries/resource/daily_metrics?id=${resource}&start=2018-11-05&end=2018-11-20`)).status).toBe(200);
  });

  it('the charts of those queries refuse too (they drew the month at $0.00); a chart of metrics still draws', async () => {
    expect(await refusal(await app.request('/api/charts/daily_spend_by_service'))).toEqual(notFound(OVERVIEW));
    expect(await refusal(await app.request('/charts/month_to_date_by_service.svg'))).toEqual(notFound(OVERVIEW));
    expect(await refusal(await app.request(`/api/charts/resource_daily_cost?id=${resource}&start=2018-11-01&end=2018-12-01`))).toEqual(notFound(RESOURCE_COST));
    expect((await app.request(`/api/charts/resource_metrics?id=${resource}&start=2018-11-01&end=2018-12-01`)).status).toBe(200);
  });

  it('the KPI need is one constant: `costlens kpi`, the page and the API say it alike', async () => {
    expect(await refusal(await app.request('/api/queries/kpi/ec2_compute_by_type?from=2018-11-01&to=2018-12-01'))).toEqual(notFound(needs(KPI_NEED)));
    expect(KPI_NEED).toBe('efficiency KPIs read usage lines, so they need');
  });

  it('Explore says a preset is whole bills, not "up to the data horizon" of a store that has none', async () => {
    const note = async (query: string) => textOf(/<span class="note" id="explore-preset">[^]*?<\/span>/.exec(await (await page(app, `/explore?${query}`)).text())![0]);
    // The last 30 days are 1–30 Nov, Last month's days: named so, as the Range field shows them (it said "Last 30 days" beside "Last month" chosen).
    expect(await note('dimension=service&preset=last_30_days&cost=billed')).toBe('(Last month: the whole bill of Nov 2018, the last complete bill; the store holds no daily usage)');
    expect(await note('dimension=service&start=2018-09-01&end=2018-12-01&cost=billed')).toBe('(Last 3 months: the whole bills of Sep 2018 to Nov 2018, up to the last complete bill; the store holds no daily usage)');
  });

  it('Explore on a store whose last bill has 31 days opens on that bill (its default, the last 30 days, was a range it refused)', async () => {
    const octApp = appOn(await cachedStore([[(await monthlyCurFiles()).oct]]));
    try {
      const redirect = await page(octApp, '/explore');
      expect(redirect.status).toBe(302);
      expect(redirect.headers.get('location')).toBe('/explore?dimension=service&preset=last_month&cost=billed');
      const response = await page(octApp, redirect.headers.get('location')!);
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(/id="explore-total" data-value="([^"]*)"/.exec(html)?.[1]).toBe((await fileSums([oct]))['2018-10'].billed);
      expect(textOf(/<span class="note" id="explore-preset">[^]*?<\/span>/.exec(html)![0])).toBe('(Last month: the whole bill of Oct 2018, the last complete bill; the store holds no daily usage)');
    } finally {
      octApp.close();
    }
  });
});

describe('an ingest landing between the store check and the query', () => {
  it('the query reads the generation the check read (it read the next one: the monthly store\'s $0.00 passed a check made on days)', async () => {
    const daily = await storeCopy([[REAL_NOV_2018]]);
    const files = await monthlyCurFiles();
    const monthly = await storeCopy([[files.oct, files.nov]]);
    const app = appOn(daily.db);
    try {
      const pool = app.services.pool;
      const use = pool.use.bind(pool);
      let checked: string | undefined;
      // The ingest lands as soon as the request has pinned its first generation: it renames the monthly store over the daily one.
      pool.use = (work) => use((snapshot) => {
        if (checked === undefined) {
          checked = snapshot.generation;
          renameSync(monthly.db, daily.db);
        }
        return work(snapshot);
      });
      const response = await app.request('/api/queries/kpi/ec2_compute_by_type?from=2018-11-01&to=2018-12-01');
      expect(response.status).toBe(200);
      expect(response.headers.get('x-costlens-generation')).toBe(checked);
      const [hours] = await duckdbRows(`SELECT CAST(round(sum(line_item_usage_amount), 6) AS VARCHAR) AS hours FROM read_parquet($nov)
        WHERE (line_item_usage_type LIKE '%BoxUsage%' OR line_item_usage_type LIKE '%SpotUsage%' OR line_item_usage_type LIKE '%DedicatedUsage%')
          AND line_item_line_item_type IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage')`, { nov: REAL_NOV_2018 });
      const rows = (await response.json()).rows as { hours: string }[];
      expect(String(Math.round(rows.reduce((sum, r) => sum + Number(r.hours), 0) * 1e6) / 1e6)).toBe(hours.hours);
      // The next request reads the store the ingest left: monthly, so refused.
      expect((await app.request('/api/queries/kpi/ec2_compute_by_type?from=2018-11-01&to=2018-12-01')).status).toBe(404);
    } finally {
      app.close();
    }
  });
});
