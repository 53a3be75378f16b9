/**
 * Storage and Data transfer's monthly figures on stores with gaps name only the days the store
 * holds, with why the others are not (daysHeldOf / daysHeldWords, src/lib/store-days.ts), and a
 * month a gap cuts is drawn lighter wherever the gap falls (its query's days: queries/calendar/month_days_in_store.cte.sql):
 * - the store with gaps (tests/helpers/data-gaps-store.ts): the Storage page's "Charge days" line,
 *   cards and chart caption named the six (or twelve) months, 1 Apr – 30 Sep 2024, gap included;
 *   over twelve months its chart drew November 2023, held 1–14 Nov, as a whole month ("30 of 30");
 * - the real October 2018 CUR beside November's without its lines of 10–12 Nov (a gap inside the
 *   chart's months, not at either end): both charts drew November as a whole month, "Every bar is
 *   a whole month.", their monthly queries counting its days from the chart's from/to.
 * Figures by DuckDB on the source files.
 */
import { describe, expect, it } from 'vitest';
import { REAL_LEGACY_CSV, REAL_OCT_2018, duckdbRows } from '../helpers/cli.ts';
import { GAP_2023, GAP_2024, storeWithGaps } from '../helpers/data-gaps-store.ts';
import { realCursWithout10To12NovStore } from '../helpers/derived-files.ts';
import { appPerDescribe } from './helpers.ts';
import { cardOf, pageHtml, storageMonthHeadings, textById } from './real-files-pages.ts';

/** A page's monthly chart: its parameters and its caption. */
const chartOf = (html: string, name: string) => new RegExp(`data-chart="${name}" data-params="([^"]*)" role="img" aria-label="([^"]*)"`).exec(html)?.slice(1).map((s) => s.replaceAll('&amp;', '&'));
/** The rows a chart draws, as /api/charts/NAME answers them. */
type Bar = Record<string, string | number | null>;

/** The legacy CUR's 14 Nov 2023 (usage to 04:00), after its delivery's own data horizon: a partial day, as `status` and `forecast` call it. */
const PARTIAL = '14 Nov 2023 is a partial day (the data of aws/123412340534 ends on 13 Nov 2023).';
/** Both gaps of the store with gaps, as one reason names them. */
const BOTH_GAPS = `${GAP_2023} and from 15 Nov 2023 to 31 Aug 2024`;

