/**
 * The weekly e-mails' commitments section: for the billing period of the report, the Reserved
 * Instances' and Savings Plans' utilisation, unused commitment cost, coverage and effective
 * savings rate (as `costlens commitments` reports them), the commitments ending within the
 * expiry windows, and, for finance, the invoice's net view (billed beside amortised and net
 * amortised) and, for engineering, the coverage gaps by instance family and the purchase advice.
 * Money is rounded once to cents; the commitments' unused costs add up to the unused commitment cost,
 * and the net view's classes to its totals, by largest remainder.
 */
import { type AttributionConfig, billingPeriodBounds } from '../analyze/attribution/index.ts';
import {
  analyseCommitments, type CommitmentsConfig, commitmentsJson, expiringHeadline, hourlyDollarsText, unstatedPurchaseNotes, unusedCostCents,
} from '../analyze/commitments/index.ts';
import { readInvoice, type InvoicePeriod } from '../analyze/invoice.ts';
import type { Engine } from '../engine/engine.ts';
import { addDays, heldDaysOfMonth, type BillingDaySpan } from '../analyze/billing-calendar.ts';
import { endedSourcesOfSpan } from '../analyze/ended-delivery.ts';
import { defaultPeriodOf } from '../analyze/default-period.ts';
import { notInvoicedWords } from '../analyze/fees-delivery.ts';
import { daySpan, earlierDay, laterDay, monthEnd, monthLabel, shortDay } from '../lib/calendar.ts';
import { daysNotInStore, daysNotInStoreSentence, type StoreDays } from '../lib/store-days.ts';
import { endedWords, type SourceSpans } from '../analyze/source-spans.ts';
import type { LayoutSection, LayoutTable } from './layout-parts.ts';
import { centsOfUnits, formatUsd, unitsOf } from '../lib/money.ts';
import { centsOfDecimal, formatPercent } from './money.ts';
import { type IsoWeek, lastReportedDay } from './week.ts';
import { codePointOrder, descending } from '../lib/order.ts';
import { plural } from '../lib/text.ts';

type Report = ReturnType<typeof commitmentsJson>;

/** What the section shows for one audience. */
export interface CommitmentsSectionModel {
  audience: 'finance' | 'engineering' | 'team';
  period: string;
  /** The days the period covers and why it was chosen (`1–31 Oct 2026, the last complete billing period up to 8 Nov 2026`). */
  covers: string;
  report: Report;
  /** The billing period's invoice by charge class (finance). */
  invoice: InvoicePeriod | null;
  /** Coverage by instance family (engineering). */
  families: Report['groups'] | null;
}

/** Reads the commitments of `period` (`YYYY-MM`) for an audience. */
export async function buildCommitmentsSection(
  engine: Engine,
  config: { commitments: CommitmentsConfig; attribution: AttributionConfig; teamTagKey: string },
  audience: CommitmentsSectionModel['audience'],
  period: string,
  covers: string = daySpan(`${period}-01`, monthEnd(`${period}-01`)),
): Promise<CommitmentsSectionModel> {
  const range = billingPeriodBounds(period);
  const report = commitmentsJson(await analyseCommitments(engine, config, { range, label: period }));
  const invoice = audience === 'finance' ? (await readInvoice(engine, range))[0] ?? null : null;
  const families = audience === 'engineering'
    ? commitmentsJson(await analyseCommitments(engine, config, { range, label: period, by: 'family', outlook: false })).groups ?? []
    : null;
  return { audience, period, covers, report, invoice, families };
}

/**
 * The section as the report layout prints it (HTML and text alike). Percentages have two decimals,
 * as `costlens commitments` gives them, written as the e-mail writes a percentage (`formatPercent`:
 * `75.00%`, where it read `75.00 %` beside the other sections' `82.0%`).
 */
