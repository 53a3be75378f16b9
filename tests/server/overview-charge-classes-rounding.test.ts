/**
 * The Overview's "Every charge class" table splits each column's total into classes, and its rows
 * add up to the total shown: rounded to the cent by largest remainder, as `costlens invoice` rounds
 * its classes, so the same bill reads the same cents on both. Each rounded on its own, Nov 2018's
 * RI fees read $147.38 (147.384) beside usage $3,357.94 under a total of $3,505.33.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_NOV_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { realFilesStore } from '../helpers/real-2018-store.ts';
import { appOn, page } from './helpers.ts';

const CLOCK = () => new Date('2018-12-15T12:00:00Z');

/** The real Nov 2018 CUR's BilledCost by line item type, charged up to (not including) `before`, by DuckDB on the Parquet file. */
async function novByType(before: string): Promise<Record<string, string | null>[]> {
  return duckdbRows(`SELECT line_item_line_item_type AS type, CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38, 10))) AS VARCHAR) AS cost
    FROM read_parquet($file) WHERE CAST(line_item_usage_start_date AS TIMESTAMP) < CAST($before AS TIMESTAMP) AND line_item_unblended_cost <> 0
    GROUP BY 1 ORDER BY 1`, { file: REAL_NOV_2018, before });
}

/** The "Every charge class" rows by data-class: [this month, last month] as shown (the cells' text, not their data-value). */
function classCells(html: string): Record<string, [string, string]> {
  const section = /<section class="top-table" id="charge-classes">([^]*?)<\/section>/.exec(html)![1];
  return Object.fromEntries([...section.matchAll(/<tr data-class="([^"]+)">([^]*?)<\/tr>/g)].map(([, name, row]) => {
    const cells = [...row.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
    return [name, cells.slice(-2) as [string, string]];
  }));
}

/** `$3,505.33` → 350533 cents. */
const cents = (shown: string) => BigInt(shown.replace(/[$,]/g, '').replace('.', ''));

describe('the Overview\'s "Every charge class" rounds its rows as costlens invoice does, so they add up to the total', () => {
  let app: CostlensApp;
  let db: string;
  beforeAll(async () => {
    db = await cachedStore([[REAL_NOV_2018]]);
    app = appOn(db, { clock: CLOCK });
  }, 300_000);
  afterAll(() => app?.close());

  it('Nov 2018 alone: usage $3,357.94 + recurring fees $147.39 = $3,505.33, the cents of `costlens invoice --period 2018-11` (fees read $147.38)', async () => {
    expect(await novByType('2018-12-01')).toEqual([
      { type: 'RIFee', cost: '147.3840000000' },
      { type: 'Usage', cost: '3357.9429681268' },
    ]);
    const html = await (await page(app, '/?as_of=2018-11-30')).text();
    const cells = classCells(html);
    expect(cells.usage[0]).toBe('$3,357.94');
    expect(cells.recurring[0]).toBe('$147.39');
    expect(cells.total[0]).toBe('$3,505.33');
    expect(html).toContain('<td data-value="147.3840000000">$147.39</td>');
    const run = await costlens(db, 'invoice', '--period', '2018-11', '--format', 'json');
    expect(run.code).toBe(0);
    const [bill] = JSON.parse(run.stdout) as { total: { cents: { billed: string } }; classes: { chargeClass: string; cents: { billed: string } }[] }[];
    const invoiceCents = Object.fromEntries(bill.classes.map((c) => [c.chargeClass, c.cents.billed]));
    expect(invoiceCents).toEqual({ usage: '3357.94', 'commitment-fees': '147.39' });
    expect(cells.usage[0]).toBe(`$${Number(invoiceCents.usage).toLocaleString('en-US', { minimumFractionDigits: 2 })}`);
    expect(cells.recurring[0]).toBe(`$${invoiceCents['commitment-fees']}`);
    expect(cells.total[0]).toBe(`$${Number(bill.total.cents.billed).toLocaleString('en-US', { minimumFractionDigits: 2 })}`);
  });

  it('as of 15 Nov 2018: usage $2,322.44 + fees $147.39 = $2,469.83 (2322.4424185468 + 147.384, by DuckDB on the file)', async () => {
    expect(await novByType('2018-11-16')).toEqual([
      { type: 'RIFee', cost: '147.3840000000' },
      { type: 'Usage', cost: '2322.4424185468' },
    ]);
    const cells = classCells(await (await page(app, '/?as_of=2018-11-15')).text());
    expect([cells.usage[0], cells.recurring[0], cells.total[0]]).toEqual(['$2,322.44', '$147.39', '$2,469.83']);
    const rows = Object.entries(cells).filter(([name]) => name !== 'total').map(([, [now]]) => cents(now));
    expect(rows.reduce((s, c) => s + c, 0n)).toBe(cents(cells.total[0]));
  });

  it('Oct 2018 whole beside Nov (both CURs): usage $3,914.71 + fees $149.77 = $4,064.48, the cents of `costlens invoice --period 2018-10` (fees read $149.78)', async () => {
    const both = await realFilesStore();
    const app2 = appOn(both, { clock: CLOCK });
    try {
      const cells = classCells(await (await page(app2, '/?as_of=2018-11-30')).text());
      expect([cells.usage[1], cells.recurring[1], cells.total[1]]).toEqual(['$3,914.71', '$149.77', '$4,064.48']);
      for (const column of [0, 1]) {
        const rows = Object.entries(cells).filter(([name]) => name !== 'total').map(([, shown]) => cents(shown[column]));
        expect(rows.reduce((s, c) => s + c, 0n)).toBe(cents(cells.total[column]));
      }
      const run = await costlens(both, 'invoice', '--period', '2018-10', '--format', 'json');
      const [bill] = JSON.parse(run.stdout) as { total: { cents: { billed: string } }; classes: { chargeClass: string; cents: { billed: string } }[] }[];
      expect(bill.classes.map((c) => [c.chargeClass, c.cents.billed])).toEqual([['usage', '3914.71'], ['commitment-fees', '149.77']]);
      expect(bill.total.cents.billed).toBe('4064.48');
    } finally {
      await app2.close();
    }
  });
});
