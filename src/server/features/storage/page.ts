import { html } from 'hono/html';
import { addMonths, daysInMonth, monthLabel, monthStart } from '../../../lib/calendar.ts';
import { fromUnits, toUnits } from '../../../lib/money.ts';
import type { UsageWithoutType } from '../../../analyze/usage-without-type.ts';
import { FilterReader } from '../../filters.ts';
import { linesLeftOut, notClassifiedFigure, notClassifiedNote, usageWithoutTypeIn, whyNoneClassified } from '../../usage-without-type.ts';
import { withoutDailyUsage } from '../../without-daily-usage.ts';
import { monthSoFar, wholeMonthThrough } from '../../../analyze/month-names.ts';
import { daysHeldOf, daysHeldWords, heldRunsWords } from '../../../lib/store-days.ts';
import { storeDaysOf } from '../../context.ts';
import { endedInMonthRows, endedInMonthWords, endedMonthsNote, type EndedInMonth, endedPartialDaysInRows, endedPartialDaysNote, heldDaysChart, monthDaysInRows } from '../../held-days-chart.ts';
import { count, day, filterForm, type Html, money, moneyBesideShareCell, type Page, type PageRequest, percent, records, resourceClass, tableScroll } from '../../html/index.ts';

type Row = Record<string, string | null>;

/** The month windows the page offers (`?months=`), the first the default. */
export const STORAGE_MONTHS = ['6', '3', '12'] as const;
const COSTS = ['billed', 'effective'] as const;

/** What the page and its queries (`/api/queries/storage/…`) need, in their refusal of a store without daily usage (noDailyUsageError's `needs`). */
export const STORAGE_NEED = 'storage figures sum usage lines by month and by resource, so they need';

/** What the Storage page says of the AWS usage lines without a usage type (the end of usageWithoutTypeNote's sentence). */
export const STORAGE_WITHOUT_TYPE = 'the Storage page cannot tell their storage (S3 storage classes, EBS volumes and snapshots, EFS, RDS storage)'
  + ' from their other usage: none of them is in its figures';

/** What the page's figures sum, as its words on a month a delivery that has ended stops inside name them (`… is not a whole month of the storage lines of …`). */
const STORAGE_LINES = 'the storage lines';

/** Exact sum of decimal text cells, as exact decimal text (10 places). */
export function sumCells(values: (string | null | undefined)[]): string {
  return fromUnits(values.reduce((total, v) => total + toUnits(v ?? '0'), 0n));
}

/**
 * Storage (CUDOS's storage sheet): storage cost per month by service and class (S3 storage class,
 * EBS volume type, snapshots, EFS, RDS storage) over the last `?months=` months up to the data
 * horizon, and the top S3 buckets, EBS volumes and snapshots of the horizon's month up to it (named
 * as a month, never "so far", once the horizon is its last day).
 * Every figure is a sum of usage lines of `line_items` (queries/storage/*.sql); the page, its cards
 * and its chart name the charge days the store holds of those months, with why the others are not
 * (a gap between billing periods: `1–14 Nov 2023 and 1–30 Sep 2024 (the store holds no billing data
 * from …)`), the chart drawn over them, a month a gap cuts lighter, and a month a delivery that has ended stops
 * inside, holding its storage lines, named not whole by the table, the cards, the caption and the chart alike, from
 * the rows of the monthly query (src/server/held-days-chart.ts).
 * `?cost=effective` shows amortised cost. A store without daily usage has no usage line to sum (a
 * monthly CUR's count as recurring): the page says so, not $0.00. AWS usage lines without a usage type (a FOCUS 1.0 export), which it cannot classify, are named under the
 * days (src/server/usage-without-type.ts); a card they leave at zero reads "not classified", and an
 * empty table says why it is empty.
 */
