/**
 * Compute Savings Plan purchase advice. Over the look-back (the `lookbackDays` days ending at the
 * data horizon, or fewer when the billing data starts later), each hour's on-demand spend that a
 * Compute Savings Plan could cover (EC2 instance hours and Fargate, not already covered by a
 * commitment; lines longer than an hour spread evenly over their hours) is replayed against a
 * candidate hourly commitment C at the plan's price r = 1 − discount: the plan covers
 * min(spend, C ÷ r) of on-demand spend for C per hour. The advice is the C on the $0.001-an-hour
 * purchase grid with the largest net saving (covered on-demand spend − commitment paid) among those
 * the look-back would have used at least `minUtilisationPercent`. The discount comes from the bill
 * when it holds a Compute Savings Plan of that term and payment option (its SavingsPlanEffectiveCost
 * over the public on-demand cost of the usage it covered), else from config, marked as an estimate.
 * Everything is exact integers (advice-hours.ts, advice-search.ts): the search, and every figure of
 * the C it recommends (monthly commitment and saving, utilisation, coverage), each rounded once
 * when shown; so are the eligible on-demand cost and the plan's break-even and discount.
 */
import type { Engine } from '../../engine/engine.ts';
import type { CommitmentsConfig } from './config.ts';
import { horizonEnd } from './expiry.ts';
import { readCommitmentUsage, type CommitmentUsage } from './usage.ts';
import { HOUR_PARTS, readHourlySpend } from './advice-hours.ts';
import { bestCommitment, type PlanPrice } from './advice-search.ts';
import { addDays, dayOf, dayRange, type DayRun, daySpan, HOURS_PER_MONTH } from '../../lib/calendar.ts';
import { type EndedDelivery, endedDeliveriesPhrase, endedHeldIn } from '../ended-delivery.ts';
import { daysNotInStore, daysNotInStoreSentence } from '../../lib/store-days.ts';
import { divideRounded, parseDecimal, percentOf } from '../../lib/money.ts';
import { pluralNoun } from '../../lib/text.ts';

export { HOUR_PARTS, spreadOverHours, type HourlySpend, type SpendLine } from './advice-hours.ts';
export { bestCommitment, type CommitmentFit, type PlanPrice } from './advice-search.ts';

const TERMS = ['1yr', '3yr'] as const;
const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;

/** One purchase recommendation. Money in units of 1e-10. */
export interface SavingsPlanAdvice {
  type: 'Compute Savings Plan';
  term: (typeof TERMS)[number];
  paymentOption: 'No Upfront';
  hourlyCommitment: bigint;
  monthlyCommitment: bigint;
  /** On-demand spend avoided − commitment paid, per month (730 hours). */
  monthlySaving: bigint;
  expectedUtilisationPercent: number;
  /** Share of the look-back's eligible on-demand spend the plan would have covered. */
  expectedCoveragePercent: number;
  /** Below this utilisation the plan costs more than on-demand (= the plan's rate, as a percentage of on-demand). */
  breakEvenUtilisationPercent: number;
  discountPercent: number;
  rateSource: 'bill' | 'estimated';
  rateBasis: string;
}

/** The look-back the advice was fitted on, and why a term got no recommendation. */
export interface AdviceResult {
  lookbackFrom: string;
  lookbackTo: string;
  hours: number;
  hoursWithSpend: number;
  eligibleOnDemand: bigint;
  hoursSource: string;
  recommendations: SavingsPlanAdvice[];
  notes: string[];
}

/**
 * Advises Compute Savings Plan purchases from the look-back ending at the horizon (`YYYY-MM-DD`),
 * starting no earlier than the store's first charge day `firstDay` (calendar/data_horizon, read by
 * the caller). The hours of its days in `gaps` (days between billing periods the store does not
 * hold) are left out of the replay, and a note names them: they are missing data, not hours without spend.
 * The days after the data of a delivery that has ended (`ended`, source-spans.ts) ends inside it are held by
 * the store's latest data, from which the advice counts, so they are replayed as the store holds them, without
 * that delivery's spend, and a note says the advice is fitted on days where its data had stopped ({@link afterEndedData}).
 */
