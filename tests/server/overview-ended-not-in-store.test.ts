/**
 * The Overview when usage is not compared because last month is not in the store, beside a delivery that has ended
 * (src/server/month-to-date-ended.ts): the legacy CUR of Nov 2023 (aws/123412340534, its data ending on 13 Nov) beside
 * the FOCUS sample moved to Nov 2023, as of 30 Nov 2023. The page said both "last month's days are not in it and usage
 * is not compared" and "Usage is compared without the lines of aws/123412340534 …: $1.60 left out"; the Usage card read
 * $22.86 (the FOCUS data alone) beside "Every charge class" usage of $24.46, and the top tables left the CUR out
 * (Amazon S3's $1.37, account 123412340534), "Compared without …, as the cards above". Nothing is compared, so every
 * line is shown, as on the CUR cut after 13 Nov 2018 beside FOCUS (tests/server/overview-ended-delivery.test.ts).
 * Every figure is summed exact by DuckDB on the two files.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { REAL_LEGACY_CSV, duckdbRows } from '../helpers/cli.ts';
import { legacyBesideFocusStores } from '../helpers/ended-delivery-files.ts';
import { cents, exactOf, usd } from '../helpers/shown-cents-rule.ts';
import { appOn, page } from './helpers.ts';

const LATER = () => new Date('2026-12-01T09:00:00Z');
const text = (html: string) => html.replace(/<[^>]*>/g, '').replace(/&#39;/g, "'").replace(/\s+/g, ' ').trim();
const figureAfter = (html: string, id: string) => /<p class="figure[^"]*" data-value="([^"]*)">([^<]*)<\/p>/.exec(html.slice(html.indexOf(`id="${id}"`)))!;
const tableOf = (html: string, id: string) => [...html.matchAll(/<table[^>]*id="([^"]*)"[^>]*>([^]*?)<\/table>/g)].find((m) => m[1] === id)![2];
/** A top table's rows: its first cell's text and its first figure's data-value (this month's usage). */
const topRows = (html: string, id: string) => [...tableOf(html, id).matchAll(/<tr><td>([^<]*)<\/td>[^]*?<td data-value="([^"]*)"/g)].map(([, key, value]) => ({ key, value }));

/**
 * Usage BilledCost of 1–30 Nov 2023 of both files, exact, by DuckDB on them: the legacy CUR's Usage lines and the FOCUS
 * file's lines of no fee, tax, credit or adjustment category, not recurring, of a day or less; in all (`key` null), or
 * per service (the CUR's product name, else its product code) or per account, the `top` largest then by name, as the
 * Overview ranks its top tables.
 */
async function novemberUsage(focus: string, by: 'all' | 'service' | 'account', top = 10): Promise<{ key: string | null; usage: string }[]> {
  const key = by === 'all' ? 'NULL' : by === 'service' ? 'service' : 'account';
  const rows = await duckdbRows(`WITH lines AS (
      SELECT CAST(CAST("lineItem/UsageStartDate" AS TIMESTAMP) AS DATE) AS day, "lineItem/LineItemType" = 'Usage' AS usage,
        coalesce("product/ProductName", "lineItem/ProductCode") AS service, "lineItem/UsageAccountId" AS account, CAST("lineItem/UnblendedCost" AS DECIMAL(38,10)) AS billed
      FROM read_csv($legacy, all_varchar = true)
      UNION ALL
      SELECT CAST(ChargePeriodStart AS DATE), ChargeCategory NOT IN ('Tax', 'Credit', 'Adjustment', 'Purchase') AND coalesce(ChargeFrequency, '') <> 'Recurring'
        AND ChargePeriodEnd - ChargePeriodStart <= INTERVAL 1 DAY, ServiceName, SubAccountId, CAST(BilledCost AS DECIMAL(38,10)) FROM read_parquet($focus))
    SELECT ${key} AS key, CAST(sum(billed) AS VARCHAR) AS usage FROM lines WHERE usage AND day BETWEEN DATE '2023-11-01' AND DATE '2023-11-30'
    GROUP BY 1 ORDER BY sum(billed) DESC, 1 LIMIT ${top}`, { legacy: REAL_LEGACY_CSV, focus });
  return rows.map((r) => ({ key: r.key, usage: r.usage! }));
}

describe('the Overview on the legacy CUR of Nov 2023 (ended on 13 Nov) beside the FOCUS sample moved to Nov 2023, as of 30 Nov 2023', () => {
  let app: CostlensApp;
  let focus: string;
  let html: string;
  beforeAll(async () => {
    const stores = await legacyBesideFocusStores();
    focus = stores.focus;
    app = appOn(stores.two, { clock: LATER });
    html = await (await page(app, '/')).text();
  }, 300_000);
  afterAll(() => app?.close());

  it('says usage is not compared (October is not in the store) and no "compared without" sentence; it said both', () => {
    expect(text(/<p class="as-of" id="as-of">([^]*?)<\/p>/.exec(html)![1])).toBe('As of 30 Nov 2023, the last complete day in the store. The same complete days of both months: '
      + '1–30 Nov 2023 (30 days) against 1–30 Oct 2023 (30 days). The store\'s billing data begins on 1 Nov 2023, so last month\'s days are not in it and usage is not compared.');
    expect(html).not.toContain('id="ended-delivery"');
    expect(html).not.toContain('id="top-tables-ended"');
    expect(text(html)).not.toMatch(/compared without/i);
    expect(text(figureAfter(html, 'mtd-change')[2])).toBe('not compared');
  });

  it('the Usage card holds every line, as "Every charge class" does: $24.46 = FOCUS 22.8619267289 + CUR 1.6023086974 (it read $22.86, the FOCUS data alone)', async () => {
    const [all] = await novemberUsage(focus, 'all');
    expect(all.usage).toBe('24.4642354263');
    const [card, shown] = figureAfter(html, 'mtd-current').slice(1);
    expect(exactOf(card)).toBe(exactOf(all.usage));
    expect(shown).toBe(usd(cents(all.usage)));
    expect(shown).toBe('$24.46');
    expect(exactOf(/<tr data-class="usage"><td>Usage<\/td><td data-value="([^"]*)"/.exec(html)![1])).toBe(exactOf(all.usage));
  });

  it('the top services and accounts tables hold the CUR\'s lines too (Amazon S3\'s $1.37, account 123412340534\'s $1.60), each row its usage by DuckDB', async () => {
    for (const [id, by] of [['top-services', 'service'], ['top-accounts', 'account']] as const) {
      const expected = await novemberUsage(focus, by);
      expect(topRows(html, id).map((r) => [r.key, exactOf(r.value)]), id).toEqual(expected.map((r) => [r.key, exactOf(r.usage)]));
      expect(tableOf(html, id), id).not.toContain('<th>Change</th>');
    }
    expect(topRows(html, 'top-services').find((r) => r.key === 'Amazon Simple Storage Service')?.value).toBe('1.3723803750');
    expect(topRows(html, 'top-accounts').find((r) => r.key === '123412340534')?.value).toBe('1.6023086974');
  });

  it('the Data transfer page, on the same rule, compares nothing and says nothing of the ended delivery', async () => {
    const transfer = await (await page(app, '/data-transfer')).text();
    expect(transfer).not.toContain('id="transfer-ended"');
    expect(text(transfer)).not.toMatch(/compared without/i);
    expect(text(transfer)).toContain('The store\'s billing data begins on 1 Nov 2023, so last month\'s days are not in it and nothing is compared.');
  });
});
