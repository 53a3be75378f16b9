/**
 * One verdict per month on the Storage and Data transfer pages: their table, cards, captions, headline and
 * chart read a month from the same rows (storage/monthly_cost_by_class, data_transfer/monthly_cost_by_type,
 * given the store's deliveries that have ended: queries/calendar/month_days_in_store.cte.sql).
 * - Beside a delivery that has ended inside a month (the Nov 2018 CUR cut after 13 Nov beside FOCUS of 1–30 Nov;
 *   the legacy CUR beside FOCUS of Nov 2023), the table and caption said "not a whole month" while the chart drew
 *   the month full strength, its tooltip "30 of 30" (its rows days 30, month_days 30), and Data transfer's headline
 *   read "Nov 2018, the whole month"; on the 2018 CURs without 10–12 Nov the headline read "the whole month" too.
 * - The legacy CUR's 14 Nov 2023 (usage to 04:00, after its delivery's horizon, 13 Nov) counted as a held day
 *   beside later data ("14 of 30 days", partial_days 0) and as a partial day alone ("13 of 30").
 * - A delivery that has ended holding no storage line (the FOCUS sample moved to Oct 2018: no usage type) made
 *   October's $267.90 of the CUR's storage "not a whole month", its three sources named "a delivery".
 * Figures by DuckDB on the source files.
 */
import { describe, expect, it } from 'vitest';
import { endedMonthsNote } from '../../src/server/held-days-chart.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_LEGACY_CSV, REAL_OCT_2018, duckdbRows } from '../helpers/cli.ts';
import { realCursWithout10To12NovStore } from '../helpers/derived-files.ts';
import { storeWithGaps } from '../helpers/data-gaps-store.ts';
import { curCutBesideFocusStore, cursBesideFocusOctober2018Store, legacyBesideFocusStores } from '../helpers/ended-delivery-files.ts';
import { appPerDescribe } from '../server/helpers.ts';
import { pageHtml, storageMonthHeadings, textById } from '../server/real-files-pages.ts';
import { drawnRows } from '../server/vega-drawn-rows.ts';

type Row = Record<string, unknown>;
type App = ReturnType<typeof appPerDescribe>['app'];

/** A chart's bars over a range as Vega draws them (its default parameters bound by the server): month, bar opacity's span and tooltip days, once per month. */
async function monthsDrawn(app: App, chart: string, range: string): Promise<string[][]> {
  const spec = await (await app.request(`/api/charts/${chart}?${range}`)).json() as Row;
  const bars = await drawnRows(spec);
  const month = (r: Row) => new Date(r.utcyearmonth_month as number).toISOString().slice(0, 10);
  return [...new Set(bars.map((r) => JSON.stringify([month(r), r.span, r.days_shown])))].map((r) => JSON.parse(r));
}

/** A delivery that has ended inside a month, in the words of the page's lines, as every element of both pages says it. */
const notWhole = (lines: string, sources: string, lastDay: string) => `not a whole month of the ${lines} lines of ${sources}, a delivery that has ended (its data ends on ${lastDay})`;
/** The Data transfer page's first line, up to its spans. */
const headline = (html: string) => textById(html, 'p', 'transfer-days')!.split(':')[0];

describe('the Nov 2018 CUR cut after 13 Nov beside FOCUS of 1–30 Nov: November is not a whole month on the chart too', () => {
  let cutFile = '';
  let focusFile = '';
  const cut = appPerDescribe(async () => {
    const built = await curCutBesideFocusStore();
    [cutFile, focusFile] = [built.files.curs[1], built.files.focus];
    return built.db;
  }, 300_000);
  const CUR = 'aws/836060457634';

  it('by DuckDB: the CUR\'s usage ends at 14 Nov 00:00 (its horizon 13 Nov) with 17,028 transfer lines in November; the FOCUS file holds each of 1–30 Nov', async () => {
    const [cur] = await duckdbRows(`SELECT CAST(max(line_item_usage_end_date) AS VARCHAR) AS last_end,
        CAST(count(*) FILTER (WHERE line_item_usage_type LIKE '%DataTransfer%' OR line_item_usage_type LIKE '%-AWS-Out-Bytes' OR line_item_usage_type LIKE '%-AWS-In-Bytes') AS VARCHAR) AS transfer
      FROM read_parquet($cut) WHERE line_item_line_item_type IN ('Usage', 'DiscountedUsage')`, { cut: cutFile });
    const [focus] = await duckdbRows(`SELECT CAST(count(DISTINCT CAST(ChargePeriodStart AS DATE)) AS VARCHAR) AS days FROM read_parquet($focus)
      WHERE ChargePeriodStart >= TIMESTAMP '2018-11-01' AND ChargePeriodStart < TIMESTAMP '2018-12-01'`, { focus: focusFile });
    expect([cur, focus]).toEqual([{ last_end: '2018-11-14 00:00:00', transfer: '17028' }, { days: '30' }]);
  });

  it('both charts draw November lighter, the tooltip naming the CUR\'s end (it read "30 of 30", full strength); October whole', async () => {
    for (const [chart, lines] of [['storage_cost_by_class', 'storage'], ['data_transfer_by_type', 'data transfer']]) {
      expect(await monthsDrawn(cut.app, chart, 'from=2018-10-01&to=2018-12-01'), chart).toEqual([
        ['2018-10-01', 'whole month', '31 of 31'],
        ['2018-11-01', 'part of the month', `30 of 30; ${notWhole(lines, CUR, '13 Nov 2018')}`],
      ]);
    }
  });

  it('Storage\'s table and Data transfer\'s headline say what the chart says (the headline read "Nov 2018, the whole month")', async () => {
    expect(storageMonthHeadings(await pageHtml(cut.app, '/storage?months=3'))).toEqual(['Oct 2018', 'Nov 2018 not a whole month']);
    expect(headline(await pageHtml(cut.app, '/data-transfer'))).toBe(`Nov 2018, ${notWhole('data transfer', CUR, '13 Nov 2018')}, as of 30 Nov 2018 (the data horizon)`);
  });
});

