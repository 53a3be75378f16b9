// costlens filter forms (served as /assets/filters.js, before app.js; no inline script, see the CSP).
// Every page's filter form applies only on Apply (or Enter in a field): changes are checked inline,
// beside the field, and said to wait; the form's panel folds to its summary line on a phone.
'use strict';

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
    for (const follower of form.querySelectorAll('[data-follows]')) followLeader(form, follower);
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
 * A select whose choices belong to another field's value as the page shows it (`data-follows="x"`:
 * the owners of the owner tag shown) is disabled while x holds another value (its choices would be
 * another key's), and back as it was when x is put back; Apply brings the choices of the new value.
 */
function followLeader(form, follower) {
  const leader = form.elements.namedItem(follower.dataset.follows);
  if (!leader || !leader.options) return;
  if (follower.dataset.shownDisabled === undefined) follower.dataset.shownDisabled = String(follower.disabled);
  const shown = [...leader.options].find((option) => option.defaultSelected);
  const changed = shown !== undefined && leader.value !== shown.value;
  follower.disabled = changed || follower.dataset.shownDisabled === 'true';
  follower.title = changed ? `Apply to choose among the values of ${leader.value}` : '';
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
 * A phone (under 480 px) shows the filter panel folded to its summary line, which names the filters
 * in force, so the first chart or card is on the first screen; a form carrying an error stays open.
 */
function foldOnPhone(panel) {
  const form = panel.closest('form');
  if (window.matchMedia('(max-width: 479.98px)').matches && !(form && form.querySelector('.form-error, [aria-invalid]'))) panel.open = false;
}

document.querySelectorAll('form.filters details.filter-panel').forEach(foldOnPhone);
document.querySelectorAll('form.filters').forEach(omitEmpty);
document.querySelectorAll('form.filters').forEach(applyOnly);
document.querySelectorAll('form.filters').forEach(validateAsYouGo);
