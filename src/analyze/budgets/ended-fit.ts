/**
 * A budget's forecast without the deliveries that have ended, as `costlens forecast` makes the
 * month-end forecast (src/analyze/forecast/ended-sources.ts): as of each day, the deliveries whose data
 * horizon is before it while another delivery's data runs on (ended-delivery.ts endedLeftOutOfFit, the
 * one rule) stay in the actual (money billed) but are neither fitted nor projected, and no fee or tax is
 * expected of them; the run-rate is fitted on the days from the first of the others' data. On the legacy
 * CUR of Nov 2023 (data to 13 Nov) beside a FOCUS export of 1–30 Nov, a whole-bill budget's forecast as of
 * 26 Nov is the actual plus the FOCUS export's run-rate, not the trend of both, which read the CUR's end
 * as falling usage.
 */
import { addMonths, dayRange, laterDay, monthEnd, monthStart } from '../../lib/calendar.ts';
import { usdOrExact } from '../../lib/money.ts';
import { andList } from '../../lib/text.ts';
import { deliveryEndedClause, endedFeesClause, endedLeftOutOfFit, type EndedDelivery, type LeftOutOfFit } from '../ended-delivery.ts';
import type { SourceSpans } from '../source-spans.ts';
import { fitWindow, type FitWindow } from '../forecast/index.ts';
import { fitWindowWords, indexRows, type ForecastInputs } from './forecast.ts';
import { sumOf, type ScopeDay } from './scope-day.ts';
import type { BudgetStatus, EndedFees } from './status.ts';

/** A budget's rows with the source of each (budgets/scope_daily_spend `source`). */
export type SourcedRow = ScopeDay & { source?: string | null };

/**
 * What a budget's forecast as of one day reads: its inputs and their index; `window`, its fit window (forecast/fit-window.ts);
 * `leftOut`, the deliveries left out of them (the store's rule, endedLeftOutOfFit), of which `inScope` are those whose lines in
 * scope count in the budget's actual (the only ones its basis and notes name); `usageOnly`, those whose lines are all the usage
 * in scope on the fit's days, when they are (empty otherwise): nothing is projected of the scope; `chargesLeftOut`, the fees and
 * tax in scope of the month before of those left out, none of which it expects (the notes name them as not expected again).
 */
interface ForecastOfDay {
  inputs: ForecastInputs;
  index: ReturnType<typeof indexRows>;
  window: FitWindow;
  leftOut: LeftOutOfFit;
  inScope: EndedDelivery[];
  usageOnly: EndedDelivery[];
  chargesLeftOut: EndedFees[];
}

/**
 * The inputs of a budget's forecast as of each day (`inputs`, of every row; `spans`: the store's
 * deliveries; `actualFrom`: the budget period's first day): the rows without those of the deliveries
 * left out as of that day (their lines in the days it reads: forecast/fit-window.ts, the one window of
 * `costlens forecast` and budgets), the fit's first day that of the others' data. A budget whose scope
 * holds none of their lines in its actual is told nothing of them (a tag the ended delivery never carried);
 * one whose usage on the fit's days is all theirs projects nothing (the legacy CUR's account, $1.68 to
 * 14 Nov 2023, as of 20 Nov: its actual). One index per set of deliveries left out; each day worked out once.
 */
