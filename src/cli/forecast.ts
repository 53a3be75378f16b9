import { COST_COLUMN } from '../analyze/anomalies/index.ts';
import { formatUnits, parseDay, toMicroGrid } from '../analyze/billing-calendar.ts';
import { treatedAsProvisional } from '../analyze/provisional-wording.ts';
import { plural, pluralNoun } from '../lib/text.ts';
import { FORECAST_NEED, forecastAfterHorizonNote, forecastMonthEnd, type CostForecast, type MonthForecast } from '../analyze/forecast/index.ts';
import { loadConfig } from '../config.ts';
import { withChosenEngine } from './engine-choice.ts';
import { resolveStorePath } from '../store/open.ts';
import type { Command } from './command.ts';
import { refusingWithoutDailyUsage } from './monthly-store-refusal.ts';
import { centsOfUnits, formatCents, fromUnits, UNITS_PER_CENT } from '../lib/money.ts';
import { daySpan, runsOfDays, shortDay } from '../lib/calendar.ts';
import { daysNotInStoreAre, runsText } from '../lib/store-days.ts';
import { descending } from '../lib/order.ts';
import { jsonRows } from '../lib/json-rows.ts';
import { renderTable, type TextTable } from '../lib/table.ts';
import { csvListCell } from '../lib/csv.ts';
import { expectedChargeNotes, expectedChargesJson, noteMoney } from './forecast-expected.ts';
import { bandNote, fitJson, levelShiftNotes, recentRateNotes } from './forecast-fit-notes.ts';
import { endedSourceColumns, endedSourceNotes, endedSourcesJson, partialDayForecastNote } from './forecast-ended.ts';
import { READER_FLAGS, outputFormat, parseCommandArgs, tableWidth } from './store-reader.ts';
import { readerOptions } from './common-options.ts';

const money = (v: bigint | undefined) => (v === undefined ? null : formatUnits(v));

/**
 * One row per cost measure; `brief` keeps the money columns only (for the aligned table). Each
 * figure is rounded once, to 6 decimals; posted_other is the printed mtd_actual less the printed
 * usage_actual (and the estimates sit on the 6-decimal grid), so the printed parts add up to the
 * printed totals: usage_actual + posted_other = mtd_actual, projected_usage + expected_other =
 * projected_remaining, mtd_actual + projected_remaining = forecast. The brief table's money is in
 * cents (forecastPartsInCents), with a `rounding` column when a row's parts need one.
 */
export function forecastTable(f: MonthForecast, brief = false): TextTable {
  const row = (c: CostForecast): Record<string, string | null> => ({ ...exactRow(c), ...(brief ? forecastPartsInCents(c) : {}) });
  const exactRow = (c: CostForecast): Record<string, string | null> => ({
    cost: COST_COLUMN[c.cost],
    month: f.month,
    as_of: f.asOf,
    days_in_month: String(f.daysInMonth),
    days_elapsed: String(f.daysElapsed),
    days_remaining: String(f.daysRemaining),
    ...(f.missingDays.length ? { days_missing: String(f.missingDays.length), missing_days: csvListCell(f.missingDays) } : {}),
    ...(f.daysBeforeData.length ? { covers_from: f.coversFrom, days_before_data: String(f.daysBeforeData.length) } : {}),
    provisional_days: String(f.provisionalDays.length),
    unfitted_days: String(f.unfittedDays.length),
    usage_actual: money(c.usageActual),
    posted_other: money(toMicroGrid(c.mtdActual) - toMicroGrid(c.usageActual)),
    mtd_actual: money(c.mtdActual),
    mtd_provisional: money(c.mtdProvisional),
    projected_usage: money(c.projectedUsage),
    expected_other: money(c.projectedRemaining - c.projectedUsage),
    projected_remaining: money(c.projectedRemaining),
    forecast: money(c.forecast),
    low: money(c.low),
    high: money(c.high),
    next_day_run_rate: money(c.nextDayRunRate),
    method: f.method,
    fit_from: f.fitFrom,
    fit_to: f.fitTo,
    fit_days: String(f.fitDays),
    ...endedSourceColumns(f, c),
  });
  const all = Object.keys(row(f.billed));
  const rounding = brief && forecastRounding(f) ? ['rounding'] : [];
  const columns = brief ? ['cost', 'usage_actual', 'posted_other', 'projected_usage', 'expected_other', ...rounding, 'forecast', 'low', 'high'] : all;
  const moneyColumns = ['usage_actual', 'posted_other', 'mtd_actual', 'mtd_provisional', 'projected_usage', 'expected_other', 'projected_remaining',
    'rounding', 'forecast', 'low', 'high', 'next_day_run_rate', 'ended_usage_actual'];
  const counts = ['days_in_month', 'days_elapsed', 'days_remaining', 'days_missing', 'days_before_data', 'provisional_days', 'unfitted_days', 'fit_days'];
  return {
    columns, rows: [f.billed, f.effective].map((c) => {
      const cells = row(c);
      return columns.map((k) => cells[k]);
    }), money: moneyColumns, optional: ['posted_other', 'expected_other'],
    kinds: Object.fromEntries(counts.map((c) => [c, 'integer'])),
  };
}

