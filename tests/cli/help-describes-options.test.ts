/**
 * A command's --help describes each option its Usage lists: `ingest --help` listed --db, --wide and --config in
 * Usage and described none of them; `report weekly --help` said the default week was "before the latest billing
 * day", where README says the last complete week up to the data horizon (src/report/week.ts, lastCompleteWeek).
 * Every other command listed options it did not describe: `start` --db, --demo-dir, --port, --as-of and
 * --no-serve; `pull` --from, --to, --metric and --db; `iam-policy` --feature and --config; the readers --db,
 * --format, --wide, --config or --engine. The options many commands take are described once
 * (src/cli/common-options.ts) and each help says them in those words: the default and the environment
 * variable each falls back to ($COSTLENS_DB, $COSTLENS_CONFIG, $COLUMNS), as README's "Environment" says.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import {
  ATHENA_VERBOSE_HELP, CONFIG_DEFAULT_HELP, CONFIG_HELP, DB_HELP, ENGINE_HELP, FORMAT_HELP, WIDE_HELP, optionHelp,
} from '../../src/cli/common-options.ts';
import { resolveStorePath } from '../../src/store/open.ts';
import { textSink } from '../helpers/cli.ts';
import { helpFlags } from './readme-matches-help.ts';

/** What `costlens ARGS --help` prints on stdout (run in this process). */
async function helpOf(...args: string[]): Promise<string> {
  const out = textSink();
  expect(await main([...args, '--help'], { stdout: out.stream, stderr: textSink().stream, env: process.env, cwd: process.cwd() })).toBe(0);
  return out.text();
}

/** The commands `costlens --help` lists. */
async function commands(): Promise<string[]> {
  const out = textSink();
  await main(['--help'], { stdout: out.stream, stderr: textSink().stream, env: process.env, cwd: process.cwd() });
  const help = out.text();
  const start = help.indexOf('Commands:\n') + 'Commands:\n'.length;
  return help.slice(start, help.indexOf('\n\n', start)).split('\n').map((line) => line.trim().split(/\s+/)[0]);
}

/** A help's Usage lines (up to the first blank line) and the text after them. */
function synopsisAndBody(help: string): { synopsis: string; body: string } {
  const start = help.indexOf('Usage:');
  const end = help.indexOf('\n\n', start);
  return { synopsis: help.slice(start, end), body: help.slice(end) };
}

/** An option line of the body for `flag`: it begins with the flag, or with a pair naming it (`--from/--to`, `--progress / --no-progress`). */
const optionLine = (flag: string) => new RegExp(`\\n(\\s+)(?:--[a-z-]+ ?/ ?)?${flag}(?![a-z0-9-])[^\\n]*`);

/** The options of a help's Usage that no line of its body describes (a line beginning with the option). */
function undescribed(help: string): string[] {
  const { synopsis, body } = synopsisAndBody(help);
  return helpFlags(synopsis).filter((flag) => !optionLine(flag).test(body));
}

/**
 * What a help's body says of `flag`: its option line after the flag, with the lines continuing it (indented
 * further, not another option), whitespace folded to single spaces.
 */
function descriptionOf(help: string, flag: string): string {
  const { body } = synopsisAndBody(help);
  const match = optionLine(flag).exec(body);
  if (!match) return '';
  const lines = [match[0].slice(match[0].indexOf(flag) + flag.length)];
  const indent = match[1].length;
  for (const line of body.slice(match.index + match[0].length + 1).split('\n')) {
    const own = line.length - line.trimStart().length;
    if (own <= indent || line.trimStart().startsWith('--')) break;
    lines.push(line);
  }
  return lines.join(' ').replace(/\s+/g, ' ').trim();
}

