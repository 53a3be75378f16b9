import { html } from 'hono/html';
import { addMonths, monthEnd, monthLabel, nextMonthStart } from '../../../lib/calendar.ts';
import { centsOfUnits, formatCents, fromUnits, toUnits } from '../../../lib/money.ts';
import { capitalised } from '../../../lib/text.ts';
import { notInvoicedRefusal } from '../../../analyze/monthly-bills.ts';
import { storeDaysOf, type WholeBillsContext } from '../../context.ts';
import { FieldError } from '../../field-error.ts';
import { count, filterForm, type Html, money, notInStoreFigure, type PageRequest, records, signedMoney, splitMoney, tableScroll } from '../../html/index.ts';
import { alertsSentCard } from './alerts-sent.ts';
import { billingPeriodsDetails, readBillingPeriods, type ShownBillingPeriods } from './billing-periods.ts';
import { budgetStatusCard } from './budget-status.ts';
import { netViewPeriods, netViewSection } from './net-view.ts';

/** The classes of `invoice/by_charge_class` (by line item type, as `costlens invoice` splits a bill), in its order. */
const INVOICE_CLASSES: [string, string][] = [
  ['usage', 'Usage (on-demand, RI-discounted and Savings Plan covered)'],
  ['commitment-fees', 'Commitment fees (RI and Savings Plan fees)'],
  ['fees', 'Other fees (support, marketplace, subscriptions)'],
  ['tax', 'Tax'],
  ['credits', 'Credits'],
  ['refunds', 'Refunds'],
  ['discounts', 'Discounts'],
  ['adjustments', 'Adjustments (charges in no other category)'],
  ['other', 'Other'],
];

/** The Overview's filters as the whole-bills view reads them. */
export interface WholeBillsFilters {
  /** `?as_of=`, checked as a date; here the last day of a month. */
  asOf?: string;
  cost: 'billed' | 'effective';
}

/**
 * The Overview of a store without daily usage (a CUR at monthly time granularity, or fees only:
 * `context.whole_bills`). It has no data horizon and no day to compare, so it says what it holds
 * (whole monthly bills through its last complete bill) and shows whole bills: the as-of month's
 * against the month before's, in total and by invoice class (by line item type, as `costlens
 * invoice` splits a bill, so a monthly CUR's usage is usage there), their net view, budgets and
 * alerts; the cards that compare days of usage (month to date, daily charts, top services and
 * accounts by usage, anomaly events) are left out, saying why. `as_of` must be the last day of a
 * month (a 400 naming it otherwise): a bill is not cut at a day.
 */
