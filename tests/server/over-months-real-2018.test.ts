/**
 * A month that is over is never called "to date", "so far" or "in progress". On the real October
 * and November 2018 CUR (`costlens ingest cur-athena-parquet-2018-1*.snappy.parquet`: data horizon
 * 30 Nov 2018, both billing periods final), the Overview said "Usage, month to date $3,357.94 ·
 * 1–30 Nov 2018", "Every charge class, month to date | Nov 2018 so far" and "Nov 2018 (so far)" in
 * its net view; Storage "Storage, Nov 2018 so far $223.84" with a chart legend of lighter bars for
 * "the month in progress"; Data transfer "Month to date" and "Cost, month to date". Now each names
 * November as a month, with the same figures (each checked against DuckDB on the Parquet file);
 * a month the as-of day cuts is still "month to date" / "so far".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_NOV_2018, REAL_OCT_2018, duckdbRows } from '../helpers/cli.ts';
import { realNovemberFrom10th } from '../helpers/derived-files.ts';
import { appOn, page } from './helpers.ts';
import { textOf } from './page-helpers.ts';

/** Exact sum of lineItem/UnblendedCost (as the store's DECIMAL(38,10)) of the November file's lines matching `where`, by DuckDB on the file. */
async function novemberSum(where: string): Promise<string> {
  const [row] = await duckdbRows(`SELECT CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR) AS s FROM read_parquet($file) WHERE ${where}`, { file: REAL_NOV_2018 });
  return row.s!;
}

const figure = (html: string, id: string) => new RegExp(`id="${id}">\\s*<h2>([^<]*)</h2>\\s*<p class="figure[^"]*" data-value="([^"]*)">([^<]*)</p>\\s*<p class="range">([^<]*)</p>`).exec(html)?.slice(1);
const NOT_OVER = /to date|so far|in progress/i;

