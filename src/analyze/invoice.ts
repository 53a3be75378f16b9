/**
 * The net view of the invoice: per billing period, every charge class with what was billed
 * (BilledCost), amortised (EffectiveCost) and net amortised (after EDP, private-pricing and other
 * discounts, from the CUR net columns where the bill has them). The classes add up to the
 * period's BilledCost exactly; shown in cents, they are rounded by largest remainder so that they
 * add up to the rounded total to the cent.
 */
import type { Engine } from '../engine/engine.ts';
import { runQuery } from '../engine/query-types.ts';
import { apportionCents, type AttributionRange, exactUnits, rangeParams, roundToCents } from './attribution/index.ts';

/**
 * The charge classes, in invoice order. `adjustments` are the lines every report lists as
 * adjustments (queries/charges/listed_classes.cte.sql: FOCUS ChargeCategory Adjustment, a CUR line
 * item type no other category takes); `other` a FOCUS ChargeCategory outside FOCUS 1.0's values.
 */
export const CHARGE_CLASSES = ['usage', 'fees', 'commitment-fees', 'tax', 'credits', 'refunds', 'discounts', 'adjustments', 'other'] as const;
export type ChargeClass = (typeof CHARGE_CLASSES)[number];

/** The three measures, in units of 1e-10, and in cents as shown. */
export interface InvoiceAmounts {
  lines: number;
  billed: bigint;
  amortised: bigint;
  netAmortised: bigint;
  netUnblended: bigint;
}

export interface InvoiceClass extends InvoiceAmounts {
  chargeClass: ChargeClass;
  /**
   * Line item types in the class (CUR `lineItem/LineItemType`, or `(ChargeCategory)` for FOCUS
   * rows), with their cents largest-remainder rounded within the class so that they add up to the class's cents.
   */
  types: (InvoiceAmounts & { lineItemType: string; cents: Cents })[];
  /** Cents, largest-remainder rounded within the period so that the classes add up to the total's cents. */
  cents: Cents;
}

/** Amounts in cents as shown. */
export interface Cents {
  billed: bigint;
  amortised: bigint;
  netAmortised: bigint;
  netUnblended: bigint;
}

/** Charge classes with their total: a whole bill, the daily spend of some days, or the fees posted in them. */
export interface InvoicePart {
  total: InvoiceAmounts & { cents: Cents };
  classes: InvoiceClass[];
}

/**
 * One billing period. `posted` is set only when the rows were read with `splitPosted` true for the
 * period (a range of days that cuts it): the lines charged for a charge period longer than a day
 * (the month's RI and Support fees, tax, monthly credits), not daily spend, apart from the classes
 * and outside the total. Otherwise the classes are the period's whole bill in the range.
 */
export interface InvoicePeriod extends InvoicePart {
  period: string;
  posted?: InvoicePart;
}

const MEASURES = ['billed', 'amortised', 'netAmortised', 'netUnblended'] as const;
const NO_CENTS: Cents = { billed: 0n, amortised: 0n, netAmortised: 0n, netUnblended: 0n };
const ZERO: InvoiceAmounts = { lines: 0, billed: 0n, amortised: 0n, netAmortised: 0n, netUnblended: 0n };
const add = (a: InvoiceAmounts, b: InvoiceAmounts): InvoiceAmounts => ({
  lines: a.lines + b.lines, billed: a.billed + b.billed, amortised: a.amortised + b.amortised,
  netAmortised: a.netAmortised + b.netAmortised, netUnblended: a.netUnblended + b.netUnblended,
});

type ClassMap = Map<ChargeClass, InvoiceClass>;

/**
 * Reads the invoice of each billing period in the range (query invoice/by_charge_class). With
 * `splitPosted` true for a period, its lines charged for a charge period longer than a day are its
 * `posted` part, apart from the classes and their total.
 */
export async function readInvoice(engine: Engine, range: AttributionRange, splitPosted: (period: string) => boolean = () => false): Promise<InvoicePeriod[]> {
  const rows = await runQuery(engine, 'invoice/by_charge_class', rangeParams(range));
  const byPeriod = new Map<string, { daily: ClassMap; posted: ClassMap | undefined }>();
  for (const r of rows) {
    const period = String(r.billing_period).slice(0, 7);
    const parts = byPeriod.get(period) ?? { daily: new Map(), posted: splitPosted(period) ? new Map() : undefined };
    byPeriod.set(period, parts);
    const chargeClass = (CHARGE_CLASSES as readonly string[]).includes(r.charge_class ?? '') ? (r.charge_class as ChargeClass) : 'other';
    const amounts: InvoiceAmounts = {
      lines: r.lines ?? 0, billed: r.billed_cost ?? 0n, amortised: r.amortised_cost ?? 0n,
      netAmortised: r.net_amortised_cost ?? 0n, netUnblended: r.net_unblended_cost ?? 0n,
    };
    addRow(r.posted === true && parts.posted ? parts.posted : parts.daily, chargeClass, r.line_item_type ?? '(none)', amounts);
  }
  return [...byPeriod.keys()].sort().map((period) => {
    const { daily, posted } = byPeriod.get(period)!;
    const inOrder = (classes: ClassMap) => CHARGE_CLASSES.flatMap((c) => classes.get(c) ?? []);
    return { period, ...withCents(inOrder(daily)), ...(posted ? { posted: withCents(inOrder(posted)) } : {}) };
  });
}

/** Adds one row's amounts to its class and, within it, to its line item type. */
function addRow(classes: ClassMap, chargeClass: ChargeClass, lineItemType: string, amounts: InvoiceAmounts): void {
  const current = classes.get(chargeClass) ?? { chargeClass, ...ZERO, types: [], cents: NO_CENTS };
  const types = current.types.some((t) => t.lineItemType === lineItemType)
    ? current.types.map((t) => (t.lineItemType === lineItemType ? { ...t, ...add(t, amounts) } : t))
    : [...current.types, { lineItemType, ...amounts, cents: NO_CENTS }];
  classes.set(chargeClass, { ...current, ...add(current, amounts), types });
}

/** The classes with their total, in cents rounded once, and their cents split from it by largest remainder. */
function withCents(classes: InvoiceClass[]): InvoicePart {
  const total = classes.reduce<InvoiceAmounts>((sum, c) => add(sum, c), ZERO);
  const totalCents = Object.fromEntries(MEASURES.map((m) => [m, roundToCents(exactUnits(total[m]))])) as unknown as Cents;
  const classCents = splitEachMeasure(classes, totalCents);
  return {
    total: { ...total, cents: totalCents },
    classes: classes.map((c, i) => {
      const typeCents = splitEachMeasure(c.types, classCents[i]);
      return { ...c, cents: classCents[i], types: c.types.map((t, j) => ({ ...t, cents: typeCents[j] })) };
    }),
  };
}

/** Each part's cents of every measure: its exact amounts rounded by largest remainder to `whole`, so the parts add up to it. */
function splitEachMeasure(parts: readonly InvoiceAmounts[], whole: Cents): Cents[] {
  const split = MEASURES.map((m) => apportionCents(parts.map((p) => exactUnits(p[m])), whole[m]));
  return parts.map((_, i) => ({ billed: split[0][i], amortised: split[1][i], netAmortised: split[2][i], netUnblended: split[3][i] }));
}
