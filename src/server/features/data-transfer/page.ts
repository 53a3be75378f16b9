import { html } from 'hono/html';
import { addDays, addMonths, daySpan, daysJustBeforeName, monthStart } from '../../../lib/calendar.ts';
import { daysHeldOf, daysNotInStore, daysNotInStoreAre, type DaysNotInStore } from '../../../lib/store-days.ts';
import { capitalised } from '../../../lib/text.ts';
import { contextFor, storeDaysOf } from '../../context.ts';
import { FilterReader } from '../../filters.ts';
import { shownCents, shownComparison } from '../../comparison-cents.ts';
import { centsOfUnits, formatCents, toUnits } from '../../../lib/money.ts';
import { withoutDailyUsage } from '../../without-daily-usage.ts';
import type { UsageWithoutType } from '../../../analyze/usage-without-type.ts';
import { linesLeftOut, notClassifiedFigure, notClassifiedNote, whyNoneClassified } from '../../usage-without-type.ts';
import { monthToDateName, wholeMonthThrough } from '../../../analyze/month-names.ts';
import { endedInMonthRows, endedPartialDaysInRows, heldDaysChart, overMonthWords } from '../../held-days-chart.ts';
import { leftOutWithoutTypeNote, spanWithoutType, totalRow, transferEnded, transferResults } from './ended-comparison.ts';
import { changePercent, count, day, filterForm, type Html, money, notComparedFigure, notInStoreFigure, type Page, type PageRequest, records, resourceClass, signedMoney, tableScroll } from '../../html/index.ts';

type Row = Record<string, string | null>;
const COSTS = ['billed', 'effective'] as const;

/** What the page and its queries (`/api/queries/data_transfer/…`) need, in their refusal of a store without daily usage (noDailyUsageError's `needs`). */
export const TRANSFER_NEED = 'data transfer compares days of usage month to date, so it needs';

/** What the Data transfer page says of the AWS usage lines without a usage type (the end of usageWithoutTypeNote's sentence). */
export const TRANSFER_WITHOUT_TYPE = 'the Data transfer page cannot tell their transfer (internet egress, inter-region, inter-AZ, NAT processing, CloudFront)'
  + ' from their other usage: none of them is in its figures';

/** What the page's figures sum, as its words on a month a delivery that has ended stops inside name them. */
const TRANSFER_LINES = 'the data transfer lines';

/** What each transfer type is, from the usage type (shown on the page, and in the README). */
export const TRANSFER_TYPES: Record<string, string> = {
  'internet egress': 'DataTransfer-Out-Bytes: out of AWS to the internet',
  'internet ingress': 'DataTransfer-In-Bytes: in from the internet (usually free)',
  'inter-region': 'SRC-DST-AWS-Out-Bytes / -AWS-In-Bytes: between AWS regions',
  'inter-AZ': 'DataTransfer-Regional-Bytes: between Availability Zones of a region (or to its public and Elastic IPs), charged on both sides',
  'NAT processing': 'NatGateway-Bytes: data processed by NAT gateways (on top of the transfer itself)',
  CloudFront: 'AmazonCloudFront *Bytes*: CloudFront delivery to viewers and to origins',
  'gateway and endpoint processing': 'TransitGateway-Bytes, VpcEndpoint-Bytes: data processed by transit gateways and interface endpoints',
  'other data transfer': 'any other usage type containing DataTransfer',
};

/**
 * Data transfer (CUDOS's data-transfer sheet): month to date as of a day (`?as_of=`, default the
 * data horizon) against the same days of the previous month (or as many days just before this month when it is shorter), by transfer type (internet egress,
 * inter-region, inter-AZ, NAT processing, CloudFront …) from the usage types, with the top sources
 * by resource and by account, and the monthly cost by type over the days the store holds of six months. Usage lines of
 * `line_items` only (queries/data_transfer/*.sql); the page names both spans of days. A store
 * without daily usage has no day to compare: the page says so, not $0.00. AWS usage lines without a
 * usage type (a FOCUS 1.0 export), which it cannot classify, are named under the days, span by span
 * (src/server/usage-without-type.ts): a side they leave at zero reads "not classified" and is not
 * compared, and an empty table says why it is empty. Beside a delivery that has ended, the spans are compared
 * without its lines where the others' data covers both, said in one sentence, else not compared, saying why
 * (ended-comparison.ts).
 */
