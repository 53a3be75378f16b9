/**
 * The APIs and drill-downs on a store without daily usage: a CUR at monthly time granularity made
 * by DuckDB from the real Oct and Nov 2018 CURs (tests/helpers/monthly-store-fixture.ts). The
 * Storage and Data transfer pages said what the store holds, but their queries over the API
 * (`/api/queries/storage/…`, `/api/queries/data_transfer/…`, JSON, CSV, Arrow) and their charts
 * answered 200 with no row or $0.00 (November's bill holds $44.55 of EBS volume storage), as did
 * the KPI queries (14,145.05 EC2 instance hours); they now refuse with their page's message and
 * hint. The KPI page says what the KPIs need, as `costlens kpi` does. Explore's Last 7 days was
 * refused on `start` ("the range start 2018-11-24, end 2018-12-01"), which the user never typed:
 * it now names the preset. The resource view said what idle and rightsizing need: now its own need.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { costlens, duckdbRows } from '../helpers/cli.ts';
import { fileSums, monthlyStore } from '../helpers/monthly-store-fixture.ts';
import { textOf } from './page-helpers.ts';
import { appOn, page } from './helpers.ts';

const HOLDS = "no daily usage: the store's CUR is monthly (every usage line spans its month)";
const HINT = 're-export the CUR at daily or hourly time granularity (the time granularity of the Cost and Usage Report or Data Export) and ingest it; '
  + 'whole monthly bills compare: costlens explain --from 2018-10 --to 2018-11';
const STORAGE = `${HOLDS}; storage figures sum usage lines by month and by resource, so they need a daily or hourly CUR`;
const TRANSFER = `${HOLDS}; data transfer compares days of usage month to date, so it needs a daily or hourly CUR`;
const KPIS = `${HOLDS}; efficiency KPIs read usage lines, so they need a daily or hourly CUR`;
const NOVEMBER = 'from=2018-11-01&to=2018-12-01';

/** A refusal as the JSON APIs send it. */
async function refusal(response: Response): Promise<[number, unknown]> {
  return [response.status, await response.json()];
}

const notFound = (message: string) => [404, { error: { code: 'not_found', message, hint: HINT } }];

