/**
 * How `costlens commitments` writes its figures in a terminal table and the lines above it, each
 * rounded once for display and saying its unit: hours as `2,880 h`, dollars as `$1,753.92` (an hourly
 * commitment `$8.601`), percentages with two decimals on every row (`75.00`), a term's end as its day
 * (`2027-08-17`, with the minute when it is not midnight UTC), and the purchase advice's look-back as
 * the days it covers, both included. Percentages, hours and other quantities follow
 * src/lib/quantity-cells.ts, as `costlens kpi`'s do. csv and json keep the exact figures
 * (src/analyze/commitments/json.ts).
 */
import { addDays, daySpan } from '../../lib/calendar.ts';
import { centsOfUnits, dollarsOfDecimal, formatCents, formatDollars, groupThousands, roundDecimal, toUnits, UNITS_PER_CENT, unitsOfNumber } from '../../lib/money.ts';
import { quantityText } from '../../lib/quantity-cells.ts';

/** Percentages with two decimals and hours with their unit, the rule every terminal table shares (src/lib/quantity-cells.ts). */
export { hoursCell, percentCell } from '../../lib/quantity-cells.ts';

/** Units a commitment's purchased, used and unused amounts are counted in that the table writes as hours. */
const HOUR_UNITS = new Set(['hrs', 'hr', 'hours', 'hour']);

/** Cents as a terminal table's money: `$1,753.92`, `-$1.20`. */
const dollars = (cents: bigint) => formatDollars(formatCents(cents));

/** An amount of `commitmentsJson` (decimal text, or a number where the source gave one) in units of 1e-10. */
const unitsOfAmount = (v: number | string) => (typeof v === 'number' ? unitsOfNumber(v) : toUnits(v));

/**
 * An exact amount of `commitmentsJson` (decimal text) as the lines above the table write it, as the
 * table writes its money: rounded once to the cent, with thousands separators, `$10,902.46`,
 * `-$1.20`; null (the bill cannot say) is `n/a`.
 */
export function dollarsText(amount: string | null): string {
  return amount === null ? 'n/a' : formatDollars(amount);
}

/**
 * A recommendation's hourly commitment (`hourlyCommitment` of commitmentsJson, exact) as the lines
 * write it: dollars to the $0.001 step the purchase advice searches in, with thousands separators,
 * `$8.601`, `$1,234.567`; null is `n/a`.
 */
export function hourlyDollarsText(hourly: string | null): string {
  return hourly === null ? 'n/a' : dollarsOfDecimal(roundDecimal(hourly, 3));
}

/** A TIMESTAMP as the engines give it: `YYYY-MM-DD HH:MM:SS[.fff]` (UTC). */
const TIMESTAMP_TEXT = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(?::(\d{2}(?:\.\d+)?))?$/;

/**
 * A commitment's term end (a TIMESTAMP, UTC) for people: its day when it ends at midnight UTC,
 * `2027-08-17`, else its day and minute with the zone, `2019-04-03 01:21 UTC` (to the minute, as the
 * forecast writes a term's bounds; csv and json keep the seconds); null stays null, other text is
 * returned as it is.
 */
export function termEndCell(end: string | null): string | null {
  const match = end === null ? null : TIMESTAMP_TEXT.exec(end);
  if (!match) return end;
  const [, day, minute, seconds = '0'] = match;
  return minute === '00:00' && Number(seconds) === 0 ? day : `${day} ${minute} UTC`;
}

/** The amounts of one commitment the table shows, as `commitmentsJson` gives them. */
export interface CommitmentAmounts {
  purchased: number | string | null;
  used: number | string | null;
  unused: number | string | null;
  unit: string | null;
  unusedCost: string | null;
}

/**
 * A commitment's purchased, used and unused amounts as terminal cells, each saying its unit: an RI's
 * hours as `720 h`, a Savings Plan's commitment in dollars to the cent, any other unit FOCUS names
 * after the number (`2.5 GB`; none, when it names none). Each is rounded on its own, but a Savings
 * Plan's unused dollars, which are its unused cost, show the cents the table gives its unused cost
 * (`unusedCostCents`, the largest-remainder share of the headline's), and its used dollars then show
 * purchased less unused as shown (so the row adds up) when that is within a cent of their exact
 * value. The Commitments page shows them alike, through this function with its own way of writing
 * cents (`money`: `formatUsd`'s `−$1.20` where the terminal writes `-$1.20`).
 */
export function commitmentAmountCells(
  c: CommitmentAmounts, unusedCostCents: bigint | null, money: (cents: bigint) => string = dollars,
): [string | null, string | null, string | null] {
  const values = [c.purchased, c.used, c.unused] as const;
  if (c.unit !== 'USD') {
    const unit = c.unit === null ? '' : HOUR_UNITS.has(c.unit.toLowerCase()) ? ' h' : ` ${c.unit}`;
    return values.map((v) => (v === null ? null : `${quantityText(v)}${unit}`)) as [string | null, string | null, string | null];
  }
  const own = values.map((v) => (v === null ? null : money(centsOfUnits(unitsOfAmount(v))))) as [string | null, string | null, string | null];
  if (unusedCostCents === null || c.unusedCost === null || values.some((v) => v === null)) return own;
  const [purchased, used, unused] = values.map((v) => unitsOfAmount(v!));
  if (unused !== toUnits(c.unusedCost)) return own;
  const usedCents = centsOfUnits(purchased) - unusedCostCents;
  const off = usedCents * UNITS_PER_CENT - used;
  const fits = purchased === used + unused && off < UNITS_PER_CENT && off > -UNITS_PER_CENT;
  return [own[0], fits ? money(usedCents) : own[1], money(unusedCostCents)];
}

/**
 * The days the purchase advice's look-back covers, both included, in the words the summary line
 * names its days with, and its hours: from `lookbackFrom` up to, not including, `lookbackTo`
 * (`2026-11-06`, `2026-12-06`, 720) is `6 Nov – 5 Dec 2026, 720 hours`.
 */
export function lookbackText(advice: { lookbackFrom: string; lookbackTo: string; hours: number }): string {
  const days = advice.lookbackTo > advice.lookbackFrom ? daySpan(advice.lookbackFrom, addDays(advice.lookbackTo, -1)) : 'no day';
  return `${days}, ${groupThousands(String(advice.hours))} hours`;
}