describe('pages of the real 2018 files, whose data horizon is 30 Nov 2018: November is a whole month, never "to date"', () => {
  let app: CostlensApp;
  let db: string;

  beforeAll(async () => {
    db = await cachedStore([[REAL_OCT_2018, REAL_NOV_2018]]);
    app = appOn(db);
  }, 600_000);
  afterAll(() => app?.close());

  it('Overview: "Usage, Nov 2018" $3,357.94 (Usage lines 1–30 Nov), "Every charge class, Nov 2018", the net view\'s "Nov 2018" $3,505.33 (the whole file)', async () => {
    const usage = await novemberSum(`line_item_line_item_type = 'Usage' AND line_item_usage_start_date < TIMESTAMP '2018-12-01'`);
    const bill = await novemberSum('true');
    expect([usage, bill]).toEqual(['3357.9429681268', '3505.3269681268']);
    const html = await (await page(app, '/')).text();
    expect(figure(html, 'mtd-current')).toEqual(['Usage, Nov 2018', usage, '$3,357.94', '1–30 Nov 2018 (30 days)']);
    expect(html).toContain('<section class="kpis" aria-label="Nov 2018">');
    expect(html).toContain('<h2>Every charge class, Nov 2018</h2>');
    expect(html).toContain('<thead><tr><th>Charge class</th><th>Nov 2018</th><th>Oct 2018, whole month</th></tr></thead>');
    expect(html).toMatch(new RegExp(`<tr data-class="total"><th>Total</th><td data-value="${bill}">\\$3,505\\.33</td>`));
    expect(html).toMatch(new RegExp(`<tr data-billing-period="2018-11"><td>Nov 2018</td>\\s*<td data-value="${bill}">\\$3,505\\.33</td>`));
    expect(textOf(/<p class="range" id="net-view-days">([^<]*)<\/p>/.exec(html)![1])).toBe(
      'Nov 2018: the lines of its billing period charged 1–30 Nov 2018, the days of “Every charge class, Nov 2018”. Oct 2018: its whole billing period. Nothing charged after 30 Nov 2018 is counted.');
    expect(html).toContain('<h2>Top services, usage in Nov 2018</h2>');
    expect(html).toContain('<h2>Top accounts, usage in Nov 2018</h2>');
    expect(html).toContain('aria-label="Usage in Nov 2018 by service, 1–30 Nov 2018 against the same days last month, 1–30 Oct 2018 (billed cost)."');
    expect(textOf(html)).not.toMatch(NOT_OVER);
  });

  it('Overview judged in Dec 2026: both periods are invoiced, and the freshness line says why 28–30 Nov 2018 are provisional all the same (it said "final" above a chart of provisional days); Alerts sent says its days are the clock\'s, not the page\'s', async () => {
    const [last] = await duckdbRows(`SELECT CAST(CAST(max(line_item_usage_start_date) AS DATE) AS VARCHAR) AS d FROM read_parquet($file) WHERE line_item_line_item_type = 'Usage'`, { file: REAL_NOV_2018 });
    expect(last.d).toBe('2018-11-30'); // the data horizon: its last 3 complete days (anomalies.provisionalDays) are 28–30 Nov
    const later = appOn(db, { clock: () => new Date('2026-12-07T12:00:00Z') });
    try {
      const html = await (await page(later, '/')).text();
      expect(textOf(/<p class="final" id="provisional">([^]*?)<\/p>/.exec(html)![1]).trim()).toBe('Every billing period shown is invoiced. The last 3 complete days of its data, '
        + '28–30 Nov 2018, are still treated as provisional (drawn lighter, not judged for anomalies): costlens counts them back from the data horizon (anomalies.provisionalDays), whatever the invoice.');
      expect(html).not.toContain('shown is final');
      // One wording for one idea: the chart's caption and the anomaly events say it in the freshness line's words (they said "AWS may still restate them").
      const why = 'treated as provisional: costlens counts the last 3 complete days back from the data horizon (anomalies.provisionalDays).';
      expect(html).toContain(`Lighter bars: 28–30 Nov 2018, ${why}`);
      expect(textOf(/id="anomaly-days">([^<]*)</.exec(html)![1])).toContain('28–30 Nov 2018 are not judged yet, treated as provisional: costlens counts them back from the data horizon (anomalies.provisionalDays).');
      expect(html).not.toContain('restate');
      expect(textOf(html)).toContain('No alert was sent from 8 Nov to 7 Dec 2026 (by the clock: an alert is dated when it was sent, not by the billing data\'s days, and this page is as of 30 Nov 2018). ');
    } finally {
      later.close();
    }
    // Judged on 15 Nov 2018, November is the current month: provisional, as its days are, and nothing more is said of them.
    const now = await (await page(app, '/')).text();
    expect(now).toMatch(/<p class="provisional" id="provisional">Provisional, will change until invoiced:\s*<span data-period="2018-11">/);
    expect(now).not.toContain('id="provisional-days"');
  });

  it('Overview as of 20 Nov 2018: November runs on past it, so it is still the month to date, "so far"', async () => {
    const html = await (await page(app, '/?as_of=2018-11-20')).text();
    expect(figure(html, 'mtd-current')?.[0]).toBe('Usage, month to date');
    expect(html).toContain('<h2>Every charge class, month to date</h2>');
    expect(html).toContain('<th>Nov 2018 so far</th>');
    expect(html).toContain('<tr data-billing-period="2018-11"><td>Nov 2018 (so far)</td>');
  });

  it('Storage: "Storage, Nov 2018" $223.84 (November\'s storage usage), and every bar of its chart is a whole month', async () => {
    const storage = await novemberSum(`line_item_line_item_type = 'Usage' AND (
      (line_item_product_code IN ('AmazonS3', 'AmazonGlacier') AND line_item_usage_type LIKE '%TimedStorage%')
      OR line_item_usage_type LIKE '%EBS:Volume%' OR line_item_usage_type LIKE '%EBS:Snapshot%'
      OR (line_item_product_code = 'AmazonEFS' AND line_item_usage_type LIKE '%ByteHrs%')
      OR (line_item_product_code = 'AmazonRDS' AND (line_item_usage_type LIKE '%Storage%' OR line_item_usage_type LIKE '%BackupUsage%' OR line_item_usage_type LIKE '%PIOPS')
          AND line_item_usage_type NOT LIKE '%StorageIOUsage%'))`);
    expect(storage).toBe('223.8365446031');
    const html = await (await page(app, '/storage')).text();
    expect(figure(html, 'storage-latest')).toEqual(['Storage, Nov 2018', storage, '$223.84', '1–30 Nov 2018']);
    expect(textOf(/<p class="as-of" id="storage-days">([^]*?)<\/p>/.exec(html)![1])).toBe(
      'Charge days 1 Oct – 30 Nov 2018 (up to the data horizon 30 Nov 2018), billed cost, usage lines only.');
    expect(html).toContain('aria-label="Monthly storage billed cost by service, 1 Oct – 30 Nov 2018. Every bar is a whole month."');
    expect(textOf(html)).not.toMatch(NOT_OVER);
  });

  it('Data transfer: "Data transfer, Nov 2018" (November\'s transfer usage), "Cost, Nov 2018" columns, whole-month bars', async () => {
    const transfer = await novemberSum(`line_item_line_item_type = 'Usage' AND line_item_usage_type LIKE '%Bytes' AND (line_item_usage_type LIKE '%DataTransfer%'
      OR line_item_usage_type LIKE '%-AWS-Out-Bytes' OR line_item_usage_type LIKE '%-AWS-In-Bytes' OR line_item_usage_type LIKE '%NatGateway-Bytes')`);
    expect(transfer).toBe('0.0049764299');
    const html = await (await page(app, '/data-transfer')).text();
    expect(figure(html, 'transfer-current')).toEqual(['Data transfer, Nov 2018', transfer, '$0.00', '1–30 Nov 2018: 6.78 GB billed']);
    expect(textOf(/<p class="as-of" id="transfer-days">([^]*?)<\/p>/.exec(html)![1])).toBe('Nov 2018, the whole month, as of 30 Nov 2018 (the data horizon): 1–30 Nov 2018 '
      + 'against the same days of the month before, 1–30 Oct 2018 (equal spans of complete charge days), billed cost, usage lines only.');
    expect(html).toContain('<thead><tr><th>Type</th><th>Cost, Nov 2018</th><th>Same days last month</th>');
    expect(html).toContain('<thead><tr><th>Resource</th><th>Cost, Nov 2018</th><th>Same days last month</th>');
    expect(html).toContain('aria-label="Monthly data transfer billed cost by type, 1 Oct – 30 Nov 2018. Every bar is a whole month."');
    expect(textOf(html)).not.toMatch(NOT_OVER);
    const cut = await (await page(app, '/data-transfer?as_of=2018-11-15')).text();
    expect(figure(cut, 'transfer-current')?.[0]).toBe('Data transfer, month to date');
    expect(cut).toContain('aria-label="Monthly data transfer billed cost by type, 1 Oct – 15 Nov 2018. Lighter bars: part of a month (1–15 Nov 2018)."');
  });

  it('KPIs, Commitments, Optimisation and Attribution by default: no month is called to date, so far or in progress', async () => {
    for (const path of ['/kpi', '/commitments', '/optimisation', '/attribution']) {
      let response = await page(app, path);
      // Commitments, Optimisation and Attribution redirect to their default filters.
      while (response.status === 302) response = await page(app, response.headers.get('location')!);
      expect(response.status, path).toBe(200);
      expect(textOf(await response.text()), path).not.toMatch(NOT_OVER);
    }
  });
});

