import { html } from 'hono/html';
import { type ChargedDays, chargedDaysOf } from '../../../analyze/invoice-days.ts';
import { judgeOnData } from '../../../analyze/provisional-periods.ts';
import { storeDaysOf } from '../../../analyze/billing-calendar.ts';
import { lastCompleteDays, treatedAsProvisional } from '../../../analyze/provisional-wording.ts';
import { readSourceSpans } from '../../../analyze/source-spans.ts';
import { daySpan, earlierDay, laterDay, monthEnd } from '../../../lib/calendar.ts';
import { daysNotInStore, daysNotInStoreAre } from '../../../lib/store-days.ts';
import { capitalised, pluralNoun } from '../../../lib/text.ts';
import { count, daysSpan, type Html, money, type PageRequest, records, tableScroll } from '../../html/index.ts';

/** The store's billing periods as the Overview shows them, with `invoice`'s note of each not complete. */
export interface ShownBillingPeriods {
  /** The rows of store/periods_by_source, `provisional` judged on the data too (judgeOnData). */
  periods: Record<string, string | null>[];
  /** Invoice's note of each period the calendar calls final whose data does not reach its end; empty when none. */
  notes: string[];
  /** The charge days of each billing period's lines (calendar/billing_period_days). */
  charged: ChargedDays;
  /** When the store's billing data begins after the 1st of its billing period's month: why, and what that period holds; else null. */
  beginsInside: string | null;
  /**
   * The billing periods some of whose lines carry no InvoiceId (store/periods_by_source's lines_without_invoice): nothing says
   * they are invoiced (FOCUS 1.0 has no InvoiceId; AWS adds it to a CUR's lines with the invoice), so
   * the page calls them complete where their data is, never invoiced.
   */
  notInvoiced: string[];
}

/**
 * Every billing period in the store (store/periods_by_source, judged on the clock's day) with each
 * one the calendar calls final but whose data does not reach its end marked provisional, and
 * `invoice`'s note of it, as `costlens status` marks them (src/analyze/provisional-periods.ts,
 * judgeOnData, on billSpan's span and each source's own, readSourceSpans): the legacy CUR's 2023-11,
 * data through 13 Nov 2023, is `yes: incomplete`, not final, in a store of its file alone as beside
 * later data of other sources.
 */
export async function readBillingPeriods(request: PageRequest): Promise<ShownBillingPeriods> {
  const [byCalendar, span, chargeDays] = await Promise.all([
    request.run('store/periods_by_source', { today: request.context.today }),
    request.analyses.billingSpan(),
    request.run('calendar/billing_period_days'),
  ]);
  // The periods' own rows say which lack an InvoiceId: no second scan of line_items (calendar/bills_by_class) for it.
  const notInvoiced = [...new Set(records(byCalendar).filter((row) => Number(row.lines_without_invoice ?? 0) > 0).map((row) => row.billing_period!))].sort();
  const periodDays = records(chargeDays).map((row) => ({
    source: row.source ?? null, billing_period: row.billing_period ?? null, first_day: row.first_day ?? null, last_day: row.last_day ?? null,
  }));
  const charged = chargedDaysOf(periodDays);
  const spans = span ? await readSourceSpans(request.analyses.engine, span) : null;
  // The store's gaps, which a period's note names apart from the days it holds, as costlens status names them.
  const gaps = span ? storeDaysOf(span, periodDays).gaps : [];
  const { periods, notes } = judgeOnData(byCalendar, spans, charged, gaps);
  const rows = records(periods);
  return { periods: rows, notes, charged, beginsInside: span ? beginsInsidePeriod(rows, span.firstDay) : null, notInvoiced };
}

