/**
 * The weekly report as data: every figure in cents, already rounded by the rules in money.ts, so
 * that the HTML, the plain text, the charts and the subject line print the same numbers.
 */
import type { AnomaliesSectionModel } from './anomalies-section.ts';
import type { AlertsSectionModel } from './alerts-section.ts';
import type { BudgetSectionModel } from './budget-section.ts';
import type { CommitmentsSectionModel } from './commitments-section.ts';
import type { MoverDriversModel } from './drivers-section.ts';
import type { KpiSectionModel } from './kpi-section.ts';
import type { Change } from './money.ts';
import type { CommitmentFreed, Saving, WithoutUsageType } from './savings.ts';
import type { IsoWeek } from './week.ts';
import type { WeekSourceEnd } from './week-source-end.ts';
import type { EndedForecastSource } from '../analyze/forecast/index.ts';
import type { DayRun } from '../lib/calendar.ts';
import type { DaysNotInStore } from '../lib/store-days.ts';
import type { EndedDelivery, EndedPartialDay } from '../analyze/ended-delivery.ts';

/** Who a report is for. */
export type Audience = { kind: 'finance' } | { kind: 'engineering' } | { kind: 'team'; team: string };

/** `finance`, `engineering` or `team:NAME`: the audience as flags, ledger and file names spell it. */
export function audienceId(audience: Audience): string {
  return audience.kind === 'team' ? `team:${audience.team}` : audience.kind;
}

/** A week total against the week before and the average of the weeks before that. */
export interface TotalFigures extends Change {
  /** The average of the previous `averageWeeks` weeks (up to 4, only weeks inside the data); null when there are none. */
  average: bigint | null;
  averageWeeks: number;
  /** current − average, and its percentage; null without an average. */
  vsAverage: Change | null;
}

/** One row of a cut (service, account, team, cost centre): this week against last week. */
export interface CutRow extends Change {
  /** The service name, account id, or tag value. */
  value: string;
  /** A readable name beside the value (the account name), if any. */
  name: string | null;
  /** EffectiveCost this week. */
  effective: bigint;
  /** This week's share of the week total (BilledCost), in tenths of a percent. */
  shareTenths: bigint | null;
}

/** A complete cut of the week total: every row, so the rows add up to the total (BilledCost and EffectiveCost). */
export interface Cut {
  /** `service`, `account`, or the tag key. */
  dimension: string;
  rows: CutRow[];
}

/** Tag coverage of one week's usage (usage BilledCost cents; the classes add up to `total`, the week's usage). */
export interface CoveragePoint {
  week: IsoWeek;
  total: bigint;
  tagged: bigint;
  shared: bigint;
  accountDefault: bigint;
  untagged: bigint;
  /** tagged ÷ total, tenths of a percent. */
  coverageTenths: bigint | null;
  /**
   * The sources of deliveries that have ended before the report week or inside it whose data the week holds, and whether
   * it is read without their lines (as the comparisons read it: the other deliveries' data covers it) or with them; absent when none.
   */
  ended?: { sources: string[]; leftOut: boolean };
}

/** Month to date (to the end of the report week) and the month-end forecast. */
export interface MonthFigures {
  month: string;
  /** The last day counted. */
  through: string;
  billed: { mtd: bigint; projected: bigint | null; forecast: bigint | null; low: bigint | null; high: bigint | null };
  effective: { mtd: bigint; projected: bigint | null; forecast: bigint | null; low: bigint | null; high: bigint | null };
  /** Why there is no forecast, when there is none. */
  noForecast: string | null;
  /**
   * The caveat when the forecast's trend runs far from the recent level (a level shift, or the month at the last 7 fitted days'
   * rate outside the band: src/analyze/forecast/trend-caveat.ts), BilledCost's, else EffectiveCost's; null when neither has one.
   */
  trendCaveat: string | null;
  /** Days counted in the month to date that are provisional. */
  provisionalDays: string[];
  /** Partial days of deliveries that have ended counted in the month to date, as `costlens forecast` names them (not fitted with their lines). */
  partialDays: EndedPartialDay[];
  /** Those of `partialDays` the forecast fits without their delivery's lines (its `partialDaysFitted`: that delivery is in `endedSources`); empty when none, or there is no forecast. */
  partialDaysFitted: string[];
  /** Days of the month up to `through` that the store does not hold: left out of the month to date, the forecast projects them. */
  missingDays: string[];
  /** The first day the month to date and the forecast cover: the month's first day, or the store's first charge day when it begins inside the month. */
  coversFrom: string;
  /** Days of the month before the store's first charge day: not in the store, counted in neither the month to date nor the forecast. */
  daysBeforeData: string[];
  /** Why those days are not in the store (`the store's billing data begins on 10 Nov 2018`), or null. */
  beforeDataWhy: string | null;
  /** The complete month the forecast expects recurring fees and tax from (as `costlens forecast`); null when the store does not hold the month before whole, or there is no forecast. */
  expectationsFrom: string | null;
  /** Why the forecast expects no recurring fees or tax, in `costlens forecast`'s words (its `expectationsWhyNot`); null when it expects them, or there is no forecast. */
  expectationsWhyNot: string | null;
  /** The deliveries that have ended that the forecast's run-rate leaves out (its `endedSources`): in the month to date, neither fitted nor projected; empty when none, or there is no forecast. */
  endedSources: EndedForecastSource[];
}

