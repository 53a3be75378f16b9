/**
 * An engine answering each query with rows a test writes (text, read by the query's declared column
 * types as Athena's are), so that the figures a pure test checks are the test's own.
 */
import { rowsFromText } from '../../src/engine/conversion/index.ts';
import type { Engine, QueryRows } from '../../src/engine/engine.ts';
import { queryRegistry } from '../../src/engine/query-registry.ts';

/** One row of a stubbed query: column → text (null: NULL). */
export type StubRow = Record<string, string | null>;

/** An engine answering each query named in `answers` with its rows (any other query is an error). */
export function stubEngine(answers: Record<string, (params: Record<string, unknown>) => StubRow[]>): Engine {
  return {
    name: 'duckdb',
    async run(name: string, params: Record<string, unknown> = {}): Promise<QueryRows> {
      const answer = answers[name];
      if (!answer) throw new Error(`unexpected query ${name}`);
      const rows = answer(params);
      const columns = Object.keys(rows[0] ?? {});
      return { columns, rows: rowsFromText(queryRegistry().find(name), columns, rows.map((r) => columns.map((c) => r[c] ?? null))) };
    },
    async close() {},
  };
}

/** The rows of a day range query kept to [from, to), as the query's WHERE keeps them. */
export const inRange = (rows: StubRow[], params: Record<string, unknown>): StubRow[] => rows.filter((r) => r.day! >= String(params.from) && r.day! < String(params.to));
