// costlens dashboards (served as /assets/app.js; no inline script anywhere, see the CSP).
// Draws every [data-chart] element with vega-embed as SVG, and checks filter forms as they change (they apply on Apply).
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
  if (narrow) {
    fitted.config.legend = { ...(fitted.config.legend || {}), columns: 1, labelLimit: Math.max(80, width - 60) };
    fitted.config.axisY = { labelLimit: Math.round(width * 0.35), ...(fitted.config.axisY || {}) };
  }
  return fitted;
}

/** `$1,234.56` (money fields), `45.20%` (percentages) or a plain number, for chart descriptions. */
function figure(field, value) {
  if (/pct|percent/.test(field)) return `${value.toFixed(2)}%`;
  if (/cost|amount|saving|spend/.test(field)) return value.toLocaleString('en-US', { style: 'currency', currency: 'USD' });
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/**
 * A sentence stating the chart's figures for screen readers: the measure per category (the
 * nominal or ordinal axis, else the colour), largest first, and their total when the measure adds up.
 */
function describe(spec, values) {
  const encoding = spec.encoding || (spec.spec && spec.spec.encoding) || {};
  const channels = ['x', 'y'].map((c) => encoding[c]).filter(Boolean);
  const measure = channels.find((e) => e.type === 'quantitative');
  const category = channels.find((e) => e.type === 'nominal' || e.type === 'ordinal') || (encoding.color && encoding.color.field ? encoding.color : undefined);
  const title = typeof spec.title === 'string' ? spec.title : '';
  if (!measure || !category) return `${title}: ${values.length} data points.`;
  const sums = new Map();
  for (const row of values) {
    const key = String(row[category.field]);
    sums.set(key, (sums.get(key) || 0) + Number(row[measure.field] || 0));
  }
  const ordinal = category.type === 'ordinal';
  const entries = [...sums].sort((a, b) => (ordinal ? (a[0] < b[0] ? -1 : 1) : b[1] - a[1]));
  const shown = entries.slice(0, 8).map(([key, value]) => `${key} ${figure(measure.field, value)}`).join('; ');
  const more = entries.length > 8 ? `; and ${entries.length - 8} more` : '';
  const adds = measure.aggregate === 'sum' || /cost|amount|saving/.test(measure.field);
  const total = adds && !/pct/.test(measure.field) ? ` Total ${figure(measure.field, entries.reduce((s, [, v]) => s + v, 0))}.` : '';
  return `${title}: ${shown}${more}.${total}`;
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
    const result = await vegaEmbed(element, fitted, EMBED_OPTIONS);
    if (fitted.spec && typeof fitted.spec.width === 'number') {
      // A faceted chart cannot take "container": redraw once with its inner width corrected by what its labels took.
      const drawn = Number(element.querySelector('svg').getAttribute('width'));
      const missing = element.clientWidth - drawn;
      if (Math.abs(missing) > 2) {
        result.finalize();
        fitted.spec = { ...fitted.spec, width: Math.max(80, fitted.spec.width + missing) };
        await vegaEmbed(element, fitted, EMBED_OPTIONS);
      }
    }
    drillOnClick(element, result);
    const summary = document.createElement('p');
    summary.className = 'chart-summary';
    summary.id = `${element.id || `chart-${name}`}-summary`;
    summary.textContent = describe(body, values);
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
 * Filters apply only when the user presses Apply (or Enter in a field): a change is checked at once
 * (an error beside the field) and the form says it waits for Apply, but nothing is sent before.
 * Fields stay consistent as they change: picking a tag key groups by that tag; grouping by
 * something else clears the tag key. A field with `data-clears="a b"` empties those fields when it
 * gets a value (a period and a date range exclude each other; a new owner tag resets the owner),
 * unless its chosen option names their values (`data-a="…"`: a preset shows its days in From and
 * To). A field with `data-needs="x"` is only sent with x (checked on Apply).
 */
function applyOnly(form) {
  const tagKey = form.querySelector('select[name="tag_key"]');
  const dimension = form.querySelector('select[name="dimension"]');
  const note = form.querySelector('.pending-note');
  form.addEventListener('change', (event) => {
    const target = event.target;
    const clears = target.dataset && target.dataset.clears ? target.dataset.clears.split(' ') : [];
    const chosen = target.selectedOptions ? target.selectedOptions[0] : undefined;
    for (const name of clears) {
      const field = form.elements.namedItem(name);
      if (!field || field === target || target.value === '') continue;
      const shown = chosen && chosen.dataset ? chosen.dataset[name] : undefined;
      field.value = shown !== undefined ? shown : '';
    }
    if (tagKey && dimension) {
      if (target === tagKey) {
        if (tagKey.value !== '-') dimension.value = 'tag';
        else if (dimension.value === 'tag') dimension.value = 'service';
      } else if (target === dimension) {
        const tagValue = form.elements.namedItem('tag_value');
        if (dimension.value !== 'tag' && !(tagValue && tagValue.value)) tagKey.value = '-';
      }
    }
    if (valid(form, false) && note) note.textContent = 'Not applied yet: press Apply to show these filters.';
  });
  form.addEventListener('submit', (event) => {
    if (!valid(form, true)) event.preventDefault();
  });
}

/**
 * Checks a filter form before it is sent, so a bad combination (From on or after To, a date that
 * is not one, a field sent without the one it needs) is explained beside the field at fault
 * instead of replacing the page with an error: the message sits under the field (inside its
 * label), the field is marked invalid and described by it, and nothing is submitted until it is
 * fixed. A message the server rendered (a request it refused) is replaced by this check as soon as
 * the form changes. `applying`: the form is about to be sent (checks what only Apply can judge).
 */
function valid(form, applying) {
  for (const old of form.querySelectorAll('.field-error')) old.remove();
  for (const field of form.querySelectorAll('[aria-invalid]')) {
    field.removeAttribute('aria-invalid');
    field.removeAttribute('aria-describedby');
  }
  const problem = problemOf(form, applying);
  if (!problem) return true;
  const note = form.querySelector('.pending-note');
  if (note) note.textContent = '';
  const message = document.createElement('span');
  message.className = 'form-error field-error';
  message.id = `${problem.field.name}-error`;
  message.setAttribute('role', 'alert');
  message.textContent = problem.text;
  const label = problem.field.closest('label');
  if (label) label.append(message);
  else problem.field.after(message);
  problem.field.setAttribute('aria-invalid', 'true');
  problem.field.setAttribute('aria-describedby', message.id);
  if (applying) problem.field.focus();
  return false;
}

/** Checks as the user types or picks, without submitting. */
function validateAsYouGo(form) {
  form.addEventListener('input', (event) => {
    if (event.target.matches('input')) valid(form, false);
  });
}

function problemOf(form, applying) {
  for (const field of form.querySelectorAll('input, select')) {
    if (!field.disabled && !field.checkValidity()) return { field, text: `${labelOf(field)}: ${field.validationMessage}` };
  }
  const start = form.elements.namedItem('start');
  const end = form.elements.namedItem('end');
  if (start && end && start.value && end.value && start.value >= end.value) {
    return { field: end, text: `${labelOf(end)} (${end.value}) must be after ${labelOf(start)} (${start.value}): the range is start to end, end exclusive.` };
  }
  if (!applying) return undefined;
  for (const field of form.querySelectorAll('[data-needs]')) {
    const needed = form.elements.namedItem(field.dataset.needs);
    if (field.value && needed && !needed.value) return { field: needed, text: `${labelOf(needed)}: needed with ${labelOf(field)} (${field.value}).` };
  }
  for (const field of form.querySelectorAll('select[data-clears]')) {
    // "(date range)" or "Custom range" chosen: the days it stands for are needed.
    const others = field.dataset.clears.split(' ').map((name) => form.elements.namedItem(name)).filter(Boolean);
    if (field.value === '' && others.length > 0 && others.every((other) => !other.value)) {
      return { field: others[0], text: `${labelOf(others[0])}: needed for ${field.selectedOptions[0] ? field.selectedOptions[0].textContent.trim() : labelOf(field)}.` };
    }
  }
  const dimension = form.elements.namedItem('dimension');
  const tagKey = form.elements.namedItem('tag_key');
  if (dimension && tagKey && dimension.value === 'tag' && tagKey.value === '-') {
    return { field: tagKey, text: `${labelOf(tagKey)}: choose the tag key to group by.` };
  }
  return undefined;
}

function labelOf(field) {
  const label = field.closest('label');
  const text = label && label.firstChild && label.firstChild.nodeType === Node.TEXT_NODE ? label.firstChild.textContent.trim() : '';
  return text || field.name;
}

/**
 * Empty filters mean "all": leave them out of the URL (`?a=1` rather than `?a=1&account=&rule=`).
 * A preset stands for its days: From and To (which show them) are not sent with it, so the link
 * keeps following the data horizon. Explore's tag key "(none)" is its default, left out too.
 */
function omitEmpty(form) {
  form.addEventListener('formdata', (event) => {
    for (const [name, value] of [...event.formData.entries()]) {
      if (value === '') event.formData.delete(name);
    }
    if (event.formData.get('tag_key') === '-') event.formData.delete('tag_key'); // "(none)": the default
    if (event.formData.get('preset')) {
      event.formData.delete('start');
      event.formData.delete('end');
    }
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
 * A phone (under 480 px) shows the filter panel folded to its summary line, which names the filters
 * in force, so the first chart or card is on the first screen; a form carrying an error stays open.
 */
function foldOnPhone(panel) {
  const form = panel.closest('form');
  if (window.matchMedia('(max-width: 479.98px)').matches && !(form && form.querySelector('.form-error, [aria-invalid]'))) panel.open = false;
}

document.querySelectorAll('form.filters details.filter-panel').forEach(foldOnPhone);
document.querySelectorAll('[data-chart]').forEach((element) => void draw(element));
document.querySelectorAll('table[data-sortable]').forEach(sortable);
document.querySelectorAll('form.filters').forEach(omitEmpty);
document.querySelectorAll('form.filters').forEach(applyOnly);
document.querySelectorAll('form.filters').forEach(validateAsYouGo);
