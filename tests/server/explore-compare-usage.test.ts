/**
 * Explore's comparison compares what is comparable day for day: usage (the `usage` charge class, as
 * the Overview's month to date compares it). Month to date against the same days last month used to
 * read the whole spend of both spans, so the Support fee, RI fees and tax posted on the 1st of each
 * month moved the headline on their own: on the demo as of 15 Nov 2026 (1–14 Nov against 1–14 Oct)
 * "change −$670.88 (−3.82%)", with "AWS Support (Business) $1,398.06 against $2,593.55, −46.09%",
 * while the Overview said usage rose +$1,184.22 (+9.23%). Now the headline, the table's change and
 * the CSV compare usage, fees are shown and not compared, a row of fees only reads "posted" (no %),
 * and a view of fees only says that nothing comparable day for day is selected. Every expected
 * figure is SQL written here on the same store.
 */
import { copyFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { sqlRows, tempStore } from '../helpers/cli.ts';
import { parseCsvRecords } from '../helpers/csv.ts';
import { exactOf, roundCents, usd } from '../helpers/shown-cents-rule.ts';
import { appOn, page } from './helpers.ts';
import { tableHtml, textOf } from './page-helpers.ts';

const DEMO_NOW = new Date('2026-11-15T09:00:00Z');
const NOW = ['2026-11-01', '2026-11-15'] as const;
const THEN = ['2026-10-01', '2026-10-15'] as const;
const MTD = '/explore?dimension=service&preset=month_to_date&cost=billed&compare=last_month';
const within = ([start, end]: readonly [string, string]) => `ChargePeriodStart >= TIMESTAMP '${start}' AND ChargePeriodStart < TIMESTAMP '${end}'`;
const USAGE = `x_ChargeClass = 'usage'`;

/** Hundredths of a percent of `then`, half away from zero, as text ("+9.23%"). */
function pct(now: bigint, then: bigint): string {
  const n = (now - then) * 10_000n;
  const d = then < 0n ? -then : then;
  const q = ((n < 0n ? -n : n) * 2n + d) / (2n * d);
  return `${n < 0n ? '−' : '+'}${q / 100n}.${String(q % 100n).padStart(2, '0')}%`;
}

/** `+$1,184.22 (+9.23%)`: the difference of the two amounts rounded once each, and the % of the exact ones. */
const changeText = (now: bigint, then: bigint) => `${usd(roundCents(now) - roundCents(then), true)} (${pct(now, then)})`;

/** Each header of Explore's table with its cells in the body rows (text as shown, and data-value). */
function columns(html: string): { heads: string[]; rows: { text: string[]; value: string[] }[]; foot: string[] } {
  const table = tableHtml(html, 'explore-table');
  const heads = [.../<thead>([^]*?)<\/thead>/.exec(table)![1].matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]);
  const cells = (tr: string) => [...tr.matchAll(/<t[dh]([^>]*)>([^]*?)<\/t[dh]>/g)].map(([, attrs, inner]) => ({ text: textOf(inner), value: /data-value="([^"]*)"/.exec(attrs)?.[1] ?? '' }));
  const rows = [.../<tbody>([^]*?)<\/tbody>/.exec(table)![1].matchAll(/<tr[^>]*>([^]*?)<\/tr>/g)].map((m) => cells(m[1])).map((c) => ({ text: c.map((x) => x.text), value: c.map((x) => x.value) }));
  const foot = cells(/<tfoot>([^]*?)<\/tfoot>/.exec(table)![1]).map((c) => c.text);
  return { heads, rows, foot };
}

const changeLine = (html: string) => textOf(/<span class="change-line" id="explore-change">([^]*?)<\/span>\s*<\/p>/.exec(html)?.[1] ?? '').replace(/\( | \)| ;/g, (m) => m.trim());

describe('Explore compares usage day for day; fees that post once a month are shown, not compared', () => {
  const { db } = tempStore();
  let app: CostlensApp;
  /** Each service's BilledCost and usage in both spans, exact (SQL). */
  let services: Map<string, { now: bigint; then: bigint; usageNow: bigint; usageThen: bigint }>;
  let totals: { now: bigint; then: bigint; usageNow: bigint; usageThen: bigint };

  beforeAll(async () => {
    copyFileSync(await cachedDemoStore(inject('demoDir'), ['cur2']), db);
    app = appOn(db, { clock: () => DEMO_NOW });
    const rows = await sqlRows(db, `SELECT ServiceName AS s,
        CAST(coalesce(sum(BilledCost) FILTER (WHERE ${within(NOW)}), 0) AS VARCHAR) AS now,
        CAST(coalesce(sum(BilledCost) FILTER (WHERE ${within(THEN)}), 0) AS VARCHAR) AS then,
        CAST(coalesce(sum(BilledCost) FILTER (WHERE ${within(NOW)} AND ${USAGE}), 0) AS VARCHAR) AS usage_now,
        CAST(coalesce(sum(BilledCost) FILTER (WHERE ${within(THEN)} AND ${USAGE}), 0) AS VARCHAR) AS usage_then
      FROM line_items WHERE (${within(NOW)}) OR (${within(THEN)}) GROUP BY 1`);
    services = new Map(rows.map((r) => [r.s!, { now: exactOf(r.now!), then: exactOf(r.then!), usageNow: exactOf(r.usage_now!), usageThen: exactOf(r.usage_then!) }]));
    const sum = (k: 'now' | 'then' | 'usageNow' | 'usageThen') => [...services.values()].reduce((s, v) => s + v[k], 0n);
    totals = { now: sum('now'), then: sum('then'), usageNow: sum('usageNow'), usageThen: sum('usageThen') };
  });
  afterAll(() => app?.close());

  it('the premise, by SQL: usage rose +$1,184.22 (+9.23%) while the whole spend fell −$670.88 (−3.82%), Support posting $1,398.06 against $2,593.55', async () => {
    expect([totals.usageNow, totals.usageThen]).toEqual([exactOf('14016.4511146609'), exactOf('12832.2342929130')]);
    expect(changeText(totals.usageNow, totals.usageThen)).toBe('+$1,184.22 (+9.23%)');
    expect(changeText(totals.now, totals.then)).toBe('−$670.88 (−3.82%)');
    const support = services.get('AWS Support (Business)')!;
    expect([support.now, support.then, support.usageNow, support.usageThen]).toEqual([exactOf('1398.06'), exactOf('2593.55'), 0n, 0n]);
  });

  it('month to date against the same days last month: the headline is usage\'s change, the Overview\'s, and names the fees it does not compare', async () => {
    const html = await (await page(app, MTD)).text();
    // The totals shown are the whole spend, as before.
    expect(exactOf(/id="explore-total" data-value="([^"]*)"/.exec(html)![1])).toBe(totals.now);
    expect(exactOf(/id="explore-compare"[^]*?class="figure" data-value="([^"]*)"/.exec(html)![1])).toBe(totals.then);
    const fees = (now: bigint, then: bigint) => `${usd(roundCents(now))} against ${usd(roundCents(then))}`;
    expect(changeLine(html)).toBe(`usage: ${changeText(totals.usageNow, totals.usageThen)}, ${fees(totals.usageNow, totals.usageThen)}; `
      + `fees, tax and credits (${usd(roundCents(totals.now) - roundCents(totals.usageNow))} against ${usd(roundCents(totals.then) - roundCents(totals.usageThen))}) `
      + 'are shown but not compared, as fees that post once a month are not daily spend');
    expect(changeLine(html)).toBe('usage: +$1,184.22 (+9.23%), $14,016.45 against $12,832.23; fees, tax and credits ($2,896.83 against $4,751.93) are shown but not compared, as fees that post once a month are not daily spend');
    expect(exactOf(/class="change-figure" data-value="([^"]*)"/.exec(html)![1])).toBe(totals.usageNow - totals.usageThen);
    expect(html).not.toContain('−$670.88');
    expect(html).not.toContain('−3.82%');
    // The Overview's usage comparison, the same days: the same two figures.
    const overview = await (await page(app, '/')).text();
    const kpi = (id: string) => exactOf(new RegExp(`id="${id}"[^]*?class="figure[^"]*" data-value="([^"]*)"`).exec(overview)![1]);
    expect([kpi('mtd-current'), kpi('mtd-previous'), kpi('mtd-change')]).toEqual([totals.usageNow, totals.usageThen, totals.usageNow - totals.usageThen]);
  });

  it('the table: each service\'s cost in both spans, its usage in both and the change of usage; Support, fees only, reads "posted" with no %', async () => {
    const html = await (await page(app, MTD)).text();
    const { heads, rows, foot } = columns(html);
    expect(heads).toEqual(['Service', 'Cost', 'Compared', 'Usage', 'Usage compared', 'Usage change', 'Change %', 'Share', 'Lines']);
    expect(rows.length).toBe(services.size);
    for (const { text, value } of rows) {
      const s = services.get(text[0])!;
      expect([exactOf(value[1]), exactOf(value[2]), exactOf(value[3]), exactOf(value[4]), exactOf(value[5])], text[0]).toEqual([s.now, s.then, s.usageNow, s.usageThen, s.usageNow - s.usageThen]);
      if (s.usageNow === 0n && s.usageThen === 0n) expect(text.slice(3, 7), text[0]).toEqual(['–', '–', '–', 'posted']);
      else expect(text[6], text[0]).toBe(pct(s.usageNow, s.usageThen));
    }
    const row = (name: string) => rows.find((r) => r.text[0] === name)!.text.slice(1, 7);
    expect(row('AWS Support (Business)')).toEqual(['$1,398.06', '$2,593.55', '–', '–', '–', 'posted']);
    // EC2 holds usage, RI fees and tax: its usage is compared (+7.12%), not its whole spend (+2.06%).
    const ec2 = services.get('Amazon Elastic Compute Cloud')!;
    expect(pct(ec2.now, ec2.then)).toBe('+2.06%');
    expect(row('Amazon Elastic Compute Cloud')).toEqual(['$10,569.85', '$10,356.51', '$10,079.80', '$9,409.99', '+$669.81', '+7.12%']);
    expect(changeText(ec2.usageNow, ec2.usageThen)).toBe('+$669.81 (+7.12%)');
    // The footer repeats the headline; each column of cents adds up to it.
    expect(foot.slice(1, 7)).toEqual(['$16,913.28', '$17,584.16', '$14,016.45', '$12,832.23', '+$1,184.22', '+9.23%']);
    const cents = (text: string) => (text === '–' ? 0n : BigInt(text.replace(/[^\d−-]/g, '').replace('−', '-')));
    for (const k of [1, 2, 3, 4, 5]) expect(rows.reduce((s, r) => s + cents(r.text[k]), 0n), heads[k]).toBe(cents(foot[k]));
    for (const r of rows) expect(cents(r.text[5]), r.text[0]).toBe(cents(r.text[3]) - cents(r.text[4]));
  });

  it('the CSV (explore/spend_compared) follows the same rule: usage in both spans, its change and %, "posted" rows without a %', async () => {
    const html = await (await page(app, MTD)).text();
    const href = /<a href="([^"]*)" id="explore-csv"/.exec(html)![1].replaceAll('&amp;', '&');
    expect(href.startsWith('/api/analyses/explore/spend_compared?')).toBe(true);
    const [header, ...rows] = parseCsvRecords(await (await app.request(href)).text());
    expect(header).toEqual(['value', 'name', 'cost', 'compared_cost', 'change', 'change_pct', 'share_pct', 'lines', 'rank', 'usage_cost', 'compared_usage_cost', 'compared_on']);
    const at = (name: string) => header.indexOf(name);
    expect(rows.length).toBe(services.size);
    for (const r of rows) {
      const s = services.get(r[0])!;
      expect([exactOf(r[at('cost')]), exactOf(r[at('compared_cost')]), exactOf(r[at('usage_cost')]), exactOf(r[at('compared_usage_cost')]), exactOf(r[at('change')])], r[0])
        .toEqual([s.now, s.then, s.usageNow, s.usageThen, s.usageNow - s.usageThen]);
      // A span of spend without usage is posted fees; a span of nothing at all is not (a new or gone value compares its usage).
      const posted = (s.usageNow === 0n && s.now !== 0n) || (s.usageThen === 0n && s.then !== 0n);
      expect([r[at('compared_on')], r[at('change_pct')]], r[0]).toEqual(posted ? ['posted', ''] : ['usage', pct(s.usageNow, s.usageThen).replace(/[+%]/g, '').replace('−', '-').replace(/^(-?)0+(\d)/, '$1$2')]);
    }
    expect(rows.find((r) => r[0] === 'AWS Support (Business)')!.slice(2, 6)).toEqual(['1398.0600000000', '2593.5500000000', '0.0000000000', '']);
    const json = await (await app.request(href.replace('format=csv', 'format=json'))).json();
    expect(json.params.compared_on).toBe('usage');
  });

  it('a view of fees only (charge classes recurring and tax) compares nothing: no change, no %, and says so', async () => {
    const html = await (await page(app, `${MTD}&charge_class=recurring&charge_class=tax`)).text();
    const [fees] = await sqlRows(db, `SELECT CAST(sum(BilledCost) FILTER (WHERE ${within(THEN)}) AS VARCHAR) AS then FROM line_items WHERE x_ChargeClass IN ('recurring', 'tax')`);
    expect(exactOf(/id="explore-compare"[^]*?class="figure" data-value="([^"]*)"/.exec(html)![1])).toBe(exactOf(fees.then!));
    expect(changeLine(html)).toBe('not compared: the charge classes selected (recurring and tax) hold no usage, so nothing comparable day for day is selected, and fees that post once a month are not daily spend');
    expect(columns(html).heads).toEqual(['Service', 'Cost', 'Compared', 'Share', 'Lines']);
    expect(/id="explore-compare">([^]*?)<\/p>/.exec(html)![1]).not.toMatch(/%/);
    const csv = parseCsvRecords(await (await app.request(`/api/analyses/explore/spend_compared?dimension=service&start=2026-11-01&end=2026-11-15&compare=last_month&charge_classes=${encodeURIComponent('["recurring","tax"]')}&format=csv`)).text());
    expect(csv.slice(1).map((r) => [r[4], r[5], r[11]])).toEqual(csv.slice(1).map(() => ['', '', 'none']));
  });

  it('a view of usage alone has no Usage columns: its change is its cost\'s, the same +$1,184.22 (+9.23%)', async () => {
    const html = await (await page(app, `${MTD}&charge_class=usage`)).text();
    expect(changeLine(html)).toBe('usage: +$1,184.22 (+9.23%)');
    expect(columns(html).heads).toEqual(['Service', 'Cost', 'Compared', 'Change', 'Change %', 'Share', 'Lines']);
    expect(columns(html).foot.slice(1, 5)).toEqual(['$14,016.45', '$12,832.23', '+$1,184.22', '+9.23%']);
  });

  it('whole months against the whole month before compare their whole bills, every charge class, and say so', async () => {
    const html = await (await page(app, '/explore?dimension=service&preset=last_month&cost=billed&compare=last_month')).text();
    const [sums] = await sqlRows(db, `SELECT CAST(sum(BilledCost) FILTER (WHERE ${within(['2026-10-01', '2026-11-01'])}) AS VARCHAR) AS now,
      CAST(sum(BilledCost) FILTER (WHERE ${within(['2026-09-01', '2026-10-01'])}) AS VARCHAR) AS then FROM line_items`);
    expect(changeLine(html)).toBe(`change ${changeText(exactOf(sums.now!), exactOf(sums.then!))}: whole months, every charge class compared`);
    expect(columns(html).heads).toEqual(['Service', 'Cost', 'Compared', 'Change', 'Change %', 'Share', 'Lines']);
  });

  it('the note under the chart says the compared span\'s postings do not move a change of usage', async () => {
    const html = await (await page(app, MTD)).text();
    const [posted] = await sqlRows(db, `SELECT CAST(sum(BilledCost) AS VARCHAR) AS c FROM line_items WHERE ${within(THEN)} AND ChargePeriodEnd > ChargePeriodStart + INTERVAL 1 DAY`);
    const note = textOf(/<p class="note" id="explore-chart-fees">([^]*?)<\/p>/.exec(html)![1]);
    expect(note).toContain(`Same days last month: 1–14 Oct 2026 holds ${usd(roundCents(exactOf(posted.c!)))} of them; the change compares usage alone, so they do not move it.`);
    expect(note).not.toContain('can move the change on its own');
  });
});
