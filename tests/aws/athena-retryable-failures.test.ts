/**
 * A query Athena ends FAILED with AthenaError.Retryable (a transient internal error) is started
 * again, up to three times in all, each a new execution; a failure Athena does not call retryable,
 * or a third transient one, stands, with Athena's reason.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AthenaEngine } from '../../src/engine/athena.ts';
import type { CostlensError } from '../../src/errors.ts';
import { FakeAthena } from '../fakes/aws/athena.ts';
import type { FakeAws } from '../fakes/aws/server.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { fastAwsConfig, startFakeAws } from './helpers.ts';

const athena = new FakeAthena();
let fake: FakeAws;
let queriesDir: string;
const ATHENA = { createView: false, workgroup: 'finops', database: 'cur', curTable: 'cur2_export', viewName: 'line_items', outputLocation: 's3://athena-results-111111111111/costlens/', pollIntervalMs: 1, maxPollIntervalMs: 4, timeoutSeconds: 30 };
const engine = () => AthenaEngine.fromConfig({ aws: fastAwsConfig({ athena: ATHENA }), env: process.env, queriesDir });
const LINES = { match: /count/, states: ['RUNNING', 'SUCCEEDED'] as const, columns: [{ name: 'lines', type: 'bigint' }], rows: [['42']] };

beforeAll(async () => {
  fake = await startFakeAws([athena]);
  queriesDir = scratchDir();
  mkdirSync(join(queriesDir, 'test'));
  writeFileSync(join(queriesDir, 'test', 'line_count.sql'), '-- Lines.\n-- @returns lines BIGINT\nSELECT count(*) AS lines FROM line_items\n');
});
afterAll(() => fake.stop());
beforeEach(() => {
  fake.reset();
  athena.scripts = [];
});

describe('Athena failures it calls retryable', () => {
  it('two transient failures, then the query succeeds on its third execution', async () => {
    athena.scripts = [{ ...LINES, states: [...LINES.states], retryableFailures: 2 }];
    const before = athena.executions.length;
    const result = await engine().run('test/line_count');
    expect(result.rows).toEqual([{ lines: 42 }]);
    const starts = fake.calls('athena', 'StartQueryExecution');
    expect(starts).toHaveLength(3);
    expect(new Set(starts.map((s) => s.params.ClientRequestToken)).size).toBe(3);
    expect(athena.executions.length - before).toBe(3);
  });

  it('a third transient failure stands, with Athena\'s reason and a hint that says it was tried three times', async () => {
    athena.scripts = [{ ...LINES, states: [...LINES.states], retryableFailures: 3 }];
    const error = await engine().run('test/line_count').catch((e: unknown) => e) as CostlensError;
    expect(error.message).toBe(`athena query ${athena.executions.at(-1)!.id} failed: INTERNAL_ERROR_QUERY_ENGINE: Amazon Athena experienced an internal error while executing this query`);
    expect(error.hint).toBe('Athena calls this failure transient; it failed 3 times in a row: run it again later');
    expect(fake.calls('athena', 'StartQueryExecution')).toHaveLength(3);
  });

  it('a failure Athena does not call retryable is not run again', async () => {
    athena.scripts = [{ match: /count/, states: ['FAILED'], reason: 'SYNTAX_ERROR: line 1:8: Column \'x\' cannot be resolved' }];
    const error = await engine().run('test/line_count').catch((e: unknown) => e) as CostlensError;
    expect(error.message).toBe(`athena query ${athena.executions.at(-1)!.id} failed: SYNTAX_ERROR: line 1:8: Column 'x' cannot be resolved`);
    expect(fake.calls('athena', 'StartQueryExecution')).toHaveLength(1);
  });
});
