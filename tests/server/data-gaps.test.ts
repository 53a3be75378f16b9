/**
 * A store whose billing periods leave gaps: the real 2018 CURs (Oct and Nov 2018), the legacy CUR
 * of 1–14 Nov 2023 and the FOCUS sample of September 2024, ingested together. Days no billing
 * period covers are not in the store, so a span compared with them is "no data", not $0.00 of
 * spend: the Overview, Explore, the weekly report and budget alerts say which days and why, as
 * they do for days before the store's first charge day. The gaps are the files' own charge days.
 * A delivery lagging behind another: tests/server/lagging-source.test.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gapsBetween } from '../../src/lib/store-days.ts';
import { loadConfig } from '../../src/config.ts';
import type { CostlensApp } from '../../src/server/app.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_FOCUS, REAL_LEGACY_CSV, REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { storeWithConfig } from '../alerts/helpers.ts';
import { reportCli } from '../report/helpers.ts';
import { moneyAxisLabels } from './axis-labels.ts';
import type { BillingDaySpan } from '../../src/analyze/billing-calendar.ts';
import { sourceSpansOf, storeWideSpans } from '../../src/analyze/source-spans.ts';
import { judgedOnSources } from '../../src/analyze/explain/source-horizon.ts';
import { resolveSpans } from '../../src/analyze/explain/spans.ts';
import { readStoreStatus } from '../../src/cli/status.ts';
import { appOn, page } from './helpers.ts';
import { tableHtml } from './page-helpers.ts';
import { exactOf, roundCents, usd as usdOfCents } from '../helpers/shown-cents-rule.ts';

/** A decimal text as the pages show it: rounded once to the cent. */
const usd = (decimal: string | null) => usdOfCents(roundCents(exactOf(decimal ?? '0')));
/** Markup left out, spaces collapsed, entities read. */
const plainText = (html: string) => html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').replaceAll('&#39;', "'").replaceAll('&amp;', '&').trim();

/** The first and last charge day of each file, read by DuckDB from the file itself. */
const FILE_DAYS = `
  SELECT 'nov2018' AS f, CAST(min(line_item_usage_start_date) AS DATE) AS first, CAST(max(line_item_usage_start_date) AS DATE) AS last FROM read_parquet($nov)
  UNION ALL SELECT 'legacy', CAST(min(CAST("lineItem/UsageStartDate" AS TIMESTAMP)) AS DATE), CAST(max(CAST("lineItem/UsageStartDate" AS TIMESTAMP)) AS DATE) FROM read_csv($legacy, all_varchar = true)
  UNION ALL SELECT 'focus', CAST(min(CAST(ChargePeriodStart AS TIMESTAMP)) AS DATE), CAST(max(CAST(ChargePeriodStart AS TIMESTAMP)) AS DATE) FROM read_csv($focus, all_varchar = true)`;

const GAP_2023 = 'the store holds no billing data from 1 Dec 2018 to 31 Oct 2023';
/** Invoice's note of the legacy CUR's 2023-11 and of the FOCUS sample's 2024-10 (its one Oracle line, charged on 30 Sep 2024), in a store of the file alone. */
const LEGACY_NOTE = '2023-11: 1–13 Nov 2023 (the data ends on 13 Nov 2023, the data horizon; lines dated up to 14 Nov 2023 are counted too): the bill of the days the store holds, not complete';
const FOCUS_OCTOBER_NOTE = '2024-10: 30 Sep 2024 (the data ends on 30 Sep 2024, the data horizon): the bill of the days the store holds, not complete';
const GAP_2024 = 'the store holds no billing data from 15 Nov 2023 to 31 Aug 2024';
/** The days of the legacy CUR's 2023-11 as a store of its file alone names them (usage to 04:00 on 14 Nov 2023). */
const LEGACY_DAYS = '1–13 Nov 2023 (the data ends on 13 Nov 2023, the data horizon; lines dated up to 14 Nov 2023 are counted too)';
/** The FOCUS sample's sources, one delivery (they share its file), whose data is the store's latest. */
const FOCUS_SOURCES = 'aws/1234567890123, microsoft//providers/Microsoft.Billing/billingAccounts/8611537, oracle/20209880';

