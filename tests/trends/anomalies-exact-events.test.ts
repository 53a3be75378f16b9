/**
 * A run of flagged days carries its money in exact store units (bigint, 1e-10), the figures of its
 * event: actual = the spend of its days, expected = the sum of their doubled medians halved once,
 * impact = actual − expected; so the run that detect.ts groups and the event that events.ts
 * explains are the same figures, and the event's drivers add up to that impact. Before, a run
 * summed floats (`+=`), 47.45861002539999 where the store holds 47.4586100254.
 *
 * On the demo (`costlens demo --as-of 2026-11-15`, 60 days, every event listed), each event's
 * spend and twice its expected spend are restated by SQL on line_items, and the drivers of each
 * level (usage types, resources, regions; all listed, none left in a rest) add up to its impact in
 * cents, as do their parts. checkout-prod's 14-day Lambda surge: impact 416.1559249353, where the
 * days' deltas (each median halved on its own day) add up to 416.1559249350.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findAnomalyEvents, type AnomalyEvents } from '../../src/analyze/anomalies/index.ts';
import { anomaliesConfigSchema } from '../../src/analyze/trends-config.ts';
import { DuckDBEngine } from '../../src/engine/duckdb-engine.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { sqlRows } from '../helpers/cli.ts';

const PARTS = ['volume', 'rate', 'new', 'gone', 'other'] as const;
const LEVELS = ['usageTypes', 'resources', 'regions'] as const;

/** `-12.3456789012` → units of 1e-10 (also cents text, `-12.34`, at `scale` 2). */
const scaled = (text: string, scale = 10): bigint => {
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const value = BigInt(whole) * 10n ** BigInt(scale) + BigInt(fraction.padEnd(scale, '0') || '0');
  return text.startsWith('-') ? -value : value;
};
/** Twice a median (exact) halved once, half away from zero. */
const halved = (twice: bigint): bigint => (twice < 0n ? -1n : 1n) * (((twice < 0n ? -twice : twice) + 1n) / 2n);

/** An event's spend and twice its expected spend by SQL: Σ of its days' usage spend and of the 14th + 15th of each day's 28 trailing days. */
async function spendAndTwiceExpected(db: string, e: { dimension: string; value: string; start: string; lastDay: string }) {
  const column = e.dimension === 'service' ? `coalesce(ServiceName, x_ProductCode, '(none)')` : `coalesce(SubAccountId, BillingAccountId, '(none)')`;
  const [row] = await sqlRows(db, `
    WITH spend AS (
      SELECT CAST(ChargePeriodStart AS DATE) AS day, sum(BilledCost) AS cost FROM line_items
      WHERE x_ChargeClass = 'usage' AND ${column} = '${e.value.replaceAll("'", "''")}' GROUP BY 1
    ), calendar AS (
      SELECT CAST(range AS DATE) AS day FROM range(DATE '${e.start}' - 28, DATE '${e.lastDay}' + 1, INTERVAL 1 DAY)
    ), filled AS (
      SELECT calendar.day, coalesce(spend.cost, 0) AS cost FROM calendar LEFT JOIN spend USING (day)
    ), judged AS (
      SELECT f.day, f.cost, list_sort(list(g.cost)) AS xs
      FROM filled f JOIN filled g ON g.day >= f.day - 28 AND g.day < f.day
      WHERE f.day >= DATE '${e.start}' GROUP BY f.day, f.cost
    )
    SELECT CAST(sum(cost) AS VARCHAR) AS actual, CAST(sum(xs[14] + xs[15]) AS VARCHAR) AS twice_expected FROM judged`);
  return { actual: scaled(row.actual!), twiceExpected: scaled(row.twice_expected!) };
}

describe('anomaly runs and events: exact money, the drivers adding up to the impact', () => {
  let db: string;
  let engine: Engine;
  let found: AnomalyEvents;

  beforeAll(async () => {
    db = await cachedDemoStore(inject('demoDir'), ['cur2']);
    engine = await DuckDBEngine.open(db);
    const config = anomaliesConfigSchema.parse({ noiseFloor: { share: 0, minDollars: 0 } });
    found = await findAnomalyEvents(engine, { config, days: 60, cost: 'billed', top: 1000 });
  }, 300_000);
  afterAll(async () => {
    await engine?.close();
  });

  it('each run is its event: the same exact actual, expected and impact, restated by SQL on the line items', async () => {
    const { runs } = found.report;
    expect(found.events.length).toBe(18);
    expect(runs.length).toBe(18);
    for (const [i, e] of found.events.entries()) {
      const run = runs[i];
      expect([run.dimension, run.value, run.start, run.end], e.id).toEqual([e.dimension, e.value, e.start, e.lastDay]);
      const sql = await spendAndTwiceExpected(db, e);
      expect([run.actual, run.expected, run.impact], e.id).toEqual([sql.actual, halved(sql.twiceExpected), sql.actual - halved(sql.twiceExpected)]);
      expect([scaled(e.actual), scaled(e.expected), scaled(e.impact)], e.id).toEqual([run.actual, run.expected, run.impact]);
    }
  });

  it('the Lambda surge of 14 days: impact 416.1559249353, its medians halved once (the days\' own deltas add up to 416.1559249350)', () => {
    const i = found.events.findIndex((e) => e.id === 'service:AWS Lambda:2026-10-18');
    const [event, run] = [found.events[i], found.report.runs[i]];
    expect([event.days, event.actual, event.expected, event.impact]).toEqual([14, '696.1509331092', '279.9950081739', '416.1559249353']);
    expect([run.actual, run.expected, run.impact]).toEqual([6_961_509_331_092n, 2_799_950_081_739n, 4_161_559_249_353n]);
    const days = found.report.anomalies.filter((a) => a.dimension === 'service' && a.value === 'AWS Lambda' && a.day >= event.start && a.day <= event.lastDay);
    expect(days.length).toBe(14);
    expect(days.reduce((sum, a) => sum + a.actual, 0n)).toBe(run.actual);
    expect(days.reduce((sum, a) => sum + a.verdict!.delta, 0n)).toBe(4_161_559_249_350n);
    // Six of the days' medians end in half a unit: halved day by day each gains half a unit (3 units in all); summed first, they halve exactly.
    expect(days.filter((a) => a.verdict!.twiceExpected % 2n !== 0n).length).toBe(6);
    expect(days.reduce((sum, a) => sum + a.verdict!.twiceExpected, 0n)).toBe(2n * run.expected);
  });

  it('at every level the drivers and the rest add up to the impact in cents, and each driver\'s parts to its change', () => {
    for (const e of found.events) {
      for (const level of LEVELS) {
        const rows = [...e.drivers[level], e.rest[level]];
        expect(rows.reduce((sum, d) => sum + scaled(d.change, 2), 0n), `${e.id} ${level}`).toBe(scaled(e.parts.change, 2));
        for (const part of PARTS) expect(rows.reduce((sum, d) => sum + scaled(d[part], 2), 0n), `${e.id} ${level} ${part}`).toBe(scaled(e.parts[part], 2));
        for (const d of e.drivers[level]) expect(PARTS.reduce((sum, p) => sum + scaled(d[p], 2), 0n), `${e.id} ${level}`).toBe(scaled(d.change, 2));
      }
      expect(PARTS.reduce((sum, p) => sum + scaled(e.parts[p], 2), 0n), e.id).toBe(scaled(e.parts.change, 2));
    }
  });
});