export function commitmentsLayoutSection(model: CommitmentsSectionModel): LayoutSection {
  const r = model.report;
  const usd = (text: string | null) => (text === null ? '–' : formatUsd(centsOfDecimal(text)));
  const pct = formatPercent;
  const paragraphs = [
    `Billing period ${model.period} (${model.covers}): ${plural(r.reservedInstances.count, 'Reserved Instance')} and ${plural(r.savingsPlans.count, 'Savings Plan')}, ${usedWords(r, pct, usd)}.`,
    // Why a utilisation is not stated, in `costlens commitments`' words (the real FOCUS 1.0 sample's 2 Savings Plans).
    ...unstatedPurchaseNotes(r).map((note) => `${note}.`),
    `Coverage ${pct(r.coveragePercent)} of eligible instance hours, ${pct(r.coverageCostPercent)} of on-demand-equivalent cost; `
      + `${usd(r.coverage.onDemandCost)} ran on demand that a commitment could have covered. Effective savings rate ${pct(r.effectiveSavingsRate)}.`,
    expiringHeadline(r, 'period'),
  ];
  const tables: LayoutTable[] = [];
  if (r.expiring.length) {
    tables.push({
      columns: ['Commitment', 'Type', 'Ends', 'Days left', 'A month', 'On demand if not renewed'],
      numeric: [false, false, false, true, true, true],
      rows: r.expiring.map((e) => [shortId(e.arn), e.type, shortDay(e.end.slice(0, 10), true), String(e.daysLeft), usd(e.monthlyValue), usd(e.onDemandIfNotRenewed)]),
    });
  }
  if (r.commitments.length) tables.push(commitmentsTable(r, pct));
  if (model.invoice) tables.push(invoiceTable(model.invoice));
  if (model.families?.length) {
    tables.push({
      columns: ['Instance family', 'Coverage (hours)', 'On demand, could have been covered'],
      numeric: [false, true, true],
      rows: [...model.families].sort((a, b) => descending(unitsOf(a.onDemandCost), unitsOf(b.onDemandCost))).slice(0, 5)
        .map((g) => [g.key, pct(g.coveragePercent), usd(g.onDemandCost)]),
    });
  }
  if (model.audience === 'engineering') {
    for (const rec of r.recommendations) {
      paragraphs.push(`Advice: a ${rec.term} ${rec.paymentOption} ${rec.type} of ${hourlyDollarsText(rec.hourlyCommitment)} an hour would have been ${pct(rec.expectedUtilisationPercent)} used `
        + `and saved ${usd(rec.monthlySaving)} a month (rate ${rec.rateSource === 'bill' ? 'from the bill' : 'estimated'}).`);
    }
  }
  return {
    id: 'commitments',
    title: 'Commitments',
    paragraphs,
    tables,
    notes: [...(model.invoice ? invoiceNotes(model.invoice, r) : []), 'Utilisation as AWS\'s RI and Savings Plans utilisation reports count it; unused cost = unused recurring + unused amortised upfront fee (RIs), unused commitment (Savings Plans); '
      + 'effective savings rate = (on-demand equivalent − amortised cost incl. unused commitment) ÷ on-demand equivalent of the eligible usage (costlens commitments; README, "Commitments").'],
  };
}

/**
 * The headline's utilisation and unused commitment in words: `75.00% of their cost used (RIs 80.00%
 * of hours, Savings Plans 70.00% of commitment); unused commitment $237.07`. A figure the data does
 * not give is written so, never as a bare dash: a kind the period has none of is `no RIs` / `no
 * Savings Plans`, one whose purchase no line states `not stated` (unstatedPurchaseNotes, the next
 * paragraph, says why), and a utilisation not known at all `utilisation not stated` (the real FOCUS
 * 1.0 sample: `utilisation and unused commitment not stated`; it read `– of their cost used (RIs –
 * of hours, Savings Plans – of commitment)`).
 */
function usedWords(r: Report, pct: (v: number | null) => string, usd: (text: string | null) => string): string {
  const ri = r.reservedInstances;
  const sp = r.savingsPlans;
  if (ri.count === 0 && sp.count === 0) return `no commitment to use; unused commitment ${usd(r.unusedCost ?? '0')}`;
  const kind = (count: number, name: string, value: number | null, of: string) => (count === 0 ? `no ${name}` : value === null ? `${name} not stated` : `${name} ${pct(value)} of ${of}`);
  const unused = r.unusedCost === null ? null : `unused commitment ${usd(r.unusedCost)}`;
  if (r.utilisationPercent === null) {
    const why = unstatedPurchaseNotes(r).length > 0 ? '' : ': no line of theirs in the store states a commitment cost in the period';
    return unused === null ? `utilisation and unused commitment not stated${why}` : `utilisation not stated${why}; ${unused}`;
  }
  return `${pct(r.utilisationPercent)} of their cost used (${kind(ri.count, 'RIs', ri.utilisationPercent, 'hours')}, `
    + `${kind(sp.count, 'Savings Plans', sp.utilisationPercent, 'commitment')}); ${unused ?? 'unused commitment not stated'}`;
}

