/**
 * An anomaly event's drivers, as the weekly e-mail and the anomaly alert list them, leave out a
 * driver whose change shows as $0.00 (it moved less than half a cent) and end with the others
 * together, so the lines add up to the impact shown. On the real 2018 files, AWS Glue's drop from
 * 21 Nov 2018 is its two dev endpoints (−$344.38 and −$341.39 to 27 Nov); the analyser's third
 * largest driver, EU-Catalog-Request, moved $0.00 and was listed as such ("EU-Catalog-Request
 * $0.00"), and the e-mail had no line for the rest, so its listed drivers did not add up to the
 * impact when the rest moved. The expected figures: the event's drivers as `findAnomalyEvents`
 * gives them (the analyser the e-mail and the alert read), and the event's spend by SQL.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { analysisConfigSchema } from '../../src/analyze/config.ts';
import { findAnomalyEvents } from '../../src/analyze/anomalies/index.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { loadInstanceCatalogue } from '../../src/catalogue/ec2.ts';
import { anomalyAlertSource } from '../../src/report/alerts-anomaly-source.ts';
import { buildWeeklyReports } from '../../src/report/build.ts';
import { reportConfigSchema } from '../../src/report/config.ts';
import { dataWarnings } from '../../src/report/layout-data-warnings.ts';
import { layoutReport } from '../../src/report/layout.ts';
import { parseIsoWeek } from '../../src/report/week.ts';
import { REAL_NOV_2018, REAL_OCT_2018, sqlRows } from '../helpers/cli.ts';
import { storeCopy } from '../helpers/cached-stores.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { centsOf, reportCli } from './helpers.ts';

const GLUE = 'service:AWS Glue:2018-11-21';

/** `−$246.94` / `+$1.20` / `$0.00` → cents. */
function centsOfShown(text: string): bigint {
  const negative = text.startsWith('−');
  const c = BigInt(text.replace(/[−+$,.]/g, ''));
  return negative ? -c : c;
}

