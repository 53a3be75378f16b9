/**
 * Explore's comparison on a store without daily usage (a CUR at monthly time granularity made by
 * DuckDB from the real Oct and Nov 2018 CURs, tests/helpers/monthly-store-fixture.ts): its lines
 * are dated to the first of their month, so "the previous period" of November, 2–31 Oct, held none
 * of October's bill. The page refused it (400: "the range start 2018-10-02, end 2018-11-01 cuts a
 * month into days", days the user never gave), and explore/spend_compared compared November's
 * $3,505.33 with $0.00 and said compared_on "none" ("not compared: neither span holds usage").
 * Now, as `costlens explain` does, whole months compare with as many whole bills just before
 * (November against October, 31 days against 30), bill against bill, every charge class, and the
 * headline says so. Every figure is SQL on the same store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { comparedSpan } from '../../src/server/features/explore/range.ts';
import { sqlRows } from '../helpers/cli.ts';
import { parseCsvRecords } from '../helpers/csv.ts';
import { monthlyStore } from '../helpers/monthly-store-fixture.ts';
import { exactOf, roundCents, usd } from '../helpers/shown-cents-rule.ts';
import { appOn, page } from './helpers.ts';
import { tableHtml, textOf } from './page-helpers.ts';

const NOV = '/explore?dimension=service&start=2018-11-01&end=2018-12-01&cost=billed';
const NOV_API = '/api/analyses/explore/spend_compared?dimension=service&start=2018-11-01&end=2018-12-01&cost=billed&top=500';
const within = (start: string, end: string) => `ChargePeriodStart >= TIMESTAMP '${start}' AND ChargePeriodStart < TIMESTAMP '${end}'`;
const BILLS = 'bill against bill, every charge class compared, as the store holds no daily usage';

/** `+$33.55 (+995.14%)`: the difference of the two amounts rounded once each, and hundredths of a percent of `then`, half away from zero. */
function changeText(now: bigint, then: bigint): string {
  const n = (now - then) * 10_000n;
  const q = ((n < 0n ? -n : n) * 2n + then) / (2n * then);
  return `${usd(roundCents(now) - roundCents(then), true)} (${n < 0n ? '−' : '+'}${q / 100n}.${String(q % 100n).padStart(2, '0')}%)`;
}

/** Each body row of Explore's table: its cells' text and data-value. */
function tableCells(html: string): { text: string[]; value: string[] }[] {
  const table = tableHtml(html, 'explore-table');
  return [...table.matchAll(/<tr[^>]*>([^]*?)<\/tr>/g)].slice(1).map((m) => {
    const cells = [...m[1].matchAll(/<t[dh]([^>]*)>([^]*?)<\/t[dh]>/g)];
    return { text: cells.map((c) => textOf(c[2])), value: cells.map((c) => /data-value="([^"]*)"/.exec(c[1])?.[1] ?? '') };
  });
}

