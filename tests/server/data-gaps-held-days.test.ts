/**
 * What the pages and charts name on the store with gaps between its billing periods (the real 2018
 * CURs, the legacy CUR of 1–14 Nov 2023 and the FOCUS sample of September 2024 together:
 * tests/helpers/data-gaps-store.ts): only the days it holds, and "no data" for the others.
 * - Explore, month to date as of 30 Sep 2024 (the whole of the last complete month): the Range field
 *   showed "Month to date" chosen while the summary beside it and the note said "Last month", and
 *   offered both "Month to date" and "Last month", the same days; and "Last 30 days" beside them, September having 30;
 * - Data transfer: the monthly chart's caption named the six months up to as-of, 1 Apr – 30 Sep 2024,
 *   of which the store holds only September;
 * - /charts/month_to_date_by_service.svg as of a day in a gap left out the bars of the span not in the
 *   store without a word.
 * Figures by DuckDB on the source files.
 */
import { describe, expect, it } from 'vitest';
import { REAL_FOCUS, REAL_LEGACY_CSV, duckdbRows } from '../helpers/cli.ts';
import { GAP_2023, GAP_2024, storeWithGaps } from '../helpers/data-gaps-store.ts';
import { withSpanLabels } from '../../src/server/chart-span-labels.ts';
import { fromUnits, toUnits } from '../../src/lib/money.ts';
import { textOf } from './page-helpers.ts';
import { appPerDescribe, page } from './helpers.ts';

