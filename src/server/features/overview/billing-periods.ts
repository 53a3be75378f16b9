import { html } from 'hono/html';
import { monthEnd } from '../../../lib/calendar.ts';
import { count, type Html, money, tableScroll } from '../../html/index.ts';

/**
 * Under the Overview's freshness line: the billing periods still provisional (not invoiced), and
 * every billing period in the store (store/periods_by_source) with its lines, billed and effective
 * cost and the charge days its lines start on; `wholeMonths` (a store without daily usage, whose
 * lines each span their month) gives each period its whole month instead.
 */
export function billingPeriodsDetails(periods: Record<string, string | null>[], wholeMonths = false): Html {
  const provisional = periods.filter((p) => p.provisional !== 'no');
  const days = (p: Record<string, string | null>) => (wholeMonths && p.first_day ? `${p.first_day} – ${monthEnd(p.first_day)} (the whole month)` : `${p.first_day} – ${p.last_day}`);
  return html`${provisional.length
    ? html`<p class="provisional" id="provisional">Provisional, will change until invoiced:
        ${provisional.map((p, i) => html`${i ? ', ' : ''}<span data-period="${p.billing_period}">${p.billing_period} (${p.source}: ${(p.provisional ?? '').replace(/^yes: /, '')})</span>`)}</p>`
    : html`<p class="final" id="provisional">Every billing period shown is final (invoiced).</p>`}
  <details><summary>Billing periods in the store</summary>
    ${tableScroll('Billing periods in the store', html`<table class="numbers">
      <thead><tr><th>Source</th><th>Period</th><th>Lines</th><th>Billed</th><th>Effective</th><th>Days</th><th>Last ingest</th><th>Provisional</th></tr></thead>
      <tbody>${periods.map((p) => html`<tr><td>${p.source}</td><td>${p.billing_period}</td><td>${count(p.rows)}</td><td>${money(p.billed_cost)}</td><td>${money(p.effective_cost)}</td><td>${days(p)}</td><td>${(p.last_ingest ?? '').slice(0, 16)}</td><td>${p.provisional}</td></tr>`)}</tbody>
    </table>`)}
  </details>`;
}