/** What the store holds around the week. */
export interface DataStatus {
  firstDay: string;
  /** The runs of days between the store's first and last charge day that no billing period covers. */
  gaps: DayRun[];
  lastDay: string;
  /** The first provisional day of the store (it and the later days are treated as provisional: src/analyze/provisional-wording.ts); null when none. */
  provisionalFrom: string | null;
  /**
   * The last provisional day, when it is before `lastDay`: the data horizon of the delivery holding the
   * report week, which its provisional days count back from (src/analyze/provisional-from.ts), in a store
   * whose latest data is later; absent otherwise (every day from `provisionalFrom` on is provisional).
   */
  provisionalTo?: string;
  /** The sources of the delivery whose data horizon the provisional days count back from (sorted; empty: the store's), named with `provisionalTo`. */
  provisionalSources?: string[];
  /** Days of the report week that are provisional. */
  provisionalDays: string[];
  /** The billing periods holding them when every one is invoiced (final in costlens status: provisional-invoiced.ts); absent or empty otherwise. */
  provisionalInvoiced?: string[];
  /** Days of the report week after the data horizon holding some of its usage (up to the store's last usage day): partial days, not complete, not missing. */
  partialDays: string[];
  /** Days of the report week after the last day holding usage: not in the store yet. */
  missingDays: string[];
  /** Days of the report week the store holds (up to the horizon, none in a gap): 7 for a complete week. */
  weekDaysHeld: number;
  /** Days of each week compared, from Monday: 7, or the days an unfinished week (or one a gap cuts) holds, compared with the same days of the weeks before. */
  comparedDays: number;
  /** Days of the report week's compared days not in the store (a gap inside them); null when none are: then, with last week's, they are compared. */
  comparedNotInStore: DaysNotInStore | null;
  /** Days of the week before (of its compared days) that are not in the store (before its first billing day, or in a gap): then this week is not compared with it; null when none are. */
  lastWeekNotInStore: DaysNotInStore | null;
  /** Days of the report week itself that are not in the store; null when none are. */
  weekNotInStore: DaysNotInStore | null;
  /**
   * When a gap begins inside the report week and the data before it ends earlier, at its delivery's
   * data horizon (weekSourceEnd: beside later deliveries, the legacy CUR's 2023-W46 ends on 13 Nov 2023,
   * 14 Nov a partial day): that horizon, its sources and the partial days; null otherwise.
   */
  sourceEnd: WeekSourceEnd | null;
  /**
   * When deliveries that have ended before the report week or inside it (endedAroundWeek: their data horizon
   * before the last day it reads) hold data of the weeks compared, this one included; null otherwise.
   */
  endedBefore: EndedBeforeStatus | null;
  /** The spans the 4-week average takes (the compared days of each of the 4 weeks before wholly in the store, holding no data of a delivery that has ended before the week), earliest first. */
  averaged: IsoWeek[];
}

/**
 * Deliveries that have ended before the report week and the weeks compared with it holding their data:
 * those weeks are compared without their lines (their end is no drop in spend) when the data of the
 * deliveries running on covers them whole (from `othersFrom`), else not compared.
 */
export interface EndedBeforeStatus {
  deliveries: EndedDelivery[];
  /** The first day of the data of the deliveries running on past the week's Monday (EndedAroundWeek.othersFrom). */
  othersFrom: string | null;
  /**
   * When one stops inside this week: the week's whole totals in cents (its spend, their lines included), and
   * the cents of their lines, read whole less read without them, each exact sum rounded once; this week is
   * compared without them. Null when this week holds none of their data.
   */
  thisWeek: { total: { billed: bigint; effective: bigint }; leftOut: { billed: bigint; effective: bigint } } | null;
  /**
   * The same of last week's compared days when it is compared without their lines: its whole totals (the week's as its
   * own e-mail reads them) and the cents of their lines in them. Null when last week holds none of their data.
   */
  lastWeekWhole: { total: { billed: bigint; effective: bigint }; leftOut: { billed: bigint; effective: bigint } } | null;
  /**
   * Whether this week's days compared hold their data: `without`, compared without their lines (`thisWeek` their cents);
   * `not compared`, the others' data does not cover it from its Monday (a comparison with or without their lines would
   * read their end, or the others' start, as a change in spend), so this week is compared with no week; null: it holds none.
   */
  thisWeekHolds: 'without' | 'not compared' | null;
  /** Whether last week holds their data: `without`, compared without their lines; `not compared`, the others' data does not cover it; null: it holds none. */
  lastWeek: 'without' | 'not compared' | null;
  /** The weeks of the 4-week average holding their data that the others' data does not cover whole: left out. */
  weeksLeftOut: IsoWeek[];
  /** The weeks averaged (DataStatus.averaged) without their lines. */
  averagedWithout: IsoWeek[];
  /**
   * In a team's e-mail: true when the weeks read hold none of the team's lines of those deliveries (the weeks left out of its
   * average hold no spend of the team), so its figures are not compared without any of its lines and it gets no warning.
   */
  teamHoldsNone?: boolean;
  /** Their usage BilledCost left out, in cents (exact sums rounded once): of this week, of last week's compared days, and of the weeks averaged together; null when none is. */
  usageLeftOut: { thisWeek: bigint | null; lastWeek: bigint | null; averaged: bigint | null };
}

