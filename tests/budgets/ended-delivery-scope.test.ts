/**
 * A budget's forecast beside a delivery that has ended (src/analyze/budgets/ended-fit.ts), by its scope: the legacy CUR of
 * Nov 2023 (aws/123412340534, data to 13 Nov 2023) beside the FOCUS sample moved back 10 months (1–30 Nov 2023).
 * - A budget of the CUR's account alone had no forecast as of 20 Nov ("no usage in scope in the 28 days"), though its
 *   scope holds $1.68 of usage: the CUR's lines were left out and nothing was left. Its forecast is now its actual.
 * - A budget of `environment=dev` (a tag the CUR never carries) was told the CUR's "lines count in the actual": only a
 *   budget whose actual holds the ended delivery's lines is told so, as a team's e-mail is.
 * - evaluateBudget (one budget) never left the CUR out: it now reads the store's deliveries as evaluateBudgets does.
 * - The budgets and `costlens forecast` read one fit window (forecast/fit-window.ts): with 57 fit days, the real Oct 2018 CUR
 *   (data to 31 Oct) beside the FOCUS sample moved to Dec 2018, as of 29 Dec (its last 3 days provisional), both leave the
 *   CUR out; the budget fitted its 31 Oct (day − fitDays missed the provisional days) and forecast $19.45, not $22.80.
 * - Provisional days cut the fit (as of 29 Nov: 28–30 Nov provisional, the fit 31 Oct – 27 Nov): the basis said "in the 28 days up
 *   to 2023-11-29"; it names the fit window's days (daySpan), as `costlens forecast` names its fitted days.
 * Every figure is checked by DuckDB on the files; the cents of a forecast by tests/helpers/shown-cents-rule.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { budgetsNotes, evaluateBudget, evaluateBudgets, type BudgetsReport } from '../../src/analyze/budgets/index.ts';
import { billingDaySpan } from '../../src/analyze/billing-calendar.ts';
import { forecastMonthEnd } from '../../src/analyze/forecast/index.ts';
import { parseConfig } from '../../src/config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { toUnits, UNITS_PER_CENT } from '../../src/lib/money.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_LEGACY_CSV, REAL_OCT_2018, duckdbRows } from '../helpers/cli.ts';
import { billedOf, focusMovedBack, legacyBesideFocusStores } from '../helpers/ended-delivery-files.ts';
import { cents, exactOf, roundCents } from '../helpers/shown-cents-rule.ts';

const LEGACY = 'aws/123412340534';
const ENDED = `the data of ${LEGACY} ends on 13 Nov 2023, more than 7 days before the store's latest data (that delivery has ended)`;
const NO_REFERENCE = 'with no recurring fees or tax expected, as the month before (Oct 2023) is not in the store: the store\'s billing data begins on 1 Nov 2023';

/** Every line's BilledCost of the legacy CUR charged 1 Nov to `to`, exact, by DuckDB on the CSV. */
async function legacyBilled(to: string): Promise<string> {
  const [row] = await duckdbRows(`SELECT CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) AS VARCHAR) AS billed FROM read_csv($legacy, all_varchar = true)
    WHERE CAST(CAST("lineItem/UsageStartDate" AS TIMESTAMP) AS DATE) BETWEEN DATE '2023-11-01' AND CAST($to AS DATE)`, { legacy: REAL_LEGACY_CSV, to });
  return row.billed!;
}

const budgetsOf = (db: string, scope: object, asOf: string, amount = 3000): Promise<BudgetsReport> =>
  withEngine(db, (engine) => evaluateBudgets(engine, parseConfig({ budgets: [{ name: 'scoped', amount, scope }] }), { asOf }));