describe('a store with gaps between its billing periods (the real 2018, 2023 and 2024 files together)', () => {
  let db: string;
  let app: CostlensApp;

  beforeAll(async () => {
    db = await cachedStore([[REAL_OCT_2018, REAL_NOV_2018, REAL_LEGACY_CSV, REAL_FOCUS]]);
    app = appOn(db);
  }, 300_000);
  afterAll(() => app?.close());

  it("calendar/billing_period_days gives each billing period's charge days; the gaps between them are the days between the files", async () => {
    const days = Object.fromEntries((await duckdbRows(FILE_DAYS, { nov: REAL_NOV_2018, legacy: REAL_LEGACY_CSV, focus: REAL_FOCUS })).map((r) => [r.f, r]));
    expect([days.nov2018.last, days.legacy.first, days.legacy.last, days.focus.first]).toEqual(['2018-11-30', '2023-11-01', '2023-11-14', '2024-09-01']);
    const run = await costlens(db, 'query', 'calendar/billing_period_days', '--format', 'json');
    const periods = JSON.parse(run.stdout) as { source: string; billing_period: string; first_day: string; last_day: string }[];
    const periodDays = (billingPeriod: string, source: RegExp) => periods.filter((p) => p.billing_period === billingPeriod && source.test(p.source)).map((p) => [p.first_day, p.last_day]);
    expect([periodDays('2018-11', /^aws\//), periodDays('2023-11', /^aws\//), periodDays('2024-09', /^aws\//)]).toEqual([
      [['2018-11-01', '2018-11-30']], [['2023-11-01', '2023-11-14']], [['2024-09-01', '2024-09-30']],
    ]);
    expect(gapsBetween(periods.map((p) => ({ first: p.first_day, last: p.last_day })))).toEqual([
      { first: '2018-12-01', last: '2023-10-31' }, { first: '2023-11-15', last: '2024-08-31' },
    ]);
  });

  it('judges each billing period against its own file\'s data, as in a store of that file alone: 2023-11 (data through 13 Nov 2023, no later line of its source) is incomplete in status, the Overview and invoice, not final by the FOCUS sample\'s 30 Sep 2024', async () => {
    // By DuckDB on the files: the legacy CUR's usage ends at 04:00 on 14 Nov 2023 (13 Nov its last complete day); the FOCUS
    // sample's at midnight ending 30 Sep 2024, its Microsoft account's on 20 Sep 2024 (judged with the file's, as alone).
    const ends = await duckdbRows(`SELECT 'legacy' AS f, max("lineItem/UsageEndDate") AS usage_end FROM read_csv($legacy, all_varchar = true) WHERE "lineItem/LineItemType" = 'Usage'
      UNION ALL SELECT 'focus ' || ProviderName, max(ChargePeriodEnd) FROM read_csv($focus, all_varchar = true) WHERE ChargeCategory = 'Usage' GROUP BY ProviderName ORDER BY f`, { legacy: REAL_LEGACY_CSV, focus: REAL_FOCUS });
    expect(ends).toEqual([
      { f: 'focus AWS', usage_end: '2024-10-01 00:00:00' }, { f: 'focus Microsoft', usage_end: '2024-09-20 00:00:00' }, { f: 'focus Oracle', usage_end: '2024-09-30 23:00:00' },
      { f: 'legacy', usage_end: '2023-11-14T04:00:00.000Z' },
    ]);
    // Judged on 1 Jan 2025, after every period: the calendar calls each final.
    const judged = async (store: string) => {
      const status = await readStoreStatus(store, '2025-01-01');
      const [source, period, provisional] = ['source', 'billing_period', 'provisional'].map((c) => status.periods.columns.indexOf(c));
      return { rows: status.periods.rows.map((r) => `${r[source]} ${r[period]}: ${r[provisional]}`), notes: status.notes ?? [] };
    };
    const together = await judged(db);
    expect(together).toEqual({
      rows: [
        'aws/836060457634 2018-10: no', 'aws/836060457634 2018-11: no', 'aws/123412340534 2023-11: yes: incomplete',
        'aws/1234567890123 2024-09: no', 'microsoft//providers/Microsoft.Billing/billingAccounts/8611537 2024-09: no', 'oracle/20209880 2024-09: no',
        'oracle/20209880 2024-10: yes: incomplete',
      ],
      notes: [LEGACY_NOTE, FOCUS_OCTOBER_NOTE],
    });
    // Each file's periods read as in a store of its own files.
    const alone = await Promise.all([[REAL_OCT_2018, REAL_NOV_2018], [REAL_LEGACY_CSV], [REAL_FOCUS]].map(async (files) => judged(await cachedStore([files]))));
    expect({ rows: alone.flatMap((a) => a.rows), notes: alone.flatMap((a) => a.notes) }).toEqual(together);
    const later = appOn(db, { clock: () => new Date('2025-01-01T12:00:00Z') });
    const html = await (await page(later, '/')).text().finally(() => later.close());
    expect(plainText(/<p class="provisional" id="provisional">([^]*?)<\/p>/.exec(html)![1]))
      .toMatch(/^Provisional, will change until invoiced: 2023-11 \(aws\/123412340534: incomplete\), 2024-10 \(oracle\/20209880: incomplete\)\. Of invoiced billing period 2024-09, /);
    expect(/<p class="note" id="incomplete-periods">([^]*?)<\/p>/.exec(html)![1].split('<br>')).toEqual([LEGACY_NOTE, FOCUS_OCTOBER_NOTE]);
    const invoice = await costlens(db, 'invoice', '--period', '2023-11');
    expect(invoice.stdout).toContain(`\n2023-11  total          1281   $1.68      $1.68          $1.68          $1.68\n(3 rows)\n\n${LEGACY_NOTE}\n`);
  });

  it('costlens commitments judges --period on its own source\'s data, as in a store of its file alone: 2023-11 is 1–13 Nov 2023, not complete (it read "1–14 Nov 2023, complete; 15–30 Nov 2023 are not in the store (…); data horizon 2024-09-30"), 2018-11 complete to 30 Nov 2018; the default follows the latest data and says whose', async () => {
    // By DuckDB on the files: the 2018 CUR's usage ends at midnight ending 30 Nov 2018, the legacy CUR's at 04:00 on 14 Nov 2023 (13 Nov its last complete day).
    const [ends] = await duckdbRows(`SELECT CAST((SELECT max(line_item_usage_end_date) FROM read_parquet($nov) WHERE line_item_line_item_type = 'Usage') AS VARCHAR) AS nov2018,
      (SELECT max("lineItem/UsageEndDate") FROM read_csv($legacy, all_varchar = true) WHERE "lineItem/LineItemType" = 'Usage') AS legacy`, { nov: REAL_NOV_2018, legacy: REAL_LEGACY_CSV });
    expect(ends).toEqual({ nov2018: '2018-12-01 00:00:00', legacy: '2023-11-14T04:00:00.000Z' });
    const report = async (store: string) => JSON.parse((await costlens(store, 'commitments', '--period', '2023-11', '--format', 'json')).stdout);
    const [together, alone] = [await report(db), await report(await cachedStore([[REAL_LEGACY_CSV]]))];
    expect(together.days).toEqual({ first: '2023-11-01', last: '2023-11-13', count: 13, complete: false, description: '1–13 Nov 2023, not complete (the data ends on 13 Nov 2023, the data horizon; lines dated up to 14 Nov 2023 are counted too)' });
    expect(together.days).toEqual(alone.days);
    // The expiry windows still count from the store's latest data (`horizon`); the period's own is `periodData`, only beside other deliveries.
    expect([together.horizon, together.periodData, alone.horizon, alone.periodData]).toEqual(['2024-09-30', { horizon: '2023-11-13', sources: ['aws/123412340534'] }, '2023-11-13', undefined]);
    const november = await costlens(db, 'commitments', '--period', '2018-11');
    expect(november.stdout.split('\n')[0]).toBe('Commitments 2018-11 (1–30 Nov 2018, complete; data horizon 2018-11-30 (the data of aws/836060457634, its source; the store\'s latest ends on 2024-09-30)): 9 Reserved Instances, 0 Savings Plans');
    const chosen = await costlens(db, 'commitments', '--format', 'json');
    expect(chosen.stderr).toBe(`period 2024-09, the last complete month (data through 30 Sep 2024, the last complete day in the store), following the store's latest data: that of ${FOCUS_SOURCES}\n`);
  });

  it('Overview as of 13 Nov 2023: last month\'s same days lie in a gap, so its cards read no data and nothing is compared or explained', async () => {
    const html = await (await page(app, '/?as_of=2023-11-13')).text();
    expect(html).toContain(`<span id="before-data">The store holds no billing data from 1 Dec 2018 to 31 Oct 2023, so last month&#39;s days are not in it and usage is not compared.</span>`);
    expect(html).toMatch(/id="mtd-previous">\s*<h2>Usage, same days last month<\/h2>\s*<p class="figure" data-value="">no data<\/p>\s*<p class="range">1–13 Oct 2023 \(13 days\): not in the store<\/p>/);
    expect(html).toContain(`No explanation: last month&#39;s days (1–13 Oct 2023) are not in the store: ${GAP_2023}.`);
    expect(html).toContain(`<span id="previous-month-partial">The store holds no billing data from 1 Dec 2018 to 31 Oct 2023, so Oct 2023 is not in it.</span>`);
  });

  it('Overview as of 30 Sep 2024 (the FOCUS sample): "Every charge class" counts by charge day and the net view by billing period, and each says so and names the Oracle line of 2024-10 charged on 30 Sep ($20.52 and $20.28 stood unexplained under "the same days")', async () => {
    const [file] = await duckdbRows(`SELECT
        CAST(sum(TRY_CAST(BilledCost AS DECIMAL(38,10))) FILTER (WHERE BillingPeriodStart LIKE '2024-09%') AS VARCHAR) AS september_bill,
        CAST(sum(TRY_CAST(BilledCost AS DECIMAL(38,10))) FILTER (WHERE BillingPeriodStart LIKE '2024-10%' AND ChargePeriodStart < '2024-10-01') AS VARCHAR) AS october_in_september,
        CAST(sum(TRY_CAST(BilledCost AS DECIMAL(38,10))) FILTER (WHERE ChargePeriodStart >= '2024-09-01' AND ChargePeriodStart < '2024-10-01') AS VARCHAR) AS charged_in_september,
        string_agg(DISTINCT left(ChargePeriodStart, 10)) FILTER (WHERE BillingPeriodStart LIKE '2024-10%') AS october_days
      FROM read_csv($focus, all_varchar = true)`, { focus: REAL_FOCUS });
    expect(file).toEqual({ september_bill: '20.2802267289', october_in_september: '0.2400000000', charged_in_september: '20.5202267289', october_days: '2024-09-30' });
    const html = await (await page(app, '/?as_of=2024-09-30')).text();
    expect(html).toMatch(new RegExp(`<tr data-class="total"><th>Total</th><td data-value="${file.charged_in_september}">\\$20\\.52</td>`));
    expect(html).toMatch(new RegExp(`<tr data-billing-period="2024-09"><td>Sep 2024</td>\\s*<td data-value="${file.september_bill}">\\$20\\.28</td>`));
    const [sep, oct, all] = [usd(file.september_bill), usd(file.october_in_september), usd(file.charged_in_september)];
    expect([sep, oct, all]).toEqual(['$20.28', '$0.24', '$20.52']);
    expect(plainText(/<span id="charge-day-basis">([^]*?)<\/span>/.exec(html)![1])).toBe('Counted by charge day, whatever the billing period: Sep 2024 holds '
      + `${oct} of billing period 2024-10 charged on 30 Sep 2024, where the net view below counts by billing period (Sep 2024 there: ${sep} + ${oct} = ${all}).`);
    expect(plainText(/<span id="net-view-basis">([^]*?)<\/span>/.exec(html)![1])).toBe('Counted by billing period, where “Every charge class, Sep 2024” counts by charge day: '
      + `its Sep 2024 holds ${oct} of billing period 2024-10 charged on 30 Sep 2024 (Sep 2024 here: ${sep} + ${oct} = ${all}).`);
    // Nothing is compared (August is in the gap): the usage row does not say "compared above".
    expect(html).toContain('<tr data-class="usage"><td>Usage</td>');
    // In effective cost the Oracle line is $0.00 (EffectiveCost 0): both tables count the same, and nothing is said.
    const effective = await (await page(app, '/?as_of=2024-09-30&cost=effective')).text();
    expect(effective).not.toContain('charge-day-basis');
    expect(effective).not.toContain('net-view-basis');
    // As of 29 Sep the line is after as-of: neither table counts it.
    expect(await (await page(app, '/?as_of=2024-09-29')).text()).not.toContain('charge-day-basis');
  });

  it('Overview\'s budget card, as of the data horizon (30 Sep 2024): one bracket for its as-of day (it read "(the data horizon (the last complete day in the store))"), and the charge-day note\'s commands as code, not backticks', async () => {
    const dir = scratchDir();
    writeFileSync(join(dir, 'costlens.config.yaml'), 'budgets:\n  - name: organisation\n    amount: 4000\n');
    const budgets = appOn(db, { config: loadConfig(join(dir, 'costlens.config.yaml'), {}, dir) });
    try {
      const html = await (await page(budgets, '/')).text();
      const card = /<section class="top-table budget-status" id="budget-status">([^]*?)<\/section>/.exec(html)![1];
      expect(plainText(card)).toContain('Actual: spend in scope on the complete days of the period up to 30 Sep 2024 (the data horizon, the last complete day in the store). Forecast:');
      expect(card).toContain('<li>organisation: 2024-09: budgets count lines by charge day, whatever their billing period (<code>costlens invoice</code> and <code>attribute</code> count them by billing period): '
        + 'the actual holds $0.24 of billing period 2024-10 charged on 30 Sep 2024.</li>');
      expect(card).not.toContain('`');
    } finally {
      budgets.close();
    }
  });

  it('Explore over September 2024 (the FOCUS sample): the usage-only link names what it leaves out by class, a credit and two adjustments, not "fees" (it read −$2.34 of fees billed by the hour or the day)', async () => {
    const [file] = await duckdbRows(`SELECT
        CAST(sum(TRY_CAST(BilledCost AS DECIMAL(38,10))) FILTER (WHERE ChargeCategory = 'Credit') AS VARCHAR) AS credits,
        CAST(sum(TRY_CAST(BilledCost AS DECIMAL(38,10))) FILTER (WHERE ChargeCategory = 'Adjustment') AS VARCHAR) AS adjustments,
        count(*) FILTER (WHERE ChargeCategory NOT IN ('Usage', 'Credit', 'Adjustment')) AS others
      FROM read_csv($focus, all_varchar = true)`, { focus: REAL_FOCUS });
    expect(file).toEqual({ credits: '-2.6137000000', adjustments: '0.2720000000', others: '0' });
    const html = await (await page(app, '/explore?dimension=service&start=2024-09-01&end=2024-10-01&cost=billed')).text();
    const note = plainText(/<p class="note" id="explore-chart-fees">([^]*?)<\/p>/.exec(html)![1]);
    expect(note).toContain(`Show usage only (it leaves out too what other charge classes bill by the hour or the day, which is daily spend: credits ${usd(file.credits)} and adjustments ${usd(file.adjustments)}).`);
    expect([usd(file.credits), usd(file.adjustments)]).toEqual(['−$2.61', '$0.27']);
  });

  it('Overview as of 30 Sep 2024 (the FOCUS sample): "Every charge class" lists the credit and the two adjustments apart, as Explore and `invoice` do (one row read "Credits, refunds and discounts" −$2.34); a month without adjustments lists no such row', async () => {
    const [file] = await duckdbRows(`SELECT
        CAST(sum(TRY_CAST(BilledCost AS DECIMAL(38,10))) FILTER (WHERE ChargeCategory = 'Credit') AS VARCHAR) AS credits,
        CAST(sum(TRY_CAST(BilledCost AS DECIMAL(38,10))) FILTER (WHERE ChargeCategory = 'Adjustment') AS VARCHAR) AS adjustments
      FROM read_csv($focus, all_varchar = true)`, { focus: REAL_FOCUS });
    const rows = (html: string) => [...html.matchAll(/<tr data-class="(credit|adjustment)"><td>([^<]*)<\/td><td data-value="([^"]*)">([^<]*)<\/td>/g)].map((m) => m.slice(1));
    expect(rows(await (await page(app, '/?as_of=2024-09-30')).text())).toEqual([
      ['credit', 'Credits, refunds and discounts', file.credits, usd(file.credits!)],
      ['adjustment', 'Adjustments (charges in no other category)', file.adjustments, usd(file.adjustments!)],
    ]);
    expect(rows(await (await page(app, '/?as_of=2023-11-13')).text())).toEqual([['credit', 'Credits, refunds and discounts', '0.0000000000', '$0.00']]);
  });

  it('Overview with an as-of day in a gap: this month\'s days are not in the store either, so its card reads no data and nothing is compared; part of them in it are named', async () => {
    const august = await (await page(app, '/?as_of=2024-08-15')).text();
    expect(august).toContain(`<span id="before-data">The store holds no billing data from 15 Nov 2023 to 31 Aug 2024, so this month&#39;s days up to the as-of day are not in it (choose an as-of day the store holds), and last month&#39;s days are not in it and usage is not compared.</span>`);
    expect(august).not.toContain('id="current-not-in-store"');
    expect(august).toMatch(/id="mtd-current">\s*<h2>Usage, month to date<\/h2>\s*<p class="figure" data-value="">no data<\/p>\s*<p class="range">1–15 Aug 2024 \(15 days\): not in the store<\/p>/);
    expect(august).toMatch(/id="mtd-change">\s*<h2>Change in usage<\/h2>\s*<p class="figure" data-value="">not compared<\/p>/);
    const november = await (await page(app, '/?as_of=2023-11-20')).text();
    expect(november).toContain(`<span id="current-not-in-store">The store holds no billing data from 15 Nov 2023 to 31 Aug 2024, so 15–20 Nov 2023 are not in it this month.</span>`);
    expect(november).toMatch(/id="mtd-change">\s*<h2>Change in usage<\/h2>\s*<p class="figure" data-value="">not compared<\/p>/);
    expect(november).toContain(`No explanation: last month&#39;s days (1–20 Oct 2023) are not in the store: ${GAP_2023}.`);
  });

  it('Data transfer with an as-of day in a gap: no data this month, nothing compared', async () => {
    const html = await (await page(app, '/data-transfer?as_of=2024-08-15')).text();
    expect(html).toContain(`<span id="transfer-current-not-in-store">The store holds no billing data from 15 Nov 2023 to 31 Aug 2024, so this month&#39;s days up to the as-of day are not in it: choose an as-of day the store holds.</span>`);
    expect(html).toMatch(/id="transfer-current">\s*<h2>Data transfer, month to date<\/h2>\s*<p class="figure" data-value="">no data<\/p>/);
    expect(html).toMatch(/id="transfer-change">\s*<h2>Change<\/h2>\s*<p class="figure" data-value="">not compared<\/p>/);
    // As of 10 Dec 2023 no day of the month is in the store, and 1–10 Nov 2023 are: this month's cells read no data, not $0.00.
    const december = await (await page(app, '/data-transfer?as_of=2023-12-10')).text();
    const rows = [...december.matchAll(/<tr data-(?:type|source)="[^"]*">[^]*?<\/tr>/g)].map((m) => m[0]);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const cells = [...row.matchAll(/<td data-value="([^"]*)">([^<]*)<\/td>/g)].map((c) => [c[1], c[2]]);
      expect(cells[0], row).toEqual(['', 'no data']);
      expect(cells[1][1], row).toMatch(/^\$\d/);
      expect(cells[2], row).toEqual(['', '–']);
    }
    // As of 20 Nov 2023, 15–20 Nov lie in a gap: this month's figure stands, and no change is shown, in the card or the tables.
    const part = await (await page(app, '/data-transfer?as_of=2023-11-20')).text();
    expect(part).toContain(`<span id="transfer-current-not-in-store">The store holds no billing data from 15 Nov 2023 to 31 Aug 2024, so 15–20 Nov 2023 are not in it this month, and nothing is compared.</span>`);
    expect(part).toMatch(/id="transfer-change">\s*<h2>Change<\/h2>\s*<p class="figure" data-value="">not compared<\/p>/);
    const changes = [...part.matchAll(/<tr data-(?:type|source)="[^"]*">[^]*?<\/tr>/g)].map((m) => /<td data-value="[^"]*">[^<]*<\/td><td data-value="[^"]*">[^<]*<\/td>\s*<td data-value="([^"]*)">([^<]*)<\/td>/.exec(m[0])?.slice(1));
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((c) => c && c[0] === '' && c[1] === '–')).toBe(true);
  });

  it('Explore: a previous period in a gap is not compared, nor one partly in it, whose days not in the store are named', async () => {
    const summary = (html: string) => /<p class="summary compare" id="explore-compare">([^]*?)<\/p>/.exec(html)![1].replace(/\s+/g, ' ').trim();
    const none = await (await page(app, '/explore?dimension=service&start=2024-09-01&end=2024-09-11&cost=billed&compare=previous')).text();
    expect(summary(none)).toBe(`<span>Previous period (same length): 22–31 Aug 2024:</span> <span class="figure" data-value="">no data</span> <span class="change-line">not compared: ${GAP_2024}</span>`);
    const part = await (await page(app, '/explore?dimension=service&start=2023-11-08&end=2023-11-22&cost=billed&compare=previous')).text();
    expect(summary(part)).toContain('<span class="change-line">not compared</span>');
    expect(summary(part)).toContain(`(the store holds no billing data from 1 Dec 2018 to 31 Oct 2023: 25–31 Oct 2023 are not in it, and a day not in the store is not a day of no spend)`);
    expect(part).not.toMatch(/>Compared<\/th>/);
    // The range itself partly in a gap (15–16 Nov 2023), against 9–12 Nov, which the store holds: not compared either.
    const now = await (await page(app, '/explore?dimension=service&start=2023-11-13&end=2023-11-17&cost=billed&compare=previous')).text();
    expect(summary(now)).toContain('<span class="change-line">not compared</span>');
    expect(summary(now)).toContain(`(${GAP_2024}: 15–16 Nov 2023 are not in it, and a day not in the store is not a day of no spend)`);
    expect(now).not.toMatch(/>Compared<\/th>/);
  });

  it('Overview as of 13 Nov 2023: the daily chart\'s caption names the days it draws, 1–13 Nov 2023, not October, which lies in the gap', async () => {
    const html = await (await page(app, '/?as_of=2023-11-13')).text();
    const figure = /<figure[^>]*>(?:(?!<\/figure>)[^])*data-chart="daily_spend_by_service"[^]*?<\/figure>/.exec(html)![0];
    expect(/<figcaption>([^:<]*):/.exec(figure)![1]).toBe('Daily usage (billed cost) by service, 1–13 Nov 2023');
  });

  it('Explore on the FOCUS sample\'s September 2024: each service has one colour in "Daily spend" (8 named) and "Spend in the range" (12 named)', async () => {
    // The 12 services with the most billed cost, by DuckDB on the file (ties by name, as Explore ranks them).
    const top = (await duckdbRows(`SELECT ServiceName AS s FROM read_csv($focus, all_varchar = true, nullstr = 'NULL')
      WHERE CAST(ChargePeriodStart AS TIMESTAMP) >= TIMESTAMP '2024-09-01' AND CAST(ChargePeriodStart AS TIMESTAMP) < TIMESTAMP '2024-10-01'
      GROUP BY 1 ORDER BY sum(CAST(BilledCost AS DECIMAL(38, 10))) DESC, 1 LIMIT 12`, { focus: REAL_FOCUS })).map((r) => r.s!);
    type Spec = { encoding: { color: { scale: { domain: string[]; range: string[] } } } };
    const colours = async (chart: string, n: number) => {
      const { domain, range } = ((await (await app.request(`/api/charts/${chart}?dimension=service&start=2024-09-01&end=2024-10-01&cost=billed&top=${n}`)).json()) as Spec).encoding.color.scale;
      expect(new Set(range).size, chart).toBe(range.length);
      return new Map(domain.map((name, i) => [name, range[i]]));
    };
    const [daily, totals] = [await colours('explore_daily', 8), await colours('explore_totals', 12)];
    expect([...totals.keys()]).toEqual([...top, 'Other (21 more)']);
    expect([...daily.keys()].filter((name) => name !== 'Other').sort()).toEqual(top.slice(0, 8).sort());
    // Azure Kubernetes Service was brown in one and green in the other, Azure DB for MySQL purple and steel blue.
    for (const name of top.slice(0, 8)) expect(totals.get(name), name).toBe(daily.get(name));
  });

  it('the weekly report of 2023-W45: last week\'s days in the gap are named, and nothing is compared with it or explained', async () => {
    const out = scratchDir();
    const run = await reportCli(db, {}, 'weekly', '--week', '2023-W45', '--audience', 'finance', '--out', out);
    expect(run.code, run.stderr).toBe(0);
    const mail = await simpleParser(readFileSync(join(out, '2023-W45-finance.eml')));
    const flat = mail.text!.replace(/\s+/g, ' ');
    expect(mail.subject).toContain('not compared with last week (5 of its 7 days in the store) [incomplete last week]');
    expect(flat).toContain(`! Incomplete last week: ${GAP_2023}; 30–31 Oct 2023 are not in it, so this week is not compared with it (it holds 5 of its 7 days).`);
    expect(flat).toContain('Last week holds 5 of its 7 days in the store, so nothing is compared with it.');
    expect(flat).toContain(`No explanation for 2023-W45: last week (30 Oct – 5 Nov 2023) is not all in the store: ${GAP_2023}.`);
  });

  it('the weekly report of 2023-W46, whose days from 15 Nov lie in a gap: month to date stops at 13 Nov (the legacy CUR\'s data horizon; 14 Nov is partial), its 1 day is compared with the same days of the week before, commitments fall back from October (in the gap) to November to date, the coverage trend labels partial weeks; usage is the CSV\'s', async () => {
    const out = scratchDir();
    const run = await reportCli(db, {}, 'weekly', '--week', '2023-W46', '--audience', 'finance', '--out', out);
    expect(run.code, run.stderr).toBe(0);
    const flat = (await simpleParser(readFileSync(join(out, '2023-W46-finance.eml')))).text!.replace(/\s+/g, ' ');
    const usage = async (from: string, to: string) => (await duckdbRows(`SELECT CAST(round(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))), 2) AS VARCHAR) AS b
      FROM read_csv($file, all_varchar = true) WHERE "lineItem/LineItemType" = 'Usage'
        AND CAST("lineItem/UsageEndDate" AS TIMESTAMP) <= CAST("lineItem/UsageStartDate" AS TIMESTAMP) + INTERVAL 1 DAY
        AND CAST("lineItem/UsageStartDate" AS TIMESTAMP) >= CAST($from AS TIMESTAMP) AND CAST("lineItem/UsageStartDate" AS TIMESTAMP) < CAST($to AS TIMESTAMP)`, { file: REAL_LEGACY_CSV, from, to }))[0].b;
    // This week holds 13 Nov, the legacy CUR's data horizon (its usage ends at 04:00 on 14 Nov, a partial day): it is compared with the same day of the week before, 6 Nov.
    const [now, before] = [await usage('2023-11-13', '2023-11-14'), await usage('2023-11-06', '2023-11-07')];
    expect([now, before]).toEqual(['0.20', '0.20']);
    expect(flat).toContain(`usage was $${now}, $0.00 (0.0%) against the same day of the week before (6 Nov 2023), 0.0% against the 1-week average (Mon of 6–12 Nov 2023) of $${before}.`);
    expect(flat).toContain('the days compared: 13 Nov 2023 against 6 Nov 2023');
    expect(flat).toContain(`! Incomplete week: the data of aws/123412340534, this week's source, ends on 13 Nov 2023, its data horizon, and ${GAP_2024}; 14 Nov 2023 is a partial day (not all of its usage is in the store) and 15–19 Nov 2023 are not in it, so this week has 1 of its days.`);
    expect(flat).toContain('Month to date: 2023-11 ---------------------- The days counted: 1–13 Nov 2023.');
    // Its commitments period is judged on the legacy CUR's own data, as in a store of the file alone (it read "1–14 Nov 2023 (the data ends on 14 Nov 2023, …)").
    expect(flat).toContain(`Billing period 2023-11 (${LEGACY_DAYS}: Oct 2023, the billing period before, is not in the store)`);
    // The coverage trend is of usage: 2023-W44's $0.30 holds $0.08 of tax posted on 1 Nov.
    expect(await usage('2023-10-30', '2023-11-06')).toBe('0.22');
    expect(flat).toMatch(/ 2023-W44 \(5 of 7 days\) \$0\.22 .* 2023-W45 \$1\.17 .* 2023-W46 \(1 of 7 days\) \$0\.20 /);
  });

  it('costlens explain refuses a span in a gap (its default, August against September 2024, included) instead of counting it as $0.00', async () => {
    const run = await costlens(db, 'explain');
    expect([run.code, run.stdout]).toEqual([2, '']);
    // The defaults follow the store's latest data, the FOCUS sample's, and say whose it is.
    expect(run.stderr).toBe(`costlens: --from and --to left out, and no default comparison is wholly in the store: the last complete month against the month before, Aug 2024 (full bill, 31 days) → Sep 2024 (full bill, 30 days): 1–31 Aug 2024 are not in the store (${GAP_2024}); 1–30 Sep 2024 (the data ends on 30 Sep 2024, the data horizon; the store's latest data, that of ${FOCUS_SOURCES}) against the same days of the month before, 1–30 Aug 2024 (30 days) → 1–30 Sep 2024 (30 days): 1–30 Aug 2024 are not in the store (${GAP_2024})\n  hint: give --from and --to: days from 2018-10-01 to 2024-09-30 (e.g. the last 15 days against the 15 before them: --from 2024-09-01..2024-09-15 --to 2024-09-16..2024-09-30), or ingest the missing billing files\n`);
    const days = await costlens(db, 'explain', '--from', '2023-11-08..2023-11-14', '--to', '2023-11-15..2023-11-21');
    expect(days.stderr).toBe(`costlens: --to 15–21 Nov 2023 (7 days) is not in the store: ${GAP_2024}\n  hint: compare spans the store holds on both sides (costlens status lists each billing period and its days), or ingest the missing billing files\n`);
    const both = await costlens(db, 'explain', '--from', '2018-10', '--to', '2018-11', '--format', 'json');
    expect(both.code, both.stderr).toBe(0);
    const explained = JSON.parse(both.stdout);
    const [bills] = await duckdbRows(`SELECT CAST((SELECT sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) FROM read_parquet($nov))
      - (SELECT sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) FROM read_parquet($oct)) AS VARCHAR) AS change`, { oct: REAL_OCT_2018, nov: REAL_NOV_2018 });
    // Months are judged on their own source's data: the 2018 CUR's, through 30 Nov 2018 (it said "data through 2024-09-30", the FOCUS sample's).
    expect([explained.covers, explained.total.change]).toEqual(['Oct 2018 (full bill, 31 days) → Nov 2018 (full bill, 30 days): the full bills of 31 and 30 days, data through 2018-11-30 (the data of aws/836060457634)', bills.change]);
    const halves = JSON.parse((await costlens(db, 'explain', '--from', '2024-09-01..2024-09-15', '--to', '2024-09-16..2024-09-30', '--format', 'json')).stdout);
    expect(halves.covers).toBe(`1–15 Sep 2024 (15 days) → 16–30 Sep 2024 (15 days): 15 days each, data through 2024-09-30 (the store's latest data, that of ${FOCUS_SOURCES})`);
  });

  it('a budget alert in September 2024 compares nothing with August 2024, which lies in a gap', async () => {
    const store = storeWithConfig(db, { budgets: [{ name: 'org', amount: 1, thresholds: [{ percent: 50 }] }], alerts: { email: ['finops@acme.example'], anomalyEvents: false } });
    const run = await costlens(store.db, 'alerts', 'check', '--dry-run', '--format', 'json', '--config', store.config);
    expect(run.stderr).toBe('');
    const [alert] = JSON.parse(run.stdout).alerts;
    expect(alert.drivers).toEqual({
      compare: '1–30 Sep 2024 against 1–30 Aug 2024, usage, BilledCost', notCompared: `the same days of the period before (1–30 Aug 2024) are not in the store: ${GAP_2024}`, total: null, top: [], rest: null, posted: [],
    });
  });
});

describe('the Overview on the legacy CUR alone (usage through 13 Nov 2023, no InvoiceId), judged on 1 Jun 2024', () => {
  let db: string;
  let app: CostlensApp;

  beforeAll(async () => {
    db = await cachedStore([[REAL_LEGACY_CSV]]);
    app = appOn(db, { clock: () => new Date('2024-06-01T12:00:00Z') });
  }, 300_000);
  afterAll(() => app?.close());

  it('its daily chart names the days it draws, 1–13 Nov 2023 (it said 1 Oct 2023 – 13 Nov 2023), and its money axis reads in cents up to $0.22 (13 Nov: $0.2046… of usage)', async () => {
    const [largest] = await duckdbRows(`SELECT CAST(CAST("lineItem/UsageStartDate" AS TIMESTAMP) AS DATE) AS day, sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38, 10))) AS cost
      FROM read_csv($file, all_varchar = true) WHERE "lineItem/LineItemType" = 'Usage' GROUP BY 1 ORDER BY 2 DESC LIMIT 1`, { file: REAL_LEGACY_CSV });
    expect(largest).toEqual({ day: '2023-11-13', cost: '0.2046081542' });
    const html = await (await page(app, '/')).text();
    const figure = /<figure[^>]*>(?:(?!<\/figure>)[^])*data-chart="daily_spend_by_service"[^]*?<\/figure>/.exec(html)![0];
    expect(/<figcaption>([^:<]*):/.exec(figure)![1]).toBe('Daily usage (billed cost) by service, 1–13 Nov 2023');
    // Whole dollars drew twelve labels "$0".
    const params = /data-params="([^"]*)"/.exec(figure)![1].replaceAll('&amp;', '&');
    expect(moneyAxisLabels(await (await app.request(`/charts/daily_spend_by_service.svg?${params}`)).text())).toEqual([
      ['$0.00', '$0.02', '$0.04', '$0.06', '$0.08', '$0.10', '$0.12', '$0.14', '$0.16', '$0.18', '$0.20', '$0.22'],
    ]);
  });

  it('an amount under half a cent beside a share reads <$0.01 (its exact amount the title), not $0.00: the Overview\'s top services and Explore\'s drill-downs; a total of exactly $0 has no share', async () => {
    // By DuckDB on the file, usage of 1–13 Nov 2023 (month to date through the data horizon): Amazon Elastic File System, AWS CloudTrail and AWS IoT cost less than half a cent each; AWS CloudShell exactly 0.
    const services = await duckdbRows(`SELECT "product/ProductName" AS service, CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38, 10))) AS VARCHAR) AS cost
      FROM read_csv($file, all_varchar = true) WHERE "lineItem/LineItemType" = 'Usage' AND CAST("lineItem/UsageStartDate" AS TIMESTAMP) < TIMESTAMP '2023-11-14' AND "product/ProductName" IN ('Amazon Elastic File System', 'AWS CloudTrail', 'AWS IoT', 'AWS CloudShell') GROUP BY 1 ORDER BY 2 DESC`, { file: REAL_LEGACY_CSV });
    expect(services).toEqual([
      { service: 'Amazon Elastic File System', cost: '0.0009362808' },
      { service: 'AWS CloudTrail', cost: '0.0002400000' },
      { service: 'AWS IoT', cost: '0.0000025000' },
      { service: 'AWS CloudShell', cost: '0.0000000000' },
    ]);
    // Their shares are the Overview's own (of this month's usage through the data horizon), not zero: the figure beside them is not $0.00.
    const overview = await (await page(app, '/')).text();
    const row = (service: string) => new RegExp(`<tr><td>${service}</td>(<td[^>]*>[^<]*</td>){2}`).exec(tableHtml(overview, 'top-services'))![0];
    expect(row('Amazon Elastic File System')).toBe('<tr><td>Amazon Elastic File System</td><td data-value="0.0009362808" title="$0.0009362808">&lt;$0.01</td><td>0.06%</td>');
    expect(row('AWS CloudTrail')).toBe('<tr><td>AWS CloudTrail</td><td data-value="0.0002400000" title="$0.00024">&lt;$0.01</td><td>0.02%</td>');
    expect(row('AWS CloudShell')).toBe('<tr><td>AWS CloudShell</td><td data-value="0.0000000000">$0.00</td><td>0.00%</td>');
    const explore = async (service: string) => tableHtml(await (await page(app, `/explore?dimension=usage_type&preset=last_30_days&cost=billed&service=${encodeURIComponent(service)}`)).text(), 'explore-table');
    // AWS IoT: its one usage type holds all of it (100.00%), the total reads <$0.01 too.
    const iot = await explore('AWS IoT');
    expect(iot).toMatch(/>USW2-RegistryAndShadowOperations<\/a><\/td><td data-value="0.0000025000" title="\$0.0000025">&lt;\$0.01<\/td><td>100.00%<\/td>/);
    expect(/<tfoot>([^]*)<\/tfoot>/.exec(iot)![1]).toBe('<tr><th>Total</th><td data-value="0.0000025000" title="$0.0000025">&lt;$0.01</td><td>100.00%</td><td>3</td></tr>');
    // AWS CloudShell: 16 lines of exactly $0, each share –, and the total's too (it said 100.00%).
    expect(/<tfoot>([^]*)<\/tfoot>/.exec(await explore('AWS CloudShell'))![1]).toBe('<tr><th>Total</th><td data-value="0.0000000000">$0.00</td><td>–</td><td>16</td></tr>');
  });

  it('Explore: a preset none of whose days the store holds is refused on the preset picked, saying why and which presets hold days (Last month answered 400 on From, "or pick a preset range"); every preset alike', async () => {
    // By DuckDB on the file: charge days 1–14 Nov 2023 (the data horizon 13 Nov), so Last month is 1–31 Oct 2023.
    const [days] = await duckdbRows(`SELECT CAST(min(CAST("lineItem/UsageStartDate" AS TIMESTAMP)) AS DATE) AS first, CAST(max(CAST("lineItem/UsageStartDate" AS TIMESTAMP)) AS DATE) AS last
      FROM read_csv($file, all_varchar = true)`, { file: REAL_LEGACY_CSV });
    expect(days).toEqual({ first: '2023-11-01', last: '2023-11-14' });
    const hint = `choose Last 7 days, Last 30 days or Month to date, which hold days of it, or Custom range with days from ${days.first} to ${days.last}`;
    const refusals: Record<string, string> = {
      last_month: 'Last month (1–31 Oct 2023)', last_3_months: 'Last 3 months (1 Aug – 31 Oct 2023)',
      last_6_months: 'Last 6 months (1 May – 31 Oct 2023)', last_12_months: 'Last 12 months (1 Nov 2022 – 31 Oct 2023)',
    };
    for (const preset of ['last_7_days', 'last_30_days', 'month_to_date', 'last_month', 'last_3_months', 'last_6_months', 'last_12_months']) {
      const response = await page(app, `/explore?dimension=account&preset=${preset}&grain=month&cost=billed`);
      const html = await response.text();
      expect(response.status, preset).toBe(refusals[preset] ? 400 : 200);
      if (!refusals[preset]) continue;
      expect(html, preset).toContain('<select aria-invalid="true" aria-describedby="preset-error" name="preset"');
      expect(plainText(/<span class="form-error field-error" id="preset-error" role="alert">([^]*?)<\/span>/.exec(html)![1]), preset)
        .toBe(`the range ${refusals[preset]} is outside the billing data in the store (${days.first} to ${days.last}) (${hint})`);
      expect(html, preset).not.toContain('pick a preset range');
    }
  });

  it('budgets says which money of 2023-11 its actual leaves out, and why: the 0.0090675816 of 14 Nov 2023, past the data horizon ($1.67 where invoice reads $1.68, with no note)', async () => {
    // By DuckDB on the file: 1.6732411158 charged 1–13 Nov 2023, 0.0090675816 on 14 Nov (18 lines): 1.6823086974 in all, invoice's total.
    const [file] = await duckdbRows(`SELECT CAST(sum(CASE WHEN day <= DATE '2023-11-13' THEN cost END) AS VARCHAR) AS counted, CAST(sum(CASE WHEN day = DATE '2023-11-14' THEN cost END) AS VARCHAR) AS after,
        count(CASE WHEN day = DATE '2023-11-14' THEN 1 END) AS lines, CAST(sum(cost) AS VARCHAR) AS total
      FROM (SELECT CAST(CAST("lineItem/UsageStartDate" AS TIMESTAMP) AS DATE) AS day, CAST("lineItem/UnblendedCost" AS DECIMAL(38, 10)) AS cost FROM read_csv($file, all_varchar = true))`, { file: REAL_LEGACY_CSV });
    expect(file).toEqual({ counted: '1.6732411158', after: '0.0090675816', lines: '18', total: '1.6823086974' });
    const configured = storeWithConfig(db, { budgets: [{ name: 'all', amount: 5 }] });
    const json = JSON.parse((await costlens(configured.db, 'budgets', '--config', configured.config, '--format', 'json')).stdout) as { budgets: { actual: string }[] };
    expect(json.budgets[0].actual).toBe(file.counted);
    const table = await costlens(configured.db, 'budgets', '--config', configured.config);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[3]).toMatch(/^all +2023-11 +13\/30 +billed +\$5\.00 +\$1\.67 /);
    expect(lines.slice(4)).toEqual(['(1 row)', 'all: 2023-11: the actual counts the complete days to 13 Nov 2023, the data horizon; it leaves out $0.0090675816 of lines in scope '
      + 'dated 14 Nov 2023, a day not complete yet (`costlens invoice` counts them in the bill of the days the store holds).']);
  });

  it('calls 2023-11 provisional, incomplete, as costlens status does, with invoice\'s note under it (it said "Every billing period shown is final (invoiced)")', async () => {
    // By DuckDB on the file: its usage ends at 04:00 on 14 Nov 2023 (13 Nov the last complete day), no line carries an InvoiceId, one payer, 1,281 lines.
    const [file] = await duckdbRows(`SELECT max("lineItem/UsageEndDate") AS usage_end, count("bill/InvoiceId") AS invoiced, string_agg(DISTINCT "bill/PayerAccountId") AS payer,
        (SELECT count(*) FROM read_csv($file, all_varchar = true)) AS lines
      FROM read_csv($file, all_varchar = true) WHERE "lineItem/LineItemType" = 'Usage'`, { file: REAL_LEGACY_CSV });
    expect(file).toEqual({ usage_end: '2023-11-14T04:00:00.000Z', invoiced: '0', payer: '123412340534', lines: '1281' });
    const note = LEGACY_NOTE;
    // The CLI's words, judged on the same day: the page says the same.
    const status = JSON.parse((await costlens(db, 'status', '--format', 'json', '--today', '2024-06-01')).stdout) as Record<string, string>[];
    expect(status.map((r) => [r.source, r.billingPeriod, r.provisional])).toEqual([['aws/123412340534', '2023-11', 'yes: incomplete']]);
    expect((await costlens(db, 'status', '--today', '2024-06-01', '--wide')).stdout).toContain(`\n${note}\n\nOther tables`);
    const html = await (await page(app, '/')).text();
    expect(html).not.toContain('final (invoiced)');
    expect(html).toMatch(/<p class="provisional" id="provisional">Provisional, will change until invoiced:\s*<span data-period="2023-11">2023-11 \(aws\/123412340534: incomplete\)<\/span><\/p>\s*<p class="note" id="incomplete-periods">/);
    expect(/<p class="note" id="incomplete-periods">([^<]*)<\/p>/.exec(html)?.[1]).toBe(note);
    expect(html).toMatch(/<tr><td>aws\/123412340534<\/td><td>2023-11<\/td><td>1,281<\/td>(<td>[^<]*<\/td>){4}<td>yes: incomplete<\/td><\/tr>/);
  });
});

