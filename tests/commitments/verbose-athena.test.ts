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
    expect(queries.slice(1).sort()).toEqual(['SELECT', 'SELECT', 'WITH days AS (', 'WITH days AS (']);
    const query = ['aws athena StartQueryExecution', 'aws athena GetQueryExecution', 'aws athena GetQueryResults'];
    const end = ['athena: 4 queries, 0.00 GiB scanned, $0.0002', 'costlens: the store holds no billing data', '  hint: ingest a CUR, CUR 2.0 or FOCUS export first: costlens ingest PATH', ''];
    const lines = verbose.stderr.split('\n').map((line) => line.replace(/^(aws athena \w+) \d+ ms$/, '$1'));
    expect(lines[0]).toBe('aws athena GetTableMetadata');
    expect(lines.slice(1, -end.length).sort()).toEqual([...query, ...query, ...query, ...query, ...query].sort());
    expect(lines.slice(-end.length)).toEqual(end);

    aws.fake.reset();
    const quiet = await costlens(db, 'commitments', '--period', '2018-11', '--engine', 'athena', '--config', config);
    expect(aws.fake.calls('athena', 'StartQueryExecution')).toHaveLength(5);
    expect(quiet.stderr.split('\n')).toEqual(end);
    expect([verbose.code, quiet.code]).toEqual([5, 5]);
  });
});
