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

/**
 * Twice the impact of an event as DuckDB computes it on the line items: Σ over its days of
 * 2 × actual − (the 14th + the 15th of its 28 trailing days' spend, sorted), exact decimals.
 */
async function twiceImpact(db: string, e: Json): Promise<bigint> {
  const column = e.dimension === 'service' ? `coalesce(ServiceName, x_ProductCode, '(none)')` : 'coalesce(SubAccountId, BillingAccountId)';
  const [row] = await sqlRows(db, `
    WITH spend AS (
      SELECT CAST(ChargePeriodStart AS DATE) AS day, sum(BilledCost) AS cost FROM line_items
      WHERE x_ChargeClass = 'usage' AND ${column} = '${e.value}' GROUP BY 1
    ), calendar AS (
      SELECT CAST(range AS DATE) AS day FROM range(DATE '${e.start}' - 28, DATE '${e.lastDay}' + 1, INTERVAL 1 DAY)
    ), filled AS (
      SELECT calendar.day, coalesce(spend.cost, 0) AS cost FROM calendar LEFT JOIN spend USING (day)
    ), judged AS (
      SELECT f.day, f.cost, list_sort((SELECT list(g.cost) FROM filled g WHERE g.day >= f.day - 28 AND g.day < f.day)) AS xs
      FROM filled f WHERE f.day >= DATE '${e.start}'
    )
    SELECT CAST(sum(2 * cost - xs[14] - xs[15]) AS VARCHAR) AS twice FROM judged`);
  return units(row.twice!);
}

describe('anomaly events on the demo organisation: exactly the flagged days, impacts as DuckDB computes them, drivers to the cent', () => {
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

  it('each impact is Σ (actual − median of the 28 days before) over its days, to the 1e-10 (the median of two days halved once)', async () => {
    for (const e of all.events) {
      const twice = await twiceImpact(db, e);
      const diff = 2n * units(e.impact) - twice;
      expect(diff >= -1n && diff <= 1n, `${e.id}: 2 × ${e.impact} against DuckDB's ${twice}`).toBe(true);
      expect(units(e.actual) - units(e.expected)).toBe(units(e.impact));
    }
  });

  it('the drivers of every level and the rest add up to the impact in cents, and every driver\'s parts to its change', async () => {
    for (const e of all.events) {
      const impactCents = (units(e.impact) < 0n ? -1n : 1n) * ((2n * (units(e.impact) < 0n ? -units(e.impact) : units(e.impact)) + 10n ** 8n) / (2n * 10n ** 8n));
      expect(cents(e.parts.change), e.id).toBe(impactCents);
      expect(PARTS.reduce((s, p) => s + cents(e.parts[p]), 0n), e.id).toBe(impactCents);
      for (const level of ['usageTypes', 'resources', 'regions']) {
        const rows = [...e.drivers[level], e.rest[level]];
        expect(rows.reduce((s: bigint, d: Json) => s + cents(d.change), 0n), `${e.id} ${level}`).toBe(impactCents);
        for (const p of PARTS) expect(rows.reduce((s: bigint, d: Json) => s + cents(d[p]), 0n), `${e.id} ${level} ${p}`).toBe(cents(e.parts[p]));
        for (const d of rows) expect(PARTS.reduce((s, p) => s + cents(d[p]), 0n)).toBe(cents(d.change));
      }
    }
  });

  it('identity-prod\'s 9-day surge is explained by the data transfer of one instance, as hand-written SQL on the line items finds it', async () => {
    const surge = all.events.find((e: Json) => e.id === 'account:412021230587:2026-10-11');
    expect([surge.lastDay, surge.days, surge.direction, surge.parts.change]).toEqual(['2026-10-19', 9, 'spike', '154.09']);
    const top = surge.drivers.resources[0];
    expect([top.service, top.usageType, top.resource]).toEqual(['Amazon Elastic Compute Cloud', 'DataTransfer-Out-Bytes', 'i-0e6eceb64fc610b71']);
    // The instance's data transfer over the event's days against its median days (the same days the event lists).
    const medianDays = surge.baseline.flatMap((b: Json) => (b.medianDays.length === 1 ? [b.medianDays[0], b.medianDays[0]] : b.medianDays));
    const [row] = await sqlRows(db, `
      WITH per_day AS (
        SELECT CAST(CAST(ChargePeriodStart AS DATE) AS VARCHAR) AS day, sum(BilledCost) AS cost FROM line_items
        WHERE ResourceId = 'i-0e6eceb64fc610b71' AND x_UsageType = 'DataTransfer-Out-Bytes' AND x_ChargeClass = 'usage' GROUP BY 1
      )
      SELECT CAST(CAST(round((SELECT sum(cost) FROM per_day WHERE day BETWEEN '2026-10-11' AND '2026-10-19')
        - coalesce((SELECT sum(p.cost) FROM (SELECT unnest(${JSON.stringify(medianDays).replaceAll('"', "'")}) AS day) m JOIN per_day p USING (day)), 0) / 2, 2) AS DECIMAL(18,2)) AS VARCHAR) AS change`);
    expect(top.change).toBe(row.change);
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
});
