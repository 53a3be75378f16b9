/**
 * A lexical view of SQL text, enough to tell what each statement starts with: the text split at
 * top-level semicolons, with comments removed and string literals, quoted identifiers and
 * dollar-quoted strings blanked out (so a keyword inside them is never mistaken for one).
 * DuckDB's parser remains the judge of the SQL; this only lets a refusal name the statement.
 */

/** One statement's skeleton: keywords and punctuation as written, literals replaced by `''` / `""`. */
export type StatementSkeleton = string;

/** Splits SQL into statement skeletons; empty statements (only blanks and comments) are dropped. */
export function statementSkeletons(sql: string): StatementSkeleton[] {
  const statements: string[] = [];
  let current = '';
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const ch = sql[i];
    const next = sql[i + 1];
    if (ch === '-' && next === '-') {
      while (i < n && sql[i] !== '\n') i++;
      current += ' ';
    } else if (ch === '/' && next === '*') {
      i = skipBlockComment(sql, i);
      current += ' ';
    } else if (ch === "'") {
      i = skipQuoted(sql, i, "'", isEscapeString(sql, i));
      current += "''";
    } else if (ch === '"') {
      i = skipQuoted(sql, i, '"', false);
      current += '""';
    } else if (ch === '$' && dollarTag(sql, i) !== undefined) {
      const tag = dollarTag(sql, i)!;
      const end = sql.indexOf(tag, i + tag.length);
      i = end === -1 ? n : end + tag.length;
      current += "''";
    } else if (ch === ';') {
      statements.push(current);
      current = '';
      i++;
    } else {
      current += ch;
      i++;
    }
  }
  statements.push(current);
  return statements.map((s) => s.trim()).filter((s) => s.length > 0);
}

/** The first word of a skeleton in upper case, after any opening parentheses (`(SELECT 1)` → SELECT). */
export function leadingKeyword(skeleton: StatementSkeleton): string {
  return /^[\s(]*([A-Za-z_]+)/.exec(skeleton)?.[1]?.toUpperCase() ?? '';
}

/**
 * What an `EXPLAIN` statement explains: the skeleton after `EXPLAIN`, `ANALYZE`/`ANALYSE`/`VERBOSE`
 * and an options group such as `(FORMAT json)`. A parenthesised query stays (`EXPLAIN (SELECT 1)`).
 */
export function explainedStatement(skeleton: StatementSkeleton, isQueryKeyword: (word: string) => boolean): StatementSkeleton {
  let rest = skeleton.replace(/^\s*EXPLAIN\b/i, '');
  for (;;) {
    const word = /^\s*(ANALYZE|ANALYSE|VERBOSE)\b/i.exec(rest);
    if (word) {
      rest = rest.slice(word[0].length);
      continue;
    }
    const open = /^\s*\(/.exec(rest);
    if (open && !isQueryKeyword(leadingKeyword(rest))) {
      const close = matchingParen(rest, open[0].length - 1);
      if (close === -1) return rest;
      rest = rest.slice(close + 1);
      continue;
    }
    return rest.trim();
  }
}

function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

/** Skips a block comment starting at `i` (DuckDB nests them, as PostgreSQL does); returns the index after it. */
function skipBlockComment(sql: string, i: number): number {
  let depth = 0;
  while (i < sql.length) {
    if (sql[i] === '/' && sql[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (sql[i] === '*' && sql[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return i;
}

/** Skips a quoted literal or identifier starting at `i` (a doubled quote is a quote); returns the index after it. */
function skipQuoted(sql: string, i: number, quote: string, backslashEscapes: boolean): number {
  i++;
  while (i < sql.length) {
    if (backslashEscapes && sql[i] === '\\') i += 2;
    else if (sql[i] === quote && sql[i + 1] === quote) i += 2;
    else if (sql[i] === quote) return i + 1;
    else i++;
  }
  return i;
}

/** True when the quote at `i` opens an `E'…'` string, whose backslashes escape. */
function isEscapeString(sql: string, i: number): boolean {
  return /[eE]/.test(sql[i - 1] ?? '') && !/[A-Za-z0-9_$]/.test(sql[i - 2] ?? '');
}

/** The `$tag$` opening a dollar-quoted string at `i`, or undefined when `$` starts a parameter (`$1`, `$name`). */
function dollarTag(sql: string, i: number): string | undefined {
  if (/[A-Za-z0-9_]/.test(sql[i - 1] ?? '')) return undefined;
  const match = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 66));
  return match?.[0];
}
