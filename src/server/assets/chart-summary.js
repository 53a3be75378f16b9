// costlens dashboards: the sentence each chart gives screen readers (its figures, from the rows its
// marks draw). A module app.js imports (served as /assets/chart-summary.js).

/** Whether a field is money (said in dollars), not a percentage. */
function isMoney(field) {
  return !/pct|percent/.test(field) && /cost|amount|saving|spend/.test(field);
}

/**
 * Whole cents for `values` (dollars; a null, not stated, gets none) that add up to `total` rounded to the cent: each value's cents
 * floored, the cents left over given one each to the largest remainders (ties to the earlier value), as the
 * pages' tables split a total (src/lib/money.ts splitCents); so a sentence's parts add up to its total.
 */
function centsAddingUp(values, total) {
  const exact = values.map((v) => (v === null ? 0 : v * 100));
  const floors = exact.map((c) => Math.floor(c + 1e-6));
  let left = centsAwayFromZero(total) - floors.reduce((s, c) => s + c, 0);
  const order = exact.map((c, i) => [c - floors[i], i]).filter(([, i]) => values[i] !== null).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0 && k < order.length; k++, left--) floors[order[k][1]] += 1;
  for (let k = order.length - 1; left < 0 && k >= 0; k--, left++) floors[order[k][1]] -= 1;
  return floors;
}

/** Dollars as whole cents, half away from zero (−0.005 is −1 cent), as money is rounded everywhere. */
function centsAwayFromZero(dollars) {
  return Math.sign(dollars) * Math.round(Math.abs(dollars) * 100 + 1e-9);
}

