/**
 * One billing currency per store. costlens adds money up without converting it, so an ingest is
 * refused (an input error, before anything is written) when its lines would leave the store
 * holding more than one BillingCurrency: a billing file whose lines carry two or more currencies,
 * two files of one ingest in different currencies, or a file whose currency is not the one of the
 * lines the store keeps (those of the (source, billing period)s this ingest does not replace).
 * A line with no currency (NULL or blank) counts as none; codes are compared trimmed and in
 * upper case. BillingCurrency is mapped from `lineItem/CurrencyCode` (legacy CUR),
 * `line_item_currency_code` (CUR for Athena, CUR 2.0) and `BillingCurrency` (FOCUS).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { CostlensError } from '../errors.ts';
import { ascending, descending } from '../lib/order.ts';
import type { PeriodKey } from '../store/period-files.ts';
import { CURRENCY_SQL, type StagedTally } from './staged-periods.ts';

const HINT = 'costlens adds money without converting currencies, so a store holds one billing currency: '
  + 'ingest lines of another currency into a store of their own (--db)';

/** Lines per currency, most lines first (ties by code). */
type Counts = Map<string, number>;

function describe(counts: Counts): string {
  return [...counts].map(([currency, lines]) => `${currency} (${lines.toLocaleString('en-US')} line${lines === 1 ? '' : 's'})`).join(', ');
}

function ranked(rows: [string, number][]): Counts {
  return new Map(rows.sort((a, b) => descending(a[1], b[1]) || ascending(a[0], b[0])));
}

/**
 * Refuses the ingest's staged lines (`staged`, their tally by file and currency) unless they and
 * the store's lines outside `replaced` carry at most one billing currency; returns that currency
 * (undefined when no line names one).
 */
export async function refuseMixedCurrencies(connection: DuckDBConnection, staged: readonly StagedTally[], replaced: readonly PeriodKey[]): Promise<string | undefined> {
  const lines = new Map<string, Map<string, number>>();
  for (const { sourceFile, currency, rows } of staged) {
    if (currency === null) continue;
    const counts = lines.get(sourceFile) ?? new Map<string, number>();
    counts.set(currency, (counts.get(currency) ?? 0) + rows);
    lines.set(sourceFile, counts);
  }
  const perFile = new Map([...lines].sort(([a], [b]) => ascending(a, b)).map(([file, counts]) => [file, [...counts]]));
  const files = [...perFile].map(([file, rows]) => ({ file, counts: ranked(rows) }));
  for (const { file, counts } of files) {
    if (counts.size > 1) {
      throw new CostlensError('input', `${file}: lines in ${counts.size} billing currencies: ${describe(counts)}`, { hint: HINT });
    }
  }
  const first = files[0];
  if (first === undefined) return undefined;
  const currency = [...first.counts.keys()][0];
  const other = files.find((f) => !f.counts.has(currency));
  if (other) {
    throw new CostlensError('input', `${other.file}: lines in ${[...other.counts.keys()][0]}, but ${first.file} (in the same ingest) is in ${currency}`, { hint: HINT });
  }
  const kept = await storeCurrencies(connection, replaced);
  const foreign = new Map([...kept].filter(([c]) => c !== currency));
  if (foreign.size > 0) {
    const files = perFile.size === 1 ? first.file : `${first.file} and ${perFile.size - 1} other file${perFile.size === 2 ? '' : 's'}`;
    throw new CostlensError('input', `${files}: lines in ${currency}, but the store holds lines in ${describe(foreign)}`, { hint: HINT });
  }
  return currency;
}

/** Lines per billing currency of `line_items`, outside the (source, period)s of `except`. */
async function storeCurrencies(connection: DuckDBConnection, except: readonly PeriodKey[] = []): Promise<Counts> {
  const params: Record<string, string> = {};
  const excluded = except.map((p, i) => {
    params[`s${i}`] = p.source;
    params[`p${i}`] = p.billingPeriod;
    return `(x_Source = $s${i} AND x_BillingPeriod = $p${i})`;
  });
  const where = excluded.length === 0 ? '' : ` AND NOT (${excluded.join(' OR ')})`;
  const result = await connection.runAndReadAll(
    `SELECT ${CURRENCY_SQL} AS currency, count(*) AS n FROM line_items WHERE ${CURRENCY_SQL} IS NOT NULL${where} GROUP BY ALL`,
    params,
  );
  return ranked(result.getRows().map(([c, n]) => [String(c), Number(n)]));
}

/** The store's billing currency (the most lines' when, in a store older than this check, several): undefined when no line names one. */
export async function storeCurrency(connection: DuckDBConnection): Promise<string | undefined> {
  return [...(await storeCurrencies(connection)).keys()][0];
}