/** The money columns of the dollar table, in cents: {@link forecastPartsInCents}. */
type ForecastCentParts = Record<'usage_actual' | 'posted_other' | 'projected_usage' | 'expected_other' | 'rounding' | 'forecast', string>;

/**
 * The dollar table's parts in cents, adding up to the forecast rounded once. What the store holds
 * (usage so far, other charges posted) is measured: each is shown rounded once, half away from
 * zero. The cents those roundings and the forecast's leave go on the estimates (projected usage,
 * expected other charges): each is rounded once, then moved by the cents left, first the one whose
 * own rounding moved it furthest the other way; an estimate that is exactly zero stays $0.00. With
 * no estimate to carry them (the month is over), the cents left are `rounding`, else it is 0.00.
 */
export function forecastPartsInCents(c: CostForecast): ForecastCentParts {
  const forecast = centsOfUnits(c.forecast);
  const [usage, posted] = [c.usageActual, c.mtdActual - c.usageActual].map(centsOfUnits);
  const estimates = [c.projectedUsage, c.projectedRemaining - c.projectedUsage];
  const cents = estimates.map(centsOfUnits);
  let left = forecast - usage - posted - cents[0] - cents[1];
  // What each estimate's rounding lost (units; positive when it was rounded down).
  const lost = estimates.map((units, i) => units - cents[i] * UNITS_PER_CENT);
  const carriers = [0, 1].filter((i) => estimates[i] !== 0n);
  carriers.sort((a, b) => (left > 0n ? descending(lost[a], lost[b]) : descending(lost[b], lost[a])) || a - b);
  for (let i = 0; carriers.length > 0 && left !== 0n; i++) {
    const step = left > 0n ? 1n : -1n;
    cents[carriers[i % carriers.length]] += step;
    left -= step;
  }
  return {
    usage_actual: formatCents(usage),
    posted_other: formatCents(posted),
    projected_usage: formatCents(cents[0]),
    expected_other: formatCents(cents[1]),
    rounding: formatCents(left),
    forecast: formatCents(forecast),
  };
}

/** Every day of the month: actual (or provisional) spend up to as-of, then the projection and its band; a missing day up to as-of is projected too. */
export function forecastDailyTable(f: MonthForecast): TextTable {
  const columns = ['day', 'status', 'billed_cost', 'billed_low', 'billed_high', 'effective_cost', 'effective_low', 'effective_high'];
  return {
    columns,
    rows: f.days.map((d) => [d.day, d.status, money(d.billed), money(d.billedLow), money(d.billedHigh), money(d.effective), money(d.effectiveLow), money(d.effectiveHigh)]),
    money: columns.slice(2),
    optional: ['effective_low', 'effective_high', 'billed_low', 'billed_high'],
  };
}

/** Whether a cost's dollar parts carry a `rounding` (cents no estimate could take: see {@link forecastPartsInCents}). */
function forecastRounding(f: MonthForecast): boolean {
  return [f.billed, f.effective].some((c) => forecastPartsInCents(c).rounding !== '0.00');
}

/** The dollar table's note on its `rounding` column, when it has one. */
const ROUNDING_NOTE = 'rounding: the cents that usage_actual and posted_other, each rounded once, leave of the forecast rounded once, with no estimate to carry them.';

/**
 * The first note: the days the store holds and the days projected. Days missing up to as-of are
 * named and counted among the projected ones, never as $0.00.
 */
