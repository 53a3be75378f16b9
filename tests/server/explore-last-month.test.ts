/**
 * Explore's `compare=last_month` compares equal spans of complete days, except whole months (a
 * whole month against the whole month before, as README allows). A range that is not whole months
 * whose same days of the month before are not as many days (15–31 Oct 2026: 15–30 Sep, 16 days
 * against 17) used to be compared with them anyway, reading a missing day as a change in spend;
 * it is now compared, as the Overview compares a month to date when last month is shorter, with as
 * many days just before it, and the page names those days and why. Spans of days compare their
 * usage (tests/server/explore-compare-usage.test.ts). On the demo (as of 15 Nov 2026); the
 * compared totals and changes are SQL written here on the same store.
 */
import { copyFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { addDays, daysBetween } from '../../src/lib/calendar.ts';
import { comparedSpan } from '../../src/server/features/explore/range.ts';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { sqlRows, tempStore } from '../helpers/cli.ts';
import { appOn, page } from './helpers.ts';
import { tableRows, textOf } from './page-helpers.ts';

const DEMO_NOW = new Date('2026-11-15T09:00:00Z');
const USAGE = `x_ChargeClass = 'usage'`;
const within = (start: string, end: string) => `ChargePeriodStart >= TIMESTAMP '${start}' AND ChargePeriodStart < TIMESTAMP '${end}'`;

/** Exact units of 1e-10 of a decimal text. */
function units(text: string | null | undefined): bigint {
  const negative = (text ?? '0').startsWith('-');
  const [whole, fraction = ''] = (text ?? '0').replace('-', '').split('.');
  const value = BigInt(whole) * 10n ** 10n + BigInt(fraction.padEnd(10, '0').slice(0, 10));
  return negative ? -value : value;
}

/** n / d rounded half away from zero. */
function rounded(n: bigint, d: bigint): bigint {
  const [an, ad] = [n < 0n ? -n : n, d < 0n ? -d : d];
  const q = (2n * an + ad) / (2n * ad);
  return (n < 0n) !== (d < 0n) ? -q : q;
}

/** `+$1,234.56 (+5.67%)` as the page says a change: the difference of the two totals in cents, the percent of the exact decimals rounded once. */
function changeText(now: string, then: string): string {
  const cents = rounded(units(now), 10n ** 8n) - rounded(units(then), 10n ** 8n);
  const basisPoints = rounded((units(now) - units(then)) * 10_000n, units(then) < 0n ? -units(then) : units(then));
  const sign = (v: bigint) => (v < 0n ? '−' : '+');
  const abs = (v: bigint) => (v < 0n ? -v : v);
  const dollars = (abs(cents) / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const pct = `${abs(basisPoints) / 100n}.${String(abs(basisPoints) % 100n).padStart(2, '0')}`;
  return `${sign(cents)}$${dollars}.${String(abs(cents) % 100n).padStart(2, '0')} (${sign(basisPoints)}${pct}%)`;
}

const comparedTotal = (html: string) => /id="explore-compare"[^]*?data-value="([^"]*)"/.exec(html)?.[1];
const compareLabel = (html: string) => /id="explore-compare">\s*<span>([^]*?):<\/span>/.exec(html)?.[1];

