import { copyFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findAnomalyEvents } from '../../src/analyze/anomalies/index.ts';
import { anomaliesConfigSchema } from '../../src/analyze/trends-config.ts';
import { DuckDBEngine } from '../../src/engine/duckdb-engine.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { costlens, sqlRows, tempStore } from '../helpers/cli.ts';

type Json = Record<string, any>;
const PARTS = ['volume', 'rate', 'new', 'gone', 'other'];
const cents = (text: string) => BigInt(Math.round(Number(text) * 100));
const units = (text: string) => {
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const value = BigInt(whole) * 10n ** 10n + BigInt(fraction.padEnd(10, '0').slice(0, 10));
  return text.startsWith('-') ? -value : value;
};
const abs = (n: bigint) => (n < 0n ? -n : n);
/** n / d (d > 0) rounded half away from zero. */
const divideRounded = (n: bigint, d: bigint) => (n < 0n ? -1n : 1n) * ((2n * abs(n) + d) / (2n * d));
/** Units of 1e-10 rounded once to cents, half away from zero. */
const roundCents = (u: bigint) => divideRounded(u, 10n ** 8n);
/** Half-units (a sum over median days, not yet halved) rounded once to cents. */
const roundHalvedCents = (u2: bigint) => divideRounded(u2, 2n * 10n ** 8n);
const TRAILING = 28;
const SERVICE = `coalesce(ServiceName, x_ProductCode, '(none)')`;
const ACCOUNT = 'coalesce(SubAccountId, BillingAccountId)';
const USAGE_TYPE = `coalesce(x_UsageType, SkuMeter, '(none)')`;

/**
 * An event's spend and twice its expected spend as DuckDB computes them on the line items:
 * Σ over its days of the day's spend, and of the 14th + the 15th of its 28 trailing days' spend
 * (sorted), exact decimals (the expected spend is their half).
 */
async function spendAndTwiceExpected(db: string, e: Json): Promise<{ actual: bigint; expected2: bigint }> {
  const column = e.dimension === 'service' ? SERVICE : ACCOUNT;
  const [row] = await sqlRows(db, `
    WITH spend AS (
      SELECT CAST(ChargePeriodStart AS DATE) AS day, sum(BilledCost) AS cost FROM line_items
      WHERE x_ChargeClass = 'usage' AND ${column} = '${e.value}' GROUP BY 1
    ), calendar AS (
      SELECT CAST(range AS DATE) AS day FROM range(DATE '${e.start}' - ${TRAILING}, DATE '${e.lastDay}' + 1, INTERVAL 1 DAY)
    ), filled AS (
      SELECT calendar.day, coalesce(spend.cost, 0) AS cost FROM calendar LEFT JOIN spend USING (day)
    ), judged AS (
      SELECT f.day, f.cost, list_sort((SELECT list(g.cost) FROM filled g WHERE g.day >= f.day - ${TRAILING} AND g.day < f.day)) AS xs
      FROM filled f WHERE f.day >= DATE '${e.start}'
    )
    SELECT CAST(sum(cost) AS VARCHAR) AS actual, CAST(sum(xs[14] + xs[15]) AS VARCHAR) AS twice_expected FROM judged`);
  return { actual: units(row.actual!), expected2: units(row.twice_expected!) };
}

/** A resource-level driver restated: its key, its new cost and twice its old cost (exact), its change as shown. */
interface RestatedDriver { key: string[]; newCost: bigint; old2: bigint; cents: bigint }

/**
 * An event's resource-level drivers restated by SQL: the event's days against each day's two
 * median days (the 14th and 15th of its trailing 28 days by spend, then by day), keyed by usage
 * type and resource (and service, for an account event), largest exact change first (ties by key).
 * Each driver's change as shown is its new cost and its old cost (halved) each rounded once.
 */
