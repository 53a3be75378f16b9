/**
 * A layout table as plain text no wider than a mail line (78 columns, as RFC 5322 suggests):
 * columns two spaces apart, numeric columns aligned right. A table that would be wider wraps
 * cells onto more lines, one column narrowed at a time, always the one whose narrowing costs the
 * table the fewest lines (a heading that wraps once costs one line; a column every row wraps in
 * costs many), until it fits. A cell wraps between words, never inside an amount or a
 * percentage (`−$29.32`, `80 %`); a word wider than its column (an ARN) breaks after its last `:`,
 * `/` or `-` that fits, else where the column ends. A row's first cell goes on over its next lines
 * indented by two spaces, so a line that starts at the margin always starts a row (the evidence
 * and link lines under a row are indented by four).
 */
import type { LayoutTable } from './layout-parts.ts';

/** The widest a table's lines may be. */
export const TEXT_WIDTH = 78;
/** How far a row's first cell goes on, on its next lines. */
const NAME_INDENT = '  ';
/** Columns are this far apart. */
const GAP = '  ';
/** A text column is not narrowed below its longest word or this, whichever is less (longer words break). */
const TEXT_FLOOR = 20;
/**
 * Kept on one line with the word before it: the `%` of `80 %`, the dash of a range (`$1.00 – $2.00`),
 * a day's month (`6 Dec`), a date's time (`2026-12-07 04:54`).
 */