export async function wholeBillsOverview(request: PageRequest, whole: WholeBillsContext, filters: WholeBillsFilters): Promise<Html> {
  const { context, run } = request;
  const asOf = filters.asOf ?? context.as_of;
  if (asOf !== monthEnd(asOf)) {
    throw new FieldError('as_of', `as_of ${asOf} is a day inside ${monthLabel(asOf)}, but the store holds no daily usage (${whole.bills.reason}), so the Overview shows whole monthly bills`, {
      hint: `give the last day of a month (${monthEnd(asOf)}), or leave as_of out for ${context.as_of}`,
    });
  }
  const month = asOf.slice(0, 7);
  const previous = addMonths(`${month}-01`, -1).slice(0, 7);
  const [invoice, periods, budgets, alertsSent] = await Promise.all([
    run('invoice/by_charge_class', { billing_from: `${previous}-01`, billing_to: nextMonthStart(asOf) }),
    readBillingPeriods(request),
    budgetStatusCard(request, filters.asOf === undefined ? undefined : asOf),
    alertsSentCard(request, asOf),
  ]);
  const rows = records(invoice);
  const bills = netViewPeriods(rows);
  const measure = filters.cost === 'effective' ? 'amortised' : 'billed';
  const billOf = (period: string) => bills.find((b) => b.period === period)?.[measure] ?? null;
  const held = (period: string) => whole.bills.periods.includes(period);
  const compared = held(month) && held(previous);
  return html`
<h1>Overview</h1>
${freshness(request, whole, periods)}
${filterForm({
    action: '/',
    settings: [`bill of ${monthLabel(month)}`, filters.cost === 'effective' ? 'effective (amortised) cost' : 'billed cost'],
    fields: html`<label>As of (the last day of a month) <input type="date" name="as_of" value="${asOf}" required></label>
  <label>Cost <select name="cost">
    <option value="billed"${filters.cost === 'billed' ? ' selected' : ''}>billed</option>
    <option value="effective"${filters.cost === 'effective' ? ' selected' : ''}>effective (amortised)</option>
  </select></label>`,
  })}
<p class="as-of" id="as-of">The bill of ${monthLabel(month)} against the bill of ${monthLabel(previous)}, each whole, every charge class (${filters.cost === 'effective' ? 'EffectiveCost' : 'BilledCost'}).${notComplete(whole, month)}</p>
<section class="kpis" aria-label="Whole bills">
  ${billCard('bill-current', month, billOf(month), held(month), whole)}
  ${billCard('bill-previous', previous, billOf(previous), held(previous), whole)}
  <div class="kpi" id="bill-change">
    <h2>Change</h2>
    ${compared ? changeFigure(billOf(month), billOf(previous), previous) : notInStoreFigure('not compared', `${monthLabel(held(month) ? previous : month)} is not in the store`)}
  </div>
</section>
${explainCard(whole, month, previous, compared)}
${classesTable(rows, month, previous, measure)}
${budgets}
${alertsSent}
${netViewSection(bills, { current: month, asOf, store: storeDaysOf(context), wholeBills: true })}
<p class="note" id="daily-cards">Month to date, daily usage by service, the top services and accounts by usage and anomaly events compare days of usage, which this store does not hold: ingest the CUR re-exported at daily or hourly time granularity for them.</p>`;
}

/**
 * What the store holds, for the freshness card: whole monthly bills through the last complete one.
 * Its latest bill not invoiced yet reads `yes: not yet invoiced` among the periods, as `costlens
 * status` has it, whatever the clock's day; `invoice`'s note of it is left out, as #incomplete-bill
 * says why already (the same words).
 */
function freshness(request: PageRequest, whole: WholeBillsContext, periods: ShownBillingPeriods): Html {
  const { context } = request;
  const through = whole.through
    ? html`Whole monthly bills through <strong data-value="${whole.through}">${monthLabel(whole.through)}</strong> (the last complete bill)`
    : html`No complete monthly bill yet`;
  const incomplete = whole.bills.incomplete ? html` <span id="incomplete-bill">${capitalised(whole.bills.incomplete.why)}.</span>` : '';
  return html`<section class="freshness" id="freshness">
  <p>${through} · last ingest ${context.last_ingest ? `${context.last_ingest.slice(0, 16)} UTC` : 'unknown'} · ${count(String(context.lines))} line items</p>
  <p class="note" id="whole-bills">${whole.note}.${incomplete}</p>
  ${billingPeriodsDetails(periods, { wholeMonths: true, notes: false })}
</section>`;
}

/** ` Nov 2018 is not complete: …` when the month shown is the latest bill, not invoiced yet. */
function notComplete(whole: WholeBillsContext, month: string): string {
  const refusal = notInvoicedRefusal(monthLabel(month), whole.bills, month);
  return refusal === null ? '' : ` ${refusal}.`;
}

function billCard(id: string, period: string, amount: string | null, held: boolean, whole: WholeBillsContext): Html {
  const first = whole.bills.periods[0];
  const last = whole.bills.periods.at(-1)!;
  const bills = first === last ? `the store holds the bill of ${monthLabel(first)}` : `the store holds the bills of ${monthLabel(first)} to ${monthLabel(last)}`;
  const complete = whole.bills.incomplete?.period === period ? 'not complete yet (not invoiced)' : 'the whole billing period';
  return html`<div class="kpi" id="${id}">
    <h2>Bill, ${monthLabel(period)}</h2>
    ${held
    ? html`<p class="figure" data-value="${amount ?? '0'}">${money(amount ?? '0')}</p>
    <p class="range">${complete}</p>`
    : notInStoreFigure('no data', `not in the store: ${bills}`)}
  </div>`;
}