export const dataTransferPage: Page = {
  path: '/data-transfer',
  title: 'Data transfer',
  shows: 'data transfer by type (internet egress, inter-region, inter-AZ, NAT processing, CloudFront) month over month, and its top sources',
  async render(request: PageRequest) {
    const { run, query } = request;
    const filters = new FilterReader(query, 'the Data transfer page', ['as_of', 'cost']);
    const asOfParam = filters.date('as_of');
    const cost = filters.choice('cost', COSTS) ?? 'billed';
    const whole = request.context.whole_bills;
    if (whole) {
      return { title: 'Data transfer', body: withoutDailyUsage(whole, {
        title: 'Data transfer', section: { id: 'transfer-types', heading: 'By transfer type' }, needs: TRANSFER_NEED, hintFor: 'To see data transfer by type and source',
      }) };
    }
    const context = asOfParam ? contextFor(request.context.today, request.context, asOfParam) : request.context;
    const asOf = context.as_of;
    const sixMonths = monthStart(addMonths(asOf, -5));
    const chartFrom = context.first_day && context.first_day > sixMonths ? context.first_day : sixMonths;
    const [everyLine, monthly] = await Promise.all([
      transferResults(request, { as_of: asOf, cost }),
      run('data_transfer/monthly_cost_by_type', { from: chartFrom, to: context.as_of_next, cost, ended: context.ended_deliveries }),
    ]);
    const wholeTotal = totalRow(everyLine.byType);
    const gap = daysNotInStore(wholeTotal.previous_start, wholeTotal.previous_end, storeDaysOf(context));
    const currentGap = daysNotInStore(wholeTotal.current_start, wholeTotal.current_end, storeDaysOf(context));
    // Beside a delivery that has ended (spans of days all in the store): compared without its lines, or not at all (ended-comparison.ts).
    const ended = await transferEnded(request, wholeTotal, { as_of: asOf, cost });
    const { byType, resources, accounts } = ended?.notCompared === null ? ended.without : everyLine;
    const types = records(byType);
    const total = totalRow(byType);
    const current = daySpan(total.current_start!, addDays(total.current_end!, -1));
    const previous = daySpan(total.previous_start!, addDays(total.previous_end!, -1));
    // The lines of each span the page cannot classify, having no usage type (only of days in the store): of the lines compared,
    // and apart, those left out with a delivery that has ended (ended-comparison.ts), said apart: the figures compared do not lack them.
    const leftOutSources = ended?.notCompared === null ? ended.sources : [];
    const noneWithoutType = { compared: null, leftOut: null };
    const [currentWithoutType, previousWithoutType] = await Promise.all([
      currentGap?.all ? noneWithoutType : spanWithoutType(request, { start: total.current_start!, end: total.current_end! }, leftOutSources),
      gap?.all ? noneWithoutType : spanWithoutType(request, { start: total.previous_start!, end: total.previous_end! }, leftOutSources),
    ]);
    const [currentUnclassified, previousUnclassified] = [currentWithoutType.compared, previousWithoutType.compared];
    // A side without a classified line, only lines without a usage type, is not a measured zero: not shown, nor compared
    // (a side whose classified lines cost $0.00 is: the Nov 2018 CUR's 17,028 transfer lines beside a FOCUS export's 941 lines without a type).
    const currentNotClassified = currentUnclassified !== null && Number(total.current_lines ?? 0) === 0;
    const previousNotClassified = previousUnclassified !== null && Number(total.previous_lines ?? 0) === 0;
    const unclassified = currentNotClassified ? currentUnclassified : previousNotClassified ? previousUnclassified : null;
    // Equal spans of complete days only: a day not in the store is not a day of no transfer, nor a day of lines it cannot classify,
    // nor a span holding the data of a delivery that has ended that the others' data does not cover.
    const compared = !gap && !currentGap && !unclassified && !ended?.notCompared;
    const before = daysJustBeforeName(total.current_start, total.previous_start, total.previous_end);
    // "month to date" while the month runs on past as-of; the month itself once as-of is its last day.
    const mtdName = monthToDateName(asOf);
    const shown: Shown = {
      compared, current: !currentGap?.all && !currentNotClassified, previous: !gap?.all && !previousNotClassified,
      currentMissing: currentGap?.all ? 'no data' : 'not classified', previousMissing: gap?.all ? 'no data' : 'not classified',
      currentHeading: `Cost, ${mtdName}`, previousHeading: capitalised(before ?? 'same days last month'),
      days: linkedDays(total, !currentGap?.all, !gap?.all), unclassified,
    };
    const chartHeld = daysHeldOf(chartFrom, asOf, storeDaysOf(context));
    // The month named whole only when it is, as the chart's rows say of it (a delivery that has ended inside it, a gap).
    const monthRows = records(monthly);
    const monthHeld = daysHeldOf(monthStart(asOf), asOf, storeDaysOf(context));
    const monthName = wholeMonthThrough(asOf) ? `${mtdName}, ${overMonthWords(monthStart(asOf), monthRows, TRANSFER_LINES, monthHeld)},` : capitalised(mtdName);
    const costLabel = cost === 'effective' ? 'effective (amortised) cost' : 'billed cost';
    const body = html`
<h1>Data transfer</h1>
${filterForm({
    action: '/data-transfer',
    settings: [`as of ${day(asOf)}`, costLabel],
    fields: html`<label>As of <input type="date" name="as_of" value="${asOf}" required></label>
  <label>Cost <select name="cost">
    <option value="billed"${cost === 'billed' ? ' selected' : ''}>billed</option>
    <option value="effective"${cost === 'effective' ? ' selected' : ''}>effective (amortised)</option>
  </select></label>`,
  })}
<p class="as-of" id="transfer-days">${monthName} as of ${day(asOf)}${asOfParam ? '' : ' (the data horizon)'}: <strong>${current}</strong> against ${before ? 'as many days just before this month (the month before has fewer days)' : 'the same days of the month before'}, <strong>${previous}</strong>${compared ? ' (equal spans of complete charge days)' : ''}, ${costLabel}, usage lines only.${gapSentences(currentGap, gap, before)}${ended ? html`
  <span id="transfer-ended">${ended.notCompared === null ? ended.sentence : `Not compared: ${ended.notCompared}.`}</span>` : ''}</p>
${notClassifiedNote('transfer-not-classified', currentUnclassified, TRANSFER_WITHOUT_TYPE)}${leftOutWithoutTypeNote('transfer-left-out', currentWithoutType, current, cost)}
${notClassifiedNote('transfer-before-not-classified', previousUnclassified, TRANSFER_WITHOUT_TYPE)}${leftOutWithoutTypeNote('transfer-before-left-out', previousWithoutType, previous, cost)}
<section class="kpis" aria-label="Data transfer">
  <div class="kpi" id="transfer-current">
    <h2>Data transfer, ${mtdName}</h2>
    ${currentGap?.all ? notInStoreFigure('no data', `${current}: ${currentGap.where}`) : sideFigure(total.current_cost, total.current_gb, current, currentUnclassified, currentNotClassified, cost)}
  </div>
  <div class="kpi" id="transfer-previous">
    <h2>${shown.previousHeading}</h2>
    ${gap?.all ? notInStoreFigure('no data', `${previous}: ${gap.where}`) : sideFigure(total.previous_cost, total.previous_gb, previous, previousUnclassified, previousNotClassified, cost)}
  </div>
  <div class="kpi" id="transfer-change">
    <h2>Change</h2>
    ${!compared ? (gap || currentGap ? notComparedFigure(currentGap, gap) : unclassified ? notInStoreFigure('not compared', `no line of ${currentNotClassified ? 'this month\'s' : 'last month\'s'} days is classified as data transfer: ${linesLeftOut(unclassified, cost)}`)
      : notInStoreFigure('not compared', 'a delivery that has ended (above)')) : html`<p class="figure ${Number(total.change) > 0 ? 'up' : Number(total.change) < 0 ? 'down' : ''}" data-value="${total.change}">${signedMoney(formatCents(shownTotalCents(total.current_cost) - shownTotalCents(total.previous_cost)))}</p>
    <p class="range">${total.change_pct === null ? '–' : changePercent(total.current_cost, total.previous_cost)} ${before ? `against ${before}` : 'on the same days'}</p>`}
  </div>
</section>
<h2>By transfer type</h2>
${typeTable(types, shown)}
${heldDaysChart('data_transfer_by_type', `Monthly data transfer ${costLabel} by type`, chartHeld, { from: chartFrom, to: context.as_of_next }, { cost }, {
    noBar: monthly.rows.length ? null : 'no line of these days is classified as data transfer', ended: endedInMonthRows(monthRows), lines: TRANSFER_LINES,
    partialDays: endedPartialDaysInRows(context.deliveries, monthRows),
  })}
<h2>Top sources by resource, ${current}</h2>
${sourceTable('top-transfer-resources', 'Resource', records(resources), true, shown)}
<h2>Top sources by account, ${current}</h2>
${sourceTable('top-transfer-accounts', 'Account', records(accounts), false, shown)}
<h2>Transfer types</h2>
<dl class="definitions" id="transfer-definitions">${Object.entries(TRANSFER_TYPES).map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>
<p class="note">Region prefixes of usage types (USE1-, EUW2- …) are ignored. Idle NAT gateways and cross-AZ hot spots: <a href="/optimisation">Optimisation</a>.</p>`;
    return { title: 'Data transfer', body };
  },
};