export const storagePage: Page = {
  path: '/storage',
  title: 'Storage',
  shows: 'storage cost by service and class over time, and the top S3 buckets and EBS volumes',
  async render(request: PageRequest) {
    const { run, query, context } = request;
    const filters = new FilterReader(query, 'the Storage page', ['months', 'cost']);
    const months = filters.choice('months', STORAGE_MONTHS) ?? STORAGE_MONTHS[0];
    const cost = filters.choice('cost', COSTS) ?? 'billed';
    if (context.whole_bills) {
      return { title: 'Storage', body: withoutDailyUsage(context.whole_bills, {
        title: 'Storage', section: { id: 'storage-classes', heading: 'Storage by service and class' }, needs: STORAGE_NEED, hintFor: 'To see storage by class, bucket and volume',
      }) };
    }
    // The window starts with a month, or with the bill when it starts later (the page says so).
    const windowStart = monthStart(addMonths(context.as_of, -(Number(months) - 1)));
    const from = context.first_day && context.first_day > windowStart ? context.first_day : windowStart;
    const to = context.as_of_next;
    const latest = monthStart(context.as_of);
    const top = (service: string) => run('storage/top_resources', { from: latest, to, cost, service, top: '10' });
    const [byClass, buckets, volumes, snapshots, unclassified] = await Promise.all([
      run('storage/monthly_cost_by_class', { from, to, cost, ended: context.ended_deliveries }), top('S3'), top('EBS volumes'), top('EBS snapshots'),
      usageWithoutTypeIn(request.analyses, { start: from, end: to }),
    ]);
    // The month's own lines without a usage type, for its card and top tables (none when the window has none).
    const latestUnclassified = unclassified && latest > from ? await usageWithoutTypeIn(request.analyses, { start: latest, end: to }) : unclassified;
    const rows = records(byClass);
    const monthList = [...new Set(rows.map((r) => r.month!.slice(0, 7)))].sort();
    const total = sumCells(rows.map((r) => r.cost));
    const latestTotal = sumCells(rows.filter((r) => r.month!.slice(0, 7) === latest.slice(0, 7)).map((r) => r.cost));
    const costLabel = cost === 'effective' ? 'effective (amortised) cost' : 'billed cost';
    // The days the store holds of the window and of its last month, named with why the others are not (a gap between billing periods).
    const held = daysHeldOf(from, context.as_of, storeDaysOf(context));
    const latestHeld = daysHeldOf(latest, context.as_of, storeDaysOf(context));
    const latestSpan = heldRunsWords(latestHeld);
    // The months a delivery that has ended stops inside while another's data runs on, holding its storage lines: every day held, not a
    // whole month of them, as the rows say (and so the chart's tooltip); and the partial days after such a delivery's own horizon they count.
    const ended = endedInMonthRows(rows);
    const latestEnded = ended.filter((e) => e.month === latest);
    const partialDays = endedPartialDaysInRows(context.deliveries, rows);
    const endedNotes = [endedMonthsNote(ended, STORAGE_LINES), endedPartialDaysNote(partialDays)].filter(Boolean).join(' ');
    // A resource's link opens its page on the days of its row's cost: the month up to as-of.
    const linkDays = { start: latest, end: to };
    const body = html`
<h1>Storage</h1>
${filterForm({
    action: '/storage',
    settings: [`${months} months`, costLabel],
    fields: html`<label>Months <select name="months">
    ${STORAGE_MONTHS.map((m) => html`<option value="${m}"${m === months ? ' selected' : ''}>${m}</option>`)}
  </select></label>
  <label>Cost <select name="cost">
    <option value="billed"${cost === 'billed' ? ' selected' : ''}>billed</option>
    <option value="effective"${cost === 'effective' ? ' selected' : ''}>effective (amortised)</option>
  </select></label>`,
  })}
<p class="as-of" id="storage-days">Charge days <strong>${heldRunsWords(held)}</strong> (up to the data horizon ${day(context.as_of)}${wholeMonthThrough(context.as_of) ? '' : `; ${monthLabel(latest)} is counted to that day`}${held.notHeld ? `; ${held.notHeld.why}` : ''}), ${costLabel}, usage lines only.${endedNotes ? html`
  <span id="storage-ended">${endedNotes}</span>` : ''}</p>
${notClassifiedNote('storage-not-classified', unclassified, STORAGE_WITHOUT_TYPE)}
<section class="kpis" aria-label="Storage cost">
  <div class="kpi" id="storage-total">
    <h2>Storage, ${from > windowStart ? `since the bill starts` : `${months} months`}</h2>
    ${costFigure(total, daysHeldWords(held), unclassified, cost, ended)}
  </div>
  <div class="kpi" id="storage-latest">
    <h2>Storage, ${monthSoFar(context.as_of)}</h2>
    ${costFigure(latestTotal, daysHeldWords(latestHeld), latestUnclassified, cost, latestEnded)}
  </div>
</section>
${heldDaysChart('storage_cost_by_class', `Monthly storage ${costLabel} by service`, held, { from, to }, { cost }, {
    noBar: rows.length ? null : `no line of these days is classified as storage${unclassified ? `; ${whyNoneClassified(unclassified)}` : ''}`, ended, lines: STORAGE_LINES, partialDays,
  })}
<h2>By service and class</h2>
${classTable(rows, monthList, unclassified, ended)}
<h2>Top S3 buckets, ${latestSpan}</h2>
${resourceTable('top-buckets', 'Bucket', records(buckets), linkDays, latestUnclassified)}
<h2>Top EBS volumes, ${latestSpan}</h2>
${resourceTable('top-volumes', 'Volume', records(volumes), linkDays, latestUnclassified)}
<h2>Top EBS snapshots, ${latestSpan}</h2>
${resourceTable('top-snapshots', 'Snapshot', records(snapshots), linkDays, latestUnclassified)}
<p class="note" id="storage-definitions">What counts as storage: S3 and S3 Glacier vault storage (usage types TimedStorage-*, the S3 storage class from the suffix:
  none = Standard, SIA = Standard-IA, ZIA = One Zone-IA, INT-* = Intelligent-Tiering, GlacierByteHrs, GIR, GDA); EBS volumes (EBS:VolumeUsage by volume type,
  provisioned IOPS and throughput); EBS snapshots (EBS:SnapshotUsage, EBS:SnapshotArchive); EFS (*ByteHrs by storage class); RDS storage, backup and
  provisioned IOPS (not Aurora I/O). Requests and data transfer are not storage (see <a href="/data-transfer">Data transfer</a>). GB-months are the usage
  quantity of the size lines (– for provisioned IOPS and throughput, which are not sizes). Modernisation findings for these resources (gp2 → gp3, old snapshots): <a href="/optimisation">Optimisation</a>.</p>`;
    return { title: 'Storage', body };
  },
};

