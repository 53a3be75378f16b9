/**
 * What a Cost Explorer pull costs in requests ($0.01 each), in the words the output gives beside the
 * dollars. A dry run asks AWS nothing: when its payer is the one of the store's earlier pulls (not
 * aws.costExplorer.billingAccountId), the months it skips as stored are that payer's, so its count
 * holds only for that payer's credentials, and the sentence says so and what another payer's
 * credentials would make (no month stored for them).
 */
import { formatUsd } from '../../lib/money.ts';
import type { CePlan } from './plan.ts';

/** Cents per Cost Explorer API request ($0.01). */
export const COST_EXPLORER_REQUEST_CENTS = 1n;

/** What a pull's request count rests on. */
export interface CeRequestCount {
  /** Requests made, or (dry run) the least it would make: one per range of months. */
  requests: number;
  /**
   * Dry run only: the payer of the store's earlier pulls, whose stored months the count skips, and
   * the requests the pull would make for another payer's credentials; null when the count holds
   * whoever the credentials are (the payer is configured, unknown, or none of its months is skipped).
   */
  assumedPayer: { billingAccountId: string; storedMonths: string[]; otherPayerRequests: number } | null;
}

/**
 * The assumption a dry run's count rests on: null unless the payer was taken from the store's earlier
 * pulls (`inferred`) and the plan skips some of its months as stored; `unstored` is the same pull
 * planned with no month stored (another payer's credentials).
 */
export function assumedPayer(billingAccountId: string | null, inferred: boolean, plan: CePlan, unstored: CePlan): CeRequestCount['assumedPayer'] {
  const storedMonths = plan.months.filter((m) => m.action === 'stored').map((m) => m.month);
  if (billingAccountId === null || !inferred || storedMonths.length === 0) return null;
  return { billingAccountId, storedMonths, otherPayerRequests: unstored.ranges.length };
}

/** `2 Cost Explorer requests ($0.02)`. */
function requestsAndDollars(n: number): string {
  return `${n} Cost Explorer request${n === 1 ? '' : 's'} (${formatUsd(BigInt(n) * COST_EXPLORER_REQUEST_CENTS)})`;
}

/**
 * The requests line of a pull: `made 3 Cost Explorer requests ($0.03)`, or for a dry run `dry run:
 * would make 2 … ($0.02)`, with beside the dollars the payer they assume when it was not checked
 * and what another payer's credentials would make, then `more if results span several pages`.
 */
export function ceRequestsText(count: CeRequestCount, dryRun: boolean): string {
  if (!dryRun) return `made ${requestsAndDollars(count.requests)}`;
  const assumed = count.assumedPayer;
  const caveat = assumed === null ? ''
    : ` if the credentials are payer ${assumed.billingAccountId}'s, as the store's earlier pulls were (not checked: a dry run asks AWS nothing);`
      + ` for another payer's, ${assumed.storedMonths.join(', ')} ${assumed.storedMonths.length === 1 ? 'is' : 'are'} fetched too: ${requestsAndDollars(assumed.otherPayerRequests)} in all;`;
  return `dry run: would make ${requestsAndDollars(count.requests)}${caveat}${caveat ? '' : ','} more if results span several pages`;
}
