/**
 * Explore by a tag, compared with another span: a value is one row with both spans' amounts,
 * whatever spelling each span has most of. On the demo (as of 15 Nov 2026, the default config),
 * team identity is spelled `Identity` on most of its lines over 18 Oct – 14 Nov 2026 and
 * `identity` over the 28 days before; each span alone labels it by its own most common spelling,
 * and the table used to match the spans' rows by label: "Identity $1,084.13 against $0.00" and an
 * "Only in the compared span −$1,057.90" row for a change of +$26.23. Every expected figure is SQL
 * written here on the same store (a line's team: its `team` tag trimmed and case-folded, the only
 * key of the demo that folds to team).
 */
import { copyFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { sqlRows, tempStore } from '../helpers/cli.ts';
import { appOn, page } from './helpers.ts';
import { tableRows, textOf } from './page-helpers.ts';

const DEMO_NOW = new Date('2026-11-15T09:00:00Z');
const SHOWN = { start: '2026-10-18', end: '2026-11-15' };
const BEFORE = { start: '2026-09-20', end: '2026-10-18' };
const VIEW = `/explore?dimension=tag&tag_key=team&start=${SHOWN.start}&end=${SHOWN.end}&cost=billed&compare=previous`;

const within = (span: { start: string; end: string }) => `ChargePeriodStart >= TIMESTAMP '${span.start}' AND ChargePeriodStart < TIMESTAMP '${span.end}'`;
/** A line's team as attribution reads it with the default config: trimmed and case-folded, or (untagged). */
const TEAM = `coalesce(lower(nullif(trim(Tags['team']), '')), '(untagged)')`;

/** Exact units of 1e-10 of a decimal text. */
function units(text: string | null | undefined): bigint {
  const negative = (text ?? '0').startsWith('-');
  const [whole, fraction = ''] = (text ?? '0').replace('-', '').split('.');
  const value = BigInt(whole) * 10n ** 10n + BigInt(fraction.padEnd(10, '0').slice(0, 10));
  return negative ? -value : value;
}

/** The `data-value` of the compared span's total. */
const comparedTotal = (html: string) => /id="explore-compare"[^]*?data-value="([^"]*)"/.exec(html)?.[1];
const shownTotal = (html: string) => /id="explore-total" data-value="([^"]*)"/.exec(html)?.[1];