/**
 * A card's figure and its days: the cost, or "not classified" when it is zero only because the
 * days' AWS usage lines carry no usage type; a cost beside such lines says it leaves them out, and
 * one of a month a delivery that has ended stops inside (`ended`) says where that delivery's data ends.
 */
function costFigure(cost: string, days: string, unclassified: UsageWithoutType | null, measure: 'billed' | 'effective', ended: readonly EndedInMonth[]): Html {
  if (unclassified && toUnits(cost) === 0n) return notClassifiedFigure(days, unclassified, measure);
  const endedWords = ended.map((e) => `; ${endedInMonthWords(e, STORAGE_LINES)}`).join('');
  return html`<p class="figure" data-value="${cost}">${money(cost)}</p>
    <p class="range">${days}${unclassified ? `; not counting ${linesLeftOut(unclassified, measure)}` : ''}${endedWords}</p>`;
}

/**
 * A month's column heading: its name, and under it, as the chart draws that month lighter, the days the
 * store holds of it when not all (`13 of 30 days`, its query's days: a gap, the data horizon or the bill's
 * first day cuts it), its partial days when it holds some (`and 1 partial`: the legacy CUR's 14 Nov 2023
 * after its delivery's horizon, alone or beside later data), and `not a whole month` when a delivery that has
 * ended stops inside it (`ended`, from the same rows: the months the Charge days line names so).
 */
function monthHeading(month: string, rows: Row[], ended: readonly EndedInMonth[]): Html {
  const monthDays = daysInMonth(`${month}-01`);
  const { days, partial } = monthDaysInRows(month, rows) ?? { days: monthDays, partial: 0 };
  const held = days < monthDays ? [`${days} of ${monthDays} days${partial > 0 ? ` and ${partial} partial` : ''}`] : [];
  const parts = [...held, ...(ended.some((e) => e.month.slice(0, 7) === month) ? ['not a whole month'] : [])];
  if (parts.length === 0) return html`<th data-month="${month}">${monthLabel(month)}</th>`;
  return html`<th data-month="${month}" class="part-month">${monthLabel(month)} <span class="part-days">${parts.join('; ')}</span></th>`;
}

