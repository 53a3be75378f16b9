/**
 * Issue #16, item 1, and the injection corpus: `costlens sql` wrote files (`EXPLAIN ANALYZE COPY
 * … TO '<the store>'` replaced the store with 6 bytes). Every payload of the corpus goes through
 * `costlens sql`, through the engine directly (past the text check), and into every parameter of
 * every query of the query API: each is refused or bound as a value, no file around the store is
 * read or written, and the store's bytes stay the same.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { openStore } from '../../src/store/open.ts';
import { costlens, sqlRows } from '../helpers/cli.ts';
import { appOn } from '../server/helpers.ts';
import { INJECTION_CORPUS, SECRET_MARKER, fillPayload } from './corpus.ts';
import { hostileStore } from './fixtures.ts';

let paths: { store: string; root: string; secret: string; other: string };
let payloads: string[];
/** Every file under the store's folder with a hash of its bytes, taken before any test ran. */
let before: Map<string, string>;
/** The same files' identities on disk (see {@link identities}) when their bytes were last found to be `before`'s. */
let unchanged: Map<string, string>;

/** Every file and folder under `root` (folders as `dir/`), with what `describe` says of each file. */
function walk(root: string, describe: (path: string) => string): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        files.set(`${path}/`, 'dir');
        visit(path);
      } else {
        files.set(path, describe(path));
      }
    }
  };
  visit(root);
  return files;
}

/** Every file under `root` with a hash of its bytes (folders as `dir/`). */
function snapshot(root: string): Map<string, string> {
  return walk(root, (path) => `${statSync(path).size}:${createHash('sha256').update(readFileSync(path)).digest('hex')}`);
}

/**
 * Every file under `root` with its identity on disk: inode, size, and modification and change
 * times to the nanosecond. Writing a file (in place, or a new file renamed over it) changes its
 * change time at least, which no program can set back; so while no file's identity has changed
 * since `unchanged` was taken, no byte has either, and the files need not be read and hashed again.
 */