function monthNote(f: MonthForecast): string {
  const asOf = shortDay(f.asOf, true);
  const head = `Month ${f.month} as of ${asOf} (${f.asOfReason})`;
  const of = f.daysBeforeData.length ? `${f.daysElapsed + f.daysRemaining} days from ${shortDay(f.coversFrom, true)}` : `${f.daysInMonth} days`;
  const before = beforeDataNote(f);
  // A partial day (a delivery that has ended stops inside it) is counted, never called complete.
  const partial = f.partialDays.map((p) => p.day);
  const counted = partial.length ? `${f.daysElapsed - partial.length} of ${of} complete and ${partial.length} partial (${runsText(runsOfDays(partial))})` : `${f.daysElapsed} of ${of} complete`;
  if (f.missingDays.length === 0) return `${head}: ${counted}, ${f.daysRemaining} projected.${before}`;
  const missing = daysNotInStoreAre({ runs: runsOfDays(f.missingDays), days: f.missingDays.length });
  const held = f.daysElapsed - f.missingDays.length;
  const inStore = partial.length ? `${held - partial.length} of ${of} complete and ${partial.length} partial (${runsText(runsOfDays(partial))}) in the store` : `${held} of ${of} in the store`;
  return `${head}: ${inStore}, ${f.missingDays.length + f.daysRemaining} projected (${f.missingDays.length} missing, ${f.daysRemaining} after ${asOf}). `
    + `${missing} missing (${f.missingWhy}): they are projected at the run-rate as the days after ${asOf} are, never counted as $0.00; ingest the missing billing files for their actual.${before}`;
}

/** The days of the month before the store's data, left out of the forecast, in words ('' when none). */
function beforeDataNote(f: MonthForecast): string {
  if (f.daysBeforeData.length === 0) return '';
  const before = daysNotInStoreAre({ runs: runsOfDays(f.daysBeforeData), days: f.daysBeforeData.length });
  return ` ${before} not in the store (${f.beforeDataWhy}) and not in the forecast: it covers the ${f.daysElapsed + f.daysRemaining} days from ${shortDay(f.coversFrom, true)},`
    + ' never counting those as $0.00 nor projecting them; ingest their billing files for the whole month.';
}

/** How the forecast was made, in words; money as the table writes it where a figure is whole cents (`$280.20`), exactly where it has more (`$1,073.868`). */
export function forecastNotes(f: MonthForecast): string[] {
  const notes = [
    monthNote(f),
    `Usage run-rate: ${f.method === 'linear' ? 'least-squares trend' : 'mean'} of daily usage (the usage charge class) over ${plural(f.fitDays, 'day')} with data in ${daySpan(f.fitFrom, f.fitTo)}.`,
    ...endedSourceNotes(f),
    bandNote(f),
    ...levelShiftNotes(f),
    ...recentRateNotes(f),
    `posted_other: recurring fees, one-time charges, tax, credits and adjustments posted in ${f.month} so far (BilledCost: recurring ${noteMoney(f.billed.posted.recurring)}, one-time ${noteMoney(f.billed.posted['one-time'])}, tax ${noteMoney(f.billed.posted.tax)}, credits and adjustments ${noteMoney(f.billed.posted.credit)}).`,
  ];
  // The lines of the month dated after as-of, the data horizon, held and not counted (src/analyze/forecast/after-horizon.ts).
  if (f.afterHorizon !== null) notes.push(forecastAfterHorizonNote(f.afterHorizon));
  if (f.expectationsWhyNot !== null) {
    notes.push(`Expected charges: none, ${f.expectationsWhyNot}.`);
  }
  if (f.daysRemaining === 0) {
    notes.push(`The month is over: the forecast is the charges it holds, with nothing more expected; fees or tax AWS posts to ${f.month} later arrive with a new delivery and change its actual.`);
  }
  notes.push(...expectedChargeNotes(f));
  const excluded = unfittedNote(f);
  if (excluded) notes.push(excluded);
  notes.push(...f.partialDays.map((p) => partialDayForecastNote(f, p)));
  return notes;
}

/**
 * The note on the provisional days left out of the fit, and why; null when none is. Those of the
 * month count in usage_actual; forecasting the month after the data horizon, they are the month
 * before's last days, in no column: `Excluded from the fit: 28–30 Sep 2024 (in 2024-09,
 * before the month forecast), treated as provisional: …`.
 */
