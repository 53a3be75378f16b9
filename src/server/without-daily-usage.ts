/**
 * A page that reads days of usage on a store without daily usage (a CUR at monthly time
 * granularity, or fees only: `context.whole_bills`): Optimisation (idle, rightsizing and
 * modernisation read each resource's cost day by day), Storage and Data transfer (they sum usage
 * lines, which such a store counts as recurring or does not hold). It says what the store holds and
 * what the page needs, in place of its figures, rather than $0.00 or a 404 of the whole page.
 */
import { html } from 'hono/html';
import { noDailyUsageError } from '../analyze/monthly-bills.ts';
import type { WholeBillsContext } from './context.ts';
import type { Html } from './html/index.ts';

/** What a page without daily usage says, in place of `section` (its id and heading). */
export interface WithoutDailyUsage {
  title: string;
  /** The id and heading of the section the message stands in for (`worklist`, `Worklist`). */
  section: { id: string; heading: string };
  /** noDailyUsageError's `needs`: `storage figures sum usage lines, so they need`. */
  needs: string;
  /** What the hint is for: `To find idle resources, rightsizing and modernisation`. */
  hintFor: string;
}

/** The page's body: the refusal the CLI gives (noDailyUsageError), with its hint and the store's whole-bills note. */
export function withoutDailyUsage(whole: WholeBillsContext, page: WithoutDailyUsage): Html {
  const refusal = noDailyUsageError(whole.bills, page.needs);
  return html`
<h1>${page.title}</h1>
<section id="${page.section.id}" aria-labelledby="${page.section.id}-title">
  <h2 id="${page.section.id}-title">${page.section.heading}</h2>
  <p class="note" id="no-daily-usage">Nothing to show: ${refusal.message}.</p>
  <p class="note" id="no-daily-usage-hint">${page.hintFor}: ${refusal.hint}.</p>
</section>
<p class="note" id="whole-bills">${whole.note}.</p>`;
}
