/**
 * sharingReads (src/engine/shared-reads.ts): a query it shares runs once per distinct parameters,
 * a concurrent second run waiting for the first; other queries, and a failed run, run again.
 */
import { describe, expect, it } from 'vitest';
import type { RawParams } from '../../src/engine/duckdb.ts';
import type { Engine, QueryRows } from '../../src/engine/engine.ts';
import { sharingReads } from '../../src/engine/shared-reads.ts';

/** An engine answering each run with one row naming the query and its run number, recording what ran; `failures` runs fail first. */
function countingEngine(failures = 0) {
  const ran: [string, RawParams | undefined][] = [];
  let closed = 0;
  const engine: Engine = {
    name: 'duckdb',
    run: async (name, params) => {
      ran.push([name, params]);
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (failures-- > 0) throw new Error(`${name} failed`);
      return { columns: ['name', 'run'], rows: [{ name, run: ran.length }] } satisfies QueryRows;
    },
    close: async () => {
      closed++;
    },
  };
  return { engine, ran, closed: () => closed };
}

describe('sharingReads', () => {
  it('runs a shared query once per parameters (in any order, at once or later), and the others every time', async () => {
    const { engine, ran } = countingEngine();
    const shared = sharingReads(engine, ['a/shared']);
    const [first, concurrent] = await Promise.all([shared.run('a/shared', { x: '1', y: '2' }), shared.run('a/shared', { y: '2', x: '1' })]);
    const later = await shared.run('a/shared', { x: '1', y: '2' });
    expect([first.rows, concurrent.rows, later.rows]).toEqual(Array(3).fill([{ name: 'a/shared', run: 1 }]));
    // Each caller gets a list of its own.
    expect(first.rows).not.toBe(later.rows);
    await shared.run('a/shared', { x: '2', y: '2' });
    await shared.run('a/shared', { x: '1' });
    // A name given undefined is a name left out, as the engines bind it: shared with { x: '1' }.
    await shared.run('a/shared', { x: '1', y: undefined });
    await shared.run('a/shared');
    await shared.run('b/other', { x: '1' });
    await shared.run('b/other', { x: '1' });
    expect(ran).toEqual([
      ['a/shared', { x: '1', y: '2' }], ['a/shared', { x: '2', y: '2' }], ['a/shared', { x: '1' }],
      ['a/shared', undefined], ['b/other', { x: '1' }], ['b/other', { x: '1' }],
    ]);
  });

  it('without a list of queries, every query is shared (the weekly report\'s sections, alerts\' sources)', async () => {
    const { engine, ran } = countingEngine();
    const shared = sharingReads(engine);
    await Promise.all([shared.run('a/one', { x: '1' }), shared.run('b/two'), shared.run('a/one', { x: '1' }), shared.run('b/two', {})]);
    expect(ran).toEqual([['a/one', { x: '1' }], ['b/two', undefined]]);
  });

  it('a failed run fails its callers and is run again the next time; close() leaves the engine open (its owner closes it)', async () => {
    const { engine, ran, closed } = countingEngine(1);
    const shared = sharingReads(engine, ['a/shared']);
    const failed = await Promise.allSettled([shared.run('a/shared', { x: '1' }), shared.run('a/shared', { x: '1' })]);
    expect(failed.map((r) => (r.status === 'rejected' ? String(r.reason) : 'fulfilled'))).toEqual(['Error: a/shared failed', 'Error: a/shared failed']);
    expect((await shared.run('a/shared', { x: '1' })).rows).toEqual([{ name: 'a/shared', run: 2 }]);
    expect(ran).toHaveLength(2);
    expect(shared.name).toBe('duckdb');
    await shared.close();
    expect(closed()).toBe(0);
  });
});