function unfittedNote(f: MonthForecast): string | null {
  const days = f.unfittedDays;
  if (days.length === 0) return null;
  const before = days.filter((d) => !f.provisionalDays.includes(d));
  const where = [
    ...(f.provisionalDays.length ? [`${before.length ? `${daySpan(f.provisionalDays[0], f.provisionalDays.at(-1)!)} ` : ''}counted in usage_actual`] : []),
    ...(before.length ? [`${f.provisionalDays.length ? `${daySpan(before[0], before.at(-1)!)} ` : ''}in ${before[0].slice(0, 7)}, before the month forecast`] : []),
  ];
  return `Excluded from the fit: ${daySpan(days[0], days.at(-1)!)} (${where.join('; ')}), ${treatedAsProvisional(pluralNoun(days.length, 'it', 'them'), '', 'forecast.provisionalDays')}.`;
}

/**
 * The lines of the month dated after as-of, the data horizon, that no column counts (MonthForecast.afterHorizon), in `c`'s JSON
 * row: their exact sum in the row's measure and their first and last charge days (`{ amount: '0.0090675816', first: '2023-11-14',
 * last: '2023-11-14' }`); absent when there are none, as `endedSources` is.
 */
function afterHorizonJson(f: MonthForecast, c: CostForecast): { afterHorizon?: { amount: string; first: string; last: string } } {
  const after = f.afterHorizon;
  return after === null ? {} : { afterHorizon: { amount: fromUnits(after.units[c.cost]), first: after.first, last: after.last } };
}

export const forecastCommand: Command = {
  name: 'forecast',
  summary: 'month-end forecast with a low/high band',
  usage: `costlens forecast [--as-of YYYY-MM-DD] [--daily] [--format table|csv|json] [--wide] [--db FILE] [--config FILE] [--engine duckdb|athena] [--verbose]

  Month-end BilledCost and EffectiveCost: usage on the complete days so far plus the usage
  run-rate projected over the remaining days (with a low/high band), plus the charges that post
  once a period — recurring fees, one-time charges, tax, credits and adjustments posted so far, and the
  recurring fees and tax the previous complete month says are still to come, each named.
  The run-rate is fitted on the days before the provisional ones (config forecast: provisionalDays 3,
  fitDays 28, method linear|mean, bandLow 0.1, bandHigh 0.9).
  --as-of   forecast the month containing this day, as of its end (default: the last complete day
            in the store, for the month in progress after it)
  --daily   one row per day the forecast covers (from the month's first day, or the store's first
            charge day when it begins inside the month): actual, provisional, partial (the day a
            delivery that has ended stops inside), missing from the store or projected (missing
            days are projected too), instead of the summary
${readerOptions(12, 'forecast and aws.athena')}`,
  async run(args, ctx) {
    const { values } = parseCommandArgs('forecast', args, {
      ...READER_FLAGS,
      config: { type: 'string' },
      'as-of': { type: 'string' },
      daily: { type: 'boolean' },
      engine: { type: 'string' },
      verbose: { type: 'boolean' },
    }, false);
    const format = outputFormat(values.format);
    const loaded = loadConfig(values.config, ctx.env, ctx.cwd);
    const config = loaded.forecast;
    const asOf = values['as-of'] === undefined ? undefined : parseDay('as-of', values['as-of']);
    const result = await withChosenEngine(values.engine, resolveStorePath(values.db, ctx.env, ctx.cwd), { config: loaded, env: ctx.env, stderr: ctx.stderr, verbose: values.verbose },
      (engine) => refusingWithoutDailyUsage(FORECAST_NEED, (read) => read(engine), () => forecastMonthEnd(engine, config, { asOf })));
    const notes = forecastNotes(result);
    if (format === 'table') {
      const table = values.daily ? forecastDailyTable(result) : forecastTable(result, true);
      const rest = [...notes.slice(1), ...(!values.daily && forecastRounding(result) ? [ROUNDING_NOTE] : [])];
      ctx.stdout.write(`${notes[0]}\n${renderTable(table, 'table', { width: tableWidth(ctx, values.wide) })}\n${rest.join('\n')}\n`);
    } else if (format === 'json' && !values.daily) {
      const rows = jsonRows(forecastTable(result)).map((row, i) => {
        const c = [result.billed, result.effective][i];
        return { ...row, ...endedSourcesJson(result, c), ...afterHorizonJson(result, c), expectedCharges: expectedChargesJson(c), ...fitJson(c) };
      });
      ctx.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      ctx.stderr.write(notes.map((n) => `${n}\n`).join(''));
    } else {
      ctx.stdout.write(renderTable(values.daily ? forecastDailyTable(result) : forecastTable(result), format));
      ctx.stderr.write(notes.map((n) => `${n}\n`).join(''));
    }
    return 0;
  },
};
