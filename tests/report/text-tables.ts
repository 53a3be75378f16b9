/**
 * The tables of an e-mail's plain-text part (src/report/text-table.ts) read back as cells, written
 * apart from src/: a table is its heading lines, a rule of dashes (one run per column, two spaces
 * apart) and its rows, a second rule before its footer row. A row that wraps goes on over the next
 * lines: a line that starts at the margin starts a row, its first cell goes on indented by two
 * spaces, the others in their columns; its evidence and link lines are indented by four. Each cell
 * is the text of its column on the row's lines, joined by a space (without one after a `:`, `/` or
 * `-` where a long word broke).
 */

/** One table: heading cells, rows of cells, the footer row (if any), and each row's evidence and link lines. */
export interface TextTable {
  header: string[];
  rows: string[][];
  footer: string[] | null;
  extras: string[][];
}

const RULE = /^-+( {2}-+)+$/;

/** The cells of `lines` (one row's lines) cut at the rule's columns, each column's pieces joined. */
function cellsOf(lines: readonly string[], spans: readonly (readonly [number, number])[]): string[] {
  return spans.map(([from, to], k) => lines
    .map((line) => line.slice(from, k === spans.length - 1 ? undefined : to).trim())
    .filter(Boolean)
    .reduce((cell, piece) => (cell === '' ? piece : /[:/-]$/.test(cell) ? cell + piece : `${cell} ${piece}`), ''));
}

/** Every table of the text, in order. */
export function textTables(text: string): TextTable[] {
  const lines = text.split('\n');
  const tables: TextTable[] = [];
  for (let r = 0; r < lines.length; r++) {
    if (!RULE.test(lines[r])) continue;
    const spans = [...lines[r].matchAll(/-+/g)].map((m) => [m.index, m.index + m[0].length] as const);
    // The heading's lines: those above the rule with nothing in the gaps between its columns (not a sentence before the table).
    const inColumns = (line: string) => line.trim() !== '' && spans.every(([, to], k) => k === spans.length - 1 || line.slice(to, spans[k + 1][0]).trim() === '');
    let top = r;
    while (top > 0 && inColumns(lines[top - 1])) top--;
    const nameWidth = spans[0][1];
    const rows: string[][] = [];
    const extras: string[][] = [];
    let footer: string[] | null = null;
    let i = r + 1;
    let current: string[] = [];
    const flush = () => {
      if (current.length) rows.push(cellsOf(current, spans));
      current = [];
    };
    for (; i < lines.length && lines[i].trim() !== ''; i++) {
      const line = lines[i];
      if (line === lines[r]) {
        flush();
        const footLines = [lines[++i]];
        while (i + 1 < lines.length && lines[i + 1].startsWith(' ') && lines[i + 1].trim() !== '') footLines.push(lines[++i]);
        footer = cellsOf(footLines, spans);
        continue;
      }
      const indent = line.length - line.trimStart().length;
      if (indent === 0) {
        flush();
        current = [line];
        extras.push([]);
      } else if (indent === 4 && nameWidth > 2) {
        extras[extras.length - 1]?.push(line.trim());
      } else {
        current.push(line);
      }
    }
    flush();
    tables.push({ header: cellsOf(lines.slice(top, r), spans), rows, footer, extras });
    r = i;
  }
  return tables;
}

/**
 * The cells of the first table row (its heading, a row or its footer) whose first cell is `first`,
 * in the text after `after`, without the blank cells it ends with (as its line ends after its last
 * figure); undefined when there is none.
 */
export function textRow(text: string, first: string, after = ''): string[] | undefined {
  const from = text.indexOf(after);
  if (from < 0) return undefined;
  for (const table of textTables(text.slice(from))) {
    const row = [table.header, ...table.rows, ...(table.footer ? [table.footer] : [])].find((cells) => cells[0] === first);
    if (row) {
      let end = row.length;
      while (end > 1 && row[end - 1] === '') end--;
      return row.slice(0, end);
    }
  }
  return undefined;
}

/** The text of the section titled `title` (its title underlined by dashes) up to the next section or the footer; undefined when there is none. */
export function sectionText(text: string, title: string): string | undefined {
  const heading = `\n${title}\n${'-'.repeat(title.length)}\n`;
  const start = text.indexOf(heading);
  if (start < 0) return undefined;
  const body = text.slice(start + heading.length);
  const next = [...body.matchAll(/\n\n([^\n]+)\n(-+)\n/g)].find((m) => m[1].length === m[2].length)?.index ?? body.length;
  const footer = body.indexOf('\n\n--\n');
  return body.slice(0, footer < 0 ? next : Math.min(next, footer));
}
