/**
 * The pages and commands on a store of the real legacy CUR alone (usage 1 Nov to 04:00 on 14 Nov
 * 2023, no InvoiceId): its one billing period is the bill of the days the store holds, not complete,
 * and amounts under half a cent read <$0.01. The same file among others, with gaps between them:
 * data-gaps.test.ts and data-gaps-pages.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_LEGACY_CSV, costlens, duckdbRows } from '../helpers/cli.ts';
import { LEGACY_NOTE } from '../helpers/data-gaps-store.ts';
import { storeWithConfig } from '../alerts/helpers.ts';
import { moneyAxisLabels } from './axis-labels.ts';
import { appOn, page } from './helpers.ts';
import { tableHtml, textOf } from './page-helpers.ts';

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
      expect(textOf(/<span class="form-error field-error" id="preset-error" role="alert">([^]*?)<\/span>/.exec(html)![1]), preset)
        .toBe(`the range ${refusals[preset]} is outside the billing data in the store (1–14 Nov 2023) (${hint})`);
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
    // 0.0090675816 in cents, as the table writes the actual ($1.67 + $0.01 = invoice's $1.68; it read the exact $0.0090675816).
    expect(lines.slice(4)).toEqual(['(1 row)', 'all: 2023-11: the actual counts the complete days to 13 Nov 2023, the data horizon; it leaves out $0.01 of lines in scope '
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
