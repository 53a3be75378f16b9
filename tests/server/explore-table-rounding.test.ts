/**
 * Explore's compare table adds up both ways in cents: down each column to its span's total (the
 * exact total rounded once) and along each row (Compared + Change = Cost), and every figure shown,
 * each change too, is its exact amount rounded down or up (src/server/features/explore/table.ts,
 * controlled rounding). Each column rounded on its own by largest remainder made the changes the
 * difference of two roundings: on the demo, Savings Plans for AWS Compute usage cost exactly
 * $130.964 on 1 Oct 2026 and $58.464 on 30 Sep, a change of exactly +$72.50, shown as $130.96 against
 * $58.47, "+$72.49"; over 14–20 Oct, us-west-2's change of −$49.1296 read −$49.14. Spans of days
 * compare usage alone (tests/server/explore-compare-usage.test.ts), so a view holding fees too has
 * two pairs of columns, Cost and Compared, and Usage and Usage compared with its change: each pair
 * follows the rule. Every expected figure is SQL on the same store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { sqlRows } from '../helpers/cli.ts';
import { roundCents } from '../helpers/shown-cents-rule.ts';
import { page } from './helpers.ts';
import { demoApp, tableHtml } from './page-helpers.ts';

const UNITS_PER_CENT = 10n ** 8n;

/** Exact units of 1e-10 of a decimal text. */
function units(text: string | null | undefined): bigint {
  const negative = (text ?? '0').startsWith('-');
  const [whole, fraction = ''] = (text ?? '0').replace('-', '').split('.');
  const value = BigInt(whole) * 10n ** 10n + BigInt(fraction.padEnd(10, '0').slice(0, 10));
  return negative ? -value : value;
}

/** Whole cents at or below an exact amount, and whether `cents` is that or the one above (for an amount not in whole cents). */
function roundsTo(cents: bigint, exact: bigint): boolean {
  const floor = exact / UNITS_PER_CENT - (exact < 0n && exact % UNITS_PER_CENT !== 0n ? 1n : 0n);
  return cents === floor || (cents === floor + 1n && exact % UNITS_PER_CENT !== 0n);
}

/** Money text as shown ("$1,234.56", "−$25.90", "+$72.50") in cents. */
function cents(text: string): bigint {
  const m = /^([+−-]?)\$([\d,]+)\.(\d\d)$/.exec(text.trim());
  expect(m, text).not.toBeNull();
  return (m![1] === '−' || m![1] === '-' ? -1n : 1n) * BigInt(m![2].replaceAll(',', '') + m![3]);
}

/** The table as shown: its headings, and each row's first cell and its money cells by heading, in cents ("–" for none). */
function shown(table: string): { heads: string[]; body: { value: string; cells: Map<string, bigint | null> }[]; foot: Map<string, bigint | null> } {
  const heads = [.../<thead>([^]*?)<\/thead>/.exec(table)![1].matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]);
  const row = (tr: string) => {
    const texts = [...tr.matchAll(/<t[dh][^>]*>([^]*?)<\/t[dh]>/g)].map((m) => m[1].replace(/<[^>]*>/g, '').trim());
    return { value: texts[0], cells: new Map(MONEY.filter((h) => heads.includes(h)).map((h) => [h, texts[heads.indexOf(h)] === '–' ? null : cents(texts[heads.indexOf(h)])])) };
  };
  const body = [.../<tbody>([^]*?)<\/tbody>/.exec(table)![1].matchAll(/<tr[^>]*>([^]*?)<\/tr>/g)].map((m) => row(m[1]));
  return { heads, body, foot: row(/<tfoot>([^]*?)<\/tfoot>/.exec(table)![1]).cells };
}

/** The money columns of a compare table: both spans' cost, and their usage with its change when the view holds fees too. */
const MONEY = ['Cost', 'Compared', 'Change', 'Usage', 'Usage compared', 'Usage change'];

