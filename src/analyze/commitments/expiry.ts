/**
 * The expiry calendar: commitments still active at the data horizon whose term ends within the
 * configured windows (30/60/90 days by default) after it, with what each costs a month and the
 * on-demand cost of the usage it covered, a month, that would follow if it were not renewed.
 */
import type { Engine } from '../../engine/engine.ts';
import type { CommitmentsConfig } from './config.ts';
import { readCommitmentPeriods, readCommitmentUsage, type CommitmentUsage } from './usage.ts';
import { dayOf, HOURS_PER_MONTH, shortDay } from '../../lib/calendar.ts';
import { divideRounded, MICROSECONDS_PER_HOUR, microsecondsOfHours } from '../../lib/money.ts';
import { codePointOrder } from '../../lib/order.ts';

/** A commitment ending within a window after the data horizon. Money in units of 1e-10. */
export interface ExpiringCommitment {
  arn: string;
  type: string;
  accountId: string | null;
  end: string;
  /** Whole days from the end of the horizon day to the end of the term. */
  daysLeft: number;
  /** The smallest configured window (days) the end falls in. */
  windowDays: number;
  /** Its cost per month: (recurring + amortised upfront fee) per hour × 730 for an RI, hourly commitment × 730 for a Savings Plan. */
  monthlyValue: bigint | null;
  /** The on-demand cost, per month, of the usage it covered over the look-back. */
  onDemandIfNotRenewed: bigint | null;
}

/** Midnight after the horizon day, UTC (the horizon is `YYYY-MM-DD`). */
export function horizonEnd(horizon: string): Date {
  return new Date(Date.parse(`${horizon}T00:00:00Z`) + 86_400_000);
}

/**
 * Commitments ending within the windows after the horizon, soonest first. `dataEnd`: where the
 * store's usage ends (horizon.ts, dataEndParam), so that the latest month's RIFee, posted whole on
 * the 1st, counts the hours the data reaches.
 */
export async function readExpiring(engine: Engine, horizon: string, config: CommitmentsConfig, dataEnd: { data_ends_at: string }): Promise<ExpiringCommitment[]> {
  const end = horizonEnd(horizon);
  const windows = [...config.expiryWindowsDays].sort((a, b) => a - b);
  const latest = new Map<string, CommitmentUsage>();
  for (const period of await readCommitmentPeriods(engine, dataEnd)) latest.set(period.arn, period);
  const lookbackFrom = new Date(end.getTime() - config.lookbackDays * 86_400_000);
  const covered = new Map((await readCommitmentUsage(engine, { charge_from: dayOf(lookbackFrom), charge_to: dayOf(end), ...dataEnd })).map((c) => [c.arn, c.coveredOnDemand]));
  const expiring: ExpiringCommitment[] = [];
  for (const c of latest.values()) {
    if (!c.end) continue;
    const termEnd = Date.parse(`${c.end.replace(' ', 'T')}Z`);
    if (termEnd <= end.getTime()) continue;
    const daysLeft = Math.floor((termEnd - end.getTime()) / 86_400_000);
    const windowDays = windows.find((w) => daysLeft < w);
    if (windowDays === undefined) continue;
    const coveredOnDemand = covered.get(c.arn);
    expiring.push({
      arn: c.arn, type: c.type, accountId: c.accountId, end: c.end, daysLeft, windowDays,
      monthlyValue: monthlyValue(c),
      onDemandIfNotRenewed: coveredOnDemand === undefined ? null : perMonth(coveredOnDemand, BigInt(config.lookbackDays * 24) * MICROSECONDS_PER_HOUR),
    });
  }
  return expiring.sort((a, b) => a.daysLeft - b.daysLeft || codePointOrder(a.arn, b.arn));
}

