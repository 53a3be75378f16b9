/**
 * The one JSON style of costlens's `--format json`: an array of objects whose keys are camelCase
 * and whose values are typed by their column, never guessed from the text:
 * - counts, days, shares and percentages: JSON numbers;
 * - money and other exact decimals: decimal strings (`"276.4800000000"`), never floats;
 * - dates: `YYYY-MM-DD`; timestamps: ISO 8601 in UTC (`2026-10-01T00:00:00Z`);
 * - text: strings; NULL: null.
 * A column's kind comes from the DuckDB result's column types ({@link kindsOfResult}) or, for
 * tables a command builds itself, from the kinds it declares on its {@link TextTable}.
 */
import { DuckDBTypeId, type DuckDBResultReader, type DuckDBType } from '@duckdb/node-api';
import { CostlensError } from '../errors.ts';
import { fromUnits, unitsOfNumber } from './money.ts';

/** What a column holds, which decides its JSON type. */
export type CellKind = 'text' | 'integer' | 'number' | 'decimal' | 'boolean' | 'date' | 'timestamp';

/** A JSON value a cell becomes. */
export type JsonCell = string | number | boolean | null;

/** A table as the converter needs it (a structural subset of lib/table.ts's TextTable). */
export interface KindedTable {
  columns: string[];
  rows: (string | null)[][];
  /** Money columns: exact decimal strings in JSON. */
  money?: readonly string[];
  /** Each column's kind; a column not named here (and not money) is text. */
  kinds?: Readonly<Record<string, CellKind>>;
}

export interface JsonRowOptions {
  /** `camelCase` (every analysis command) or `asWritten`: the SQL's own column names (`sql`, `query`). */
  names?: 'camelCase' | 'asWritten';
}

const INTEGER_TYPES = new Set<DuckDBTypeId>([
  DuckDBTypeId.TINYINT, DuckDBTypeId.SMALLINT, DuckDBTypeId.INTEGER, DuckDBTypeId.BIGINT, DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UTINYINT, DuckDBTypeId.USMALLINT, DuckDBTypeId.UINTEGER, DuckDBTypeId.UBIGINT, DuckDBTypeId.UHUGEINT,
]);
const TIMESTAMP_TYPES = new Set<DuckDBTypeId>([
  DuckDBTypeId.TIMESTAMP, DuckDBTypeId.TIMESTAMP_S, DuckDBTypeId.TIMESTAMP_MS, DuckDBTypeId.TIMESTAMP_NS, DuckDBTypeId.TIMESTAMP_TZ,
]);

/** The kind of a DuckDB column type: integers, floating point, DECIMAL, BOOLEAN, DATE, timestamps; anything else is text. */
export function kindOfDuckDBType(type: DuckDBType): CellKind {
  if (INTEGER_TYPES.has(type.typeId)) return 'integer';
  if (type.typeId === DuckDBTypeId.DOUBLE || type.typeId === DuckDBTypeId.FLOAT) return 'number';
  if (type.typeId === DuckDBTypeId.DECIMAL) return 'decimal';
  if (type.typeId === DuckDBTypeId.BOOLEAN) return 'boolean';
  if (type.typeId === DuckDBTypeId.DATE) return 'date';
  if (TIMESTAMP_TYPES.has(type.typeId)) return 'timestamp';
  return 'text';
}

/** Each column's kind, from the DuckDB result's column types. */
export function kindsOfResult(reader: DuckDBResultReader): Record<string, CellKind> {
  const types = reader.columnTypes();
  return Object.fromEntries(reader.columnNames().map((name, i) => [name, kindOfDuckDBType(types[i])]));
}

/**
 * A column name in camelCase: `billed_share_pct` → `billedSharePct`, `ServiceName` → `serviceName`,
 * `x_UsageType` → `xUsageType`, `unit-cost` → `unitCost`; a name already in camelCase is kept.
 */