/** Service and class rows, one column of cost per month (its heading saying when the month is held only in part), and a total row per month. */
function classTable(rows: Row[], months: string[], unclassified: UsageWithoutType | null, ended: readonly EndedInMonth[]): Html {
  if (rows.length === 0 && unclassified) return html`<p id="storage-none">No line classified as storage in these days: ${whyNoneClassified(unclassified)}.</p>`;
  if (rows.length === 0) return html`<p id="storage-none">No storage line in these days.</p>`;
  const keys = [...new Map(rows.map((r) => [`${r.storage_service}\u0000${r.storage_class}`, r])).values()];
  const cell = (service: string | null, cls: string | null, month: string) =>
    rows.find((r) => r.storage_service === service && r.storage_class === cls && r.month!.slice(0, 7) === month);
  const monthTotals = months.map((m) => sumCells(rows.filter((r) => r.month!.slice(0, 7) === m).map((r) => r.cost)));
  return tableScroll('Storage by service and class', html`<table id="storage-by-class" class="numbers">
  <thead><tr><th>Service and class</th>${months.map((m) => monthHeading(m, rows, ended))}<th>GB-months, ${monthLabel(months[months.length - 1])}</th></tr></thead>
  <tbody>${keys.map((k) => {
    const last = cell(k.storage_service, k.storage_class, months[months.length - 1]);
    // A class that is not a size (provisioned IOPS or throughput) has no GB-months (NULL), never 0.00.
    const size = last?.gb_months != null ? last : null;
    return html`<tr data-service="${k.storage_service}" data-class="${k.storage_class}"><td>${k.storage_service} · ${k.storage_class}</td>
    ${months.map((m) => {
      const c = cell(k.storage_service, k.storage_class, m);
      return html`<td data-month="${m}" data-value="${c?.cost ?? ''}">${c ? money(c.cost) : '–'}</td>`;
    })}<td data-value="${size?.gb_months ?? ''}">${size ? count(Number(size.gb_months).toFixed(2)) : '–'}</td></tr>`;
  })}</tbody>
  <tfoot><tr><th>Total</th>${monthTotals.map((t, i) => html`<td data-month="${months[i]}" data-value="${t}">${money(t)}</td>`)}<td></td></tr></tfoot>
</table>`);
}

/** A table of top resources; each links to its resource page over `days` (half-open), the days its cost covers. */
function resourceTable(id: string, label: string, rows: Row[], days: { start: string; end: string }, unclassified: UsageWithoutType | null): Html {
  if (rows.length === 0 && unclassified) return html`<p id="${id}-none">None classified in these days: ${whyNoneClassified(unclassified)}.</p>`;
  if (rows.length === 0) return html`<p id="${id}-none">None billed in these days.</p>`;
  return tableScroll(`Top ${label.toLowerCase()}s`, html`<table id="${id}" class="numbers">
  <thead><tr><th>${label}</th><th>Cost</th><th>GB-months</th><th>Share</th><th class="text">Class</th><th class="text">Account</th><th class="text">Region</th></tr></thead>
  <tbody>${rows.map((r) => html`<tr data-resource="${r.resource_id}"><td><a class="${resourceClass(r.resource_id)}" href="/resource?${new URLSearchParams({ id: r.resource_id ?? '', ...days })}">${r.resource_id}</a></td>
    ${moneyBesideShareCell(r.cost)}<td data-value="${r.gb_months ?? ''}">${r.gb_months == null ? '–' : count(Number(r.gb_months).toFixed(2))}</td>
    <td data-value="${r.share_pct ?? ''}">${percent(r.share_pct)}</td><td class="text">${r.storage_class}</td>
    <td class="text breakable">${r.account_name ? `${r.account_id} (${r.account_name})` : r.account_id ?? '–'}</td><td class="text">${r.region ?? '–'}</td></tr>`)}</tbody>
</table>`);
}
