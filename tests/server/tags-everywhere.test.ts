/**
 * Tags the same everywhere (issue 10): unit cost and Explore read a tag as attribution does
 * ("payments ", "Payments", "PAYMENTS" and "paymnets" are payments), with the raw view a flag
 * away; and the chargeback CSV splits each measure's shared costs by that measure, so its billed
 * figures are the same whichever measure orders it. Expected figures come from SQL written here,
 * mapping the demo's spellings with truth.json's list of them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { sqlRows } from '../helpers/cli.ts';
import { appOn, page } from './helpers.ts';
import { cli, DEMO_NOW, demoStore, parseCsv, tableHtml } from './page-helpers.ts';

const FROM = '2026-11-01';
const TO = '2026-11-08';
const WEEK = `ChargePeriodStart >= TIMESTAMP '${FROM}' AND ChargePeriodStart < TIMESTAMP '${TO}'`;

/** Exact units of 1e-10 of a decimal text. */
function units(text: string | null): bigint {
  const negative = (text ?? '0').startsWith('-');
  const [whole, fraction = ''] = (text ?? '0').replace('-', '').split('.');
  const value = BigInt(whole) * 10n ** 10n + BigInt(fraction.padEnd(10, '0').slice(0, 10));
  return negative ? -value : value;
}

