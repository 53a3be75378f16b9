/**
 * Every page's filter form, in one shape: a plain GET form (the URL is the view) whose fields sit
 * in a `<details>` panel. Its summary line names what the page shows ("Filters (1 active): Last 7
 * days · billed · Region: eu-west-1"), so a phone, where app.js folds the panel away under 480 px,
 * still says which filters are in force; wide screens keep it open. Nothing is applied until the
 * user presses Apply (or Enter in a field): app.js checks every change inline, beside the field,
 * and says that the change is waiting for Apply.
 */
import { html } from 'hono/html';
import type { Html } from './page.ts';

/** What {@link filterForm} needs. */
export interface FilterFormOptions {
  /** The page's path (the form's action). */
  action: string;
  /** The form's fields (labels with their inputs and selects, hidden fields); the Apply button is added. */
  fields: Html;
  /** How the page reads its data, in force now: "as of 14 Nov 2026", "billed", "Last 7 days". */
  settings: string[];
  /** The filters in force that narrow the data ("Region: eu-west-1"): counted as active. */
  active?: string[];
  /** The form's id (default `filters`). */
  id?: string;
}

/**
 * The filter form: the fields in a panel that is open (app.js folds it on a phone), its summary
 * line naming the settings and the active filters, an Apply button, and an empty status line
 * app.js fills when a change waits for Apply.
 */
export function filterForm(options: FilterFormOptions): Html {
  const { action, fields, settings, active = [], id = 'filters' } = options;
  const count = active.length ? ` (${active.length} active)` : '';
  const shown = [...settings, ...active];
  return html`<form class="filters" id="${id}" method="get" action="${action}">
<details class="filter-panel" open>
  <summary><span class="filter-heading">Filters${count}</span>${shown.length ? html`<span class="filter-summary">: ${shown.join(' · ')}</span>` : ''}</summary>
  <div class="filter-fields">
  ${fields}
  <div class="filter-apply"><button type="submit">Apply</button> <span class="pending-note" role="status"></span></div>
  </div>
</details>
</form>`;
}