/**
 * The sentence of a store whose billing data begins inside the month of its first billing period
 * (a CUR delivered from 10 Nov 2018): that period's row reads as an invoiced bill of the days it
 * holds, so the days before are named, in the words the Overview's headline uses for them:
 * `The store's billing data begins on 10 Nov 2018, so 1–9 Nov 2018 are not in it: billing period
 * 2018-11 is shown as the bill of the days the store holds, 10–30 Nov 2018, not the whole invoice.`
 * Null when it begins on the 1st, or before its period's month (a line charged the day before).
 */
export function beginsInsidePeriod(periods: readonly Record<string, string | null>[], firstDay: string): string | null {
  const first = periods.find((p) => p.first_day === firstDay && p.last_day && p.billing_period && firstDay > `${p.billing_period.slice(0, 7)}-01`);
  const missing = first ? daysNotInStore(`${first.billing_period!.slice(0, 7)}-01`, firstDay, { firstDay, gaps: [] }) : null;
  if (!first || !missing) return null;
  return `${capitalised(missing.why)}, so ${daysNotInStoreAre(missing)} not in it: billing period ${first.billing_period} is shown as the bill of the days the store holds, ${daySpan(firstDay, first.last_day!)}, not the whole invoice.`;
}

/**
 * How the details show the periods: `wholeMonths` for a store without daily usage; `notes` false
 * where the page says why its latest bill is not complete already; `provisionalDays`, the last
 * complete days up to the data horizon that costlens treats as provisional (anomalies.provisionalDays,
 * firstProvisionalDay), both included, and how many, whatever the invoice says of their periods.
 */
export interface BillingPeriodsShown {
  wholeMonths?: boolean;
  notes?: boolean;
  provisionalDays?: { first: string; last: string; count: number } | null;
}

/**
 * The provisional days that fall in billing periods shown as final, and those periods; null when
 * none does. Costlens counts the provisional days back from the data horizon, not from the invoice,
 * so a final period's last days are drawn lighter and left unjudged all the same: said, not
 * left to contradict "final".
 */
function provisionalDaysOfFinal(periods: Record<string, string | null>[], days: BillingPeriodsShown['provisionalDays']): { first: string; last: string; periods: string[] } | null {
  if (!days) return null;
  const notFinal = new Set(periods.filter((p) => p.provisional !== 'no').map((p) => p.billing_period));
  const invoiced = periods.filter((p) => p.provisional === 'no' && !notFinal.has(p.billing_period) && p.first_day && p.last_day
    && p.first_day <= days.last && p.last_day >= days.first);
  if (invoiced.length === 0) return null;
  const firsts = invoiced.map((p) => p.first_day!).sort();
  const lasts = invoiced.map((p) => p.last_day!).sort();
  const first = laterDay(days.first, firsts[0]);
  const last = earlierDay(days.last, lasts[lasts.length - 1]);
  return { first, last, periods: [...new Set(invoiced.map((p) => p.billing_period!))].sort() };
}

/**
 * Why the provisional days of final periods are provisional all the same, in the one wording of
 * the CLI, the e-mail and the pages (treatedAsProvisional): `subject` names them (with their
 * periods, or as the last days of the data), `one` whether it is a single day, and `counted` how
 * costlens counts them; `invoiced`, whether their periods' lines all carry an InvoiceId (`whatever the
 * invoice`), else they are complete, no more (`though the period is complete`).
 */
function provisionalDaysSentence(subject: string, one: boolean, counted: string, invoiced: { all: boolean; periods: number }): string {
  const whatever = invoiced.all ? 'whatever the invoice' : `though ${pluralNoun(invoiced.periods, 'the period is', 'the periods are')} complete`;
  return `${subject} ${one ? 'is' : 'are'} still ${treatedAsProvisional(counted, ' (drawn lighter, not judged for anomalies)')}, ${whatever}.`;
}

/** How final billing periods are called: `invoiced` when every line of `periods` carries an InvoiceId (none is in `notInvoiced`), else `complete`. */
function finalWord(periods: readonly (string | null)[], notInvoiced: readonly string[]): 'invoiced' | 'complete' {
  return periods.some((p) => p !== null && notInvoiced.includes(p)) ? 'complete' : 'invoiced';
}