export function camelCase(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
  if (words.length === 0) return name;
  const [first, ...rest] = words;
  const head = /^[A-Z0-9]+$/.test(first) ? first.toLowerCase() : first[0].toLowerCase() + first.slice(1);
  return head + rest.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

/**
 * DuckDB's text of a timestamp (`2026-10-01 01:02:03.5`, `2026-09-30 23:02:03+00`) as ISO 8601 in
 * UTC: `2026-10-01T01:02:03.5Z`. One already in UTC (`2026-10-01T00:00:00.000Z`, as
 * `Date.toISOString` writes it) is kept, never given a second `Z`. The store's TIMESTAMP columns
 * hold UTC (DESIGN.md, The store).
 */
export function isoTimestamp(text: string): string {
  if (!/^\d{4}-\d{2}-\d{2}[ T]\d/.test(text)) return text;
  const iso = text.replace(' ', 'T');
  if (/z$/i.test(iso)) return `${iso.slice(0, -1)}Z`;
  const offset = /([+-]\d\d)(:?\d\d)?$/.exec(iso.slice(10));
  if (!offset) return `${iso}Z`;
  const body = iso.slice(0, iso.length - offset[0].length);
  const minutes = offset[2]?.replace(':', '') ?? '00';
  return offset[1].slice(1) === '00' && minutes === '00' ? `${body}Z` : `${body}${offset[1]}:${minutes}`;
}

/**
 * One cell as JSON: integers as numbers (an integer beyond 2^53, which a double cannot hold, stays
 * its exact digits as a string), floating point as numbers (NaN and infinities as null), booleans,
 * timestamps as ISO 8601 UTC, and everything else (money, decimals, dates, text) as the text it is.
 */
export function jsonCell(text: string | null, kind: CellKind): JsonCell {
  if (text === null) return null;
  switch (kind) {
    case 'integer': {
      const n = Number(text);
      return Number.isSafeInteger(n) ? n : text;
    }
    case 'number': {
      const n = Number(text);
      return Number.isFinite(n) ? n : null;
    }
    case 'boolean':
      return text === 'true';
    case 'timestamp':
      return isoTimestamp(text);
    default:
      return text;
  }
}

/** The table's rows as JSON objects, keys in camelCase (or as written), each cell typed by its column's kind. */
export function jsonRows(table: KindedTable, options: JsonRowOptions = {}): Record<string, JsonCell>[] {
  const money = new Set(table.money ?? []);
  const kinds = table.columns.map((c): CellKind => (money.has(c) ? 'decimal' : table.kinds?.[c] ?? 'text'));
  const keys = options.names === 'asWritten' ? table.columns : table.columns.map(camelCase);
  const clash = options.names === 'asWritten' ? undefined : keys.find((k, i) => keys.indexOf(k) !== i);
  if (clash !== undefined) throw new RangeError(`two columns become the JSON key "${clash}": ${table.columns.join(', ')}`);
  return table.rows.map((row) => Object.fromEntries(keys.map((k, i) => [k, jsonCell(row[i], kinds[i])])));
}

/** {@link jsonRows} as the text `--format json` prints: indented by two, ending with a newline. */
export function renderJsonRows(table: KindedTable, options: JsonRowOptions = {}): string {
  return `${JSON.stringify(jsonRows(table, options), null, 2)}\n`;
}

/** Which fields of a report object (an analysis's own JSON) {@link jsonDocument} retypes, by key, wherever they sit. */
export interface DocumentFields {
  /** Fields holding DuckDB timestamp text (`2027-08-17 00:00:00`): ISO 8601 UTC. A date alone is kept. */
  timestamps?: readonly string[];
  /**
   * Fields holding money, as a JS number (a catalogue price) or in units (a bigint: src/lib/money.ts):
   * exact decimal strings with 10 places (`"0.7680000000"`). Money in units is printed only where
   * named here: a bigint anywhere else is refused, never taken for money by its type.
   */
  money?: readonly string[];
}

/**
 * A report object in the one JSON style (for commands that print an analysis's object rather
 * than rows): the named timestamp fields become ISO 8601 UTC and the named money fields (a number,
 * or units: a bigint) decimal strings with 10 places, at any depth; everything else is kept as the
 * analysis built it. A bigint in a field not named money (a BIGINT count from DuckDB, or money in
 * units its caller forgot to name) is an internal error naming the field: it would print 12 units
 * as "0.0000000012", or JSON.stringify would fail without saying where.
 */
export function jsonDocument(value: unknown, fields: DocumentFields): unknown {
  const timestamps = new Set(fields.timestamps ?? []);
  const money = new Set(fields.money ?? []);
  const walk = (v: unknown, key: string): unknown => {
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (typeof v === 'bigint') {
      throw new CostlensError('internal', `jsonDocument: "${key}" holds a bigint (${v}) but is not a money field`, {
        hint: 'name the field in jsonDocument\'s fields.money if it holds money in units (src/lib/money.ts); a count belongs in the report as a number',
      });
    }
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => {
      if (timestamps.has(k) && typeof x === 'string') return [k, isoTimestamp(x)];
      if (money.has(k) && typeof x === 'number') return [k, fromUnits(unitsOfNumber(x))];
      if (money.has(k) && typeof x === 'bigint') return [k, fromUnits(x)];
      return [k, walk(x, k)];
    }));
  };
  return walk(value, '(the document)');
}