export function forecastsByDay(inputs: ForecastInputs & { rows: readonly SourcedRow[] }, spans: SourceSpans, actualFrom: string): (day: string) => ForecastOfDay {
  const sourced: readonly SourcedRow[] = inputs.rows;
  const all = { inputs, index: indexRows(inputs.rows), leftOut: { ended: [], othersFrom: null }, inScope: [], usageOnly: [], chargesLeftOut: [] };
  const bySources = new Map<string, Pick<ForecastOfDay, 'inputs' | 'index'>>();
  // The days holding lines in scope of each source, and usage.
  const daysOf = { all: new Map<string, Set<string>>(), usage: new Map<string, Set<string>>() };
  for (const r of sourced) {
    for (const [of, holds] of [[daysOf.all, true], [daysOf.usage, r.chargeClass === 'usage']] as const) {
      if (holds) of.set(r.source ?? '', (of.get(r.source ?? '') ?? new Set<string>()).add(r.day));
    }
  }
  const byDay = new Map<string, ForecastOfDay>();
  const ofDay = (day: string): ForecastOfDay => {
    const window = fitWindow(day, monthStart(day), inputs.provisionalFrom, inputs.config.fitDays);
    const leftOut = endedLeftOutOfFit(spans, window.readFrom, day);
    if (leftOut.ended.length === 0) return { ...all, window };
    const sources = leftOut.ended.flatMap((own) => own.sources);
    const key = sources.join();
    if (!bySources.has(key)) {
      const rows = sourced.filter((r) => !sources.includes(r.source ?? ''));
      const firstDataDay = laterDay(inputs.firstDataDay, leftOut.othersFrom!);
      bySources.set(key, { inputs: { ...inputs, rows, firstDataDay }, index: indexRows(rows) });
    }
    const { inputs: fitted, index } = bySources.get(key)!;
    const linesOf = (own: EndedDelivery, from: string, to: string, usage: boolean) => {
      const days = own.sources.map((source) => (usage ? daysOf.usage : daysOf.all).get(source) ?? new Set<string>());
      return dayRange(from, to).some((d) => days.some((held) => held.has(d)));
    };
    const inScope = leftOut.ended.filter((own) => linesOf(own, actualFrom, day, false));
    const fitDays = dayRange(window.fitFrom, window.fitTo);
    const othersUsage = fitDays.some((d) => index.usageByDay.has(d));
    const usageOnly = othersUsage ? [] : leftOut.ended.filter((own) => linesOf(own, window.fitFrom, window.fitTo, true));
    const month = addMonths(monthStart(day), -1);
    const inMonth = (own: EndedDelivery, chargeClass: string) => sumOf(sourced.filter((r) => r.chargeClass === chargeClass && own.sources.includes(r.source ?? '') && r.day >= month && r.day <= monthEnd(month)));
    const chargesLeftOut = leftOut.ended.map((own) => ({ own, month, fees: inMonth(own, 'recurring'), tax: inMonth(own, 'tax') })).filter((ended) => ended.fees !== 0n || ended.tax !== 0n);
    return { inputs: { ...fitted, usageLeftOut: usageOnly.length > 0 }, index, window, leftOut, inScope, usageOnly, chargesLeftOut };
  };
  // Each day worked out once: the budget's forecast as of a day, its history and its notes ask for the same day.
  return (day) => {
    if (!byDay.has(day)) byDay.set(day, ofDay(day));
    return byDay.get(day)!;
  };
}

/**
 * What a budget's basis says when its usage on the fit's days (`window`, of which the store holds `held`: forecast.ts
 * fitWindowHeld) is all of deliveries that have ended (`usageOnly`): `with nothing projected: the usage in scope in the 20
 * days of its fit window the store holds (1–20 Nov 2023) is only that of aws/123412340534, a delivery that has ended`.
 */
export function usageOnlyWords(usageOnly: readonly EndedDelivery[], fitDays: number, window: Pick<FitWindow, 'fitFrom' | 'fitTo'>, held: readonly string[]): string {
  const one = usageOnly.length === 1;
  return `with nothing projected: the usage in scope in ${fitWindowWords(fitDays, window, held)} is only that of ${andList(usageOnly.flatMap((own) => own.sources))}, `
    + `${one ? 'a delivery that has' : 'deliveries that have'} ended`;
}

/**
 * What a budget's forecast basis adds for the deliveries left out of its run-rate whose lines in scope count in
 * its actual (ForecastOfDay `inScope`; '' when none does), in
 * ended-delivery.ts's words: `; the data of aws/123412340534 ends on 13 Nov 2023, more than 7 days before
 * the store's latest data (that delivery has ended): its lines count in the actual, but it is not fitted
 * and nothing more of it is projected or expected`.
 */
