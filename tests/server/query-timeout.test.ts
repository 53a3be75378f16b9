/**
 * The server's own query timeout (`queryTimeoutMs`): a query that runs longer is interrupted and
 * answered 503 with the reason; the interrupted connection, and the statement it keeps prepared,
 * answer the next request at once, and a failure is never cached as an answer.
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { REAL_LEGACY_CSV, costlens, tempStore } from '../helpers/cli.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { appOn } from './helpers.ts';

describe('a query past the server\'s timeout', () => {
  let app: CostlensApp;

  beforeAll(async () => {
    const { db } = tempStore();
    expect((await costlens(db, 'ingest', REAL_LEGACY_CSV)).code).toBe(0);
    // The product's queries (the pages need them) and one that runs as long as it is asked to.
    const queriesDir = scratchDir();
    cpSync(resolve(__dirname, '../../queries'), queriesDir, { recursive: true });
    mkdirSync(join(queriesDir, 'test'));
    // $n × $n pairs: 10 → 100 at once; 100,000 → 10^10, which runs for many seconds unless interrupted.
    writeFileSync(join(queriesDir, 'test', 'count_pairs.sql'), [
      '-- How many pairs of numbers below $n there are, counted one by one.',
      '-- @param n INTEGER  how many numbers',
      '-- @returns pairs BIGINT',
      'SELECT count(*) AS pairs FROM range(CAST($n AS BIGINT)) a, range(CAST($n AS BIGINT)) b',
      '',
    ].join('\n'));
    app = appOn(db, { queriesDir, queryTimeoutMs: 300 });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('is stopped and answered 503 with the reason; the same query then answers at once, eight times over, and again times out', async () => {
    const slow = () => app.request('/api/queries/test/count_pairs?n=100000');
    const stopped = await slow();
    expect(stopped.status).toBe(503);
    expect((await stopped.json()).error).toMatchObject({ message: 'query test/count_pairs ran longer than 0.3 s and was stopped', hint: 'narrow the date range' });
    // Eight quick runs at once, twice the pool's four connections (which of them answers is the pool's choice).
    const quick = await Promise.all(Array.from({ length: 8 }, (_, i) => app.request(`/api/queries/test/count_pairs?n=${10 + i}`)));
    expect(quick.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(await Promise.all(quick.map(async (r) => (await r.json()).rows))).toEqual(Array.from({ length: 8 }, (_, i) => [{ pairs: String((10 + i) ** 2) }]));
    // BIGINT comes as text in JSON (exact past 2^53). The failure was not cached: the slow query runs (and is stopped) again.
    const again = await slow();
    expect(again.status).toBe(503);
  });
});
