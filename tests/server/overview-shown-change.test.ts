/**
 * The Overview's changes are the differences of the figures shown beside them (each rounded once to
 * the cent, half away from zero), as the "Why it changed" card, explain and the e-mails show them,
 * not the exact change rounded on its own, a cent away when the two amounts round apart. On the real
 * October and November 2018 files as of 30 Nov 2018: usage $3,357.94 against $3,764.03 is −$406.09
 * (the exact −406.0844… alone would read −$406.08, beside a card that says −$406.09); Amazon RDS
 * $715.27 against $891.04 is −$175.77 (not −$175.78), GuardDuty $0.95 against $0.68 is +$0.27 (not
 * +$0.28). `data-value` keeps the exact change.
 *
 * Its anomaly events list no driver whose change shows as $0.00 (AWS Glue's EU-Catalog-Request,
 * which moved less than half a cent): such a driver joins the others, whose line is what the impact
 * shown leaves after the listed ones. And with no day examined (a store of one provisional day) the
 * section says why, where it read "from 5 Nov 2018 to 4 Nov 2018".
 *
 * Usage totals are DuckDB's sums on the Parquet files; the per-service and per-account figures are
 * SQL sums on the store's line items.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_NOV_2018, REAL_OCT_2018, duckdbRows, sqlRows } from '../helpers/cli.ts';
import { derivedFiles } from '../helpers/derived-files.ts';
import { usd } from '../helpers/shown-cents-rule.ts';
import { appOn, ingestedStore, page } from './helpers.ts';

/** Long after the data: the Overview is as of the last complete day in the store, 30 Nov 2018. */
const LATER = () => new Date('2026-12-01T09:00:00Z');

/** Usage BilledCost (unblended cost of Usage and DiscountedUsage lines) charged from `from` up to `to`, by DuckDB on a Parquet file, exact. */
const USAGE_ON_FILE = `SELECT CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR) AS c FROM read_parquet($file)
  WHERE line_item_line_item_type IN ('Usage', 'DiscountedUsage') AND line_item_usage_start_date >= CAST($from AS TIMESTAMP) AND line_item_usage_start_date < CAST($to AS TIMESTAMP)`;

/** Exact decimal text → units of 1e-10. */
function units(text: string | null): bigint {
  const [whole, fraction = ''] = (text ?? '0').replace('-', '').split('.');
  const u = BigInt(whole) * 10n ** 10n + BigInt(fraction.padEnd(10, '0').slice(0, 10));
  return text?.startsWith('-') ? -u : u;
}

/** An exact amount (units) as a table shows it beside a share: its cents, or `<$0.01` (escaped) for one not zero that rounds to none. */
function besideShare(u: bigint): string {
  if (u === 0n || cents(u) !== 0n) return usd(cents(u));
  return u < 0n ? '−&lt;$0.01' : '&lt;$0.01';
}

/** Units rounded once to cents, half away from zero. */
function cents(u: bigint): bigint {
  const abs = u < 0n ? -u : u;
  const c = (2n * abs + 10n ** 8n) / (2n * 10n ** 8n);
  return u < 0n ? -c : c;
}

