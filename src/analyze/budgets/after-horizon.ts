/**
 * A budget's actual counts the complete charge days of its period up to as-of; when as-of is the data
 * horizon, lines in scope dated after it (a day still arriving, a lagging delivery's days the other
 * sources already hold) are in the store but not counted: the day they are charged on is not complete.
 * `costlens invoice` and `attribute` count them in the bill of the days the store holds (`lines dated up
 * to 14 Nov 2023 are counted too`), so the two part by that money: on the legacy CUR of Nov 2023 alone,
 * $1.67 against $1.68, the 0.0090675816 of 14 Nov 2023. The note names that money, its days and why,
 * the money as the open-bill note writes its own (not-invoiced.ts): in cents as the table writes the
 * actual, exact only below a cent (lib/money.ts, usdOrExact).
 */
import { usdOrExact } from '../../lib/money.ts';
import { completeDaysTo, datedNotCompleteYet, INVOICE_COUNTS_THEM } from '../after-horizon-words.ts';
import type { BillingDaySpan } from '../billing-calendar.ts';
import type { BudgetPeriod } from './period.ts';

/** The lines in scope of a budget's period dated after as-of, the data horizon: their exact sum and charge days. */
export interface AfterHorizon {
  units: bigint;
  first: string;
  last: string;
}

/**
 * The lines in scope (`rows`: each with its charge day and exact amount) of `period` dated after
 * `asOf` when as-of is the data horizon (`span.lastDay`) and the period runs past it; null when there
 * are none, or they sum to zero.
 */
export function linesAfterHorizonOf(period: BudgetPeriod, asOf: string, span: Pick<BillingDaySpan, 'lastDay'>,
  rows: readonly { day: string; units: bigint }[]): AfterHorizon | null {
  if (asOf !== span.lastDay || asOf >= period.last) return null;
  const after = rows.filter((r) => r.day > asOf && r.day <= period.last);
  const units = after.reduce((sum, r) => sum + r.units, 0n);
  if (units === 0n) return null;
  const days = after.map((r) => r.day).sort();
  return { units, first: days[0], last: days.at(-1)! };
}

/**
 * The note of the money {@link linesAfterHorizonOf} finds, for budget `name`: `all: 2023-11: the actual
 * counts the complete days to 13 Nov 2023, the data horizon; it leaves out $0.01 of lines in
 * scope dated 14 Nov 2023, a day not complete yet (\`costlens invoice\` counts them in the bill of the
 * days the store holds).`, in the words `costlens forecast` says of them too (after-horizon-words.ts); a lagging delivery holding
 * the horizon back is named (billing-calendar.ts, heldBackWords).
 * Of a delivery that has ended (`sources`: ended-delivery.ts, endedSourcesOfSpan), the day is where its data
 * ends, no data horizon, in dataEndsOn's words: `the actual counts the complete days to 13 Nov 2023 (the
 * data of aws/123412340534 ends on 13 Nov 2023); it leaves out …`.
 */
export function afterHorizonNote(name: string, period: BudgetPeriod, span: Pick<BillingDaySpan, 'lastDay' | 'heldBack'>, after: AfterHorizon, sources?: readonly string[]): string {
  return `${name}: ${period.label}: the actual counts ${completeDaysTo(span, sources)}; `
    + `it leaves out ${usdOrExact(after.units)} of lines in scope ${datedNotCompleteYet(after.first, after.last)} ${INVOICE_COUNTS_THEM}.`;
}
