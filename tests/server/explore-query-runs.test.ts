/**
 * Explore's comparison runs each distinct explore/spend_by once. A view of usage alone compared with
 * another span ran two more spend_by requests (the usage of both spans) that repeat its own two:
 * on the demo as of 15 Nov 2026, month to date against the same days last month with
 * `charge_class=usage` asked explore/spend_by four times (three runs reached DuckDB: the range at top
 * 25 and again at top 500), and its CSV (explore/spend_compared) four times too. Now its own rows
 * are its usage: two requests, two runs, the same figures, which SQL on the store restates. The page
 * and the CSV build those requests with one helper (compared-spend.ts); a view of every charge
 * class still asks four distinct ones (both spans, then their usage), each once.
 */
import { copyFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { QueryService } from '../../src/server/query-service.ts';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { sqlRows, tempStore } from '../helpers/cli.ts';
import { parseCsvRecords } from '../helpers/csv.ts';
import { exactOf } from '../helpers/shown-cents-rule.ts';
import { appOn, page } from './helpers.ts';
import { tableHtml, textOf } from './page-helpers.ts';

const DEMO_NOW = new Date('2026-11-15T09:00:00Z');
const MTD = '/explore?dimension=service&preset=month_to_date&cost=billed&compare=last_month';
const CSV = '/api/analyses/explore/spend_compared?dimension=service&start=2026-11-01&end=2026-11-15&compare=last_month&cost=billed';
const USAGE_ALONE = `charge_classes=${encodeURIComponent('["usage"]')}`;
const within = (start: string, end: string) => `ChargePeriodStart >= TIMESTAMP '${start}' AND ChargePeriodStart < TIMESTAMP '${end}'`;

type Spied = (...args: unknown[]) => Promise<unknown>;
type Runs = { asked: string[]; ran: string[] };

/** explore/spend_by as one request asked for it (every call, cache hits too) and ran it (DuckDB), each as its parameters. */
async function spendByRuns(app: CostlensApp, request: () => Promise<Response>): Promise<Runs & { body: string }> {
  const service = QueryService.prototype as unknown as Record<'runOn' | 'execute', Spied>;
  const runOn = vi.spyOn(service, 'runOn');
  const execute = vi.spyOn(service, 'execute');
  try {
    const response = await request();
    expect(response.status).toBe(200);
    const body = await response.text();
    const of = (calls: unknown[][], at: number) => calls.map((c) => [(c[at] as { name: string }).name, JSON.stringify(c[at + 1])]).filter(([name]) => name === 'explore/spend_by').map(([, params]) => params);
    return { asked: of(runOn.mock.calls, 1), ran: of(execute.mock.calls, 3), body };
  } finally {
    runOn.mockRestore();
    execute.mockRestore();
  }
}

/** Each data-value of a table row, by cell. */
function rowValues(html: string): Map<string, string[]> {
  const table = tableHtml(html, 'explore-table');
  const rows = [...table.matchAll(/<tr[^>]*>([^]*?)<\/tr>/g)].slice(1).map((m) => [...m[1].matchAll(/<t[dh]([^>]*)>([^]*?)<\/t[dh]>/g)]);
  return new Map(rows.map((cells) => [textOf(cells[0][2]), cells.slice(1).map((c) => /data-value="([^"]*)"/.exec(c[1])?.[1] ?? '')]));
}

describe('Explore runs each distinct explore/spend_by of a comparison once', () => {
  const { db } = tempStore();
  let app: CostlensApp | undefined;
  /** Each service's usage (BilledCost of the usage class) in 1–14 Nov and 1–14 Oct 2026, exact (SQL). */
  let usage: Map<string, { now: bigint; then: bigint }>;

  beforeAll(async () => {
    copyFileSync(await cachedDemoStore(inject('demoDir'), ['cur2']), db);
    const rows = await sqlRows(db, `SELECT ServiceName AS s,
        CAST(coalesce(sum(BilledCost) FILTER (WHERE ${within('2026-11-01', '2026-11-15')}), 0) AS VARCHAR) AS now,
        CAST(coalesce(sum(BilledCost) FILTER (WHERE ${within('2026-10-01', '2026-10-15')}), 0) AS VARCHAR) AS then
      FROM line_items WHERE x_ChargeClass = 'usage' AND ((${within('2026-11-01', '2026-11-15')}) OR (${within('2026-10-01', '2026-10-15')})) GROUP BY 1`);
    usage = new Map(rows.map((r) => [r.s!, { now: exactOf(r.now!), then: exactOf(r.then!) }]));
  });
  /** A fresh app (its caches empty) for every count. */
  const fresh = () => (app = appOn(db, { clock: () => DEMO_NOW }));
  afterEach(() => app?.close());

  it('the page of usage alone, compared: two spend_by requests (the range, the compared span), each run once; its figures are the usage SQL sums', async () => {
    const runs = await spendByRuns(fresh(), () => page(app!, `${MTD}&charge_class=usage`));
    expect(runs.asked.length).toBe(2);
    expect(runs.ran.length).toBe(2);
    expect(new Set(runs.ran).size).toBe(2);
    expect(runs.ran.map((p) => [JSON.parse(p).start, JSON.parse(p).charge_classes, JSON.parse(p).top]).sort()).toEqual([['2026-10-01', '["usage"]', '500'], ['2026-11-01', '["usage"]', '25']]);
    const rows = rowValues(runs.body);
    const total = [...usage.values()].reduce((s, v) => ({ now: s.now + v.now, then: s.then + v.then }), { now: 0n, then: 0n });
    expect([total.now, total.then]).toEqual([exactOf('14016.4511146609'), exactOf('12832.2342929130')]);
    for (const [service, { now, then }] of usage) {
      if (now === 0n && then === 0n) continue;
      expect(rows.get(service)!.slice(0, 3).map(exactOf), service).toEqual([now, then, now - then]);
    }
    expect(rows.get('Total')!.slice(0, 3).map(exactOf)).toEqual([total.now, total.then, total.now - total.then]);
    expect(textOf(/id="explore-change">([^]*?)<\/span>\s*<\/p>/.exec(runs.body)![1])).toBe('usage: +$1,184.22 (+9.23%)');
  });

  it('by usage type (more values than the 25 shown): its "Other" row takes the rest of both spans, each column adding up to the usage SQL sums', async () => {
    const runs = await spendByRuns(fresh(), () => page(app!, `${MTD.replace('dimension=service', 'dimension=usage_type')}&charge_class=usage`));
    expect([runs.asked.length, runs.ran.length]).toEqual([2, 2]);
    const rows = rowValues(runs.body);
    const other = [...rows.keys()].find((k) => /^Other \(\d+ more\)$/.test(k));
    expect(other).toBeDefined();
    const total = [...usage.values()].reduce((s, v) => ({ now: s.now + v.now, then: s.then + v.then }), { now: 0n, then: 0n });
    expect(rows.get('Total')!.slice(0, 3).map(exactOf)).toEqual([total.now, total.then, total.now - total.then]);
    const body = [...rows].filter(([k]) => k !== 'Total');
    for (const k of [0, 1, 2]) expect(body.reduce((s, [, v]) => s + exactOf(v[k]), 0n), String(k)).toBe(exactOf(rows.get('Total')![k]));
  });

  it('its CSV (explore/spend_compared), with the page\'s top and with the default: two requests, two runs, the same rows as the page', async () => {
    for (const top of ['&top=500', '']) {
      const runs = await spendByRuns(fresh(), () => Promise.resolve(app!.request(`${CSV}&${USAGE_ALONE}${top}&format=csv`)));
      expect([runs.asked.length, runs.ran.length, new Set(runs.ran).size], top).toEqual([2, 2, 2]);
      const [header, ...rows] = parseCsvRecords(runs.body);
      const at = (name: string) => header.indexOf(name);
      expect(rows.length).toBe([...usage.values()].filter((u) => u.now !== 0n || u.then !== 0n).length);
      for (const r of rows) {
        const u = usage.get(r[0])!;
        expect([r[at('cost')], r[at('compared_cost')], r[at('usage_cost')], r[at('compared_usage_cost')], r[at('change')]].map(exactOf), r[0]).toEqual([u.now, u.then, u.now, u.then, u.now - u.then]);
        expect(r[at('compared_on')], r[0]).toBe('usage');
      }
      app!.close();
    }
  });

  it('a view of every charge class asks four distinct ones, each once: both spans, then their usage alone (as before)', async () => {
    const runs = await spendByRuns(fresh(), () => page(app!, MTD));
    expect([runs.asked.length, runs.ran.length, new Set(runs.ran).size]).toEqual([4, 4, 4]);
    expect(runs.ran.map((p) => [JSON.parse(p).start, JSON.parse(p).charge_classes, JSON.parse(p).top]).sort()).toEqual([
      ['2026-10-01', '["usage"]', '500'], ['2026-10-01', '[]', '500'], ['2026-11-01', '["usage"]', '500'], ['2026-11-01', '[]', '25'],
    ]);
    const csv = await spendByRuns(fresh(), () => Promise.resolve(app!.request(`${CSV}&top=500&format=csv`)));
    expect([csv.asked.length, csv.ran.length, new Set(csv.ran).size]).toEqual([4, 4, 4]);
    // The page's table and the CSV read one helper's rows: the same usage in both spans, row by row.
    const rows = rowValues(runs.body);
    const [header, ...lines] = parseCsvRecords(csv.body);
    for (const r of lines) {
      const u = usage.get(r[0]) ?? { now: 0n, then: 0n };
      expect([exactOf(r[header.indexOf('usage_cost')]), exactOf(r[header.indexOf('compared_usage_cost')])], r[0]).toEqual([u.now, u.then]);
      expect(rows.get(r[0])!.slice(2, 4).map(exactOf), r[0]).toEqual([u.now, u.then]);
    }
  });
});
