/**
 * The weeks a weekly report reads from the store: this week and the weeks before it whole (its spend,
 * the teams named), and the spans it compares (this week, last week and the weeks averaged, on the days
 * compared), each without the lines of a delivery that has ended that it holds where the other
 * deliveries' data covers it (sourcesLeftOut, week-source-end.ts), of every charge and of usage alone;
 * this week's whole totals beside them when it holds such lines, and the usage of the spans compared
 * that leave lines out read whole, so that the usage left out is known, the organisation's and each team's own part of it.
 */
import { type AttributionConfig, roundToCents } from '../analyze/attribution/index.ts';
import type { Engine } from '../engine/engine.ts';
import { type Cents, roundCut } from './cuts.ts';
import { type Amounts, readWeekSpend, subtractAmounts, type WeekSpend } from './spend.ts';
import { AVERAGE_WEEKS, sameDays } from './week-data.ts';
import { type EndedAroundWeek, sourcesLeftOut } from './week-source-end.ts';
import { type IsoWeek, shiftWeek } from './week.ts';

/** The cents of a week: the total, and each cut rounded to it. */
export interface WeekCents {
  spend: WeekSpend;
  total: Cents;
  service: Map<string, Cents>;
  account: Map<string, Cents>;
  owner: Map<string, Cents>;
  costCentre: Map<string, Cents>;
}

/** A week's spend in cents: its total rounded once, each cut rounded to it. */
export function weekCents(spend: WeekSpend): WeekCents {
  const total = amountsCents(spend.total);
  return {
    spend,
    total,
    service: roundCut(spend.byService, total),
    account: roundCut(spend.byAccount, total),
    owner: roundCut(spend.owner.byValue, total),
    costCentre: roundCut(spend.costCentre.byValue, total),
  };
}

/** What {@link readReportWeeks} reads. */
export interface ReportWeeks {
  /** This week (its days read) and the weeks before it, whole: every line of every charge. */
  whole: WeekCents[];
  /** The spans compared: this week's days read, then the {@link AVERAGE_WEEKS} weeks before it on the days compared. */
  spans: IsoWeek[];
  /** The sources each span compared leaves out (a delivery that has ended: sourcesLeftOut). */
  leftOut: string[][];
  /** Each span compared, every charge, without the lines it leaves out. */
  compared: WeekCents[];
  /** Each span compared, usage only, without the lines it leaves out: the splits, teams and coverage. */
  usage: WeekCents[];
  /** Each span compared that leaves lines out, its usage read whole (null where none is left out): less `usage`, its lines left out, the organisation's and each team's. */
  usageWhole: (WeekSpend | null)[];
  /** This week's whole totals and the cents of the lines its comparison leaves out (whole less without, each exact, rounded once); null when it leaves none out. */
  thisWeekWhole: { total: Cents; leftOut: Cents } | null;
  /** The same of last week's compared days (`spend`: read whole, every charge), so that its total is the week's as its own e-mail reads it; null when it leaves none out. */
  lastWeekWhole: { spend: WeekSpend; total: Cents; leftOut: Cents } | null;
}

/** Where {@link readReportWeeks} reads: the attribution config, the owner and cost-centre keys, and the weeks. */
export interface ReportWeeksAsked {
  attribution: AttributionConfig;
  keys: { owner: string; costCentre: string };
  week: IsoWeek;
  /** This week's days read (week-data.ts weekDaysRead). */
  thisWeek: IsoWeek;
  comparedDays: number;
  /** How many weeks to read whole, this one included. */
  history: number;
  ended: EndedAroundWeek;
}

/** Reads the weeks of a report (see the module's comment); `engine` should be a sharingReads. */
export async function readReportWeeks(engine: Engine, asked: ReportWeeksAsked): Promise<ReportWeeks> {
  const { attribution, keys, week, thisWeek, comparedDays, history, ended } = asked;
  const read = (w: IsoWeek, charges: 'usage' | 'all', leftOut: readonly string[] = []) => readWeekSpend(engine, attribution, keys, w, charges, leftOut);
  const whole = (await Promise.all(Array.from({ length: history }, (_, i) => read(i === 0 ? thisWeek : shiftWeek(week, -i), 'all')))).map(weekCents);
  // This week against the same days of the weeks before: the whole weeks, or their first days when this one is cut short.
  const spans = Array.from({ length: AVERAGE_WEEKS + 1 }, (_, i) => (i === 0 ? thisWeek : sameDays(shiftWeek(week, -i), comparedDays)));
  const leftOut = spans.map((w) => sourcesLeftOut(w, ended));
  const compared = comparedDays === 7 && leftOut.every((sources) => sources.length === 0) ? whole.slice(0, AVERAGE_WEEKS + 1)
    : (await Promise.all(spans.map((w, i) => read(w, 'all', leftOut[i])))).map(weekCents);
  // Tag values and teams are compared on usage, as services and accounts are: recurring fees, tax and
  // credits post once a billing period (often on the 1st), so a week holding the 1st would move for no reason.
  const [usage, usageWhole] = await Promise.all([
    Promise.all(spans.map((w, i) => read(w, 'usage', leftOut[i]))).then((weeks) => weeks.map(weekCents)),
    Promise.all(spans.map((w, i) => (leftOut[i].length > 0 ? read(w, 'usage') : null))),
  ]);
  // A week an ended delivery stops inside: its spend is the whole week's, its comparison without that delivery's lines.
  const thisWeekWhole = leftOut[0].length === 0 ? null : { total: whole[0].total, leftOut: centsLeftOut(whole[0].spend.total, compared[0].spend.total) };
  // Last week's compared days read whole beside them (its whole week when every day is compared), so its total is that week's.
  const lastWhole = leftOut[1].length === 0 ? null : comparedDays === 7 ? whole[1] : weekCents(await read(spans[1], 'all'));
  const lastWeekWhole = lastWhole && { spend: lastWhole.spend, total: lastWhole.total, leftOut: centsLeftOut(lastWhole.spend.total, compared[1].spend.total) };
  return { whole, spans, leftOut, compared, usage, usageWhole, thisWeekWhole, lastWeekWhole };
}

/** Exact amounts in cents, each rounded once. */
export function amountsCents(amounts: Amounts): Cents {
  return { billed: roundToCents(amounts.billed), effective: roundToCents(amounts.effective), exact: amounts };
}

/** The cents of the lines `whole` holds and `without` does not, the exact difference rounded once. */
function centsLeftOut(whole: Amounts, without: Amounts): Cents {
  return amountsCents(subtractAmounts(whole, without));
}
