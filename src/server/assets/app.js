// costlens dashboards (served as /assets/app.js; no inline script anywhere, see the CSP).
// Draws every [data-chart] element with vega-embed as SVG, sorts tables and labels the cells of tables
// stacked into cards on a phone; filters.js runs the filter forms.
/* global vegaEmbed */
'use strict';

/**
 * `ast: true` makes vega-embed evaluate Vega expressions with vega-interpreter (bundled in
 * vega-embed) instead of compiling them with Function(): the CSP needs no 'unsafe-eval'.
 * Its default <style> and vega-tooltip's are off (no inline style); app.css styles both.
 */
const EMBED_OPTIONS = {
  renderer: 'svg',
  actions: false,
  ast: true,
  defaultStyle: false,
  tooltip: { disableDefaultStyle: true },
};

/** Charts narrower than this get one legend column and labels cut to fit. */
const NARROW = 600;

/**
 * Makes a bound spec take its container's width (Vega-Lite `width: "container"` with `fit-x`
 * autosizing; a faceted spec, which cannot, gets its inner width from the container), with legends
 * and axis labels that fit a phone.
 */
function fitToContainer(spec, values, element) {
  const width = element.clientWidth;
  const narrow = width < NARROW;
  const fitted = { ...spec, config: { ...(spec.config || {}) } };
  if (fitted.facet || fitted.hconcat || fitted.vconcat || fitted.concat) {
    fitted.spec = { ...fitted.spec, width: Math.max(120, width - (narrow ? 110 : 160)) };
  } else {
    fitted.width = 'container';
    fitted.autosize = { type: 'fit-x', contains: 'padding' };
    // Fitting needs a fixed height: a band per category (and per offset) instead of Vega-Lite's step.
    const y = fitted.encoding && fitted.encoding.y;
    if (y && (y.type === 'nominal' || y.type === 'ordinal') && typeof fitted.height !== 'number') {
      const distinct = (field) => new Set(values.map((row) => row[field])).size;
      const offset = fitted.encoding.yOffset ? distinct(fitted.encoding.yOffset.field) : 1;
      fitted.height = Math.max(40, distinct(y.field) * offset * 22);
    }
  }
  fitted.config.axis = { labelOverlap: 'greedy', labelSeparation: 6, ...(fitted.config.axis || {}) };
  fitted.config.title = { limit: Math.max(120, width - 24), ...(fitted.config.title || {}) };
  if (typeof spec.title === 'string') fitted.title = wrappedTitle(spec.title, Math.max(120, width - 24));
  if (narrow) {
    // On a phone the title starts at the chart's left edge (not centred over the plot, which the axis labels push right) and wraps.
    fitted.config.title = { anchor: 'start', frame: 'bounds', ...fitted.config.title };
    fitted.config.legend = { ...(fitted.config.legend || {}), columns: 1, labelLimit: Math.max(80, width - 60) };
    fitted.config.axisY = { labelLimit: Math.round(width * 0.35), ...(fitted.config.axisY || {}) };
  }
  return fitted;
}

/**
 * A title that fits `width` pixels on lines broken between words (Vega-Lite draws an array as
 * lines), rather than cut with an ellipsis on a phone. Counts about 8.5 px a character (13 px bold, with room to spare).
 */
function wrappedTitle(title, width) {
  const perLine = Math.max(16, Math.floor(width / 8.5));
  if (title.length <= perLine) return title;
  const lines = [''];
  for (const word of title.split(' ')) {
    const line = lines[lines.length - 1];
    if (line && line.length + 1 + word.length > perLine) lines.push(word);
    else lines[lines.length - 1] = line ? `${line} ${word}` : word;
  }
  return lines;
}

