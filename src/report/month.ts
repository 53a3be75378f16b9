/**
 * Month to date and month-end forecast for the report: the month containing the last day the report
 * covers (the week's Sunday, or the last billing day when the data ends earlier), up to that day: the
 * report is as of its week, so a report of an earlier week reads as it did then (days the store holds
 * after the week are the next report's; the Overview shows the month through the data horizon). The month to date is
 * summed exactly from the store; the forecast and its low/high band come from forecastMonthEnd as
 * of the same day, each rounded once to the cent as `costlens forecast` prints them, and the
 * projection shown is the forecast shown less the month to date shown (so the printed figures add
 * up and agree with the CLI's). Days the store does not hold are left out of the month to date and
 * projected by the forecast, so the projection shown covers them too. Days of the month before the
 * store's first charge day are in neither: both cover the month from that day (`coversFrom`), as
 * `costlens forecast` does, and the section names those days as not in the store. When the
 * forecast's trend runs far from the recent level, one caveat line gives the month at the recent
 * rate (src/analyze/forecast/trend-caveat.ts): BilledCost's, else EffectiveCost's. A delivery that has
 * ended inside the month while another's data runs on is in the month to date but not in the run-rate
 * (src/analyze/forecast/ended-sources.ts), and the section says so, as `costlens forecast` does.
 */
import { centsOfUnits } from '../lib/money.ts';
import { addDays, dayRange, monthStart, storeDays, type BillingDaySpan } from '../analyze/billing-calendar.ts';
import { dayInStore } from '../lib/store-days.ts';
import { daysBeforeStoreData, forecastMonthEnd, trendCaveat, type CostForecast } from '../analyze/forecast/index.ts';
import type { ForecastConfig } from '../analyze/trends-config.ts';
import type { Engine } from '../engine/engine.ts';
import { runQuery } from '../engine/query-types.ts';
import { CostlensError } from '../errors.ts';
import { roundToCents } from '../analyze/attribution/index.ts';
import type { DataStatus, MonthFigures } from './model.ts';
import { isProvisionalDay } from './week-data.ts';
import { type IsoWeek, lastReportedDay } from './week.ts';

/**
 * Reads the month to date of the report week's month and forecasts its end, as of the report week's
 * last day with data (`span`: the report's days, ending at the data horizon or before a gap begun
 * inside the week). Its provisional days are `provisional`'s (the report's data status: isProvisionalDay,
 * up to the data horizon they count back from; null: none); its partial days the forecast's.
 */
export async function monthFigures(engine: Engine, config: ForecastConfig, week: IsoWeek, span: BillingDaySpan,
  provisional: Pick<DataStatus, 'provisionalFrom' | 'provisionalTo' | 'lastDay'> | null): Promise<MonthFigures> {
  const through = lastReportedDay(week, span);
  const month = through.slice(0, 7);
  const first = monthStart(through);
  const before = daysBeforeStoreData(first, through, span.firstDay);
  const rows = through >= first ? await runQuery(engine, 'trends/daily_spend', { from: first, to: addDays(through, 1) }) : [];
  const sum = (column: 'billed_cost' | 'effective_cost') => roundToCents({ num: rows.reduce((s, r) => s + (r[column] ?? 0n), 0n), den: 1n });
  const mtd = { billed: sum('billed_cost'), effective: sum('effective_cost') };
  const provisionalDays = rows.map((r) => r.day!).filter((d) => provisional !== null && isProvisionalDay(provisional, d));
  const none = (billed: bigint) => ({ mtd: billed, projected: null, forecast: null, low: null, high: null });
  if (through < first || through < span.firstDay) {
    return { month, through, billed: none(mtd.billed), effective: none(mtd.effective), noForecast: `no billing data in ${month} up to ${through}`, trendCaveat: null, provisionalDays, partialDays: [], partialDaysFitted: [], missingDays: [], expectationsFrom: null, expectationsWhyNot: null, endedSources: [], ...before };
  }
  try {
    const f = await forecastMonthEnd(engine, config, { asOf: through });
    // One caveat line: BilledCost's (the e-mail's headline measure), else EffectiveCost's; the command as of the day the forecast is.
    const caveat = [f.billed, f.effective].map((c) => trendCaveat(c, { command: `costlens forecast --as-of ${through}` })).find((line) => line !== null) ?? null;
    return { month, through, billed: shownForecast(mtd.billed, f.billed), effective: shownForecast(mtd.effective, f.effective), noForecast: null, trendCaveat: caveat, provisionalDays, partialDays: f.partialDays, partialDaysFitted: f.partialDaysFitted, missingDays: f.missingDays, expectationsFrom: f.expectationsFrom, expectationsWhyNot: f.expectationsWhyNot, endedSources: f.endedSources, ...before };
  } catch (error) {
    if (!(error instanceof CostlensError) || error.code !== 'input') throw error;
    // Without a forecast the days of the month the store does not hold are still named, never counted as $0.00.
    const store = { ...(await storeDays(engine, span)), lastDay: span.lastDay };
    const missingDays = dayRange(before.coversFrom, through).filter((d) => !dayInStore(d, store));
    return { month, through, billed: none(mtd.billed), effective: none(mtd.effective), noForecast: error.message, trendCaveat: null, provisionalDays, partialDays: [], partialDaysFitted: [], missingDays, expectationsFrom: null, expectationsWhyNot: null, endedSources: [], ...before };
  }
}

/**
 * One cost's row of the month section, in cents: the month to date shown (`mtdCents`), the forecast
 * and its band as `costlens forecast` prints them (each exact total rounded once), and the
 * projection as the forecast shown less the month to date shown, so the row adds up.
 */
export function shownForecast(mtdCents: bigint, forecast: Pick<CostForecast, 'forecast' | 'low' | 'high'>): MonthFigures['billed'] {
  const total = centsOfUnits(forecast.forecast);
  return { mtd: mtdCents, projected: total - mtdCents, forecast: total, low: centsOfUnits(forecast.low), high: centsOfUnits(forecast.high) };
}