describe('budgets by scope: the legacy CUR of Nov 2023, which has ended, beside the FOCUS sample moved to Nov 2023', () => {
  let two: string;
  let focusAlone: string;
  let focus: string;
  beforeAll(async () => {
    ({ focus, two, focusAlone } = await legacyBesideFocusStores());
  }, 300_000);

  it('the CUR\'s account as of 20 Nov: its forecast is its actual, $1.68, nothing projected, said so, the forecast threshold judged (it had none: "no usage in scope")', async () => {
    const held = await legacyBilled('2023-11-20');
    expect(held).toBe('1.6823086974');
    for (const [amount, crossed] of [[3000, false], [1.5, true]] as const) {
      const report = await budgetsOf(two, { accounts: ['123412340534'] }, '2023-11-20', amount);
      const [status] = report.statuses;
      expect([status.actual, status.forecast]).toEqual([toUnits(held), cents(held) * UNITS_PER_CENT]);
      expect(status.forecast).toBe(168n * UNITS_PER_CENT);
      expect(status.forecastBasis).toBe(`the actual to 2023-11-20, with nothing projected: the usage in scope in the 20 days of its fit window the store holds (1–20 Nov 2023) is only that of ${LEGACY}, `
        + `a delivery that has ended, ${NO_REFERENCE}; ${ENDED}: its lines count in the actual, but it is not fitted and nothing more of it is projected or expected`);
      expect(status.thresholds.find((t) => t.basis === 'forecast')!.crossed).toBe(crossed);
      expect(budgetsNotes(report)).toContain(`Delivery ended: ${ENDED}: the forecast of scoped counts its lines in the actual, but does not fit them, and nothing more of it is projected or expected.`);
    }
  }, 300_000);

  it('as of 29 Nov, provisional days (28–30 Nov) cut the fit: the basis names the days of its window (31 Oct – 27 Nov) the store holds, 1–27 Nov 2023 (it said "the 28 days up to 2023-11-29", then named 31 Oct, a day the store never held)', async () => {
    // The store's data horizon is the FOCUS file's last charge day, 30 Nov 2023 (DuckDB on the file); with forecast.provisionalDays 3, 28–30 Nov
    // are provisional, so the fit of a forecast as of 29 Nov ends on 27 Nov and its 28 days begin on 31 Oct.
    const [file] = await duckdbRows('SELECT CAST(max(CAST(ChargePeriodStart AS DATE)) AS VARCHAR) AS last FROM read_parquet($focus)', { focus });
    expect(file.last).toBe('2023-11-30');
    const configs = parseConfig({ budgets: [{ name: 'cur', amount: 3000, scope: { accounts: ['123412340534'] } }, { name: 'typo', amount: 30, scope: { services: ['Amazon Elastic Compute Clod'] } }] });
    const report = await withEngine(two, (engine) => evaluateBudgets(engine, configs, { asOf: '2023-11-29' }));
    const [cur, typo] = report.statuses;
    expect([cur.actual, cur.forecast]).toEqual([toUnits(await legacyBilled('2023-11-29')), 168n * UNITS_PER_CENT]);
    expect(cur.forecastBasis).toBe(`the actual to 2023-11-29, with nothing projected: the usage in scope in the 27 days of its fit window the store holds (1–27 Nov 2023) is only that of ${LEGACY}, `
      + `a delivery that has ended, ${NO_REFERENCE}; ${ENDED}: its lines count in the actual, but it is not fitted and nothing more of it is projected or expected`);
    expect(typo.forecastBasis).toBe('no forecast: no usage in scope in the 27 days of its fit window the store holds (1–27 Nov 2023) to project, and no recurring fees or tax expected: '
      + 'the month before (Oct 2023) is not in the store: the store\'s billing data begins on 1 Nov 2023');
  }, 300_000);

  it('environment=dev (the CUR carries no tag) as of 20 and 26 Nov: the forecast and basis of the FOCUS file alone, no word of the CUR', async () => {
    const files = { curs: [], focus };
    for (const asOf of ['2023-11-20', '2023-11-26']) {
      const [report, alone] = await Promise.all([two, focusAlone].map((db) => budgetsOf(db, { tag: { key: 'environment', values: ['dev'] } }, asOf)));
      const [status] = report.statuses;
      expect(status.actual).toBe(toUnits(await billedOf(files, '2023-11-01', asOf, { of: 'focus', charges: 'all', environment: { cur: '', focus: 'dev' } })));
      expect([status.actual, status.forecast, status.forecastBasis]).toEqual([alone.statuses[0].actual, alone.statuses[0].forecast, alone.statuses[0].forecastBasis]);
      expect(status.forecastBasis).not.toContain(LEGACY);
      expect(status.forecastLeftOut).toBeUndefined();
      expect(budgetsNotes(report).filter((n) => n.startsWith('Delivery ended'))).toEqual([]);
    }
    // 7.1593215490 as of 20 Nov by DuckDB on the FOCUS file; $17.12 forecast.
    const [status] = (await budgetsOf(two, { tag: { key: 'environment', values: ['dev'] } }, '2023-11-20')).statuses;
    expect([status.actual, status.forecast]).toEqual([toUnits('7.1593215490'), 1712n * UNITS_PER_CENT]);
  }, 300_000);

  it('evaluateBudget (one budget) leaves the CUR out as evaluateBudgets does: the whole bill as of 20 Nov forecasts $28.60 (it read $28.80)', async () => {
    const configs = parseConfig({ budgets: [{ name: 'all', amount: 30 }] });
    const [one, report] = await withEngine(two, async (engine) => {
      const span = await billingDaySpan(engine);
      return Promise.all([evaluateBudget(engine, configs, configs.budgets[0], '2023-11-20', span, { firstDay: span.firstDay, gaps: [] }),
        evaluateBudgets(engine, configs, { asOf: '2023-11-20' })]);
    });
    expect([one.forecast, one.forecastBasis]).toEqual([report.statuses[0].forecast, report.statuses[0].forecastBasis]);
    expect(one.forecast).toBe(2860n * UNITS_PER_CENT);
  }, 300_000);
});

