/**
 * The Overview says why usage moved, month to date (1–14 Nov 2026) against the same days of
 * October on the demo: the "Why it changed" card lists explain's top drivers — the demo's three
 * planted movements first — and what the rest explains, adding up to the change shown to the cent;
 * the service and account tables show each row's top driver. Figures are DuckDB's sums of the line
 * items; each driver links to its resource page, which the server serves.
 */
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { costlens, sqlRows, tempStore } from '../helpers/cli.ts';
import { appOn, page } from './helpers.ts';
import { textOf } from './page-helpers.ts';

const DEMO_TODAY = new Date('2026-11-15T09:00:00Z');
const OLD = { first: '2026-10-01', last: '2026-10-14' };
const NEW = { first: '2026-11-01', last: '2026-11-14' };

interface Expected { service: string; usageType: string; resource: string; account: string; change: number; part: string }

/**
 * Usage drivers restated from the line items (service › usage type › resource › account): those that
 * moved, largest change first, and how many there are in all (a driver may not move: the same cost in both spans).
 */
async function usageDrivers(db: string): Promise<{ moved: Expected[]; all: number }> {
  const inOld = `ChargePeriodStart < TIMESTAMP '2026-10-15'`;
  const grains = await sqlRows(db, `SELECT ServiceName AS s, x_UsageType AS u, coalesce(ResourceId, '(none)') AS r, SubAccountId AS a,
      count(*) FILTER (WHERE ${inOld}) AS l0, count(*) FILTER (WHERE NOT ${inOld}) AS l1,
      coalesce(sum(BilledCost) FILTER (WHERE ${inOld}), 0) AS c0, coalesce(sum(BilledCost) FILTER (WHERE NOT ${inOld}), 0) AS c1,
      coalesce(sum(ConsumedQuantity) FILTER (WHERE ${inOld}), 0) AS q0, coalesce(sum(ConsumedQuantity) FILTER (WHERE NOT ${inOld}), 0) AS q1
    FROM line_items WHERE x_ChargeClass = 'usage'
      AND ((ChargePeriodStart >= TIMESTAMP '${OLD.first}' AND ${inOld}) OR (ChargePeriodStart >= TIMESTAMP '${NEW.first}' AND ChargePeriodStart < TIMESTAMP '2026-11-15'))
    GROUP BY ServiceName, x_UsageType, ResourceId, SubAccountId, RegionId, ConsumedUnit`);
  const byKey = new Map<string, Expected & { parts: Record<string, number> }>();
  for (const g of grains) {
    const key = JSON.stringify([g.s, g.u, g.r, g.a]);
    const d = byKey.get(key) ?? { service: g.s!, usageType: g.u!, resource: g.r!, account: g.a!, change: 0, part: '', parts: { volume: 0, rate: 0, new: 0, gone: 0, other: 0 } };
    const [c0, c1, q0, q1] = [g.c0, g.c1, g.q0, g.q1].map(Number);
    d.change += c1 - c0;
    if (g.l0 === '0') d.parts.new += c1;
    else if (g.l1 === '0') d.parts.gone -= c0;
    else if (q0 > 0 && q1 > 0) {
      d.parts.volume += ((q1 - q0) * c0) / q0;
      d.parts.rate += c1 - c0 - ((q1 - q0) * c0) / q0;
    } else d.parts.other += c1 - c0;
    byKey.set(key, d);
  }
  const moved = [...byKey.values()].filter((d) => Math.abs(d.change) > 1e-12).sort((a, b) => Math.abs(b.change) - Math.abs(a.change))
    .map(({ parts, ...d }) => ({ ...d, part: Object.entries(parts).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))[0][0] }));
  return { moved, all: byKey.size };
}

const cents = (decimal: string) => BigInt(decimal.replace('.', ''));

