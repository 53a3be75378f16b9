/**
 * How `costlens explain` prints: the JSON contract (camelCase keys, money as decimal strings,
 * counts and shares as numbers), the CSV of the finest drivers, and the terminal tables.
 */
import { formatCents, formatDollars, fromUnits } from '../lib/money.ts';
import { type Dimension, type Driver, type DriverSet, type ExplainSpan, type Explanation, type Part, PARTS, type Parts, restAfter, shareOfChange, shortResource } from '../analyze/explain/index.ts';
import type { TextTable } from '../lib/table.ts';
import { ascending } from '../lib/order.ts';
import { andList } from '../lib/text.ts';

const JSON_KEY: Record<Dimension, string> = { service: 'service', usage_type: 'usageType', resource: 'resource', account: 'account', region: 'region', team: 'team' };
const COLUMN: Record<Dimension, string> = { service: 'service', usage_type: 'usage_type', resource: 'resource', account: 'account', region: 'region', team: 'team' };

const exact = (units: bigint) => fromUnits(units);
/** Cents as the tables show them: `$4,064.48`, `-$559.15`. */
const dollars = (c: bigint) => formatDollars(formatCents(c));
const cents = (c: Parts & { change?: bigint; oldCost?: bigint; newCost?: bigint }) => ({
  ...(c.oldCost === undefined || c.newCost === undefined ? {} : { oldCost: formatCents(c.oldCost), newCost: formatCents(c.newCost) }),
  ...(c.change === undefined ? {} : { change: formatCents(c.change) }),
  ...Object.fromEntries(PARTS.map((p) => [p, formatCents(c[p])])),
});

function spanJson(span: ExplainSpan) {
  return { kind: span.kind, first: span.first, last: span.last, days: span.days, label: span.label };
}

function driverJson(d: Driver, rank: number, set: DriverSet) {
  return {
    rank,
    chargeClass: d.chargeClass,
    ...Object.fromEntries(set.dimensions.map((k) => [JSON_KEY[k], d.key[k]])),
    ...(set.dimensions.includes('account') ? { accountName: d.accountName } : {}),
    oldCost: exact(d.oldCost),
    newCost: exact(d.newCost),
    change: exact(d.change),
    parts: Object.fromEntries(PARTS.map((p) => [p, exact(d.parts[p])])),
    cents: cents(d.cents),
    shareOfChange: shareOfChange(d.change, set.change),
  };
}

function levelJson(set: DriverSet, top: number) {
  const rest = restAfter(set, top);
  return {
    dimensions: set.dimensions,
    drivers: set.drivers.slice(0, top).map((d, i) => driverJson(d, i + 1, set)),
    rest: { drivers: rest.drivers, change: exact(rest.change), cents: cents(rest.cents), shareOfChange: shareOfChange(rest.change, set.change) },
  };
}

/** The JSON form of an explanation (README, "costlens explain"). */
export function explanationJson(e: Explanation, top: number) {
  const total = e.classes;
  const finest = levelJson(e.levels[e.levels.length - 1], top);
  return {
    cost: e.cost,
    from: spanJson(e.spans.old),
    to: spanJson(e.spans.new),
    covers: e.spans.covers,
    ...(e.spans.fallback ? { fallback: e.spans.fallback } : {}),
    ...(e.spans.wholeBills ? { wholeBills: e.spans.wholeBills } : {}),
    compared: e.compared,
    posted: e.posted.map((p) => ({ chargeClass: p.chargeClass, oldCost: exact(p.oldCost), newCost: exact(p.newCost), cents: { oldCost: formatCents(p.oldCents), newCost: formatCents(p.newCents) } })),
    ...(e.teamKey ? { teamKey: e.teamKey } : {}),
    ...(e.endedLeftOut ? { endedLeftOut: { sources: e.endedLeftOut.sources, oldCost: exact(e.endedLeftOut.oldCost), newCost: exact(e.endedLeftOut.newCost), note: e.endedLeftOut.sentence } } : {}),
    total: {
      oldCost: exact(total.oldCost), newCost: exact(total.newCost), change: exact(total.change),
      parts: Object.fromEntries(PARTS.map((p) => [p, exact(total.parts[p])])),
      cents: cents({ ...total.partCents, change: total.changeCents, oldCost: total.oldCents, newCost: total.newCents }),
    },
    classes: total.drivers.map((d) => ({ chargeClass: d.chargeClass, oldCost: exact(d.oldCost), newCost: exact(d.newCost), change: exact(d.change), cents: cents(d.cents), shareOfChange: shareOfChange(d.change, total.change) })),
    classesRounding: cents(restAfter(total, total.drivers.length).cents),
    dimensions: finest.dimensions,
    drivers: finest.drivers,
    rest: finest.rest,
    levels: e.levels.map((set) => levelJson(set, top)),
  };
}


