/**
 * Reserved Instances and Savings Plans over a range: utilisation per commitment (AWS's RI and
 * Savings Plans utilisation report definitions), unused commitment cost, coverage of eligible
 * usage, the effective savings rate, the expiry calendar and Compute Savings Plan purchase advice.
 * Definitions and their sources: README, "Commitments".
 */
import type { RawParams } from '../../engine/duckdb.ts';
import type { Engine } from '../../engine/engine.ts';
import { sharingReads } from '../../engine/shared-reads.ts';
import { type AttributionConfig, type AttributionRange, rangeParams } from '../attribution/index.ts';
import { adviseSavingsPlans, type AdviceResult } from './advice.ts';
import type { CommitmentsConfig } from './config.ts';
import { readCoverage, type Coverage, type CoverageDimension } from './coverage.ts';
import { coveredDays, type CoveredDays } from './days.ts';
import { readExpiring, type ExpiringCommitment } from './expiry.ts';
import type { BillingDaySpan } from '../billing-calendar.ts';
import { allEndedDeliveries, endedSourcesOfSpan } from '../ended-delivery.ts';
import { type CommitmentsCalendar, dataEndParam, endedInsideWords, ownSpanOf, type PeriodData, periodsNotComplete, readCommitmentsCalendar } from './horizon.ts';
import { mergeCommitments, readCommitmentPeriods, type CommitmentUsage } from './usage.ts';
import { groupBy } from '../../lib/group-by.ts';
import type { WholeBillsOnly } from '../monthly-bills.ts';

/** How the command groups its figures: one row per commitment, or coverage and utilisation per dimension. */
export type CommitmentsGrouping = 'commitment' | CoverageDimension;
export const COMMITMENTS_GROUPINGS: readonly CommitmentsGrouping[] = ['commitment', 'account', 'service', 'region', 'family', 'team'];

export interface CommitmentsOptions {
  range: AttributionRange;
  /** `YYYY-MM` for a billing period, `FROM/TO` for a charge range. */
  label: string;
  by?: CommitmentsGrouping;
  /** Also read the expiry calendar and the purchase advice (default true). */
  outlook?: boolean;
  /** The store's calendar, when the caller has read it already (readCommitmentsCalendar): it is then not read again. */
  calendar?: CommitmentsCalendar;
}

/** Everything `costlens commitments` reports. */
export interface CommitmentsAnalysis {
  label: string;
  range: AttributionRange;
  /** The data horizon of the store's latest data: the expiry windows and the advice count from it. */
  horizon: string;
  /** The days of the range up to the horizon (a billing period's own, `periodData`), and whether that is all of them. */
  days: CoveredDays;
  /**
   * A billing period of one delivery among several, or a range of days reaching one (horizon.ts,
   * ownSpanOf): the data horizon its days are judged against, that delivery's, and its sources;
   * absent otherwise.
   */
  periodData?: PeriodData;
  commitments: CommitmentUsage[];
  /** Each billing period's commitments, for figures over time. */
  periods: Map<string, CommitmentUsage[]>;
  coverage: Coverage;
  by: CommitmentsGrouping;
  expiring: ExpiringCommitment[];
  /** Empty when `outlook` was false, or in a store without daily usage (its note says why). */
  advice: AdviceResult;
  /**
   * In a store without daily usage (a CUR at monthly time granularity, fees only): what it holds
   * and how commitments read it (commitmentsBillsNote). Its horizon is then the last day of its last complete bill.
   */
  wholeBills?: string;
}

