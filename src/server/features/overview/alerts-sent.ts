/**
 * The Overview's alert log: the alerts `costlens alerts check` sent in the last 30 days (budget
 * crossings and anomaly events, from the alert ledger; queries/alerts/alerts_sent.sql), latest
 * first, each with when it first went out and on how many channels. The budget card above and the
 * anomaly events beside it show what the alerts are about; this card shows what was sent. With an
 * empty ledger it says how alerts are set up, in a note as the other cards' notes are set; a ledger the engine cannot read (Athena holds no
 * alert ledger) is named in the card, never as an error of the page.
 */
import { html } from 'hono/html';
import { CostlensError } from '../../../errors.ts';
import { addDays, onDaySpan } from '../../../lib/calendar.ts';
import { plural } from '../../../lib/text.ts';
import { day, type Html, type PageRequest, records, tableScroll } from '../../html/index.ts';

/** Days of sends the card lists, up to today. */
export const ALERT_LOG_DAYS = 30;

/**
 * The card, for the Overview (`id="alerts-sent"`): the sends of the last {@link ALERT_LOG_DAYS} days
 * by the clock, whatever the page's `asOf` (a send is dated when it went out, not by the billing
 * data's days); the sentence says so when the page's as-of day is outside those days.
 */
export async function alertsSentCard(request: PageRequest, asOf?: string): Promise<Html> {
  const from = addDays(request.context.today, -(ALERT_LOG_DAYS - 1));
  let rows: Record<string, string | null>[];
  try {
    rows = records(await request.run('alerts/alerts_sent', { from, top: '20' }));
  } catch (error) {
    if (!(error instanceof CostlensError) || error.code === 'internal') throw error;
    return html`<section class="top-table" id="alerts-sent"><h2>Alerts sent</h2><p>The alert ledger cannot be read here: ${error.message}.</p></section>`;
  }
  const since = `${onDaySpan(from, request.context.today)}${clockNote(from, request.context.today, asOf)}`;
  return html`<section class="top-table" id="alerts-sent">
  <h2>Alerts sent</h2>
  ${rows.length === 0
    ? html`<p>No alert was sent ${since}.</p>
  <p class="note" id="alerts-setup"><code>costlens alerts check</code> (or <code>costlens serve --schedule</code>) e-mails and posts each budget threshold crossed and each anomaly event once, to the addresses and webhooks under <code>alerts:</code> in the config (README, "Alerts").</p>`
    : html`<p>${plural(rows.length, 'alert')} sent ${since}, latest first.</p>
  ${tableScroll('Alerts sent', html`<table class="numbers" id="alerts-sent-table">
    <thead><tr><th>Alert</th><th>Kind</th><th>First sent (UTC)</th><th>Channels</th></tr></thead>
    <tbody>${rows.map((r) => html`<tr data-alert="${r.kind}:${r.subject_key}:${r.threshold}">
      <td>${r.title ?? `${r.subject_key} ${r.threshold}`}</td>
      <td>${r.kind}</td>
      <td>${(r.first_sent_at ?? '').slice(0, 16).replace('T', ' ')}</td>
      <td>${r.channels_sent}${r.channels_not_sent !== '0' ? html`<br><span class="note">${r.channels_not_sent} not confirmed</span>` : ''}</td>
    </tr>`)}</tbody>
  </table>`)}`}
  <p class="note">From the alert ledger in the store; a send whose outcome is unknown is held back until <code>costlens alerts check --resend-unknown</code>.</p>
</section>`;
}

/**
 * After the days of the card, when the page's as-of day is not one of them: that sends are counted
 * by the clock (` (by the clock: an alert is dated when it was sent, not by the billing data's days,
 * and this page is as of 30 Nov 2018)`); empty otherwise.
 */
export function clockNote(from: string, today: string, asOf: string | undefined): string {
  if (asOf === undefined || (asOf >= from && asOf <= today)) return '';
  return ` (by the clock: an alert is dated when it was sent, not by the billing data's days, and this page is as of ${day(asOf)})`;
}
