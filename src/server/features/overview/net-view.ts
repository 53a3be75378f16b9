import { html } from 'hono/html';
import { fromUnits, toUnits } from '../../../lib/money.ts';
import { addDays, addMonths, daySpan, monthLabel } from '../../../lib/calendar.ts';
import { daysNotInStore, daysNotInStoreAre, type StoreDays } from '../../../lib/store-days.ts';
import { day, type Html, money } from '../../html/index.ts';
import { descending } from '../../../lib/order.ts';
import { monthToDateName, wholeMonthThrough } from '../../../analyze/month-names.ts';

/** One billing period of the invoice: exact sums (decimal strings) of its three measures. */
export interface NetViewPeriod {
  period: string;
  billed: string;
  amortised: string;
  netAmortised: string;
}

/**
 * Sums the rows of `invoice/by_charge_class` (one per billing period, charge class and line item
 * type) to one row per billing period, exactly (units of 1e-10), so that each period's billed
 * figure is its BilledCost to the last decimal.
 */
export function netViewPeriods(rows: Record<string, string | null>[]): NetViewPeriod[] {
  const sums = new Map<string, { billed: bigint; amortised: bigint; netAmortised: bigint }>();
  for (const r of rows) {
    const period = String(r.billing_period).slice(0, 7);
    const s = sums.get(period) ?? { billed: 0n, amortised: 0n, netAmortised: 0n };
    s.billed += toUnits(r.billed_cost ?? '0');
    s.amortised += toUnits(r.amortised_cost ?? '0');
    s.netAmortised += toUnits(r.net_amortised_cost ?? '0');
    sums.set(period, s);
  }
  return [...sums].sort(([a], [b]) => descending(a, b)).map(([period, s]) => ({
    period, billed: fromUnits(s.billed), amortised: fromUnits(s.amortised), netAmortised: fromUnits(s.netAmortised),
  }));
}

/** The days the net view covers: the month of as-of (`YYYY-MM`) and as-of itself; and the days the store holds. */
export interface NetViewDays {
  current: string;
  asOf: string;
  store: StoreDays | undefined;
  /** A store without daily usage (its lines span their month): both periods are whole bills, nothing "so far". */
  wholeBills?: boolean;
  /** Where "Every charge class" (by charge day) holds or leaves out lines of the periods shown (charge-day-basis.ts); none: it counts the same lines. */
  bases?: string[];
}

/**
 * Overview's net view: per billing period, what the invoice bills beside the amortised and the net
 * amortised cost, as `costlens invoice` reports them, over the page's days: this month's billing
 * period over its charge days up to as-of (the days of "Every charge class, month to date"), the
 * month before's whole; nothing charged after as-of. The sentence under the heading names them;
 * this month is marked "(so far)" only while as-of is not its last day.
 */
export function netViewSection(periods: NetViewPeriod[], days: NetViewDays): Html {
  const { current, asOf, store } = days;
  if (days.wholeBills) return netViewTable(periods, null, html`<p class="range" id="net-view-days">Each billing period's whole bill: the store holds no daily usage, so no bill is cut at a day.</p>`);
  const monthStart = `${current}-01`;
  const previous = addMonths(monthStart, -1);
  // Days of a row the store does not hold (after its data ends, in a gap) are said, not counted as no spend.
  const notHeld = (start: string, end: string) => {
    const missing = daysNotInStore(start, end, store);
    return missing ? ` (${daysNotInStoreAre(missing)} not in the store: ${missing.why})` : '';
  };
  const previousMissing = notHeld(previous, monthStart);
  const soFar = wholeMonthThrough(asOf) ? null : current;
  const covered = [
    ...periods.some((p) => p.period === current)
      ? [`${monthLabel(current)}${soFar ? ' (so far)' : ''}: the lines of its billing period charged ${daySpan(monthStart, asOf)}, the days of “Every charge class, ${monthToDateName(asOf)}”${notHeld(monthStart, addDays(asOf, 1))}.`] : [],
    ...periods.some((p) => p.period === previous.slice(0, 7))
      ? [`${monthLabel(previous)}: ${previousMissing ? `its billing period as the store holds it${previousMissing}` : 'its whole billing period'}.`] : [],
  ];
  const basis = days.bases?.length ? html` <span id="net-view-basis">${days.bases.join(' ')}</span>` : '';
  return netViewTable(periods, soFar, covered.length || basis ? html`<p class="range" id="net-view-days">${covered.join(' ')}${covered.length ? ` Nothing charged after ${day(asOf)} is counted.` : ''}${basis}</p>` : '');
}

/** The net view's card: `covered` says which days each period counts; `current` is the period shown "so far" (null: none). */
function netViewTable(periods: NetViewPeriod[], current: string | null, covered: Html | string): Html {
  return html`<section class="top-table" id="net-view">
  <h2>Billed, amortised and net amortised, by billing period</h2>
  ${covered}
  <div class="table-scroll" tabindex="0" role="region" aria-label="Billed, amortised and net amortised"><table class="numbers">
    <thead><tr><th>Billing period</th><th>Billed</th><th>Amortised</th><th>Net amortised</th></tr></thead>
    <tbody>
      ${periods.length === 0 ? html`<tr><td colspan="4">No billing period in the store for these months.</td></tr>` : ''}
      ${periods.map((p) => html`<tr data-billing-period="${p.period}"><td>${monthLabel(p.period)}${p.period === current ? ' (so far)' : ''}</td>
        <td data-value="${p.billed}">${money(p.billed)}</td><td data-value="${p.amortised}">${money(p.amortised)}</td><td data-value="${p.netAmortised}">${money(p.netAmortised)}</td></tr>`)}
    </tbody>
  </table></div>
  <p class="note">Every charge class included. Billed is what the invoice charges (BilledCost); amortised spreads Reserved Instance and Savings Plan fees over the usage they cover (EffectiveCost); net amortised is amortised after EDP, private-pricing and other discounts (the CUR net columns, where the bill has them). <code>costlens invoice</code> splits each whole billing period by charge class.</p>
</section>`;
}
