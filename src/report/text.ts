/**
 * The plain-text alternative of the report: the same layout as the HTML, tables as aligned
 * columns, every figure as the HTML prints it.
 */
import type { LayoutTable, ReportLayout } from './layout.ts';

function wrap(text: string, width = 78, indent = ''): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && (indent + line + ' ' + word).length > width) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(indent + line);
  return lines.join('\n');
}

function table(t: LayoutTable): string {
  const shown = t.columns.map((_, i) => i).filter((i) => i !== t.detail);
  const all = [t.columns, ...t.rows, ...(t.footer ? [t.footer] : [])];
  const widths = shown.map((i) => Math.max(...all.map((row) => row[i].length)));
  const line = (row: string[]) => shown.map((i, k) => (t.numeric[i] ? row[i].padStart(widths[k]) : row[i].padEnd(widths[k]))).join('  ').trimEnd();
  const out = [line(t.columns), widths.map((w) => '-'.repeat(w)).join('  ')];
  t.rows.forEach((row, r) => {
    out.push(line(row));
    if (t.detail !== undefined) out.push(wrap(row[t.detail], 78, '    '));
    const link = t.links?.[r];
    if (link) out.push(`    ${link.href}`);
  });
  if (t.footer) {
    out.push(widths.map((w) => '-'.repeat(w)).join('  '));
    out.push(line(t.footer));
  }
  return out.join('\n');
}

/** Renders the layout as plain text; `charts` names the charts the HTML version carries. */
export function renderText(layout: ReportLayout, charts: ReadonlySet<string> = new Set()): string {
  const out: string[] = [layout.heading, layout.subheading, '='.repeat(Math.max(layout.heading.length, layout.subheading.length)), '', wrap(layout.headline)];
  for (const alert of layout.alerts) out.push('', wrap(`! ${alert}`));
  for (const s of layout.sections) {
    out.push('', s.title, '-'.repeat(s.title.length));
    for (const p of s.paragraphs) out.push(wrap(p));
    if (s.chart && charts.has(s.chart)) out.push('(chart in the HTML version)');
    for (const t of s.tables) out.push('', table(t));
    for (const n of s.notes) out.push('', wrap(n));
    if (s.link) out.push('', `${s.link.text}:`, s.link.href);
  }
  out.push('', '--');
  for (const f of layout.footer) out.push(wrap(f));
  return `${out.join('\n')}\n`;
}
