/**
 * The report as HTML that common mail clients render: table layout 640 px wide, every style
 * inline, no script, no external resource (charts are `cid:` images in the message, data: URIs
 * in the preview file), system fonts only.
 */
import type { ChartImage } from './charts.ts';
import type { LayoutSection, LayoutTable, ReportLayout } from './layout.ts';

const FONT = "font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif";
const WIDTH = 640;

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function cell(text: string, numeric: boolean, tag: 'td' | 'th', extra = ''): string {
  const style = `padding:4px 6px;border-bottom:1px solid #e5e7eb;font-size:13px;line-height:18px;vertical-align:top;${numeric ? 'text-align:right;white-space:nowrap;' : 'text-align:left;'}${tag === 'th' ? 'color:#57606a;font-weight:600;' : 'color:#1f2328;'}${extra}`;
  return `<${tag} style="${style}">${escapeHtml(text)}</${tag}>`;
}

function table(t: LayoutTable): string {
  const shown = t.columns.map((_, i) => i).filter((i) => i !== t.detail);
  const head = `<tr>${shown.map((i) => cell(t.columns[i], t.numeric[i], 'th')).join('')}</tr>`;
  const body = t.rows.map((row) => {
    const main = `<tr>${shown.map((i) => cell(row[i], t.numeric[i], 'td')).join('')}</tr>`;
    if (t.detail === undefined) return main;
    return `${main}<tr><td colspan="${shown.length}" style="padding:0 6px 8px 18px;border-bottom:1px solid #e5e7eb;font-size:12px;line-height:16px;color:#57606a;">${escapeHtml(row[t.detail])}</td></tr>`;
  }).join('');
  const foot = t.footer ? `<tr>${shown.map((i) => cell(t.footer![i], t.numeric[i], 'td', 'font-weight:700;border-top:2px solid #d0d7de;')).join('')}</tr>` : '';
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;margin:8px 0 4px 0;${FONT}">${head}${body}${foot}</table>`;
}

function section(s: LayoutSection, charts: ReadonlyMap<string, ChartImage>, imageSrc: (chart: ChartImage) => string): string {
  const parts = [`<h2 style="margin:24px 0 6px 0;font-size:17px;line-height:22px;color:#1f2328;${FONT}">${escapeHtml(s.title)}</h2>`];
  for (const p of s.paragraphs) parts.push(`<p style="margin:0 0 8px 0;font-size:14px;line-height:20px;color:#1f2328;${FONT}">${escapeHtml(p)}</p>`);
  const chart = s.chart ? charts.get(s.chart) : undefined;
  if (chart) {
    const width = Math.min(chart.width, WIDTH - 40);
    const height = Math.round((chart.height * width) / chart.width);
    parts.push(`<img src="${escapeHtml(imageSrc(chart))}" width="${width}" height="${height}" alt="${escapeHtml(chart.alt)}" style="display:block;border:0;outline:none;max-width:100%;height:auto;margin:8px 0;">`);
  }
  for (const t of s.tables) parts.push(table(t));
  for (const n of s.notes) parts.push(`<p style="margin:4px 0 0 0;font-size:12px;line-height:16px;color:#57606a;${FONT}">${escapeHtml(n)}</p>`);
  return `<tr><td style="padding:0 20px;">${parts.join('\n')}</td></tr>`;
}

/**
 * Renders the layout. `imageSrc` gives each chart's `src`: `cid:<name>@costlens` in the message,
 * a data: URI in the preview file.
 */
export function renderHtml(layout: ReportLayout, charts: readonly ChartImage[], imageSrc: (chart: ChartImage) => string): string {
  const byName = new Map(charts.map((c) => [c.name, c]));
  const alerts = layout.alerts.map((a) =>
    `<tr><td style="padding:10px 20px 0 20px;"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td style="padding:8px 10px;background:#fff8c5;border:1px solid #d4a72c;font-size:13px;line-height:18px;color:#1f2328;${FONT}">${escapeHtml(a)}</td></tr></table></td></tr>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${escapeHtml(layout.subject)}</title>
</head>
<body style="margin:0;padding:0;background:#f6f8fa;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f6f8fa;">
<tr><td align="center" style="padding:16px 8px;">
<table role="presentation" width="${WIDTH}" cellpadding="0" cellspacing="0" border="0" style="width:${WIDTH}px;max-width:100%;background:#ffffff;border:1px solid #d0d7de;">
<tr><td style="padding:18px 20px 4px 20px;background:#0d1117;">
<p style="margin:0;font-size:12px;line-height:16px;color:#8b949e;${FONT}">${escapeHtml(layout.heading)}</p>
<h1 style="margin:4px 0 12px 0;font-size:20px;line-height:26px;color:#ffffff;${FONT}">${escapeHtml(layout.subheading)}</h1>
</td></tr>
<tr><td style="padding:14px 20px 0 20px;"><p style="margin:0;font-size:15px;line-height:22px;font-weight:600;color:#1f2328;${FONT}">${escapeHtml(layout.headline)}</p></td></tr>
${alerts}
${layout.sections.map((s) => section(s, byName, imageSrc)).join('\n')}
<tr><td style="padding:20px 20px 18px 20px;">${layout.footer.map((f) => `<p style="margin:6px 0 0 0;font-size:11px;line-height:15px;color:#6e7781;${FONT}">${escapeHtml(f)}</p>`).join('')}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}