function identities(root: string): Map<string, string> {
  return walk(root, (path) => {
    const stat = statSync(path, { bigint: true });
    return `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
  });
}

function sameEntries(a: Map<string, string>, b: Map<string, string>): boolean {
  return a.size === b.size && [...a].every(([path, value]) => b.get(path) === value);
}

/**
 * Nothing around the store appeared, vanished or changed, the store included: the bytes of every
 * file are hashed and compared with `before` whenever a file's identity on disk changed (or
 * `hashing` is 'always'). A write within the same tick of the file system's clock as the
 * file's previous change could keep its times, so each test ends with an 'always' check: a change
 * the identities missed still fails the test, only without naming the payload.
 */
function expectUntouched(what: string, hashing: 'when changed' | 'always' = 'always'): void {
  const now = identities(paths.root);
  if (hashing === 'when changed' && sameEntries(now, unchanged)) return;
  expect(Object.fromEntries(snapshot(paths.root)), what).toEqual(Object.fromEntries(before));
  unchanged = now;
}

/**
 * Runs `work` on every item, `lanes` at a time, each lane taking the next item when its last is
 * done. After a failure no lane takes another item; once all have stopped, the first failure is thrown.
 */
async function inLanes<T>(items: readonly T[], lanes: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (!failure && next < items.length) {
      try {
        await work(items[next++]);
      } catch (error) {
        failure ??= { error };
      }
    }
  }));
  if (failure) throw failure.error;
}

beforeAll(async () => {
  const { dir, db } = await hostileStore();
  paths = { store: db, root: dir, secret: join(dir, 'secret', 'passwd.csv'), other: join(dir, 'secret', 'other.duckdb') };
  mkdirSync(join(dir, 'secret'));
  writeFileSync(paths.secret, `marker,value\n${SECRET_MARKER},1\n`);
  const other = await DuckDBInstance.create(paths.other);
  const connection = await other.connect();
  await connection.run(`CREATE TABLE secrets AS SELECT '${SECRET_MARKER}' AS marker`);
  connection.closeSync();
  other.closeSync();
  payloads = INJECTION_CORPUS.map((template) => fillPayload(template, paths));
  unchanged = identities(dir);
  before = snapshot(dir);
});

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
    const run = await costlens(paths.store, 'sql', `EXPLAIN ANALYZE COPY (SELECT 'x') TO '${paths.store}' (FORMAT csv)`);
    expect(run.code).toBe(8);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^costlens: refused: statement 1 is EXPLAIN of COPY, and costlens sql only reads\n {2}hint: /);
    expectUntouched('the store');
  });

  it('`EXPORT DATABASE` is refused and creates no folder', async () => {
    const run = await costlens(paths.store, 'sql', `EXPORT DATABASE '${paths.root}/exported'`);
    expect(run.code).toBe(8);
    expectUntouched('EXPORT DATABASE');
  });

  it('refuses every payload of the corpus (exit 8; 2 where DuckDB fails it first): nothing on stdout, no secret, nothing around the store touched', async () => {
    const failed: string[] = [];
    for (const [i, payload] of payloads.entries()) {
      const run = await costlens(paths.store, 'sql', '--format', 'csv', '--', payload);
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
      const run = await costlens(paths.store, 'sql', sql, '--format', 'csv');
      expect(run.stderr, sql).toBe('');
      expect(run.stdout, sql).toBe(expected);
    });
    await inLanes(['EXPLAIN SELECT count(*) FROM line_items', 'EXPLAIN ANALYZE SELECT count(*) FROM line_items', 'EXPLAIN (FORMAT json) SELECT 1', 'DESCRIBE line_items', 'SUMMARIZE SELECT 1 AS x'], 2, async (sql) => {
      const run = await costlens(paths.store, 'sql', sql, '--format', 'json');
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
    const store = await openStore(paths.store, { readOnly: true });
    const ran: string[] = [];
    try {
      const setting = await store.connection.runAndReadAll(`SELECT current_setting('enable_external_access'), current_setting('lock_configuration')`);
      expect(setting.getRows()).toEqual([[false, true]]);
      for (const [i, payload] of payloads.entries()) {
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

describe('the query API binds every parameter', () => {
  let app: CostlensApp;
  beforeAll(() => {
    app = appOn(paths.store);
  });
  afterAll(() => app.close());

  /** A valid value for each parameter name the queries use, so that only the one under test varies. */
  const VALID: Record<string, string> = {
    start: '2025-03-01', end: '2025-04-01', from: '2025-03-01', to: '2025-04-01', as_of: '2025-03-31', data_horizon: '2025-03-30', today: '2025-04-15',
    period: '2025-03', id: 'i-0123456789abcdef0', metric: 'orders',
    billing_from: '2025-03-01', billing_to: '2025-04-01', charge_from: '2025-03-01', charge_to: '2025-04-01', data_ends_at: '2025-04-01 00:00:00',
    tag_keys: '["team"]',
    old_from: '2025-02-01', old_to: '2025-03-01', new_from: '2025-03-01', new_to: '2025-04-01',
    namespaces: '["AWS/EC2"]', metric_names: '["CPUUtilization"]',
    dimension: 'service', value: 'Amazon Elastic Compute Cloud',
    services: '["Amazon Elastic Compute Cloud"]', accounts: '["111111111111"]',
  };

  it('every payload in every parameter of every query: 200 with the value bound, or 400; never a 5xx, never a secret, nothing touched', async () => {
    const listing = (await (await app.request('/api/queries')).json()).queries as { name: string; params: { name: string; type: string; oneOf?: string[] }[] }[];
    expect(listing.length).toBeGreaterThanOrEqual(30);
    const statuses = new Map<number, number>();
    // Every wrong answer, listed at the end (an expect per request would cost more than the request).
    const wrong: string[] = [];
    let requests = 0;
    for (const query of listing) {
      const base: Record<string, string> = {};
      // A listed parameter takes its valid value when the query allows it, else the first value it lists.
      for (const param of query.params) {
        if (VALID[param.name]) base[param.name] = !param.oneOf || param.oneOf.includes(VALID[param.name]) ? VALID[param.name] : param.oneOf[0];
      }
      const valid = await app.request(`/api/queries/${query.name}?${new URLSearchParams(base)}`);
      expect(valid.status, query.name).toBe(200);
      // Free-text parameters take each payload together (one query run per payload, each of them
      // bound); every other parameter, the format and an unknown name take it alone.
      const text = query.params.filter((p) => p.type === 'VARCHAR' && !p.oneOf && !VALID[p.name]).map((p) => p.name);
      const targets = [...(text.length ? [text] : []), ...query.params.filter((p) => !text.includes(p.name)).map((p) => [p.name]), ['format'], ['not_a_param']];
      for (const target of targets) {
        const batch = payloads.map(async (payload) => {
          const params = new URLSearchParams({ ...base, ...Object.fromEntries(target.map((name) => [name, payload])) });
          const response = await app.request(`/api/queries/${query.name}?${params}`);
          const body = await response.text();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          if (response.status !== 200 && response.status !== 400) wrong.push(`${query.name} ${target}=${payload}: ${response.status} ${body.slice(0, 200)}`);
          if (body.includes(SECRET_MARKER)) wrong.push(`${query.name} ${target}=${payload}: the secret in the answer`);
        });
        await Promise.all(batch);
        requests += payloads.length;
      }
      expectUntouched(query.name, 'when changed');
    }
    expectUntouched('the query API');
    expect(wrong).toEqual([]);
    expect(requests).toBeGreaterThan(4_000);
    expect(statuses.get(200)).toBeGreaterThan(500);
  }, 900_000);

  it('a payload in a text parameter is a value, not SQL: explore/spend_by reads it as a tag key no line carries', async () => {
    // (store/spend_by_service's period, the free text this test used to fill, now has a pattern= rule: a payload there is a 400.)
    const spendBy = (tagKey: string) => app.request(`/api/queries/explore/spend_by?${new URLSearchParams({ dimension: 'tag', tag_key: tagKey, start: '2025-03-01', end: '2025-04-01' })}`);
    const byTeam = (await (await spendBy('team')).json()).rows as { value: string; cost: string }[];
    expect(byTeam.length).toBeGreaterThan(5);
    const [total] = await sqlRows(paths.store, `SELECT CAST(sum(BilledCost) AS VARCHAR) AS c FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '2025-03-01' AND ChargePeriodStart < TIMESTAMP '2025-04-01'`);
    for (const payload of payloads.filter((p) => !/[\u0000-\u001f]/.test(p) && p.length <= 256)) {
      const response = await spendBy(payload);
      expect(response.status, payload).toBe(200);
      expect(((await response.json()).rows as { value: string; cost: string }[]).map((r) => [r.value, r.cost]), payload).toEqual([['(untagged)', total.c]]);
    }
    const periods = await app.request(`/api/queries/store/spend_by_service?${new URLSearchParams({ period: payloads[0] })}`);
    expect(periods.status).toBe(400);
    expectUntouched('explore/spend_by');
  });

  it('a payload in a parameter with structured rules (one_of=, min=, max= in the header) is refused by the API (400) and by `costlens query` (exit 2), naming the parameter', async () => {
    const listing = (await (await app.request('/api/queries')).json()).queries as { name: string; params: { name: string; oneOf?: string[]; min?: number; max?: number }[] }[];
    const topServices = listing.find((q) => q.name === 'overview/top_services')!;
    expect(topServices.params.filter((p) => p.oneOf || p.min !== undefined).map((p) => [p.name, p.oneOf ?? [p.min, p.max]])).toEqual([['cost', ['billed', 'effective']], ['charges', ['usage', 'all']], ['top', [1, 100]]]);
    for (const payload of payloads) {
      for (const name of ['cost', 'charges', 'top']) {
        const response = await app.request(`/api/queries/overview/top_services?${new URLSearchParams({ as_of: '2025-03-31', [name]: payload })}`);
        const body = await response.text();
        expect(response.status, `${name}=${payload}`).toBe(400);
        expect(JSON.parse(body).error.message, `${name}=${payload}`).toContain(`parameter "${name}" of overview/top_services must be`);
        expect(body).not.toContain(SECRET_MARKER);
      }
      const run = await costlens(paths.store, 'query', 'overview/top_services', '--param', 'as_of=2025-03-31', '--param', `cost=${payload}`, '--format', 'json');
      expect(run.code, payload).toBe(2);
      expect(run.stdout, payload).toBe('');
      expect(run.stderr, payload).toContain('parameter "cost" of overview/top_services must be one of billed, effective; got ');
    }
    expectUntouched('structured rules');
  });

  it('`costlens query` binds them too', async () => {
    // A free-text parameter: explore/spend_by's tag_key (store/spend_by_service's period, used before, now has a pattern= rule).
    const [total] = await sqlRows(paths.store, `SELECT CAST(sum(BilledCost) AS VARCHAR) AS c FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '2025-03-01' AND ChargePeriodStart < TIMESTAMP '2025-04-01'`);
    // Two runs at a time, as in 'reads as before'; the store is checked once all have run.
    await inLanes(payloads, 2, async (payload) => {
      const run = await costlens(paths.store, 'query', 'explore/spend_by', '--param', 'dimension=tag', '--param', `tag_key=${payload}`,
        '--param', 'start=2025-03-01', '--param', 'end=2025-04-01', '--format', 'json');
      expect(run.code, payload).toBe(0);
      expect((JSON.parse(run.stdout) as { value: string; cost: string }[]).map((r) => [r.value, r.cost]), payload).toEqual([['(untagged)', total.c]]);
    });
    expectUntouched('costlens query');
  });
});
