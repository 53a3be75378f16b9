/**
 * overview/month_to_date over the query API and `costlens query` on the store with gaps between its
 * billing periods (the real 2018 CURs, the legacy CUR of 1–14 Nov 2023 and the FOCUS sample of
 * September 2024: tests/helpers/data-gaps-store.ts). A span none of whose days the store holds has
 * no cost (null, where it read 0.0000000000 and a change against it), and usage is compared only
 * when the store holds every day of both spans, as the Overview reads them ("no data", "not
 * compared": data-gaps-pages.test.ts). The Athena twin gives the same rows.
 */
import { describe, expect, it } from 'vitest';
import { queryRegistry } from '../../src/engine/query-registry.ts';
import { runNamedQuery } from '../../src/engine/duckdb.ts';
import { createDuckDB, readerSettings } from '../../src/store/duckdb-settings.ts';
import { athenaTwinOnDuckDB } from '../helpers/athena-twin-on-duckdb.ts';
import { REAL_FOCUS, REAL_LEGACY_CSV, REAL_NOV_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { storeWithGaps } from '../helpers/data-gaps-store.ts';
import { apiRows, appPerDescribe, page } from './helpers.ts';

/** The columns that say what each row counts, and the costs, of a row of overview/month_to_date. */
const FIGURES = ['charge_class', 'current_cost', 'previous_cost', 'previous_period_cost', 'change', 'change_pct'] as const;
const figures = (rows: Record<string, string | null>[]) => rows.map((r) => FIGURES.map((c) => r[c]));

/** Each file's sums by DuckDB on the file itself (exact decimals as text): the usage and every class of the days each case counts. */
async function fileSums(): Promise<Record<string, string | null>> {
  const [sums] = await duckdbRows(`SELECT
      (SELECT CAST(sum(TRY_CAST(BilledCost AS DECIMAL(38,10))) AS VARCHAR) FROM read_csv($focus, all_varchar = true)
        WHERE ChargeCategory = 'Usage' AND ChargePeriodStart >= '2024-09-01' AND ChargePeriodStart < '2024-10-01') AS focus_usage,
      (SELECT CAST(sum(TRY_CAST(BilledCost AS DECIMAL(38,10))) AS VARCHAR) FROM read_csv($focus, all_varchar = true)
        WHERE ChargePeriodStart >= '2024-09-01' AND ChargePeriodStart < '2024-10-01') AS focus_all,
      (SELECT CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) FILTER (WHERE "lineItem/LineItemType" = 'Usage') AS VARCHAR) FROM read_csv($legacy, all_varchar = true)) AS legacy_usage,
      (SELECT CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) AS VARCHAR) FROM read_csv($legacy, all_varchar = true)) AS legacy_all,
      (SELECT CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) FILTER (WHERE line_item_line_item_type IN ('Usage', 'DiscountedUsage')) AS VARCHAR)
        FROM read_parquet($nov) WHERE line_item_usage_start_date < TIMESTAMP '2018-11-06') AS nov_1_5_usage,
      (SELECT CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) FILTER (WHERE line_item_line_item_type IN ('Usage', 'DiscountedUsage')) AS VARCHAR)
        FROM read_parquet($nov)) AS nov_usage`, { focus: REAL_FOCUS, legacy: REAL_LEGACY_CSV, nov: REAL_NOV_2018 });
  return sums;
}

describe('overview/month_to_date on a store with gaps between its billing periods (the real 2018, 2023 and 2024 files together)', () => {
  const gaps = appPerDescribe(storeWithGaps, 300_000);
  const api = async (asOf: string) => apiRows(await gaps.app.request(`/api/queries/overview/month_to_date?as_of=${asOf}`));

  it('as of 30 Sep 2024, August 2024 lies in a gap: its costs are null on every row and usage is not compared (it read previous_cost 0.0000000000 and change +22.8619267289); the CSV and `costlens query` agree', async () => {
    const sums = await fileSums();
    expect([sums.focus_usage, sums.focus_all]).toEqual(['22.8619267289', '20.5202267289']);
    const rows = await api('2024-09-30');
    expect([rows[0].current_start, rows[0].current_end, rows[0].previous_start, rows[0].previous_end]).toEqual(['2024-09-01', '2024-10-01', '2024-08-01', '2024-08-31']);
    expect(figures(rows)).toEqual([
      ['usage', sums.focus_usage, null, null, null, null],
      ['recurring', '0.0000000000', null, null, null, null],
      ['one-time', '0.0000000000', null, null, null, null],
      ['tax', '0.0000000000', null, null, null, null],
      ['credit', '-2.6137000000', null, null, null, null],
      ['adjustment', '0.2720000000', null, null, null, null],
      ['total', sums.focus_all, null, null, null, null],
    ]);
    const csv = await (await gaps.app.request('/api/queries/overview/month_to_date?as_of=2024-09-30&format=csv')).text();
    expect(csv.split(/\r?\n/)[1]).toBe('usage,2024-09-01,2024-10-01,22.8619267289,2024-08-01,2024-08-31,,,,');
    const cli = await costlens(gaps.db, 'query', 'overview/month_to_date', '--param', 'as_of=2024-09-30', '--format', 'csv');
    expect(cli.code).toBe(0);
    expect(cli.stdout).toBe(csv);
  });

  it('a span partly in the store keeps the cost of the days it holds, uncompared; one wholly outside it is null; both in it compare as before', async () => {
    const sums = await fileSums();
    expect([sums.legacy_usage, sums.legacy_all, sums.nov_1_5_usage, sums.nov_usage]).toEqual(['1.6023086974', '1.6823086974', '768.5847348217', '3357.9429681268']);
    const usageAndTotal = (rows: Record<string, string | null>[]) => figures(rows).filter((r) => r[0] === 'usage' || r[0] === 'total');
    // 1–20 Nov 2023: the store holds 1–14 Nov (15–20 lie in a gap); 1–20 Oct 2023 and October lie in a gap.
    expect(usageAndTotal(await api('2023-11-20'))).toEqual([['usage', sums.legacy_usage, null, null, null, null], ['total', sums.legacy_all, null, null, null, null]]);
    // 1–15 Aug 2024 and 1–15 Jul 2024: the store holds none of their days.
    expect(usageAndTotal(await api('2024-08-15'))).toEqual([['usage', null, null, null, null, null], ['total', null, null, null, null, null]]);
    // 1–5 Dec 2018 lies in a gap, 1–5 Nov 2018 and November in the store.
    expect(usageAndTotal(await api('2018-12-05'))).toEqual([
      ['usage', null, sums.nov_1_5_usage, sums.nov_usage, null, null], ['total', null, '915.9687348217', '3505.3269681268', null, null],
    ]);
    // 1–15 Nov 2018 against 1–15 Oct 2018: every day in the store, compared (api.test.ts checks these on the 2018 files alone).
    expect(usageAndTotal(await api('2018-11-15'))[0]).toEqual(['usage', '2322.4424185468', '1814.1554646465', '3914.7077525379', '508.2869539003', '28.02']);
  });

  it('the Athena twin gives the same rows on this store', async () => {
    const portable = queryRegistry().find('overview/month_to_date');
    const twin = athenaTwinOnDuckDB('overview/month_to_date')!;
    const instance = await createDuckDB(gaps.db, readerSettings());
    const connection = await instance.connect();
    try {
      const read = async (query: typeof portable, params: Record<string, string>) =>
        (await runNamedQuery(connection, query, params)).getRows().map((row) => row.map((v) => (v === null ? null : String(v))));
      for (const asOf of ['2024-09-30', '2023-11-20', '2024-08-15', '2018-12-05', '2018-11-15']) {
        for (const cost of ['billed', 'effective']) expect(await read(twin, { as_of: asOf, cost }), `${asOf} ${cost}`).toEqual(await read(portable, { as_of: asOf, cost }));
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('the Overview as of 15 Aug 2024 (in a gap): "Every charge class" reads no data this month, not $0.00', async () => {
    const html = await (await page(gaps.app, '/?as_of=2024-08-15')).text();
    const table = /<section class="top-table" id="charge-classes">([^]*?)<\/table>/.exec(html)![1];
    const cells = [...table.matchAll(/<tr data-class="([^"]+)"><t[dh]>[^<]*<\/t[dh]>(<td[^>]*>[^<]*<\/td>)/g)].map((m) => [m[1], m[2]]);
    expect(cells.length).toBe(6);
    for (const [row, cell] of cells) expect(cell, row).toBe('<td data-value="">no data</td>');
  });
});