/** `&#39;` and tags out, for reading a cell's text. */
const text = (html: string) => html.replace(/<[^>]*>/g, '').replace(/&#39;/g, "'").trim();

describe('the Overview on the real 2018 files, as of 30 Nov 2018: every change is the difference of the figures shown', () => {
  let app: CostlensApp;
  let db: string;
  let html: string;

  beforeAll(async () => {
    ({ db } = await ingestedStore(REAL_OCT_2018, REAL_NOV_2018));
    app = appOn(db, { clock: LATER });
    html = await (await page(app, '/')).text();
  }, 600_000);
  afterAll(() => app?.close());

  it('usage 1–30 Nov 2018 $3,357.94 against 1–30 Oct $3,764.03: the change reads −$406.09 (exact −406.0844…), as the "Why it changed" card says', async () => {
    const [now] = await duckdbRows(USAGE_ON_FILE, { file: REAL_NOV_2018, from: '2018-11-01', to: '2018-12-01' });
    const [before] = await duckdbRows(USAGE_ON_FILE, { file: REAL_OCT_2018, from: '2018-10-01', to: '2018-10-31' });
    const [nowCents, beforeCents] = [cents(units(now.c)), cents(units(before.c))];
    expect([usd(nowCents), usd(beforeCents)]).toEqual(['$3,357.94', '$3,764.03']);
    const exact = units(now.c) - units(before.c);
    // Rounded alone, the exact change is a cent off the difference of the figures shown.
    expect([cents(exact), nowCents - beforeCents]).toEqual([-40608n, -40609n]);
    const kpi = (id: string) => /<p class="figure[^"]*" data-value="([^"]*)">([^<]*)<\/p>/.exec(html.slice(html.indexOf(`id="${id}"`)))!.slice(1);
    expect(html).toContain('<strong id="mtd-days">1–30 Nov 2018 (30 days)</strong> against <strong>1–30 Oct 2018 (30 days)</strong>');
    expect(kpi('mtd-current')[1]).toBe('$3,357.94');
    expect(kpi('mtd-previous')[1]).toBe('$3,764.03');
    expect(units(kpi('mtd-change')[0])).toBe(exact);
    expect(kpi('mtd-change')[1]).toBe(usd(nowCents - beforeCents, true));
    expect(kpi('mtd-change')[1]).toBe('−$406.09');
    expect(/<tr id="drivers-total">[^]*?data-value="([^"]*)">([^<]*)</.exec(html)!.slice(1)).toEqual(['-406.09', '−$406.09']);
  });

  it('top services and accounts: each change is this month shown less the same days last month shown (RDS −$175.77, GuardDuty +$0.27)', async () => {
    const sums = (key: string) => sqlRows(db, `SELECT ${key} AS k,
        CAST(coalesce(sum(BilledCost) FILTER (WHERE ChargePeriodStart >= TIMESTAMP '2018-11-01'), 0) AS VARCHAR) AS now,
        CAST(coalesce(sum(BilledCost) FILTER (WHERE ChargePeriodStart < TIMESTAMP '2018-10-31'), 0) AS VARCHAR) AS before
      FROM line_items WHERE x_ChargeClass = 'usage' AND ChargePeriodStart >= TIMESTAMP '2018-10-01' AND ChargePeriodStart < TIMESTAMP '2018-12-01' GROUP BY 1`);
    for (const [table, key] of [['top-services', `coalesce(ServiceName, '(none)')`], ['top-accounts', `coalesce(SubAccountId, '(none)')`]] as const) {
      const expected = new Map((await sums(key)).map((r) => [r.k!, [units(r.now), units(r.before)]]));
      const body = new RegExp(`id="${table}">([^]*?)</table>`).exec(html)![1];
      const rows = [...body.matchAll(/<tr><td>([^<]*)<\/td>(?:<td class="text">[^<]*<\/td>)?<td data-value="[^"]*"(?: title="[^"]*")?>([^<]*)<\/td><td data-value="[^"]*"(?: title="[^"]*")?>([^<]*)<\/td><td data-value="([^"]*)">([^<]*)<\/td>/g)];
      expect(rows.length, table).toBe(table === 'top-services' ? 10 : 2);
      for (const [, value, shownNow, shownBefore, exactChange, change] of rows) {
        const [nowExact, beforeExact] = expected.get(text(value))!;
        const [now, before] = [cents(nowExact), cents(beforeExact)];
        expect([shownNow, shownBefore, change], `${table} ${value}`).toEqual([besideShare(nowExact), besideShare(beforeExact), usd(now - before, true)]);
        expect(exactChange, `${table} ${value}`).toMatch(/^-?\d+\.\d{10}$/);
      }
      if (table === 'top-services') {
        const row = (service: string) => {
          const r = rows.find((m) => m[1] === service)!;
          return [r[2], r[3], r[5]];
        };
        expect(row('Amazon Relational Database Service')).toEqual(['$715.27', '$891.04', '−$175.77']);
        expect(row('Amazon GuardDuty')).toEqual(['$0.95', '$0.68', '+$0.27']);
      }
    }
  });

  it('the AWS Glue drop lists its two resources, not EU-Catalog-Request $0.00: the other 6 drivers together, $0.00, and the lines add up to the impact shown', () => {
    const row = /<tr data-event="service:AWS Glue:2018-11-21">([^]*?)<\/tr>/.exec(html)![1];
    const cells = [...row.matchAll(/<td[^>]*>([^]*?)<\/td>/g)].map((m) => m[1]);
    expect(cells.slice(2, 5).map(text)).toEqual(['$0.00', '$685.77', '−$685.77']);
    expect(text(/<p class="note drivers-count">([^<]*)</.exec(row)![1])).toBe('The largest 2 of 8 drivers, then the other 6:');
    const items = [...row.matchAll(/<li( class="other-drivers")? data-change="([^"]+)">([^]*?)<\/li>/g)].map((m) => [m[2], text(m[3])]);
    expect(items.map(([change]) => change)).toEqual(['-344.38', '-341.39', '0.00']);
    expect(items[2][1]).toBe('6 other drivers $0.00');
    expect(row).not.toContain('EU-Catalog');
    expect(row).not.toMatch(/<li data-change="0\.00">/);
    expect(items.reduce((s, [change]) => s + BigInt(change.replace('.', '')), 0n)).toBe(-68577n);
  });
});

describe('the Overview on a store of one day, 5 Nov 2018 (provisional): no day was examined for anomalies, and it says why', () => {
  /** The store of 5 Nov 2018's lines (cut as cutCurParquet cuts them), written and ingested once per machine (tests/helpers/derived-files.ts, cached-stores.ts): only read. */
  let db: string;
  let app: CostlensApp;

  beforeAll(async () => {
    const name = 'cur-2018-11-05.parquet';
    const { [name]: oneDay } = await derivedFiles([{
      name,
      sql: 'SELECT * FROM read_parquet($source) WHERE line_item_usage_start_date >= CAST($from AS TIMESTAMP) AND line_item_usage_start_date < CAST($to AS TIMESTAMP)',
      params: { source: REAL_NOV_2018, from: '2018-11-05', to: '2018-11-06' },
    }]);
    db = await cachedStore([[oneDay]]);
    app = appOn(db, { clock: LATER });
  }, 600_000);
  afterAll(() => app?.close());

  it('"No day was examined for anomalies" and the reason, where it read "from 5 Nov 2018 to 4 Nov 2018"', async () => {
    const html = await (await page(app, '/')).text();
    const section = /<section class="top-table" id="anomaly-events">([^]*?)<\/section>/.exec(html)![1];
    expect(/<p id="anomaly-days">([^<]*)<\/p>/.exec(section)![1]).toBe(
      'No day was examined for anomalies: 5 Nov 2018, the one day in the range, is treated as provisional: costlens counts the last 3 complete days back from the data horizon (anomalies.provisionalDays).',
    );
    expect(section).not.toContain('4 Nov 2018');
    expect(section).not.toContain('<table');
  });
});
