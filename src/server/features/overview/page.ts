import { html } from 'hono/html';
import { addDays, daySpan, daysBetween, monthLabel, nextMonthStart, shortDay, daysJustBeforeName, addMonths } from '../../../lib/calendar.ts';
import { daysHeldOf, daysNotInStore, type DaysNotInStore, daysNotInStoreAre, runsText, type StoreDays } from '../../../lib/store-days.ts';
import { formatCents, unitsOrNull } from '../../../lib/money.ts';
import { capitalised, plural } from '../../../lib/text.ts';
import { monthSoFar, monthToDateName, wholeMonthThrough } from '../../../analyze/month-names.ts';
import { contextFor, storeDaysOf } from '../../context.ts';
import { FilterReader } from '../../filters.ts';
import { changePercent, count, day, filterForm, type Html, money, notComparedFigure, notInStoreFigure, type Page, type PageRequest, records, signedMoney, splitMoney, tableScroll } from '../../html/index.ts';
import { anomalyEventsSection } from './anomalies-section.ts';
import { netViewPeriods, netViewSection } from './net-view.ts';
import { overviewDrivers, whyItChangedCard } from './drivers.ts';
import { alertsSentCard } from './alerts-sent.ts';
import { budgetStatusCard } from './budget-status.ts';
import { billingPeriodsDetails, readBillingPeriods, type ShownBillingPeriods } from './billing-periods.ts';
import { type ChargeDayBasis, readChargeDayBases } from './charge-day-basis.ts';
import { firstProvisionalDay, heldBackWords } from '../../../analyze/billing-calendar.ts';
import { dailyUsageChart } from './daily-chart.ts';
import { monthToDateByServiceChart, notComparedReference } from './month-to-date-chart.ts';
import { wholeBillsOverview } from './whole-bills.ts';
import { chargeClassDaysNotInStore, monthDaysNotInStore } from './charge-classes-days.ts';
import { endedReference, endedSentence, overviewEnded } from './ended-comparison.ts';
import { readTopRows, shownChangeCents, topTablesSection } from './top-tables.ts';
import { type PartialDay, partialDayEndingMonth, partialDaySentence } from './partial-day.ts';

/** The parameters the Overview takes. */
const OVERVIEW_FILTERS = ['as_of', 'cost'] as const;
const COSTS = ['billed', 'effective'] as const;

/**
 * Overview: data freshness (last charge day, last ingest, provisional periods), month to date
 * against the same days of the previous month (or as many days just before this month when it is shorter), daily spend stacked by service, and the top
 * services and accounts, and each billing period's billed beside its amortised and net amortised
 * cost (the invoice's net view), and the anomaly events of the last 14 days with their drivers. `?as_of=YYYY-MM-DD` looks at another day (every card
 * follows it: the net view and the budgets too), `?cost=effective` at amortised cost; both stay in the URL, and
 * any other parameter is refused (400). A store without daily usage (a monthly CUR, fees only) has
 * no day to compare: its Overview shows whole monthly bills instead (whole-bills.ts).
 */
