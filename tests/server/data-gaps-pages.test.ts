/**
 * The pages on a store whose billing periods leave gaps (the real 2018 CURs, the legacy CUR of
 * 1–14 Nov 2023 and the FOCUS sample of September 2024 together: tests/helpers/data-gaps-store.ts).
 * Days no billing period covers are not in the store, so a span compared with them is "no data",
 * not $0.00 of spend: the Overview, Explore and Data transfer say which days and why, as they do for
 * days before the store's first charge day; and where the FOCUS sample counts a line of billing
 * period 2024-10 on 30 Sep 2024, each table says how it counts. The commands: data-gaps.test.ts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { REAL_FOCUS, duckdbRows } from '../helpers/cli.ts';
import { GAP_2023, GAP_2024, storeWithGaps, usd } from '../helpers/data-gaps-store.ts';
import { textOf } from './page-helpers.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { appOn, appPerDescribe, page } from './helpers.ts';

describe('a store with gaps between its billing periods (the real 2018, 2023 and 2024 files together)', () => {
  const gaps = appPerDescribe(storeWithGaps, 300_000);

  it('Overview as of 13 Nov 2023: last month\'s same days lie in a gap, so its cards read no data and nothing is compared or explained', async () => {
    const html = await (await page(gaps.app, '/?as_of=2023-11-13')).text();
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
    const html = await (await page(gaps.app, '/?as_of=2024-09-30')).text();
    expect(html).toMatch(new RegExp(`<tr data-class="total"><th>Total</th><td data-value="${file.charged_in_september}">\\$20\\.52</td>`));
    expect(html).toMatch(new RegExp(`<tr data-billing-period="2024-09"><td>Sep 2024</td>\\s*<td data-value="${file.september_bill}">\\$20\\.28</td>`));
    const [sep, oct, all] = [usd(file.september_bill), usd(file.october_in_september), usd(file.charged_in_september)];
    expect([sep, oct, all]).toEqual(['$20.28', '$0.24', '$20.52']);
    expect(textOf(/<span id="charge-day-basis">([^]*?)<\/span>/.exec(html)![1])).toBe('Counted by charge day, whatever the billing period: Sep 2024 holds '
      + `${oct} of billing period 2024-10 charged on 30 Sep 2024, where the net view below counts by billing period (Sep 2024 there: ${sep} + ${oct} = ${all}).`);
    expect(textOf(/<span id="net-view-basis">([^]*?)<\/span>/.exec(html)![1])).toBe('Counted by billing period, where “Every charge class, Sep 2024” counts by charge day: '
      + `its Sep 2024 holds ${oct} of billing period 2024-10 charged on 30 Sep 2024 (Sep 2024 here: ${sep} + ${oct} = ${all}).`);
    // Nothing is compared (August is in the gap): the usage row does not say "compared above".
    expect(html).toContain('<tr data-class="usage"><td>Usage</td>');
    // In effective cost the Oracle line is $0.00 (EffectiveCost 0): both tables count the same, and nothing is said.
    const effective = await (await page(gaps.app, '/?as_of=2024-09-30&cost=effective')).text();
    expect(effective).not.toContain('charge-day-basis');
    expect(effective).not.toContain('net-view-basis');
    // As of 29 Sep the line is after as-of: neither table counts it.
    expect(await (await page(gaps.app, '/?as_of=2024-09-29')).text()).not.toContain('charge-day-basis');
  });

  it('Overview\'s budget card, as of the data horizon (30 Sep 2024): one bracket for its as-of day (it read "(the data horizon (the last complete day in the store))"), and the charge-day note\'s commands as code, not backticks', async () => {
    const dir = scratchDir();
    writeFileSync(join(dir, 'costlens.config.yaml'), 'budgets:\n  - name: organisation\n    amount: 4000\n');
    const budgets = appOn(gaps.db, { config: loadConfig(join(dir, 'costlens.config.yaml'), {}, dir) });
    try {
      const html = await (await page(budgets, '/')).text();
      const card = /<section class="top-table budget-status" id="budget-status">([^]*?)<\/section>/.exec(html)![1];
      expect(textOf(card)).toContain('Actual: spend in scope on the complete days of the period up to 30 Sep 2024 (the data horizon, the last complete day in the store). Forecast:');
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
    const html = await (await page(gaps.app, '/explore?dimension=service&start=2024-09-01&end=2024-10-01&cost=billed')).text();
    const note = textOf(/<p class="note" id="explore-chart-fees">([^]*?)<\/p>/.exec(html)![1]);
    expect(note).toContain(`Show usage only (it leaves out too what other charge classes bill by the hour or the day, which is daily spend: credits ${usd(file.credits)} and adjustments ${usd(file.adjustments)} ).`);
    expect([usd(file.credits), usd(file.adjustments)]).toEqual(['−$2.61', '$0.27']);
  });

  it('Overview as of 30 Sep 2024 (the FOCUS sample): "Every charge class" lists the credit and the two adjustments apart, as Explore and `invoice` do (one row read "Credits, refunds and discounts" −$2.34); a month without adjustments lists no such row', async () => {
    const [file] = await duckdbRows(`SELECT
        CAST(sum(TRY_CAST(BilledCost AS DECIMAL(38,10))) FILTER (WHERE ChargeCategory = 'Credit') AS VARCHAR) AS credits,
        CAST(sum(TRY_CAST(BilledCost AS DECIMAL(38,10))) FILTER (WHERE ChargeCategory = 'Adjustment') AS VARCHAR) AS adjustments
      FROM read_csv($focus, all_varchar = true)`, { focus: REAL_FOCUS });
    const rows = (html: string) => [...html.matchAll(/<tr data-class="(credit|adjustment)"><td>([^<]*)<\/td><td data-value="([^"]*)">([^<]*)<\/td>/g)].map((m) => m.slice(1));
    expect(rows(await (await page(gaps.app, '/?as_of=2024-09-30')).text())).toEqual([
      ['credit', 'Credits, refunds and discounts', file.credits, usd(file.credits!)],
      ['adjustment', 'Adjustments (charges in no other category)', file.adjustments, usd(file.adjustments!)],
    ]);
    expect(rows(await (await page(gaps.app, '/?as_of=2023-11-13')).text())).toEqual([['credit', 'Credits, refunds and discounts', '0.0000000000', '$0.00']]);
  });

  it('Overview with an as-of day in a gap: this month\'s days are not in the store either, so its card reads no data and nothing is compared; part of them in it are named', async () => {
    const august = await (await page(gaps.app, '/?as_of=2024-08-15')).text();
    expect(august).toContain(`<span id="before-data">The store holds no billing data from 15 Nov 2023 to 31 Aug 2024, so this month&#39;s days up to the as-of day are not in it (choose an as-of day the store holds), and last month&#39;s days are not in it and usage is not compared.</span>`);
    expect(august).not.toContain('id="current-not-in-store"');
    expect(august).toMatch(/id="mtd-current">\s*<h2>Usage, month to date<\/h2>\s*<p class="figure" data-value="">no data<\/p>\s*<p class="range">1–15 Aug 2024 \(15 days\): not in the store<\/p>/);
    expect(august).toMatch(/id="mtd-change">\s*<h2>Change in usage<\/h2>\s*<p class="figure" data-value="">not compared<\/p>/);
    const november = await (await page(gaps.app, '/?as_of=2023-11-20')).text();
    expect(november).toContain(`<span id="current-not-in-store">The store holds no billing data from 15 Nov 2023 to 31 Aug 2024, so 15–20 Nov 2023 are not in it this month.</span>`);
    expect(november).toMatch(/id="mtd-change">\s*<h2>Change in usage<\/h2>\s*<p class="figure" data-value="">not compared<\/p>/);
    expect(november).toContain(`No explanation: last month&#39;s days (1–13 Oct 2023) are not in the store: ${GAP_2023}.`);
  });

  it('Data transfer with an as-of day in a gap: no data this month, nothing compared', async () => {
    const html = await (await page(gaps.app, '/data-transfer?as_of=2024-08-15')).text();
    expect(html).toContain(`<span id="transfer-current-not-in-store">The store holds no billing data from 15 Nov 2023 to 31 Aug 2024, so this month&#39;s days up to the as-of day are not in it: choose an as-of day the store holds.</span>`);
    expect(html).toMatch(/id="transfer-current">\s*<h2>Data transfer, month to date<\/h2>\s*<p class="figure" data-value="">no data<\/p>/);
    expect(html).toMatch(/id="transfer-change">\s*<h2>Change<\/h2>\s*<p class="figure" data-value="">not compared<\/p>/);
    // As of 10 Dec 2023 no day of the month is in the store, and 1–10 Nov 2023 are: this month's cells read no data, not $0.00.
    const december = await (await page(gaps.app, '/data-transfer?as_of=2023-12-10')).text();
    const rows = [...december.matchAll(/<tr data-(?:type|source)="[^"]*">[^]*?<\/tr>/g)].map((m) => m[0]);
    const lastMonth = rows.map((row) => {
      const cells = [...row.matchAll(/<td data-value="([^"]*)">([^<]*)<\/td>/g)].map((c) => [c[1], c[2]]);
      expect(cells[0], row).toEqual(['', 'no data']);
      expect(cells[2], row).toEqual(['', '–']);
      return [/data-(?:type|source)="([^"]*)"/.exec(row)![1], ...cells[1]];
    });
    // Last month's column (1–10 Nov 2023), by DuckDB on the legacy CUR CSV: sum(lineItem/UnblendedCost) of its Usage lines starting 1–10 Nov
    // by the usage type's kind (…-AWS-Out/In-Bytes inter-region, …DataTransfer-Regional-Bytes inter-AZ, …DataTransfer-Out/In-Bytes internet egress/ingress, other
    // …DataTransfer…): only inter-region costs anything; the file has no resource id column and one account, 123412340534, which holds it all.
    expect(lastMonth).toEqual([
      ['inter-region', '0.0000043973', '$0.00'],
      ['inter-AZ', '0.0000000000', '$0.00'],
      ['internet egress', '0.0000000000', '$0.00'],
      ['internet ingress', '0.0000000000', '$0.00'],
      ['other data transfer', '0.0000000000', '$0.00'],
      ['total', '0.0000043973', '$0.00'],
      ['(no resource id)', '0.0000043973', '$0.00'],
      ['123412340534', '0.0000043973', '$0.00'],
    ]);
    // As of 20 Nov 2023, 15–20 Nov lie in a gap: this month's figure stands, and no change is shown, in the card or the tables.
    const part = await (await page(gaps.app, '/data-transfer?as_of=2023-11-20')).text();
    expect(part).toContain(`<span id="transfer-current-not-in-store">The store holds no billing data from 15 Nov 2023 to 31 Aug 2024, so 15–20 Nov 2023 are not in it this month, and nothing is compared.</span>`);
    expect(part).toMatch(/id="transfer-change">\s*<h2>Change<\/h2>\s*<p class="figure" data-value="">not compared<\/p>/);
    // The rows of December's tables above (the five kinds, the total, the one source and the one account), each with no change.
    const changes = [...part.matchAll(/<tr data-(?:type|source)="([^"]*)">([^]*?)<\/tr>/g)]
      .map((m) => [m[1], .../<td data-value="[^"]*">[^<]*<\/td><td data-value="[^"]*">[^<]*<\/td>\s*<td data-value="([^"]*)">([^<]*)<\/td>/.exec(m[2])?.slice(1) ?? []]);
    expect(changes).toEqual(['inter-region', 'inter-AZ', 'internet egress', 'internet ingress', 'other data transfer', 'total', '(no resource id)', '123412340534']
      .map((row) => [row, '', '–']));
  });

  it('Explore: a previous period in a gap is not compared, nor one partly in it, whose days not in the store are named', async () => {
    const summary = (html: string) => /<p class="summary compare" id="explore-compare">([^]*?)<\/p>/.exec(html)![1].replace(/\s+/g, ' ').trim();
    const none = await (await page(gaps.app, '/explore?dimension=service&start=2024-09-01&end=2024-09-11&cost=billed&compare=previous')).text();
    expect(summary(none)).toBe(`<span>Previous period (same length): 22–31 Aug 2024:</span> <span class="figure" data-value="">no data</span> <span class="change-line">not compared: ${GAP_2024}</span>`);
    const part = await (await page(gaps.app, '/explore?dimension=service&start=2023-11-08&end=2023-11-22&cost=billed&compare=previous')).text();
    expect(summary(part)).toContain('<span class="change-line">not compared</span>');
    expect(summary(part)).toContain(`(the store holds no billing data from 1 Dec 2018 to 31 Oct 2023: 25–31 Oct 2023 are not in it, and a day not in the store is not a day of no spend)`);
    expect(part).not.toMatch(/>Compared<\/th>/);
    // The range itself partly in a gap (15–16 Nov 2023), against 9–12 Nov, which the store holds: not compared either.
    const now = await (await page(gaps.app, '/explore?dimension=service&start=2023-11-13&end=2023-11-17&cost=billed&compare=previous')).text();
    expect(summary(now)).toContain('<span class="change-line">not compared</span>');
    expect(summary(now)).toContain(`(${GAP_2024}: 15–16 Nov 2023 are not in it, and a day not in the store is not a day of no spend)`);
    expect(now).not.toMatch(/>Compared<\/th>/);
  });

  it('Overview as of 13 Nov 2023: the daily chart\'s caption names the days it draws, 1–13 Nov 2023, not October, which lies in the gap', async () => {
    const html = await (await page(gaps.app, '/?as_of=2023-11-13')).text();
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
      const { domain, range } = ((await (await gaps.app.request(`/api/charts/${chart}?dimension=service&start=2024-09-01&end=2024-10-01&cost=billed&top=${n}`)).json()) as Spec).encoding.color.scale;
      expect(new Set(range).size, chart).toBe(range.length);
      return new Map(domain.map((name, i) => [name, range[i]]));
    };
    const [daily, totals] = [await colours('explore_daily', 8), await colours('explore_totals', 12)];
    expect([...totals.keys()]).toEqual([...top, 'Other (21 more)']);
    expect([...daily.keys()].filter((name) => name !== 'Other').sort()).toEqual(top.slice(0, 8).sort());
    // Azure Kubernetes Service was brown in one and green in the other, Azure DB for MySQL purple and steel blue.
    for (const name of top.slice(0, 8)) expect(totals.get(name), name).toBe(daily.get(name));
  });
});