/** The first cell of each row of Explore's table, exactly as shown (spaces kept). */
function firstCells(html: string): string[] {
  const body = /<tbody>([^]*?)<\/tbody>/.exec(tableHtml(html, 'explore-table'))![1];
  return [...body.matchAll(/<tr><td>(?:<a class="drill" href="[^"]*"[^>]*>)?([^<]*)(?:<\/a>)?<\/td>/g)].map((m) => m[1].replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&#39;', "'"));
}

/** n / d rounded half away from zero to whole units. */
function rounded(n: bigint, d: bigint): bigint {
  const abs = n < 0n ? -n : n;
  const q = (2n * abs + d) / (2n * d);
  return n < 0n ? -q : q;
}

describe('the demo, 1–7 Nov 2026: unit cost and Explore read team as attribution does; the chargeback CSV splits each measure by itself', () => {
  let db: string;
  let configPath: string;
  let app: CostlensApp;
  /** SQL: a line's team as truth.json names it, or (untagged). */
  let team: string;

  beforeAll(async () => {
    const demoDir = inject('demoDir');
    const store = await demoStore(demoDir, ['cur2', 'business-metrics.csv']);
    ({ db, configPath } = store);
    app = appOn(db, { clock: () => DEMO_NOW, config: store.config });
    const truth = JSON.parse(readFileSync(join(demoDir, 'truth.json'), 'utf8')) as { tagging: { teamAliases: Record<string, string[]> } };
    const whens = Object.entries(truth.tagging.teamAliases).flatMap(([canonical, spellings]) => spellings.map((s) => `WHEN '${s}' THEN '${canonical}'`));
    team = `CASE WHEN Tags['team'] IS NULL THEN '(untagged)' ELSE CASE Tags['team'] ${whens.join(' ')} END END`;
  });
  afterAll(() => app?.close());

  it('unit-cost --tag team=payments: 1,487.57 EffectiveCost with every spelling of payments, 737.55 with --raw-tags', async () => {
    const [sums] = await sqlRows(db, `SELECT CAST(sum(EffectiveCost) FILTER (WHERE ${team} = 'payments') AS VARCHAR) AS canonical,
        CAST(sum(EffectiveCost) FILTER (WHERE Tags['team'] = 'payments') AS VARCHAR) AS raw FROM line_items WHERE ${WEEK} AND x_ChargeClass = 'usage'`);
    expect(sums).toEqual({ canonical: '1487.5671569670', raw: '737.5517316868' });
    const weekly = async (...flags: string[]) => {
      const rows: Record<string, string>[] = JSON.parse(await cli(db, 'unit-cost', '--metric', 'orders', '--from', FROM, '--to', TO, '--grain', 'week', '--format', 'json', '--config', configPath, ...flags));
      return rows.reduce((s, r) => s + Number(r.effectiveCost), 0);
    };
    const normalised = await weekly('--tag', 'team=payments');
    expect(Math.abs(normalised - Number(sums.canonical))).toBeLessThanOrEqual(1e-6);
    expect(normalised.toFixed(2)).toBe('1487.57');
    expect(await weekly('--tag', 'Team=PAYMENTS ')).toBe(normalised);
    const raw = await weekly('--tag', 'team=payments', '--raw-tags');
    expect(Math.abs(raw - Number(sums.raw))).toBeLessThanOrEqual(1e-6);
    expect(raw.toFixed(2)).toBe('737.55');
    const heading = (await cli(db, 'unit-cost', '--metric', 'orders', '--from', FROM, '--to', TO, '--tag', 'team=payments', '--config', configPath)).split('\n')[0];
    expect(heading).toBe('EffectiveCost of usage per orders, lines tagged team=payments (normalised: also values "payments ", "Payments", "paymnets", "PAYMENTS"), 1–7 Nov 2026');
  });

  it('Explore by tag team: one row per team ("payments " and "payments" are one), each the SQL sum of its spellings; raw_tags=1 shows each spelling', async () => {
    const expected = await sqlRows(db, `SELECT ${team} AS value, CAST(sum(EffectiveCost) AS VARCHAR) AS cost, CAST(count(*) AS VARCHAR) AS lines
      FROM line_items WHERE ${WEEK} GROUP BY 1 ORDER BY sum(EffectiveCost) DESC, 1`);
    const query = `dimension=tag&tag_key=team&start=${FROM}&end=${TO}&cost=effective`;
    const api = await (await app.request(`/api/analyses/explore/spend_by?${query}&top=500`)).json() as { rows: Record<string, string | null>[] };
    expect(api.rows.map((r) => ({ value: r.value, cost: r.cost, lines: r.lines }))).toEqual(expected);
    expect(expected.find((r) => r.value === 'payments')!.cost).toBe('1487.5671569670');

    const html = await (await page(app, `/explore?${query}`)).text();
    const cells = firstCells(html);
    expect(cells).toEqual(expected.map((r) => r.value));
    expect(cells.filter((v) => v.trim().toLowerCase() === 'payments')).toEqual(['payments']);
    expect(html).toContain('<input type="checkbox" name="raw_tags" value="1"> Raw tags');

    const raw = await sqlRows(db, `SELECT coalesce(Tags['team'], '(untagged)') AS value, CAST(sum(EffectiveCost) AS VARCHAR) AS cost
      FROM line_items WHERE ${WEEK} GROUP BY 1 ORDER BY sum(EffectiveCost) DESC, 1`);
    const rawApi = await (await app.request(`/api/analyses/explore/spend_by?${query}&top=500&raw_tags=1`)).json() as { rows: Record<string, string | null>[] };
    expect(rawApi.rows.map((r) => ({ value: r.value, cost: r.cost }))).toEqual(raw);
    expect(raw.filter((r) => r.value!.trim().toLowerCase() === 'payments').map((r) => r.value).sort()).toEqual(['PAYMENTS', 'Payments', 'payments', 'payments ']);
    const rawHtml = await (await page(app, `/explore?${query}&raw_tags=1`)).text();
    expect(raw.length).toBeGreaterThan(25);
    expect(firstCells(rawHtml)).toEqual([...raw.slice(0, 25).map((r) => r.value), `Other (${raw.length - 25} more)`]);
    expect(rawHtml).toContain('<input type="checkbox" name="raw_tags" value="1" checked> Raw tags');

    const chart = await (await app.request(`/api/charts/explore_daily?${query}`)).json() as { data: { values: { value: string; cost: number }[] } };
    const payments = chart.data.values.filter((v) => v.value === 'payments').reduce((s, v) => s + v.cost, 0);
    expect(Math.abs(payments - 1487.5671569670)).toBeLessThan(1e-6);
    expect(chart.data.values.some((v) => v.value === 'payments ')).toBe(false);
  });

  it('the chargeback CSV: billed figures equal under --cost billed and --cost effective, each measure split by itself, each column adding up to its total', async () => {
    const json = async (cost: string) => JSON.parse(await cli(db, 'attribute', '--tag', 'team', '--period', '2026-11', '--cost', cost, '--format', 'json', '--config', configPath)) as Record<string, string>[];
    const [byBilled, byEffective] = [await json('billed'), await json('effective')];
    const keyed = (rows: Record<string, string>[]) => Object.fromEntries(rows.map((r) => [r.tagValue, r]));
    expect(keyed(byEffective)).toEqual(keyed(byBilled));
    // Each listing is ordered by its own measure, largest first ((untagged) last); the measures differ
    // (amortisation), so the orders may too (they did before the demo planted its movements).
    for (const [rows, cost] of [[byBilled, 'billed'], [byEffective, 'effective']] as const) {
      const tagged = rows.filter((r) => r.tagValue !== '(untagged)');
      expect(tagged.every((r, i) => i === 0 || units(tagged[i - 1][`${cost}Cost`]) >= units(r[`${cost}Cost`])), cost).toBe(true);
      expect(rows.at(-1)!.tagValue).toBe('(untagged)');
    }
    expect(byBilled.some((r) => r.billedCost !== r.effectiveCost)).toBe(true);

    // Independently: direct spend per team, tax split by it (proportional, in the same measure), support evenly.
    const period = `BillingPeriodStart = TIMESTAMP '2026-11-01'`;
    const pool = `CASE WHEN lower(ChargeCategory) = 'tax' THEN 'tax' WHEN x_ProductCode = 'AWSSupportBusiness' THEN 'support' END`;
    const rows = await sqlRows(db, `SELECT ${team} AS team, ${pool} AS pool, CAST(sum(BilledCost) AS VARCHAR) AS billed, CAST(sum(EffectiveCost) AS VARCHAR) AS effective
      FROM line_items WHERE ${period} GROUP BY 1, 2`);
    for (const measure of ['billed', 'effective'] as const) {
      const direct = new Map<string, bigint>();
      for (const r of rows.filter((x) => x.pool === null)) direct.set(r.team!, (direct.get(r.team!) ?? 0n) + units(r[measure]));
      const poolOf = (name: string) => rows.filter((x) => x.pool === name).reduce((s, x) => s + units(x[measure]), 0n);
      const positive = [...direct].filter(([, d]) => d > 0n);
      const weight = positive.reduce((s, [, d]) => s + d, 0n);
      const teams = direct.size;
      for (const [name, d] of direct) {
        // exact = d + tax × d / weight + support / teams, over the common denominator weight × teams
        const numerator = d * weight * BigInt(teams) + (d > 0n ? poolOf('tax') * d * BigInt(teams) : 0n) + poolOf('support') * weight;
        expect(units(keyed(byBilled)[name][`${measure}Exact`]), `${name} ${measure}`).toBe(rounded(numerator, weight * BigInt(teams)));
      }
      const [total] = await sqlRows(db, `SELECT CAST(round(sum(${measure === 'billed' ? 'BilledCost' : 'EffectiveCost'}), 2) AS VARCHAR) AS cents FROM line_items WHERE ${period}`);
      const cents = (column: string) => byBilled.reduce((s, r) => s + units(r[column]), 0n) / 10n ** 8n;
      const shared = `${measure}SharedBy${measure === 'billed' ? 'Billed' : 'Effective'}`;
      expect(cents(`${measure}Cost`)).toBe(units(total.cents) / 10n ** 8n);
      expect(cents(`${measure}Direct`) + cents(shared)).toBe(units(total.cents) / 10n ** 8n);
      expect(Math.round(byBilled.reduce((s, r) => s + Number(r[`${measure}SharePct`]) * 100, 0))).toBe(10_000);
    }

    for (const cost of ['billed', 'effective']) {
      const csv = await cli(db, 'attribute', '--tag', 'team', '--period', '2026-11', '--cost', cost, '--format', 'csv', '--config', configPath);
      expect(await (await app.request(`/attribution.csv?tag=team&period=2026-11&cost=${cost}`)).text()).toBe(csv);
      expect(parseCsv(csv)[0].slice(2)).toEqual(['attributed_by', 'billed_direct', 'billed_shared_by_billed', 'billed_cost',
        'effective_direct', 'effective_shared_by_effective', 'effective_cost', 'billed_share_pct', 'effective_share_pct']);
    }
  });
});