describe('a store that begins inside its month (the real November 2018 CUR from 10 Nov on) says so, not a whole bill of 10–30 Nov', () => {
  let app: CostlensApp;

  beforeAll(async () => {
    app = appOn(await cachedStore([[await realNovemberFrom10th()]]));
  }, 600_000);
  afterAll(() => app?.close());

  it('the freshness line names 1–9 Nov as not in the store under "invoiced", and "Every charge class" says its Nov 2018 column lacks them', async () => {
    const [days] = await duckdbRows(`SELECT CAST(CAST(min(line_item_usage_start_date) AS DATE) AS VARCHAR) AS first, CAST(CAST(max(line_item_usage_start_date) AS DATE) AS VARCHAR) AS last
      FROM read_parquet($file) WHERE line_item_usage_start_date >= TIMESTAMP '2018-11-10'`, { file: REAL_NOV_2018 });
    expect([days.first, days.last]).toEqual(['2018-11-10', '2018-11-30']);
    const held = await novemberSum(`line_item_usage_start_date >= TIMESTAMP '2018-11-10'`);
    expect(held).toBe('1973.9381581288');
    const html = await (await page(app, '/')).text();
    // Before: "Every billing period shown is invoiced." over a row of 2018-11-10 – 2018-11-30, nothing said of 1–9 Nov.
    expect(textOf(/<p class="note" id="store-begins">([^]*?)<\/p>/.exec(html)![1])).toBe("The store's billing data begins on 10 Nov 2018, so 1–9 Nov 2018 are not in it: "
      + 'billing period 2018-11 is shown as the bill of the days the store holds, 10–30 Nov 2018, not the whole invoice.');
    const charges = /<section class="top-table" id="charge-classes">([^]*?)<\/section>/.exec(html)![1];
    expect(/<tr data-class="total"><th>Total<\/th><td data-value="([^"]*)"/.exec(charges)![1]).toBe(held);
    // Before: only "…, so Oct 2018 is not in it." under a Nov 2018 column that lacks 1–9 Nov.
    expect(textOf(/<p class="note">Fees, tax([^]*?)<\/p>/.exec(charges)![1])).toContain("The store's billing data begins on 10 Nov 2018, so 1–9 Nov 2018 are not in it this month, and Oct 2018 is not in it.");
  });
});
