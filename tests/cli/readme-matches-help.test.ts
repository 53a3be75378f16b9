/**
 * The README documents what the CLI does, so that it cannot drift again: every option of every
 * command's --help is in that command's row of the Commands table (`--db` in the Conventions,
 * `--wide` in "A CLI for people"); the Conventions list every exit code (9, AWS, was missing); and
 * every config example loads under the schema, in the spellings and choices it documents (it gave
 * `anomalies.charges: run-rate  # run-rate | all`, where the schema and --help say usage | all).
 * Every `see "X" in README.md` hint in src/ names a heading of the README (`see "AWS"` named none:
 * the section is "Live AWS sources and Athena").
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { textSink } from '../helpers/cli.ts';
import { commandRows, configExampleProblems, exitCodesNotListed, helpFlags, hintsNamingNoHeading, readmeHeadings, undocumentedFlags, yamlExamples } from './readme-matches-help.ts';

const README = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
const SRC = join(import.meta.dirname, '../../src');

/** What `costlens ARGS` prints on stdout (run in this process). */
async function stdoutOf(...args: string[]): Promise<string> {
  const out = textSink();
  const code = await main(args, { stdout: out.stream, stderr: textSink().stream, env: process.env, cwd: process.cwd() });
  expect(code, `costlens ${args.join(' ')}`).toBe(0);
  return out.text();
}

/** The commands `costlens --help` lists. */
async function commands(): Promise<string[]> {
  const help = await stdoutOf('--help');
  const list = help.slice(help.indexOf('Commands:\n') + 'Commands:\n'.length, help.indexOf('\n\n', help.indexOf('Commands:\n')));
  return list.split('\n').map((line) => line.trim().split(/\s+/)[0]);
}

describe('the README against each command\'s --help', () => {
  it('helpFlags reads the synopsis and the option lines', () => {
    const usage = 'costlens x [--a N] [--b-c|--no-b-c]\n       costlens x --list\n\n  Text naming --not-an-option in prose.\n  --d   what d does (see --e)';
    expect(helpFlags(usage)).toEqual(['--a', '--b-c', '--d', '--list', '--no-b-c']);
  });

  it('every command has a row in the Commands table, and every option of its --help is documented there', async () => {
    const names = await commands();
    expect(names).toContain('pull');
    const missing: Record<string, string[]> = {};
    for (const name of names) {
      expect(commandRows(README, name), `a row for costlens ${name}`).not.toEqual([]);
      const usage = (await stdoutOf(name, '--help')).split('\nUsage: ')[1];
      const undocumented = undocumentedFlags(README, name, usage);
      if (undocumented.length > 0) missing[name] = undocumented;
    }
    expect(missing).toEqual({});
  });

  it('the Conventions list every exit code, 9 (AWS) included', () => {
    expect(exitCodesNotListed(README)).toEqual([]);
  });

  it('every config example loads under the schema as written, and every choice its comments list is one the schema takes as it is spelt', () => {
    expect(yamlExamples(README).length).toBeGreaterThanOrEqual(5);
    expect(configExampleProblems(README)).toEqual([]);
  });

  it('every `see "X" in README.md` hint in src/ names a heading of the README', () => {
    const sources = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))
      .map((f) => ({ path: `src/${f}`, text: readFileSync(join(SRC, f), 'utf8') }));
    expect(sources.filter((s) => s.text.includes('" in README.md')).length).toBeGreaterThanOrEqual(6);
    expect(hintsNamingNoHeading(README, sources)).toEqual([]);
  });

  it('the hint check reads headings outside fenced code, and names a hint whose section is not one', () => {
    const readme = '# costlens\n## Live AWS sources and Athena\n```yaml\n# AWS\n```\n';
    expect([...readmeHeadings(readme)]).toEqual(['costlens', 'Live AWS sources and Athena']);
    expect(hintsNamingNoHeading(readme, [{ path: 'src/x.ts', text: `hint: 'see "AWS" in README.md', other: 'see "Live AWS sources and Athena" in README.md'` }])).toEqual(['src/x.ts: AWS']);
  });

  it('the checks catch what they are for: an option left out, a missing exit code, an older name in an example', () => {
    const row = '| `costlens demo2 [--out DIR]` | writes |\n\nConventions: `--db` defaults to x (2 usage, 1 internal).\n';
    expect(undocumentedFlags(row, 'demo2', 'costlens demo2 [--out DIR] [--seed N] [--db FILE] [--wide]\n')).toEqual(['--seed', '--wide']);
    expect(exitCodesNotListed(row)).toContain('9 AWS');
    const example = '```yaml\nanomalies:\n  charges: run-rate         # run-rate | all\n```\n';
    expect(configExampleProblems(example)).toEqual([
      'README line 1: anomalies.charges: "run-rate" is read as "usage"',
      'README line 3: the choice "run-rate" of "charges: run-rate         # run-rate | all": anomalies.charges: "run-rate" is read as "usage"',
    ]);
    const refused = configExampleProblems('```yaml\nanomalies:\n  charges: usage   # usage | all | daily\n```\n');
    expect(refused).toHaveLength(1);
    expect(refused[0].startsWith('README line 3: the choice "daily" of "charges: usage   # usage | all | daily": anomalies.charges: ')).toBe(true);
  });
});
