/**
 * A command's --help describes each option its Usage lists: `ingest --help` listed --db, --wide and --config in
 * Usage and described none of them; `report weekly --help` said the default week was "before the latest billing
 * day", where README says the last complete week up to the data horizon (src/report/week.ts, lastCompleteWeek).
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { textSink } from '../helpers/cli.ts';
import { helpFlags } from './readme-matches-help.ts';

/** What `costlens ARGS --help` prints on stdout (run in this process). */
async function helpOf(...args: string[]): Promise<string> {
  const out = textSink();
  expect(await main([...args, '--help'], { stdout: out.stream, stderr: textSink().stream, env: process.env, cwd: process.cwd() })).toBe(0);
  return out.text();
}

/** The options of a help's Usage that no line of its body describes (a line beginning with the option). */
function undescribed(help: string): string[] {
  const start = help.indexOf('Usage:');
  const end = help.indexOf('\n\n', start);
  const body = help.slice(end);
  return helpFlags(help.slice(start, end)).filter((flag) => !new RegExp(`\\n\\s+(--[a-z-]+ / )?${flag}\\b`).test(body));
}

describe('--help describes every option its Usage lists', () => {
  it('ingest: --db, --wide and --config are described (they were only listed)', async () => {
    const help = await helpOf('ingest');
    expect(undescribed(help)).toEqual([]);
    expect(help).toContain('  --db      the store to load into (default $COSTLENS_DB, else data/costlens.duckdb)\n');
  });

  it('report weekly: the default week is the last complete week up to the data horizon, as README says', async () => {
    const help = await helpOf('report', 'weekly');
    expect(help).toContain('--week      the ISO week (default: the last complete week in the store, its Sunday on or\n              before the data horizon)');
  });
});