describe('Storage on the store with gaps names the days it holds of its months, and why not the others', () => {
  const gaps = appPerDescribe(storeWithGaps, 300_000);
  const bars = async (path: string): Promise<Bar[]> => (await (await gaps.app.request(path)).json()).data.values;

  it('six months as of 30 Sep 2024: 1–30 Sep 2024, in the Charge days line, the card and the chart (they named 1 Apr – 30 Sep 2024); the chart says it draws no bar (it said "Every bar is a whole month.")', async () => {
    const html = await pageHtml(gaps.app, '/storage');
    expect(textById(html, 'p', 'storage-days')).toBe(`Charge days 1–30 Sep 2024 (up to the data horizon 30 Sep 2024; ${GAP_2024}), billed cost, usage lines only.`);
    // The FOCUS sample's 941 AWS usage lines of September, billed $20.62, carry no usage type (figures by DuckDB: not-classified-real-files.test.ts).
    expect(cardOf(html, 'storage-total')).toEqual(['', 'not classified', `1–30 Sep 2024 (${GAP_2024}): 941 AWS usage lines without a usage type, billed $20.62`]);
    // The month's own card: every day of September held, nothing to say.
    expect(cardOf(html, 'storage-latest')).toEqual(['', 'not classified', '1–30 Sep 2024: 941 AWS usage lines without a usage type, billed $20.62']);
    expect(chartOf(html, 'storage_cost_by_class')).toEqual(['from=2024-09-01&to=2024-10-01&cost=billed',
      `Monthly storage billed cost by service, 1–30 Sep 2024 (${GAP_2024}). No bar: no line of these days is classified as storage; 941 AWS usage lines carry no usage type (the note above).`]);
  });

  it('twelve months: 1–14 Nov 2023 and 1–30 Sep 2024, $0.0632427971 of the legacy CUR\'s storage; November 2023 drawn lighter, 13 of its 30 days and 1 partial, 14 Nov, after its delivery\'s own horizon (it was "30 of 30", a whole month, then 14 of 30)', async () => {
    // The legacy CUR's storage usage lines by service and class (S3 TimedStorage-ByteHrs Standard, -GlacierByteHrs, EFS), and its days, by DuckDB on the CSV.
    const file = await duckdbRows(`SELECT CASE WHEN p = 'AmazonEFS' THEN 'EFS' ELSE 'S3' END AS service,
        CASE WHEN u LIKE '%GlacierByteHrs' THEN 'Glacier Flexible Retrieval' ELSE 'Standard' END AS class,
        CAST(sum(CAST(c AS DECIMAL(38,10))) AS VARCHAR) AS cost, CAST(count(*) AS VARCHAR) AS lines
      FROM (SELECT "lineItem/ProductCode" AS p, "lineItem/UsageType" AS u, "lineItem/UnblendedCost" AS c FROM read_csv($csv, all_varchar = true) WHERE "lineItem/LineItemType" = 'Usage')
      WHERE (p = 'AmazonS3' AND u LIKE '%TimedStorage%') OR (p = 'AmazonEFS' AND u LIKE '%ByteHrs%') GROUP BY 1, 2 ORDER BY 1, 2`, { csv: REAL_LEGACY_CSV });
    const [days] = await duckdbRows(`SELECT CAST(count(DISTINCT CAST("lineItem/UsageStartDate" AS DATE)) AS VARCHAR) AS held, CAST(max(CAST("lineItem/UsageStartDate" AS DATE)) AS VARCHAR) AS last,
        CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) FILTER (WHERE ("lineItem/ProductCode" = 'AmazonS3' AND "lineItem/UsageType" LIKE '%TimedStorage%')
          OR ("lineItem/ProductCode" = 'AmazonEFS' AND "lineItem/UsageType" LIKE '%ByteHrs%')) AS VARCHAR) AS storage
      FROM read_csv($csv, all_varchar = true) WHERE "lineItem/LineItemType" = 'Usage'`, { csv: REAL_LEGACY_CSV });
    expect(days).toEqual({ held: '14', last: '2023-11-14', storage: '0.0632427971' });
    const html = await pageHtml(gaps.app, '/storage?months=12');
    expect(textById(html, 'p', 'storage-days')).toBe(`Charge days 1–14 Nov 2023 and 1–30 Sep 2024 (up to the data horizon 30 Sep 2024; ${BOTH_GAPS}), billed cost, usage lines only. ${PARTIAL}`);
    expect(cardOf(html, 'storage-total')).toEqual([days.storage, '$0.06',
      `1–14 Nov 2023 and 1–30 Sep 2024 (${BOTH_GAPS}); not counting 941 AWS usage lines without a usage type, billed $20.62`]);
    expect(chartOf(html, 'storage_cost_by_class')).toEqual(['from=2023-11-01&to=2024-10-01&cost=billed',
      `Monthly storage billed cost by service, 1–14 Nov 2023 and 1–30 Sep 2024 (${BOTH_GAPS}). Lighter bars: part of a month (1–14 Nov 2023). ${PARTIAL}`]);
    // The table's column says so too, as the chart's tooltip does (it read "Nov 2023", as a whole month); September has no storage line, so no column.
    expect(storageMonthHeadings(html)).toEqual([`Nov 2023 ${Number(days.held) - 1} of 30 days and 1 partial`]);
    const drawn = await bars('/api/charts/storage_cost_by_class?from=2023-11-01&to=2024-10-01&cost=billed');
    expect(drawn.map((b) => [b.storage_service, b.storage_class, b.cost, String(b.lines), b.month, b.days, b.month_days, b.partial_days]))
      .toEqual(file.map((f) => [f.service, f.class, Number(f.cost), f.lines, '2023-11-01', Number(days.held) - 1, 30, 1]));
    expect(file.map((f) => f.cost)).toEqual(['0.0009452835', '0.0392937698', '0.0230037438']);
  });
});