describe('anomaly drivers on the real 2018 files: none listed at $0.00, the others together, adding up to the impact shown', () => {
  let db: string;

  beforeAll(async () => {
    ({ db } = await storeCopy([[REAL_OCT_2018], [REAL_NOV_2018]]));
  }, 600_000);

  it('the weekly e-mail of 2018-W47: AWS Glue −$489.95 is −$246.94 and −$243.01, then "5 other drivers $0.00"; EU-Catalog-Request ($0.00) is not listed', async () => {
    // What the e-mail reads: the events of the week and the 14 days before it, to Sunday 25 Nov, 3 resource drivers each.
    const found = await withEngine(db, (engine) => findAnomalyEvents(engine, { config: analysisConfigSchema.parse({}).anomalies, asOf: '2018-11-25', days: 21, cost: 'billed', top: 3 }));
    const event = found.events.find((e) => e.id === GLUE)!;
    expect(event.drivers.resources.map((d) => [d.usageType, d.change])).toEqual([
      ['USE1-DEVED-DPU-Hour', '-246.94'], ['USE1-DEVED-DPU-Hour', '-243.01'], ['EU-Catalog-Request', '0.00'],
    ]);
    expect([event.rest.resources.drivers, event.rest.resources.change, event.parts.change]).toEqual([4, '0.00', '-489.95']);
    const [spend] = await sqlRows(db, `SELECT CAST(round(coalesce(sum(BilledCost), 0), 2) AS VARCHAR) AS v FROM line_items
      WHERE ServiceName = 'AWS Glue' AND x_ChargeClass = 'usage' AND ChargePeriodStart >= TIMESTAMP '2018-11-21' AND ChargePeriodStart < TIMESTAMP '2018-11-26'`);
    expect(centsOf(spend.v)).toBe(0n);

    const out = scratchDir();
    const run = await reportCli(db, {}, 'weekly', '--week', '2018-W47', '--audience', 'finance', '--out', out);
    expect(run.code, run.stderr).toBe(0);
    const text = (await simpleParser(readFileSync(join(out, '2018-W47-finance.eml')))).text!;
    // No day of 19–25 Nov 2018 is provisional (the store's are 28–30 Nov): no bar of the daily chart is lighter, and its note says none is (it said "Lighter bars are provisional days").
    expect(text).toContain('\nUsage BilledCost per day (fees, tax and credits left out).\n');
    expect(text).not.toContain('Lighter bars');
    const section = text.split('\nNew anomalies\n-------------\n')[1].split('\n\nRuns of days')[0];
    const lead = section.split('\n').findIndex((l) => l.startsWith('AWS Glue  '));
    expect(section.split('\n')[lead].trim().split(/\s{2,}/)).toEqual(['AWS Glue', '21 Nov – ongoing', '$0.00', '$489.95', '−$489.95']);
    const after = section.split('\n').slice(lead + 1);
    const detail = after.slice(0, after.findIndex((l) => !l.startsWith('    '))).map((l) => l.trim()).join(' ');
    const lines = detail.split('; ');
    expect(lines.map((l) => /[−+]?\$[\d,]+\.\d\d(?= \(|$)/.exec(l)![0])).toEqual(['−$246.94', '−$243.01', '$0.00']);
    // The dev endpoint named by the last part of its ARN (arn:aws:glue:us-east-1:836060457634:devEndpoint/CUR-NoKey), as the Overview names it.
    expect(lines[0]).toBe('CUR-NoKey (USE1-DEVED-DPU-Hour) −$246.94 (gone −$246.94)');
    expect(lines[2]).toBe('5 other drivers $0.00');
    expect(detail).not.toContain('EU-Catalog');
    expect(lines.reduce((s, l) => s + centsOfShown(/[−+]?\$[\d,]+\.\d\d(?= \(|$)/.exec(l)![0]), 0n)).toBe(-48995n);
  });

  it('the e-mail\'s provisional days (daily chart, alert, subject) are the last anomalies.provisionalDays complete days, as the Overview\'s, not forecast.provisionalDays', async () => {
    // The data horizon, 30 Nov 2018 (a Friday of 2018-W48): the last day of usage in the store.
    const [horizon] = await sqlRows(db, `SELECT CAST(max(CAST(ChargePeriodStart AS DATE)) AS VARCHAR) AS day FROM line_items WHERE x_ChargeClass = 'usage'`);
    expect(horizon.day).toBe('2018-11-30');
    const configs = { ...analysisConfigSchema.parse({ anomalies: { provisionalDays: 3 }, forecast: { provisionalDays: 1 } }), report: reportConfigSchema.parse({}) };
    const { reports: [finance] } = await withEngine(db, (engine) => buildWeeklyReports(engine, configs, loadInstanceCatalogue(), { week: parseIsoWeek('2018-W48'), audiences: [{ kind: 'finance' }] }));
    // With forecast.provisionalDays read, only 30 Nov was provisional.
    expect(finance.status.provisionalDays).toEqual(['2018-11-28', '2018-11-29', '2018-11-30']);
    expect(finance.daily.filter((d) => d.provisional).map((d) => d.day)).toEqual(['2018-11-28', '2018-11-29', '2018-11-30']);
    expect(finance.month!.provisionalDays).toEqual(['2018-11-28', '2018-11-29', '2018-11-30']);
    expect(dataWarnings(finance)).toContain('Provisional: 28–30 Nov 2018, treated as provisional: costlens counts them back from the data horizon (anomalies.provisionalDays), whatever the invoice: billing period 2018-11 is invoiced, final in costlens status.');
    expect(layoutReport(finance, '[costlens]').sections.find((s) => s.id === 'daily')!.notes)
      .toEqual(['Usage BilledCost per day (fees, tax and credits left out). Lighter bars are the provisional days (28–30 Nov 2018).']);
  });

  it('the anomaly alert of the same drop (as of 30 Nov): its drivers are the two dev endpoints, the rest 6 drivers of $0.00, adding up to the drivers\' total', async () => {
    const candidates = await withEngine(db, (engine) => anomalyAlertSource.candidates({ engine, config: analysisConfigSchema.parse({}), publicUrl: null, topDrivers: 3 }));
    const glue = candidates.find((c) => c.subjectKey === GLUE)!;
    expect(glue.drivers.map((d) => [d.label, d.change])).toEqual([
      ['USE1-DEVED-DPU-Hour › arn:aws:glue:us-east-1:836060457634:devEndpoint/CUR-NoKey', '-344.38'],
      ['USE1-DEVED-DPU-Hour › arn:aws:glue:us-east-1:836060457634:devEndpoint/testing', '-341.39'],
    ]);
    expect(glue.rest).toEqual({ drivers: 6, change: '0.00' });
    expect(glue.driversTotal).toBe('-685.77');
    expect(glue.drivers.reduce((s, d) => s + centsOf(d.change), centsOf(glue.rest!.change))).toBe(centsOf(glue.driversTotal));
    // Every anomaly alert: no listed driver at $0.00, and the lines add up.
    for (const c of candidates) {
      expect(c.drivers.filter((d) => d.change === '0.00'), c.subjectKey).toEqual([]);
      expect(c.drivers.reduce((s, d) => s + centsOf(d.change), centsOf(c.rest?.change ?? '0.00')), c.subjectKey).toBe(centsOf(c.driversTotal));
    }
  });
});
