/**
 * The report as HTML that common mail clients render, on a desktop and on a phone: a 640 px
 * column of table layout with every style inline, which a `<style>` block (read by Apple Mail,
 * iOS Mail, Gmail, Outlook.com and most others) narrows below 660 px and, below 480 px, turns into
 * a single column: each table row becomes a card whose cells stack one per line, each under the
 * label of its column, so no money column is ever cut off. No script, no external resource
 * (charts are `cid:` images in the message, data: URIs in the preview file), system fonts only.
 * Each section ends with the link to its dashboard page when the report has a public URL.
 */
import { escapeHtml } from '../lib/html-escape.ts';
import type { ChartImage } from './charts.ts';
import type { LayoutSection, LayoutTable, ReportLayout } from './layout.ts';

/**
 * What the report keeps on one line: an amount as it writes it (money.ts: an optional sign, then `$`
 * and its digits), and a percentage (`88.05 %`, `≥ 10 %`, `−0.6%`: a number not inside a word, then
 * `%`, after a space or not).
 */
const KEPT_WHOLE = /[+−-]?\$\d[\d,]*(?:\.\d+)?|(?<![\w.,$])[+−-]?\d[\d,]*(?:\.\d+)? ?%/g;

/**
 * `text` escaped for HTML, each amount and percentage in it wrapped in a nowrap span so that it
 * never breaks inside: a browser may break a line between a sign and `$` (`(gone −` / `$0.88)`) and
 * at the space before `%` (`88.05` / `%`), and a phone's narrow column does. The text keeps its
 * plain spaces (the plain-text part of the e-mail is written apart, text.ts).
 */
export function escapeKeepingAmounts(text: string): string {
  let html = '';
  let from = 0;
  for (const match of text.matchAll(KEPT_WHOLE)) {
    html += `${escapeHtml(text.slice(from, match.index))}<span style="white-space:nowrap;">${escapeHtml(match[0])}</span>`;
    from = match.index + match[0].length;
  }
  return html + escapeHtml(text.slice(from));
}

const FONT = "font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif";
const WIDTH = 640;
/** Below this viewport width (px) tables stack into one column. */
export const PHONE_MAX_WIDTH = 480;

/**
 * The responsive rules. Class names start with `cl-`; everything they override is set inline
 * (so clients without `<style>` show the desktop layout), hence `!important`.
 */
const STYLE = `
@media (max-width: ${WIDTH + 20}px) {
  .cl-outer { padding: 0 !important; }
  .cl-main { width: 100% !important; border-left: 0 !important; border-right: 0 !important; }
}
@media (max-width: ${PHONE_MAX_WIDTH}px) {
  .cl-pad { padding-left: 12px !important; padding-right: 12px !important; }
  table.cl-t, table.cl-t tbody, table.cl-t tr, table.cl-t td { display: block !important; width: auto !important; }
  table.cl-t tr.cl-head { display: none !important; }
  table.cl-t tr.cl-row { padding: 6px 0 !important; border-bottom: 1px solid #d0d7de !important; }
  table.cl-t tr.cl-lead { padding: 6px 0 0 0 !important; }
  table.cl-t tr.cl-foot { border-top: 2px solid #d0d7de !important; }
  table.cl-t td { border: 0 !important; padding: 1px 0 !important; text-align: right !important; white-space: normal !important; }
  table.cl-t td.cl-name { text-align: left !important; font-weight: 600 !important; }
  table.cl-t td.cl-blank { display: none !important; }
  table.cl-t tr.cl-detail td { text-align: left !important; padding: 2px 0 0 0 !important; }
  table.cl-t span.cl-lbl { display: inline !important; float: left; padding-right: 10px; color: #57606a; font-weight: 400; }
  table.cl-t span.cl-kind { display: block !important; font-size: 11px; line-height: 14px; color: #57606a; font-weight: 400; }
}`;


