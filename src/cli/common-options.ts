/**
 * The options many commands take (--db, --config, --format, --wide, --engine and Athena's --verbose),
 * described once: each command's --help includes the lines of those it takes, so that they say the
 * same thing everywhere: what the option does, its default and the environment variable it falls
 * back to (README "Environment"). A command adds only what is its own (the config sections it reads,
 * what its csv holds) after the shared words.
 */
import { CONFIG_FILE_NAMES } from '../config.ts';
import { DEFAULT_STORE_PATH } from '../store/open.ts';

/** Help lines are wrapped to at most this many characters. */
const HELP_WIDTH = 100;

/**
 * `  --flag  text` as a help's option line: the flag at two spaces, the text from `column` (at least
 * one space after the flag), wrapped at word boundaries to at most HELP_WIDTH characters, each
 * continuation line indented to `column`. No continuation line begins with an option (`--schedule`),
 * which would read as an option line of its own: the word before it goes down with it.
 */
export function optionHelp(flag: string, text: string, column: number): string {
  const lead = `  ${flag}`.padEnd(column - 1) + ' ';
  const lines: string[][] = [[]];
  const width = (words: string[], first: boolean) => (first ? lead.length : column) + words.join(' ').length;
  for (const word of text.split(' ')) {
    const line = lines[lines.length - 1];
    if (line.length > 0 && width([...line, word], lines.length === 1) > HELP_WIDTH) {
      const carried = word.startsWith('--') && line.length > 1 ? [line.pop() as string] : [];
      lines.push([...carried, word]);
    } else {
      line.push(word);
    }
  }
  return lines.map((words, i) => (i === 0 ? lead : ' '.repeat(column)) + words.join(' ')).join('\n');
}

/** The config file names as the help says them: `costlens.config.yaml, .yml or .json`. */
function configFileNames(): string {
  const [first, ...rest] = CONFIG_FILE_NAMES;
  const extensions = rest.map((name) => name.slice(name.lastIndexOf('.')));
  return `${first}, ${extensions.slice(0, -1).join(', ')}${extensions.length > 1 ? ' or ' : ''}${extensions.at(-1) ?? ''}`;
}

/** What --db says: the store file and where it is when the flag is not given. */
export const DB_HELP = `the store file (default $COSTLENS_DB, else ${DEFAULT_STORE_PATH})`;

/** What --config says before the sections a command reads. */
export const CONFIG_HELP = 'the config file';

/** What --config says of its default, after the sections a command reads. */
export const CONFIG_DEFAULT_HELP = `(default $COSTLENS_CONFIG, else ${configFileNames()} in the working directory, else the built-in defaults)`;

/** What --wide says. */
export const WIDE_HELP = 'every column of the table, uncut, whatever the width (default: fitted to $COLUMNS, else to the terminal; a pipe or a file gets the whole table)';

/** What --format says before the choices it lists. */
export const FORMAT_HELP = 'the output:';

/** What --engine says. */
export const ENGINE_HELP = 'duckdb (the local store, the default) or athena (the CUR table in Athena that aws.athena in the config names; prints the data scanned and its cost)';

/** What --verbose says where it logs only the calls of --engine athena. */
export const ATHENA_VERBOSE_HELP = 'with --engine athena: log every AWS call on stderr';

/** The --db line; `note`, when given, says what the command does with the store. */
export function dbOption(column: number, note?: string): string {
  return optionHelp('--db', note ? `${DB_HELP}: ${note}` : DB_HELP, column);
}

/** The --config line: the shared words, the config sections `reads` (e.g. `idle and aws.athena`), the default. */
export function configOption(column: number, reads: string): string {
  return optionHelp('--config', `${CONFIG_HELP}, read for ${reads} ${CONFIG_DEFAULT_HELP}`, column);
}

/** The --wide line. */
export function wideOption(column: number): string {
  return optionHelp('--wide', WIDE_HELP, column);
}

/** How each output format is described. */
const FORMAT_CHOICES = {
  table: 'table (the default)',
  csv: 'csv (a header line and RFC 4180 rows, nothing else on stdout)',
  json: 'json',
} as const;

/** The --format line: the formats the command takes (table, csv, json by default), then `note` (what its output holds). */
export function formatOption(column: number, note?: string, formats: readonly (keyof typeof FORMAT_CHOICES)[] = ['table', 'csv', 'json']): string {
  const choices = formats.map((format) => FORMAT_CHOICES[format]);
  const listed = `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`;
  return optionHelp('--format', `${FORMAT_HELP} ${listed}${note ? `; ${note}` : ''}`, column);
}

/** The --engine line; `note` says what the command runs, or does not, on Athena. */
export function engineOption(column: number, note?: string): string {
  return optionHelp('--engine', note ? `${ENGINE_HELP}; ${note}` : ENGINE_HELP, column);
}

/** The --verbose line of a command whose only AWS calls are those of --engine athena. */
export function athenaVerboseOption(column: number): string {
  return optionHelp('--verbose', ATHENA_VERBOSE_HELP, column);
}

/**
 * The option lines of a command that reads the store or, with --engine athena, the CUR table, in
 * the order every such --help lists them: --format, --wide, --db, --config, --engine, --verbose.
 * `reads` names the config sections it reads; `notes.format` what its output holds, `notes.engine`
 * what it runs, or does not, on Athena.
 */
export function readerOptions(column: number, reads: string, notes: { format?: string; engine?: string } = {}): string {
  return [
    formatOption(column, notes.format), wideOption(column), dbOption(column), configOption(column, reads),
    engineOption(column, notes.engine), athenaVerboseOption(column),
  ].join('\n');
}
