/**
 * The plain-text alternative of the report: the same layout as the HTML, tables as aligned
 * columns (text-table.ts), every figure as the HTML prints it, no line wider than 78 columns but
 * for a web address (which a line break would cut).
 */
import type { ReportLayout } from './layout.ts';
import { TEXT_WIDTH, textTable } from './text-table.ts';

/** `text` in lines of at most TEXT_WIDTH, broken between words. */
function wrap(text: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && (line + ' ' + word).length > TEXT_WIDTH) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

/** Renders the layout as plain text; `charts` names the charts the HTML version carries. */
export function renderText(layout: ReportLayout, charts: ReadonlySet<string> = new Set()): string {
  const out: string[] = [layout.heading, layout.subheading, '='.repeat(Math.max(layout.heading.length, layout.subheading.length)), '', wrap(layout.headline)];
  for (const alert of layout.alerts) out.push('', wrap(`! ${alert}`));
  for (const s of layout.sections) {
    out.push('', s.title, '-'.repeat(s.title.length));
    for (const p of s.paragraphs) out.push(wrap(p));
    if (s.chart && charts.has(s.chart)) out.push('(chart in the HTML version)');
    for (const t of s.tables) out.push('', textTable(t));
    for (const n of s.notes) out.push('', wrap(n));
    if (s.link) out.push('', `${s.link.text}:`, s.link.href);
  }
  out.push('', '--');
  for (const f of layout.footer) out.push(wrap(f));
  return `${out.join('\n')}\n`;
}
