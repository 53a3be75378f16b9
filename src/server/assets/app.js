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
 * "Tag" without a key waits for the key.
 */
function autosubmit(form) {
  const tagKey = form.querySelector('select[name="tag_key"]');
  const dimension = form.querySelector('select[name="dimension"]');
  form.addEventListener('change', (event) => {
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

document.querySelectorAll('[data-chart]').forEach((element) => void draw(element));
document.querySelectorAll('form[data-autosubmit]').forEach(autosubmit);