describe('the Overview explains the month to date: explain\'s drivers on the card and in the service and account tables', () => {
  const { db } = tempStore();
  let app: CostlensApp;
  let html: string;
  let expected: Expected[];
  /** How many drivers there are in all, moved or not. */
  let drivers: number;

  beforeAll(async () => {
    copyFileSync(await cachedDemoStore(inject('demoDir'), ['cur2']), db);
    app = appOn(db, { clock: () => DEMO_TODAY });
    html = await (await page(app, '/')).text();
    ({ moved: expected, all: drivers } = await usageDrivers(db));
  }, 600_000);
  afterAll(() => app?.close());

  it('the card names the days compared and lists the top five drivers, the demo\'s planted movements first, with their parts', () => {
    expect(/id="why-spans">([^<]*)</.exec(html)![1]).toBe('Usage 1–14 Nov 2026 (14 days) against 1–14 Oct 2026 (14 days), billed cost: the top 5 drivers and what the rest explains.');
    const card = /id="drivers">([^]*?)<\/table>/.exec(html)![1];
    const rows = [...card.matchAll(/<tr data-resource="([^"]*)" data-usage-type="([^"]*)" data-part="([^"]*)"><td><a href="([^"]*)"[^>]*>[^]*?<\/a><\/td><td class="text">([^<]*)<\/td><td class="text">([^<]*)<\/td>[^]*?data-value="([^"]*)"/g)]
      .map((m) => ({ resource: m[1], usageType: m[2], part: m[3], href: m[4].replaceAll('&amp;', '&'), service: m[5], account: m[6], change: m[7] }));
    expect(rows.map((r) => [r.service, r.usageType, r.resource, r.account, r.part])).toEqual(expected.slice(0, 5).map((d) => [d.service, d.usageType, d.resource, d.account, d.part]));
    for (const [i, r] of rows.entries()) {
      expect(Math.abs(Number(cents(r.change)) - Math.round(expected[i].change * 100)), r.resource).toBeLessThanOrEqual(1);
      expect(r.href).toBe(`/resource?${new URLSearchParams({ id: r.resource, start: OLD.first, end: '2026-11-15' })}`);
    }
    const truth = JSON.parse(readFileSync(join(inject('demoDir'), 'truth.json'), 'utf8')) as { plantedMovements: { resourceIds: string[]; part: string }[] };
    expect(rows.slice(0, 3).map((r) => [r.resource, r.part])).toEqual([
      [truth.plantedMovements[0].resourceIds[0], 'volume'], [truth.plantedMovements[1].resourceIds[0], 'new'], [truth.plantedMovements[2].resourceIds[0], 'rate'],
    ]);
  });

  it('the drivers and the rest add up to the change in usage shown above, to the cent', async () => {
    const card = /id="drivers">([^]*?)<\/table>/.exec(html)![1];
    const values = [...card.matchAll(/<tr data-resource[^]*?<td data-value="([^"]*)"/g)].map((m) => cents(m[1]));
    const rest = cents(/id="drivers-rest"[^]*?data-value="([^"]*)"/.exec(card)![1]);
    const total = cents(/id="drivers-total"[^]*?data-value="([^"]*)"/.exec(card)![1]);
    expect(values.reduce((s, v) => s + v, 0n) + rest).toBe(total);
    // Each share of the change is signed as its money is: a fall reads −…% beside −$…, never -…%.
    const shares = [...card.matchAll(/<td data-value="(-?)[0-9.]+">[^<]*<\/td><td>([^<]*)<\/td>/g)].map((m) => [m[1], m[2]]);
    expect(shares.length).toBe(values.length + 2);
    for (const [minus, share] of shares) expect(share, share).toMatch(minus ? /^−\d+\.\d%$/ : /^\d+\.\d%$/);
    expect(shares.some(([minus]) => minus === '-')).toBe(true);
    const [sql] = await sqlRows(db, `SELECT CAST(round(sum(BilledCost) FILTER (WHERE ChargePeriodStart >= TIMESTAMP '2026-11-01')
        - sum(BilledCost) FILTER (WHERE ChargePeriodStart < TIMESTAMP '2026-10-15'), 2) AS VARCHAR) AS change
      FROM line_items WHERE x_ChargeClass = 'usage' AND ((ChargePeriodStart >= TIMESTAMP '2026-10-01' AND ChargePeriodStart < TIMESTAMP '2026-10-15')
        OR (ChargePeriodStart >= TIMESTAMP '2026-11-01' AND ChargePeriodStart < TIMESTAMP '2026-11-15'))`);
    expect(total).toBe(cents(sql.change!));
    expect(/id="drivers-rest" data-drivers="(\d+)" data-moved="(\d+)"/.exec(card)!.slice(1).map(Number)).toEqual([drivers - 5, expected.length - 5]);
  });

  it('the rest counts what the command the card quotes counts: the same grain, spans and top, so its "rest (N drivers)" is the card\'s', async () => {
    // The card said "The rest (… more that moved)", counting movers of its own grain, and quoted an explain
    // at explain's default grain (service › usage type › resource): "Top 10 of 405 drivers", "rest (395 drivers)" on the demo as of 6 Dec 2026.
    const card = /id="why-it-changed">([^]*?)<\/section>/.exec(html)![1];
    const command = /<code id="drivers-command">([^<]*)<\/code>/.exec(card)![1];
    expect(command).toBe('costlens explain --from 2026-10-01..2026-10-14 --to 2026-11-01..2026-11-14 --by service,usage_type,resource,account --top 5');
    expect(textOf(/<tr id="drivers-rest"[^>]*><td>([^<]*)</.exec(card)![1])).toBe(`The rest (${drivers - 5} drivers, ${expected.length - 5} of which moved)`);
    const run = await costlens(db, ...command.split(' ').slice(1), '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as { drivers: { resource: string; usageType: string; account: string; cents: { change: string } }[]; rest: { drivers: number; cents: { change: string } }; total: { cents: { change: string } } };
    expect(json.drivers.length + json.rest.drivers).toBe(drivers);
    expect(json.rest.drivers).toBe(Number(/id="drivers-rest" data-drivers="(\d+)"/.exec(card)![1]));
    expect(json.drivers.map((d) => [d.resource, d.usageType, d.account])).toEqual(expected.slice(0, 5).map((d) => [d.resource, d.usageType, d.account]));
    expect(json.rest.cents.change).toBe(/id="drivers-rest"[^]*?data-value="([^"]*)"/.exec(card)![1]);
    expect(json.drivers.map((d) => d.cents.change)).toEqual([...card.matchAll(/<tr data-resource[^]*?<td data-value="([^"]*)"/g)].map((m) => m[1]));
  });

  it('each service and account row shows its own top driver: usage type, resource, part and change', () => {
    for (const [table, dimension] of [['top-services', 'service'], ['top-accounts', 'account']] as const) {
      const body = new RegExp(`id="${table}">([^]*?)</table>`).exec(html)![1];
      const rows = [...body.matchAll(/<tr><td>([^<]*)<\/td>[^]*?<td class="driver text wrap" data-usage-type="([^"]*)" data-resource="([^"]*)" data-part="([^"]*)" data-change="([^"]*)">/g)];
      expect(rows.length, table).toBe([...body.matchAll(/<tr><td>/g)].length);
      expect(rows.length, table).toBe(dimension === 'service' ? 6 : 10);
      for (const [, value, usageType, resource, part, change] of rows) {
        const top = expected.find((d) => (dimension === 'service' ? d.service : d.account) === value)!;
        expect([usageType, resource, part], `${table} ${value}`).toEqual([top.usageType, top.resource, top.part]);
        expect(Math.abs(Number(cents(change)) - Math.round(top.change * 100)), `${table} ${value}`).toBeLessThanOrEqual(1);
      }
    }
  });

  it('every driver link opens the resource page', async () => {
    const hrefs = new Set([...html.matchAll(/<td class="driver text wrap"[^>]*><a href="([^"]*)"/g), ...html.matchAll(/<tr data-resource="[^"]*" data-usage-type="[^"]*" data-part="[^"]*"><td><a href="([^"]*)"/g)]
      .map((m) => m[1].replaceAll('&amp;', '&')));
    expect(hrefs.size).toBeGreaterThan(10);
    for (const href of hrefs) expect((await page(app, href)).status, href).toBe(200);
  });
});