/** How a common option's description begins in every help that lists it, by the synopsis's spelling of it. */
const SHARED_WORDS: { listed: RegExp; flag: string; begins: string }[] = [
  { listed: /\[--db FILE\]/, flag: '--db', begins: DB_HELP },
  { listed: /\[--config FILE\]/, flag: '--config', begins: CONFIG_HELP },
  { listed: /\[--wide\]/, flag: '--wide', begins: WIDE_HELP },
  { listed: /\[--format table\|/, flag: '--format', begins: FORMAT_HELP },
  { listed: /\[--engine duckdb\|athena\]/, flag: '--engine', begins: ENGINE_HELP },
  { listed: /\[--engine duckdb\|athena\] \[--verbose\]/, flag: '--verbose', begins: ATHENA_VERBOSE_HELP },
];

describe('--help describes every option its Usage lists', () => {
  it('every command: each option its Usage lists has an option line (start, pull, iam-policy and the readers had none for some)', async () => {
    const names = await commands();
    expect(names).toHaveLength(24);
    const missing: Record<string, string[]> = {};
    for (const name of names) {
      const left = undescribed(await helpOf(name));
      if (left.length > 0) missing[name] = left;
    }
    expect(missing).toEqual({});
  });

  it('the common options are described in the same words everywhere, naming their default and environment variable', async () => {
    const differing: string[] = [];
    let checked = 0;
    for (const name of await commands()) {
      const help = await helpOf(name);
      const { synopsis } = synopsisAndBody(help);
      for (const { flag, begins } of SHARED_WORDS.filter((shared) => shared.listed.test(synopsis))) {
        checked += 1;
        const said = descriptionOf(help, flag);
        if (!said.startsWith(begins)) differing.push(`${name} ${flag}: ${said}`);
        if (flag === '--config' && !said.includes(CONFIG_DEFAULT_HELP)) differing.push(`${name} --config default: ${said}`);
      }
    }
    expect(differing).toEqual([]);
    // --db in 22 commands (all but demo and iam-policy), --config in 18, --wide in 17, an output --format in 16,
    // --engine and Athena's --verbose in 11 each.
    expect(checked).toBe(22 + 18 + 17 + 16 + 11 + 11);
  });

  it('the shared words are what costlens does: $COSTLENS_DB, else data/costlens.duckdb; $COSTLENS_CONFIG, else costlens.config.yaml, .yml or .json', async () => {
    expect(DB_HELP).toBe('the store file (default $COSTLENS_DB, else data/costlens.duckdb)');
    expect(resolveStorePath(undefined, {}, '/w')).toBe('/w/data/costlens.duckdb');
    expect(resolveStorePath(undefined, { COSTLENS_DB: '/s/x.duckdb' }, '/w')).toBe('/s/x.duckdb');
    expect(CONFIG_DEFAULT_HELP).toBe('(default $COSTLENS_CONFIG, else costlens.config.yaml, .yml or .json in the working directory, else the built-in defaults)');
    const idle = await helpOf('idle');
    expect(idle).toContain('\n  --db      the store file (default $COSTLENS_DB, else data/costlens.duckdb)\n');
    expect(idle).toContain('\n  --config  the config file, read for idle and aws.athena (default $COSTLENS_CONFIG, else\n'
      + '            costlens.config.yaml, .yml or .json in the working directory, else the built-in\n'
      + '            defaults)\n');
    expect(descriptionOf(await helpOf('pull'), '--metric')).toBe('UnblendedCost (always fetched, as BilledCost) and AmortizedCost (EffectiveCost; left out, '
      + 'EffectiveCost is UnblendedCost), comma-separated (default aws.costExplorer.metrics: UnblendedCost,AmortizedCost)');
    expect(descriptionOf(await helpOf('start'), '--port')).toBe('the dashboards\' port (default 8787; 0 picks a free one)');
  });

  it('ingest: --db, --wide and --config are described (they were only listed)', async () => {
    const help = await helpOf('ingest');
    expect(undescribed(help)).toEqual([]);
    expect(descriptionOf(help, '--db')).toBe('the store file (default $COSTLENS_DB, else data/costlens.duckdb): what is ingested is loaded into it');
    expect(descriptionOf(help, '--wide')).toBe(WIDE_HELP);
  });

  it('report weekly: the default week is the last complete week up to the data horizon, as README says', async () => {
    const help = await helpOf('report', 'weekly');
    expect(help).toContain('--week      the ISO week (default: the last complete week in the store, its Sunday on or\n              before the data horizon)');
  });

  it('an option line wraps at word boundaries within 100 characters, its continuation under its text', () => {
    expect(optionHelp('--db', 'a b', 10)).toBe('  --db    a b');
    expect(optionHelp('--verbose', 'x', 10)).toBe('  --verbose x');
    const wrapped = optionHelp('--wide', `${'word '.repeat(30)}end`, 12).split('\n');
    expect(wrapped).toEqual([`  --wide    ${'word '.repeat(16)}word`, `            ${'word '.repeat(13)}end`]);
    expect(Math.max(...wrapped.map((line) => line.length))).toBeLessThanOrEqual(100);
    // A continuation line never begins with an option: serve's --config said "... alerts with" above "--schedule (default".
    expect(optionHelp('--config', `${'word '.repeat(16)}with --schedule then`, 12).split('\n')).toEqual([`  --config  ${'word '.repeat(15)}word`, '            with --schedule then']);
  });
});
