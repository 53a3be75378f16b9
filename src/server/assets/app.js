// costlens dashboards (served as /assets/app.js, a module; no inline script anywhere, see the CSP).
// Draws every [data-chart] element with vega-embed as SVG, fitted to its card, with its summary for
// screen readers (chart-summary.js) and its drill-down; sorts tables and labels the cells of tables
// stacked into cards on a phone (tables.js); filters.js runs the filter forms.
/* global vegaEmbed */
import { describe, drawnRows } from './chart-summary.js';
import { sortable, stackable } from './tables.js';

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
    Object.assign(fitted, withPanelWidth(fitted, Math.max(120, width - (narrow ? 110 : 160))));
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
  else if (spec.title && typeof spec.title.text === 'string') fitted.title = wrappedTitleParts(spec.title, Math.max(120, width - 24));
  if (narrow) {
    // On a phone the title starts at the chart's left edge (not centred over the plot, which the axis labels push right) and wraps.
    fitted.config.title = { anchor: 'start', frame: 'bounds', ...fitted.config.title };
    fitted.config.legend = { ...(fitted.config.legend || {}), columns: 1, labelLimit: Math.max(80, width - 60) };
    const labelLimit = Math.round(width * 0.35);
    fitted.config.axisY = { labelLimit, ...(fitted.config.axisY || {}) };
    // A spec's own limit (explore_totals: 240 px for service names) would leave a phone about 100 px of
    // plot: it is cut to the same share, so the bars keep the rest (the table and tooltip name them whole).
    const y = fitted.encoding && fitted.encoding.y;
    if (y && y.axis && typeof y.axis.labelLimit === 'number' && y.axis.labelLimit > labelLimit) {
      fitted.encoding = { ...fitted.encoding, y: { ...y, axis: { ...y.axis, labelLimit } } };
    }
  }
  return fitted;
}

/** The width of a faceted chart's panels, or of a stacked chart's (vconcat: the resource view's metrics, one panel per unit); undefined for one view. */
function panelWidth(spec) {
  if (spec.vconcat) return spec.vconcat[0] && spec.vconcat[0].width;
  return spec.spec && spec.spec.width;
}

/** The chart with each panel `width` wide (a faceted or stacked chart cannot take "container"). */
function withPanelWidth(spec, width) {
  if (spec.vconcat) return { ...spec, vconcat: spec.vconcat.map((panel) => ({ ...panel, width })) };
  return { ...spec, spec: { ...spec.spec, width } };
}

/**
 * A title with a subtitle (`{text, subtitle}`: a month-to-date chart saying which of its days the
 * store holds no data of) fitting `width` pixels: its text and each line of its subtitle wrapped
 * as {@link wrappedTitle} wraps a title, so that neither is cut with an ellipsis on a phone.
 */
function wrappedTitleParts(title, width) {
  const lines = (part) => [].concat(part).filter((line) => typeof line === 'string').flatMap((line) => [].concat(wrappedTitle(line, width)));
  return { ...title, text: wrappedTitle(title.text, width), ...(title.subtitle ? { subtitle: lines(title.subtitle) } : {}) };
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
    const inner = panelWidth(fitted);
    if (typeof inner === 'number') {
      // A faceted or stacked chart cannot take "container": redraw once with its inner width corrected by what its labels took.
      const drawn = Number(element.querySelector('svg').getAttribute('width'));
      const missing = element.clientWidth - drawn;
      if (Math.abs(missing) > 2) {
        result.finalize();
        result = await vegaEmbed(element, withPanelWidth(fitted, Math.max(80, inner + missing)), EMBED_OPTIONS);
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
 * Keeps vega-tooltip's box (`#vg-tooltip-element`, one for every chart, added on the first hover) inside the
 * viewport: on a phone a tooltip wider than the room on either side of the pointer (a month's days and why it is
 * not whole) was placed partly off the screen's left edge, vega-tooltip's fallback. Its left and top are moved in
 * by what it overflows; it lets the pointer through (app.css), so covering the pointer keeps it shown.
 */
function keepTooltipOnScreen() {
  const clamp = (tip) => {
    if (!tip.classList.contains('visible')) return;
    const box = tip.getBoundingClientRect();
    const inside = (start, size, room) => Math.max(0, Math.min(start, room - size));
    const [left, top] = [inside(box.left, box.width, document.documentElement.clientWidth), inside(box.top, box.height, window.innerHeight)];
    if (Math.abs(left - box.left) > 0.5) tip.style.left = `${left}px`;
    if (Math.abs(top - box.top) > 0.5) tip.style.top = `${top}px`;
  };
  const watch = (tip) => new MutationObserver(() => clamp(tip)).observe(tip, { attributes: true, attributeFilter: ['style', 'class'] });
  const added = new MutationObserver(() => {
    const tip = document.getElementById('vg-tooltip-element');
    if (!tip) return;
    added.disconnect();
    watch(tip);
    clamp(tip);
  });
  added.observe(document.body, { childList: true });
}

keepTooltipOnScreen();
document.querySelectorAll('[data-chart]').forEach((element) => void draw(element));
document.querySelectorAll('table[data-sortable]').forEach(sortable);
document.querySelectorAll('table.stack').forEach(stackable);
