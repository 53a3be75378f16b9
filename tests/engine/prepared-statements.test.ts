/**
 * A statement kept on a connection (src/engine/duckdb.ts PreparedStatements, as the server's store
 * pool keeps them) stays usable after a run of it was interrupted or failed: the next run binds its
 * own parameters and returns its own rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNamedQuery, type PreparedStatements } from '../../src/engine/duckdb.ts';
import type { NamedQuery } from '../../src/engine/queries.ts';
import { queryRegistry } from '../../src/engine/query-registry.ts';
import { openStore, type Store } from '../../src/store/open.ts';
import { REAL_OCT_2018, sqlRows } from '../helpers/cli.ts';
import { ingestedStore } from '../server/helpers.ts';

describe('a kept statement after an interrupted or failed run', () => {
  let store: Store;
  let total: string;
  const query = queryRegistry().find('explore/spend_by');
  const params = (top: number) => ({ dimension: 'usage_type', start: '2018-10-01', end: '2018-11-01', top: String(top) });

  beforeAll(async () => {
    const { db } = await ingestedStore(REAL_OCT_2018);
    [{ lines: total }] = (await sqlRows(db, 'SELECT count(*) AS lines FROM line_items')) as { lines: string }[];
    store = await openStore(db, { readOnly: true });
  });
  afterAll(() => store?.close());

  it('interrupted while running, then run again with another top: one statement, the right rows', async () => {
    const connection = await store.connect();
    const statements: PreparedStatements = new Map();
    try {
      const rowsOf = async (top: number) => (await runNamedQuery(connection, query, params(top), statements)).getRowObjectsJson();
      expect((await rowsOf(3)).length).toBe(4);
      let interrupted = 0;
      for (let attempt = 0; attempt < 20 && interrupted === 0; attempt++) {
        const running = rowsOf(5);
        // The run starts on a worker thread: interrupt it a little later each attempt until one lands mid-run.
        const timer = setTimeout(() => connection.interrupt(), 2 + attempt * 3);
        await running.finally(() => clearTimeout(timer)).then(() => undefined, (error: unknown) => {
          expect(String(error)).toMatch(/query explore\/spend_by failed: .*[Ii]nterrupt/);
          interrupted += 1;
        });
      }
      expect(interrupted, 'one run of the 20 was interrupted').toBe(1);
      const rows = await rowsOf(7);
      expect(rows.length).toBe(8);
      expect(rows.at(-1)!.value).toBe('Other (173 more)');
      expect(rows.reduce((sum, r) => sum + BigInt(String(r.lines)), 0n)).toBe(BigInt(total));
      expect(statements.size).toBe(1);
    } finally {
      connection.closeSync();
    }
  });

  it('a run that fails in DuckDB (a text that is no integer) leaves the statement usable: the next run casts its own value', async () => {
    const cast: NamedQuery = {
      name: 'test/cast_text', path: 'test/cast_text.sql', description: '', returns: ['n'], returnTypes: ['INTEGER'],
      params: [{ name: 'text', type: 'VARCHAR', description: '' }], sql: 'SELECT CAST($text AS INTEGER) + 1 AS n',
    };
    const connection = await store.connect();
    const statements: PreparedStatements = new Map();
    try {
      await expect(runNamedQuery(connection, cast, { text: 'forty-one' }, statements)).rejects.toThrow(/query test\/cast_text failed: Conversion Error/);
      expect((await runNamedQuery(connection, cast, { text: '41' }, statements)).getRowObjectsJson()).toEqual([{ n: 42 }]);
      await expect(runNamedQuery(connection, cast, { text: '4.5.6' }, statements)).rejects.toThrow(/Conversion Error/);
      expect((await runNamedQuery(connection, cast, { text: '-1' }, statements)).getRowObjectsJson()).toEqual([{ n: 0 }]);
      expect(statements.size).toBe(1);
    } finally {
      connection.closeSync();
    }
  });
});