describe('the APIs and drill-downs on a monthly CUR (the real Oct and Nov 2018 bills, every usage line spanning its month)', () => {
  let app: CostlensApp;
  let db: string;
  let nov: string;

  beforeAll(async () => {
    const store = await monthlyStore();
    ({ db, nov } = store);
    app = appOn(db);
  }, 300_000);
  afterAll(() => app?.close());

  it('the bill holds storage, transfer and instance hours the APIs read as none: their usage lines count as recurring', async () => {
    const [sums] = await duckdbRows(`SELECT
        CAST(sum(CASE WHEN line_item_usage_type LIKE '%EBS:VolumeUsage%' THEN CAST(line_item_unblended_cost AS DECIMAL(38,10)) END) AS VARCHAR) AS ebs,
        CAST(sum(CASE WHEN line_item_usage_type LIKE '%DataTransfer%' OR line_item_usage_type LIKE '%-Bytes' THEN CAST(line_item_unblended_cost AS DECIMAL(38,10)) END) AS VARCHAR) AS transfer,
        CAST(sum(CASE WHEN line_item_usage_type LIKE '%BoxUsage%' THEN CAST(line_item_usage_amount AS DECIMAL(38,6)) END) AS VARCHAR) AS hours
      FROM read_parquet($nov) WHERE line_item_line_item_type IN ('Usage', 'DiscountedUsage')`, { nov });
    expect(sums).toEqual({ ebs: '44.5484775890', transfer: '0.1614975906', hours: '14145.053888' });
  });

  it('Storage and Data transfer queries refuse as their pages do, in JSON, CSV and Arrow (they answered 200 with no row, or a $0.00 total)', async () => {
    for (const [path, message] of [
      [`/api/queries/storage/monthly_cost_by_class?${NOVEMBER}`, STORAGE],
      [`/api/queries/storage/top_resources?${NOVEMBER}&service=EBS%20volumes&format=csv`, STORAGE],
      [`/api/queries/monthly_cost_by_class?${NOVEMBER}&format=arrow`, STORAGE],
      ['/api/queries/data_transfer/by_type?as_of=2018-11-30', TRANSFER],
      [`/api/queries/data_transfer/monthly_cost_by_type?${NOVEMBER}&format=csv`, TRANSFER],
      ['/api/queries/data_transfer/top_sources?as_of=2018-11-30&dimension=account', TRANSFER],
    ]) {
      expect(await refusal(await app.request(path)), path).toEqual(notFound(message));
    }
    // The page says the same, in place of its figures.
    for (const [path, message, hintFor] of [
      ['/storage', STORAGE, 'To see storage by class, bucket and volume'],
      ['/data-transfer', TRANSFER, 'To see data transfer by type and source'],
    ]) {
      const html = await (await page(app, path)).text();
      expect(textOf(/<p class="note" id="no-daily-usage">[^]*?<\/p>/.exec(html)![0])).toBe(`Nothing to show: ${message}.`);
      expect(textOf(/<p class="note" id="no-daily-usage-hint">[^]*?<\/p>/.exec(html)![0])).toBe(`${hintFor}: ${HINT}.`);
    }
  });

  it('their charts refuse too (the spec held no row and the SVG drew $0); a bad parameter is still named first', async () => {
    expect(await refusal(await app.request('/api/charts/storage_cost_by_class'))).toEqual(notFound(STORAGE));
    expect(await refusal(await app.request('/charts/storage_cost_by_class.svg?cost=effective'))).toEqual(notFound(STORAGE));
    expect(await refusal(await app.request('/api/charts/data_transfer_by_type'))).toEqual(notFound(TRANSFER));
    expect(await refusal(await app.request('/api/queries/storage/top_resources?from=2018-11-01&to=2018-12-01&top=0'))).toEqual([400, {
      error: { code: 'usage', message: 'parameter "top" of storage/top_resources must be between 1 and 100; got "0"', hint: 'top: how many resources to list' },
    }]);
    expect((await app.request('/api/charts/storage_cost_by_class?cost=list')).status).toBe(400);
  });

  it('the KPI queries and the KPI page refuse in `costlens kpi`\'s words (the queries answered no row; the page said only what the store holds)', async () => {
    for (const name of ['ec2_compute_by_type', 'ebs_storage_by_type', 's3_storage_by_class']) {
      expect(await refusal(await app.request(`/api/queries/kpi/${name}?${NOVEMBER}`)), name).toEqual(notFound(KPIS));
    }
    const response = await page(app, '/kpi?by=team&months=1');
    const html = await response.text();
    expect(response.status).toBe(404);
    expect(textOf(/<p class="message">[^]*?<\/p>/.exec(html)![0])).toBe(KPIS);
    expect(textOf(/<p class="hint">[^]*?<\/p>/.exec(html)![0])).toBe(HINT);
    const cli = await costlens(db, 'kpi');
    expect(cli.code).toBe(5);
    expect(cli.stderr).toContain(KPIS);
  });

  it('Explore refuses Last 7 days on the preset, naming it and its days (it named start and end, which the user never typed); Last 30 days is 1–30 Nov, the bill', async () => {
    const response = await page(app, '/explore?dimension=service&preset=last_7_days&cost=billed');
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(/<select aria-invalid="true" aria-describedby="([a-z_-]+)" name="preset"/.exec(html)?.[1]).toBe('preset-error');
    expect(textOf(/<span class="form-error field-error" id="preset-error" role="alert">[^]*?<\/span>/.exec(html)![0])).toBe('the range Last 7 days (24–30 Nov 2018) cuts a month into days, '
      + 'but the store holds no daily usage: its CUR is monthly, every usage line spanning its month, so its lines are dated to the first of their month and only whole billing periods add up '
      // Month to date and the last 30 days (1–30 Nov 2018 each, Last month's days, which the Range field no longer offers thrice) are not named beside Last month.
      + '(choose Last month, Last 3 months, Last 6 months or Last 12 months, whole months on this store, or a custom range on month bounds: From 2018-11-01, To 2018-12-01)');
    for (const absent of ['start 2018-11-24', 'end 2018-12-01', 'id="start-error"']) expect(html).not.toContain(absent);
    const month = await (await page(app, '/explore?dimension=service&preset=last_30_days&cost=billed')).text();
    expect(/id="explore-total" data-value="([^"]*)"/.exec(month)?.[1]).toBe((await fileSums([nov]))['2018-11'].billed);
  });

  it('the resource view says what it needs, with or without a range (it gave idle and rightsizing\'s need); no id is still its form', async () => {
    const [resource] = await duckdbRows(`SELECT line_item_resource_id AS id FROM read_parquet($nov) WHERE line_item_usage_type = 'BoxUsage:m4.xlarge' GROUP BY 1 ORDER BY 1 LIMIT 1`, { nov });
    for (const query of [`id=${resource.id}`, `id=${resource.id}&end=2018-12-01`, `id=${resource.id}&start=2018-11-01&end=2018-12-01`]) {
      const response = await page(app, `/resource?${query}`);
      const html = await response.text();
      expect(response.status, query).toBe(404);
      expect(textOf(/<p class="message">[^]*?<\/p>/.exec(html)![0]), query).toBe(`${HOLDS}; the resource view reads a resource's cost from its daily usage lines, `
        + 'and its findings as of a day, so it needs a daily or hourly CUR');
      expect(textOf(/<p class="hint">[^]*?<\/p>/.exec(html)![0])).toBe(HINT);
      expect(html).not.toContain('idle and rightsizing');
    }
    expect((await page(app, '/resource')).status).toBe(400);
  });
});