export const overviewPage: Page = {
  path: '/',
  title: 'Overview',
  rendersEmptyStore: true,
  async render(request: PageRequest) {
    const { run, query } = request;
    // Read strictly, as every page reads its filters: a parameter it does not take (`?asof=` for
    // `?as_of=`) is a 400 naming it, never the default view given silently.
    const filters = new FilterReader(query, 'the Overview page', OVERVIEW_FILTERS);
    const asOfParam = filters.date('as_of');
    const cost = filters.choice('cost', COSTS) ?? 'billed';
    const whole = request.context.whole_bills;
    if (whole) return { title: 'Overview', body: await wholeBillsOverview(request, whole, { asOf: asOfParam, cost }) };
    const context = asOfParam ? contextFor(request.context.today, request.context, asOfParam) : request.context;
    // Usage is compared over complete days: up to the day before a partial day that ends this month's days up to as-of
    // (partial-day.ts: the legacy CUR's 14 Nov 2023, usage to 04:00), which is named, not counted; every charge class is read to as-of.
    const partial = partialDayEndingMonth(await request.analyses.billingSpan(), context.deliveries, { monthStart: context.month_start, asOf: context.as_of, store: storeDaysOf(context) });
    const usageAsOf = partial ? addDays(partial.day, -1) : context.as_of;
    const [mtd, usageMtd, services, accounts, periods, chargedNow, invoiceBefore, anomalies, budgets, alertsSent] = await Promise.all([
      run('overview/month_to_date', { as_of: context.as_of, cost }),
      partial ? run('overview/month_to_date', { as_of: usageAsOf, cost }) : null,
      run('overview/top_services', { as_of: usageAsOf, cost, top: '10' }),
      run('overview/top_accounts', { as_of: usageAsOf, cost, top: '10' }),
      readBillingPeriods(request),
      // The net view covers the page's days: this month's billing period over its charge days up
      // to as-of (the days of "Every charge class, month to date"), last month's whole; nothing
      // charged after as-of. Every billing period charged on this month's days is read, to name
      // the lines of another period that "Every charge class" counts by charge day.
      run('invoice/by_charge_class', { charge_from: context.month_start, charge_to: context.as_of_next }),
      run('invoice/by_charge_class', { billing_from: context.prev_month_start, billing_to: context.month_start, charge_to: context.as_of_next }),
      anomalyEventsSection(request, context.as_of, cost === 'effective' ? 'effective' : 'billed'),
      budgetStatusCard(request, asOfParam === undefined ? undefined : context.as_of),
      alertsSentCard(request, context.as_of),
    ]);
    const classes = records(mtd);
    const classUsage = classes.find((r) => r.charge_class === 'usage')!;
    const usageRow = usageMtd ? records(usageMtd).find((r) => r.charge_class === 'usage')! : classUsage;
    // Beside a delivery that has ended (spans of days all in the store): usage compared without its lines, or not at all
    // (ended-comparison.ts); every charge class read whole.
    const ended = await overviewEnded(request, usageRow, { as_of: usageAsOf, cost });
    const m = ended?.notCompared === null ? ended.without : usageRow;
    const total = classes.find((r) => r.charge_class === 'total')!;
    const costLabel = cost === 'effective' ? 'effective (amortised) cost' : 'billed cost';
    // Each span named by the days the store holds of it (a gap inside a month is not in the store).
    const currentSpan = spanText(m.current_start, m.current_end, storeDaysOf(context));
    const previousSpan = spanText(m.previous_start, m.previous_end, storeDaysOf(context));
    const missing = daysNotInStore(m.previous_start, m.previous_end, storeDaysOf(context));
    const currentMissing = daysNotInStore(m.current_start, m.current_end, storeDaysOf(context));
    // The days after a partial day up to as-of that the store does not hold: some of this month's, never all.
    const afterPartial = partial ? daysNotInStore(addDays(partial.day, 1), context.as_of_next, storeDaysOf(context)) : null;
    const laterMissing = currentMissing ?? (afterPartial && { ...afterPartial, all: false });
    // Equal spans of complete days only: a day not in the store is not a day of no spend, nor is a partial day a whole one.
    const compared = !missing && !currentMissing && !laterMissing && !partial && !ended?.notCompared;
    const before = daysJustBeforeName(m.current_start, m.previous_start, m.previous_end);
    // The top tables and the chart compare as the cards do: beside a delivery that has ended, without its lines (top-tables.ts).
    const comparedColumn = compared ? capitalised(before ?? 'same days last month') : null;
    // The change shown is the difference of the two figures shown beside it (each rounded once), as the
    // "Why it changed" card's total is; data-value keeps the exact change.
    const usageChange = shownChangeCents(m.current_cost, m.previous_cost);
    // The month counted to as-of: "month to date" while it runs on, the month itself once as-of is its last day.
    const mtdName = monthToDateName(context.as_of);
    const usageName = wholeMonthThrough(context.as_of) ? `usage in ${mtdName}` : `usage ${mtdName}`;
    const thisMonth = context.month_start.slice(0, 7);
    const invoiceNow = records(chargedNow).filter((r) => String(r.billing_period).slice(0, 7) === thisMonth);
    const previousGap = daysNotInStore(context.prev_month_start, context.month_start, storeDaysOf(context));
    const bases = await readChargeDayBases(request, {
      asOf: context.as_of, monthStart: context.month_start, previousMonthStart: context.prev_month_start, cost, charged: periods.charged,
      chargedThisMonth: records(chargedNow), netPrevious: records(invoiceBefore),
      totals: { current: total.current_cost, previous: previousGap?.all ? null : total.previous_period_cost },
    });
    // The top tables when the store holds none of this month's days: no rows (their costs are null, not $0.00), and why.
    const empty = currentMissing?.all ? "No data: this month's days are not in the store." : 'No spend in this month yet.';
    const [tops, drivers] = await Promise.all([
      currentMissing?.all ? { services: [], accounts: [] } : readTopRows(request, { as_of: usageAsOf, cost }, ended, { services, accounts }),
      overviewDrivers(request, { start: m.current_start, end: m.current_end }, { start: m.previous_start, end: m.previous_end }, cost, { current: currentMissing, previous: missing }, before ?? undefined, ended),
    ]);
    const body = html`
<h1>Overview</h1>
${freshness(request, periods)}
${filterForm({
    action: '/',
    settings: [`as of ${day(context.as_of)}`, costLabel],
    fields: html`<label>As of <input type="date" name="as_of" value="${context.as_of}" required></label>
  <label>Cost <select name="cost">
    <option value="billed"${cost === 'billed' ? ' selected' : ''}>billed</option>
    <option value="effective"${cost === 'effective' ? ' selected' : ''}>effective (amortised)</option>
  </select></label>`,
  })}
<p class="as-of" id="as-of">${asOfText(context.as_of, asOfParam !== undefined, request.context)}.
  ${before ? `${compared ? 'Usage is compared over this' : 'This'} month's complete days and as many days just before it (last month has fewer days)` : compared ? 'Usage is compared over the same complete days' : partial || partlyHeld(laterMissing, missing) ? 'The complete days of both months the store holds' : 'The same complete days of both months'}: <strong id="mtd-days">${currentSpan}</strong> against <strong>${previousSpan}</strong>.${partial ? html` <span id="partial-day">${partialDaySentence(partial)}</span>` : ''}${notInStoreNotes(laterMissing, missing, before)}${ended ? html` <span id="ended-delivery">${endedSentence(ended)}</span>` : ''}</p>
<section class="kpis" aria-label="${capitalised(mtdName)}">
  <div class="kpi" id="mtd-current">
    <h2>Usage, ${mtdName}</h2>
    ${currentMissing?.all
    ? notInStoreFigure('no data', `${currentSpan}: ${currentMissing.where}`)
    : html`<p class="figure" data-value="${m.current_cost}">${money(m.current_cost)}</p>
    <p class="range">${currentSpan}</p>`}
  </div>
  <div class="kpi" id="mtd-previous">
    <h2>Usage, ${before ?? 'same days last month'}</h2>
    ${missing?.all
    ? notInStoreFigure('no data', `${previousSpan}: ${missing.where}`)
    : html`<p class="figure" data-value="${m.previous_cost}">${money(m.previous_cost)}</p>
    <p class="range">${previousSpan}</p>`}
  </div>
  <div class="kpi" id="mtd-change">
    <h2>Change in usage</h2>
    ${!compared
    ? (ended?.notCompared ? notInStoreFigure('not compared', 'a delivery that has ended (above)')
      : !laterMissing && !missing && partial ? notInStoreFigure('not compared', `${shortDay(partial.day, true)} is a partial day (above)`) : notComparedFigure(laterMissing, missing))
    : html`<p class="figure ${usageChange > 0n ? 'up' : usageChange < 0n ? 'down' : ''}" data-value="${m.change}">${signedMoney(formatCents(usageChange))}</p>
    <p class="range">${m.change_pct === null ? '–' : changePercent(m.current_cost, m.previous_cost)} ${before ? `against ${before}` : 'on the same days'}</p>`}
  </div>
</section>
${whyItChangedCard(drivers)}
${otherCharges(classes, total, classUsage, { asOf: context.as_of, store: storeDaysOf(context), partial, compared, comparedWithout: ended?.notCompared === null ? ended.sources : [], bases: basisNotes(bases, 'chargeClasses') })}
${budgets}
${alertsSent}
${netViewSection(netViewPeriods([...invoiceNow, ...records(invoiceBefore)]), { current: thisMonth, asOf: context.as_of, store: storeDaysOf(context), bases: basisNotes(bases, 'netView') })}
${dailyUsageChart({ context, provisionalDays: request.config.anomalies.provisionalDays }, cost, costLabel)}
${currentMissing?.all ? '' : monthToDateByServiceChart({ asOf: usageAsOf, cost, costLabel, usageName, before, current: { start: m.current_start, end: m.current_end }, previous: { start: m.previous_start, end: m.previous_end },
    without: ended?.notCompared === null ? { sources: ended.sources, sentence: endedReference(ended) } : null, notCompared: compared ? null : notComparedReference(ended) })}
${topTablesSection(tops, drivers, { usageName, compared: comparedColumn, empty, ended })}
${anomalies}`;
    return { title: 'Overview', body };
  },
};

/**
 * `1–30 Nov 2026 (30 days)` for a half-open range of days; when the store holds some of them but not all (a gap
 * inside the month), the days it holds: `1–9 Nov 2018 and 13–30 Nov 2018 (27 days)`.
 */
function spanText(start: string | null, endExclusive: string | null, store: StoreDays | undefined): string {
  if (!start || !endExclusive || start >= endExclusive) return 'no days to compare';
  const last = addDays(endExclusive, -1);
  const days = daysBetween(start, endExclusive);
  const held = daysHeldOf(start, last, store);
  if (held.notHeld && !held.notHeld.all) return `${runsText(held.runs)} (${plural(days - held.notHeld.days, 'day')})`;
  return `${daySpan(start, last)} (${plural(days, 'day')})`;
}

/** Whether either span holds days not in the store beside days it holds (so the two are not the same days). */
function partlyHeld(current: DaysNotInStore | null, previous: DaysNotInStore | null): boolean {
  return (current !== null && !current.all) || (previous !== null && !previous.all);
}

/**
 * The sentences after the compared spans when some of their days are not in the store: one per
 * reason, so this month's and last month's missing days share a sentence when one reason covers both.
 */
function notInStoreNotes(current: DaysNotInStore | null, previous: DaysNotInStore | null, before: string | null): Html {
  const shared = current !== null && current.why === previous?.why;
  const partly = (current !== null || previous !== null) && !current?.all && !previous?.all;
  return html`${current && !shared ? html` <span id="current-not-in-store">${capitalised(current.why)}, so ${currentMissingText(current)}.</span>` : ''}${previous
    ? html` <span id="before-data">${capitalised(previous.why)}, so ${shared ? `${currentMissingText(current)}, and ` : ''}${missingText(previous, before)}.</span>` : ''}${partly
    ? html` <span id="not-compared">Usage is not compared: a day not in the store is not a day of no spend.</span>` : ''}`;
}

/** What this month's days not in the store mean, after the reason and "so": `1–9 Oct 2026 are not in it this month`. */
function currentMissingText(missing: DaysNotInStore): string {
  if (missing.all) return "this month's days up to the as-of day are not in it (choose an as-of day the store holds)";
  return `${daysNotInStoreAre(missing)} not in it this month`;
}

/** What the compared days not in the store mean, after the reason and "so": last month's, or `the 31 days before` when last month is shorter. */
function missingText(missing: DaysNotInStore, before: string | null): string {
  if (missing.all) return `${before ?? "last month's days"} are not in it and usage is not compared`;
  return `${daysNotInStoreAre(missing)} not in it ${before ? `(of ${before})` : 'last month'}`;
}

/** `As of 19 Nov 2018, the last complete day in the store` (naming the delivery that holds the data horizon back, if one does: heldBackWords). */
function asOfText(asOf: string, given: boolean, context: Pick<PageRequest['context'], 'horizon' | 'held_back'>): string {
  if (given) return `As of ${shortDay(asOf, true)} (chosen)`;
  return context.horizon ? `As of ${shortDay(asOf, true)}, the last complete day in the store${heldBackWords({ heldBack: context.held_back })}` : `As of ${shortDay(asOf, true)}`;
}

/** The rows of the classes that post once a period, as every report lists them (queries/charges/listed_classes.cte.sql). */
const CLASS_LABELS: Record<string, string> = {
  recurring: 'Recurring fees (RI/SP fees, support, subscriptions)',
  'one-time': 'One-time charges (upfront fees, purchases)',
  tax: 'Tax',
  credit: 'Credits, refunds and discounts',
  adjustment: 'Adjustments (charges in no other category)',
};

/** Adjustments are rare (a FOCUS Adjustment, a CUR line item type no other category takes): their row is listed only when it holds some. */
const LISTED_WHEN_ANY = new Set(['adjustment']);

/** Whether a decimal text is zero (`0`, `0.0000000000`, `-0.00`); null counts as zero. */
const isZero = (value: string | null) => value === null || /^-?0*(\.0*)?$/.test(value);

/** Whether the Overview lists a class's row: every class with a label, a rare one only when it holds money in either column. */
function listedRow(r: Record<string, string | null>): boolean {
  const name = r.charge_class ?? '';
  if (!CLASS_LABELS[name]) return false;
  return !LISTED_WHEN_ANY.has(name) || !isZero(r.current_cost) || !isZero(r.previous_period_cost);
}

/**
 * The charge classes that post once a period, listed apart so a fee on the 1st never reads as a
 * change in spend: this month up to as-of (`Nov 2018 so far`, or `Nov 2018` once as-of is its last day) beside the month before, whole.
 */
function otherCharges(classes: Record<string, string | null>[], total: Record<string, string | null>, usage: Record<string, string | null>, days: { asOf: string; store: StoreDays | undefined; partial: PartialDay | null; compared: boolean; comparedWithout: string[]; bases: string[] }): Html {
  const { asOf, store, compared, comparedWithout, bases } = days;
  // Every line of usage, so that the classes add up to the total: compared above without a delivery that has ended, the label says whose lines it holds besides.
  const usageLabel = !compared ? 'Usage' : comparedWithout.length ? `Usage (compared above without the lines of ${comparedWithout.join(', ')})` : 'Usage (compared above)';
  const monthBefore = usage.current_start ? addMonths(usage.current_start, -1) : null;
  const previous = monthBefore ? monthLabel(monthBefore) : '';
  const gap = monthBefore ? daysNotInStore(monthBefore, nextMonthStart(monthBefore), store) : null;
  const rows = [usage, ...classes.filter(listedRow)];
  // Each column's rows split its total: in cents by largest remainder, as `costlens invoice` rounds its classes (splitCents),
  // so they add up to the total shown (usage $3,357.94 and fees $147.39 of $3,505.33 in Nov 2018; each rounded alone, fees read $147.38).
  const column = (key: 'current_cost' | 'previous_period_cost') => splitMoney(rows.map((r) => unitsOrNull(r[key])), unitsOrNull(total[key]));
  const [nowShown, thenShown] = [column('current_cost'), column('previous_period_cost')];
  const then = (value: string | null, shown: string) => (gap?.all ? html`<td data-value="">no data</td>` : html`<td data-value="${value}">${shown}</td>`);
  // This month's column: null when the store holds none of its days (overview/month_to_date), never $0.00.
  const now = (value: string | null, shown: string) => (value === null ? html`<td data-value="">no data</td>` : html`<td data-value="${value}">${shown}</td>`);
  return html`<section class="top-table" id="charge-classes">
  <h2>Every charge class, ${monthToDateName(asOf)}</h2>
  ${tableScroll(`Every charge class, ${monthToDateName(asOf)}`, html`<table class="numbers">
    <thead><tr><th>Charge class</th><th>${usage.current_start ? monthSoFar(asOf) : ''}</th><th>${previous}, whole month</th></tr></thead>
    <tbody>
      ${rows.map((r, i) => html`<tr data-class="${r.charge_class}"><td>${i === 0 ? usageLabel : CLASS_LABELS[r.charge_class!]}</td>${now(r.current_cost, nowShown[i])}${then(r.previous_period_cost, thenShown[i])}</tr>`)}
      <tr data-class="total"><th>Total</th>${now(total.current_cost, money(total.current_cost))}${then(total.previous_period_cost, money(total.previous_period_cost))}</tr>
    </tbody>
  </table>`)}
  <p class="note">Fees, tax and credits post once a billing period (on the 1st or at month end), so they are listed here and not compared day for day.${
    chargeClassDaysNotInStore(monthDaysNotInStore(asOf, store), gap, previous)}${days.partial
    ? html` <span id="charge-classes-partial-day">Of ${shortDay(days.partial.day, true)}, a ${days.partial.words}, it counts the lines the store holds.</span>` : ''}${bases.length
    ? html` <span id="charge-day-basis">${bases.join(' ')}</span>` : ''}</p>
</section>`;
}

function freshness(request: PageRequest, periods: ShownBillingPeriods): Html {
  const { context } = request;
  if (!context.last_day) {
    return html`<section class="freshness empty" id="freshness"><p>The store holds no billing data yet: run <code>costlens ingest PATH</code>.</p></section>`;
  }
  return html`<section class="freshness" id="freshness">
  <p>Complete through <strong data-value="${context.horizon ?? context.last_day}">${day(context.horizon ?? context.last_day)}</strong>
    (the last complete charge day of usage, UTC${heldBackWords({ heldBack: context.held_back })})${context.horizon && context.last_day > context.horizon ? html`; lines dated up to <span id="last-charge-day">${day(context.last_day)}</span> (fees posted early, or a day still arriving) are not compared yet` : ''} · last ingest ${context.last_ingest ? `${context.last_ingest.slice(0, 16)} UTC` : 'unknown'} · ${count(String(context.lines))} line items</p>
  ${billingPeriodsDetails(periods, { provisionalDays: provisionalDaysOf(context.horizon, request.config.anomalies.provisionalDays) })}
</section>`;
}

/** The last `count` complete days up to the data horizon, which costlens treats as provisional (firstProvisionalDay); null with none. */
function provisionalDaysOf(horizon: string | undefined, count: number): { first: string; last: string; count: number } | null {
  const first = horizon ? firstProvisionalDay({ lastDay: horizon }, count) : null;
  return horizon && first ? { first, last: horizon, count } : null;
}

/** One table's side of each column's charge-day basis (charge-day-basis.ts), this month's first. */
function basisNotes(bases: { current: ChargeDayBasis | null; previous: ChargeDayBasis | null }, side: keyof ChargeDayBasis): string[] {
  return [bases.current, bases.previous].filter((b) => b !== null).map((b) => b[side]);
}
