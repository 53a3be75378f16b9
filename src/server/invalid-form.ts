/**
 * A page asked for with a filter it cannot use (a date that does not exist, From after To, a value
 * not offered) answers 400 with the page's own filter form, every value as the user gave it, and the
 * message beside the field at fault, never a bare error page. The form is the page's: the page is
 * rendered again without the bad field (and, for a date range, without its other end), its filter
 * form is taken from that rendering, and the given values are put back into it. A page that cannot
 * render without the field (the resource view without an id) gives its form with the error
 * (FieldError `form`). When even that cannot be had, a plain form of the given parameters stands in.
 * A date field given text that is not a date becomes a text field, so the text stays in view.
 */
import { html, raw } from 'hono/html';
import type { CostlensError } from '../errors.ts';
import { isCalendarDay } from '../lib/calendar.ts';
import { escapeHtml } from '../lib/html-escape.ts';
import { FieldError } from './field-error.ts';
import type { Html, Page, PageRequest } from './html/index.ts';

/** The filter panel's summary line while the given filters cannot be shown. */
const NOT_APPLIED = ': not applied, fix the marked field and press Apply';

/** Fields dropped together: one end of a range says nothing without the other. */
const TOGETHER: Record<string, string[]> = { start: ['start', 'end', 'preset'], end: ['start', 'end', 'preset'], preset: ['start', 'end', 'preset'] };

/**
 * The body of the 400 page for `error`, raised by `page` for `request`; undefined when the request
 * gave no parameter and the page has no filter form (the plain error page says it better).
 */
export async function invalidFormBody(page: Page, request: PageRequest, error: CostlensError): Promise<Html | undefined> {
  const field = error instanceof FieldError ? error.field : fieldNamedBy(error.message, Object.keys(request.query));
  const given = error instanceof FieldError ? error.form : undefined;
  const form = given ?? (await pageForm(page, request, field)) ?? (Object.keys(request.query).length ? plainForm(page.path, request.query) : undefined);
  if (!form) return undefined;
  return html`<h1>${page.title}</h1>
${raw(restoreValues(form, request.query, field, error))}
<p class="note" id="invalid-request">Nothing is shown until the ${field ? 'marked field is' : 'filters are'} fixed: ${error.message}</p>`;
}

/** The given parameter an error message is about ("period must be …", "\"tag\" is given twice"), if it names one. */
function fieldNamedBy(message: string, names: string[]): string | undefined {
  return names.find((name) => new RegExp(`(^|[\\s:"(])${escapeRegExp(name)}"?( \\(|\\s)(must|is|needs)\\b`).test(message));
}

/**
 * The page's filter form, rendered without the bad field (following one redirect to its defaults),
 * or, when the rest of the request still cannot be shown, with the page's defaults alone (the
 * given values are put back into it afterwards).
 */
async function pageForm(page: Page, request: PageRequest, field: string | undefined): Promise<string | undefined> {
  const drop = new Set(field ? (TOGETHER[field] ?? [field]) : []);
  const without = Object.fromEntries(Object.entries(request.query).filter(([name]) => !drop.has(name)));
  for (const start of [without, {}]) {
    let query: Record<string, string[]> = start;
    for (let hop = 0; hop < 2; hop += 1) {
      let result;
      try {
        result = await page.render({ ...request, query });
      } catch {
        break;
      }
      if ('redirect' in result) {
        const url = new URL(result.redirect, 'http://page');
        query = {};
        for (const [name, value] of url.searchParams) (query[name] ??= []).push(value);
        continue;
      }
      const form = /<form\b[^>]*\bclass="filters"[^>]*>[\s\S]*?<\/form>/.exec(String(await result.body))?.[0];
      if (form) return form;
      break;
    }
  }
  return undefined;
}

/** A form of the given parameters, one text field each, when the page's own cannot be had. */
function plainForm(action: string, query: Record<string, string[]>): string {
  const fields = Object.entries(query).flatMap(([name, values]) =>
    values.map((value) => `<label>${escapeHtml(name)} <input name="${escapeHtml(name)}" value="${escapeHtml(value)}"></label>`));
  return `<form class="filters" id="filters" method="get" action="${escapeHtml(action)}"><details class="filter-panel" open><summary><span class="filter-heading">Filters</span><span class="filter-summary">${NOT_APPLIED}</span></summary>`
    + `<div class="filter-fields">${fields.join('')}<div class="filter-apply"><button type="submit">Apply</button> <span class="pending-note" role="status"></span></div></div></details></form>`;
}

/**
 * The form with the values of `query` in its fields (a value a select does not offer added as an
 * option), and the error beside `field` (marked invalid and described by it), or at the top of the
 * form when no field of the form is named.
 */
