import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlRows, tempStore } from '../helpers/cli.ts';
import { testChildBundle } from '../helpers/child-bundle.ts';
import { repetitions } from '../helpers/stress.ts';

const WRITERS = 6;
/** Rounds of six simultaneous ingests: 10, or 25 with COSTLENS_TEST_STRESS=1 (tests/helpers/stress.ts). */
const ROUNDS = repetitions(10, 25);
const HEADER = 'resource_id,namespace,metric_name,statistic,period_s,timestamp,value,unit';

/** A long-lived writer process (helpers/ingest-worker.ts, bundled): `ingest(path)` sends it a path and resolves with its answer. */
function startWriter(worker: string, db: string) {
  const child = spawn(process.execPath, [worker, db], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return {
    ready: async () => (await lines.next()).value as string,
    ingest: async (path: string) => {
      child.stdin!.write(`${path}\n`);
      return (await lines.next()).value as string;
    },
    stop: () => new Promise((done) => {
      child.once('exit', done);
      child.stdin!.end('\n');
    }),
  };
}

describe('the writer lock', () => {
  const { dir, db } = tempStore();
  let writers: ReturnType<typeof startWriter>[] = [];
  beforeAll(async () => {
    const worker = await testChildBundle('tests/helpers/ingest-worker.ts');
    writers = Array.from({ length: WRITERS }, () => startWriter(worker, db));
  });
  afterAll(async () => {
    await Promise.all(writers.map((w) => w.stop()));
  });

  it(`${WRITERS} processes ingesting into one store at the same moment, ${ROUNDS} times: every writer's rows are there`, async () => {
    expect(await Promise.all(writers.map((w) => w.ready()))).toEqual(Array(WRITERS).fill('ready'));
    const expected: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const files = writers.map((_, writer) => {
        const id = `r${String(round).padStart(2, '0')}-w${writer}`;
        expected.push(id);
        const path = join(dir, `${id}.csv`);
        writeFileSync(path, `${HEADER}\n${id},AWS/EC2,CPUUtilization,Average,3600,2026-11-01T00:00:00Z,${round}.${writer},Percent\n`);
        return path;
      });
      const answers = await Promise.all(writers.map((w, writer) => w.ingest(files[writer])));
      expect(answers, `round ${round}`).toEqual(Array(WRITERS).fill('ok'));
    }
    const rows = await sqlRows(db, `SELECT resource_id, value FROM metrics ORDER BY resource_id`);
    expect(rows.map((r) => r.resource_id)).toEqual(expected.sort());
    const [ingests] = await sqlRows(db, `SELECT count(*) AS n, sum(rows) AS rows FROM ingests`);
    expect(ingests).toEqual({ n: String(WRITERS * ROUNDS), rows: String(WRITERS * ROUNDS) });
  }, 600_000);
});
