/**
 * The sentence under Explore's total that says what its comparison found, from the compare table
 * (compared-rows.ts), whose footer it repeats: over spans of days the change of usage, with the
 * fees, tax and credits of both spans named as shown but not compared; over whole months the
 * change of the whole spend (bill against bill in a store without daily usage); and, when the view
 * selects nothing compared day for day (only fees, or no usage in either span), that it compares
 * nothing, not a change or a %.
 */
import { html } from 'hono/html';
import { centsOfUnits, formatCents, fromUnits, toUnits } from '../../../lib/money.ts';
import { type Html, money, percent, signedMoney } from '../../html/index.ts';
import { otherClassesSelected, type ComparedTable } from './compared-rows.ts';
import { andList } from '../../../lib/text.ts';

/** Fees that post once a month are not daily spend: why they are not compared. */
const NOT_DAILY = 'fees that post once a month are not daily spend';

/**
 * The change line of a comparison (`chargeClasses`: the charge-class filter, empty for every class;
 * `wholeBills`: the store holds no daily usage, so its spans are whole bills, compared bill against bill).
 */
export function compareHeadline(table: ComparedTable, chargeClasses: readonly string[], wholeBills = false): Html {
  const { total } = table;
  const line = (body: Html | string) => html`<span class="change-line" id="explore-change">${body}</span>`;
  if (table.on === 'none') {
    const others = otherClassesSelected(chargeClasses);
    const why = others.length && others.length === chargeClasses.length
      ? `the charge classes selected (${andList(others)}) hold no usage`
      : 'neither span holds usage';
    return line(`not compared: ${why}, so nothing comparable day for day is selected, and ${NOT_DAILY}`);
  }
  if (table.on === 'bill') {
    const delta = centsOfUnits(toUnits(total.cost)) - centsOfUnits(toUnits(total.compared));
    const what = wholeBills ? 'bill against bill, every charge class compared, as the store holds no daily usage' : 'whole months, every charge class compared';
    return line(html`change ${changeFigure(total.change, delta)} (${pctText(total.pct, 'no cost before')}): ${what}`);
  }
  const usage = total.usage ?? '0';
  const comparedUsage = total.comparedUsage ?? '0';
  const delta = centsOfUnits(toUnits(usage)) - centsOfUnits(toUnits(comparedUsage));
  const why = toUnits(comparedUsage) === 0n ? 'no usage before' : 'no usage in these days';
  const head = html`usage: ${changeFigure(total.change, delta)} (${pctText(total.pct, why)})`;
  if (!table.holdsOtherCharges) return line(head);
  // Beside a delivery that has ended, the usage compared leaves its lines out: they are usage, not other charges.
  const whole = (used: string, left: string | undefined) => fromUnits(toUnits(used) + toUnits(left ?? '0'));
  const other = (spend: string, used: string) => figure(fromUnits(toUnits(spend) - toUnits(used)), centsOfUnits(toUnits(spend)) - centsOfUnits(toUnits(used)));
  const others = otherClassesSelected(chargeClasses);
  const named = others.length ? `${andList(others)} charges` : 'fees, tax and credits';
  const usageFigures = html`${figure(usage, centsOfUnits(toUnits(usage)))} against ${figure(comparedUsage, centsOfUnits(toUnits(comparedUsage)))}`;
  const otherFigures = html`${other(total.cost, whole(usage, table.leftOut?.now))} against ${other(total.compared, whole(comparedUsage, table.leftOut?.then))}`;
  return line(html`${head}, ${usageFigures}; ${named} (${otherFigures}) are shown but not compared, as ${NOT_DAILY}`);
}

/** A change as shown: the difference of two shown figures in cents, its exact amount as data-value. */
function changeFigure(exact: string | null, cents: bigint): Html {
  return html`<span class="change-figure" data-value="${exact ?? ''}">${signedMoney(formatCents(cents))}</span>`;
}

/** An amount as shown, in cents, its exact amount as data-value. */
function figure(exact: string, cents: bigint): Html {
  return html`<span data-value="${exact}">${money(formatCents(cents))}</span>`;
}

function pctText(pct: string | null, none: string): string {
  return pct === null ? none : percent(pct, true);
}