export function restoreValues(form: string, query: Record<string, string[]>, field: string | undefined, error: CostlensError): string {
  let out = form;
  for (const [name, values] of Object.entries(query)) {
    const value = values[0] ?? '';
    const pattern = fieldPattern(name);
    out = out.replace(pattern, (given: string, kind: string) => {
      if (kind === 'select') return given;
      if (/\btype="(checkbox|radio)"/.test(given)) return /\bvalue="([^"]*)"/.exec(given)?.[1] === escapeHtml(value) && !/\bchecked\b/.test(given) ? given.replace(/>$/, ' checked>') : given;
      const tag = asTextWhenNotADate(given, value);
      return /\bvalue="[^"]*"/.test(tag) ? tag.replace(/\bvalue="[^"]*"/, `value="${escapeHtml(value)}"`) : tag.replace(/^<input\b/, `<input value="${escapeHtml(value)}"`);
    });
    out = out.replace(new RegExp(`(<select\\b[^>]*\\bname="${escapeRegExp(name)}"[^>]*>)([\\s\\S]*?)(</select>)`), (_, open: string, options: string, close: string) => {
      const cleared = options.replace(/ selected(?=[ >])/g, '');
      const chosen = new Set(values.map(escapeHtml));
      let found = false;
      const marked = cleared.replace(/<option value="([^"]*)"/g, (option: string, v: string) => {
        if (!chosen.has(v)) return option;
        found = true;
        return `${option} selected`;
      });
      return `${open}${found ? marked : `${marked}<option value="${escapeHtml(value)}" selected>${escapeHtml(value)}</option>`}${close}`;
    });
  }
  // A field that a given one clears (a billing period beside a given date range, a preset beside From/To) shows "none".
  out = out.replace(/<select\b[^>]*\bname="([^"]*)"[^>]*\bdata-clears="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g, (select: string, name: string, clears: string) => {
    if (name in query || !clears.split(' ').some((other) => other in query) || !/<option value=""/.test(select)) return select;
    return select.replace(/ selected(?=[ >])/g, '').replace(/<option value=""/, '<option value="" selected');
  });
  // The summary line names what the page shows: nothing is, until the form is fixed.
  out = out.replace(/<span class="filter-heading">[^<]*<\/span>/, '<span class="filter-heading">Filters</span>');
  out = /<span class="filter-summary">/.test(out)
    ? out.replace(/(<span class="filter-summary">)[\s\S]*?(<\/span>)/, `$1${NOT_APPLIED}$2`)
    : out.replace('<span class="filter-heading">Filters</span>', `<span class="filter-heading">Filters</span><span class="filter-summary">${NOT_APPLIED}</span>`);
  const message = `${error.message}${error.hint ? ` (${error.hint})` : ''}`;
  const id = `${field ?? 'form'}-error`.replace(/[^\w-]/g, '_');
  const at = field ? fieldPattern(field).exec(out) : null;
  if (field && at) {
    const described = at[0].replace(/^<(input|select)\b/, `<$1 aria-invalid="true" aria-describedby="${id}"`);
    const afterField = at.index + at[0].length;
    const labelEnd = out.indexOf('</label>', afterField);
    const closeSelect = at[1] === 'select' ? out.indexOf('</select>', afterField) + '</select>'.length : afterField;
    const insertAt = labelEnd >= 0 ? labelEnd : closeSelect;
    const note = `<span class="form-error field-error" id="${id}" role="alert">${escapeHtml(message)}</span>`;
    return `${out.slice(0, at.index)}${described}${out.slice(afterField, insertAt)}${note}${out.slice(insertAt)}`;
  }
  return out.replace(/^<form\b[^>]*>/, (open) => `${open}<p class="form-error" id="${id}" role="alert">${escapeHtml(message)}</p>`);
}

/**
 * A date field given text that is not a date (`2026-13-01`) as a text field: a browser empties a
 * date field whose value is not a valid date (and warns on the console), which would hide the very
 * text the message beside it is about. It keeps saying what it wants (placeholder `YYYY-MM-DD`).
 */
function asTextWhenNotADate(tag: string, value: string): string {
  if (!/\btype="date"/.test(tag) || value === '' || (value >= '0001' && isCalendarDay(value))) return tag;
  return tag.replace(/\btype="date"/, 'type="text" inputmode="numeric" placeholder="YYYY-MM-DD" autocomplete="off"');
}

function fieldPattern(name: string): RegExp {
  return new RegExp(`<(input|select)\\b[^>]*\\bname="${escapeRegExp(escapeHtml(name))}"[^>]*>`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