describe('the legacy CUR (its data to 13 Nov 2023) beside FOCUS moved to Nov 2023: November 2023 is not whole on either page', () => {
  let focusFile = '';
  const legfocus = appPerDescribe(async () => {
    const built = await legacyBesideFocusStores();
    focusFile = built.focus;
    return built.two;
  }, 300_000);
  const LEGACY = 'aws/123412340534';

  it('by DuckDB: the legacy CUR\'s usage ends at 04:00 on 14 Nov, with 446 transfer and 73 storage usage lines; the FOCUS file holds each of 1–30 Nov 2023', async () => {
    const [legacy] = await duckdbRows(`SELECT CAST(max(CAST("lineItem/UsageEndDate" AS TIMESTAMP)) AS VARCHAR) AS last_end,
        CAST(count(*) FILTER (WHERE u LIKE '%DataTransfer%' OR u LIKE '%-AWS-Out-Bytes' OR u LIKE '%-AWS-In-Bytes') AS VARCHAR) AS transfer,
        CAST(count(*) FILTER (WHERE (p = 'AmazonS3' AND u LIKE '%TimedStorage%') OR (p = 'AmazonEFS' AND u LIKE '%ByteHrs%')) AS VARCHAR) AS storage
      FROM (SELECT *, "lineItem/UsageType" AS u, "lineItem/ProductCode" AS p FROM read_csv($csv, all_varchar = true)) WHERE "lineItem/LineItemType" = 'Usage'`, { csv: REAL_LEGACY_CSV });
    const [focus] = await duckdbRows(`SELECT CAST(count(DISTINCT CAST(ChargePeriodStart AS DATE)) AS VARCHAR) AS days FROM read_parquet($focus)
      WHERE ChargePeriodStart >= TIMESTAMP '2023-11-01' AND ChargePeriodStart < TIMESTAMP '2023-12-01'`, { focus: focusFile });
    expect([legacy, focus]).toEqual([{ last_end: '2023-11-14 04:00:00', transfer: '446', storage: '73' }, { days: '30' }]);
  });

  it('the charts draw November 2023 lighter, naming the legacy CUR\'s end (14 Nov held whole by FOCUS); the headline does not read "the whole month"', async () => {
    for (const [chart, lines] of [['storage_cost_by_class', 'storage'], ['data_transfer_by_type', 'data transfer']]) {
      expect(await monthsDrawn(legfocus.app, chart, 'from=2023-11-01&to=2023-12-01'), chart)
        .toEqual([['2023-11-01', 'part of the month', `30 of 30; ${notWhole(lines, LEGACY, '13 Nov 2023')}`]]);
    }
    expect(storageMonthHeadings(await pageHtml(legfocus.app, '/storage'))).toEqual(['Nov 2023 not a whole month']);
    expect(headline(await pageHtml(legfocus.app, '/data-transfer'))).toBe(`Nov 2023, ${notWhole('data transfer', LEGACY, '13 Nov 2023')}, as of 30 Nov 2023 (the data horizon)`);
  });
});

describe('the 2018 CURs without 10–12 Nov: Data transfer\'s headline says November holds 27 of its 30 days, as its chart does', () => {
  let file = '';
  const hole = appPerDescribe(async () => {
    const built = await realCursWithout10To12NovStore();
    file = built.nov;
    return built.db;
  }, 300_000);

  it('"Nov 2018, 27 of its 30 days" (it read "Nov 2018, the whole month"), the days by DuckDB on the file', async () => {
    const [november] = await duckdbRows(`SELECT CAST(count(DISTINCT CAST(line_item_usage_start_date AS DATE)) AS VARCHAR) AS days FROM read_parquet($nov)
      WHERE line_item_usage_start_date >= TIMESTAMP '2018-11-01' AND line_item_line_item_type = 'Usage'`, { nov: file });
    expect(november.days).toBe('27');
    expect(headline(await pageHtml(hole.app, '/data-transfer'))).toBe(`Nov 2018, ${november.days} of its 30 days, as of 30 Nov 2018 (the data horizon)`);
    expect((await monthsDrawn(hole.app, 'data_transfer_by_type', 'from=2018-10-01&to=2018-12-01'))[1]).toEqual(['2018-11-01', 'part of the month', '27 of 30']);
  });
});

