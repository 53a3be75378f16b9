/**
 * A store without daily usage: no line of the usage charge class, so no data horizon. It holds a
 * CUR delivered at monthly time granularity (its usage lines each span their month, so the
 * charge-class rule counts them as recurring), fees only (RI and Support fees, tax), or nothing.
 * Whole monthly bills still compare (`costlens explain --from 2018-10 --to 2018-11`); what needs
 * daily usage (anomalies, forecast, day spans) is refused saying which of these the store holds.
 */
import type { Engine } from '../engine/engine.ts';
import { type QueryRowTypes, runQuery } from '../engine/query-types.ts';
import { CostlensError } from '../errors.ts';
import { CHARGE_CLASSES } from '../store/charge-class.ts';
import { andList } from '../lib/text.ts';

/** What a store without daily usage holds: only its whole monthly bills compare. */
export interface WholeBillsOnly {
  /** `monthly`: a CUR at monthly time granularity (usage lines, each spanning its month); `fees`: no usage line at all. */
  kind: 'monthly' | 'fees';
  /** What the store holds, in words, for a refusal: `no daily usage: the store's CUR is monthly (every usage line spans its month)`. */
  holds: string;
  /** The same after "the store holds no daily usage:": `its CUR is monthly, every usage line spanning its month`, `it holds fees but no usage lines (…)`. */
  reason: string;
  /** The billing periods held (YYYY-MM), in order. */
  periods: string[];
  /**
   * The latest billing period when its bill may still change: it is not invoiced yet (lines without
   * an InvoiceId) and no later bill is in the store. Null when every period held is complete.
   */
  incomplete: { period: string; why: string } | null;
}

const CLASS_WORDS: Record<string, string> = { recurring: 'recurring fees', 'one-time': 'one-time charges', tax: 'tax', credit: 'credits' };

/** A row of queries/calendar/bills_by_class.sql: what one billing period holds of one charge class. */
export type BillsByClassRow = QueryRowTypes['calendar/bills_by_class'];

/**
 * Reads what a store without daily usage holds (queries/calendar/bills_by_class.sql); a store
 * without any billing line is the not_found error "the store holds no billing data".
 */
export async function readWholeBills(engine: Engine): Promise<WholeBillsOnly> {
  return wholeBillsOf(await runQuery(engine, 'calendar/bills_by_class'));
}

/**
 * What a store without daily usage holds, from the rows of queries/calendar/bills_by_class.sql
 * (read through an Engine, or through the server's query runner); no row is the not_found error
 * "the store holds no billing data".
 */
export function wholeBillsOf(rows: readonly BillsByClassRow[]): WholeBillsOnly {
  const periods = [...new Set(rows.map((r) => r.billing_period).filter((p): p is string => p !== null))].sort();
  if (rows.length === 0 || periods.length === 0) {
    throw new CostlensError('not_found', 'the store holds no billing data', { hint: 'ingest a CUR, CUR 2.0 or FOCUS export first: costlens ingest PATH' });
  }
  const usageLines = rows.reduce((sum, r) => sum + (r.usage_lines ?? 0), 0);
  const known: readonly string[] = CHARGE_CLASSES;
  const classes = [...new Set(rows.map((r) => r.charge_class ?? 'usage'))].sort((a, b) => known.indexOf(a) - known.indexOf(b));
  const held = periods.length === 1 ? `billing period ${periods[0]}` : `billing periods ${periods[0]} to ${periods.at(-1)}`;
  const fees = `fees but no usage lines (${andList(classes.map((c) => CLASS_WORDS[c] ?? c))}, ${held})`;
  const [holds, reason] = usageLines > 0
    ? ["no daily usage: the store's CUR is monthly (every usage line spans its month)", 'its CUR is monthly, every usage line spanning its month']
    : [`no usage: the store holds ${fees}`, `it holds ${fees}`];
  const last = periods.at(-1)!;
  const notInvoiced = rows.filter((r) => r.billing_period === last).reduce((sum, r) => sum + (r.lines_without_invoice ?? 0), 0);
  const lines = rows.filter((r) => r.billing_period === last).reduce((sum, r) => sum + (r.lines ?? 0), 0);
  return { kind: usageLines > 0 ? 'monthly' : 'fees', holds, reason, periods, incomplete: notInvoicedYet(last, lines, notInvoiced, 'in the store') };
}

/**
 * The latest bill `period` when it may still change ({@link WholeBillsOnly.incomplete}): `notInvoiced`
 * of its `lines` carry no InvoiceId, and no later bill is held; null when every line carries one. The
 * one rule and wording of a store of whole bills (`whose`: `in the store`) and of a delivery of fees
 * only beside others (fees-delivery.ts; `of aws/111122223333`): `2023-12 is the latest bill in the
 * store and not invoiced yet, as none of its lines carry an InvoiceId, so it may still change`.
 */
