import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { closestMatch } from '../../src/lib/suggest.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_LEGACY_CSV, costlens } from '../helpers/cli.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';

/** The stderr of a failed run split into its reason and its hint line. */
function reasonAndHint(stderr: string): [string, string] {
  const [reason, hint, ...rest] = stderr.split('\n');
  expect(rest, stderr).toEqual(['']);
  expect(hint, stderr).toMatch(/^ {2}hint: /);
  return [reason, hint.replace(/^ {2}hint: /, '')];
}

describe('costlens for people: help, version, did-you-mean and a hint on every error', () => {
  const dir = scratchDir();
  /** The real legacy CUR, ingested once per machine (tests/helpers/cached-stores.ts): only read. */
  let db: string;
  beforeAll(async () => {
    db = await cachedStore([[REAL_LEGACY_CSV]]);
  });

  it('`help CMD` prints the command\'s help, as `CMD --help` does', async () => {
    const help = await costlens(db, 'help', 'idle');
    const flag = await costlens(db, 'idle', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toBe(flag.stdout);
    expect(help.stdout).toMatch(/^Usage: costlens idle /m);
  });

  it('-v and --version print the version', async () => {
    for (const flag of ['-v', '--version']) {
      const run = await costlens(db, flag);
      expect([run.code, run.stdout, run.stderr]).toEqual([0, 'costlens 0.1.0\n', '']);
    }
  });

  it('a mistyped command or flag gets a "did you mean"', async () => {
    const command = await costlens(db, 'idel');
    expect([command.code, ...reasonAndHint(command.stderr)]).toEqual([2, 'costlens: unknown command "idel"',
      'did you mean `costlens idle`? run `costlens --help` to list the commands']);
    const flag = await costlens(db, 'attribute', '--tga', 'team');
    expect([flag.code, ...reasonAndHint(flag.stderr)]).toEqual([2, 'costlens: attribute: unknown option --tga',
      'did you mean --tag? run `costlens attribute --help` for its options']);
    // A flag other tools (and alerts check, pull ce) take: report weekly says what it does instead, not only where its help is.
    const dryRun = await costlens(db, 'report', 'weekly', '--dry-run');
    expect([dryRun.code, dryRun.stdout, ...reasonAndHint(dryRun.stderr)]).toEqual([2, '', 'costlens: report: unknown option --dry-run',
      'report weekly has no --dry-run: without --out or --send it sends nothing and prints what it would send; --out DIR writes each e-mail as .eml and .html to preview; run `costlens report --help` for its options']);
    const outDir = await costlens(db, 'report', 'weekly', '--outt', dir);
    expect([outDir.code, ...reasonAndHint(outDir.stderr)]).toEqual([2, 'costlens: report: unknown option --outt', 'did you mean --out? run `costlens report --help` for its options']);
    const value = await costlens(db, 'idle', '--format', 'jsno');
    expect(reasonAndHint(value.stderr)).toEqual(['costlens: --format must be one of table, csv, json; got "jsno"', 'did you mean --format json?']);
    expect(closestMatch('rightsise', ['idle', 'rightsize', 'report'])).toBe('rightsize');
    expect(closestMatch('zzz', ['idle', 'rightsize'])).toBeUndefined();
  });

  it('the error corpus of issue #14 each gives a one-line reason and a hint', async () => {
    const badYaml = join(dir, 'bad.yaml');
    writeFileSync(badYaml, 'idle: [\n');
    const cases: [string[], number, string, RegExp][] = [
      [['attribute', '--tag', 'team', '--period', '2026-13'], 2, 'costlens: --period must be YYYY-MM; got "2026-13"', /e\.g\. --period 2026-10/],
      [['idle', '--format', 'xml'], 2, 'costlens: --format must be one of table, csv, json; got "xml"', /--format table/],
      [['anomalies', '--days', 'abc'], 2, 'costlens: --days must be an integer ≥ 1; got "abc"', /e\.g\. --days 14/],
      [['anomalies', '--days', '-5'], 2, 'costlens: --days must be an integer ≥ 1; got "-5"', /e\.g\. --days 14/],
      [['idle', '--config', join(dir, 'missing.yaml')], 3, `costlens: config file ${join(dir, 'missing.yaml')} does not exist`, /check the path given to --config/],
      [['idle', '--config', badYaml], 3, `costlens: ${badYaml}: not valid YAML (Flow sequence in block collection must be sufficiently indented and end with a ] at line 2, column 1:)`, /indent with spaces/],
      [['sql', 'SELEC 1'], 2, 'costlens: SQL error: Failed to extract statements: Parser Error: syntax error at or near "SELEC"', /DESCRIBE line_items/],
      [['attribute', '--tag', 'team', '--period', '2023-11', '--from', '2023-11-01'], 2, 'costlens: attribute: give --period or --from/--to, not both', /costlens attribute --help/],
      [['forecast', '--as-of', '2026-9-1'], 2, 'costlens: --as-of must be a date YYYY-MM-DD; got "2026-9-1"', /e\.g\. --as-of 2026-10-31/],
      [['idle', '--days'], 2, 'costlens: idle: unknown option --days', /costlens idle --help/],
      [['pull', 'metrics', '--today', '2026-13-01'], 2, 'costlens: --today must be a date YYYY-MM-DD; got "2026-13-01"', /e\.g\. --today 2026-10-31/],
      [['anomalies', '--days'], 2, 'costlens: anomalies: --days needs a value', /costlens anomalies --help/],
      [['attribute', '--tag', '--db', db], 2, 'costlens: attribute: --tag needs a value, and "--db" after it is an option', /^write --tag VALUE \(a value that starts with a dash as --tag=-VALUE\); run `costlens attribute --help`/],
      [['attribute', '--tag', 'a', '--tag', '--db', db], 2, 'costlens: attribute: --tag needs a value, and "--db" after it is an option', /--tag=-VALUE/],
      [['anomalies', '--days', '1e1'], 2, 'costlens: --days must be an integer ≥ 1; got "1e1"', /e\.g\. --days 14/],
      [['start', '--port', '70000', '--no-serve'], 2, 'costlens: --port must be an integer from 0 to 65535; got "70000"', /--port 8787/],
      [['attribute', '--tag', 'team', '--wide=3'], 2, 'costlens: attribute: --wide takes no value; got "--wide=3"', /^write --wide alone; run `costlens attribute --help`/],
    ];
    for (const [args, code, reason, hint] of cases) {
      const run = await costlens(db, ...args);
      expect([run.code, run.stdout], args.join(' ')).toEqual([code, '']);
      const [line, hintLine] = reasonAndHint(run.stderr);
      expect(line, args.join(' ')).toBe(reason);
      expect(hintLine, args.join(' ')).toMatch(hint);
    }
  });
});