describe('one fit window: the real Oct 2018 CUR (data to 31 Oct) beside the FOCUS sample moved to Dec 2018, 57 fit days, as of 29 Dec', () => {
  it('the whole-bill budget forecasts $22.80 as `costlens forecast` does, fitted on 1–26 Dec without the CUR\'s 31 Oct (it read $19.45)', async () => {
    const focus = await focusMovedBack(69);
    const db = await cachedStore([[REAL_OCT_2018, focus]]);
    const configs = parseConfig({ forecast: { fitDays: 57 }, budgets: [{ name: 'all', amount: 100 }] });
    const [report, month] = await withEngine(db, async (engine) => Promise.all([evaluateBudgets(engine, configs), forecastMonthEnd(engine, configs.forecast, { asOf: '2018-12-29' })]));
    const [status] = report.statuses;
    // By DuckDB on the FOCUS file: every line of 1–29 Dec, and the least-squares line of its daily usage of 1–26 Dec carried to 30 and 31 Dec.
    const [files] = await duckdbRows(`WITH lines AS (SELECT CAST(ChargePeriodStart AS DATE) AS day, CAST(BilledCost AS DECIMAL(38,10)) AS billed,
        ChargeCategory NOT IN ('Tax', 'Credit', 'Adjustment', 'Purchase') AND coalesce(ChargeFrequency, '') <> 'Recurring' AND ChargePeriodEnd - ChargePeriodStart <= INTERVAL 1 DAY AS usage
        FROM read_parquet($focus)),
      points AS (SELECT date_diff('day', DATE '2018-12-01', day) AS x, CAST(sum(billed) AS DOUBLE) AS y FROM lines WHERE usage AND day <= DATE '2018-12-26' GROUP BY day),
      fit AS (SELECT regr_slope(y, x) AS b, regr_intercept(y, x) AS a, count(*) AS n FROM points)
      SELECT CAST(sum(billed) FILTER (WHERE day <= DATE '2018-12-29') AS VARCHAR) AS actual,
        CAST(round((SELECT sum(greatest(0, a + b * x)) FROM (VALUES (29), (30)) t(x), fit), 6) AS VARCHAR) AS projected, (SELECT n FROM fit) AS days
      FROM lines`, { focus });
    expect([files.actual, files.projected, Number(files.days)]).toEqual(['19.4503674277', '3.348231', 26]);
    expect([month.fitFrom, month.fitTo, month.fitDays, month.billed.projectedUsage]).toEqual(['2018-12-01', '2018-12-26', 26, toUnits(files.projected!)]);
    expect(status.actual).toBe(toUnits(files.actual!));
    expect(status.forecast).toBe(roundCents(exactOf(files.actual!) + exactOf(files.projected!)) * UNITS_PER_CENT);
    expect(status.forecast).toBe(2280n * UNITS_PER_CENT);
    expect(status.forecastBasis).toBe('the actual to 2018-12-29, plus the usage run-rate (linear, fitted on 26 days) over the 2 remaining days, '
      + 'with no recurring fees or tax expected, as the month before (Nov 2018) is not in the store: the store holds no billing data on 1–30 Nov 2018');
  }, 300_000);
});
