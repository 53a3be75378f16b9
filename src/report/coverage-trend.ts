/**
 * The tag coverage trend of the weekly report: each of the last weeks' usage split into tagged, shared,
 * account default and untagged. Usage, as the splits beside it: fees, tax and credits post once a billing
 * period and seldom carry a tag, so a week holding the 1st would dip with no change in tagging. Each week
 * is read as the comparisons read it: without the lines of a delivery that has ended where the other
 * deliveries' data covers the week (sourcesLeftOut, as last week and the weeks averaged are compared), with
 * them where it does not; each point says which, so that its figures are the tables' for the same week.
 */
import type { AttributionConfig } from '../analyze/attribution/index.ts';
import type { Engine } from '../engine/engine.ts';
import { daysNotInStore, type StoreDays } from '../lib/store-days.ts';
import { type WeekCents, weekCents } from './build-weeks.ts';
import { roundCut } from './cuts.ts';
import type { CoveragePoint } from './model.ts';
import { shareTenths } from './money.ts';
import { type Amounts, type KeySpend, readWeekSpend, type WeekSpend } from './spend.ts';
import { type EndedAroundWeek, sourcesLeftOut } from './week-source-end.ts';
import { endedHeldIn } from '../analyze/ended-delivery.ts';
import { type IsoWeek, shiftWeek } from './week.ts';

/** One week of the trend: its usage in cents, and the ended deliveries whose data it holds (left out, or not). */
interface TrendWeek {
  usage: WeekCents;
  ended: CoveragePoint['ended'];
}

/** What the trend reads: the report week, its usage as compared (this week's point), how many weeks, and the deliveries that have ended. */
export interface TrendAsked {
  attribution: AttributionConfig;
  keys: { owner: string; costCentre: string };
  week: IsoWeek;
  /** This week's usage as the report compares it (ReportWeeks.usage[0]): the trend's last point. */
  thisWeek: WeekCents;
  trendWeeks: number;
  ended: EndedAroundWeek;
  store: StoreDays;
}

/**
 * The trend's weeks, earliest first: this week as compared and the `trendWeeks - 1` weeks before it, each
 * read as the comparisons read it. Its report week is the days the totals read (cut short at the horizon
 * or a gap); it leaves out weeks wholly outside the store rather than show $0.00.
 */
export async function readCoverageTrend(engine: Engine, asked: TrendAsked): Promise<TrendWeek[]> {
  const { week, ended } = asked;
  const endedOf = (w: IsoWeek, leftOut: readonly string[]): CoveragePoint['ended'] => {
    const held = endedHeldIn(w.start, w.last, ended.deliveries);
    return held.length === 0 ? undefined : { sources: held.flatMap((own) => own.sources), leftOut: leftOut.length > 0 };
  };
  const earlier = Array.from({ length: asked.trendWeeks - 1 }, (_, i) => shiftWeek(week, -1 - i));
  const read = await Promise.all(earlier.map(async (w): Promise<TrendWeek> => {
    const leftOut = sourcesLeftOut(w, ended);
    return { usage: weekCents(await readWeekSpend(engine, asked.attribution, asked.keys, w, 'usage', leftOut)), ended: endedOf(w, leftOut) };
  }));
  const thisWeek = asked.thisWeek.spend.week;
  const weeks = [{ usage: asked.thisWeek, ended: endedOf(thisWeek, sourcesLeftOut(thisWeek, ended)) }, ...read];
  const inStore = (w: WeekSpend) => w.week.end > w.week.start && !daysNotInStore(w.week.start, w.week.end, asked.store)?.all;
  return weeks.filter((w) => inStore(w.usage.spend)).reverse();
}

/** A trend week's point: its usage split by coverage class (largest remainder to its usage in cents), coverage the tagged share. */
export function coveragePoint(w: TrendWeek, pick: (s: WeekSpend) => KeySpend): CoveragePoint {
  const c = pick(w.usage.spend).coverage;
  const classes = new Map<string, Amounts>([['1 tagged', c.tagged], ['2 shared', c.shared], ['3 accountDefault', c.accountDefault], ['4 untagged', c.untagged]]);
  const cents = roundCut(classes, w.usage.total);
  const billed = (k: string) => cents.get(k)?.billed ?? 0n;
  return {
    week: w.usage.spend.week, total: w.usage.total.billed,
    tagged: billed('1 tagged'), shared: billed('2 shared'), accountDefault: billed('3 accountDefault'), untagged: billed('4 untagged'),
    coverageTenths: shareTenths(billed('1 tagged'), w.usage.total.billed),
    ...(w.ended ? { ended: w.ended } : {}),
  };
}
