/**
 * Issue #16, item 1, and the injection corpus: `costlens sql` wrote files (`EXPLAIN ANALYZE COPY
 * … TO '<the store>'` replaced the store with 6 bytes). Every payload of the corpus goes through
 * `costlens sql` and through the engine directly (past the text check): each is refused, no file
 * around the store is read or written, and the store's bytes stay the same (tests/helpers/untouched-store.ts).
 * The query API and `costlens query`: sql-injection-api.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.ts';
import { costlens } from '../helpers/cli.ts';
import { inLanes, watchedHostileStore } from '../helpers/untouched-store.ts';
import { INJECTION_CORPUS, SECRET_MARKER } from './corpus.ts';

const watched = watchedHostileStore();
const { expectUntouched } = watched;

describe('the corpus', () => {
  it('has at least 50 payloads covering every attack the issue names', () => {
    expect(INJECTION_CORPUS.length).toBeGreaterThanOrEqual(50);
    for (const word of ['EXPLAIN ANALYZE', 'COPY', 'ATTACH', 'INSTALL', 'LOAD', 'read_text', "read_csv('/etc/passwd')", 'PRAGMA', 'SET ', 'CALL', 'EXPORT DATABASE', '; ', '/*', '--']) {
      expect(INJECTION_CORPUS.some((p) => p.includes(word)), word).toBe(true);
    }
  });
});

describe('costlens sql', () => {
  it("`EXPLAIN ANALYZE COPY (SELECT 'x') TO '<the store>' (FORMAT csv)` is refused (exit 8) and the store keeps its bytes", async () => {
    const run = await costlens(watched.paths.store, 'sql', `EXPLAIN ANALYZE COPY (SELECT 'x') TO '${watched.paths.store}' (FORMAT csv)`);
    expect(run.code).toBe(8);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^costlens: refused: statement 1 is EXPLAIN of COPY, and costlens sql only reads\n {2}hint: /);
    expectUntouched('the store');
  });

  it('`EXPORT DATABASE` is refused and creates no folder', async () => {
    const run = await costlens(watched.paths.store, 'sql', `EXPORT DATABASE '${watched.paths.root}/exported'`);
    expect(run.code).toBe(8);
    expectUntouched('EXPORT DATABASE');
  });

  it('refuses every payload of the corpus (exit 8; 2 where DuckDB fails it first): nothing on stdout, no secret, nothing around the store touched', async () => {
    const failed: string[] = [];
    for (const [i, payload] of watched.payloads.entries()) {
      const run = await costlens(watched.paths.store, 'sql', '--format', 'csv', '--', payload);
      expect(run.stdout, payload).toBe('');
      expect(run.stderr, payload).not.toContain(SECRET_MARKER);
      if (run.code === 2) {
        expect(run.stderr, payload).toMatch(/^costlens: SQL error: /);
        failed.push(INJECTION_CORPUS[i]);
      } else {
        expect(run.code, payload).toBe(8);
        expect(run.stderr, payload).toMatch(/^costlens: refused: /);
      }
      expectUntouched(payload, 'when changed');
    }
    expectUntouched('the corpus');
    // Two are not SQL DuckDB can parse; parquet_metadata reads the store file itself (the one file a reader may read), which is no Parquet.
    expect(failed).toEqual(["EXPLAIN ANALYZE EXPORT DATABASE '{root}/exported'", "SELECT * FROM parquet_metadata('{store}')", "(COPY line_items TO '{root}/paren.csv')"]);
  });

  it('reads as before: queries, EXPLAIN of a query, comments, quotes', async () => {
    const cases: [string, string][] = [
      ['SELECT count(*) AS n FROM line_items', 'n\r\n10\r\n'],
      ["/* EXPLAIN COPY */ SELECT 'a;b' AS x -- ; COPY", 'x\r\na;b\r\n'],
      ['SELECT $$;COPY$$ AS x', 'x\r\n;COPY\r\n'],
      ["FROM (VALUES ('x')) t(v)", 'v\r\nx\r\n'],
      ['WITH t AS (SELECT 41 AS n) SELECT n + 1 AS n FROM t', 'n\r\n42\r\n'],
    ];
    // Two runs at a time, each opening the store read-only in a DuckDB instance of its own as two
    // processes would; the store is checked once all have run.
    await inLanes(cases, 2, async ([sql, expected]) => {
      const run = await costlens(watched.paths.store, 'sql', sql, '--format', 'csv');
      expect(run.stderr, sql).toBe('');
      expect(run.stdout, sql).toBe(expected);
    });
    await inLanes(['EXPLAIN SELECT count(*) FROM line_items', 'EXPLAIN ANALYZE SELECT count(*) FROM line_items', 'EXPLAIN (FORMAT json) SELECT 1', 'DESCRIBE line_items', 'SUMMARIZE SELECT 1 AS x'], 2, async (sql) => {
      const run = await costlens(watched.paths.store, 'sql', sql, '--format', 'json');
      expect(run.code, `${sql}: ${run.stderr}`).toBe(0);
    });
    expectUntouched('reading');
  });
});

/** Payloads the engine itself may run: they read the store's own catalogue or change nothing (a read-only CHECKPOINT, a variable). */
const HARMLESS_ON_THE_ENGINE = new Set([
  'PRAGMA database_list', 'PRAGMA enable_profiling', "SET VARIABLE f = '{secret}'", 'CALL pragma_version()', "CALL pragma_table_info('line_items')",
  'CHECKPOINT', 'VACUUM', 'ANALYZE', 'BEGIN TRANSACTION',
]);

describe('the engine itself, past the text check', () => {
  it('a reader connection refuses every payload that reaches outside the store or writes, whatever its text', async () => {
    const store = await openStore(watched.paths.store, { readOnly: true });
    const ran: string[] = [];
    try {
      const setting = await store.connection.runAndReadAll(`SELECT current_setting('enable_external_access'), current_setting('lock_configuration')`);
      expect(setting.getRows()).toEqual([[false, true]]);
      for (const [i, payload] of watched.payloads.entries()) {
        const connection = await store.connect();
        try {
          const result = await connection.runAndReadAll(payload);
          expect(JSON.stringify(result.getRows(), (_k, v) => (typeof v === 'bigint' ? String(v) : v)), payload).not.toContain(SECRET_MARKER);
          ran.push(INJECTION_CORPUS[i]);
        } catch (error) {
          expect(String(error), payload).not.toContain(SECRET_MARKER);
        } finally {
          connection.closeSync();
        }
        expectUntouched(`engine: ${payload}`, 'when changed');
      }
    } finally {
      store.close();
    }
    expectUntouched('the engine');
    expect(ran.filter((template) => !HARMLESS_ON_THE_ENGINE.has(template))).toEqual([]);
  });
});
