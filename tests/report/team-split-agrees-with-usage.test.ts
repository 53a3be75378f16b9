/**
 * The engineering e-mail's "Spend by team" split is read from tag_spend_daily (attribution) and its
 * "Usage" rows from daily_spend (the charge-class rollup). Both roll up the same line items with the
 * same charge class (x_ChargeClass, decided once at ingest) and the same UTC charge days, and each
 * total is rounded once from its exact sum, so the split's Total row is the Usage row, to the cent,
 * this week, last week and in EffectiveCost: checked on the demo for 2026-W44 (it holds 1 Nov, when
 * the month's fees and tax post), W45, and W46, whose data ends on Saturday 14 Nov (6 days compared
 * with the same 6 days of W45). The figures are SQL sums of the usage lines over the same days.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadInstanceCatalogue, type InstanceCatalogue } from '../../src/catalogue/ec2.ts';
import { DuckDBEngine } from '../../src/engine/duckdb-engine.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { buildWeeklyReports } from '../../src/report/build.ts';
import { layoutReport } from '../../src/report/layout.ts';
import { sharingReads } from '../../src/engine/shared-reads.ts';
import { renderText } from '../../src/report/text.ts';
import { parseIsoWeek } from '../../src/report/week.ts';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { storeReader, type StoreReader } from '../helpers/read-only-sql-session.ts';
import { USAGE_LINE, centsOf, demoConfigs, readTruth, usd } from './helpers.ts';
import { textRow as tableRow } from './text-tables.ts';

/** Each week, the days it compares (to the day before `end`) and the same days of the week before. */
const WEEKS = [
  { label: '2026-W44', from: '2026-10-26', to: '2026-11-02', lastFrom: '2026-10-19', lastTo: '2026-10-26' },
  { label: '2026-W45', from: '2026-11-02', to: '2026-11-09', lastFrom: '2026-10-26', lastTo: '2026-11-02' },
  { label: '2026-W46', from: '2026-11-09', to: '2026-11-15', lastFrom: '2026-11-02', lastTo: '2026-11-08' },
];

/** The cells of the first table row of the text part after `after` whose first cell is `label` (text-tables.ts). */
function textRow(text: string, label: string, after = ''): string[] {
  const row = tableRow(text, label, after);
  expect(row, `a row "${label}" after "${after}"`).toBeDefined();
  return row!;
}

describe('the engineering e-mail: the team split\'s total is the usage row, to the cent', () => {
  const demoDir = inject('demoDir');
  /** The shared demo ingested (cur2, metrics, inventory): the cached store itself, which the tests only read. */
  let db: string;
  let configs: ReturnType<typeof demoConfigs>;
  let catalogue: InstanceCatalogue;
  /** The store's engine, opened once for the three reports. */
  let opened: DuckDBEngine;
  /** It, with each named query's rows kept for the next report that runs it with the same parameters (engine/shared-reads.ts, as one report's sections share them). */
  let engine: Engine;
  let reader: StoreReader;

  beforeAll(async () => {
    db = await cachedDemoStore(demoDir, ['cur2', 'metrics.csv', 'inventory.csv']);
    configs = demoConfigs(readTruth(demoDir));
    catalogue = loadInstanceCatalogue();
    opened = await DuckDBEngine.open(db);
    engine = sharingReads(opened);
    reader = storeReader(db);
  });

  afterAll(async () => {
    await reader?.close();
    await opened?.close();
  });

  /** The SQL sums of the usage lines of [from, to), each span summed once for the file. */
  const sums = new Map<string, Promise<{ billed: bigint; effective: bigint }>>();
  const usageSum = (from: string, to: string) => {
    const key = `${from} ${to}`;
    if (!sums.has(key)) {
      sums.set(key, reader.rows(`SELECT CAST(round(sum(BilledCost), 2) AS VARCHAR) AS billed, CAST(round(sum(EffectiveCost), 2) AS VARCHAR) AS effective FROM line_items
        WHERE ChargePeriodStart >= TIMESTAMP '${from}' AND ChargePeriodStart < TIMESTAMP '${to}' AND ${USAGE_LINE}`)
        .then(([r]) => ({ billed: centsOf(r.billed), effective: centsOf(r.effective) })));
    }
    return sums.get(key)!;
  };

  it.each(WEEKS)('$label: the Usage rows and the team split\'s Total read the same cents, as SQL sums them', async (w) => {
    const now = await usageSum(w.from, w.to);
    const before = await usageSum(w.lastFrom, w.lastTo);
    const built = await buildWeeklyReports(engine, configs, catalogue, { week: parseIsoWeek(w.label), audiences: [{ kind: 'engineering' }] });
    const report = built.reports[0];
    const split = report.split.rows.reduce((t, r) => ({ billed: t.billed + r.current, previous: t.previous + r.previous, effective: t.effective + r.effective }), { billed: 0n, previous: 0n, effective: 0n });
    expect([report.usage!.billed.current, report.usage!.billed.previous, report.usage!.effective.current]).toEqual([now.billed, before.billed, now.effective]);
    expect([split.billed, split.previous, split.effective]).toEqual([now.billed, before.billed, now.effective]);

    const text = renderText(layoutReport(report, '[costlens]'));
    const usage = textRow(text, 'Usage (BilledCost)');
    const effective = textRow(text, 'Usage (EffectiveCost)');
    const total = textRow(text, 'Total', 'Spend by team (team)');
    expect(usage.slice(1, 3)).toEqual([usd(now.billed), usd(before.billed)]);
    expect([total[1], total[2], total.at(-1)]).toEqual([usage[1], usage[2], effective[1]]);
  });

  it('the figures: W44 $7,076.10 (last week $6,834.85), W45 $6,949.85 ($7,076.10), W46 $6,041.49 against $5,944.50 for the same 6 days', async () => {
    const sums = await Promise.all(WEEKS.map(async (w) => [(await usageSum(w.from, w.to)).billed, (await usageSum(w.lastFrom, w.lastTo)).billed]));
    expect(sums).toEqual([[707610n, 683485n], [694985n, 707610n], [604149n, 594450n]]);
  });
});