describe('Explore compares a tag value with itself: one row per value, both spans labelled alike', () => {
  const { db } = tempStore();
  let app: CostlensApp;
  const sum = async (where: string) => (await sqlRows(db, `SELECT CAST(sum(BilledCost) AS VARCHAR) AS c FROM line_items WHERE ${where}`))[0].c;

  beforeAll(async () => {
    copyFileSync(await cachedDemoStore(inject('demoDir'), ['cur2']), db);
    app = appOn(db, { clock: () => DEMO_NOW });
  });
  afterAll(() => app?.close());

  it('the premise, by SQL: identity\'s most common spelling is "Identity" over the shown span and "identity" over the 28 days before', async () => {
    const spellings = async (span: { start: string; end: string }) =>
      sqlRows(db, `SELECT trim(Tags['team']) AS spelling, CAST(count(*) AS VARCHAR) AS lines FROM line_items
        WHERE ${within(span)} AND lower(trim(Tags['team'])) = 'identity' GROUP BY 1 ORDER BY count(*) DESC, 1`);
    expect((await spellings(SHOWN))[0].spelling).toBe('Identity');
    expect((await spellings(BEFORE))[0].spelling).toBe('identity');
  });

  it('identity is one row: $1,084.13 against $1,057.90, +$26.23 (+2.48%); no "Only in the compared span" row; every column adds up to its span\'s SQL total', async () => {
    const [identity] = await sqlRows(db, `SELECT
        CAST(sum(BilledCost) FILTER (WHERE ${within(SHOWN)}) AS VARCHAR) AS now,
        CAST(sum(BilledCost) FILTER (WHERE ${within(BEFORE)}) AS VARCHAR) AS then,
        CAST(count(*) FILTER (WHERE x_ChargeClass <> 'usage') AS VARCHAR) AS fee_lines
      FROM line_items WHERE ${TEAM} = 'identity'`);
    // Identity's lines are all usage, so its usage in each span is its cost.
    expect(identity).toEqual({ now: '1084.1306542407', then: '1057.9029248832', fee_lines: '0' });

    const html = await (await page(app, VIEW)).text();
    expect(html).toContain('Previous period (same length): 20 Sep – 17 Oct 2026:');
    const rows = tableRows(html, 'explore-table');
    const identityRows = rows.filter((r) => r[0].trim().toLowerCase() === 'identity');
    // [value, cost, compared, usage, usage compared, usage change, change %, share, lines]: the view holds fees (untagged), so usage has its own columns.
    expect(identityRows.map((r) => r.slice(0, 7))).toEqual([['Identity', '1084.1306542407', '1057.9029248832', '1084.1306542407', '1057.9029248832', '26.2277293575', '2.48']]);
    expect(html).toMatch(/<td data-value="1084\.1306542407">\$1,084\.13<\/td><td data-value="1057\.9029248832">\$1,057\.90<\/td><td class="change" data-value="26\.2277293575">\+\$26\.23<\/td>/);
    expect(html).not.toContain('Only in the compared span');

    // Each span's total is its SQL sum exactly, and each column of the table adds up to it.
    const [nowTotal, thenTotal] = [await sum(within(SHOWN)), await sum(within(BEFORE))];
    expect([nowTotal, thenTotal]).toEqual(['31543.6659940025', '31200.6607705111']);
    expect([shownTotal(html), comparedTotal(html)]).toEqual([nowTotal, thenTotal]);
    expect(rows.reduce((s, r) => s + units(r[1]), 0n)).toBe(units(nowTotal));
    expect(rows.reduce((s, r) => s + units(r[2]), 0n)).toBe(units(thenTotal));
    // The headline compares usage: each span's usage lines, by SQL.
    const [usageNow, usageThen] = [await sum(`${within(SHOWN)} AND x_ChargeClass = 'usage'`), await sum(`${within(BEFORE)} AND x_ChargeClass = 'usage'`)];
    expect([usageNow, usageThen]).toEqual(['27828.3439940025', '25630.2347705111']);
    expect(textOf(html)).toContain('usage: +$2,198.11 (+8.58%), $27,828.34 against $25,630.23');
  });

  it('every named row is one team in both spans: its cost and compared cost are that team\'s SQL sums, and no two rows are one team', async () => {
    const html = await (await page(app, VIEW)).text();
    const rows = tableRows(html, 'explore-table').filter((r) => !/^Other \(\d+ more\)$/.test(r[0]));
    const expected = new Map((await sqlRows(db, `SELECT ${TEAM} AS team,
        CAST(coalesce(sum(BilledCost) FILTER (WHERE ${within(SHOWN)}), 0) AS VARCHAR) AS now,
        CAST(coalesce(sum(BilledCost) FILTER (WHERE ${within(BEFORE)}), 0) AS VARCHAR) AS then,
        CAST(count(*) FILTER (WHERE ${within(SHOWN)}) AS VARCHAR) AS now_lines
      FROM line_items WHERE ${within({ start: BEFORE.start, end: SHOWN.end })} GROUP BY 1`)).map((r) => [r.team!, r]));
    const teams = rows.map((r) => r[0].trim().toLowerCase());
    expect(new Set(teams).size).toBe(teams.length);
    // Fewer than 25 teams: no "Other" row, every team of the shown span is a row of its own …
    const inShown = [...expected.values()].filter((r) => r.now_lines !== '0');
    expect(teams.sort()).toEqual(inShown.map((r) => r.team).sort());
    expect(teams.length).toBe(19);
    // … and every team of the 28 days before is one of them.
    expect([...expected.values()].filter((r) => !teams.includes(r.team!))).toEqual([]);
    for (const [value, cost, compared] of rows) {
      const team = expected.get(value.trim().toLowerCase());
      expect(team, value).toBeDefined();
      expect([units(cost), units(compared)], value).toEqual([units(team!.now), units(team!.then)]);
    }
  });

  it('a tag value filter picks the same team in both spans: identity\'s services, compared, add up to its SQL sums', async () => {
    const html = await (await page(app, `/explore?dimension=service&tag_key=team&tag_value=Identity&start=${SHOWN.start}&end=${SHOWN.end}&cost=billed&compare=previous`)).text();
    expect([shownTotal(html), comparedTotal(html)]).toEqual(['1084.1306542407', '1057.9029248832']);
    // Identity's lines are all usage: no Usage columns, the change is usage's.
    expect(textOf(html)).toContain('usage: +$26.23 (+2.48%)');
    const byService = await sqlRows(db, `SELECT ServiceName AS service,
        CAST(coalesce(sum(BilledCost) FILTER (WHERE ${within(SHOWN)}), 0) AS VARCHAR) AS now,
        CAST(coalesce(sum(BilledCost) FILTER (WHERE ${within(BEFORE)}), 0) AS VARCHAR) AS then
      FROM line_items WHERE ${TEAM} = 'identity' AND ${within({ start: BEFORE.start, end: SHOWN.end })} GROUP BY 1`);
    const rows = tableRows(html, 'explore-table');
    expect(rows.map((r) => [r[0], units(r[1]), units(r[2])]).sort()).toEqual(byService.map((r) => [r.service, units(r.now), units(r.then)]).sort());
  });

  it('raw tags compare each spelling with itself: "Identity" and "identity" are two rows, each with its own SQL sums', async () => {
    const html = await (await page(app, `${VIEW}&raw_tags=1`)).text();
    const rows = tableRows(html, 'explore-table');
    const spellings = await sqlRows(db, `SELECT Tags['team'] AS spelling,
        CAST(coalesce(sum(BilledCost) FILTER (WHERE ${within(SHOWN)}), 0) AS VARCHAR) AS now,
        CAST(coalesce(sum(BilledCost) FILTER (WHERE ${within(BEFORE)}), 0) AS VARCHAR) AS then
      FROM line_items WHERE Tags['team'] IN ('Identity', 'identity') AND ${within({ start: BEFORE.start, end: SHOWN.end })} GROUP BY 1`);
    expect(spellings.length).toBe(2);
    for (const s of spellings) {
      const row = rows.find((r) => r[0] === s.spelling);
      expect(row, s.spelling!).toBeDefined();
      expect([units(row![1]), units(row![2])], s.spelling!).toEqual([units(s.now), units(s.then)]);
    }
  });
});
