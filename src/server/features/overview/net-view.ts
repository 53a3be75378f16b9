import { html } from 'hono/html';
import { fromUnits, toUnits } from '../../../lib/money.ts';
import { monthLabel } from '../../../lib/calendar.ts';
import { type Html, money } from '../../html/index.ts';
import { descending } from '../../../lib/order.ts';

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

/**
 * Overview's net view: per billing period (this month so far and the month before, whole), what the
 * invoice bills beside the amortised and the net amortised cost, as `costlens invoice` reports them.
 */
export function netViewSection(periods: NetViewPeriod[], current: string): Html {
  return html`<section class="top-table" id="net-view">
  <h2>Billed, amortised and net amortised, by billing period</h2>
  <div class="table-scroll" tabindex="0" role="region" aria-label="Billed, amortised and net amortised"><table class="numbers">
    <thead><tr><th>Billing period</th><th>Billed</th><th>Amortised</th><th>Net amortised</th></tr></thead>
    <tbody>
      ${periods.length === 0 ? html`<tr><td colspan="4">No billing period in the store for these months.</td></tr>` : ''}
      ${periods.map((p) => html`<tr data-billing-period="${p.period}"><td>${monthLabel(p.period)}${p.period === current ? ' (so far)' : ''}</td>
        <td data-value="${p.billed}">${money(p.billed)}</td><td data-value="${p.amortised}">${money(p.amortised)}</td><td data-value="${p.netAmortised}">${money(p.netAmortised)}</td></tr>`)}
    </tbody>
  </table></div>
  <p class="note">Every line of the billing period, each charge class included. Billed is what the invoice charges (BilledCost); amortised spreads Reserved Instance and Savings Plan fees over the usage they cover (EffectiveCost); net amortised is amortised after EDP, private-pricing and other discounts (the CUR net columns, where the bill has them). <code>costlens invoice</code> splits each by charge class.</p>
</section>`;
}
