/**
 * The Overview compares usage over complete days only: the legacy CUR's 14 Nov 2023 holds usage to
 * 04:00 only (its data horizon is 13 Nov), so as of a later day the usage card covers 1–13 Nov 2023
 * (13 days) against as many days before and names 14 Nov as a partial day, not compared. On the CUR
 * alone the card counted 14 Nov's usage ($1.60) under "1–13 Nov 2023 (13 days)"; beside the other real
 * files (the CUR a delivery that has ended) it called the day complete, "1–14 Nov 2023 (14 days)".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_LEGACY_CSV, duckdbRows } from '../helpers/cli.ts';
import { appOn, page } from './helpers.ts';
import { textOf } from './page-helpers.ts';
import { cardOf, EVERY_REAL_FILE, textById } from './real-files-pages.ts';

const CLOCK = () => new Date('2024-12-15T12:00:00Z');

/** The legacy CUR's usage (UnblendedCost of its Usage lines) by whether it starts before 14 Nov 2023, and its last usage hour, by DuckDB on the CSV. */
async function legacyUsage(): Promise<Record<string, string | null>[]> {
  return duckdbRows(`SELECT CAST(CAST("lineItem/UsageStartDate" AS TIMESTAMP) < TIMESTAMP '2023-11-14' AS VARCHAR) AS before_14, CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38, 10))) AS VARCHAR) AS cost,
      CAST(max(CAST("lineItem/UsageStartDate" AS TIMESTAMP)) AS VARCHAR) AS last_hour
    FROM read_csv($csv, all_varchar = true) WHERE "lineItem/LineItemType" = 'Usage' GROUP BY 1 ORDER BY 1 DESC`, { csv: REAL_LEGACY_CSV });
}

describe('the Overview names a partial day and compares complete days only', () => {
  let legacy: CostlensApp;
  let every: CostlensApp;
  beforeAll(async () => {
    legacy = appOn(await cachedStore([[REAL_LEGACY_CSV]]), { clock: CLOCK });
    every = appOn(await cachedStore(EVERY_REAL_FILE), { clock: CLOCK });
  }, 300_000);
  afterAll(async () => {
    await legacy?.close();
    await every?.close();
  });

  it('by DuckDB on the CSV: 1–13 Nov 2023 usage 1.5932411158, 14 Nov 0.0090675816 to 03:00–04:00', async () => {
    expect(await legacyUsage()).toEqual([
      { before_14: 'true', cost: '1.5932411158', last_hour: '2023-11-13 22:00:00' },
      { before_14: 'false', cost: '0.0090675816', last_hour: '2023-11-14 03:00:00' },
    ]);
  });

  it('the legacy CUR alone, as of 20 Nov 2023: usage $1.59 over 1–13 Nov 2023 (13 days), 14 Nov named partial, 15–20 Nov not in the store (the card read $1.60, 14 Nov counted)', async () => {
    const html = await (await page(legacy, '/?as_of=2023-11-20')).text();
    expect(cardOf(html, 'mtd-current')).toEqual(['1.5932411158', '$1.59', '1–13 Nov 2023 (13 days)']);
    expect(textById(html, 'p', 'as-of')!.replace(' .', '.')).toBe('As of 20 Nov 2023 (chosen). The complete days of both months the store holds: 1–13 Nov 2023 (13 days) against 1–13 Oct 2023 (13 days). '
      + '14 Nov 2023 is a partial day (the data ends on 13 Nov 2023, the data horizon): not all of its usage is in the store, so it is not compared. '
      + "The store's billing data ends on 13 Nov 2023, so 15–20 Nov 2023 are not in it this month. The store's billing data begins on 1 Nov 2023, so last month's days are not in it and usage is not compared.");
    // Every charge class still counts every line charged to as-of, 14 Nov's too: 1.6023086974 of usage, as the invoice counts it.
    expect(/<tr data-class="usage"><td>Usage<\/td><td data-value="([^"]*)">/.exec(html)![1]).toBe('1.6023086974');
    // Its note says so beside the days it says are not in the store (it said 14–20 Nov were not in it, over a figure holding 14 Nov's lines).
    expect(html).toContain('<span id="current-month-partial">The store&#39;s billing data ends on 13 Nov 2023, so 14–20 Nov 2023 are not in it this month.</span>');
    expect(html).toContain('<span id="charge-classes-partial-day">Of 14 Nov 2023, a partial day (the data ends on 13 Nov 2023, the data horizon), it counts the lines the store holds.</span>');
  });

  it('as of 14 Nov 2023, the partial day itself: the same 13 days, the day named, nothing compared', async () => {
    const html = await (await page(legacy, '/?as_of=2023-11-14')).text();
    expect(cardOf(html, 'mtd-current')).toEqual(['1.5932411158', '$1.59', '1–13 Nov 2023 (13 days)']);
    expect(textById(html, 'span', 'partial-day')).toBe('14 Nov 2023 is a partial day (the data ends on 13 Nov 2023, the data horizon): not all of its usage is in the store, so it is not compared.');
    expect(textOf(/id="mtd-change">([^]*?)<\/div>/.exec(html)![1])).toBe('Change in usage not compared last month\'s days are not in the store');
  });

  it('every real file, as of 20 Nov 2023 (the CUR a delivery that has ended): 1–13 Nov 2023 (13 days), not "1–14 Nov 2023 (14 days)", 14 Nov named in forecast\'s words', async () => {
    const html = await (await page(every, '/?as_of=2023-11-20')).text();
    expect(cardOf(html, 'mtd-current')).toEqual(['1.5932411158', '$1.59', '1–13 Nov 2023 (13 days)']);
    expect(html).not.toContain('1–14 Nov 2023 (14 days)');
    expect(textById(html, 'p', 'as-of')!.replace(' .', '.')).toBe('As of 20 Nov 2023 (chosen). The complete days of both months the store holds: 1–13 Nov 2023 (13 days) against 1–13 Oct 2023 (13 days). '
      + '14 Nov 2023 is a partial day (the data of aws/123412340534 ends on 13 Nov 2023): not all of its usage is in the store, so it is not compared. '
      + "The store holds no billing data from 15 Nov 2023 to 31 Aug 2024, so 15–20 Nov 2023 are not in it this month. The store holds no billing data from 1 Dec 2018 to 31 Oct 2023, so last month's days are not in it and usage is not compared.");
    // The top services and the chart by service count the same complete days: their usage adds up to the card's.
    const chart = /data-chart="month_by_service" data-params="([^"]*)"/.exec(html)![1];
    expect(chart).toBe('as_of=2023-11-13&amp;cost=billed');
  });
});
