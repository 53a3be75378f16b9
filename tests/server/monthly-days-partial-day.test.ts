/**
 * A monthly chart's held days are complete days: on the real legacy CUR alone (usage to 04:00 on 14 Nov 2023,
 * the data horizon 13 Nov), /api/charts/storage_cost_by_class?from=2023-11-01&to=2023-12-01 said November held
 * 14 of its 30 days, counting the partial 14 Nov as a whole day, where README "Time" calls the days after the
 * horizon partial and `forecast` says "13 of 30 days complete and 1 partial (14 Nov 2023)". The monthly queries
 * count a month's days before `complete_until` (the charts give the day after the horizon) and its partial days
 * apart (queries/calendar/month_days_in_store.cte.sql); the bars keep the partial day's money. Figures by DuckDB
 * on the CSV.
 */
import { describe, expect, it } from 'vitest';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_LEGACY_CSV, duckdbRows } from '../helpers/cli.ts';
import { apiRows, appPerDescribe } from './helpers.ts';
import { drawnRows } from './vega-drawn-rows.ts';

type Row = Record<string, unknown>;
/** Each drawn row's month, days, month_days and partial_days. */
const spans = (rows: Row[]) => rows.map((r) => [r.month, Number(r.days), Number(r.month_days), Number(r.partial_days)]);
/** The chart's tooltip days as Vega computes them (its days_shown transform), one per drawn row. */
async function tooltipDays(spec: Row): Promise<string[]> {
  return (await drawnRows(spec)).map((r) => String(r.days_shown));
}