/**
 * The change between two bills as shown: the later as shown less the earlier as shown, each
 * rounded once to the cent, so the three figures read as a subtraction; data-value keeps the exact
 * change, the percentage is of the earlier bill.
 */
function changeFigure(current: string | null, previous: string | null, previousPeriod: string): Html {
  const [now, before] = [toUnits(current ?? '0'), toUnits(previous ?? '0')];
  const shown = centsOfUnits(now) - centsOfUnits(before);
  const percent = before === 0n ? null : (Number(now - before) / Number(before)) * 100;
  const share = percent === null ? '–' : `${percent > 0 ? '+' : percent < 0 ? '−' : ''}${Math.abs(percent).toFixed(2)}%`;
  return html`<p class="figure ${shown > 0n ? 'up' : shown < 0n ? 'down' : ''}" data-value="${fromUnits(now - before)}">${signedMoney(formatCents(shown))}</p>
    <p class="range">${share} against the bill of ${monthLabel(previousPeriod)}</p>`;
}

/** Where the change is explained: `costlens explain` compares the two whole bills by service, usage type and resource. */
function explainCard(whole: WholeBillsContext, month: string, previous: string, compared: boolean): Html {
  const incomplete = whole.bills.incomplete?.period === month;
  const text = !compared ? `No explanation: the store does not hold both bills.`
    : incomplete ? `No explanation yet: ${whole.bills.incomplete!.why}.`
    : html`<code>costlens explain --from ${previous} --to ${month}</code> explains the change by service, usage type, resource and account, bill against bill, to the cent.`;
  return html`<section class="top-table" id="why-it-changed-bills"><h2>Why it changed</h2><p>${text}</p></section>`;
}

/** Each bill by invoice class (line item types, as `costlens invoice` splits it); the rows of each column add up to its total as shown. */
function classesTable(rows: Record<string, string | null>[], month: string, previous: string, measure: 'billed' | 'amortised'): Html {
  const column = measure === 'billed' ? 'billed_cost' : 'amortised_cost';
  const sums = new Map<string, bigint>();
  for (const r of rows) {
    const key = `${String(r.billing_period).slice(0, 7)}|${r.charge_class}`;
    sums.set(key, (sums.get(key) ?? 0n) + toUnits(r[column] ?? '0'));
  }
  const shown = INVOICE_CLASSES.filter(([name]) => sums.has(`${month}|${name}`) || sums.has(`${previous}|${name}`));
  const exact = (units: bigint | null) => (units === null ? null : fromUnits(units));
  const periodColumn = (period: string) => {
    const units = shown.map(([name]) => sums.get(`${period}|${name}`) ?? null);
    const parts = [...sums].filter(([key]) => key.startsWith(`${period}|`));
    const totalUnits = parts.length ? parts.reduce((s, [, u]) => s + u, 0n) : null;
    return { cells: units.map(exact), shown: splitMoney(units, totalUnits), total: exact(totalUnits) };
  };
  const [now, before] = [periodColumn(month), periodColumn(previous)];
  return html`<section class="top-table" id="bill-classes">
  <h2>Each bill by invoice class</h2>
  ${tableScroll('Each bill by invoice class', html`<table class="numbers">
    <thead><tr><th>Class</th><th>${monthLabel(month)}</th><th>${monthLabel(previous)}</th></tr></thead>
    <tbody>
      ${shown.map(([name, label], i) => html`<tr data-class="${name}"><td>${label}</td><td data-value="${now.cells[i] ?? ''}">${now.shown[i]}</td><td data-value="${before.cells[i] ?? ''}">${before.shown[i]}</td></tr>`)}
      <tr data-class="total"><th>Total</th><td data-value="${now.total ?? ''}">${money(now.total)}</td><td data-value="${before.total ?? ''}">${money(before.total)}</td></tr>
    </tbody>
  </table>`)}
  <p class="note">Classes by line item type, as <code>costlens invoice</code> splits a bill: a monthly CUR's usage lines are usage here, though the charge classes count them as recurring (each spans its month). Each column's rows add up to its total as shown.</p>
</section>`;
}