/** `$1,234.56` (money fields), `45.20%` (percentages) or a plain number, for chart descriptions. */
function figure(field, value) {
  if (/pct|percent/.test(field)) return `${value.toFixed(2)}%`;
  if (/cost|amount|saving|spend/.test(field)) return value.toLocaleString('en-US', { style: 'currency', currency: 'USD' });
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** The rows the chart's first mark draws: the data after the spec's transforms (fold, calculate), aggregates and stacks. */
function drawnRows(result) {
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

/**
 * A sentence stating the chart's figures for screen readers, from the rows its marks draw: the
 * measure per category (the nominal or ordinal axis, else the colour), largest first, and their
 * total when the measure adds up. Where the colour splits a category into alternatives rather than
 * parts (grouped bars, lines, points: this month against the days before, utilisation against
 * coverage), each category names every series' figure and nothing is added across them.
 */
function describe(spec, rows) {
  const encoding = spec.encoding || (spec.spec && spec.spec.encoding) || {};
  const channels = ['x', 'y'].map((c) => encoding[c]).filter(Boolean);
  const measure = channels.find((e) => e.type === 'quantitative');
  const category = channels.find((e) => e.type === 'nominal' || e.type === 'ordinal') || (encoding.color && encoding.color.field ? encoding.color : undefined);
  const title = typeof spec.title === 'string' ? spec.title : '';
  if (!measure || !category) return `${title}: ${rows.length} data points.`;
  const series = encoding.color && encoding.color.field && encoding.color.field !== category.field ? encoding.color : undefined;
  const markType = typeof spec.mark === 'string' ? spec.mark : spec.mark && spec.mark.type;
  const alternatives = series && (encoding.xOffset || encoding.yOffset || !['bar', 'area'].includes(markType));
  // Per category (in the order its rows come, by axis value for an ordinal axis): the measure per series.
  const groups = new Map();
  for (const row of rows) {
    const value = channelValue(row, category);
    const key = categoryLabel(value, category);
    const group = groups.get(key) || { order: category.timeUnit ? new Date(value).getTime() : String(value), bySeries: new Map() };
    const part = alternatives ? String(channelValue(row, series)) : '';
    group.bySeries.set(part, (group.bySeries.get(part) || 0) + Number(channelValue(row, measure) || 0));
    groups.set(key, group);
  }
  const ordered = [...groups].map(([key, group]) => ({ key, ...group }));
  if (category.type === 'ordinal') ordered.sort((a, b) => Number(a.order > b.order) - Number(a.order < b.order));
  const more = (n) => (n > 8 ? `; and ${n - 8} more` : '');
  if (alternatives) {
    const shown = ordered.slice(0, 8).map((g) => `${g.key}: ${[...g.bySeries].map(([part, value]) => `${part} ${figure(measure.field, value)}`).join(', ')}`);
    return `${title}: ${shown.join('; ')}${more(ordered.length)}.`;
  }
  const entries = ordered.map((g) => [g.key, g.bySeries.get('')]);
  if (category.type !== 'ordinal') entries.sort((a, b) => b[1] - a[1]);
  const shown = entries.slice(0, 8).map(([key, value]) => `${key} ${figure(measure.field, value)}`).join('; ');
  const adds = measure.aggregate === 'sum' || /cost|amount|saving/.test(measure.field);
  const total = adds && !/pct|percent/.test(measure.field) ? ` Total ${figure(measure.field, entries.reduce((s, [, v]) => s + v, 0))}.` : '';
  return `${title}: ${shown}${more(entries.length)}.${total}`;
}

async function draw(element) {
  const name = element.dataset.chart;
  const params = element.dataset.params || '';
  element.dataset.state = 'loading';
  element.setAttribute('aria-busy', 'true');
  try {
    const response = await fetch(`/api/charts/${encodeURIComponent(name)}${params ? `?${params}` : ''}`, {
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
    });
    const body = await response.json();
    if (!response.ok) throw new Error(body && body.error ? body.error.message : `HTTP ${response.status}`);
    const values = (body.data && body.data.values) || [];
    if (values.length === 0) {
      element.dataset.state = 'empty';
      element.textContent = 'Nothing to draw: no rows for these days and filters.';
      return;
    }
    const fitted = withDrillCues(fitToContainer(body, values, element), element);
    let result = await vegaEmbed(element, fitted, EMBED_OPTIONS);
    if (fitted.spec && typeof fitted.spec.width === 'number') {
      // A faceted chart cannot take "container": redraw once with its inner width corrected by what its labels took.
      const drawn = Number(element.querySelector('svg').getAttribute('width'));
      const missing = element.clientWidth - drawn;
      if (Math.abs(missing) > 2) {
        result.finalize();
        fitted.spec = { ...fitted.spec, width: Math.max(80, fitted.spec.width + missing) };
        result = await vegaEmbed(element, fitted, EMBED_OPTIONS);
      }
    }
    drillOnClick(element, result);
    const summary = document.createElement('p');
    summary.className = 'chart-summary';
    summary.id = `${element.id || `chart-${name}`}-summary`;
    summary.textContent = describe(body, drawnRows(result));
    element.after(summary);
    element.setAttribute('aria-describedby', summary.id);
    element.dataset.state = 'drawn';
  } catch (error) {
    element.dataset.state = 'error';
    element.textContent = `This chart could not be drawn: ${error.message}`;
    console.error(`costlens: chart ${name}:`, error);
  } finally {
    element.removeAttribute('aria-busy');
  }
}

/**
 * A chart that drills down (inside `[data-drill-href]`) shows a pointer over its bars, and its
 * legend entries take clicks too (Vega legends ignore them unless asked).
 */
function withDrillCues(spec, element) {
  if (!element.closest('[data-drill-href]')) return spec;
  const out = { ...spec, config: { ...(spec.config || {}), mark: { ...((spec.config || {}).mark || {}), cursor: 'pointer' } } };
  const color = spec.encoding && spec.encoding.color;
  if (color && color.legend !== null) {
    const legend = color.legend || {};
    out.encoding = { ...spec.encoding, color: { ...color, legend: { ...legend, encode: { ...(legend.encode || {}), entries: { interactive: true }, labels: { interactive: true }, symbols: { interactive: true, update: {} } } } } };
  }
  return out;
}

/** Values that stand for no single value: nothing to drill into. */
function drillable(value, param) {
  if (value === 'Other' || /^Other \(\d+ more\)$/.test(value) || value === '(none)') return false;
  return value !== '(untagged)' || param === 'tag_value';
}

/**
 * A chart inside `[data-drill-href]` drills down: a click on a bar or a legend entry opens the
 * next level with the clicked value as a filter (`data-drill-param`). The same links are in the
 * table below each chart, so the keyboard reaches every drill-down too.
 */
function drillOnClick(element, result) {
  const holder = element.closest('[data-drill-href]');
  if (!holder) return;
  const param = holder.dataset.drillParam;
  element.classList.add('drillable');
  result.view.addEventListener('click', (event, item) => {
    const datum = item && item.datum;
    const value = datum && datum.value !== undefined && datum.value !== null ? String(datum.value) : '';
    if (!value || !drillable(value, param)) return;
    const [path, query] = holder.dataset.drillHref.split('?');
    const params = new URLSearchParams(query);
    params.append(param, value);
    window.location.assign(`${path}?${params}`);
  });
}

/**
 * Sorts a `table[data-sortable]` by any column: each header with `data-sort` (number, text or
 * confidence) becomes a button; a second press reverses the order. Cells sort by their
 * `data-sort-value`, else `data-value` (the exact figure), else their text; the header says the
 * order in `aria-sort`.
 */
function sortable(table) {
  const body = table.tBodies[0];
  const heads = [...table.tHead.rows[0].cells];
  heads.forEach((head, column) => {
    const kind = head.dataset.sort;
    if (!kind) return;
    const button = document.createElement('button');
    button.type = 'button';
    button.append(...head.childNodes);
    head.append(button);
    button.addEventListener('click', () => {
      const descending = head.getAttribute('aria-sort') !== 'descending';
      for (const other of heads) other.removeAttribute('aria-sort');
      head.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
      const keyOf = (row) => {
        const cell = row.cells[column];
        const raw = cell.dataset.sortValue ?? cell.dataset.value ?? cell.textContent.trim();
        return kind === 'text' ? raw.toLowerCase() : Number(raw);
      };
      const rows = [...body.rows].filter((row) => row.cells.length === heads.length);
      rows.sort((a, b) => {
        const x = keyOf(a);
        const y = keyOf(b);
        const order = x < y ? -1 : x > y ? 1 : 0;
        return descending ? -order : order;
      });
      body.append(...rows);
    });
  });
}

/**
 * Labels each cell of a `table.stack` but the first with its column's heading (`data-label`), for
 * app.css to show each row as a card on a phone: the row's name, then every other cell on a line of
 * its own after its label, so no money column is cut off at the card's edge. Without this script
 * the table scrolls inside its card, as every table does.
 */
function stackable(table) {
  const heads = table.tHead ? [...table.tHead.rows[0].cells].map((cell) => cell.textContent.trim()) : [];
  for (const body of table.tBodies) {
    for (const row of body.rows) {
      let column = 0;
      for (const cell of row.cells) {
        if (column > 0 && heads[column]) cell.dataset.label = heads[column];
        column += cell.colSpan;
      }
    }
  }
  table.classList.add('stacked');
}

document.querySelectorAll('[data-chart]').forEach((element) => void draw(element));
document.querySelectorAll('table[data-sortable]').forEach(sortable);
document.querySelectorAll('table.stack').forEach(stackable);
