/**
 * Business metrics (`date,metric,value`: orders, API requests) divide spend into unit cost, so a
 * file must give one value per day and metric, and a count that is not negative. Two lines for the
 * same date and metric (in one file or across the files of one ingest) would leave one of them out
 * silently, and a negative count turns unit cost negative: either refuses the files, naming each
 * file and line, before anything is written. So does a line with an empty date, metric or value
 * (it would count nothing, on no day or for no metric), naming the file, line and column. The staged rows carry the index of their file; the
 * files are scanned again only to name the lines of a refusal.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { CostlensError } from '../errors.ts';
import { csvRecords } from './csv-lines.ts';
import type { UnitFile } from './units.ts';

const FIELDS = { date: 0, metric: 1, value: 2 } as const;

/** A line of a file that holds a given date and metric. */
interface FoundLine {
  file: UnitFile;
  line: number;
  value: string;
}

const HINT = 'fix or re-export the file; nothing was written to the store';

/**
 * Refuses the staged rows of `files` (table `staging`, its `source_file` the index in `files`) when
 * a line has an empty date, metric or value, two give the same date and metric, or one a value below
 * 0 or not finite: an input error naming the file(s), the line(s) and the column or value(s).
 */
export async function refuseBadBusinessMetrics(connection: DuckDBConnection, staging: string, files: readonly UnitFile[]): Promise<void> {
  const empty = (await connection.runAndReadAll(`SELECT min(source_file) FROM ${staging} WHERE date IS NULL OR metric IS NULL OR trim(metric) = '' OR value IS NULL`)).getRows()[0];
  if (empty && empty[0] !== null) await refuseEmptyCell(files[Number(empty[0])]);
  const duplicate = (await connection.runAndReadAll(`SELECT CAST(date AS VARCHAR), metric FROM ${staging}
    GROUP BY date, metric HAVING count(*) > 1 ORDER BY min(source_file), date, metric LIMIT 1`)).getRows()[0];
  if (duplicate) await refuseDuplicate(String(duplicate[0]), String(duplicate[1]), files);
  const bad = (await connection.runAndReadAll(`SELECT source_file, CAST(date AS VARCHAR), metric, CAST(value AS VARCHAR) FROM ${staging}
    WHERE value < 0 OR isnan(value) OR isinf(value) ORDER BY source_file, date, metric LIMIT 1`)).getRows()[0];
  if (bad) await refuseValue(files[Number(bad[0])], String(bad[1]), String(bad[2]), String(bad[3]));
}

async function refuseDuplicate(date: string, metric: string, files: readonly UnitFile[]): Promise<never> {
  const found: FoundLine[] = [];
  for (const file of files) {
    found.push(...await linesOf(file, date, metric));
    if (found.length >= 2) break;
  }
  const [a, b] = found;
  const what = `metric "${metric}" on ${date}`;
  if (!a || !b) {
    throw new CostlensError('input', `${files.map((f) => f.original).join(', ')}: two lines give ${what}`, { hint: `give one value per date and metric; ${HINT}` });
  }
  const where = a.file === b.file ? `${a.file.original}: lines ${a.line} and ${b.line}` : `${a.file.original}:${a.line} and ${b.file.original}:${b.line}`;
  throw new CostlensError('input', `${where} both give ${what} (${a.value} and ${b.value}): a business metric has one value per date and metric`, {
    hint: `keep one line per date and metric (add them up first if both count); ${HINT}`,
  });
}

async function refuseValue(file: UnitFile, date: string, metric: string, value: string): Promise<never> {
  const [found] = await linesOf(file, date, metric);
  const where = found ? `${file.original}:${found.line}` : file.original;
  const why = value.includes('nan') || value.includes('inf') ? 'is not a finite number' : 'is negative';
  throw new CostlensError('input', `${where}: column "value": "${found?.value ?? value}" ${why} (metric "${metric}" on ${date}): a business metric counts units (orders, requests), 0 or more`, {
    hint: HINT,
  });
}

/** Refuses `file` naming its first line with an empty date, metric or value: such a line would count nothing, on no day or for no metric. */
async function refuseEmptyCell(file: UnitFile): Promise<never> {
  for await (const record of csvRecords(file.plain, new Set(Object.values(FIELDS)))) {
    const column = (Object.keys(FIELDS) as (keyof typeof FIELDS)[]).find((name) => (record.fields[FIELDS[name]] ?? '').trim() === '');
    if (column) {
      throw new CostlensError('input', `${file.original}:${record.line}: column "${column}" is empty: a business metric gives a date, a metric and a value on every line`, { hint: HINT });
    }
  }
  throw new CostlensError('input', `${file.original}: a line has an empty date, metric or value: a business metric gives all three on every line`, { hint: HINT });
}

/** The lines of `file` that give `metric` on `date`, in file order. */
async function linesOf(file: UnitFile, date: string, metric: string): Promise<FoundLine[]> {
  const found: FoundLine[] = [];
  for await (const record of csvRecords(file.plain, new Set(Object.values(FIELDS)))) {
    const [day, name, value] = [record.fields[FIELDS.date] ?? '', record.fields[FIELDS.metric] ?? '', record.fields[FIELDS.value] ?? ''];
    if (name === metric && sameDay(day, date)) found.push({ file, line: record.line, value: value.trim() });
  }
  return found;
}

/** Whether a date as written (`2026-11-01`, ` 2026-11-1`) is the day `YYYY-MM-DD`. */
function sameDay(written: string, day: string): boolean {
  const parts = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/.exec(written);
  return parts !== null && `${parts[1]}-${parts[2].padStart(2, '0')}-${parts[3].padStart(2, '0')}` === day;
}