/**
 * Why either span's days are not all in the store, each once: `The store holds no billing data from 1 Dec 2018 to
 * 31 Oct 2023, so this month's days up to the as-of day are not in it: choose an as-of day the store holds.
 * Last month's days are not in it either and nothing is compared.` (the second not repeating its why when it is the first's).
 */
function gapSentences(currentGap: DaysNotInStore | null, gap: DaysNotInStore | null, before: string | null): Html | string {
  const current = currentGap ? html`
  <span id="transfer-current-not-in-store">${capitalised(currentGap.why)}, so ${currentGap.all ? 'this month\'s days up to the as-of day are not in it: choose an as-of day the store holds' : `${daysNotInStoreAre(currentGap)} not in it this month, and nothing is compared`}.</span>` : '';
  if (!gap) return current;
  // Its why said once: the second sentence says `either` when it is the first's.
  const so = currentGap?.why === gap.why ? '' : `${capitalised(gap.why)}, so `;
  const either = so ? '' : ' either';
  const words = gap.all ? `${so}${before ?? 'last month\'s days'} are not in it${either} and nothing is compared`
    : `${so}${daysNotInStoreAre(gap)} not in it${either} ${before ? `(of ${before})` : 'last month'}, and nothing is compared`;
  return html`${current}
  <span id="transfer-before-data">${capitalised(words)}.</span>`;
}