describe('a gap inside the charts\' months (the real October 2018 CUR and November\'s without 10–12 Nov): November drawn lighter, 27 of its 30 days', () => {
  let file = '';
  const store = appPerDescribe(async () => {
    const built = await realCursWithout10To12NovStore();
    file = built.nov;
    return built.db;
  }, 300_000);
  const bars = async (path: string): Promise<Bar[]> => (await (await store.app.request(path)).json()).data.values;
  const HELD = '1 Oct – 9 Nov 2018 and 13–30 Nov 2018 (the store holds no billing data on 10–12 Nov 2018)';
  const LIGHTER = 'Lighter bars: part of a month (1–9 Nov 2018 and 13–30 Nov 2018).';

  it('Data transfer as of 30 Nov 2018: the caption names the days held and November\'s lighter bars (it read "1 Oct – 30 Nov 2018 (…). Every bar is a whole month."); the bars match DuckDB', async () => {
    const html = await pageHtml(store.app, '/data-transfer');
    expect(chartOf(html, 'data_transfer_by_type')).toEqual(['from=2018-10-01&to=2018-12-01&cost=billed', `Monthly data transfer billed cost by type, ${HELD}. ${LIGHTER}`]);
    // Each month's transfer usage lines by type, and the days holding them, by DuckDB on both files (the types' usage-type rules; the files' only kinds).
    const months = await duckdbRows(`SELECT CAST(CAST(date_trunc('month', line_item_usage_start_date) AS DATE) AS VARCHAR) AS month,
        CASE WHEN u LIKE '%DataTransfer-Regional-Bytes' THEN 'inter-AZ' WHEN u LIKE '%-AWS-Out-Bytes' OR u LIKE '%-AWS-In-Bytes' THEN 'inter-region'
          WHEN u LIKE '%DataTransfer-Out-Bytes' THEN 'internet egress' WHEN u LIKE '%DataTransfer-In-Bytes' THEN 'internet ingress' END AS transfer_type,
        CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR) AS cost, CAST(count(*) AS VARCHAR) AS lines,
        CAST(count(DISTINCT CAST(line_item_usage_start_date AS DATE)) AS VARCHAR) AS days
      FROM (SELECT *, line_item_usage_type AS u FROM read_parquet([$oct, $nov]) WHERE line_item_line_item_type = 'Usage')
      WHERE u LIKE '%DataTransfer%' OR u LIKE '%-AWS-Out-Bytes' OR u LIKE '%-AWS-In-Bytes' GROUP BY 1, 2 ORDER BY 1, 2`, { oct: REAL_OCT_2018, nov: file });
    expect(months.map((m) => [m.month, m.transfer_type, m.days])).toEqual([
      ['2018-10-01', 'inter-AZ', '31'], ['2018-10-01', 'inter-region', '31'], ['2018-10-01', 'internet egress', '31'], ['2018-10-01', 'internet ingress', '31'],
      ['2018-11-01', 'inter-AZ', '27'], ['2018-11-01', 'inter-region', '27'], ['2018-11-01', 'internet egress', '27'], ['2018-11-01', 'internet ingress', '27']]);
    expect(months.filter((m) => m.transfer_type === 'inter-AZ').map((m) => m.cost)).toEqual(['0.0133413119', '0.0049764299']);
    const drawn = await bars('/api/charts/data_transfer_by_type?from=2018-10-01&to=2018-12-01&cost=billed');
    expect(drawn.map((b) => [b.month, b.transfer_type, b.cost, String(b.lines), String(b.days), b.month_days]))
      .toEqual(months.map((m) => [m.month, m.transfer_type, Number(m.cost), m.lines, m.days, m.month === '2018-10-01' ? 31 : 30]));
  });

  it('Storage: the Charge days line, the cards and the chart name the days held; November\'s bars hold 27 of its 30 days (they read 30 of 30), and its column says so (it read "Nov 2018")', async () => {
    const [november] = await duckdbRows(`SELECT CAST(count(DISTINCT CAST(line_item_usage_start_date AS DATE)) AS VARCHAR) AS days FROM read_parquet($nov)
      WHERE line_item_usage_start_date >= TIMESTAMP '2018-11-01' AND line_item_line_item_type = 'Usage'`, { nov: file });
    expect(november.days).toBe('27');
    const html = await pageHtml(store.app, '/storage');
    expect(storageMonthHeadings(html)).toEqual(['Oct 2018', `Nov 2018 ${november.days} of 30 days`]);
    expect(textById(html, 'p', 'storage-days')).toBe('Charge days 1 Oct – 9 Nov 2018 and 13–30 Nov 2018 (up to the data horizon 30 Nov 2018; the store holds no billing data on 10–12 Nov 2018), billed cost, usage lines only.');
    expect(cardOf(html, 'storage-total')[2]).toBe(HELD);
    expect(cardOf(html, 'storage-latest')[2]).toBe('1–9 Nov 2018 and 13–30 Nov 2018 (the store holds no billing data on 10–12 Nov 2018)');
    expect(chartOf(html, 'storage_cost_by_class')).toEqual(['from=2018-10-01&to=2018-12-01&cost=billed', `Monthly storage billed cost by service, ${HELD}. ${LIGHTER}`]);
    const drawn = await bars('/api/charts/storage_cost_by_class?from=2018-10-01&to=2018-12-01&cost=billed');
    expect([...new Set(drawn.map((b) => `${b.month} ${b.days} of ${b.month_days}`))]).toEqual(['2018-10-01 31 of 31', '2018-11-01 27 of 30']);
  });
});
