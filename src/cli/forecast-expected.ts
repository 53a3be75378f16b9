/**
 * The charges `costlens forecast` expects besides usage (recurring fees, tax), in words and in JSON,
 * each in both measures: a row's expected_other is the sum of what its measure's charges say is
 * still to post, to the unit, for BilledCost and EffectiveCost alike. The forecast names the same
 * charges in both (src/analyze/forecast/month-end.ts). The notes write money as the table does where
 * a figure is whole cents (`$2,435.23`) and exactly where it has more (`$42.97874`: money-text.ts);
 * the JSON keeps its decimals (`2435.230000`).
 */
import { COST_COLUMN } from '../analyze/anomalies/index.ts';
import { formatUnits } from '../analyze/billing-calendar.ts';
import { type CostForecast, dollarText, type ExpectedCharge, expectedChargeKey, money, type MonthForecast, noteDollars } from '../analyze/forecast/index.ts';

/** Units as the notes write money: `$2,435.23`, `$42.97874` (money-text.ts `noteDollars`). */
export const noteMoney = (units: bigint): string => noteDollars(money(units));

/** One measure's figures of a charge in words: `BilledCost $86.304 at month end, $0.00 still to post (…; $86.304 posted)`. */
function measureWords(c: CostForecast, e: ExpectedCharge | undefined): string {
  const measure = COST_COLUMN[c.cost];
  if (e === undefined) return `${measure} $0.00 at month end, $0.00 still to post (none expected in ${measure})`;
  return `${measure} ${noteMoney(e.expected)} at month end, ${noteMoney(e.remaining)} still to post (${dollarText(e.basisText)}; ${noteMoney(e.posted)} posted)`;
}

/**
 * The notes on the expected charges: a first one saying each row's expected_other is the sum of its
 * measure's charges still to post (with both sums), then one per charge giving its figures and basis
 * in BilledCost and in EffectiveCost. None when nothing is expected.
 */
export function expectedChargeNotes(f: MonthForecast): string[] {
  const effective = new Map(f.effective.expected.map((e) => [expectedChargeKey(e), e]));
  const billedKeys = new Set(f.billed.expected.map(expectedChargeKey));
  const charges = [
    ...f.billed.expected.map((e) => ({ name: e, billed: e, effective: effective.get(expectedChargeKey(e)) })),
    ...f.effective.expected.filter((e) => !billedKeys.has(expectedChargeKey(e))).map((e) => ({ name: e, billed: undefined, effective: e })),
  ];
  if (charges.length === 0) return [];
  const toPost = (c: CostForecast) => noteMoney(c.expected.reduce((sum, e) => sum + e.remaining, 0n));
  return [
    `expected_other: the recurring fees and tax still to post in ${f.month}, each below in BilledCost and in EffectiveCost; a row's expected_other is the sum of its measure's "still to post" (BilledCost ${toPost(f.billed)}, EffectiveCost ${toPost(f.effective)}).`,
    ...charges.map(({ name, billed, effective: e }) => `Expected: ${name.service} (${name.chargeClass}): ${measureWords(f.billed, billed)}; ${measureWords(f.effective, e)}.`),
  ];
}

/** A charge in a forecast row's JSON (`expectedCharges[]`), in that row's measure: money as 6-decimal strings. */
export interface ExpectedChargeJson {
  service: string;
  chargeClass: string;
  atMonthEnd: string;
  stillToPost: string;
  posted: string;
  basis: string;
}

/** The charges a measure's forecast expects, for its JSON row: their `stillToPost` add up to the row's `expectedOther`. */
export function expectedChargesJson(c: CostForecast): ExpectedChargeJson[] {
  return c.expected.map((e) => ({
    service: e.service, chargeClass: e.chargeClass, atMonthEnd: formatUnits(e.expected), stillToPost: formatUnits(e.remaining), posted: formatUnits(e.posted), basis: e.basis,
  }));
}
