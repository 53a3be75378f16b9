/**
 * `@duckdb/node-api` (1.5.x) decodes every VARCHAR through one shared `new TextDecoder()`, whose
 * default drops a leading U+FEFF (byte order mark): a tag value DuckDB holds as "\uFEFFpayments"
 * came back as "payments", so the value a page or a CSV showed was not the one the store filters
 * on. Its decoder is swapped, once per process, for one that keeps the mark; any other string is
 * decoded as before. tests/engine/leading-bom.test.ts fails if a new driver version moves it.
 */
import dataAccessors from '@duckdb/node-api/lib/vectors/dataAccessors.js';

let kept = false;

/** Makes the driver return strings with a leading U+FEFF as DuckDB holds them. */
export function keepLeadingByteOrderMark(): void {
  if (kept) return;
  (dataAccessors as { textDecoder: TextDecoder }).textDecoder = new TextDecoder('utf-8', { ignoreBOM: true });
  kept = true;
}