/**
 * A side's card: its cost and GB billed, or "not classified" when it has no classified line, only
 * lines without a usage type (`notClassified`); a cost beside such lines says it leaves them out.
 */
function sideFigure(cost: string | null, gb: string | null, days: string, unclassified: UsageWithoutType | null, notClassified: boolean, measure: 'billed' | 'effective'): Html {
  if (unclassified && notClassified) return notClassifiedFigure(days, unclassified, measure);
  return html`<p class="figure" data-value="${cost}">${money(cost)}</p>
    <p class="range">${days}: ${count(Number(gb).toFixed(2))} GB billed${unclassified ? `; not counting ${linesLeftOut(unclassified, measure)}` : ''}</p>`;
}

/**
 * What the tables show: a side with none of its days in the store reads "no data", one at zero only
 * because its lines carry no usage type "not classified", and changes only between two sides wholly
 * in the store and classified.
 */
interface Shown {
  compared: boolean;
  current: boolean;
  previous: boolean;
  /** What a side's cells read when it is not shown. */
  currentMissing: 'no data' | 'not classified';
  previousMissing: 'no data' | 'not classified';
  /** The lines without a usage type of the side not classified (this month's first), for an empty table's reason; null when both sides are classified. */
  unclassified: UsageWithoutType | null;
  /** The later span's column heading: `Cost, month to date`, or `Cost, Nov 2018` when as-of is the month's last day. */
  currentHeading: string;
  /** The earlier span's column heading: `Same days last month`, or `The 31 days before` when last month is shorter. */
  previousHeading: string;
  /** The days a resource link opens its page on (half-open): those of the figures the row shows. */
  days: { start: string; end: string };
}

