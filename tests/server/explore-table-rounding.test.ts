/**
 * Explore's compare table adds up both ways in cents: down each column to its span's total (the
 * exact total rounded once) and along each row (Compared + Change = Cost), and every figure shown,
 * each change too, is its exact amount rounded down or up (src/server/features/explore/table.ts,
 * controlled rounding). Each column rounded on its own by largest remainder made the changes the
 * difference of two roundings: on the demo, Savings Plans for AWS Compute usage cost exactly
 * $130.964 on 1 Oct 2026 and $58.464 on 30 Sep, a change of exactly +$72.50, shown as $130.96 against
 * $58.47, "+$72.49"; over 14–20 Oct, us-west-2's change of −$49.1296 read −$49.14. Every expected
 * figure is SQL on the same store.
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

/** Each row of a table part as shown: the first cell's text, then [cost, compared, change] in cents. */
function shown(part: string): { value: string; cells: bigint[] }[] {
  return [...part.matchAll(/<tr[^>]*>([^]*?)<\/tr>/g)].map((tr) => {
    const texts = [...tr[1].matchAll(/<t[dh][^>]*>([^]*?)<\/t[dh]>/g)].map((m) => m[1].replace(/<[^>]*>/g, '').trim());
    return { value: texts[0], cells: texts.slice(1, 4).map(cents) };
  });
}

describe('Explore compare on the demo: every figure its exact amount rounded down or up, adding up both ways', () => {
  let db: string;
  let app: CostlensApp;

  beforeAll(async () => {
    ({ db, app } = await demoApp());
  });
  afterAll(() => app?.close());

  /** Each value's exact BilledCost in the shown span and the span before it (SQL), and both totals. */
  async function exact(column: string, now: [string, string], then: [string, string]) {
    const within = ([start, end]: [string, string]) => `ChargePeriodStart >= TIMESTAMP '${start}' AND ChargePeriodStart < TIMESTAMP '${end}'`;
    const rows = await sqlRows(db, `SELECT coalesce(${column}, '(none)') AS value,
        CAST(coalesce(sum(BilledCost) FILTER (WHERE ${within(now)}), 0) AS VARCHAR) AS now,
        CAST(coalesce(sum(BilledCost) FILTER (WHERE ${within(then)}), 0) AS VARCHAR) AS then
      FROM line_items WHERE ${within([then[0], now[1]])} GROUP BY 1`);
    const byValue = new Map(rows.map((r) => [r.value!, { now: units(r.now), then: units(r.then) }]));
    const total = (k: 'now' | 'then') => [...byValue.values()].reduce((s, r) => s + r[k], 0n);
    return { byValue, now: total('now'), then: total('then') };
  }

  /** Checks the table of a view against SQL; returns its rows as shown. */
  async function checkView(view: string, column: string, now: [string, string], then: [string, string]) {
    const html = await (await page(app, view)).text();
    const table = tableHtml(html, 'explore-table');
    const body = shown(/<tbody>([^]*?)<\/tbody>/.exec(table)![1]);
    const [foot] = shown(/<tfoot>([^]*?)<\/tfoot>/.exec(table)![1]);
    const sql = await exact(column, now, then);
    expect(body.length).toBe(sql.byValue.size);
    for (const { value, cells: [cost, compared, change] } of body) {
      const e = sql.byValue.get(value)!;
      expect(e, value).toBeDefined();
      expect([roundsTo(cost, e.now), roundsTo(compared, e.then), roundsTo(change, e.now - e.then)], value).toEqual([true, true, true]);
      expect(change, value).toBe(cost - compared);
    }
    // The footer is each span's SQL total rounded once, and each column adds up to it.
    expect(foot.cells).toEqual([roundCents(sql.now), roundCents(sql.then), roundCents(sql.now) - roundCents(sql.then)]);
    expect([0, 1, 2].map((k) => body.reduce((s, r) => s + r.cells[k], 0n))).toEqual(foot.cells);
    return new Map(body.map((r) => [r.value, r.cells]));
  }

  it('services, 1 Oct 2026 against 30 Sep: Savings Plans $130.964 against $58.464 shows +$72.50, its exact change (not +$72.49)', async () => {
    const [plans] = await sqlRows(db, `SELECT
        CAST(sum(BilledCost) FILTER (WHERE CAST(ChargePeriodStart AS DATE) = DATE '2026-10-01') AS VARCHAR) AS now,
        CAST(sum(BilledCost) FILTER (WHERE CAST(ChargePeriodStart AS DATE) = DATE '2026-09-30') AS VARCHAR) AS then
      FROM line_items WHERE ServiceName = 'Savings Plans for AWS Compute usage'`);
    expect(plans).toEqual({ now: '130.9640000000', then: '58.4640000000' });
    const rows = await checkView('/explore?dimension=service&start=2026-10-01&end=2026-10-02&cost=billed&compare=previous', 'ServiceName', ['2026-10-01', '2026-10-02'], ['2026-09-30', '2026-10-01']);
    expect(rows.get('Savings Plans for AWS Compute usage')).toEqual([13096n, 5846n, 7250n]);
  });

  it('regions, 14–20 Oct 2026 against the 7 days before: us-west-2\'s change of −$49.1296 shows −$49.13 (not −$49.14)', async () => {
    const rows = await checkView('/explore?dimension=region&start=2026-10-14&end=2026-10-21&cost=billed&compare=previous', 'RegionId', ['2026-10-14', '2026-10-21'], ['2026-10-07', '2026-10-14']);
    expect(rows.get('us-west-2')).toEqual([167701n, 172614n, -4913n]);
  });
});