export async function adviseSavingsPlans(engine: Engine, horizon: string, config: CommitmentsConfig, firstDay: string | null, gaps: readonly DayRun[] = [],
  ended: readonly EndedDelivery[] = []): Promise<AdviceResult> {
  const to = horizonEnd(horizon);
  const earliest = firstDay ? Date.parse(`${firstDay}T00:00:00Z`) : to.getTime();
  const from = new Date(Math.max(to.getTime() - config.lookbackDays * MS_PER_DAY, earliest));
  const lookback = { lookbackFrom: dayOf(from), lookbackTo: dayOf(to) };
  const notHeld = daysNotInStore(lookback.lookbackFrom, lookback.lookbackTo, { firstDay: lookback.lookbackFrom, gaps });
  const stopped = afterEndedData(lookback.lookbackFrom, addDays(lookback.lookbackTo, -1), ended);
  const missing = new Set(notHeld?.runs.flatMap((r) => dayRange(r.first, r.last)));
  const spend = (await readHourlySpend(engine, from, to)).filter((_, h) => !missing.has(dayOf(new Date(from.getTime() + h * MS_PER_HOUR))));
  // The look-back ends at the end of the horizon day, where the data does at the earliest: cut there, an RIFee loses no hour the range keeps.
  // (Written as the data end is, `YYYY-MM-DD 00:00:00`, so that the expiry's read of the same look-back is this one: analyse.ts shares it.)
  const existing = await readCommitmentUsage(engine, { charge_from: lookback.lookbackFrom, charge_to: lookback.lookbackTo, data_ends_at: `${lookback.lookbackTo} 00:00:00` });
  const result: AdviceResult = {
    ...lookback, hours: spend.length, hoursWithSpend: spend.filter((s) => s > 0n).length,
    eligibleOnDemand: divideRounded(spend.reduce((a, b) => a + b, 0n), HOUR_PARTS),
    hoursSource: 'hourly on-demand EC2 instance and Fargate lines of the bill; daily lines spread evenly over their 24 hours; Lambda left out',
    recommendations: [], notes: [
      ...(notHeld ? [`${daysNotInStoreSentence(notHeld)}: ${notHeld.days === 1 ? 'its' : 'their'} hours are left out of the look-back`] : []),
      ...(stopped ? [stopped] : []),
    ],
  };
  for (const term of TERMS) {
    const rate = planRate(term, existing, config);
    const best = bestCommitment(spend, rate.price, config.minUtilisationPercent, HOURS_PER_MONTH);
    if (!best) {
      result.notes.push(`${term} Compute Savings Plan: no commitment would have saved money at ≥ ${config.minUtilisationPercent} % utilisation over the look-back`);
      continue;
    }
    const { numerator, denominator } = rate.price;
    result.recommendations.push({
      type: 'Compute Savings Plan', term, paymentOption: 'No Upfront',
      hourlyCommitment: best.hourlyCommitment,
      monthlyCommitment: best.hourlyCommitment * BigInt(HOURS_PER_MONTH),
      monthlySaving: best.monthlySaving,
      expectedUtilisationPercent: best.utilisationPercent,
      expectedCoveragePercent: best.coveragePercent,
      breakEvenUtilisationPercent: percentOf(numerator, denominator)!,
      discountPercent: percentOf(denominator - numerator, denominator)!,
      rateSource: rate.source,
      rateBasis: rate.basis,
    });
  }
  return result;
}

/**
 * The days of the look-back `first`..`last` after the data of the deliveries that have ended inside it (`ended`) ends
 * (from the day after the earliest end), and the note saying the advice is fitted on them as the store holds them:
 * `14–30 Nov 2018 hold no data of aws/836060457634, a delivery that has ended (its data ends on 13 Nov 2018): the advice
 * is fitted on days where its data had stopped, their hours replayed without its spend, as the store's latest data holds
 * them`; null when none ends inside it. (A gap's hours are left out: the store holds none of its days. These it holds: a
 * delivery of a few dollars ending on 9 Nov would otherwise leave 21 days of a whole CUR out of the advice.)
 */
function afterEndedData(first: string, last: string, ended: readonly EndedDelivery[]): string | null {
  const stopped = endedHeldIn(first, last, ended).filter((own) => own.lastDay < last);
  if (stopped.length === 0) return null;
  const after = addDays(stopped.map((own) => own.lastDay).sort()[0], 1);
  const [one, its] = [after === last, stopped.length === 1 ? 'its' : 'their'];
  return `${daySpan(after, last)} ${one ? 'holds' : 'hold'} no data of ${endedDeliveriesPhrase(stopped)}: the advice is fitted on days where `
    + `${its} data had stopped, ${one ? 'its' : 'their'} hours replayed without ${its} spend, as the store's latest data holds them`;
}

/** A plan's price as an exact share of on-demand (1 − discount), and where it comes from. */
interface PlanRate {
  price: PlanPrice;
  source: 'bill' | 'estimated';
  basis: string;
}

/** The plan's discount for a term: from the bill's Compute Savings Plans of that term, else the configured estimate. */
function planRate(term: string, existing: CommitmentUsage[], config: CommitmentsConfig): PlanRate {
  const plans = existing.filter((c) => c.type === 'Compute Savings Plan' && c.term === term && c.paymentOption === 'No Upfront' && c.coveredOnDemand > 0n);
  const onDemand = plans.reduce((n, c) => n + c.coveredOnDemand, 0n);
  if (plans.length > 0 && onDemand > 0n) {
    const effective = plans.reduce((n, c) => n + c.usedCost, 0n);
    return {
      price: { numerator: effective, denominator: onDemand }, source: 'bill',
      basis: `the bill's ${term} No Upfront ${pluralNoun(plans.length, 'Compute Savings Plan')} (${plans.map((p) => p.arn).join(', ')}): SavingsPlanEffectiveCost ÷ public on-demand cost of the usage covered in the look-back`,
    };
  }
  const percent = config.estimatedDiscountPercent[term as keyof CommitmentsConfig['estimatedDiscountPercent']];
  const percentMillionths = parseDecimal(percent.toFixed(6), 6);
  return {
    price: { numerator: 100_000_000n - percentMillionths, denominator: 100_000_000n }, source: 'estimated',
    basis: `estimated: commitments.estimatedDiscountPercent.${term} = ${percent} % (the bill holds no ${term} No Upfront Compute Savings Plan to read a rate from; set it from the AWS Savings Plans pricing page for your instance mix)`,
  };
}