/**
 * The days of a row's figures, for its resource link: from the first day of the earlier span to
 * as-of when both sides are shown (the month to date, the span it is compared with and the change,
 * as the Overview's drivers link both spans), else only the side shown.
 */
function linkedDays(total: Row, current: boolean, previous: boolean): { start: string; end: string } {
  if (current && !previous) return { start: total.current_start!, end: total.current_end! };
  if (previous && !current) return { start: total.previous_start!, end: total.previous_end! };
  return { start: total.previous_start!, end: total.current_end! };
}

/** What an empty table says when the store holds none of either span's days: not that no data was transferred. */
const NO_DAYS = 'No data: the store holds none of these days.';

/** Whether the store holds none of the days of either span (both sides read "no data"). */
function noDays(shown: Shown): boolean {
  return !shown.current && shown.currentMissing === 'no data' && !shown.previous && shown.previousMissing === 'no data';
}

/** A cell of the tables, or `fallback` when it is not shown: – for a change not compared, "no data" for a side with none of its days in the store, "not classified" for one whose lines carry no usage type. */
function cellOr(value: string | null, text: Html | string, shown: boolean, fallback: '–' | 'no data' | 'not classified'): Html {
  return shown ? html`<td data-value="${value ?? ''}">${text}</td>` : html`<td data-value="">${fallback}</td>`;
}

/**
 * The table by type: each type's cost in both spans and the change, the total below. As shown, in
 * cents, it adds up both ways (src/server/comparison-cents.ts): each column's rows add up to its
 * total as shown, and each change is the difference of the row's two shown figures.
 */