/** A column head, its days in parentheses kept on one line: `This week` over `(30 Nov – 6 Dec)`, not `(30 Nov – 6` over `Dec)`. */
function headText(text: string): string {
  const days = /^(.+) (\([^()]+\))$/.exec(text);
  return days ? `${escapeHtml(days[1])} <span style="white-space:nowrap;">${escapeHtml(days[2])}</span>` : escapeHtml(text);
}

/**
 * Where a cell sits: the row's name (first column; on a phone its column's name stands above it, so
 * that each card says what it is, a service or an account, as the hidden heading did), another cell
 * (labelled by its column on a phone), or a heading. A footer's name (`Total`) has no label.
 */
type CellRole = { kind: 'name'; label: string } | { kind: 'value'; label: string } | { kind: 'head' };

function cell(text: string, numeric: boolean, role: CellRole, extra = '', href?: string): string {
  const tag = role.kind === 'head' ? 'th' : 'td';
  // A figure never breaks inside (`$33,091.14`); a cell of two (`$1.00 – $2.00`, `−$3.59 (−0.6%)`) and a heading may wrap between words.
  const nowrap = numeric && role.kind !== 'head' && !text.includes(' ') ? 'white-space:nowrap;' : '';
  const wrap = numeric ? `text-align:right;${nowrap}` : 'text-align:left;overflow-wrap:break-word;';
  const style = `padding:4px 6px;border-bottom:1px solid #e5e7eb;font-size:13px;line-height:18px;vertical-align:top;${wrap}${role.kind === 'head' ? 'color:#57606a;font-weight:600;' : 'color:#1f2328;'}${extra}`;
  const classes = [role.kind === 'name' ? 'cl-name' : '', text === '' && role.kind !== 'head' ? 'cl-blank' : ''].filter(Boolean).join(' ');
  const label = role.kind === 'value' ? `<span class="cl-lbl" style="display:none;mso-hide:all;">${escapeHtml(role.label)}</span>`
    : role.kind === 'name' && role.label ? `<span class="cl-kind" style="display:none;mso-hide:all;">${escapeHtml(role.label)}</span>` : '';
  const content = href ? `<a href="${escapeHtml(href)}" style="color:#0969da;text-decoration:underline;">${escapeKeepingAmounts(text)}</a>`
    : role.kind === 'head' ? headText(text) : escapeKeepingAmounts(text);
  return `<${tag}${classes ? ` class="${classes}"` : ''} style="${style}">${label}${content}</${tag}>`;
}

function table(t: LayoutTable): string {
  const shown = t.columns.map((_, i) => i).filter((i) => i !== t.detail);
  const role = (i: number, footer: boolean): CellRole => (i !== shown[0] ? { kind: 'value', label: t.columns[i] } : { kind: 'name', label: footer ? '' : t.columns[i] });
  const linked = t.linkColumn ?? shown[0];
  const cells = (row: string[], extra = '', href?: string, footer = false) => shown.map((i) => cell(row[i], t.numeric[i], role(i, footer), extra, i === linked ? href : undefined)).join('');
  const head = `<tr class="cl-head">${shown.map((i) => cell(t.columns[i], t.numeric[i], { kind: 'head' })).join('')}</tr>`;
  const body = t.rows.map((row, r) => {
    if (t.detail === undefined) return `<tr class="cl-row">${cells(row, '', t.links?.[r]?.href)}</tr>`;
    return `<tr class="cl-lead">${cells(row, '', t.links?.[r]?.href)}</tr><tr class="cl-row cl-detail"><td colspan="${shown.length}" style="padding:0 6px 8px 18px;border-bottom:1px solid #e5e7eb;font-size:12px;line-height:16px;color:#57606a;overflow-wrap:break-word;">${escapeKeepingAmounts(row[t.detail])}</td></tr>`;
  }).join('');
  const foot = t.footer ? `<tr class="cl-row cl-foot">${cells(t.footer, 'font-weight:700;border-top:2px solid #d0d7de;', undefined, true)}</tr>` : '';
  return `<table class="cl-t" role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;margin:8px 0 4px 0;${FONT}">${head}${body}${foot}</table>`;
}

