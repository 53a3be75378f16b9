import { writeFileSync } from 'node:fs';

/** One RFC 4180 field: quoted when it holds a comma, quote, line break or edge spaces. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Writes a CSV file: the header line, then one line per row, each ending in a newline. */
export function writeCsv(path: string, header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): void {
  const lines = [header.map(csvField).join(','), ...rows.map((row) => row.map(csvField).join(','))];
  writeFileSync(path, `${lines.join('\n')}\n`);
}
