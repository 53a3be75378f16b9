/**
 * The Overview's top services and top accounts tables (overview/top_services, overview/top_accounts): this
 * month's usage of each, beside the compared days' and the change when usage is compared, its share and its top
 * driver. Beside a delivery that has ended they compare as the month-to-date cards do (ended-comparison.ts):
 * without its lines, read again without its sources, said under them briefly, referring to the cards' one sentence
 * (`Compared without the lines of aws/836060457634, as the cards above.`); or not compared, referring to why. The real 2018 CUR cut after 13 Nov beside the FOCUS sample in Oct and Nov 2018 showed no
 * comparison as of 25 Nov, where the cards compared the FOCUS data's usage alone.
 */
import { html } from 'hono/html';
import { listParam } from '../../../engine/duckdb.ts';
import { centsOfUnits, formatCents, toUnits } from '../../../lib/money.ts';
import { type Html, moneyBesideShareCell, type PageRequest, percent, records, signedMoney, tableScroll } from '../../html/index.ts';
import { driverCell, type OverviewDrivers } from './drivers.ts';
import { endedReference, type OverviewEnded } from './ended-comparison.ts';

type Row = Record<string, string | null>;
type QueryResult = Parameters<typeof records>[0];

/** The rows of both tables, as the page shows them. */
export interface TopRows {
  services: Row[];
  accounts: Row[];
}

/**
 * The change a row shows between two exact amounts (decimal text): the later amount as shown less
 * the earlier as shown, each rounded once to the cent (half away from zero), so that the three
 * figures read as a subtraction a reader can check; not the exact change rounded on its own, which
 * can be a cent off it (−406.0844 is −$406.08, but $3,357.94 − $3,764.03 is −$406.09).
 */
export function shownChangeCents(current: string | null, previous: string | null): bigint {
  return centsOfUnits(toUnits(current ?? '0')) - centsOfUnits(toUnits(previous ?? '0'));
}

/**
 * The tables' rows: `whole` (read with every line) as they are, or, when the month to date is compared without
 * the lines of a delivery that has ended (`ended`), both queries read again without its sources, so the tables
 * compare what the cards compare.
 */
export async function readTopRows(request: PageRequest, params: { as_of: string; cost: string }, ended: OverviewEnded | null, whole: { services: QueryResult; accounts: QueryResult }): Promise<TopRows> {
  if (ended?.notCompared !== null) return { services: records(whole.services), accounts: records(whole.accounts) };
  const without = { ...params, top: '10', exclude_sources: listParam(ended.sources) };
  const [services, accounts] = await Promise.all([request.run('overview/top_services', without), request.run('overview/top_accounts', without)]);
  return { services: records(services), accounts: records(accounts) };
}

/**
 * Both tables side by side (`rows` empty when the store holds none of this month's days: `empty` says why), the
 * compared column headed `compared` (null: nothing compared), and under them what a delivery that has ended
 * changes, referring to the cards' sentence (endedReference).
 */
export function topTablesSection(rows: TopRows, drivers: OverviewDrivers, shown: { usageName: string; compared: string | null; empty: string; ended: OverviewEnded | null }): Html {
  const { usageName, compared, empty, ended } = shown;
  return html`<div class="columns">
  ${topTable('top-services', `Top services, ${usageName}`, ['Service'], rows.services, (r) => [r.service], drivers, (r) => driverCell(drivers, 'service', r.service), { compared, empty })}
  ${topTable('top-accounts', `Top accounts, ${usageName}`, ['Account', 'Name'], rows.accounts, (r) => [r.account_id, r.account_name], drivers, (r) => driverCell(drivers, 'account', r.account_id), { compared, empty })}
</div>${ended ? html`
<p class="note" id="top-tables-ended">${endedReference(ended)}</p>` : ''}`;
}

function topTable(
  id: string,
  title: string,
  heads: string[],
  rows: Row[],
  label: (row: Row) => (string | null)[],
  drivers: OverviewDrivers,
  driver: (row: Row) => Html,
  /** The compared column's heading (null when nothing is compared), and what a table without rows says. */
  shown: { compared: string | null; empty: string },
): Html {
  const { compared, empty } = shown;
  const columns = heads.length + (compared ? 4 : 2) + (drivers.ok ? 1 : 0);
  // On a phone each row is a card (class stack: app.js labels each cell with its column's heading, app.css stacks them), so no money column is cut off.
  return html`<section class="top-table">
  <h2>${title}</h2>
  ${tableScroll(title, html`<table class="numbers stack" id="${id}">
    <thead><tr>${heads.map((h, i) => (i === 0 ? html`<th>${h}</th>` : html`<th class="text">${h}</th>`))}<th>This month</th>${compared ? html`<th>${compared}</th><th>Change</th>` : ''}<th>Share</th>${drivers.ok ? html`<th class="text">Top driver (part, change)</th>` : ''}</tr></thead>
    <tbody>
      ${rows.length === 0 ? html`<tr><td colspan="${columns}">${empty}</td></tr>` : ''}
      ${rows.map(
        (r) => html`<tr>${label(r).map((v, i) => (i === 0 ? html`<td>${v ?? ''}</td>` : html`<td class="text">${v ?? ''}</td>`))}${moneyBesideShareCell(r.current_cost)}${compared ? html`${moneyBesideShareCell(r.previous_cost)}<td data-value="${r.change}">${signedMoney(formatCents(shownChangeCents(r.current_cost, r.previous_cost)))}</td>` : ''}<td>${percent(r.share_pct)}</td>${drivers.ok ? driver(r) : ''}</tr>`,
      )}
    </tbody>
  </table>`)}
</section>`;
}