function typeTable(rows: Row[], shown: Shown): Html {
  const types = rows.filter((r) => r.transfer_type !== 'total');
  const total = rows.find((r) => r.transfer_type === 'total')!;
  if (types.length === 0 && shown.unclassified) return html`<p id="transfer-none">No line classified as data transfer in these days: ${whyNoneClassified(shown.unclassified)}.</p>`;
  if (types.length === 0) return html`<p id="transfer-none">${noDays(shown) ? NO_DAYS : 'No data transfer line in these days.'}</p>`;
  const now = types.map((r) => r.current_cost ?? '0');
  const then = types.map((r) => r.previous_cost ?? '0');
  const cents = shown.compared
    ? shownComparison(now, total.current_cost ?? '0', then, total.previous_cost ?? '0')
    : { now: shownCents(now, total.current_cost ?? '0'), then: shownCents(then, total.previous_cost ?? '0') };
  const line = (r: Row, nowCents: bigint, thenCents: bigint) => html`${cellOr(r.current_cost, money(formatCents(nowCents)), shown.current, shown.currentMissing)}${cellOr(r.previous_cost, money(formatCents(thenCents)), shown.previous, shown.previousMissing)}
    ${cellOr(r.change, signedMoney(formatCents(nowCents - thenCents)), shown.compared, '–')}${cellOr(r.change_pct, changePercent(r.current_cost, r.previous_cost), shown.compared, '–')}
    ${cellOr(r.current_gb, count(Number(r.current_gb).toFixed(2)), shown.current, shown.currentMissing)}${cellOr(r.previous_gb, count(Number(r.previous_gb).toFixed(2)), shown.previous, shown.previousMissing)}`;
  return html`${tableScroll('Data transfer by type', html`<table id="transfer-by-type" class="numbers">
  <thead><tr><th>Type</th><th>${shown.currentHeading}</th><th>${shown.previousHeading}</th><th>Change</th><th>Change %</th><th>GB billed</th><th>GB billed before</th></tr></thead>
  <tbody>${types.map((r, i) => html`<tr data-type="${r.transfer_type}"><td>${r.transfer_type}</td>${line(r, cents.now[i], cents.then[i])}</tr>`)}</tbody>
  <tfoot><tr data-type="total"><th>Total</th>${line(total, shownTotalCents(total.current_cost), shownTotalCents(total.previous_cost))}</tr></tfoot>
</table>`)}
<p class="note" id="transfer-gb-note">GB billed: each type's billed gigabytes. A byte can be billed under two types (processed by a NAT gateway,
  then sent to the internet; between Availability Zones, on both sides), so the total counts it each time it is billed.</p>`;
}

/** A total as shown: its exact amount rounded once to the cent. */
function shownTotalCents(cost: string | null): bigint {
  return centsOfUnits(toUnits(cost ?? '0'));
}

/**
 * A top-sources table: each source's cost in both spans, each rounded once to the cent (the table
 * has no total), and the change, the difference of the two figures shown, as the Overview's top
 * tables show it (`data-value` keeps the exact change).
 */
function sourceTable(id: string, label: string, rows: Row[], linked: boolean, shown: Shown): Html {
  if (rows.length === 0 && shown.unclassified) return html`<p id="${id}-none">None classified in these days: ${whyNoneClassified(shown.unclassified)}.</p>`;
  if (rows.length === 0) return html`<p id="${id}-none">${noDays(shown) ? NO_DAYS : 'No data transfer in these days.'}</p>`;
  const name = (r: Row) => (linked && r.source !== '(no resource id)'
    ? html`<a class="${resourceClass(r.source)}" href="/resource?${new URLSearchParams({ id: r.source ?? '', ...shown.days })}">${r.source}</a>`
    : html`${r.source}${!linked && r.account_name ? ` (${r.account_name})` : ''}`);
  return tableScroll(`Top data transfer sources by ${label.toLowerCase()}`, html`<table id="${id}" class="numbers">
  <thead><tr><th>${label}</th><th>${shown.currentHeading}</th><th>${shown.previousHeading}</th><th>Change</th><th>GB</th><th class="text">Type</th>${linked ? html`<th class="text">Account</th>` : ''}</tr></thead>
  <tbody>${rows.map((r) => html`<tr data-source="${r.source}"><td>${name(r)}</td>
    ${cellOr(r.current_cost, money(r.current_cost), shown.current, shown.currentMissing)}${cellOr(r.previous_cost, money(r.previous_cost), shown.previous, shown.previousMissing)}
    ${cellOr(r.change, signedMoney(formatCents(shownTotalCents(r.current_cost) - shownTotalCents(r.previous_cost))), shown.compared, '–')}${cellOr(r.current_gb, count(Number(r.current_gb).toFixed(2)), shown.current, shown.currentMissing)}
    <td class="text">${r.transfer_type}</td>${linked ? html`<td class="text">${r.account_id ?? '–'}</td>` : ''}</tr>`)}</tbody>
</table>`);
}
