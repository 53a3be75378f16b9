/**
 * The weekly e-mail's month section and the budgets show the month-end forecast without the deliveries that have ended
 * (src/analyze/ended-delivery.ts endedLeftOutOfFit): the legacy CUR of Nov 2023 (aws/123412340534, data to 13 Nov 2023)
 * beside the FOCUS sample moved back 10 months (1–30 Nov 2023). The e-mail of 2023-W47 (20–26 Nov) read "Projected rest of
 * month $6.17" beside its "Delivery ended" warning, from a trend of 1–26 Nov over both deliveries; it now projects the
 * FOCUS export's run-rate alone ($6.23, the forecast of the FOCUS file alone) on top of both deliveries' month to date
 * ($17.36) and names the CUR under the basis, its partial day 14 Nov fitted without the CUR's lines. A whole-bill
 * budget as of 26 Nov forecasts the same $23.59 and says why.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { budgetsNotes, evaluateBudgets } from '../../src/analyze/budgets/index.ts';
import { loadInstanceCatalogue } from '../../src/catalogue/ec2.ts';
import { parseConfig } from '../../src/config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { toUnits, UNITS_PER_CENT } from '../../src/lib/money.ts';
import { buildWeeklyReports, type ReportConfigs } from '../../src/report/build.ts';
import { reportConfigSchema } from '../../src/report/config.ts';
import { monthLayoutSection } from '../../src/report/layout-month.ts';
import { parseIsoWeek } from '../../src/report/week.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_LEGACY_CSV, costlens, duckdbRows } from '../helpers/cli.ts';
import { focusMovedBack } from '../helpers/ended-delivery-files.ts';
import { cents, exactOf, roundCents } from '../helpers/shown-cents-rule.ts';

const LEGACY = 'aws/123412340534';
const ENDED = `Delivery ended: the data of ${LEGACY} ends on 13 Nov 2023, more than 7 days before the store's latest data (that delivery has ended): `;

/** Every line's BilledCost of both files charged 1 Nov to `to`, exact, by DuckDB: what the month holds. */
async function billedOnTheFiles(focus: string, to: string): Promise<string> {
  const [row] = await duckdbRows(`SELECT CAST(sum(billed) AS VARCHAR) AS billed FROM (
      SELECT CAST(CAST("lineItem/UsageStartDate" AS TIMESTAMP) AS DATE) AS day, CAST("lineItem/UnblendedCost" AS DECIMAL(38,10)) AS billed FROM read_csv($legacy, all_varchar = true)
      UNION ALL SELECT CAST(ChargePeriodStart AS DATE), CAST(BilledCost AS DECIMAL(38,10)) FROM read_parquet($focus))
    WHERE day BETWEEN DATE '2023-11-01' AND CAST($to AS DATE)`, { legacy: REAL_LEGACY_CSV, focus, to });
  return row.billed!;
}

describe('the e-mail\'s month section and the budgets: the legacy CUR of Nov 2023, which has ended, beside the FOCUS sample moved to Nov 2023', () => {
  let two: string;
  let focus: string;
  /** BilledCost projected usage of `costlens forecast --as-of` on a store of the FOCUS file alone, exact decimal text. */
  let focusProjected: (asOf: string) => Promise<string>;
  beforeAll(async () => {
    focus = await focusMovedBack(10);
    const alone = await cachedStore([[focus]]);
    two = await cachedStore([[REAL_LEGACY_CSV, focus]]);
    focusProjected = async (asOf) => {
      const [billed] = JSON.parse((await costlens(alone, 'forecast', '--as-of', asOf, '--format', 'json')).stdout) as { projectedUsage: string }[];
      return billed.projectedUsage;
    };
  }, 300_000);

  it('2023-W47: month to date $17.36 (both deliveries), projected rest $6.23 and forecast $23.59 (the FOCUS run-rate alone; it read $6.17), the CUR named under the basis', async () => {
    const configs: ReportConfigs = { ...parseConfig({}), report: reportConfigSchema.parse({}) };
    const [report] = (await withEngine(two, (engine) => buildWeeklyReports(engine, configs, loadInstanceCatalogue(), { week: parseIsoWeek('2023-W47'), audiences: [{ kind: 'finance' }] }))).reports;
    const month = monthLayoutSection(report.month!);
    // 17.3555221884 by DuckDB on the files; + 6.234705 of the FOCUS file's projected usage = 23.5902271884: $23.59, $6.23 on top of $17.36.
    const held = await billedOnTheFiles(focus, '2023-11-26');
    expect(held).toBe('17.3555221884');
    const forecast = roundCents(exactOf(held) + exactOf(await focusProjected('2023-11-26')));
    expect([cents(held), forecast]).toEqual([1736n, 2359n]);
    expect(month.tables[0].rows[0].slice(0, 4)).toEqual(['BilledCost', '$17.36', '$6.23', '$23.59']);
    expect(report.month!.endedSources.map((e) => [e.sources, e.lastDay, e.usageActual.billed])).toEqual([[[LEGACY], '2023-11-13', toUnits('1.6023086974')]]);
    expect(month.notes).toContain(`${ENDED}its usage in 2023-11, $1.60 BilledCost and $1.60 EffectiveCost, counts in the month to date, but it is not fitted and nothing more of it is projected or expected.`);
    // Its partial day, 14 Nov (usage to 04:00), is fitted on the FOCUS export's lines alone, as `costlens forecast` notes it: the section says so, not "not fitted".
    expect([report.month!.partialDays.map((p) => p.day), report.month!.partialDaysFitted]).toEqual([['2023-11-14'], ['2023-11-14']]);
    expect(month.paragraphs[0]).toBe('The days counted: 1–26 Nov 2023. '
      + `14 Nov 2023 is a partial day (the data of ${LEGACY} ends on 13 Nov 2023): counted as far as the store holds it, fitted by the forecast without the lines of ${LEGACY}.`);
  }, 300_000);

  it('a whole-bill budget as of 26 Nov (the e-mail\'s) forecasts $23.59, its basis and a note naming the CUR; as of 20 Nov $28.60 (it read $28.80)', async () => {
    const config = parseConfig({ budgets: [{ name: 'all', amount: 30 }] });
    for (const [asOf, forecastCents] of [['2023-11-26', 2359n], ['2023-11-20', 2860n]] as const) {
      const report = await withEngine(two, (engine) => evaluateBudgets(engine, config, { asOf }));
      const [status] = report.statuses;
      const held = await billedOnTheFiles(focus, asOf);
      expect(status.actual).toBe(toUnits(held));
      expect(roundCents(exactOf(held) + exactOf(await focusProjected(asOf)))).toBe(forecastCents);
      expect(status.forecast).toBe(forecastCents * UNITS_PER_CENT);
      expect(status.forecastBasis).toMatch(new RegExp(`; the data of ${LEGACY} ends on 13 Nov 2023, more than 7 days before the store's latest data \\(that delivery has ended\\): `
        + 'its lines count in the actual, but it is not fitted and nothing more of it is projected or expected$'));
      expect(budgetsNotes(report)).toContain(`${ENDED}the forecast of all counts its lines in the actual, but does not fit them, and nothing more of it is projected or expected.`);
    }
  }, 300_000);
});