/** Runs every commitment analysis through the engine. */
export async function analyseCommitments(
  engine: Engine,
  config: { commitments: CommitmentsConfig; attribution: AttributionConfig; teamTagKey: string },
  options: CommitmentsOptions,
): Promise<CommitmentsAnalysis> {
  const calendar = options.calendar ?? await readCommitmentsCalendar(engine);
  const { horizon, bills, firstDay, lastChargeDay, usageEnds, gaps } = calendar;
  // A billing period of one delivery among several is judged on its own delivery's data, as invoice judges it; a range on its latest period's.
  const own = ownSpanOf(calendar, options.range);
  const periodData = own ? periodDataOf(calendar, options.range, own) : null;
  const isRange = options.range.billingFrom === undefined;
  const params: RawParams = rangeParams(options.range);
  const advise = options.outlook !== false && !bills;
  // The expiry calendar and the advice read the same look-back when the store holds all of it and its usage ends at midnight: it runs once.
  const usage = sharingReads(engine, ['commitments/utilisation_until']);
  const periodRows = await readCommitmentPeriods(usage, { ...params, ...dataEndParam(usageEnds, options.range) });
  const periods = groupBy(periodRows, (row) => row.periods[0]);
  const by = options.by ?? 'commitment';
  const coverage = await readCoverage(engine, options.range, params, {
    by: by === 'commitment' ? undefined : by, attribution: config.attribution, teamTagKey: config.teamTagKey,
  });
  return {
    label: options.label,
    range: options.range,
    horizon,
    // A range may begin in an earlier delivery's data: its days are told from the store's first day.
    // A delivery of fees only is judged as whole bills, as a store of its files alone (source-spans.ts), the days outside them told against the store's.
    days: own ? coveredDays(options.range, own.lastDay, {
      firstDay: isRange ? firstDay : own.firstDay, gaps, lastChargeDay: own.lastChargeDay, bills: own.wholeBillsOnly ?? bills, heldBack: own.heldBack,
      // A billing period its data completes is not complete while another delivery's bill of it is not (a bill of fees not invoiced yet),
      // nor a range while a billing period it reaches is not (the legacy CUR's 2023-11 inside 1 Nov 2018 – 30 Sep 2024): each is named.
      billOpen: periodData?.notComplete !== undefined,
      // Where the data of a delivery that has ended stops, the day is no data horizon: its days say whose data ends there.
      sources: endedSourcesOfSpan(calendar.spans, own),
      // A delivery that has ended inside the days, another's data running on: its figures stop there, so the days are not complete.
      ended: endedInsideWords(calendar, options.range),
      ...(own.wholeBillsOnly ? { storeDays: { firstDay: firstDay ?? calendar.span.firstDay, gaps, lastDay: lastChargeDay } } : {}),
    })
      : coveredDays(options.range, horizon, { firstDay, gaps, lastChargeDay, bills, heldBack: calendar.span.heldBack, ended: endedInsideWords(calendar, options.range) }),
    ...(periodData ? { periodData } : {}),
    commitments: mergeCommitments(periodRows),
    periods,
    coverage,
    by,
    expiring: options.outlook === false ? [] : await readExpiring(usage, horizon, config.commitments, dataEndParam(usageEnds)),
    advice: advise ? await adviseSavingsPlans(usage, horizon, config.commitments, firstDay, gaps, allEndedDeliveries(calendar.spans)) : noAdvice(options.outlook !== false ? bills : null),
    ...(bills ? { wholeBills: commitmentsBillsNote(bills) } : {}),
  };
}

/** {@link CommitmentsAnalysis.periodData} of the span `own` the days of `range` are judged on, with the other periods it reaches not complete, if any. */
function periodDataOf(calendar: CommitmentsCalendar, range: AttributionRange, own: BillingDaySpan): PeriodData {
  const notComplete = periodsNotComplete(calendar, range, own);
  return { horizon: own.lastDay, sources: calendar.spans.sourcesOf(own), ...(notComplete.length > 0 ? { notComplete } : {}) };
}

/**
 * What a store without daily usage holds and how commitments read it: `The store holds no daily
 * usage: its CUR is monthly, every usage line spanning its month, so commitments are read bill by
 * bill: utilisation and coverage over each whole monthly bill, expiry counted from the end of the
 * last complete bill`.
 */
function commitmentsBillsNote(bills: WholeBillsOnly): string {
  return `The store holds no daily usage: ${bills.reason}, so commitments are read bill by bill: utilisation and coverage over each whole monthly bill, expiry counted from the end of the last complete bill`;
}

/** The advice not read: `outlook` left out, or (`bills`) a store without the hourly usage it replays. */
function noAdvice(bills: WholeBillsOnly | null): AdviceResult {
  const notes = bills ? [`no purchase advice: it replays each hour's on-demand spend, and the store holds no daily usage (${bills.reason})`] : [];
  return { lookbackFrom: '', lookbackTo: '', hours: 0, hoursWithSpend: 0, eligibleOnDemand: 0n, hoursSource: 'not read', recommendations: [], notes };
}