/**
 * The sentence before the expiry list, naming the day the windows count from, the one wording of
 * `costlens commitments`, the Commitments page and the weekly e-mails: `2 commitments end within
 * 90 days of 30 Nov 2018, the data horizon:`, or `No commitment ends within the expiry windows after
 * 30 Nov 2018, the data horizon.`; in a store of whole monthly bills (`wholeBills`), which has no data
 * horizon, `…, the end of the last complete bill`. When the days shown are of an earlier delivery's data
 * than the store's latest (shownDaysEnd), the windows still count from the store's latest, which it
 * says: `…after 30 Sep 2024, the store's latest data (the period shown ends on 30 Nov 2018).` (of a
 * range of days, or a period its data does not complete, `the days shown end on 13 Nov 2023`).
 * `shown`: whether the report is of a billing period or of a range of charge days.
 */
export function expiringHeadline(report: { expiring: readonly Pick<ExpiringCommitment, 'windowDays'>[]; horizon: string; wholeBills?: string } & ShownDays, shown: ShownKind): string {
  const { expiring, horizon } = report;
  const shownEnd = shownDaysEnd(report);
  const wholePeriod = shown === 'period' && report.days?.complete === true;
  const day = shownEnd ? `${shortDay(horizon, true)}, the store's latest data (the ${wholePeriod ? 'period shown ends' : 'days shown end'} on ${shortDay(shownEnd, true)})`
    : `${shortDay(horizon, true)}, ${report.wholeBills ? 'the end of the last complete bill' : 'the data horizon'}`;
  return expiring.length
    ? `${expiring.length} ${expiring.length === 1 ? 'commitment ends' : 'commitments end'} within ${Math.max(...expiring.map((e) => e.windowDays))} days of ${day}:`
    : `No commitment ends within the expiry windows after ${day}.`;
}

/** What a commitments report shows: a billing period (`--period`, the pages, the e-mail) or a range of charge days (`--from`/`--to`). */
export type ShownKind = 'period' | 'range';

/** What {@link shownDaysEnd} reads of a report: the store's horizon, the days shown, and the data they are judged on (PeriodData, horizon.ts). */
export interface ShownDays {
  horizon: string;
  days?: { last: string | null; complete?: boolean };
  periodData?: { horizon: string };
}

/**
 * The last day a report shows when its days are judged on an earlier delivery's data than the
 * store's latest, from which the expiry windows and the purchase advice still count (a period of the
 * 2018 CUR in a store whose latest data ends on 30 Sep 2024: `2018-11-30`); null when they are the
 * store's latest data (a store of one delivery, a period of the latest delivery).
 */
export function shownDaysEnd(report: ShownDays): string | null {
  const own = report.periodData;
  if (!own || own.horizon === report.horizon) return null;
  return report.days?.last ?? own.horizon;
}

/**
 * What a commitment costs a month, from its latest billing period; null where the source cannot say.
 * Exact: the fees (units) over the hours they pay for (whole microseconds, microsecondsOfHours) ×
 * 730 hours, rounded once to the unit. An RI's are its RIFee lines' own, whole (`wholeFees`, `wholeFeeHours`),
 * so a range that counts part of them gives the month's figure.
 */
export function monthlyValue(c: CommitmentUsage): bigint | null {
  if (c.kind === 'sp' && c.commitment !== null && c.commitmentHours) return perMonth(c.commitment, microsecondsOfHours(c.commitmentHours));
  if (c.kind === 'ri' && c.wholeFeeHours && c.wholeFees !== null) {
    const reservationsMillionths = BigInt(Math.round((c.reservations ?? 1) * 1e6));
    return perMonth(c.wholeFees * reservationsMillionths, microsecondsOfHours(c.wholeFeeHours) * 1_000_000n);
  }
  return null;
}

/** An amount (units) over `microseconds` as the amount over a month of 730 hours, rounded once; null over no time. */
function perMonth(units: bigint, microseconds: bigint): bigint | null {
  if (microseconds === 0n) return null;
  return divideRounded(units * BigInt(HOURS_PER_MONTH) * MICROSECONDS_PER_HOUR, microseconds);
}