/** The Range field's chosen option: its value and its text. */
const chosenPreset = (html: string) => /<select name="preset"[^>]*>[^]*?<option value="(\w*)"[^>]*selected>([^<]*)<\/option>/.exec(html)?.slice(1);
const filterSummary = (html: string) => textOf(/<span class="filter-summary">[^]*?<\/span>/.exec(html)![0]);
/** The Range field's options: value and text. */
const rangeOptions = (html: string) => [.../<select name="preset"[^>]*>([^]*?)<\/select>/.exec(html)![1].matchAll(/<option value="(\w*)"[^>]*>([^<]*)<\/option>/g)].map((m) => [m[1], m[2]]);
const presetNote = (html: string) => /<span class="note" id="explore-preset">([^<]*)<\/span>/.exec(html)?.[1];
/** The Data transfer chart's parameters and caption. */
const transferChart = (html: string) => /data-chart="data_transfer_by_type" data-params="([^"]*)" role="img" aria-label="([^"]*)"/.exec(html)?.slice(1).map((s) => s.replaceAll('&amp;', '&'));

describe('a store with gaps: pages and charts name the days it holds', () => {
  const gaps = appPerDescribe(storeWithGaps, 300_000);

  it('Explore, month to date and the last 30 days as of 30 Sep 2024 (all of September, the last complete month): the Range field shows Last month chosen, as the summary and the note say (it showed "Month to date", and "Last 30 days"), and offers those days once (it offered Month to date and Last 30 days too)', async () => {
    const [file] = await duckdbRows(`SELECT CAST(sum(TRY_CAST(BilledCost AS DECIMAL(38,10))) AS VARCHAR) AS billed FROM read_csv($focus, all_varchar = true)
      WHERE ChargePeriodStart >= '2024-09-01' AND ChargePeriodStart < '2024-10-01'`, { focus: REAL_FOCUS });
    expect(file.billed).toBe('20.5202267289');
    for (const preset of ['month_to_date', 'last_30_days', 'last_month']) {
      const html = await (await page(gaps.app, `/explore?dimension=service&preset=${preset}&cost=billed`)).text();
      expect(chosenPreset(html), preset).toEqual(['last_month', 'Last month']);
      expect(filterSummary(html), preset).toBe(': by service · Last month · billed cost · daily');
      expect(presetNote(html), preset).toBe('(Last month, up to the data horizon 30 Sep 2024)');
      expect(/id="explore-total" data-value="([^"]*)"/.exec(html)?.[1], preset).toBe(file.billed);
    }
    // The Range list offers those days once, as Last month: it offered "Month to date" and "Last 30 days" too, 1–30 Sep 2024 each (data-start, data-end).
    const open = await (await page(gaps.app, '/explore?dimension=service&preset=last_7_days&cost=billed')).text();
    for (const html of [open, ...await Promise.all(['month_to_date', 'last_30_days'].map(async (preset) => (await page(gaps.app, `/explore?dimension=service&preset=${preset}&cost=billed`)).text()))]) {
      expect(rangeOptions(html)).toEqual([['', 'Custom range'], ['last_7_days', 'Last 7 days'], ['last_month', 'Last month'],
        ['last_3_months', 'Last 3 months'], ['last_6_months', 'Last 6 months'], ['last_12_months', 'Last 12 months']]);
    }
    expect(/<option value="last_month" data-start="2024-09-01" data-end="2024-10-01">/.test(open)).toBe(true);
    expect(chosenPreset(open)).toEqual(['last_7_days', 'Last 7 days']);
  });

  it('Data transfer as of 30 Sep 2024: the monthly chart is drawn over, and its caption names, 1–30 Sep 2024, the days the store holds of the six months (it read 1 Apr – 30 Sep 2024), and that it draws no bar (it said "Every bar is a whole month.")', async () => {
    const html = await (await page(gaps.app, '/data-transfer')).text();
    expect(transferChart(html)).toEqual(['from=2024-09-01&to=2024-10-01&cost=billed',
      `Monthly data transfer billed cost by type, 1–30 Sep 2024 (${GAP_2024}). No bar: no line of these days is classified as data transfer.`]);
    // The FOCUS sample's lines carry no usage type: no bar (the page's note says why).
    expect((await (await gaps.app.request('/api/charts/data_transfer_by_type?from=2024-09-01&to=2024-10-01&cost=billed')).json()).data.values).toEqual([]);
  });

  it('Data transfer as of 15 Jan 2020, both spans in the gap: why once, and no "equal spans of complete charge days" (it said so of days the store does not hold, and named the gap twice)', async () => {
    const html = await (await page(gaps.app, '/data-transfer?as_of=2020-01-15')).text();
    const days = textOf(/<p class="as-of" id="transfer-days">[^]*?<\/p>/.exec(html)![0]);
    expect(days).toBe(`Month to date as of 15 Jan 2020: 1–15 Jan 2020 against the same days of the month before, 1–15 Dec 2019 , billed cost, usage lines only. ${GAP_2023[0].toUpperCase()}${GAP_2023.slice(1)}, `
      + 'so this month\'s days up to the as-of day are not in it: choose an as-of day the store holds. Last month\'s days are not in it either and nothing is compared.');
  });

  it('Data transfer as of 13 Nov 2023: 1–13 Nov 2023, a part of a month, drawn lighter (it read 1 Jun – 13 Nov 2023); as of a day whose six months the store holds none of, no data', async () => {
    const html = await (await page(gaps.app, '/data-transfer?as_of=2023-11-13')).text();
    expect(transferChart(html)).toEqual(['from=2023-11-01&to=2023-11-14&cost=billed',
      `Monthly data transfer billed cost by type, 1–13 Nov 2023 (${GAP_2023}). Lighter bars: part of a month (1–13 Nov 2023).`]);
    // The bars: the legacy CUR's transfer lines of 1–13 Nov by kind (…-AWS-Out/In-Bytes inter-region, …DataTransfer-Regional-Bytes inter-AZ,
    // …DataTransfer-Out/In-Bytes internet egress/ingress, other …DataTransfer…), by DuckDB on the CSV; 13 of November's 30 days.
    const file = await duckdbRows(`SELECT CASE WHEN u LIKE '%DataTransfer-Regional-Bytes' THEN 'inter-AZ' WHEN u LIKE '%-AWS-Out-Bytes' OR u LIKE '%-AWS-In-Bytes' THEN 'inter-region'
        WHEN u LIKE '%DataTransfer-Out-Bytes' THEN 'internet egress' WHEN u LIKE '%DataTransfer-In-Bytes' THEN 'internet ingress' ELSE 'other data transfer' END AS transfer_type,
        CAST(sum(CAST(c AS DECIMAL(38,10))) AS VARCHAR) AS cost, CAST(count(*) AS VARCHAR) AS lines
      FROM (SELECT "lineItem/UsageType" AS u, "lineItem/UnblendedCost" AS c FROM read_csv($csv, all_varchar = true)
        WHERE "lineItem/LineItemType" = 'Usage' AND "lineItem/UsageStartDate" < '2023-11-14' AND (u LIKE '%DataTransfer%' OR u LIKE '%-AWS-Out-Bytes' OR u LIKE '%-AWS-In-Bytes'))
      GROUP BY 1 ORDER BY 1`, { csv: REAL_LEGACY_CSV });
    const bars = (await (await gaps.app.request('/api/charts/data_transfer_by_type?from=2023-11-01&to=2023-11-14&cost=billed')).json()).data.values as Record<string, unknown>[];
    expect(bars.map((b) => [b.transfer_type, b.cost, String(b.lines), b.days, b.month_days])).toEqual(file.map((f) => [f.transfer_type, Number(f.cost), f.lines, 13, 30]));
    expect(file.find((f) => f.transfer_type === 'inter-region')?.cost).toBe('0.0000676699');
    const none = await (await page(gaps.app, '/data-transfer?as_of=2024-06-15')).text();
    expect(transferChart(none)?.[1]).toBe(`Monthly data transfer billed cost by type, no data (${GAP_2024}).`);
  });

  it('/charts/month_to_date_by_service.svg as of a day in a gap says "No data for" the span the store does not hold, and why, under its title (its bars were left out unsaid)', async () => {
    const svg = async (asOf: string) => (await gaps.app.request(`/charts/month_to_date_by_service.svg?as_of=${asOf}`)).text();
    const spec = async (asOf: string) => (await gaps.app.request(`/api/charts/month_to_date_by_service?as_of=${asOf}`)).json();
    // As of 10 Dec 2023: December is in the gap, 1–10 Nov 2023 is not: its bars only, and the chart says so.
    const december = await spec('2023-12-10');
    expect(december.title).toEqual({ text: 'By service: 1–10 Dec 2023 against 1–10 Nov 2023', subtitle: ['No data for 1–10 Dec 2023.', `${GAP_2024.replace('the store', 'The store')}.`] });
    const drawn = await svg('2023-12-10');
    expect(drawn).toContain(`<tspan>No data for 1–10 Dec 2023.</tspan><tspan x="0" dy="14">${GAP_2024.replace('the store', 'The store')}.</tspan>`);
    // The bars drawn: the services' usage of 1–10 Nov 2023, by DuckDB on the legacy CUR (product/ProductName of its Usage lines), the 7 largest, then the rest as "Other (N more)".
    const november = await duckdbRows(`SELECT "product/ProductName" AS service, CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) AS VARCHAR) AS cost
      FROM read_csv($csv, all_varchar = true) WHERE "lineItem/LineItemType" = 'Usage' AND "lineItem/UsageStartDate" < '2023-11-11'
      GROUP BY 1 ORDER BY sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) DESC, 1`, { csv: REAL_LEGACY_CSV });
    const rest = november.slice(7).reduce((sum, r) => sum + toUnits(r.cost!), 0n);
    expect(december.data.values.map((r: Record<string, unknown>) => [r.service, r.current_cost, r.previous_cost]))
      .toEqual([...november.slice(0, 7).map((r) => [r.service, null, Number(r.cost)]), [`Other (${november.length - 7} more)`, null, Number(fromUnits(rest))]]);
    expect(november[0]).toEqual({ service: 'Amazon Simple Storage Service', cost: '0.9111830921' });
    // As of 15 Mar 2024 both spans lie in the gap: no bar at all, and the chart says of which days.
    expect((await spec('2024-03-15')).title.subtitle).toEqual(['No data for 1–15 Feb 2024 or 1–15 Mar 2024.', `${GAP_2024.replace('the store', 'The store')}.`]);
    expect(await svg('2024-03-15')).toContain('<tspan>No data for 1–15 Feb 2024 or 1–15 Mar 2024.</tspan>');
    // As of the data horizon, 30 Sep 2024, August is in the gap; as of 13 Nov 2023, October.
    expect((await spec('2024-09-30')).title.subtitle).toEqual(['No data for 1–30 Aug 2024.', `${GAP_2024.replace('the store', 'The store')}.`]);
    expect((await spec('2023-11-13')).title.subtitle).toEqual(['No data for 1–13 Oct 2023.', `${GAP_2023.replace('the store', 'The store')}.`]);
    // As of 20 Nov 2023 each span meets its own gap: each reason with its days.
    expect((await spec('2023-11-20')).title.subtitle).toEqual(['No data for 1–20 Oct 2023.', `${GAP_2023.replace('the store', 'The store')}.`,
      'No data for 15–20 Nov 2023.', `${GAP_2024.replace('the store', 'The store')}.`]);
  });

  it('a span the store holds only part of, beside one it holds whole: its missing days named, and both said not compared, as their bars are both drawn', () => {
    const spec = { title: 'By service: {{current_days}} against {{previous_days}}' };
    const store = { firstDay: '2026-10-05', gaps: [], lastDay: '2026-11-30' };
    expect(withSpanLabels(spec, { as_of: '2026-11-14' }, store).title).toEqual({ text: 'By service: 1–14 Nov 2026 against 1–14 Oct 2026',
      subtitle: ['No data for 1–4 Oct 2026.', "The store's billing data begins on 5 Oct 2026.", 'Not compared: a day not in the store is not a day of no spend.'] });
    // Every day of both held: the title alone.
    expect(withSpanLabels(spec, { as_of: '2026-11-14' }, { ...store, firstDay: '2026-10-01' }).title).toBe('By service: 1–14 Nov 2026 against 1–14 Oct 2026');
  });

  it('a month-to-date chart whose spans the store holds keeps its plain title', async () => {
    expect((await (await gaps.app.request('/api/charts/month_to_date_by_service?as_of=2018-11-30')).json()).title).toBe('By service: 1–30 Nov 2018 against 1–30 Oct 2018');
  });
});
