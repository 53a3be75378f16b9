// costlens dashboards (served as /assets/app.js; no inline script anywhere, see the CSP).
// Draws every [data-chart] element with vega-embed as SVG, and applies filter forms on change.
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

async function draw(element) {
  const name = element.dataset.chart;
  const params = element.dataset.params || '';
  element.dataset.state = 'loading';
  try {
    const response = await fetch(`/api/charts/${encodeURIComponent(name)}${params ? `?${params}` : ''}`, {
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
    });
    const body = await response.json();
    if (!response.ok) throw new Error(body && body.error ? body.error.message : `HTTP ${response.status}`);
    await vegaEmbed(element, body, EMBED_OPTIONS);
    element.dataset.state = 'drawn';
  } catch (error) {
    element.dataset.state = 'error';
    element.textContent = `This chart could not be drawn: ${error.message}`;
    console.error(`costlens: chart ${name}:`, error);
  }
}

/**
 * Filters apply as soon as they change (the form is a plain GET form, so the URL carries them).
 * Picking a tag key groups by that tag; grouping by something else clears the tag key; choosing
 * "Tag" without a key waits for the key. A field with `data-clears="a b"` empties those fields when
 * it gets a value (a period and a date range exclude each other; a new owner tag resets the owner);
 * emptied, it waits for them instead. A field with `data-needs="x"` waits until x has a value too.
 */
function autosubmit(form) {
  const tagKey = form.querySelector('select[name="tag_key"]');
  const dimension = form.querySelector('select[name="dimension"]');
  form.addEventListener('change', (event) => {
    const target = event.target;
    const clears = target.dataset && target.dataset.clears ? target.dataset.clears.split(' ') : [];
    const others = clears.map((name) => form.elements.namedItem(name)).filter((field) => field && field !== target);
    if (others.length > 0) {
      if (target.value === '') {
        others[0].focus();
        return;
      }
      for (const field of others) field.value = '';
    }
    const needs = target.dataset && target.dataset.needs ? form.elements.namedItem(target.dataset.needs) : null;
    if (needs && needs.value === '') {
      needs.focus();
      return;
    }
    if (tagKey && dimension) {
      if (event.target === tagKey) {
        if (tagKey.value !== '-') dimension.value = 'tag';
        else if (dimension.value === 'tag') dimension.value = 'service';
      } else if (event.target === dimension) {
        if (dimension.value !== 'tag') tagKey.value = '-';
        else if (tagKey.value === '-') {
          tagKey.focus();
          return;
        }
      }
    }
    form.requestSubmit();
  });
}

/** Empty filters mean "all": leave them out of the URL (`?a=1` rather than `?a=1&account=&rule=`). */
function omitEmpty(form) {
  form.addEventListener('formdata', (event) => {
    for (const [name, value] of [...event.formData.entries()]) {
      if (value === '') event.formData.delete(name);
    }
  });
}

document.querySelectorAll('[data-chart]').forEach((element) => void draw(element));
document.querySelectorAll('form.filters').forEach(omitEmpty);
document.querySelectorAll('form[data-autosubmit]').forEach(autosubmit);