describe('the legacy CUR\'s 14 Nov 2023 (usage to 04:00, after its own horizon) is a partial day beside later data, as alone', () => {
  const gaps = appPerDescribe(storeWithGaps, 300_000);
  const legacy = appPerDescribe(() => cachedStore([[REAL_LEGACY_CSV]]), 300_000);

  it('on the store of every real file: 13 of 30 days and 1 partial (it read 14 of 30, partial_days 0), the tooltip naming whose horizon; alone, the same 13 of 30', async () => {
    // 13 complete usage days and 1 partial, by DuckDB on the CSV: tests/server/monthly-days-partial-day.test.ts.
    for (const chart of ['storage_cost_by_class', 'data_transfer_by_type']) {
      const [november] = await monthsDrawn(gaps.app, chart, 'from=2023-11-01&to=2024-10-01');
      expect(november, chart).toEqual(['2023-11-01', 'part of the month', '13 of 30 complete and 1 partial (after the data horizon of aws/123412340534)']);
      // Alone, asked past its horizon: the same days, the partial one after the store's own horizon.
      expect(await monthsDrawn(legacy.app, chart, 'from=2023-11-01&to=2023-11-15'), chart).toEqual([['2023-11-01', 'part of the month', '13 of 30 complete and 1 partial (after the data horizon)']]);
    }
    expect(storageMonthHeadings(await pageHtml(gaps.app, '/storage?months=12'))).toEqual(['Nov 2023 13 of 30 days and 1 partial']);
    expect(storageMonthHeadings(await pageHtml(legacy.app, '/storage'))).toEqual(['Nov 2023 13 of 30 days']);
  });
});

describe('a delivery that has ended holding no storage line (the FOCUS sample moved to Oct 2018, its lines without a usage type) leaves October\'s storage whole', () => {
  const focusoct = appPerDescribe(async () => (await cursBesideFocusOctober2018Store()).db, 300_000);

  it('Storage: October\'s $267.90 of the CUR\'s storage is a whole month (it said "Not a whole month: Oct 2018"); its bar full strength', async () => {
    // The CUR's storage usage lines of October, by DuckDB on the file (as storage_lines.cte.sql classifies them; the FOCUS file has no usage type column).
    const [october] = await duckdbRows(`SELECT CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR) AS cost FROM read_parquet($oct)
      WHERE line_item_line_item_type IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation')
        AND ((line_item_product_code = 'AmazonS3' AND line_item_usage_type LIKE '%TimedStorage%') OR line_item_usage_type LIKE '%EBS:VolumeUsage%' OR line_item_usage_type LIKE '%EBS:VolumeP-%'
          OR line_item_usage_type LIKE '%EBS:Snapshot%' OR (line_item_product_code = 'AmazonRDS' AND (line_item_usage_type LIKE '%Storage%' OR line_item_usage_type LIKE '%BackupUsage%'
          OR line_item_usage_type LIKE '%PIOPS') AND line_item_usage_type NOT LIKE '%StorageIOUsage%'))`, { oct: REAL_OCT_2018 });
    expect(october.cost).toBe('267.9049081520');
    const html = await pageHtml(focusoct.app, '/storage?months=3');
    expect(html).not.toContain('id="storage-ended"');
    expect(storageMonthHeadings(html)).toEqual(['Oct 2018', 'Nov 2018']);
    expect(/<tfoot>[^]*?data-value="([^"]*)"/.exec(html)![1]).toBe(october.cost);
    expect(/aria-label="(Monthly storage[^"]*)"/.exec(html)![1]).toBe('Monthly storage billed cost by service, 1 Oct – 30 Nov 2018. Every bar is a whole month.');
    expect((await monthsDrawn(focusoct.app, 'storage_cost_by_class', 'from=2018-10-01&to=2018-12-01'))[0]).toEqual(['2018-10-01', 'whole month', '31 of 31']);
  });

  it('a month the rows say is not whole names the delivery in the house words, several sources as one delivery (it read "…, oracle/20209880 ends on 29 Oct 2018, a delivery that has ended")', () => {
    const sources = ['aws/1234567890123', 'microsoft//providers/Microsoft.Billing/billingAccounts/8611537', 'oracle/20209880'];
    expect(endedMonthsNote([{ month: '2018-10-01', lastDay: '2018-10-29', sources }], 'the storage lines'))
      .toBe(`Oct 2018 is ${notWhole('storage', sources.join(', '), '29 Oct 2018')}.`);
  });
});
