/**
 * The Overview's chart by service (`month_by_service`, and `month_to_date_by_service` when usage is
 * compared) draws the 7 services with the most usage and then the rest summed as one bar, "Other (N
 * more)", as Explore's chart sums its rest, so its bars and the sentence it gives screen readers add
 * up to the usage card beside it. It drew the top 8 and left the rest out unsaid: "Total $3,357.92"
 * beside a card of $3,357.94 on the real Nov 2018 CUR, "Total $22.50" beside $22.86 on every real file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
// @ts-expect-error: a browser module without types (served as /assets/chart-summary.js).
import { describe as summary } from '../../src/server/assets/chart-summary.js';
import { fromUnits, toUnits } from '../../src/lib/money.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_FOCUS, REAL_NOV_2018, duckdbRows } from '../helpers/cli.ts';
import { realFilesStore } from '../helpers/real-2018-store.ts';
import { apiRows, appOn, page } from './helpers.ts';
import { cardOf, EVERY_REAL_FILE } from './real-files-pages.ts';

const describeChart = summary as (spec: object, rows: object[]) => string;

interface ChartSpec { title: string; usermeta: { costlens: { params: Record<string, string> } }; data: { values: Record<string, string | number | null>[] } }

/** The page's chart by service: its name, its spec with the rows it draws, and the exact rows of its query (decimal strings). */
async function byServiceChart(app: CostlensApp, html: string): Promise<{ name: string; spec: ChartSpec; exact: Record<string, string | null>[] }> {
  const [, name, params] = /data-chart="(month_(?:to_date_)?by_service)" data-params="([^"]*)"/.exec(html)!;
  const query = params.replaceAll('&amp;', '&');
  const spec = await (await app.request(`/api/charts/${name}?${query}`)).json() as ChartSpec;
  const exact = await apiRows(await app.request(`/api/queries/overview/top_services?${new URLSearchParams(spec.usermeta.costlens.params)}`));
  return { name, spec, exact };
}

/** The exact sum of a column of the query's rows. */
const sumOf = (rows: Record<string, string | null>[], column: string) => fromUnits(rows.reduce((s, r) => s + toUnits(r[column] ?? '0'), 0n));

/** The cents of a sentence's parts, summed, and of its total: `… $715.26; … Total $3,357.94.` */
function partsAndTotalCents(sentence: string): [number, number] {
  const [parts, total] = sentence.split(' Total ');
  const cents = (text: string) => [...text.matchAll(/\$([\d,]+\.\d\d)/g)].map((m) => Math.round(Number(m[1].replace(/,/g, '')) * 100));
  return [cents(parts).reduce((a, b) => a + b, 0), cents(total)[0]];
}