/**
 * Each commitment's utilisation and unused cost, the largest unused cost first. The unused costs are
 * the cents `costlens commitments` and the Commitments page show (`unusedCostCents`: the
 * largest-remainder shares of the headline's unused commitment cost), so they add up to it as shown.
 */
function commitmentsTable(r: Report, pct: (v: number | null) => string): LayoutTable {
  const cents = unusedCostCents(r);
  const rows = r.commitments.map((c, i) => ({ c, cents: cents[i] }))
    .sort((a, b) => descending(unitsOf(a.c.unusedCost), unitsOf(b.c.unusedCost)) || codePointOrder(a.c.arn, b.c.arn));
  return {
    columns: ['Commitment', 'Type', 'Utilisation', 'Unused cost'],
    numeric: [false, false, true, true],
    rows: rows.map(({ c, cents: shown }) => [shortId(c.arn), c.type, pct(c.utilisationPercent), shown === null ? '–' : formatUsd(shown)]),
  };
}

/** Finance: the period's invoice, billed beside amortised and net amortised, by charge class, in `costlens invoice`'s cents. */
function invoiceTable(p: InvoicePeriod): LayoutTable {
  return {
    columns: ['Charge class', 'Billed', 'Amortised', 'Net amortised'],
    numeric: [false, true, true, true],
    rows: p.classes.map((c) => [c.chargeClass, formatUsd(c.cents.billed), formatUsd(c.cents.amortised), formatUsd(c.cents.netAmortised)]),
    footer: ['Total', formatUsd(p.total.cents.billed), formatUsd(p.total.cents.amortised), formatUsd(p.total.cents.netAmortised)],
  };
}

/**
 * The note under finance's invoice table on how its commitment fees' amortised cost stands to the
 * unused commitment: the same money (a CUR's RIFee and Savings Plan recurring fee lines amortise to
 * their unused part; the used part moves to the usage it covered), and, when their cents differ, why
 * (the table's classes share the total's cents by largest remainder, as `costlens invoice`; the
 * unused commitment is rounded on its own); or, when the exact amounts differ, both figures and why they can.
 */
function invoiceNotes(p: InvoicePeriod, r: Report): string[] {
  const fees = p.classes.find((c) => c.chargeClass === 'commitment-fees');
  if (!fees || r.unusedCost === null) return [];
  const unused = unitsOf(r.unusedCost);
  const unusedCents = centsOfUnits(unused);
  if (fees.amortised !== unused) {
    return [`The commitment fees' amortised cost, ${formatUsd(fees.cents.amortised)}, is not the unused commitment above, ${formatUsd(unusedCents)}: the class is the EffectiveCost of every commitment fee line of the billing period (upfront fees too), the unused commitment that of the commitments' unused hours and dollars (in FOCUS data, usage lines of unused commitment).`];
  }
  const cents = fees.cents.amortised === unusedCents ? ''
    : ` It reads ${formatUsd(fees.cents.amortised)} here and ${formatUsd(unusedCents)} above: the table's classes share the total's cents by largest remainder, as costlens invoice does, and the unused commitment is rounded on its own.`;
  return [`The commitment fees' amortised cost is the unused commitment above: amortised, each Reserved Instance and Savings Plan fee keeps only its unused part, the used part moving to the usage it covered.${cents}`];
}

function shortId(arn: string): string {
  return arn.split(/[/:]/).pop() ?? arn;
}

