/**
 * `costlens commitments --engine athena --verbose` logs every AWS call on stderr, as `attribute`,
 * `forecast` and the other analysers do (src/cli/engine-choice.ts): commitments parsed --verbose
 * but its --help never said what it does. Against the fake Athena on 127.0.0.1, whose empty
 * answers make the run end with "the store holds no billing data" after its first queries.
 */
import { describe, expect, it } from 'vitest';
import { writeConfig } from '../aws/helpers.ts';
import { costlens, tempStore } from '../helpers/cli.ts';
import { FAKE_ATHENA_CONFIG as ATHENA, useFakeAthena } from '../helpers/fake-athena.ts';

const aws = useFakeAthena({ states: ['SUCCEEDED'], columns: [], rows: [] });

/** A query's three calls, in the order it makes them, as the fake records them and as --verbose logs them (less the time). */
const STEPS = ['StartQueryExecution', 'GetQueryExecution', 'GetQueryResults'];
const LOGGED_STEPS = STEPS.map((step) => `aws athena ${step}`);

/** The operations the fake Athena received for each query execution, by its id, in the order they came. */
function stepsById(): Map<string, string[]> {
  const byId = new Map<string, string[]>();
  let started = 0;
  for (const call of aws.fake.calls('athena')) {
    if (call.operation === 'GetTableMetadata') continue;
    // The fake numbers executions in the order their starts arrive.
    const execution = call.operation === 'StartQueryExecution' ? aws.athena.executions[started++] : undefined;
    if (execution) expect(execution.sql).toBe(call.params.QueryString);
    const id = execution?.id ?? String(call.params.QueryExecutionId);
    byId.set(id, [...(byId.get(id) ?? []), call.operation]);
  }
  return byId;
}

/**
 * The log's query lines as one sequence per query. A line carries no query id, so each step goes
 * to the first query whose earlier steps are logged and which waits for this one; a line no
 * query waits for (a poll before any start, a step twice) begins a sequence of its own.
 */
function loggedQueries(lines: string[]): string[][] {
  const queries: string[][] = [];
  for (const line of lines) {
    const step = LOGGED_STEPS.indexOf(line);
    const waiting = step > 0 ? queries.find((q) => q.length === step) : undefined;
    if (waiting) waiting.push(line);
    else queries.push([line]);
  }
  return queries;
}

describe('commitments --verbose', () => {
  it('--help says what --verbose does, in the words of the other analysers', async () => {
    const help = (await costlens(tempStore().db, 'commitments', '--help')).stdout;
    expect(help.split('\n')).toContain('  --verbose   with --engine athena: log every AWS call on stderr');
    const attribute = (await costlens(tempStore().db, 'attribute', '--help')).stdout;
    expect(attribute.split('\n')).toContain('  --verbose   with --engine athena: log every AWS call on stderr');
  });

  it('with --engine athena: one line per AWS call on stderr (the view\'s table, then each query\'s start, poll and results), none without --verbose', async () => {
    const { db } = tempStore();
    const config = writeConfig({ aws: { retry: { baseDelayMs: 1 }, athena: ATHENA } });
    const verbose = await costlens(db, 'commitments', '--period', '2018-11', '--engine', 'athena', '--config', config, '--verbose');
    const queries = aws.fake.calls('athena', 'StartQueryExecution').map((c) => String(c.params.QueryString).split('\n')[0]);
    // The view, then commitments/data_horizon, calendar/data_horizon and calendar/billing_period_days
    // (in parallel, so in any order) and the whole bills: empty, so no billing data.
    expect(queries[0]).toBe('CREATE OR REPLACE VIEW "cur"."costlens_line_items" AS');
    expect(queries.slice(1).sort()).toEqual(['SELECT', 'SELECT', 'WITH days AS (', 'WITH period_days AS (']);
    const query = LOGGED_STEPS;
    const end = ['athena: 4 queries, 0.00 GiB scanned, $0.0002', 'costlens: the store holds no billing data', '  hint: ingest a CUR, CUR 2.0 or FOCUS export first: costlens ingest PATH', ''];
    const lines = verbose.stderr.split('\n').map((line) => line.replace(/^(aws athena \w+) \d+ ms$/, '$1'));
    expect(lines[0]).toBe('aws athena GetTableMetadata');
    expect(lines.slice(1, -end.length).sort()).toEqual([...query, ...query, ...query, ...query, ...query].sort());
    // In parallel, yet each query's calls in order: by id as the fake received them, and in the log as it was written.
    expect([...stepsById().values()]).toEqual([STEPS, STEPS, STEPS, STEPS, STEPS]);
    expect(loggedQueries(lines.slice(1, -end.length))).toEqual([query, query, query, query, query]);
    expect(lines.slice(-end.length)).toEqual(end);

    aws.fake.reset();
    const quiet = await costlens(db, 'commitments', '--period', '2018-11', '--engine', 'athena', '--config', config);
    expect(aws.fake.calls('athena', 'StartQueryExecution')).toHaveLength(5);
    expect(quiet.stderr.split('\n')).toEqual(end);
    expect([verbose.code, quiet.code]).toEqual([5, 5]);
  });
});