/**
 * The finest drivers as a table: the top `top`, then the rest and the total, all in cents that add
 * up. With `shortResources` (a terminal table without --wide), a resource is named by the last part
 * of its ARN or path, as the Overview names it (`nat-0a1b…`, `checkout-prod-order-events`): a whole
 * ARN took 73 of a terminal's columns and pushed the parts that explain a row off the table. With
 * `driversOnly` (the csv), the top drivers alone: a script reads each row as a driver, and the rest
 * and the total have no rank nor charge class (they stay in the table and the JSON).
 */
export function driversTable(set: DriverSet, top: number, options: { shortResources?: boolean; driversOnly?: boolean } = {}): TextTable {
  const columns = ['rank', 'charge_class', ...set.dimensions.map((d) => COLUMN[d]), 'old_cost', 'new_cost', 'change', ...PARTS, 'share_pct'];
  const share = (change: bigint) => {
    const s = shareOfChange(change, set.change);
    return s === null ? null : s.toFixed(1);
  };
  const rows: (string | null)[][] = set.drivers.slice(0, top).map((d, i) => [
    String(i + 1), d.chargeClass, ...set.dimensions.map((k) => (k === 'resource' && options.shortResources && d.key[k] ? shortResource(d.key[k]) : d.key[k] ?? null)),
    formatCents(d.cents.oldCost), formatCents(d.cents.newCost), formatCents(d.cents.change), ...PARTS.map((p) => formatCents(d.cents[p])), share(d.change),
  ]);
  const money = ['old_cost', 'new_cost', 'change', ...PARTS];
  if (options.driversOnly) return { columns, rows, money };
  const rest = restAfter(set, top);
  const blanks = set.dimensions.map(() => null);
  const left = [rest.cents.oldCost, rest.cents.newCost, rest.cents.change, ...PARTS.map((p) => rest.cents[p])];
  // Every driver shown: what the total leaves after them is the rows' rounding, one by one.
  const label = rest.drivers > 0 ? `rest (${rest.drivers} drivers)` : left.some((c) => c !== 0n) ? 'rounding (rows rounded one by one)' : null;
  if (label) rows.push([null, label, ...blanks, ...left.map(formatCents), rest.drivers > 0 ? share(rest.change) : null]);
  rows.push([null, 'total', ...blanks, formatCents(set.oldCents), formatCents(set.newCents), formatCents(set.changeCents), ...PARTS.map((p) => formatCents(set.partCents[p])), share(set.change)]);
  return { columns, rows, money, optional: dropOrder(set.drivers.slice(0, top)) };
}

/** The order parts that move as many rows, by as many cents, are dropped in: other first, volume last. */
const PART_DROP_ORDER: readonly Part[] = ['other', 'new', 'gone', 'rate', 'volume'];

/**
 * The columns a narrow terminal leaves out of a drivers table first (src/lib/table.ts), so that what
 * explains a row stays longest: the parts that are $0.00 in every driver row listed (they explain
 * none of them), then old_cost and new_cost (a row's change is still the sum of its parts), then the
 * parts that move, the one moving the fewest rows listed first, and of as many the one moving fewer
 * cents (a part's cents summed by size over the rows). The rest and total rows aside: the headline
 * gives the total's parts. Which columns are left out, and which rows they move, the output says.
 */
function dropOrder(listed: readonly Driver[]): string[] {
  const size = (c: bigint) => (c < 0n ? -c : c);
  const moved = (p: Part) => listed.filter((d) => d.cents[p] !== 0n).length;
  const cents = (p: Part) => listed.reduce((sum, d) => sum + size(d.cents[p]), 0n);
  const parts = [...PART_DROP_ORDER].sort((a, b) => moved(a) - moved(b) || ascending(cents(a), cents(b)));
  const idle = parts.filter((p) => moved(p) === 0);
  return [...idle, 'old_cost', 'new_cost', ...parts.filter((p) => moved(p) > 0)];
}