/**
 * Under the Overview's freshness line: the billing periods still provisional (not invoiced, or
 * their data not reaching their end, with `invoice`'s note of each such period, as `costlens
 * status` prints it under its table), and every billing period in the store with its lines, billed
 * and effective cost and the charge days its lines start on; `wholeMonths` (a store without daily
 * usage, whose lines each span their month) gives each period its whole month instead.
 */
export function billingPeriodsDetails(shown: ShownBillingPeriods, options: BillingPeriodsShown = {}): Html {
  const { periods, notes } = shown;
  const provisional = periods.filter((p) => p.provisional !== 'no');
  const days = options.provisionalDays;
  const ofFinal = provisionalDaysOfFinal(periods, days);
  // Nothing but an InvoiceId on every line says a period is invoiced (FOCUS 1.0 has none): the others are complete.
  const shownWord = finalWord(periods.map((p) => p.billing_period), shown.notInvoiced);
  const word = ofFinal ? finalWord(ofFinal.periods, shown.notInvoiced) : shownWord;
  const invoiced = { all: word === 'invoiced', periods: ofFinal?.periods.length ?? 0 };
  const lighter = !ofFinal || !days ? null : provisional.length === 0
    ? `Every billing period shown is ${shownWord}. ${provisionalDaysSentence(`${capitalised(lastCompleteDays(days.count))} of its data, ${daySpan(ofFinal.first, ofFinal.last)},`, days.count === 1, pluralNoun(days.count, 'it', 'them'), invoiced)}`
    : provisionalDaysSentence(`Of ${word} ${pluralNoun(ofFinal.periods.length, 'billing period')} ${ofFinal.periods.join(', ')}, ${daySpan(ofFinal.first, ofFinal.last)}`,
      ofFinal.first === ofFinal.last, lastCompleteDays(days.count), invoiced);
  // The days in daySpan's house style (`1–13 Nov 2023`; `1–31 Oct 2018 (the whole month)`), as every span on the page.
  const periodDays = (p: Record<string, string | null>) => (options.wholeMonths && p.first_day ? `${daysSpan(p.first_day, monthEnd(p.first_day))} (the whole month)` : daysSpan(p.first_day, p.last_day));
  return html`${provisional.length
    ? html`<p class="provisional" id="provisional">Provisional, will change until invoiced:
        ${provisional.map((p, i) => html`${i ? ', ' : ''}<span data-period="${p.billing_period}">${p.billing_period} (${p.source}: ${(p.provisional ?? '').replace(/^yes: /, '')})</span>`)}${lighter ? html`. <span id="provisional-days">${lighter}</span>` : ''}</p>`
    : html`<p class="final" id="provisional">${lighter ?? `Every billing period shown is final (${shownWord}).`}</p>`}${shown.beginsInside
    ? html`
  <p class="note" id="store-begins">${shown.beginsInside}</p>` : ''}${options.notes !== false && notes.length
    ? html`
  <p class="note" id="incomplete-periods">${notes.map((note, i) => html`${i ? html`<br>` : ''}${note}`)}</p>` : ''}
  <details><summary>Billing periods in the store</summary>
    ${tableScroll('Billing periods in the store', html`<table class="numbers">
      <thead><tr><th>Source</th><th>Period</th><th>Lines</th><th>Billed</th><th>Effective</th><th>Days</th><th>Last ingest</th><th>Provisional</th></tr></thead>
      <tbody>${periods.map((p) => html`<tr><td>${p.source}</td><td>${p.billing_period}</td><td>${count(p.rows)}</td><td>${money(p.billed_cost)}</td><td>${money(p.effective_cost)}</td><td>${periodDays(p)}</td><td>${(p.last_ingest ?? '').slice(0, 16)}</td><td>${p.provisional}</td></tr>`)}</tbody>
    </table>`)}
  </details>`;
}