describe('sourceSpansOf: each billing period judged against its own delivery, the sources that share a file', () => {
  // The rows of calendar/data_horizon_by_source on the store of the 2018 CURs, the legacy CUR and the FOCUS sample (file names shortened).
  const row = (source: string, period: string, file: string | null, days: [string, string | null, string | null, string, string | null]) => {
    const [first_day, last_usage_day, last_usage_end, last_charge_day, last_usage_period] = days;
    return { source, billing_period: period, file, first_day, last_usage_day, last_usage_end, last_charge_day, last_usage_period };
  };
  const aws2018 = ['2018-10-01', '2018-11-30', '2018-12-01 00:00:00', '2018-11-30', '2018-11'] as const;
  const legacy = ['2023-11-01', '2023-11-14', '2023-11-14 04:00:00', '2023-11-14', '2023-11'] as const;
  const rows = [
    row('aws/123412340534', '2023-11', 'legacy.csv', [...legacy]),
    row('aws/1234567890123', '2024-09', 'focus.csv', ['2024-09-01', '2024-09-30', '2024-10-01 00:00:00', '2024-09-30', '2024-09']),
    row('aws/836060457634', '2018-10', 'oct.parquet', [...aws2018]),
    row('aws/836060457634', '2018-11', 'nov.parquet', [...aws2018]),
    row('microsoft/8611537', '2024-09', 'focus.csv', ['2024-09-01', '2024-09-19', '2024-09-20 00:00:00', '2024-09-19', '2024-09']),
    row('oracle/20209880', '2024-09', 'focus.csv', ['2024-09-03', '2024-09-30', '2024-09-30 23:00:00', '2024-09-30', '2024-10']),
    row('oracle/20209880', '2024-10', 'focus.csv', ['2024-09-03', '2024-09-30', '2024-09-30 23:00:00', '2024-09-30', '2024-10']),
  ];
  const store = { firstDay: '2018-10-01', lastDay: '2024-09-30', lastChargeDay: '2024-09-30', lastUsagePeriod: '2024-10' };

  it('gives each delivery the span its lines alone give: 2023-11 to 13 Nov 2023 (its usage stops at 04:00 on the 14th), the FOCUS sample\'s three accounts one delivery to 30 Sep 2024', () => {
    const spans = sourceSpansOf(rows, store);
    expect(spans.ofSource('aws/123412340534')).toEqual({ firstDay: '2023-11-01', lastDay: '2023-11-13', lastChargeDay: '2023-11-14', lastUsagePeriod: '2023-11' });
    expect(spans.ofSource('aws/836060457634')).toEqual({ firstDay: '2018-10-01', lastDay: '2018-11-30', lastChargeDay: '2018-11-30', lastUsagePeriod: '2018-11' });
    const focus = { firstDay: '2024-09-01', lastDay: '2024-09-30', lastChargeDay: '2024-09-30', lastUsagePeriod: '2024-10' };
    expect(['aws/1234567890123', 'microsoft/8611537', 'oracle/20209880'].map((s) => spans.ofSource(s))).toEqual([focus, focus, focus]);
    expect(['2018-10', '2023-11', '2024-10'].map((p) => spans.ofPeriod(p).lastDay)).toEqual(['2018-11-30', '2023-11-13', '2024-09-30']);
    // Unknown: the store's.
    expect([spans.ofSource('aws/unknown'), spans.ofPeriod('2020-01')]).toEqual([store, store]);
  });

  it('names each delivery\'s sources and the latest delivery, which defaults follow; explain judges two months on their own delivery\'s data, refusing one it does not complete', () => {
    const spans = sourceSpansOf(rows, store);
    const focus = { firstDay: '2024-09-01', lastDay: '2024-09-30', lastChargeDay: '2024-09-30', lastUsagePeriod: '2024-10' };
    expect([spans.sourcesOf(spans.ofPeriod('2023-11')), spans.sourcesOf(store)]).toEqual([['aws/123412340534'], []]);
    expect(spans.latest()).toEqual({ span: focus, sources: ['aws/1234567890123', 'microsoft/8611537', 'oracle/20209880'] });
    expect([storeWideSpans(store).latest(), storeWideSpans(store).sourcesOf(store)]).toEqual([null, []]);
    const noGaps = { firstDay: store.firstDay, gaps: [] };
    const months = judgedOnSources(resolveSpans('2018-10', '2018-11', store, noGaps), store, spans, { from: '2018-10', to: '2018-11' });
    expect(months.covers).toBe('Oct 2018 (full bill, 31 days) → Nov 2018 (full bill, 30 days): the full bills of 31 and 30 days, data through 2018-11-30 (the data of aws/836060457634)');
    // Nov 2023 ends before the store's horizon (30 Sep 2024) but after its own (13 Nov 2023): its bill is not all in the store.
    expect(() => judgedOnSources(resolveSpans('2023-10', '2023-11', store, noGaps), store, spans, { from: '2023-10', to: '2023-11' }))
      .toThrow('--to Nov 2023 (full bill, 30 days) runs past the data horizon of its source, 2023-11-13 (the data of aws/123412340534): its full bill is not all in the store');
    const one = storeWideSpans(store);
    expect(judgedOnSources(resolveSpans('2018-10', '2018-11', store, noGaps), store, one, {}).covers).toMatch(/, data through 2024-09-30$/);
  });

  it('a period two deliveries hold takes the one whose data ends first; one delivery, or a store without daily usage, is judged on the store\'s span itself', () => {
    const stale = row('aws/999999999999', '2024-09', 'other.csv', ['2024-09-01', '2024-09-20', '2024-09-21 00:00:00', '2024-09-20', '2024-09']);
    expect(sourceSpansOf([...rows, stale], store).ofPeriod('2024-09').lastDay).toBe('2024-09-20');
    const one = sourceSpansOf(rows.filter((r) => r.file === 'focus.csv'), store);
    expect([one.ofSource('microsoft/8611537'), one.ofPeriod('2024-09')]).toEqual([store, store]);
    const bills: BillingDaySpan = { ...store, wholeBillsOnly: { kind: 'monthly', holds: 'a monthly CUR', reason: 'its CUR is monthly', periods: ['2018-11'], incomplete: null } };
    expect(sourceSpansOf(rows, bills).ofSource('aws/123412340534')).toBe(bills);
  });
});