/** `$1,234.56` (money fields), `45.20%` (percentages) or a plain number, for chart descriptions; `not stated` for a null (no figure, never $0.00). */
function figure(field, value) {
  if (value === null || value === undefined) return 'not stated';
  if (/pct|percent/.test(field)) return `${value.toFixed(2)}%`;
  if (/cost|amount|saving|spend/.test(field)) return value.toLocaleString('en-US', { style: 'currency', currency: 'USD' });
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** The rows the chart's first mark draws: the data after the spec's transforms (fold, calculate), aggregates and stacks. */
export function drawnRows(result) {
  const source = firstMarkSource((result.vgSpec && result.vgSpec.marks) || []);
  try {
    return source ? result.view.data(source) : [];
  } catch {
    return [];
  }
}

function firstMarkSource(marks) {
  for (const mark of marks) {
    if (mark.from && mark.from.data) return mark.from.data;
    if (mark.from && mark.from.facet) return mark.from.facet.data;
    const inner = firstMarkSource(mark.marks || []);
    if (inner) return inner;
  }
  return undefined;
}

/** A channel's value in a drawn row: Vega-Lite names an aggregate `sum_cost` and a time unit `utcyearmonth_month`. */
function channelValue(row, channel) {
  if (channel.aggregate && row[`${channel.aggregate}_${channel.field}`] !== undefined) return row[`${channel.aggregate}_${channel.field}`];
  if (channel.timeUnit && row[`${channel.timeUnit}_${channel.field}`] !== undefined) return row[`${channel.timeUnit}_${channel.field}`];
  return row[channel.field];
}

/** A category as the axis shows it: a time unit's month as `Nov 2026`, its day as `4 Nov 2026`. */
function categoryLabel(value, channel) {
  if (!channel.timeUnit || value === null || value === undefined || Number.isNaN(new Date(value).getTime())) return String(value);
  const month = !/date/.test(channel.timeUnit);
  return new Date(value).toLocaleDateString('en-GB', { timeZone: 'UTC', year: 'numeric', month: 'short', ...(month ? {} : { day: 'numeric' }) });
}

/** A drawn row's measure: a number, or null when the row states none (a null or a value that is not a number). */
function measureValue(row, channel) {
  const value = channelValue(row, channel);
  if (value === null || value === undefined || value === '') return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

/** Adds a row's measure to a series' figure so far: null (not stated) until a row states one. */
function addMeasure(sum, value) {
  if (value === null) return sum === undefined ? null : sum;
  return (sum ?? 0) + value;
}

/** Text of a title's part: a line, or lines (Vega-Lite draws an array as lines) joined by spaces; '' for none. */
function titleText(part) {
  if (Array.isArray(part)) return part.filter((line) => typeof line === 'string').join(' ');
  return typeof part === 'string' ? part : '';
}

/**
 * The chart's title and what its subtitle says, for the summary: Vega-Lite's title is a text, lines,
 * or `{text, subtitle}` (a month-to-date chart whose spans hold days the store does not: `No data
 * for 1–10 Dec 2023.` and why, under its title; chart-span-labels.ts).
 */
function titleOf(spec) {
  const title = spec.title;
  if (title && typeof title === 'object' && !Array.isArray(title)) return { text: titleText(title.text), subtitle: titleText(title.subtitle) };
  return { text: titleText(title), subtitle: '' };
}

/**
 * A sentence stating the chart's figures for screen readers, from the rows its marks draw: the
 * measure per category (the nominal or ordinal axis, else the colour), largest first, and their
 * total when the measure adds up. Where the colour splits a category into alternatives rather than
 * parts (grouped bars, lines, points: this month against the days before, utilisation against
 * coverage), each category names every series' figure and nothing is added across them. A figure
 * no row states (null) reads "not stated", never $0.00, and is left out of the total, which says so.
 * The title's text opens the sentence and its subtitle, when it has one, follows the figures.
 */
export function describe(spec, rows) {
  const { text: title, subtitle } = titleOf(spec);
  const after = subtitle ? ` ${subtitle}` : '';
  const encoding = spec.encoding || (spec.spec && spec.spec.encoding) || {};
  const channels = ['x', 'y'].map((c) => encoding[c]).filter(Boolean);
  const measure = channels.find((e) => e.type === 'quantitative');
  const category = channels.find((e) => e.type === 'nominal' || e.type === 'ordinal') || (encoding.color && encoding.color.field ? encoding.color : undefined);
  if (!measure || !category) return `${title}: ${rows.length} data points.${after}`;
  const series = encoding.color && encoding.color.field && encoding.color.field !== category.field ? encoding.color : undefined;
  const markType = typeof spec.mark === 'string' ? spec.mark : spec.mark && spec.mark.type;
  const alternatives = series && (encoding.xOffset || encoding.yOffset || !['bar', 'area'].includes(markType));
  // Per category (in the order its rows come, by axis value for an ordinal axis unless its spec keeps the rows' order,
  // `sort: null`: the billing periods `Oct 2026`, `Nov 2026 (1–14 Nov)` in time, not by name): the measure per series.
  const groups = new Map();
  for (const row of rows) {
    const value = channelValue(row, category);
    const key = categoryLabel(value, category);
    const group = groups.get(key) || { order: category.timeUnit ? new Date(value).getTime() : String(value), bySeries: new Map() };
    const part = alternatives ? String(channelValue(row, series)) : '';
    group.bySeries.set(part, addMeasure(group.bySeries.get(part), measureValue(row, measure)));
    groups.set(key, group);
  }
  const ordered = [...groups].map(([key, group]) => ({ key, ...group }));
  if (category.type === 'ordinal' && category.sort !== null) ordered.sort((a, b) => Number(a.order > b.order) - Number(a.order < b.order));
  const more = (n) => (n > 8 ? `; and ${n - 8} more` : '');
  if (alternatives) {
    const shown = ordered.slice(0, 8).map((g) => `${g.key}: ${[...g.bySeries].map(([part, value]) => `${part} ${figure(measure.field, value)}`).join(', ')}`);
    return `${title}: ${shown.join('; ')}${more(ordered.length)}.${after}`;
  }
  const entries = ordered.map((g) => [g.key, g.bySeries.get('')]);
  // Largest first; the figures not stated after every stated one.
  if (category.type !== 'ordinal') entries.sort((a, b) => (a[1] === null) - (b[1] === null) || (b[1] ?? 0) - (a[1] ?? 0));
  const adds = measure.aggregate === 'sum' || /cost|amount|saving/.test(measure.field);
  const stated = entries.filter(([, v]) => v !== null);
  const unstated = entries.length - stated.length;
  const exactSum = stated.reduce((s, [, v]) => s + v, 0);
  // Money that adds up is said in cents that add up to its total, rounded by largest remainder as the tables are.
  const cents = adds && isMoney(measure.field) && stated.length > 0 ? centsAddingUp(entries.map(([, v]) => v), exactSum) : null;
  const shownValue = (value, i) => (cents && value !== null ? cents[i] / 100 : value);
  const shown = entries.slice(0, 8).map(([key, value], i) => `${key} ${figure(measure.field, shownValue(value, i))}`).join('; ');
  const sum = figure(measure.field, cents ? centsAwayFromZero(exactSum) / 100 : exactSum);
  const total = !adds || /pct|percent/.test(measure.field) || stated.length === 0 ? ''
    : unstated > 0 ? ` Total of the figures stated ${sum} (${unstated} not stated).` : ` Total ${sum}.`;
  return `${title}: ${shown}${more(entries.length)}.${total}${after}`;
}