describe('Explore compare=last_month: equal spans of complete days, whole months against the whole month before', () => {
  const { db } = tempStore();
  let app: CostlensApp;
  const sum = async (start: string, end: string, where = 'true') => (await sqlRows(db, `SELECT CAST(sum(BilledCost) AS VARCHAR) AS c FROM line_items WHERE ${within(start, end)} AND ${where}`))[0].c!;

  beforeAll(async () => {
    copyFileSync(await cachedDemoStore(inject('demoDir'), ['cur2']), db);
    app = appOn(db, { clock: () => DEMO_NOW });
  });
  afterAll(() => app?.close());

  it('15–31 Oct 2026 (17 days) is compared with the 17 days just before, 28 Sep – 14 Oct, not with 15–30 Sep (16 days), usage against usage', async () => {
    const html = await (await page(app, '/explore?dimension=service&start=2026-10-15&end=2026-11-01&cost=billed&compare=last_month')).text();
    const [now, then, sameDays] = [await sum('2026-10-15', '2026-11-01'), await sum('2026-09-28', '2026-10-15'), await sum('2026-09-15', '2026-10-01')];
    expect([now, then, sameDays]).toEqual(['17603.0356404644', '20458.7074637695', '15419.9142464201']);
    expect(/id="explore-total" data-value="([^"]*)"/.exec(html)?.[1]).toBe(now);
    expect(comparedTotal(html)).toBe(then);
    expect(changeText(now, then)).toBe('−$2,855.67 (−13.96%)');
    // Spans of days compare usage alone (the 1 Oct postings are in the compared span only): by SQL, the usage lines of each span.
    const [usageNow, usageThen] = [await sum('2026-10-15', '2026-11-01', USAGE), await sum('2026-09-28', '2026-10-15', USAGE)];
    expect(textOf(html)).toContain(`usage: ${changeText(usageNow, usageThen)},`);
    expect(html).not.toContain(changeText(now, then));
    // The 16 days of September it used to compare with, and the +14.16% that read a missing day as spend, are gone.
    expect(changeText(now, sameDays)).toBe('+$2,183.13 (+14.16%)');
    expect(html).not.toContain(sameDays);
    // The page says which days it compares, and why not the same days of September.
    expect(compareLabel(html)).toBe('Same days last month: 28 Sep – 14 Oct 2026, as many days just before (the same days of the month before, 15–30 Sep 2026, are 16 days against 17)');
    // One span as every page writes it (it said 15 Oct 2026 – 31 Oct 2026).
    expect(html).toContain('15–31 Oct 2026');
    expect(html).not.toContain('15 Oct 2026 – 31 Oct 2026');
    // The Compared column is that span, row by row, and adds up to its total.
    const rows = tableRows(html, 'explore-table');
    expect(rows.reduce((s, r) => s + units(r[2]), 0n)).toBe(units(then));
    const ec2 = (await sqlRows(db, `SELECT CAST(sum(BilledCost) AS VARCHAR) AS c FROM line_items WHERE ${within('2026-09-28', '2026-10-15')} AND ServiceName = 'Amazon Elastic Compute Cloud'`))[0].c;
    expect(rows.find((r) => r[0] === 'Amazon Elastic Compute Cloud')?.[2]).toBe(ec2);
  });

  it('ranges whose same days of the month before are as many days keep them: 1–14 Nov against 1–14 Oct, 15–30 Oct against 15–30 Sep', async () => {
    for (const [start, end, label, from, to] of [
      ['2026-11-01', '2026-11-15', 'Same days last month: 1–14 Oct 2026', '2026-10-01', '2026-10-15'],
      ['2026-10-15', '2026-10-31', 'Same days last month: 15–30 Sep 2026', '2026-09-15', '2026-10-01'],
    ]) {
      const html = await (await page(app, `/explore?dimension=service&start=${start}&end=${end}&cost=billed&compare=last_month`)).text();
      expect(compareLabel(html), start).toBe(label);
      expect(comparedTotal(html), start).toBe(await sum(from, to));
    }
  });

  it('a whole month keeps the whole month before, shorter or not, and says so: October against 1–30 Sep (31 days against 30)', async () => {
    const html = await (await page(app, '/explore?dimension=service&start=2026-10-01&end=2026-11-01&cost=billed&compare=last_month')).text();
    expect(compareLabel(html)).toBe('Same days last month: 1–30 Sep 2026 (30 days against 31)');
    expect(comparedTotal(html)).toBe(await sum('2026-09-01', '2026-10-01'));
  });

  it('the rule as calendar arithmetic: never two spans of unequal days unless both are whole months; 1–30 Mar is not compared with 1 Feb – 2 Mar (its own first days)', () => {
    const cases: [string, string, string, string][] = [
      // range start, end (exclusive), compared start, end (exclusive)
      ['2026-10-15', '2026-11-01', '2026-09-28', '2026-10-15'],
      ['2026-03-01', '2026-03-31', '2026-01-30', '2026-03-01'], // 1–30 Mar: Feb has 28 days; not 1 Feb – 2 Mar
      ['2026-03-10', '2026-03-31', '2026-02-17', '2026-03-10'], // 10–30 Mar: 10–28 Feb are 19 days
      ['2026-11-01', '2026-11-15', '2026-10-01', '2026-10-15'],
      ['2026-10-31', '2026-11-01', '2026-09-30', '2026-10-01'], // 31 Oct: the last day of September, one day each
      ['2026-03-01', '2026-04-01', '2026-02-01', '2026-03-01'], // whole March: whole February
      ['2026-08-01', '2026-11-01', '2026-07-01', '2026-10-01'], // three whole months: the three before
    ];
    for (const [start, end, from, to] of cases) {
      expect(comparedSpan('last_month', { start, end }).range, `${start}–${end}`).toEqual({ start: from, end: to });
    }
    // Every range of 1 to 100 days starting on any day of 2027–2028: as many days compared, unless both are whole months.
    const unequal: string[] = [];
    for (let start = '2027-01-01'; start < '2029-01-01'; start = addDays(start, 1)) {
      for (let days = 1; days <= 100; days++) {
        const end = addDays(start, days);
        const { range } = comparedSpan('last_month', { start, end });
        const whole = start.endsWith('-01') && end.endsWith('-01');
        if ((!whole && daysBetween(range.start, range.end) !== days) || range.start >= start) unequal.push(`${start}–${end}: ${range.start}–${range.end}`);
      }
    }
    expect(unequal).toEqual([]);
    expect(comparedSpan('last_month', { start: '2026-03-01', end: '2026-03-31' }).label)
      .toBe('Same days last month: 30 Jan – 28 Feb 2026, as many days just before (the same days of the month before, 1–28 Feb 2026, are 28 days against 30)');
    expect(comparedSpan('previous', { start: '2026-10-15', end: '2026-11-01' })).toEqual({
      range: { start: '2026-09-28', end: '2026-10-15' }, label: 'Previous period (same length): 28 Sep – 14 Oct 2026',
    });
  });
});