export function leftOutWords(ended: readonly EndedDelivery[]): string {
  if (ended.length === 0) return '';
  const one = ended.length === 1;
  return `; ${deliveryEndedClause(ended)}: `
    + `${one ? 'its' : 'their'} lines count in the actual, but ${one ? 'it is' : 'they are'} not fitted and nothing more of ${one ? 'it' : 'them'} is projected or expected`;
}

/**
 * One note per delivery that has ended that the budgets' forecasts as of as-of leave out (`statuses`' forecastLeftOut
 * and endedFeesNotExpected), naming every budget it concerns: those whose forecast counts its lines in the actual but
 * does not fit them, then the fees and tax of the month before in scope that the forecasts do not expect again, their
 * money by budget, in `costlens forecast`'s words (ended-delivery.ts endedFeesClause): `Delivery ended: the data of
 * aws/836060457634 ends on 31 Oct 2018, more than 7 days before the store's latest data (that delivery has ended): the
 * forecast of quarter counts its lines in the actual, but does not fit them, and nothing more of it is projected or
 * expected; the fees of aws/836060457634 ($149.78 for all, ec2 and quarter; $49.00 for eff) posted in Oct 2018 are not
 * expected again.`; its tax beside its fees, or alone (`…: the tax of aws/123412340534 ($0.08 for all and eff; $0.07 for
 * s3) posted in Nov 2023 is not expected again.`); empty when none.
 */
export function leftOutNotes(statuses: readonly BudgetStatus[]): string[] {
  const deliveries = new Map<string, DeliveryNote>();
  const noteOf = (own: EndedDelivery) => {
    const key = `${own.sources.join()}\u0000${own.lastDay}`;
    if (!deliveries.has(key)) deliveries.set(key, { own, fitted: [], fees: new Map() });
    return deliveries.get(key)!;
  };
  for (const s of statuses) {
    for (const own of s.forecastLeftOut ?? []) noteOf(own).fitted.push(s.budget.name);
    for (const ended of s.endedFeesNotExpected ?? []) {
      const { fees } = noteOf(ended.own);
      const month = fees.get(ended.month) ?? { fees: new Map<string, string[]>(), tax: new Map<string, string[]>() };
      for (const kind of ['fees', 'tax'] as const) {
        if (ended[kind] === 0n) continue;
        const money = usdOrExact(ended[kind]);
        month[kind].set(money, [...(month[kind].get(money) ?? []), s.budget.name]);
      }
      fees.set(ended.month, month);
    }
  }
  return [...deliveries.values()].map(({ own, fitted, fees }) => {
    const one = fitted.length === 1;
    const counted = fitted.length === 0 ? [] : [`the ${one ? 'forecast' : 'forecasts'} of ${andList(fitted)} ${one ? 'counts' : 'count'} its lines in the actual, `
      + `but ${one ? 'does' : 'do'} not fit them, and nothing more of it is projected or expected`];
    const posted = [...fees].map(([month, byMoney]) => endedFeesClause(own, month, Object.fromEntries((['fees', 'tax'] as const)
      .filter((kind) => byMoney[kind].size > 0).map((kind) => [kind, byBudget(byMoney[kind])]))));
    return `Delivery ended: ${deliveryEndedClause([own])}: ${[...counted, ...posted].join('; ')}.`;
  });
}

/** One delivery's note ({@link leftOutNotes}): the budgets whose forecast counts its lines unfitted; by month posted, each kind's money by budget. */
interface DeliveryNote {
  own: EndedDelivery;
  fitted: string[];
  fees: Map<string, Record<'fees' | 'tax', Map<string, string[]>>>;
}

/** Each kind's money by budget: `$149.78 for all and ec2; $49.00 for eff`. */
function byBudget(byMoney: Map<string, string[]>): string {
  return [...byMoney].map(([usd, names]) => `${usd} for ${andList(names)}`).join('; ');
}