describe('Explore compare on the demo: every figure its exact amount rounded down or up, adding up both ways', () => {
  let db: string;
  let app: CostlensApp;

  beforeAll(async () => {
    ({ db, app } = await demoApp());
  });
  afterAll(() => app?.close());

  /** Each value's exact BilledCost (all of it, and its usage lines) in the shown span and the span before it (SQL), and the totals. */
  async function exact(column: string, now: [string, string], then: [string, string]) {
    const within = ([start, end]: [string, string]) => `ChargePeriodStart >= TIMESTAMP '${start}' AND ChargePeriodStart < TIMESTAMP '${end}'`;
    const rows = await sqlRows(db, `SELECT coalesce(${column}, '(none)') AS value,
        CAST(coalesce(sum(BilledCost) FILTER (WHERE ${within(now)}), 0) AS VARCHAR) AS now,
        CAST(coalesce(sum(BilledCost) FILTER (WHERE ${within(then)}), 0) AS VARCHAR) AS then,
        CAST(coalesce(sum(BilledCost) FILTER (WHERE ${within(now)} AND x_ChargeClass = 'usage'), 0) AS VARCHAR) AS usage_now,
        CAST(coalesce(sum(BilledCost) FILTER (WHERE ${within(then)} AND x_ChargeClass = 'usage'), 0) AS VARCHAR) AS usage_then
      FROM line_items WHERE ${within([then[0], now[1]])} GROUP BY 1`);
    const byValue = new Map(rows.map((r) => [r.value!, { now: units(r.now), then: units(r.then), usageNow: units(r.usage_now), usageThen: units(r.usage_then) }]));
    const total = (k: 'now' | 'then' | 'usageNow' | 'usageThen') => [...byValue.values()].reduce((s, r) => s + r[k], 0n);
    return { byValue, now: total('now'), then: total('then'), usageNow: total('usageNow'), usageThen: total('usageThen') };
  }

  /**
   * Checks the table of a view against SQL: each pair of columns shown (Cost and Compared; Usage and
   * Usage compared) rounds each exact amount down or up, adds up to its total rounded once, and its
   * change is the difference of the two figures shown, itself the exact change rounded down or up.
   * Returns each row's cells as shown.
   */
  async function checkView(view: string, column: string, now: [string, string], then: [string, string]) {
    const html = await (await page(app, view)).text();
    const { heads, body, foot } = shown(tableHtml(html, 'explore-table'));
    const sql = await exact(column, now, then);
    expect(body.length).toBe(sql.byValue.size);
    const pairs = heads.includes('Usage')
      ? [['Cost', 'Compared', undefined, 'now', 'then'], ['Usage', 'Usage compared', 'Usage change', 'usageNow', 'usageThen']] as const
      : [['Cost', 'Compared', 'Change', 'now', 'then']] as const;
    for (const [nowHead, thenHead, changeHead, nowKey, thenKey] of pairs) {
      for (const { value, cells } of body) {
        const e = sql.byValue.get(value)!;
        expect(e, value).toBeDefined();
        const [n, t] = [cells.get(nowHead) ?? 0n, cells.get(thenHead) ?? 0n];
        expect([roundsTo(n, e[nowKey]), roundsTo(t, e[thenKey]), roundsTo(n - t, e[nowKey] - e[thenKey])], `${value} ${nowHead}`).toEqual([true, true, true]);
        if (changeHead) expect(cells.get(changeHead) ?? 0n, value).toBe(n - t);
      }
      // The footer is each span's SQL total rounded once, and each column adds up to it.
      expect([foot.get(nowHead), foot.get(thenHead)]).toEqual([roundCents(sql[nowKey]), roundCents(sql[thenKey])]);
      for (const head of [nowHead, thenHead, ...(changeHead ? [changeHead] : [])]) expect(body.reduce((s, r) => s + (r.cells.get(head) ?? 0n), 0n), head).toBe(foot.get(head));
      if (changeHead) expect(foot.get(changeHead)).toBe(roundCents(sql[nowKey]) - roundCents(sql[thenKey]));
    }
    return new Map(body.map((r) => [r.value, [...r.cells.values()]]));
  }

  it('services, 1 Oct 2026 against 30 Sep: Savings Plans $130.964 against $58.464 shows $130.96 and $58.46, its +$72.50 exact (not $58.47); a row of fees, it has no usage to compare', async () => {
    const [plans] = await sqlRows(db, `SELECT
        CAST(sum(BilledCost) FILTER (WHERE CAST(ChargePeriodStart AS DATE) = DATE '2026-10-01') AS VARCHAR) AS now,
        CAST(sum(BilledCost) FILTER (WHERE CAST(ChargePeriodStart AS DATE) = DATE '2026-09-30') AS VARCHAR) AS then,
        CAST(count(*) FILTER (WHERE x_ChargeClass = 'usage') AS VARCHAR) AS usage_lines
      FROM line_items WHERE ServiceName = 'Savings Plans for AWS Compute usage'`);
    expect(plans).toEqual({ now: '130.9640000000', then: '58.4640000000', usage_lines: '0' });
    const rows = await checkView('/explore?dimension=service&start=2026-10-01&end=2026-10-02&cost=billed&compare=previous', 'ServiceName', ['2026-10-01', '2026-10-02'], ['2026-09-30', '2026-10-01']);
    // Cost, Compared, Usage, Usage compared, Usage change: the usage cells of a row of fees read "–".
    expect(rows.get('Savings Plans for AWS Compute usage')).toEqual([13096n, 5846n, null, null, null]);
  });

  it('regions, 14–20 Oct 2026 against the 7 days before: us-west-2\'s usage change of −$49.1296 shows −$49.13 (not −$49.14)', async () => {
    const rows = await checkView('/explore?dimension=region&start=2026-10-14&end=2026-10-21&cost=billed&compare=previous', 'RegionId', ['2026-10-14', '2026-10-21'], ['2026-10-07', '2026-10-14']);
    expect(rows.get('us-west-2')).toEqual([167701n, 172614n, 167701n, 172614n, -4913n]);
  });
});
