/**
 * Money columns of a CSV file, read fast and exactly. DuckDB parses text into DECIMAL(38,10) (a
 * 128-bit value) about twice as slowly as into DECIMAL(18,10), and a CUR file has a dozen money
 * columns or more: reading them was a third of a legacy CSV's parse. So the CSV reader reads a
 * money column as text and the relation converts it: a value without an exponent that fits 18
 * digits through DECIMAL(18,10) (the same digits and the same rounding at 10 decimals as
 * DECIMAL(38,10); tests/ingest/csv-decimals.test.ts compares the two), anything else — larger
 * values, exponent forms such as `1.5E-7`, text that is not a number — through DECIMAL(38,10),
 * which fails on a bad value as the reader would. Such a failure carries no line, so only then
 * the file is read again with the reader typing the column (locateCsvError): its error names the
 * line and column. A good file pays nothing for that.
 */
import { messageOf } from '../errors.ts';
import { quoteIdentifier } from '../lib/sql-quote.ts';
import { MONEY } from '../store/schema.ts';
import { createDuckDB, scratchSettings } from '../store/duckdb-settings.ts';

/** True for the column type the relation converts itself (the stored money type). */
export function convertedInSelect(type: string): boolean {
  return type === MONEY;
}

/** `column` (text) as DECIMAL(38,10): through DECIMAL(18,10) when that is exact, else directly. */
export function moneyFromText(column: string): string {
  const c = quoteIdentifier(column);
  return `CASE WHEN contains(${c}, 'e') OR contains(${c}, 'E') THEN CAST(${c} AS ${MONEY})
    ELSE COALESCE(CAST(TRY_CAST(${c} AS DECIMAL(18,10)) AS ${MONEY}), CAST(${c} AS ${MONEY})) END`;
}

/**
 * The error to explain for a failed read of a CSV file: when it is a conversion error without a
 * line (a money column the relation converts), the error of `check` — a query over the file with
 * the reader typing every column, bound as $path — which names the line and column; else `error`.
 * The check runs in an in-memory DuckDB of its own: the failed transaction can run nothing more.
 */
export async function locateCsvError(check: string | undefined, path: string, error: unknown): Promise<unknown> {
  const message = messageOf(error);
  if (!check || /CSV Error on Line/.test(message) || !/Conversion Error|Could not convert/i.test(message)) return error;
  const instance = await createDuckDB(':memory:', scratchSettings());
  try {
    const connection = await instance.connect();
    try {
      await connection.run(check, { path });
    } finally {
      connection.closeSync();
    }
    return error;
  } catch (located) {
    return located;
  } finally {
    instance.closeSync();
  }
}