/**
 * The billing period of the commitments section: the last month up to the report week's Sunday (or
 * the data horizon, if earlier) complete by every delivery holding it (`spans`: a bill of fees only
 * not invoiced yet keeps its month open), as `costlens commitments` picks its default period;
 * RI and Savings Plan fees are monthly lines, so a week cannot be cut out of them. A month wholly
 * in a gap of the store gives way to the month the week ends in. `covers` names the days of the
 * period the store holds, which its figures count (from the store's first day when it begins inside
 * the month, saying which days are not in the store), and, of a period not complete up to the
 * week's Sunday, where the data ends (billing-calendar.ts, heldDaysOfMonth) or where the week ends
 * inside it: never "to date". The period's days are judged on its own delivery's data (`spans`,
 * readSourceSpans, of the store's span, or storeWideSpans of it), as `status` and `invoice` judge it;
 * a bill of fees of it not invoiced yet (notInvoicedIn) keeps it from being complete, named after its days
 * (`1–30 Nov 2018; 2018-11 is the latest bill of aws/111122223333 and not invoiced yet, …: no billing
 * period is complete up to 2 Dec 2018`), its days and where its data ends still the usage data's; so does
 * a delivery that has ended inside it (source-spans.ts endedWords), in `costlens commitments`' words
 * (`1–30 Nov 2018, not complete: Nov 2018 holds the data of aws/836060457634 only through 13 Nov 2018, …`).
 */
export function commitmentsPeriod(span: BillingDaySpan, store: StoreDays, week: IsoWeek, spans: SourceSpans): { period: string; covers: string; complete: boolean } {
  const through = lastReportedDay(week, span);
  const complete = defaultPeriodOf({ ...span, lastDay: through }, spans).period;
  const completeNotInStore = daysNotInStore(`${complete}-01`, addDays(monthEnd(`${complete}-01`), 1), store)?.all === true;
  const period = completeNotInStore ? through.slice(0, 7) : complete;
  const first = `${period}-01`;
  // Its days are judged on its own delivery's data (source-spans.ts), up to the report week's: the legacy CUR's 2023-11 ends on 13 Nov 2023 beside later data.
  const own = spans.ofBill(period);
  // A week in a gap moves the day back (span.lastDay): its words then say where the week's data ends, not the horizon a lagging delivery holds back.
  const judged = span.lastDay < own.lastDay ? { ...own, lastDay: span.lastDay, heldBack: undefined } : own;
  // A bill of fees of it not invoiced yet keeps it from being complete, whatever its data: its dates stay the data's.
  const open = notInvoicedWords(spans, period).map((words) => `; ${words}`).join('');
  const heldWhole = earlierDay(through, judged.lastDay) >= monthEnd(first) && open === '';
  const lastInStore = earlierDay(monthEnd(first), judged.lastDay);
  const days = daySpan(laterDay(first, judged.firstDay), lastInStore);
  const missing = notInStore(first, lastInStore, store);
  // A delivery that has ended inside it keeps it from being complete though the others' data runs to its end, as `commitments` says.
  const ended = heldWhole ? endedWords(spans, period) : [];
  if (ended.length > 0) return { period, complete: false, covers: `${days}, not complete: ${ended.join('; ')}${missing}` };
  if (heldWhole) return { period, complete: true, covers: `${days}, the last complete billing period up to ${shortDay(through, true)}${missing}` };
  // The period before, complete by then but not in the store, is why this one is named: not why this one is not complete (its own days say that).
  const why = completeNotInStore ? `; ${monthLabel(complete)}, the last billing period complete by ${shortDay(through, true)}, is not in the store` : `: no billing period is complete up to ${shortDay(through, true)}`;
  // Where the data of a delivery that has ended stops is no data horizon (the store's runs on): its days say whose data ends there.
  const held = lastInStore < monthEnd(first) ? heldDaysOfMonth(judged, period, 'counted', judged === own ? endedSourcesOfSpan(spans, own) : undefined) : days;
  const weekEnds = through < lastInStore ? `, its days in the store; the report week ends on ${shortDay(through, true)}, inside it` : '';
  return { period, complete: false, covers: `${held}${weekEnds}${open}${why}${missing}` };
}

/** `; 1–9 Nov 2018 are not in the store (the store's billing data begins on 10 Nov 2018)`: the days of `first` to `last` the store lacks; empty when it holds them all. */
function notInStore(first: string, last: string, store: StoreDays): string {
  const missing = daysNotInStore(first, addDays(last, 1), store);
  return missing ? `; ${daysNotInStoreSentence(missing)}` : '';
}