const GLUED = / (?=%)| (?=– )|(?<=\b\d{1,2}) (?=(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b)|(?<=\b\d{4}-\d\d-\d\d) (?=\d\d:\d\d\b)/g;
const NBSP = '\u00a0';

function wordsOf(text: string): string[] {
  return text.replace(GLUED, NBSP).split(' ').filter(Boolean);
}

/** A heading with its days in parentheses as one word: `This week` over `(30 Nov – 6 Dec)`, never `(30 Nov –` over `6 Dec)` (as html.ts keeps them). */
function headingCell(text: string): string {
  const days = /^(.+) (\([^()]+\))$/.exec(text);
  return days ? `${days[1]} ${days[2].replaceAll(' ', NBSP)}` : text;
}

/**
 * `word` in pieces of at most `width`, each ending after the last `:` or `/` that fits (`arn:aws:rds:`),
 * or after a `-` when that is later and the other would leave less than half a line, else at `width`.
 */
function brokenWord(word: string, width: number): string[] {
  const pieces: string[] = [];
  let rest = word;
  while (rest.length > width) {
    const separator = Math.max(rest.lastIndexOf(':', width - 1), rest.lastIndexOf('/', width - 1));
    const cut = separator >= width / 2 ? separator : Math.max(separator, rest.lastIndexOf('-', width - 1));
    const at = cut > 0 ? cut + 1 : width;
    pieces.push(rest.slice(0, at));
    rest = rest.slice(at);
  }
  return [...pieces, rest];
}

/** `text` in lines of at most `width`, broken between words (a word wider than `width` in pieces, brokenWord); `['']` for an empty cell. */
function wrapped(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of wordsOf(text)) {
    if (word.length > width) {
      // Its first piece goes on the line so far when it ends at a separator there (`… The Reserved Instance arn:aws:ec2:…/`).
      const room = width - line.length - 1;
      const first = line && room >= width / 2 ? brokenWord(word, room)[0] : '';
      const onLine = /[:/-]$/.test(first) ? first : '';
      if (onLine) line = `${line} ${onLine}`;
      const pieces = brokenWord(word.slice(onLine.length), width);
      if (line) lines.push(line);
      lines.push(...pieces.slice(0, -1));
      line = pieces.at(-1)!;
    } else if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines.push(line);
  return lines.map((l) => l.replaceAll(NBSP, ' '));
}

/** A cell's lines in a column `width` wide; the first column of a body row indents the lines after its first. */
function cellLines(text: string, width: number, name: boolean): string[] {
  if (text.length <= width) return [text.replaceAll(NBSP, ' ')];
  if (!name) return wrapped(text, width);
  return wrapped(text, Math.max(1, width - NAME_INDENT.length)).map((l, i) => (i === 0 ? l : NAME_INDENT + l));
}

/** How many lines each row takes with these column widths: as many as its tallest cell. */
function rowHeights(rows: readonly string[][], widths: readonly number[]): number[] {
  return rows.map((row, r) => Math.max(...row.map((cell, k) => cellLines(cell, widths[k], r > 0 && k === 0).length)));
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** The table's width with these column widths. */
function tableWidth(widths: readonly number[]): number {
  return sum(widths) + GAP.length * (widths.length - 1);
}

/** A word's pieces as brokenWord may cut it: after each `-`, `:` or `/` (`machine-` and `learning`). */
const piecesOf = (word: string) => word.split(/(?<=[-:/])/);

/**
 * The width of each column: as wide as its widest cell when the table fits in TEXT_WIDTH, else
 * narrowed (narrowedWidths) down to each column's floor: its longest word (numeric columns keep
 * every figure whole) or, of a text column, at most TEXT_FLOOR, the first column's indent beside
 * it. A table that does not fit so may break a text column's words after a `-`, `:` or `/` too,
 * its floor then its longest piece between them: the engineering e-mail's `machine-learning` held
 * its team column at 18, and the table at 86 columns.
 */
function columnWidths(rows: readonly string[][], numeric: readonly boolean[]): number[] {
  const columns = rows[0].map((_, k) => rows.map((row) => row[k]));
  const floors = (pieces: (word: string) => string[]) => columns.map((cells, k) => {
    const words = cells.flatMap((c) => wordsOf(c));
    if (numeric[k]) return Math.max(0, ...words.map((w) => w.length));
    const longest = Math.max(0, ...words.flatMap((w) => pieces(w).map((piece) => piece.length)));
    return Math.min(longest, TEXT_FLOOR) + (k === 0 ? NAME_INDENT.length : 0);
  });
  const whole = narrowedWidths(rows, columns, floors((word) => [word]));
  return tableWidth(whole) <= TEXT_WIDTH ? whole : narrowedWidths(rows, columns, floors(piecesOf));
}

/**
 * Column widths from each column's widest cell, narrowed while the table is wider than TEXT_WIDTH,
 * one column at a time, by as much as the table is too wide or less, where that adds the fewest
 * lines (then where it saves the most, then the widest column), down to `floors`.
 */
function narrowedWidths(rows: readonly string[][], columns: readonly string[][], floors: readonly number[]): number[] {
  const widths = columns.map((cells) => Math.max(...cells.map((c) => c.length)));
  // How many lines each cell of column k takes at a width, worked out once per column and width.
  const known = new Map<string, number[]>();
  const linesAt = (k: number, width: number) => {
    const key = `${k} ${width}`;
    if (!known.has(key)) known.set(key, columns[k].map((cell, r) => cellLines(cell, width, r > 0 && k === 0).length));
    return known.get(key)!;
  };
  while (tableWidth(widths) > TEXT_WIDTH) {
    const need = tableWidth(widths) - TEXT_WIDTH;
    let best: { column: number; width: number; added: number } | null = null;
    for (let k = 0; k < widths.length; k++) {
      // Each row's height from the other columns, which stay as they are.
      const others = rows.map((_, r) => Math.max(1, ...widths.map((w, j) => (j === k ? 1 : linesAt(j, w)[r]))));
      const now = sum(others.map((h, r) => Math.max(h, linesAt(k, widths[k])[r])));
      for (let width = widths[k] - 1; width >= Math.max(floors[k], widths[k] - need); width--) {
        const added = sum(others.map((h, r) => Math.max(h, linesAt(k, width)[r]))) - now;
        const saved = widths[k] - width;
        const better = best === null || added < best.added
          || (added === best.added && (saved > widths[best.column] - best.width
            || (saved === widths[best.column] - best.width && widths[k] > widths[best.column])));
        if (better) best = { column: k, width, added };
      }
    }
    if (best === null) break;
    widths[best.column] = best.width;
  }
  return widths;
}

/** The table laid out under one form of its heading: its column widths, whether it fits, and how many lines it takes. */
function layoutOf(heading: string[], body: string[][], numeric: readonly boolean[]): { heading: string[]; widths: number[]; fits: boolean; lines: number } {
  const widths = columnWidths([heading, ...body], numeric);
  return { heading, widths, fits: tableWidth(widths) <= TEXT_WIDTH, lines: sum(rowHeights([heading, ...body], widths)) };
}

/** One row as lines: each cell wrapped in its column, numeric cells aligned right, the lines' ends trimmed. */
function rowLines(row: readonly string[], widths: readonly number[], numeric: readonly boolean[], body: boolean): string[] {
  const cells = row.map((cell, k) => cellLines(cell, widths[k], body && k === 0));
  const height = Math.max(...cells.map((c) => c.length));
  return Array.from({ length: height }, (_, i) => cells
    .map((lines, k) => (numeric[k] ? (lines[i] ?? '').padStart(widths[k]) : (lines[i] ?? '').padEnd(widths[k])))
    .join(GAP).trimEnd());
}

/**
 * The table as plain text: its heading, a rule, its rows (each followed by its evidence, indented
 * and wrapped, and its link's address), then, under a second rule, its footer row.
 */
export function textTable(t: LayoutTable): string {
  const shown = t.columns.map((_, i) => i).filter((i) => i !== t.detail);
  const pick = (row: readonly string[]) => shown.map((i) => row[i]);
  const numeric = shown.map((i) => t.numeric[i]);
  const body = [...t.rows, ...(t.footer ? [t.footer] : [])].map(pick);
  // Headings keep their days whole unless breaking them lets the table fit, or take fewer lines.
  const kept = layoutOf(pick(t.columns).map(headingCell), body, numeric);
  const broken = layoutOf(pick(t.columns), body, numeric);
  const { heading, widths } = broken.fits && (!kept.fits || broken.lines < kept.lines) ? broken : kept;
  const rule = widths.map((w) => '-'.repeat(w)).join(GAP);
  const out = [...rowLines(heading, widths, numeric, false), rule];
  t.rows.forEach((row, r) => {
    out.push(...rowLines(pick(row), widths, numeric, true));
    if (t.detail !== undefined && row[t.detail]) out.push(...wrapped(row[t.detail], TEXT_WIDTH - 4).map((l) => `    ${l}`));
    const link = t.links?.[r];
    if (link) out.push(`    ${link.href}`);
  });
  if (t.footer) out.push(rule, ...rowLines(pick(t.footer), widths, numeric, true));
  return out.join('\n');
}