describe('the Overview\'s chart by service names what it does not draw apart: "Other (N more)", so it adds up to the usage card', () => {
  const CLOCK = () => new Date('2018-12-15T12:00:00Z');
  let nov: CostlensApp;
  beforeAll(async () => {
    nov = appOn(await cachedStore([[REAL_NOV_2018]]), { clock: CLOCK });
  }, 300_000);
  afterAll(() => nov?.close());

  it('the Nov 2018 CUR alone (not compared): 7 services and "Other (10 more)" $0.33 (AWS Budgets, Amazon Athena, CloudWatch Events and 7 at $0.00), "Total $3,357.94" as the card (it read $3,357.92)', async () => {
    // By DuckDB on the file: November's 17 services of usage, the 7 largest and the rest.
    const services = await duckdbRows(`SELECT coalesce(product_product_name, line_item_product_code) AS service, CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38, 10))) AS VARCHAR) AS cost
      FROM read_parquet($file) WHERE line_item_line_item_type IN ('Usage', 'DiscountedUsage') GROUP BY 1 ORDER BY sum(CAST(line_item_unblended_cost AS DECIMAL(38, 10))) DESC, 1`, { file: REAL_NOV_2018 });
    expect(services.length).toBe(17);
    const rest = services.slice(7);
    expect(sumOf(rest, 'cost')).toBe('0.3263520000');
    expect(sumOf(services, 'cost')).toBe('3357.9429681268');

    const html = await (await page(nov, '/?as_of=2018-11-30')).text();
    expect(cardOf(html, 'mtd-current').slice(0, 2)).toEqual(['3357.9429681268', '$3,357.94']);
    const { name, spec, exact } = await byServiceChart(nov, html);
    expect(name).toBe('month_by_service');
    expect(exact.map((r) => [r.service, r.current_cost])).toEqual([...services.slice(0, 7).map((r) => [r.service, r.cost]), ['Other (10 more)', '0.3263520000']]);
    expect(sumOf(exact, 'current_cost')).toBe('3357.9429681268');
    expect(spec.data.values.map((v) => v.service)).toEqual(exact.map((r) => r.service));
    expect(describeChart(spec, spec.data.values)).toBe('By service: 1–30 Nov 2018: AWS Glue $2,005.38; Amazon Relational Database Service $715.26; Amazon Elastic Compute Cloud $587.62; '
      + 'Amazon QuickSight $36.92; AWS Config $11.10; Amazon GuardDuty $0.95; Amazon Simple Storage Service $0.38; Other (10 more) $0.33. Total $3,357.94.');
    // Its parts are said in cents that add up to its total, by largest remainder as the tables split a total (each rounded alone, they made $3,357.95).
    expect(partsAndTotalCents(describeChart(spec, spec.data.values))).toEqual([335794, 335794]);
  });

  it('both 2018 CURs as of 30 Nov (compared): each span\'s bars add up to its card, "Other (10 more)" $0.33 against $0.18, every bar named in the summary', async () => {
    const app = appOn(await realFilesStore(), { clock: CLOCK });
    try {
      const html = await (await page(app, '/?as_of=2018-11-30')).text();
      const { name, spec, exact } = await byServiceChart(app, html);
      expect(name).toBe('month_to_date_by_service');
      expect(exact.at(-1)).toMatchObject({ service: 'Other (10 more)', current_cost: '0.3263520000', previous_cost: '0.1805840000' });
      expect(exact.length).toBe(8);
      expect(sumOf(exact, 'current_cost')).toBe(cardOf(html, 'mtd-current')[0]);
      expect(sumOf(exact, 'previous_cost')).toBe(cardOf(html, 'mtd-previous')[0]);
      expect(cardOf(html, 'mtd-previous').slice(0, 2)).toEqual(['3764.0273793725', '$3,764.03']);
      // The rows the chart draws: the spec folds this month's and last month's column into one bar each.
      const folded = spec.data.values.flatMap((v) => [['current_cost', '1–30 Nov 2018'], ['previous_cost', '1–30 Oct 2018']].map(([which, period]) => ({ ...v, which, period, cost: v[which] })));
      const sentence = describeChart(spec, folded);
      expect(sentence).toContain('; Other (10 more): 1–30 Nov 2018 $0.33, 1–30 Oct 2018 $0.18.');
      expect(sentence).not.toContain('more.');
    } finally {
      await app.close();
    }
  });

  it('every real file, as of 30 Sep 2024 (the FOCUS sample, not compared): 7 services and "Other (26 more)", "Total $22.86" as the card (it read $22.50)', async () => {
    const app = appOn(await cachedStore(EVERY_REAL_FILE), { clock: () => new Date('2024-12-15T12:00:00Z') });
    try {
      const html = await (await page(app, '/?as_of=2024-09-30')).text();
      const card = cardOf(html, 'mtd-current');
      expect(card.slice(0, 2)).toEqual([card[0], '$22.86']);
      // The card's exact figure is the FOCUS sample's usage of 1–30 Sep 2024, by DuckDB on the CSV (the other files hold none of those days).
      const [focus] = await duckdbRows(`SELECT CAST(sum(CAST(BilledCost AS DECIMAL(38,10))) AS VARCHAR) AS usage FROM read_csv($file, all_varchar = true)
        WHERE ChargeCategory = 'Usage' AND CAST(ChargePeriodStart AS TIMESTAMP) >= TIMESTAMP '2024-09-01' AND CAST(ChargePeriodStart AS TIMESTAMP) < TIMESTAMP '2024-10-01'`, { file: REAL_FOCUS });
      expect([card[0], focus.usage]).toEqual(['22.8619267289', '22.8619267289']);
      const { spec, exact } = await byServiceChart(app, html);
      expect(exact.length).toBe(8);
      expect(exact.at(-1)!.service).toBe('Other (26 more)');
      expect(sumOf(exact, 'current_cost')).toBe(card[0]);
      // The sentence names the bars largest first, Other among them.
      expect(describeChart(spec, spec.data.values)).toBe('By service: 1–30 Sep 2024: Amazon Elastic Compute Cloud $18.66; Azure Kubernetes Service $1.58; Amazon Relational Database Service $0.75; '
        + 'Other (26 more) $0.58; Azure DB for MySQL $0.37; Red Hat OpenShift Service on AWS $0.34; Elastic Load Balancing $0.31; COMPUTE $0.27. Total $22.86.');
    } finally {
      await app.close();
    }
  });
});
