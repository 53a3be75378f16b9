import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_LEGACY_CSV, costlens, tempStore } from '../helpers/cli.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';

/**
 * `costlens --help` listed a second copy of each command's summary, which had drifted from the
 * command's own (`migrate`, `idle`, `kpi`, `modernise`, `anomalies`); it now reads each command's
 * definition. `costlens start --db X` printed "Try:" commands without `--db X`, and ignored
 * `--as-of` on an existing store without a word. A `--demo-dir` that cannot be a folder was an
 * "unexpected error … this is a bug" from inside the demo generator.
 */
describe('costlens --help and costlens start', () => {
  it('--help lists each command with the summary its own --help prints', async () => {
    const { db } = tempStore();
    const help = await costlens(db, '--help');
    expect(help.code).toBe(0);
    const listed = help.stdout.split('\n').filter((l) => /^ {2}[a-z-]+ {2,}\S/.test(l)).map((l) => /^ {2}([a-z-]+) +(.*)$/.exec(l)!.slice(1));
    expect(listed.length).toBe(24);
    for (const [name, summary] of listed) {
      const own = await costlens(db, name, '--help');
      expect([name, summary]).toEqual([name, own.stdout.split('\n')[0]]);
    }
  });

  it('start on an existing store: the Try commands carry --db as given (quoted for the shell), and an unused --as-of is said', async () => {
    const db = join(scratchDir(), 'my store.duckdb');
    copyFileSync(await cachedStore([[REAL_LEGACY_CSV]]), db);
    const run = await costlens(db, 'start', '--no-serve', '--db', db, '--as-of', '2026-11-15');
    expect(run.code, run.stderr).toBe(0);
    const quoted = `'${db}'`;
    // The legacy CUR carries no tag: no attribute line (it suggested --tag team; tests/attribution/tag-keys-most-used.test.ts has the key suggested).
    expect(run.stdout.slice(run.stdout.indexOf('Try:'))).toBe([
      'Try:',
      `  npx costlens idle --db ${quoted}`,
      `  npx costlens sql --db ${quoted} "SELECT ServiceName, sum(BilledCost) FROM line_items GROUP BY 1 ORDER BY 2 DESC"`,
      '',
    ].join('\n'));
    expect(run.stderr).toContain('note: --as-of 2026-11-15 is not used: the store already holds line items, and the demo is generated only into an empty store '
      + '(give another --db, or remove this store, to generate it as of 2026-11-15)\n');
    const bare = await costlens(db, 'start', '--no-serve');
    expect(bare.stdout).toContain('Try:\n  npx costlens idle\n  npx costlens sql "SELECT');
    expect(bare.stderr).not.toContain('note:');
  });

  it('start on an empty store with a --demo-dir that cannot be a folder: a usage error naming it (exit 2), before any store is made', async () => {
    const dir = scratchDir();
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'kept\n');
    const db = join(dir, 'new.duckdb');
    const run = await costlens(db, 'start', '--no-serve', '--db', db, '--demo-dir', file);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `costlens: start: --demo-dir ${file} cannot be the folder for the demo: EEXIST: file already exists, mkdir '${file}'\n`
        + '  hint: give a folder, existing or not (it is created); the demo is written into it, replacing a previous demo there\n',
    });
    expect(existsSync(db)).toBe(false);
  });
});