/**
 * What the parts a narrow terminal left out of a drivers table move (`hidden`: src/lib/table.ts
 * `hiddenColumns`), so that no row is read as the sum of the parts shown when it is not: `Parts not
 * shown (rate, gone) move rows 1 and 2, the rest and the total: there the parts shown do not add up
 * to the change; --wide shows them.` Null when they move no row, or when no part is shown (then no
 * row reads as a sum of parts).
 */
export function hiddenPartsNote(table: TextTable, hidden: readonly string[]): string | null {
  const moves = (row: readonly (string | null)[], part: Part) => {
    const cell = row[table.columns.indexOf(part)];
    return cell !== null && !/^-?0\.00$/.test(cell);
  };
  const parts = PARTS.filter((p) => hidden.includes(p) && table.rows.some((row) => moves(row, p)));
  if (parts.length === 0 || PARTS.every((p) => hidden.includes(p))) return null;
  const rows = table.rows.filter((row) => parts.some((p) => moves(row, p)));
  const ranked = table.rows.filter((row) => row[0] !== null).length;
  const ranks = rows.filter((row) => row[0] !== null).map((row) => row[0]!);
  const rankWords = ranks.length === 0 ? [] : ranks.length === ranked && ranked > 1 ? ['every row'] : [`${ranks.length === 1 ? 'row' : 'rows'} ${andList(ranks)}`];
  // The rows without a rank: the rest, the rounding and the total, by the first word of their label.
  const which = [...rankWords, ...rows.filter((row) => row[0] === null).map((row) => `the ${row[1]!.split(' ')[0]}`)];
  return `Parts not shown (${parts.join(', ')}) move ${andList(which)}: there the parts shown do not add up to the change; --wide shows them.`;
}


/** The charge classes posted in day spans but not compared: each one's cost in each span, rounded once. */
export function postedTable(e: Explanation): TextTable {
  return {
    columns: ['charge_class', 'old_cost', 'new_cost'],
    rows: e.posted.map((p) => [p.chargeClass, formatCents(p.oldCents), formatCents(p.newCents)]),
    money: ['old_cost', 'new_cost'],
  };
}

/** `Posted in the spans, not compared: recurring $0.00 → $147.38, tax …` (none: says so): on stderr beside a csv, and in the table output when none was posted. */
export function postedLine(e: Explanation): string {
  const classes = e.posted.map((p) => `${p.chargeClass} ${dollars(p.oldCents)} → ${dollars(p.newCents)}`);
  return `Posted in the spans, not compared: ${classes.length ? classes.join(', ') : 'none'}`;
}

/** What each kind of comparison compares, in one sentence under the spans (the JSON's `compared` names the kind). */
const COMPARED_NOTE: Record<Explanation['compared'], string> = {
  bill: 'Whole bills compared: usage, fees, tax and credits of each billing period',
  usage: 'Usage compared: fees, tax and credits are posted once a month, not spent by the day, so day spans list those posted in them apart, not compared',
};

/** One row per charge class (usage apart from fees, tax and credits), then the total. */
export function classesTable(set: DriverSet): TextTable {
  return driversTable(set, set.drivers.length);
}

/**
 * The lines printed above the tables: the spans, why they are the defaults' fallback (when they
 * are), that only whole bills compare (a store without daily usage), what is compared, and the
 * total in parts, its money in cents as the tables show it (`$4,064.48 → $3,505.33: change
 * -$559.15 (exact -559.1561634111) = volume -$249.77, …`; the exact change a plain decimal).
 */
export function headline(e: Explanation): string {
  const t = e.classes;
  const measure = e.cost === 'billed' ? 'BilledCost' : 'EffectiveCost';
  const parts = PARTS.map((p) => `${p} ${dollars(t.partCents[p])}`).join(', ');
  const team = e.teamKey ? `\nteam: the tag ${e.teamKey.name} (read from ${e.teamKey.rawKeys.join(', ') || 'no key in the data'}), normalised as attribution reads it` : '';
  const notes = [e.spans.fallback, e.spans.wholeBills, e.endedLeftOut?.sentence].filter((line) => line !== undefined).map((line) => `${line}\n`).join('');
  return `${measure}, ${e.spans.covers}\n${notes}${COMPARED_NOTE[e.compared]}\n${dollars(t.oldCents)} → ${dollars(t.newCents)}: change ${dollars(t.changeCents)} (exact ${fromUnits(t.change)}) = ${parts}${team}`;
}
