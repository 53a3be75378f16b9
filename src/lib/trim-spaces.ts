/**
 * The one trimming rule for tag values, in every layer: a value loses the ASCII spaces (U+0020) at
 * both ends and nothing else, and a value of spaces alone (or empty) is blank. SQL applies it as
 * `trim(BOTH ' ' FROM value)`, which DuckDB and Trino (Athena) read alike; their one-argument
 * `trim(value)` do not (DuckDB strips Unicode space separators, NBSP included, but not tabs;
 * Trino strips Java whitespace, tabs and line breaks included, but not NBSP), nor does
 * `String.prototype.trim` (every Unicode white space). AWS keeps a value byte for byte, so a tab or
 * a no-break space is part of the value here too; tag hygiene proposes such spellings as aliases.
 */

const SPACE = 0x20;

/** `text` without the ASCII spaces (U+0020) at its ends; tabs, line breaks and no-break spaces stay. */
export function trimSpaces(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) === SPACE) start++;
  while (end > start && text.charCodeAt(end - 1) === SPACE) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** Whether a value is blank: empty or ASCII spaces (U+0020) alone, as SQL's `trim(BOTH ' ' FROM v) = ''` says. */
export function isBlankValue(text: string): boolean {
  return trimSpaces(text) === '';
}