/** One day of the daily chart. */
export interface DayPoint {
  day: string;
  /** `this` or `last` week. */
  series: 'this week' | 'last week';
  /** Mon … Sun. */
  weekday: string;
  billed: bigint;
  provisional: boolean;
  /**
   * The delivery that has ended whose partial day this is (its lines stop inside it: ended-delivery.ts) when the bar
   * holds its lines, or null: a bar leaving them out (`leftOut`) draws none of that day's partial data.
   */
  partial: EndedPartialDay | null;
  /** The sources whose lines the bar leaves out: a delivery that has ended, as the comparison reads the week (empty or absent: none). */
  leftOut?: string[];
}

/** Savings for the audience in cash: the largest first, with the total of every one (not just those listed); the commitment freed apart. */
export interface SavingsSection {
  asOf: string;
  listed: Saving[];
  count: number;
  /** The sum of every saving's cents. */
  total: bigint;
  /** Per owner (engineering): count and cents, largest first. */
  byOwner: { owner: string; count: number; total: bigint }[];
  /** Per cost centre (finance): count and cents, largest first; they add up to `count` and `total`. */
  byCostCentre: { costCentre: string; count: number; total: bigint }[];
  /** What the findings free of Reserved Instances or Savings Plans instead of cash: apart, never in `total`. */
  commitment: CommitmentFreed;
  /** The AWS usage lines idle and rightsizing could not judge (no usage type), and whether either judged nothing. */
  withoutUsageType: WithoutUsageType;
}

/** One audience's report for one week. */
export interface WeeklyReport {
  week: IsoWeek;
  audience: Audience;
  /** `the organisation` or `team payments`. */
  scope: string;
  /** A team report's team as attribution names it (`team:Payments` → `payments`); null for the organisation. */
  team: string | null;
  ownerTagKey: string;
  costCentreTagKey: string;
  status: DataStatus;
  totals: { billed: TotalFigures; effective: TotalFigures };
  /** Usage (the usage charge class) against last week and the 4-week average: what the comparisons use. Organisation reports only. */
  usage: { billed: TotalFigures; effective: TotalFigures } | null;
  /**
   * The charge classes that post once a period (recurring, one-time, tax, credit, adjustment): this week and
   * last, in cents, each rounded once (the cents they and usage leave of the total are the totals
   * table's rounding row); a team's report has one, `posted`, its share of them.
   */
  classes: { chargeClass: string; current: { billed: bigint; effective: bigint }; previous: { billed: bigint; effective: bigint } }[] | null;
  /** Organisation reports only. */
  month: MonthFigures | null;
  /** Top movers by |change| of BilledCost, per cut (organisation service and account cuts: usage only). */
  movers: { dimension: string; rows: CutRow[] }[];
  /** The top drivers (explain) of each service and account mover: finance and engineering reports only. */
  drivers: MoverDriversModel | null;
  /** The full split shown as a table: cost centres (finance), teams (engineering), services (a team). */
  split: Cut;
  coverage: { key: string; points: CoveragePoint[] } | null;
  anomalies: AnomaliesSectionModel | null;
  savings: SavingsSection;
  daily: DayPoint[];
  /**
   * Finance's chargeback billing period (the last complete one up to the week's Sunday, or the data
   * horizon, as the commitments section picks it), the days it covers and whether it is complete
   * (an incomplete one is not attached: {@link attachedChargeback}); null for other audiences.
   */
  chargebackSpan: { period: string; covers: string; complete: boolean } | null;
  /** Reserved Instances and Savings Plans of the last complete billing period (finance and engineering). */
  commitments: CommitmentsSectionModel | null;
  /** The efficiency KPIs of the week's month so far against their targets (engineering only). */
  kpi?: KpiSectionModel | null;
  /** The budgets of the config as of the report's last day (finance and engineering; absent or null: none configured). */
  budgets?: BudgetSectionModel | null;
  /** The alerts sent since the week's Monday (finance and engineering; absent or null: none). */
  alerts?: AlertsSectionModel | null;
}

/** The billing period whose chargeback CSV the report attaches: finance's, when it is complete; else null. */
export function attachedChargeback(report: Pick<WeeklyReport, 'chargebackSpan'>): string | null {
  return report.chargebackSpan?.complete ? report.chargebackSpan.period : null;
}