export function notInvoicedYet(period: string, lines: number, notInvoiced: number, whose: string): { period: string; why: string } | null {
  if (notInvoiced <= 0) return null;
  const carry = notInvoiced === lines ? 'none of its lines carry an InvoiceId' : `${notInvoiced} of its ${lines} lines carry no InvoiceId`;
  return { period, why: `${period} is the latest bill ${whose} and not invoiced yet, as ${carry}, so it may still change` };
}

/**
 * `WHAT is not complete: WHY` when the months from `first` to `last` (`YYYY-MM`, both included) hold
 * the latest bill of `bills` not invoiced yet ({@link WholeBillsOnly.incomplete}, its `why` in
 * {@link notInvoicedYet}'s words), as explain and budgets refuse such a span: in a store of whole bills
 * (`--to Dec 2023 (full bill, 31 days) is not complete: 2023-12 is the latest bill in the store and not
 * invoiced yet, …`) and on the bills of a delivery of fees only beside others (fees-delivery.ts, `… of
 * aws/444455556666 …`), never "after the data horizon"; null when they hold none (or `bills` is absent).
 */
export function notInvoicedRefusal(what: string, bills: WholeBillsOnly | undefined, first: string, last = first): string | null {
  const why = openBillWhy(bills, first, last);
  return why === null ? null : notCompleteSentence(what, [why]);
}

/**
 * Why the latest bill of `bills` is not complete when it is one of the months from `first` to `last`
 * (`YYYY-MM`, both included; {@link WholeBillsOnly.incomplete}), in {@link notInvoicedYet}'s words
 * (`2023-12 is the latest bill of aws/444455556666 and not invoiced yet, …`); null when those months
 * hold no such bill (or `bills` is absent). The one reading of a bill left open, for a store of whole
 * bills and a delivery of fees only beside others (fees-delivery.ts) alike.
 */
export function openBillWhy(bills: WholeBillsOnly | null | undefined, first: string, last = first): string | null {
  const open = bills?.incomplete;
  return open && open.period >= first && open.period <= last ? open.why : null;
}

/**
 * `WHAT is not complete: WHY; WHY`: the one wording of a month, a span or a flag that the data or a
 * bill not invoiced yet keeps from being complete, each reason (`why`, at least one) after the colon:
 * explain's and budgets' refusals, `--to Dec 2023 (full bill, 31 days) is not complete: 2023-12 is the
 * latest bill in the store and not invoiced yet, …`, and a range's periods in commitments, `2023-11 is
 * not complete: the data of aws/123412340534 ends on 2023-11-13`.
 */
export function notCompleteSentence(what: string, why: readonly string[]): string {
  return `${what} is not complete: ${why.join('; ')}`;
}

/** The billing periods held whose bills are complete (every one but a latest not invoiced yet), in order. */
export function completeBills(bills: WholeBillsOnly): string[] {
  return bills.incomplete ? bills.periods.slice(0, -1) : bills.periods;
}

/**
 * The sentence `costlens explain` and the pages of a store without daily usage carry (commands
 * that read it otherwise, such as commitments and budgets, say it in their own words): `The store
 * holds no daily usage: its CUR is monthly, every usage line spanning its month, so only whole
 * monthly bills compare, and the charge classes count its usage as recurring (a charge period
 * longer than a day)`.
 */
export function wholeBillsNote(bills: WholeBillsOnly): string {
  const recurring = bills.kind === 'monthly' ? ', and the charge classes count its usage as recurring (a charge period longer than a day)' : '';
  return `The store holds no daily usage: ${bills.reason}, so only whole monthly bills compare${recurring}`;
}


/**
 * The refusal of a command that needs daily usage in a store that has none: what the store holds,
 * then what the command needs (`needs`: `anomalies need`, `forecast needs`; left out, nothing is
 * said of it), with the hint to re-export the CUR at daily or hourly granularity and the monthly
 * comparison that works. Code not_found, as for an empty store (the server shows no data). `cause`:
 * the error it re-words, if any.
 */
export function noDailyUsageError(bills: WholeBillsOnly, needs?: string, cause?: unknown): CostlensError {
  const wanted = needs === undefined ? '' : bills.kind === 'monthly' ? `; ${needs} a daily or hourly CUR` : `; ${needs} usage lines, from a daily or hourly CUR`;
  const complete = completeBills(bills);
  const compare = complete.length >= 2 ? `; whole monthly bills compare: costlens explain --from ${complete.at(-2)} --to ${complete.at(-1)}` : '';
  const hint = bills.kind === 'monthly'
    ? `re-export the CUR at daily or hourly time granularity (the time granularity of the Cost and Usage Report or Data Export) and ingest it${compare}`
    : `ingest the CUR or FOCUS export that holds the usage (daily or hourly time granularity)${compare}`;
  return new CostlensError('not_found', `${bills.holds}${wanted}`, { hint, cause });
}