async function resourceDrivers(db: string, e: Json): Promise<RestatedDriver[]> {
  const column = e.dimension === 'service' ? SERVICE : ACCOUNT;
  const keys = e.dimension === 'service' ? ['usage_type', 'resource'] : ['service', 'usage_type', 'resource'];
  const rows = await sqlRows(db, `
    WITH lines AS (
      SELECT CAST(ChargePeriodStart AS DATE) AS day, ${SERVICE} AS service, ${USAGE_TYPE} AS usage_type, coalesce(ResourceId, '(none)') AS resource, BilledCost AS cost
      FROM line_items
      WHERE x_ChargeClass = 'usage' AND ${column} = '${e.value}'
        AND ChargePeriodStart >= CAST(DATE '${e.start}' - ${TRAILING} AS TIMESTAMP) AND ChargePeriodStart < CAST(DATE '${e.lastDay}' + 1 AS TIMESTAMP)
    ), calendar AS (
      SELECT CAST(range AS DATE) AS day FROM range(DATE '${e.start}' - ${TRAILING}, DATE '${e.lastDay}' + 1, INTERVAL 1 DAY)
    ), totals AS (
      SELECT calendar.day, coalesce(sum(lines.cost), 0) AS total FROM calendar LEFT JOIN lines USING (day) GROUP BY calendar.day
    ), ranked AS (
      SELECT e.day AS event_day, t.day, row_number() OVER (PARTITION BY e.day ORDER BY t.total, t.day) AS rank
      FROM totals e JOIN totals t ON t.day >= e.day - ${TRAILING} AND t.day < e.day WHERE e.day >= DATE '${e.start}'
    ), medians AS (SELECT day FROM ranked WHERE rank IN (${TRAILING / 2}, ${TRAILING / 2 + 1})),
    news AS (SELECT ${keys.join(', ')}, sum(cost) AS cost FROM lines WHERE day >= DATE '${e.start}' GROUP BY ALL),
    olds AS (SELECT ${keys.map((k) => `l.${k}`).join(', ')}, sum(l.cost) AS cost2 FROM medians m JOIN lines l USING (day) GROUP BY ALL)
    SELECT ${keys.join(', ')}, CAST(coalesce(n.cost, 0) AS VARCHAR) AS new_cost, CAST(coalesce(o.cost2, 0) AS VARCHAR) AS old_cost2
    FROM news n FULL JOIN olds o USING (${keys.join(', ')})`);
  const drivers = rows.map((r) => {
    const [newCost, old2] = [units(r.new_cost!), units(r.old_cost2!)];
    return { key: keys.map((k) => r[k]!), newCost, old2, cents: roundCents(newCost) - roundHalvedCents(old2) };
  });
  const change2 = (d: RestatedDriver) => abs(2n * d.newCost - d.old2);
  const order = (d: RestatedDriver) => JSON.stringify(['usage', ...d.key]);
  return drivers.sort((a, b) => (change2(b) > change2(a) ? 1 : change2(b) < change2(a) ? -1 : order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

describe('anomaly events on the demo organisation: exactly the flagged days, impacts as DuckDB computes them, drivers to the cent of the impact shown', () => {
  const { dir, db } = tempStore();
  const demo = inject('demoDir');
  let all: Json;

  beforeAll(async () => {
    copyFileSync(await cachedDemoStore(demo, ['cur2']), db);
    const config = join(dir, 'every-event.json');
    writeFileSync(config, JSON.stringify({ anomalies: { noiseFloor: { share: 0, minDollars: 0 } } }));
    const run = await costlens(db, 'anomalies', '--days', '60', '--format', 'json', '--config', config, '--top', '2');
    expect(run.code, run.stderr).toBe(0);
    all = JSON.parse(run.stdout);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('the events cover exactly the flagged days, one event per run of consecutive days of one service or account', async () => {
    const byDay = await costlens(db, 'anomalies', '--days', '60', '--format', 'json', '--by-day');
    const flagged = (JSON.parse(byDay.stdout) as Json[]).map((r) => `${r.dimension}|${r.value}|${r.day}`).sort();
    const covered: string[] = [];
    for (const e of all.events) {
      for (let d = e.start; d <= e.lastDay; d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)) covered.push(`${e.dimension}|${e.value}|${d}`);
    }
    expect(covered.sort()).toEqual(flagged);
    expect(all.flaggedDays).toBe(flagged.length);
    expect(all.events.length).toBe(18);
    expect(all.belowNoiseFloor).toBe(0);
  });

  /** Each event's spend and twice its expected spend, from SQL (once per event). */
  const sqlFigures = new Map<string, Promise<{ actual: bigint; expected2: bigint }>>();
  const figures = (e: Json) => {
    if (!sqlFigures.has(e.id)) sqlFigures.set(e.id, spendAndTwiceExpected(db, e));
    return sqlFigures.get(e.id)!;
  };

  it('each impact is Σ (actual − median of the 28 days before) over its days, to the 1e-10 (the median of two days halved once)', async () => {
    for (const e of all.events) {
      const { actual, expected2 } = await figures(e);
      expect(units(e.actual), e.id).toBe(actual);
      const diff = 2n * units(e.expected) - expected2;
      expect(diff >= -1n && diff <= 1n, `${e.id}: 2 × ${e.expected} against DuckDB's ${expected2}`).toBe(true);
      expect(units(e.actual) - units(e.expected)).toBe(units(e.impact));
    }
  });

  it('the impact in cents is spend shown − expected shown (each rounded once from the SQL sums; five events a cent from the exact impact rounded alone), and every level\'s drivers with the rest add up to it in every column, every driver\'s parts to its change', async () => {
    const apart: string[] = [];
    for (const e of all.events) {
      const { actual, expected2 } = await figures(e);
      const impactCents = roundCents(actual) - roundHalvedCents(expected2);
      if (impactCents !== roundCents(units(e.impact))) apart.push(e.id);
      expect(cents(e.parts.change), e.id).toBe(impactCents);
      expect(PARTS.reduce((s, p) => s + cents(e.parts[p]), 0n), e.id).toBe(impactCents);
      for (const level of ['usageTypes', 'resources', 'regions']) {
        // The rest is what the impact leaves after the listed drivers, in every column.
        const rows = [...e.drivers[level], e.rest[level]];
        expect(rows.reduce((s: bigint, d: Json) => s + cents(d.change), 0n), `${e.id} ${level}`).toBe(impactCents);
        for (const p of PARTS) expect(rows.reduce((s: bigint, d: Json) => s + cents(d[p]), 0n), `${e.id} ${level} ${p}`).toBe(cents(e.parts[p]));
        for (const d of rows) expect(PARTS.reduce((s, p) => s + cents(d[p]), 0n)).toBe(cents(d.change));
      }
    }
    // Where the two amounts shown round apart, e.g. security-tooling's drop of 1–6 Nov: $117.82 − $185.05 = −$67.23, not −$67.22.
    expect(apart).toEqual([
      'account:730604943011:2026-10-11', 'service:AWS Lambda:2026-10-18', 'service:Amazon Elastic Compute Cloud:2026-10-29',
      'account:475246489870:2026-11-01', 'account:475246489870:2026-11-10',
    ]);
    const drop = all.events.find((e: Json) => e.id === 'account:475246489870:2026-11-01');
    expect([roundCents(units(drop.actual)), roundCents(units(drop.expected)), drop.parts.change, roundCents(units(drop.impact))]).toEqual([11782n, 18505n, '-67.23', -6722n]);
  });

  it('each event\'s listed resource drivers are its largest as SQL restates them, each its new and its old cost rounded once; the rest counts the others and is what the impact shown leaves after the listed ones', async () => {
    for (const e of all.events) {
      const drivers = await resourceDrivers(db, e);
      const top = drivers.slice(0, 2);
      const listed = e.drivers.resources.map((d: Json) => [d.chargeClass, ...(e.dimension === 'account' ? [d.service] : []), d.usageType, d.resource, cents(d.change)]);
      expect(listed, e.id).toEqual(top.map((d) => ['usage', ...d.key, d.cents]));
      const { actual, expected2 } = await figures(e);
      const impactCents = roundCents(actual) - roundHalvedCents(expected2);
      const rest = e.rest.resources;
      expect([rest.drivers, cents(rest.change)], e.id).toEqual([drivers.length - top.length, impactCents - top.reduce((s, d) => s + d.cents, 0n)]);
    }
  });

  it('identity-prod\'s 9-day surge is explained by the data transfer of one instance, as hand-written SQL on the line items finds it', async () => {
    const surge = all.events.find((e: Json) => e.id === 'account:412021230587:2026-10-11');
    expect([surge.lastDay, surge.days, surge.direction, surge.parts.change]).toEqual(['2026-10-19', 9, 'spike', '154.09']);
    const top = surge.drivers.resources[0];
    expect([top.service, top.usageType, top.resource]).toEqual(['Amazon Elastic Compute Cloud', 'DataTransfer-Out-Bytes', 'i-0e6eceb64fc610b71']);
    // The instance's data transfer over the event's days against its median days (the same days the event lists):
    // the new cost and the old (the median days' sum, halved) each rounded once, the change their difference.
    const medianDays = surge.baseline.flatMap((b: Json) => (b.medianDays.length === 1 ? [b.medianDays[0], b.medianDays[0]] : b.medianDays));
    const [row] = await sqlRows(db, `
      WITH per_day AS (
        SELECT CAST(CAST(ChargePeriodStart AS DATE) AS VARCHAR) AS day, sum(BilledCost) AS cost FROM line_items
        WHERE ResourceId = 'i-0e6eceb64fc610b71' AND x_UsageType = 'DataTransfer-Out-Bytes' AND x_ChargeClass = 'usage' GROUP BY 1
      )
      SELECT CAST((SELECT sum(cost) FROM per_day WHERE day BETWEEN '2026-10-11' AND '2026-10-19') AS VARCHAR) AS new_cost,
        CAST(coalesce((SELECT sum(p.cost) FROM (SELECT unnest(${JSON.stringify(medianDays).replaceAll('"', "'")}) AS day) m JOIN per_day p USING (day)), 0) AS VARCHAR) AS old_cost2`);
    expect(cents(top.change)).toBe(roundCents(units(row.new_cost!)) - roundHalvedCents(units(row.old_cost2!)));
  });
  it('all events are read in one query, whose rows for an event\'s service or account and days are exactly those a read of that event alone gives', async () => {
    const day = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    const text = (rows: Json[]) => JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? String(v) : v));
    const engine = await DuckDBEngine.open(db);
    const reads: Json[] = [];
    const counting: Engine = { name: engine.name, close: () => engine.close(), run: (name, params) => {
      if (name === 'anomalies/event_lines') reads.push(params!);
      return engine.run(name, params);
    } };
    try {
      const config = anomaliesConfigSchema.parse({ noiseFloor: { share: 0, minDollars: 0 } });
      const found = await findAnomalyEvents(counting, { config, days: 60, top: 2 });
      expect(found.events.map((e) => [e.id, e.impact])).toEqual(all.events.map((e: Json) => [e.id, e.impact]));
      expect([found.events.length, reads.length]).toEqual([18, 1]);
      const [read] = reads;
      expect(JSON.parse(read.services).length + JSON.parse(read.accounts).length).toBe(new Set(found.events.map((e) => `${e.dimension}|${e.value}`)).size);
      const shared = (await engine.run('anomalies/event_lines', read)).rows;
      for (const e of found.events) {
        const [from, to] = [day(e.start, -28), day(e.lastDay, 1)];
        const own = {
          services: JSON.stringify(e.dimension === 'service' ? [e.value] : []), accounts: JSON.stringify(e.dimension === 'account' ? [e.value] : []),
          from, to, cost: 'billed', charges: 'usage',
        };
        const ofEvent = (r: Json) => (e.dimension === 'service' ? r.service : r.account_id) === e.value && String(r.day) >= from && String(r.day) < to;
        const alone = (await engine.run('anomalies/event_lines', own)).rows;
        expect(alone.length, e.id).toBeGreaterThan(28);
        expect(text(shared.filter(ofEvent)), e.id).toBe(text(alone));
      }
    } finally {
      await engine.close();
    }
  });

  it('an event flagged on the first of the default 14 days is followed back to the day it began: the same id, start and figures as --days 60 gives, for one more read of daily spend', async () => {
    const engine = await DuckDBEngine.open(db);
    const reads: string[] = [];
    const counting: Engine = { name: engine.name, close: () => engine.close(), run: (name, params) => {
      reads.push(name);
      return engine.run(name, params);
    } };
    try {
      const config = anomaliesConfigSchema.parse({ noiseFloor: { share: 0, minDollars: 0 } });
      const found = await findAnomalyEvents(counting, { config, top: 2 });
      expect([found.report.from, found.events.length]).toEqual(['2026-11-01', 5]);
      const figures = (e: Json) => [e.id, e.start, e.lastDay, e.days, e.actual, e.expected, e.impact, e.parts.change, e.startsBeforeRange, e.noiseFloor];
      const wide = new Map(all.events.map((e: Json) => [e.id, figures(e)]));
      for (const e of found.events) expect(figures(e), e.id).toEqual(wide.get(e.id));
      // search-prod, flagged on 1 Nov, was flagged from 28 Oct: 6 days, +$312.72 (cut at 1 Nov it read 2 days, +$123.93, id …:2026-11-01).
      const search = found.events.find((e) => e.id === 'account:848183482749:2026-10-28')!;
      expect([search.start, search.lastDay, search.days, search.parts.change, search.startsBeforeRange]).toEqual(['2026-10-28', '2026-11-02', 6, '312.72', false]);
      const { actual, expected2 } = await spendAndTwiceExpected(db, search);
      expect([units(search.actual), units(search.impact)]).toEqual([actual, actual - divideRounded(expected2, 2n)]);
      // security-tooling, flagged on 1 Nov too, was not on 31 Oct: it began on 1 Nov.
      expect(found.events.find((e) => e.value === '475246489870')!.id).toBe('account:475246489870:2026-11-01');
      expect(found.report.followedBack.map((d) => [d.dimension, d.value, d.day])).toEqual(['2026-10-28', '2026-10-29', '2026-10-30', '2026-10-31'].map((d) => ['account', '848183482749', d]));
      // Beside the data horizon: one read of the days examined, one of the days before them (for both runs flagged on 1 Nov), one of the events' lines.
      expect(reads.filter((r) => r !== 'calendar/data_horizon')).toEqual(['trends/daily_spend_by_service_and_account', 'trends/daily_spend_by_service_and_account', 'anomalies/event_lines']);
    } finally {
      await engine.close();
    }
  });
});
