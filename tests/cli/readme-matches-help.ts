/**
 * What the README says against what the CLI and the config schema do, as pure functions of the
 * README's text (tests/cli/readme-matches-help.test.ts runs them on README.md): every option a
 * command's --help lists is in that command's row of the Commands table, every exit code is in the
 * Conventions, and every config example loads under the schema in the spellings it documents.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadConfig } from '../../src/config.ts';
import { CostlensError, type ErrorCode } from '../../src/errors.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';

/**
 * The options a command's usage text lists: each `--flag` of its synopsis (the lines before the
 * first blank line) and each option line (`  --flag  what it does`) after it.
 */
export function helpFlags(usage: string): string[] {
  const [synopsis, ...rest] = usage.split('\n\n');
  const flags = new Set(synopsis.match(/--[a-z][a-z0-9-]*/g) ?? []);
  for (const line of rest.join('\n').split('\n')) {
    const option = /^\s+(--[a-z][a-z0-9-]*)/.exec(line);
    if (option) flags.add(option[1]);
  }
  return [...flags].sort();
}

/** The rows of the README's Commands table for a command: those whose first cell starts `costlens COMMAND`. */
export function commandRows(readme: string, command: string): string[] {
  return readme.split('\n').filter((line) => line.startsWith(`| \`costlens ${command} `) || line.startsWith(`| \`costlens ${command}\``));
}

/** The paragraph of the README that starts with `start`, whitespace folded to single spaces. */
export function paragraph(readme: string, start: string): string {
  const at = readme.indexOf(start);
  if (at < 0) return '';
  const end = readme.indexOf('\n\n', at);
  return readme.slice(at, end < 0 ? undefined : end).replace(/\s+/g, ' ');
}

/** The `--wide` bullet of "A CLI for people", which names every command that takes it. */
function wideBullet(readme: string): string {
  const at = readme.indexOf('`--wide` (every reader command:');
  return at < 0 ? '' : readme.slice(at, readme.indexOf('uncut', at)).replace(/\s+/g, ' ');
}

const mentions = (text: string, flag: string) => new RegExp(`${flag}(?![a-z0-9-])`).test(text);

/**
 * The options of a command's --help that the README does not document for it: each must be in
 * the command's rows of the Commands table, except `--db` (the Conventions say it once for every
 * command) and `--wide` (the "A CLI for people" bullet names each command that takes it).
 */
export function undocumentedFlags(readme: string, command: string, usage: string): string[] {
  const rows = commandRows(readme, command).join('\n');
  const conventions = paragraph(readme, 'Conventions: ');
  return helpFlags(usage).filter((flag) => {
    if (mentions(rows, flag)) return false;
    if (flag === '--db') return !mentions(conventions, '--db');
    if (flag === '--wide') return !wideBullet(readme).includes(`\`${command}`);
    return true;
  });
}

/** How the README's Conventions name each error code's exit status. */
export const EXIT_CODE_WORDS: Record<ErrorCode, string> = {
  usage: 'usage', config: 'config', input: 'bad input', not_found: 'not found', store_locked: 'store busy',
  store: 'store', read_only: 'refused write', aws: 'AWS', internal: 'internal',
};

/** The exit codes (`9 AWS`) the Conventions paragraph does not list. */
export function exitCodesNotListed(readme: string): string[] {
  const conventions = paragraph(readme, 'Conventions: ');
  return Object.entries(EXIT_CODE_WORDS)
    .map(([code, word]) => `${new CostlensError(code as ErrorCode, code).exitCode} ${word}`)
    .filter((listed) => !conventions.includes(listed));
}

/** Environment variables the README's config examples interpolate. */
const EXAMPLE_ENV = { SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/x', HOOK_TOKEN: 'token' };

/** Each ```yaml block of the README with its line number. */
export function yamlExamples(readme: string): { line: number; text: string }[] {
  return [...readme.matchAll(/```yaml\n([\s\S]*?)\n```/g)].map((m) => ({ line: readme.slice(0, m.index).split('\n').length, text: m[1] }));
}

/** Text values of the raw example that the schema reads as another value (an older name, an alias), by key path. */
function respelled(raw: unknown, parsed: unknown, path: string): string[] {
  if (typeof raw === 'string') return typeof parsed === 'string' && parsed !== raw && !raw.includes('${') ? [`${path}: "${raw}" is read as "${parsed}"`] : [];
  if (raw === null || typeof raw !== 'object' || parsed === null || typeof parsed !== 'object') return [];
  return Object.entries(raw).flatMap(([key, value]) => respelled(value, (parsed as Record<string, unknown>)[key], path ? `${path}.${key}` : key));
}

/** Why a config text does not load as written: the schema's error, or its values read as other values; empty when it does. */
function configProblems(text: string): string[] {
  const file = join(scratchDir(), 'costlens.config.yaml');
  writeFileSync(file, text);
  try {
    return respelled(parseYaml(text), loadConfig(file, EXAMPLE_ENV, process.cwd()), '');
  } catch (error) {
    return [error instanceof CostlensError ? error.message.replace(`${file}: `, '') : String(error)];
  }
}

/** `key: value   # a | b (note) | c`: a line whose comment lists the values the key takes. */
const CHOICES_LINE = /^(\s*(?:- )?[\w-]+: )([\w.-]+)(\s+# )([\w-]+(?: \([^)]*\))?(?: \| [\w-]+(?: \([^)]*\))?)+)/;

/**
 * What is wrong with the README's config examples, each named by its line: a block the schema
 * refuses, a value it reads as another (an older name), and a choice listed in a comment
 * (`# usage | all`) that, put in place of the value, is refused or read as another.
 */
export function configExampleProblems(readme: string): string[] {
  return yamlExamples(readme).flatMap(({ line, text }) => {
    const problems = configProblems(text).map((p) => `README line ${line}: ${p}`);
    text.split('\n').forEach((row, i) => {
      const choice = CHOICES_LINE.exec(row);
      if (!choice) return;
      for (const value of choice[4].split(' | ').map((c) => c.split(' ')[0])) {
        const lines = text.split('\n');
        lines[i] = `${choice[1]}${value}`;
        for (const p of configProblems(lines.join('\n'))) problems.push(`README line ${line + 1 + i}: the choice "${value}" of "${row.trim()}": ${p}`);
      }
    });
    return problems;
  });
}

/** The README's headings (`## Live AWS sources and Athena` → `Live AWS sources and Athena`), fenced code left out. */
export function readmeHeadings(readme: string): Set<string> {
  const headings = new Set<string>();
  let fenced = false;
  for (const line of readme.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    else if (!fenced && /^#{1,6} /.test(line)) headings.add(line.replace(/^#+ /, '').trim());
  }
  return headings;
}

/** A hint that sends the reader to a README section: `see "Queries" in README.md`. */
const README_HINT = /see "([^"]+)" in README\.md/g;

/**
 * The `see "X" in README.md` hints of `sources` (`{ path, text }`) whose X is not a heading of the
 * README, each as `path: X` (`src/aws-client/config.ts: AWS`, where the section is "Live AWS sources and Athena").
 */
export function hintsNamingNoHeading(readme: string, sources: readonly { path: string; text: string }[]): string[] {
  const headings = readmeHeadings(readme);
  return sources.flatMap(({ path, text }) => [...text.matchAll(README_HINT)].filter((m) => !headings.has(m[1])).map((m) => `${path}: ${m[1]}`));
}