describe('the legacy CUR alone: November 2023 holds 13 complete days and 1 partial, 14 Nov', () => {
  const legacy = appPerDescribe(() => cachedStore([[REAL_LEGACY_CSV]]), 300_000);

  it('by DuckDB on the CSV: usage lines end at 04:00 on 14 Nov (the horizon is 13 Nov), 13 usage days before it and 1 from it', async () => {
    const [file] = await duckdbRows(`SELECT CAST(max(CAST("lineItem/UsageEndDate" AS TIMESTAMP)) AS VARCHAR) AS last_end,
        CAST(count(DISTINCT CAST(CAST("lineItem/UsageStartDate" AS TIMESTAMP) AS DATE)) FILTER (WHERE CAST("lineItem/UsageStartDate" AS TIMESTAMP) < TIMESTAMP '2023-11-14') AS VARCHAR) AS complete,
        CAST(count(DISTINCT CAST(CAST("lineItem/UsageStartDate" AS TIMESTAMP) AS DATE)) FILTER (WHERE CAST("lineItem/UsageStartDate" AS TIMESTAMP) >= TIMESTAMP '2023-11-14') AS VARCHAR) AS partial
      FROM read_csv($file, all_varchar = true) WHERE "lineItem/LineItemType" = 'Usage'`, { file: REAL_LEGACY_CSV });
    expect(file).toEqual({ last_end: '2023-11-14 04:00:00', complete: '13', partial: '1' });
  });

  it('storage and data transfer charts over 1 Nov – 1 Dec 2023: 13 of 30 and 1 partial (they said 14 of 30), the tooltip "13 of 30 complete and 1 partial (after the data horizon)"; the bars keep 14 Nov\'s money', async () => {
    // The bars, by DuckDB on the CSV (usage lines, 14 Nov's included): storage as data-gaps-storage.test.ts classifies it,
    // data transfer by the usage-type rules of queries/data_transfer/usage_lines_by_transfer_type.cte.sql, written out here.
    const usage = `SELECT "lineItem/ProductCode" AS p, "lineItem/UsageType" AS u, "lineItem/UnblendedCost" AS c, "lineItem/UsageAmount" AS a
      FROM read_csv($csv, all_varchar = true) WHERE "lineItem/LineItemType" = 'Usage'`;
    const storage = await duckdbRows(`SELECT CASE WHEN p = 'AmazonEFS' THEN 'EFS' ELSE 'S3' END AS service,
        CASE WHEN u LIKE '%GlacierByteHrs' THEN 'Glacier Flexible Retrieval' ELSE 'Standard' END AS class,
        CAST(sum(CAST(c AS DECIMAL(38,10))) AS VARCHAR) AS cost, CAST(count(*) AS VARCHAR) AS lines
      FROM (${usage}) WHERE (p = 'AmazonS3' AND u LIKE '%TimedStorage%') OR (p = 'AmazonEFS' AND u LIKE '%ByteHrs%') GROUP BY 1, 2 ORDER BY 1, 2`, { csv: REAL_LEGACY_CSV });
    expect(storage.map((f) => [f.service, f.class, f.cost, f.lines])).toEqual([
      ['EFS', 'Standard', '0.0009452835', '14'], ['S3', 'Glacier Flexible Retrieval', '0.0392937698', '26'], ['S3', 'Standard', '0.0230037438', '33'],
    ]);
    const transfer = await duckdbRows(`SELECT t, CAST(sum(CAST(c AS DECIMAL(38,10))) AS VARCHAR) AS cost, CAST(count(*) AS VARCHAR) AS lines FROM (
        SELECT c, CASE WHEN p = 'AmazonCloudFront' AND u LIKE '%Bytes%' THEN 'CloudFront' WHEN u LIKE '%NatGateway-Bytes' THEN 'NAT processing'
          WHEN u LIKE '%DataTransfer-Regional-Bytes' THEN 'inter-AZ' WHEN u LIKE '%-AWS-Out-Bytes' OR u LIKE '%-AWS-In-Bytes' THEN 'inter-region'
          WHEN u LIKE '%DataTransfer-Out-Bytes' THEN 'internet egress' WHEN u LIKE '%DataTransfer-In-Bytes' THEN 'internet ingress'
          WHEN u LIKE '%TransitGateway-Bytes' OR u LIKE '%VpcEndpoint-Bytes' THEN 'gateway and endpoint processing'
          WHEN u LIKE '%DataTransfer%' THEN 'other data transfer' END AS t
        FROM (${usage})) WHERE t IS NOT NULL GROUP BY 1 ORDER BY 1`, { csv: REAL_LEGACY_CSV });
    expect(transfer.map((f) => [f.t, f.cost, f.lines])).toEqual([
      ['inter-AZ', '0.0000000000', '4'], ['inter-region', '0.0000676821', '389'], ['internet egress', '0.0000000000', '31'],
      ['internet ingress', '0.0000000000', '18'], ['other data transfer', '0.0000000000', '4'],
    ]);
    const charts = [
      { chart: 'storage_cost_by_class', query: 'storage/monthly_cost_by_class', bars: (r: Row) => [r.storage_service, r.storage_class, r.cost, r.lines],
        file: storage.map((f) => [f.service, f.class, Number(f.cost), Number(f.lines)]) },
      { chart: 'data_transfer_by_type', query: 'data_transfer/monthly_cost_by_type', bars: (r: Row) => [r.transfer_type, r.cost, r.lines],
        file: transfer.map((f) => [f.t, Number(f.cost), Number(f.lines)]) },
    ];
    for (const { chart, query, bars, file } of charts) {
      const spec = await (await legacy.app.request(`/api/charts/${chart}?from=2023-11-01&to=2023-12-01&cost=billed`)).json() as Row;
      const drawn = (spec.data as { values: Row[] }).values;
      // One row per bar (3 storage classes, 5 transfer types), each November's: none twice, none left out.
      expect(drawn.map(bars), chart).toEqual(file);
      expect(spans(drawn), chart).toEqual(file.map(() => ['2023-11-01', 13, 30, 1]));
      expect(await tooltipDays(spec), chart).toEqual(file.map(() => '13 of 30 complete and 1 partial (after the data horizon)'));
      // The query API's rows: its default counts every day held (14), given the day after the horizon it counts as the chart does; the money is the same.
      const raw = await apiRows(await legacy.app.request(`/api/queries/${query}?from=2023-11-01&to=2023-12-01&cost=billed`));
      const capped = await apiRows(await legacy.app.request(`/api/queries/${query}?from=2023-11-01&to=2023-12-01&cost=billed&complete_until=2023-11-14`));
      expect(spans(raw), query).toEqual(file.map(() => ['2023-11-01', 14, 30, 0]));
      expect(spans(capped), query).toEqual(spans(drawn));
      expect(raw.map((r) => Number(r.cost)), query).toEqual(drawn.map((r) => r.cost));
    }
  });

  it('the pages\' charts, to the day after the horizon: 13 of 30 and no partial day, as before', async () => {
    const spec = await (await legacy.app.request('/api/charts/storage_cost_by_class')).json() as Row;
    expect(spans((spec.data as { values: Row[] }).values)).toEqual([['2023-11-01', 13, 30, 0], ['2023-11-01', 13, 30, 0], ['2023-11-01', 13, 30, 0]]);
    expect(await tooltipDays(spec)).toEqual(['13 of 30', '13 of 30', '13 of 30']);
  });
});
