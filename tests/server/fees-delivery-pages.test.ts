/**
 * The pages' presets and as-of views follow the default period's rule (src/analyze/default-period.ts):
 * a month whose bill a delivery of fees only has not invoiced yet is not complete, whatever the
 * usage data. On the real Oct and Nov 2018 CURs beside the Nov 2018 CUR's RI fees re-billed to
 * aws/111122223333 without an InvoiceId (as tests/server/fees-delivery-spans.test.ts builds them),
 * /attribution and /commitments name 2018-10 the last complete month; Explore's presets, the
 * Attribution page's link to the open month and a context rebuilt for `?as_of=` (Overview, Data
 * transfer) say the same. Figures by DuckDB on the source files.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { contextFor, reportContext } from '../../src/server/context.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_NOV_2018, REAL_OCT_2018, duckdbRows } from '../helpers/cli.ts';
import { derivedFiles } from '../helpers/derived-files.ts';
import { riFeesFile } from '../helpers/fees-delivery-files.ts';
import { appPerDescribe, CLOCK, page } from './helpers.ts';
import { textOf } from './page-helpers.ts';

/** Explore's total and the note beside it. */
const total = (html: string) => /id="explore-total" data-value="([^"]*)"/.exec(html)?.[1];
const note = (html: string) => /<span class="note" id="explore-preset">([^<]*)<\/span>/.exec(html)?.[1];
/** Each preset option of Explore's form: its value and the days it carries. */
const presetOptions = (html: string) => [...html.matchAll(/<option value="(\w+)" data-start="([^"]*)" data-end="([^"]*)"/g)].map((m) => [m[1], m[2], m[3]]);