function section(s: LayoutSection, charts: ReadonlyMap<string, ChartImage>, imageSrc: (chart: ChartImage) => string): string {
  const parts = [`<h2 style="margin:24px 0 6px 0;font-size:17px;line-height:22px;color:#1f2328;${FONT}">${escapeHtml(s.title)}</h2>`];
  for (const p of s.paragraphs) parts.push(`<p style="margin:0 0 8px 0;font-size:14px;line-height:20px;color:#1f2328;${FONT}">${escapeKeepingAmounts(p)}</p>`);
  const chart = s.chart ? charts.get(s.chart) : undefined;
  if (chart) {
    const width = Math.min(chart.width, WIDTH - 40);
    const height = Math.round((chart.height * width) / chart.width);
    parts.push(`<img src="${escapeHtml(imageSrc(chart))}" width="${width}" height="${height}" alt="${escapeHtml(chart.alt)}" style="display:block;border:0;outline:none;max-width:100%;height:auto;margin:8px 0;">`);
  }
  for (const t of s.tables) parts.push(table(t));
  for (const n of s.notes) parts.push(`<p style="margin:4px 0 0 0;font-size:12px;line-height:16px;color:#57606a;${FONT}">${escapeKeepingAmounts(n)}</p>`);
  if (s.link) {
    parts.push(`<p style="margin:8px 0 0 0;font-size:13px;line-height:18px;${FONT}"><a href="${escapeHtml(s.link.href)}" style="color:#0969da;text-decoration:underline;">${escapeHtml(s.link.text)} &rsaquo;</a></p>`);
  }
  return `<tr><td class="cl-pad" style="padding:0 20px;">${parts.join('\n')}</td></tr>`;
}

/**
 * Renders the layout. `imageSrc` gives each chart's `src`: `cid:<name>@costlens` in the message,
 * a data: URI in the preview file.
 */
export function renderHtml(layout: ReportLayout, charts: readonly ChartImage[], imageSrc: (chart: ChartImage) => string): string {
  const byName = new Map(charts.map((c) => [c.name, c]));
  const alerts = layout.alerts.map((a) =>
    `<tr><td class="cl-pad" style="padding:10px 20px 0 20px;"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td style="padding:8px 10px;background:#fff8c5;border:1px solid #d4a72c;font-size:13px;line-height:18px;color:#1f2328;${FONT}">${escapeKeepingAmounts(a)}</td></tr></table></td></tr>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<meta name="color-scheme" content="light">
<title>${escapeHtml(layout.subject)}</title>
<style>${STYLE}
</style>
</head>
<body style="margin:0;padding:0;background:#f6f8fa;-webkit-text-size-adjust:100%;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f6f8fa;">
<tr><td class="cl-outer" align="center" style="padding:16px 8px;">
<table class="cl-main" role="presentation" width="${WIDTH}" cellpadding="0" cellspacing="0" border="0" style="width:${WIDTH}px;max-width:100%;background:#ffffff;border:1px solid #d0d7de;">
<tr><td class="cl-pad" style="padding:18px 20px 4px 20px;background:#0d1117;">
<p style="margin:0;font-size:12px;line-height:16px;color:#8b949e;${FONT}">${escapeHtml(layout.heading)}</p>
<h1 style="margin:4px 0 12px 0;font-size:20px;line-height:26px;color:#ffffff;${FONT}">${escapeHtml(layout.subheading)}</h1>
</td></tr>
<tr><td class="cl-pad" style="padding:14px 20px 0 20px;"><p style="margin:0;font-size:15px;line-height:22px;font-weight:600;color:#1f2328;${FONT}">${escapeKeepingAmounts(layout.headline)}</p></td></tr>
${alerts}
${layout.sections.map((s) => section(s, byName, imageSrc)).join('\n')}
<tr><td class="cl-pad" style="padding:20px 20px 18px 20px;">${layout.footer.map((f) => `<p style="margin:6px 0 0 0;font-size:11px;line-height:15px;color:#6e7781;${FONT}">${escapeKeepingAmounts(f)}</p>`).join('')}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}
