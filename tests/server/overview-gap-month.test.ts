/**
 * The Overview of a month with days missing inside it (README, "Days in the store": a gap, "not in the store"): on both
 * real 2018 CURs without the November lines of 10–12 Nov, as of 30 Nov 2018, the usage card read "$2,901.70 · 1–30 Nov
 * 2018 (30 days)" and the sentence above "The same complete days of both months: 1–30 Nov 2018 (30 days)", beside
 * "Usage is not compared". They name the 27 days the store holds; the billing periods note 2018-11 as invoice does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duckdbRows } from '../helpers/cli.ts';
import { realCursWithout10To12NovStore } from '../helpers/derived-files.ts';
import type { CostlensApp } from '../../src/server/app.ts';
import { appOn, page } from './helpers.ts';

const text = (fragment: string) => fragment.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();

describe('the Overview as of 30 Nov 2018 on both real 2018 CURs without 10–12 Nov', () => {
  let nov: string;
  let html: string;
  let app: CostlensApp | undefined;

  beforeAll(async () => {
    let db: string;
    ({ nov, db } = await realCursWithout10To12NovStore());
    app = appOn(db, { clock: () => new Date('2024-01-01T12:00:00Z') });
    html = await (await page(app, '/')).text();
  }, 600_000);
  afterAll(() => app?.close());

  it('the usage card: $2,901.70 over 1–9 Nov 2018 and 13–30 Nov 2018 (27 days), by DuckDB on the cut file (it read 1–30 Nov 2018, 30 days)', async () => {
    const [usage] = await duckdbRows(`SELECT CAST(count(DISTINCT CAST(line_item_usage_start_date AS DATE)) AS VARCHAR) AS days,
        CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR) AS billed FROM read_parquet($file) WHERE line_item_line_item_type = 'Usage'`, { file: nov });
    expect(usage).toEqual({ days: '27', billed: '2901.6962651465' });
    const card = /<div class="kpi" id="mtd-current">([\s\S]*?)<\/div>/.exec(html)![1];
    expect(text(card)).toBe('Usage, Nov 2018 $2,901.70 1–9 Nov 2018 and 13–30 Nov 2018 (27 days)');
    // Its exact figure is DuckDB's sum on the file, not only its cents.
    expect(/class="figure[^"]*" data-value="([^"]*)"/.exec(card)?.[1]).toBe(usage.billed);
  });

  it('the sentence names the days held and says usage is not compared; the billing periods note 2018-11 as invoice does', () => {
    const asOf = text(/<p class="as-of" id="as-of">([\s\S]*?)<\/p>/.exec(html)![1]);
    expect(asOf).toContain('The complete days of both months the store holds: 1–9 Nov 2018 and 13–30 Nov 2018 (27 days) against 1–30 Oct 2018 (30 days) . '
      + 'The store holds no billing data on 10–12 Nov 2018, so 10–12 Nov 2018 are not in it this month. Usage is not compared: a day not in the store is not a day of no spend.');
    expect(/<p class="note" id="incomplete-periods">([^<]*)<\/p>/.exec(html)?.[1]).toBe('2018-11: 1–9 Nov 2018 and 13–30 Nov 2018: the bill of the days the store holds, not complete; '
      + '10–12 Nov 2018 are not in the store (the store holds no billing data on 10–12 Nov 2018)');
  });
});
