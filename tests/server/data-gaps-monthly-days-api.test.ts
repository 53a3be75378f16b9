/**
 * The monthly queries storage/monthly_cost_by_class and data_transfer/monthly_cost_by_type count a
 * month's `days` as the days of it inside [from, to) that the store holds
 * (queries/calendar/month_days_in_store.cte.sql, by the covering rule of covered_days.cte.sql), over
 * the query API (JSON and CSV) and `costlens query` alike, as their charts draw them. They counted
 * the days from `from` and `to` alone, and the charts' server rewrote its own rows: on the store with
 * gaps (tests/helpers/data-gaps-store.ts) the API and `costlens query` said November 2023 held 30 of
 * its 30 days while the chart said 14; on the 2018 CURs without 10–12 Nov, November 30 of 30 where
 * the chart said 27. Day counts by DuckDB on the files; the Athena forms give the same rows.
 */
import { describe, expect, it } from 'vitest';
import type { NamedQuery } from '../../src/engine/queries.ts';
import { queryRegistry } from '../../src/engine/query-registry.ts';
import { runNamedQuery } from '../../src/engine/duckdb.ts';
import { createDuckDB, readerSettings } from '../../src/store/duckdb-settings.ts';
import { athenaTwinOnDuckDB } from '../helpers/athena-twin-on-duckdb.ts';
import { REAL_LEGACY_CSV, REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { storeWithGaps } from '../helpers/data-gaps-store.ts';
import { realCursWithout10To12NovStore } from '../helpers/derived-files.ts';
import { apiRows, appPerDescribe } from './helpers.ts';

const STORAGE = 'storage/monthly_cost_by_class';
const TRANSFER = 'data_transfer/monthly_cost_by_type';
/** Each row's month and its key, with its days and all of its month's days. */
const spans = (rows: Record<string, unknown>[], key: string) => rows.map((r) => [r.month, r[key], String(r.days), String(r.month_days)]);

/** The legacy CUR's distinct usage days from `from` (DuckDB on the CSV): the days of November 2023 the store with gaps holds. */
const legacyDays = async (from: string) => (await duckdbRows(`SELECT CAST(count(DISTINCT CAST("lineItem/UsageStartDate" AS DATE)) AS VARCHAR) AS days
  FROM read_csv($csv, all_varchar = true) WHERE "lineItem/LineItemType" = 'Usage' AND CAST("lineItem/UsageStartDate" AS DATE) >= CAST($from AS DATE)`, { csv: REAL_LEGACY_CSV, from }))[0].days;

/** The legacy CUR's transfer types with usage lines from `from` (DuckDB on the CSV, the types' usage-type rules as data-gaps-held-days.test.ts writes them). */
const legacyTransferTypes = async (from: string) => (await duckdbRows(`SELECT DISTINCT CASE WHEN u LIKE '%DataTransfer-Regional-Bytes' THEN 'inter-AZ'
    WHEN u LIKE '%-AWS-Out-Bytes' OR u LIKE '%-AWS-In-Bytes' THEN 'inter-region' WHEN u LIKE '%DataTransfer-Out-Bytes' THEN 'internet egress'
    WHEN u LIKE '%DataTransfer-In-Bytes' THEN 'internet ingress' ELSE 'other data transfer' END AS transfer_type
  FROM (SELECT "lineItem/UsageType" AS u, "lineItem/UsageStartDate" AS start FROM read_csv($csv, all_varchar = true) WHERE "lineItem/LineItemType" = 'Usage')
  WHERE CAST(start AS DATE) >= CAST($from AS DATE) AND (u LIKE '%DataTransfer%' OR u LIKE '%-AWS-Out-Bytes' OR u LIKE '%-AWS-In-Bytes') ORDER BY 1`, { csv: REAL_LEGACY_CSV, from })).map((r) => r.transfer_type);

/** The Athena forms of both queries give their portable forms' rows on `db` for each range, billed and effective (with the store's ended deliveries); they read line_items, not daily_spend. */
async function athenaFormsAgree(db: string, ranges: [string, string][]): Promise<void> {
  const instance = await createDuckDB(db, readerSettings());
  const connection = await instance.connect();
  try {
    const read = async (query: NamedQuery, params: Record<string, string>) =>
      (await runNamedQuery(connection, query, params)).getRows().map((row) => row.map((v) => (v === null ? null : String(v))));
    for (const name of [STORAGE, TRANSFER]) {
      const portable = queryRegistry().find(name);
      const twin = athenaTwinOnDuckDB(name);
      expect(twin, name).toBeDefined();
      expect([portable.sql.includes('FROM daily_spend s'), twin!.sql.includes('FROM daily_spend')], name).toEqual([true, false]);
      for (const [from, to] of ranges) {
        for (const cost of ['billed', 'effective']) {
          // Effective cost with the store's deliveries that have ended, as the charts bind them (its partial day, the months they stop inside).
          const params = { from, to, cost, ...(cost === 'effective' ? { ended: '["2018-11-30 aws/836060457634","2023-11-13 aws/123412340534"]' } : {}) };
          expect(await read(twin!, params), `${name} ${JSON.stringify(params)}`).toEqual(await read(portable, params));
        }
      }
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('the store with gaps: the monthly queries say November 2023 holds 14 of its 30 days, as their charts do', () => {
  const gaps = appPerDescribe(storeWithGaps, 300_000);

  it('the query API (JSON and CSV) and costlens query: 14 of 30 over twelve months (they said 30 of 30, the chart 14); 5 of 30 from 10 Nov', async () => {
    expect([await legacyDays('2023-11-01'), await legacyDays('2023-11-10')]).toEqual(['14', '5']);
    expect(await legacyTransferTypes('2023-11-01')).toEqual(['inter-AZ', 'inter-region', 'internet egress', 'internet ingress', 'other data transfer']);
    expect(await legacyTransferTypes('2023-11-10')).toEqual(['inter-region', 'internet egress', 'internet ingress']);
    // The legacy CUR's storage lines by service and class (by DuckDB on the CSV: data-gaps-storage.test.ts), from 1 Nov and from 10 Nov alike.
    const storage = [['EFS', 'Standard'], ['S3', 'Glacier Flexible Retrieval'], ['S3', 'Standard']];
    for (const [from, to, days] of [['2023-11-01', '2024-10-01', '14'], ['2023-11-10', '2023-12-01', '5']]) {
      const transfer = await legacyTransferTypes(from);
      const range = `from=${from}&to=${to}&cost=billed`;
      const storageRows = await apiRows(await gaps.app.request(`/api/queries/${STORAGE}?${range}`));
      expect(storageRows.map((r) => [r.storage_service, r.storage_class, r.month, r.days, r.month_days]), range)
        .toEqual(storage.map(([service, cls]) => [service, cls, '2023-11-01', days, '30']));
      expect(spans(await apiRows(await gaps.app.request(`/api/queries/${TRANSFER}?${range}`)), 'transfer_type'), range)
        .toEqual(transfer.map((type) => ['2023-11-01', type, days, '30']));
      // CSV: the same days column.
      const csv = (await (await gaps.app.request(`/api/queries/${TRANSFER}?${range}&format=csv`)).text()).trim().split(/\r?\n/);
      expect(csv[0], range).toBe('month,transfer_type,cost,gb,lines,days,month_days,partial_days,partial_sources,ended_through,ended_sources');
      // No partial day by default: the store's data horizon is 30 Sep 2024 and no delivery is given as ended (`ended`, which the charts bind: below).
      expect(csv.slice(1).map((line) => line.split(',').slice(-6).join(' ')), range).toEqual(transfer.map(() => `${days} 30 0   `));
      // costlens query: the same.
      for (const name of [STORAGE, TRANSFER]) {
        const run = await costlens(gaps.db, 'query', name, '--param', `from=${from}`, '--param', `to=${to}`, '--format', 'json');
        expect(run.code, run.stderr).toBe(0);
        expect([...new Set((JSON.parse(run.stdout) as Record<string, unknown>[]).map((r) => `${r.month} ${r.days} of ${r.month_days}`))], `${name} ${range}`)
          .toEqual([`2023-11-01 ${days} of 30`]);
      }
    }
  });

  it('the charts draw the query\'s rows as they are, given the store\'s ended deliveries: the storage chart\'s bars are the API\'s rows, 13 of 30 and 1 partial, the legacy CUR\'s 14 Nov', async () => {
    const range = 'from=2023-11-01&to=2024-10-01&cost=billed';
    const spec = (await (await gaps.app.request(`/api/charts/storage_cost_by_class?${range}`)).json()) as { data: { values: Record<string, unknown>[] }; usermeta: { costlens: { params: Record<string, string> } } };
    // The chart binds the store's deliveries that have ended (both 2018 CURs' data ends on 30 Nov 2018, the legacy CUR's on 13 Nov 2023) and the day after the horizon.
    const { ended, complete_until: completeUntil } = spec.usermeta.costlens.params;
    expect([JSON.parse(ended), completeUntil]).toEqual([['2018-11-30 aws/836060457634', '2023-11-13 aws/123412340534'], '2024-10-01']);
    const rows = await apiRows(await gaps.app.request(`/api/queries/${STORAGE}?${range}&complete_until=${completeUntil}&ended=${encodeURIComponent(ended)}`));
    const drawn = spec.data.values;
    expect(spans(drawn, 'storage_class')).toEqual(spans(rows, 'storage_class'));
    expect(drawn.map((b) => `${b.days} of ${b.month_days}, ${b.partial_days} partial of ${b.partial_sources}`)).toEqual(Array(3).fill('13 of 30, 1 partial of aws/123412340534'));
  });

  it('the Athena forms give the same rows on this store', async () => {
    await athenaFormsAgree(gaps.db, [['2023-11-01', '2024-10-01'], ['2023-11-10', '2023-12-01'], ['2018-10-15', '2023-11-14'], ['2024-09-10', '2024-10-01']]);
  });
});

describe('a gap inside the months (the real October 2018 CUR and November\'s without 10–12 Nov): the queries say November holds 27 of its 30 days', () => {
  let file = '';
  const store = appPerDescribe(async () => {
    const built = await realCursWithout10To12NovStore();
    file = built.nov;
    return built.db;
  }, 300_000);

  it('October 31 of 31, November 27 of 30 (they said 30 of 30); 5–19 Nov: 12 of 30, the gap inside the range too', async () => {
    const days = async (from: string, to: string) => (await duckdbRows(`SELECT CAST(CAST(date_trunc('month', d) AS DATE) AS VARCHAR) AS month, CAST(count(DISTINCT d) AS VARCHAR) AS days
      FROM (SELECT CAST(line_item_usage_start_date AS DATE) AS d FROM read_parquet([$oct, $nov]) WHERE line_item_line_item_type = 'Usage')
      WHERE d >= CAST($from AS DATE) AND d < CAST($to AS DATE) GROUP BY 1 ORDER BY 1`, { oct: REAL_OCT_2018, nov: file, from, to }));
    expect(await days('2018-10-01', '2018-12-01')).toEqual([{ month: '2018-10-01', days: '31' }, { month: '2018-11-01', days: '27' }]);
    expect(await days('2018-11-05', '2018-11-20')).toEqual([{ month: '2018-11-01', days: '12' }]);
    for (const name of [STORAGE, TRANSFER]) {
      const held = async (range: string) => [...new Set((await apiRows(await store.app.request(`/api/queries/${name}?${range}`))).map((r) => `${r.month} ${r.days} of ${r.month_days}`))];
      expect(await held('from=2018-10-01&to=2018-12-01'), name).toEqual(['2018-10-01 31 of 31', '2018-11-01 27 of 30']);
      expect(await held('from=2018-11-05&to=2018-11-20'), name).toEqual(['2018-11-01 12 of 30']);
    }
  });

  it('the Athena forms give the same rows on this store', async () => {
    await athenaFormsAgree(store.db, [['2018-10-01', '2018-12-01'], ['2018-11-05', '2018-11-20'], ['2018-10-20', '2018-11-11']]);
  });
});
