/**
 * The other month-to-date queries, overview/top_services, overview/top_accounts,
 * data_transfer/by_type and data_transfer/top_sources, over the query API and `costlens query` on
 * the store with gaps between its billing periods (the real 2018 CURs, the legacy CUR of 1–14 Nov
 * 2023 and the FOCUS sample of September 2024: tests/helpers/data-gaps-store.ts), under
 * overview/month_to_date's rule (data-gaps-month-to-date-api.test.ts): a span none of whose days the
 * store holds has no cost (null, where it read 0.0000000000 and a change against it), and the change
 * is given only when the store holds every day of both spans. Figures by DuckDB on the files
 * themselves; the Athena forms give the same rows; the Overview and the Data transfer page say
 * "No data" where the store holds none of the days.
 */
import { describe, expect, it } from 'vitest';
import type { NamedQuery } from '../../src/engine/queries.ts';
import { queryRegistry } from '../../src/engine/query-registry.ts';
import { runNamedQuery } from '../../src/engine/duckdb.ts';
import { createDuckDB, readerSettings } from '../../src/store/duckdb-settings.ts';
import { athenaTwinOnDuckDB } from '../helpers/athena-twin-on-duckdb.ts';
import { REAL_FOCUS, REAL_LEGACY_CSV, REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { storeWithGaps } from '../helpers/data-gaps-store.ts';
import { apiRows, appPerDescribe, page } from './helpers.ts';
import { tableHtml, textOf } from './page-helpers.ts';

type Row = Record<string, string | null>;
const pick = (rows: Row[], columns: readonly string[]) => rows.map((r) => columns.map((c) => r[c]));

/** A CUR usage line's transfer type, written out from the README's table of types (the types these files hold), on the file's own columns. */
const transferType = (usageType: string, productCode: string) => `CASE
  WHEN ${productCode} = 'AmazonCloudFront' AND ${usageType} LIKE '%Bytes%' THEN 'CloudFront'
  WHEN ${usageType} LIKE '%NatGateway-Bytes' THEN 'NAT processing'
  WHEN ${usageType} LIKE '%DataTransfer-Regional-Bytes' THEN 'inter-AZ'
  WHEN ${usageType} LIKE '%-AWS-Out-Bytes' OR ${usageType} LIKE '%-AWS-In-Bytes' THEN 'inter-region'
  WHEN ${usageType} LIKE '%DataTransfer-Out-Bytes' THEN 'internet egress'
  WHEN ${usageType} LIKE '%DataTransfer-In-Bytes' THEN 'internet ingress'
  WHEN ${usageType} LIKE '%DataTransfer%' THEN 'other data transfer' END`;

/** The legacy CUR's usage lines, as exact cost and GB, with their transfer type (DuckDB on the CSV). */
const LEGACY_LINES = `SELECT CAST("lineItem/UsageStartDate" AS TIMESTAMP) AS start, CAST("lineItem/UnblendedCost" AS DECIMAL(38,10)) AS cost,
    CAST("lineItem/UsageAmount" AS DOUBLE) AS gb, ${transferType('"lineItem/UsageType"', '"lineItem/ProductCode"')} AS type
  FROM read_csv($legacy, all_varchar = true) WHERE "lineItem/LineItemType" = 'Usage'`;
const LEGACY = { legacy: REAL_LEGACY_CSV };
/** The 2018 CURs' usage lines, likewise (DuckDB on the Parquet files). */
const CUR_2018_LINES = `SELECT line_item_usage_start_date AS start, CAST(line_item_unblended_cost AS DECIMAL(38,10)) AS cost,
    line_item_usage_amount AS gb, ${transferType('line_item_usage_type', 'line_item_product_code')} AS type
  FROM read_parquet([$oct, $nov]) WHERE line_item_line_item_type IN ('Usage', 'DiscountedUsage')`;

const CUR_2018 = { oct: REAL_OCT_2018, nov: REAL_NOV_2018 };

/** Each transfer type's cost and GB (rounded to 6 places, as the query gives them) over [from, to) of `lines`, then the total: DuckDB on the files. */
async function transferByType(lines: string, files: Record<string, string>, from: string, to: string): Promise<string[][]> {
  const rows = await duckdbRows(`WITH l AS (${lines}), t AS (
      SELECT type, sum(cost) AS cost, sum(gb) AS gb, 0 AS ord FROM l WHERE type IS NOT NULL AND start >= CAST($from AS TIMESTAMP) AND start < CAST($to AS TIMESTAMP) GROUP BY type)
    SELECT type, CAST(cost AS VARCHAR) AS cost, CAST(round(gb, 6) AS VARCHAR) AS gb FROM (SELECT * FROM t UNION ALL SELECT 'total', sum(cost), sum(gb), 1 FROM t)
    ORDER BY ord, cost DESC, type`, { ...files, from, to });
  return rows.map((r) => [r.type!, r.cost!, r.gb!]);
}

describe('the top tables and data transfer queries on a store with gaps between its billing periods (the real 2018, 2023 and 2024 files together)', () => {
  const gaps = appPerDescribe(storeWithGaps, 300_000);
  const api = async (name: string, params: string) => apiRows(await gaps.app.request(`/api/queries/${name}?${params}`));
  /** The query's CSV over the API, checked equal to `costlens query`'s. */
  async function csvAgrees(name: string, params: Record<string, string>): Promise<void> {
    const csv = await (await gaps.app.request(`/api/queries/${name}?${new URLSearchParams({ ...params, format: 'csv' })}`)).text();
    const cli = await costlens(gaps.db, 'query', name, ...Object.entries(params).flatMap(([k, v]) => ['--param', `${k}=${v}`]), '--format', 'csv');
    expect([cli.code, cli.stdout], `${name} ${JSON.stringify(params)}`).toEqual([0, csv]);
  }

  it('as of 30 Sep 2024, August 2024 lies in a gap: top services and accounts keep this month\'s cost and share, and their previous_cost and change are null (they read 0.0000000000 and a change equal to this month\'s cost)', async () => {
    for (const [name, key, label] of [['overview/top_services', 'ServiceName', 'service'], ['overview/top_accounts', 'SubAccountId', 'account_id']] as const) {
      // Usage of 1–30 Sep 2024 by key, the ten largest with their share of the month's usage (22.8619267289): DuckDB on the FOCUS file.
      const expected = await duckdbRows(`WITH l AS (
          SELECT ${key} AS k, SubAccountName AS n, TRY_CAST(BilledCost AS DECIMAL(38,10)) AS cost FROM read_csv($focus, all_varchar = true)
          WHERE ChargeCategory = 'Usage' AND ChargePeriodStart >= '2024-09-01' AND ChargePeriodStart < '2024-10-01'),
        k AS (SELECT k, max(n) AS n, sum(cost) AS cost FROM l GROUP BY k)
        SELECT k, n, CAST(cost AS VARCHAR) AS cost, CAST(round(100 * CAST(cost AS DOUBLE) / CAST((SELECT sum(cost) FROM l) AS DOUBLE), 2) AS VARCHAR) AS share,
          CAST((SELECT sum(cost) FROM l) AS VARCHAR) AS total
        FROM k ORDER BY cost DESC, k LIMIT 10`, { focus: REAL_FOCUS });
      expect(expected[0].total).toBe('22.8619267289');
      const columns = label === 'service' ? ['service', 'current_cost', 'previous_cost', 'change', 'share_pct'] : ['account_id', 'account_name', 'current_cost', 'previous_cost', 'change', 'share_pct'];
      const rows = await api(name, 'as_of=2024-09-30');
      expect(pick(rows, columns), name).toEqual(expected.map((e) => (label === 'service' ? [e.k, e.cost, null, null, e.share] : [e.k, e.n, e.cost, null, null, e.share])));
      expect(rows[0].current_cost).toBe(label === 'service' ? '18.6553930505' : '16.2301825497');
      await csvAgrees(name, { as_of: '2024-09-30' });
    }
  });

  it('as of 5 Dec 2018, December lies in a gap: this month\'s cost and share are null and 1–5 Nov 2018 keep their cost, uncompared (they read 0.0000000000 and a change of minus November\'s)', async () => {
    const byKey = (key: string) => duckdbRows(`SELECT ${key} AS k, CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR) AS cost
      FROM read_parquet($nov) WHERE line_item_line_item_type IN ('Usage', 'DiscountedUsage') AND line_item_usage_start_date < TIMESTAMP '2018-11-06'
      GROUP BY k ORDER BY sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) DESC, k LIMIT 10`, { nov: REAL_NOV_2018 });
    const services = await byKey('product_product_name');
    expect(services.slice(0, 3).map((s) => [s.k, s.cost])).toEqual([['AWS Glue', '496.3349789200'], ['Amazon Relational Database Service', '149.7233762240'], ['Amazon Elastic Compute Cloud', '114.1403030773']]);
    expect(pick(await api('overview/top_services', 'as_of=2018-12-05'), ['service', 'current_cost', 'previous_cost', 'change', 'share_pct'])).toEqual(services.map((s) => [s.k, null, s.cost, null, null]));
    const accounts = await byKey('line_item_usage_account_id');
    expect(accounts.map((a) => [a.k, a.cost])).toEqual([['836060457634', '759.8691884937'], ['011254002932', '8.7155463280']]);
    expect(pick(await api('overview/top_accounts', 'as_of=2018-12-05'), ['account_id', 'current_cost', 'previous_cost', 'change', 'share_pct'])).toEqual(accounts.map((a) => [a.k, null, a.cost, null, null]));
    for (const name of ['overview/top_services', 'overview/top_accounts']) await csvAgrees(name, { as_of: '2018-12-05', charges: 'all' });
  });

  it('data transfer: a side none of whose days the store holds has null cost and GB and nothing is compared (they read 0.0000000000 and 0); both sides in the store compare as before', async () => {
    const figures = (rows: Row[], side: 'current' | 'previous') => pick(rows, ['transfer_type', `${side}_cost`, `${side}_gb`]);
    const nulls = (rows: Row[], columns: string[]) => rows.flatMap((r) => columns.map((c) => r[c])).filter((v) => v !== null);
    // 1–20 Nov 2023: the store holds 1–14 Nov (the legacy CUR); 1–20 Oct 2023 lies in the gap.
    const november = await transferByType(LEGACY_LINES, LEGACY, '2023-11-01', '2023-11-21');
    expect(november.at(-1)).toEqual(['total', '0.0000676821', '24.293054']);
    let rows = await api('data_transfer/by_type', 'as_of=2023-11-20');
    expect(figures(rows, 'current')).toEqual(november);
    expect(nulls(rows, ['previous_cost', 'previous_gb', 'change', 'change_pct'])).toEqual([]);
    // 1–10 Dec 2023 lies in the gap; 1–10 Nov 2023 in the store.
    const novemberTen = await transferByType(LEGACY_LINES, LEGACY, '2023-11-01', '2023-11-11');
    expect(novemberTen.at(-1)).toEqual(['total', '0.0000043973', '17.04912']);
    rows = await api('data_transfer/by_type', 'as_of=2023-12-10');
    expect(figures(rows, 'previous')).toEqual(novemberTen);
    expect(nulls(rows, ['current_cost', 'current_gb', 'change', 'change_pct'])).toEqual([]);
    // 1–15 Aug and 1–15 Jul 2024: the store holds none of their days.
    expect(pick(await api('data_transfer/by_type', 'as_of=2024-08-15'), ['transfer_type', 'current_cost', 'previous_cost', 'change', 'change_pct', 'current_gb', 'previous_gb']))
      .toEqual([['total', null, null, null, null, null, null]]);
    // The top sources by account: the legacy CUR's one account, this side only.
    const sources = ['source', 'transfer_type', 'current_cost', 'previous_cost', 'change', 'current_gb', 'previous_gb'];
    expect(pick(await api('data_transfer/top_sources', 'as_of=2023-11-20&dimension=account'), sources)).toEqual([['123412340534', 'several', '0.0000676821', null, null, '24.293054', null]]);
    expect(pick(await api('data_transfer/top_sources', 'as_of=2023-12-10&dimension=account'), sources)).toEqual([['123412340534', 'several', null, '0.0000043973', null, null, '17.04912']]);
    // 1–15 Nov against 1–15 Oct 2018: every day in the store, compared.
    const [octTotal, novTotal] = [(await transferByType(CUR_2018_LINES, CUR_2018, '2018-10-01', '2018-10-16')).at(-1)!, (await transferByType(CUR_2018_LINES, CUR_2018, '2018-11-01', '2018-11-16')).at(-1)!];
    expect([novTotal, octTotal]).toEqual([['total', '0.0012789545', '1.597524'], ['total', '0.0012953451', '1.352619']]);
    expect(pick(await api('data_transfer/by_type', 'as_of=2018-11-15'), ['transfer_type', 'current_cost', 'previous_cost', 'change', 'change_pct']).at(-1))
      .toEqual(['total', novTotal[1], octTotal[1], '-0.0000163906', '-1.27']);
    for (const asOf of ['2023-11-20', '2023-12-10', '2024-08-15', '2018-11-15']) {
      await csvAgrees('data_transfer/by_type', { as_of: asOf });
      await csvAgrees('data_transfer/top_sources', { as_of: asOf, dimension: 'account' });
    }
  });

  it('the Athena forms give the same rows on this store', async () => {
    const instance = await createDuckDB(gaps.db, readerSettings());
    const connection = await instance.connect();
    try {
      const read = async (query: NamedQuery, params: Record<string, string>) =>
        (await runNamedQuery(connection, query, params)).getRows().map((row) => row.map((v) => (v === null ? null : String(v))));
      const extra: Record<string, Record<string, string>[]> = {
        'overview/top_services': [{}, { charges: 'all' }], 'overview/top_accounts': [{}, { charges: 'all', top: '1' }],
        'data_transfer/by_type': [{}], 'data_transfer/top_sources': [{}, { dimension: 'account' }],
      };
      for (const [name, sets] of Object.entries(extra)) {
        const portable = queryRegistry().find(name);
        const twin = athenaTwinOnDuckDB(name)!;
        // Athena has no daily_spend rollup: its form reads the store's days from line_items (calendar/period_days.athena.cte.sql).
        expect([portable.sql.includes('FROM daily_spend s'), twin.sql.includes('FROM daily_spend')], name).toEqual([true, false]);
        for (const asOf of ['2024-09-30', '2023-11-20', '2023-12-10', '2024-08-15', '2018-12-05', '2018-11-15']) {
          for (const [i, params] of sets.entries()) {
            for (const cost of i === 0 ? ['billed', 'effective'] : ['billed']) {
              const all = { as_of: asOf, cost, ...params };
              expect(await read(twin, all), `${name} ${JSON.stringify(all)}`).toEqual(await read(portable, all));
            }
          }
        }
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('the Overview as of 5 Dec 2018 (in a gap) lists no top service or account at $0.00: each table says no data; the Data transfer page as of 15 Aug 2024 says no data, not "no data transfer"', async () => {
    const overview = await (await page(gaps.app, '/?as_of=2018-12-05')).text();
    for (const id of ['top-services', 'top-accounts']) expect(textOf(tableHtml(overview, id)), id).toMatch(/This month Share No data: this month's days are not in the store\.$/);
    const transfer = await (await page(gaps.app, '/data-transfer?as_of=2024-08-15')).text();
    for (const id of ['transfer-none', 'top-transfer-resources-none', 'top-transfer-accounts-none']) {
      expect(new RegExp(`<p id="${id}">([^<]*)</p>`).exec(transfer)?.[1], id).toBe('No data: the store holds none of these days.');
    }
  });
});
