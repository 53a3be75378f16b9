/**
 * The rows of the aligned terminal table (src/lib/table.ts) in a command's output whose first
 * column is `first` (its header padded when the column is right-aligned), each cell cut at the
 * columns its rule line draws and trimmed (a blank cell is ''): `{ arn: 'savingsplan/…', unused:
 * '$187.84', … }`. Throws when there is no such table.
 */
export function textTableRows(stdout: string, first: string): Record<string, string>[] {
  const lines = stdout.split('\n');
  const header = lines.findIndex((l, i) => l.trimStart().startsWith(first) && /^-+( {2}-+)*$/.test(lines[i + 1] ?? ''));
  if (header < 0) throw new Error(`no table whose header starts "${first}" in:\n${stdout}`);
  const spans = [...lines[header + 1].matchAll(/-+/g)].map((m) => [m.index, m.index + m[0].length] as const);
  const names = spans.map(([a, b]) => lines[header].slice(a, b).trim());
  const rows: Record<string, string>[] = [];
  for (let i = header + 2; i < lines.length && !/^\(\d+ rows?[;)]/.test(lines[i]); i++) {
    rows.push(Object.fromEntries(spans.map(([a, b], j) => [names[j], lines[i].slice(a, j === spans.length - 1 ? undefined : b).trim()])));
  }
  return rows;
}

/** Hours from SQL's two-decimal text as the commitments table and page show them, written apart from src/: `14226.21` → `14,226.21 h`, `698.00` → `698 h`. */
export function hoursShown(twoDecimals: string): string {
  const [whole, fraction] = twoDecimals.split('.');
  const kept = fraction.replace(/0+$/, '');
  return `${whole.replace(/\B(?=(\d{3})+$)/g, ',')}${kept ? `.${kept}` : ''} h`;
}