describe('Oct and Nov 2018 beside Nov 2018\'s RI fees of another account, not invoiced: 2018-10 is the last complete month on every page', () => {
  let fees: string;
  const opened = appPerDescribe(async () => {
    fees = (await derivedFiles([riFeesFile('fees-2018-11-other-pending.parquet', 0, '111122223333', false)]))['fees-2018-11-other-pending.parquet'];
    return cachedStore([[REAL_OCT_2018, REAL_NOV_2018, fees]]);
  }, 180_000);
  /** The billed cost of the lines of the two CURs and the fees charged from `start` up to `end` (exclusive), by DuckDB on the files. */
  const billed = async (start: string, end: string) => (await duckdbRows(`SELECT CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38, 10))) AS VARCHAR) AS billed
      FROM (SELECT line_item_unblended_cost, line_item_usage_start_date FROM read_parquet($oct) UNION ALL SELECT line_item_unblended_cost, line_item_usage_start_date FROM read_parquet($nov)
        UNION ALL SELECT line_item_unblended_cost, line_item_usage_start_date FROM read_parquet($fees))
      WHERE line_item_usage_start_date >= CAST($start AS TIMESTAMP) AND line_item_usage_start_date < CAST($end AS TIMESTAMP)`,
  { oct: REAL_OCT_2018, nov: REAL_NOV_2018, fees, start, end }))[0].billed;

  beforeAll(async () => {
    // The fees file: 9 lines, no InvoiceId, 147.384 billed, dated in Nov 2018 (by DuckDB).
    expect(await duckdbRows(`SELECT count(*) AS n, count(bill_invoice_id) AS invoiced, CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38, 10))) AS VARCHAR) AS billed,
        CAST(min(line_item_usage_start_date) AS VARCHAR) AS first FROM read_parquet($fees)`, { fees }))
      .toEqual([{ n: '9', invoiced: '0', billed: '147.3840000000', first: '2018-11-01 00:00:00' }]);
  });

  it('the context: 30 Nov 2018 is the data horizon, 2018-10 the last complete month; rebuilt for ?as_of= (Overview, Data transfer) it keeps the rule (it read 2018-11 for as of 30 Nov)', async () => {
    const context = await opened.app.services.analyses.withSession((analyses) => reportContext(analyses, CLOCK()));
    // With it, why the month passed over is not complete, judged once (Explore's preset note reads it; it judged the month again).
    const open = '2018-11 is the latest bill of aws/111122223333 and not invoiced yet, as none of its lines carry an InvoiceId, so it may still change';
    expect([context.as_of, context.last_complete_month, context.open_bills]).toEqual(['2018-11-30', '2018-10', [open]]);
    const asOf = (day: string) => contextFor(context.today, context, day).last_complete_month;
    expect([asOf('2018-11-30'), asOf('2018-11-15'), asOf('2018-10-31'), asOf('2018-10-30')]).toEqual(['2018-10', '2018-10', '2018-10', '2018-09']);
    // As of 31 Oct 2018 no month is passed over: October is complete, and nothing is said of November.
    expect([contextFor(context.today, context, '2018-11-15').open_bills, contextFor(context.today, context, '2018-10-31').open_bills]).toEqual([[], []]);
    // The pages that rebuild it answer for that day.
    for (const path of ['/?as_of=2018-11-30', '/data-transfer?as_of=2018-11-30']) expect([path, (await page(opened.app, path)).status]).toEqual([path, 200]);
  });

  it('the deliveries\' spans are worked out once per store generation (each call read them anew)', async () => {
    await opened.app.services.analyses.withSession(async (analyses) => {
      const spans = await analyses.sourceSpans();
      expect(spans?.notInvoicedIn('2018-11').map((fees) => fees.lastDay)).toEqual(['2018-10-31']);
      expect(await analyses.sourceSpans()).toBe(spans);
      expect(await analyses.latestPeriod()).toBe('2018-10');
    });
  });

  it('Explore\'s Last month is 1–31 Oct 2018, named "Oct 2018 (last complete month)" in the Range field, and Last 3 months ends with it (they were 1–30 Nov and Sep–Nov), their note saying why November is passed over (it did not); month to date, 1–30 Nov, is named Nov 2018, not Last month', async () => {
    const [october, november] = [await billed('2018-10-01', '2018-11-01'), await billed('2018-11-01', '2018-12-01')];
    // The CURs' own sums and the fees' 147.384 (each by DuckDB above and in fees-delivery-spans.test.ts).
    expect(november).toBe('3652.7109681268');
    // Why the presets of whole months pass over November, in the words of fees-delivery.ts (notInvoicedWords): its 9 lines carry no InvoiceId (by DuckDB above).
    const passedOver = '; it ends with Oct 2018, not Nov 2018: 2018-11 is the latest bill of aws/111122223333 and not invoiced yet, as none of its lines carry an InvoiceId, so it may still change';
    const lastMonth = await (await page(opened.app, '/explore?dimension=service&preset=last_month&cost=billed')).text();
    expect([total(lastMonth), note(lastMonth)]).toEqual([october, `(Last month, up to the data horizon 30 Nov 2018${passedOver})`]);
    // The last 30 days, 1–30 Nov, are month to date's days (Nov 2018): offered once, as it (both were).
    expect(presetOptions(lastMonth)).toEqual([
      ['last_7_days', '2018-11-24', '2018-12-01'], ['month_to_date', '2018-11-01', '2018-12-01'], ['last_month', '2018-10-01', '2018-11-01'],
      ['last_3_months', '2018-08-01', '2018-11-01'], ['last_6_months', '2018-05-01', '2018-11-01'], ['last_12_months', '2017-11-01', '2018-11-01'],
    ]);
    // The Range field and the filters' summary name the month Last month is (they said only "Last month", November being the month before 30 Nov).
    expect(/<option value="last_month"[^>]*>([^<]*)<\/option>/.exec(lastMonth)?.[1]).toBe('Oct 2018 (last complete month)');
    expect(textOf(/<span class="filter-summary">[^]*?<\/span>/.exec(lastMonth)![0])).toBe(': by service · Oct 2018 (last complete month) · billed cost · daily');
    const threeMonths = await (await page(opened.app, '/explore?dimension=service&preset=last_3_months&cost=billed')).text();
    expect([total(threeMonths), note(threeMonths)]).toEqual([october, `(Last 3 months, up to the data horizon 30 Nov 2018${passedOver})`]);
    const monthToDate = await (await page(opened.app, '/explore?dimension=service&preset=month_to_date&cost=billed')).text();
    expect([total(monthToDate), note(monthToDate)]).toEqual([november, '(Nov 2018, up to the data horizon 30 Nov 2018)']);
    expect(textOf(/<span class="filter-summary">[^]*?<\/span>/.exec(monthToDate)![0])).toBe(': by service · Nov 2018 · billed cost · daily');
    // The Range field names it so too (it read "Month to date" beside the summary's "Nov 2018").
    expect(/<option value="month_to_date"[^>]*selected>([^<]*)<\/option>/.exec(monthToDate)?.[1]).toBe('Nov 2018');
    // Given as days, 1–31 Oct is Last month.
    expect(note(await (await page(opened.app, '/explore?dimension=service&start=2018-10-01&end=2018-11-01&cost=billed')).text())).toBe(`(Last month, up to the data horizon 30 Nov 2018${passedOver})`);
  });

  it('Attribution: the default 2018-10 is the last complete month, with a link to November\'s days, not complete yet (there was none: 30 Nov ends its month)', async () => {
    const redirect = await page(opened.app, '/attribution?tag=user:Name');
    expect(redirect.headers.get('location')).toBe('/attribution?tag=user%3AName&period=2018-10&cost=billed');
    const body = await (await page(opened.app, redirect.headers.get('location')!)).text();
    expect(textOf(/<p class="as-of" id="as-of">[^]*?<\/p>/.exec(body)![0]))
      .toBe('Billing period 2018-10, the last complete month; data complete through 30 Nov 2018, the last complete day in the store · Nov 2018, not complete yet: 1–30 Nov 2018 .');
    expect(/id="month-to-date" href="([^"]*)"/.exec(body)?.[1]).toBe('/attribution?tag=user%3AName&amp;cost=billed&amp;start=2018-11-01&amp;end=2018-12-01');
  });
});