describe('Explore on a monthly CUR compares whole bills, bill against bill (the real Oct and Nov 2018 bills)', () => {
  let app: CostlensApp;
  let db: string;
  /** Each service's BilledCost in November and October 2018, exact (SQL). */
  let services: Map<string, { now: bigint; then: bigint }>;
  let totals: { now: bigint; then: bigint };

  beforeAll(async () => {
    ({ db } = await monthlyStore());
    app = appOn(db);
    const rows = await sqlRows(db, `SELECT ServiceName AS s,
        CAST(coalesce(sum(BilledCost) FILTER (WHERE ${within('2018-11-01', '2018-12-01')}), 0) AS VARCHAR) AS now,
        CAST(coalesce(sum(BilledCost) FILTER (WHERE ${within('2018-10-01', '2018-11-01')}), 0) AS VARCHAR) AS then
      FROM line_items GROUP BY 1`);
    services = new Map(rows.map((r) => [r.s!, { now: exactOf(r.now!), then: exactOf(r.then!) }]));
    totals = [...services.values()].reduce((s, v) => ({ now: s.now + v.now, then: s.then + v.then }), { now: 0n, then: 0n });
  }, 300_000);
  afterAll(() => app?.close());

  it('the premise, by SQL: November\'s bill is $3,505.33, October\'s $4,064.48, and no line falls on 2–31 Oct', async () => {
    expect([usd(roundCents(totals.now)), usd(roundCents(totals.then))]).toEqual(['$3,505.33', '$4,064.48']);
    const [days] = await sqlRows(db, `SELECT count(*) AS lines FROM line_items WHERE ${within('2018-10-02', '2018-11-01')}`);
    expect(days.lines).toBe('0');
  });

  it('the previous period of November is October\'s whole bill: its total, the change of the whole spend and a headline that says bill against bill', async () => {
    const response = await page(app, `${NOV}&compare=previous`);
    expect(response.status).toBe(200);
    const html = await response.text();
    const compare = /<p class="summary compare" id="explore-compare">([^]*?)<\/p>/.exec(html)![1];
    expect(textOf(compare)).toBe(`Previous period (same length): 1–31 Oct 2018, as many whole bills just before (31 days against 30): ${usd(roundCents(totals.then))} change ${changeText(totals.now, totals.then)}: ${BILLS}`);
    expect(textOf(compare)).toContain('change −$559.15 (−13.76%)');
    expect(exactOf(/class="figure" data-value="([^"]*)"/.exec(compare)![1])).toBe(totals.then);
    expect(exactOf(/class="change-figure" data-value="([^"]*)"/.exec(compare)![1])).toBe(totals.now - totals.then);
    expect(html).not.toContain('not compared');
  });

  it('its table: each service\'s cost in both bills and its change, every column adding up to its bill to the cent', async () => {
    const html = await (await page(app, `${NOV}&compare=previous`)).text();
    const rows = tableCells(html);
    const foot = rows.at(-1)!;
    expect(foot.text.slice(0, 5)).toEqual(['Total', usd(roundCents(totals.now)), usd(roundCents(totals.then)), '−$559.15', '−13.76%']);
    const body = rows.slice(0, -1);
    expect(body.map((r) => r.text[0]).sort()).toEqual([...services.keys()].sort());
    for (const r of body) {
      const s = services.get(r.text[0])!;
      expect(r.value.slice(1, 4).map(exactOf), r.text[0]).toEqual([s.now, s.then, s.now - s.then]);
    }
    // A cost not zero that shows no cents reads <$0.01 and counts as none (CloudWatch Events: $0.000572 in November and $0.000266 in October, apportioned no cent).
    const cents = (text: string) => (/^[−-]?(<|&lt;)\$0\.01$/.test(text) ? 0n : BigInt(text.replace(/[^\d−-]/g, '').replace('−', '-')));
    for (const k of [1, 2, 3]) expect(body.reduce((s, r) => s + cents(r.text[k]), 0n), String(k)).toBe(cents(foot.text[k]));
    for (const k of [1, 2, 3]) expect(body.reduce((s, r) => s + exactOf(r.value[k]), 0n), String(k)).toBe(exactOf(foot.value[k]));
  });

  it('the same days last month of November say bill against bill too', async () => {
    const html = await (await page(app, `${NOV}&compare=last_month`)).text();
    expect(textOf(/id="explore-change">([^]*?)<\/span>\s*<\/p>/.exec(html)![1])).toBe(`change ${changeText(totals.now, totals.then)}: ${BILLS}`);
  });

  it('explore/spend_compared compares October\'s whole bill (compared_on bill), row by row as SQL sums it; its columns add up to both bills', async () => {
    const json = await (await app.request(`${NOV_API}&compare=previous`)).json();
    expect([json.params.compared_start, json.params.compared_end, json.params.compared_on]).toEqual(['2018-10-01', '2018-11-01', 'bill']);
    const [header, ...rows] = parseCsvRecords(await (await app.request(`${NOV_API}&compare=previous&format=csv`)).text());
    const at = (name: string) => header.indexOf(name);
    for (const r of rows) {
      const s = services.get(r[0])!;
      expect([exactOf(r[at('cost')]), exactOf(r[at('compared_cost')]), exactOf(r[at('change')]), r[at('compared_on')]], r[0]).toEqual([s.now, s.then, s.now - s.then, 'bill']);
    }
    expect([rows.reduce((s, r) => s + exactOf(r[at('cost')]), 0n), rows.reduce((s, r) => s + exactOf(r[at('compared_cost')]), 0n)]).toEqual([totals.now, totals.then]);
  });

  it('October and November against the two bills before, which the store does not hold: no data, not compared (page and API)', async () => {
    const html = await (await page(app, '/explore?dimension=service&start=2018-10-01&end=2018-12-01&cost=billed&compare=previous')).text();
    expect(textOf(/<p class="summary compare" id="explore-compare">([^]*?)<\/p>/.exec(html)![1]))
      .toBe('Previous period (same length): 1 Aug – 30 Sep 2018, as many whole bills just before: no data not compared: the store\'s billing data begins on 1 Oct 2018');
    const response = await app.request('/api/analyses/explore/spend_compared?dimension=service&start=2018-10-01&end=2018-12-01&compare=previous');
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(/^not compared: the store's billing data begins on 1 Oct 2018, so .* not in it \(Previous period \(same length\): 1 Aug – 30 Sep 2018, as many whole bills just before\)/);
  });

  it('comparedSpan: whole bills take as many whole months before; a store of daily usage keeps as many days', () => {
    expect(comparedSpan('previous', { start: '2018-11-01', end: '2018-12-01' }, true)).toEqual({
      range: { start: '2018-10-01', end: '2018-11-01' }, label: 'Previous period (same length): 1–31 Oct 2018, as many whole bills just before (31 days against 30)',
    });
    expect(comparedSpan('previous', { start: '2019-01-01', end: '2019-02-01' }, true)).toEqual({
      range: { start: '2018-12-01', end: '2019-01-01' }, label: 'Previous period (same length): 1–31 Dec 2018, as many whole bills just before',
    });
    expect(comparedSpan('previous', { start: '2019-03-01', end: '2019-05-01' }, true).range).toEqual({ start: '2019-01-01', end: '2019-03-01' });
    expect(comparedSpan('previous', { start: '2018-11-01', end: '2018-12-01' }).range).toEqual({ start: '2018-10-02', end: '2018-11-01' });
    expect(comparedSpan('last_month', { start: '2018-11-01', end: '2018-12-01' }, true).range).toEqual({ start: '2018-10-01', end: '2018-11-01' });
  });
});
