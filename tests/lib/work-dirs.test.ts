/**
 * Work folders a killed costlens left in the temp folder are removed by the next one that makes a
 * folder of the same kind, once their process is gone and nothing has written to them for an hour;
 * nothing else in the temp folder is touched.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeWorkDir, ORPHAN_QUIET_MS, removeOrphanedWorkDirs } from '../../src/lib/work-dirs.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';

/** The id of a process that has ended. */
function endedPid(): number {
  const run = spawnSync(process.execPath, ['-e', '']);
  return run.pid!;
}

function folder(tmp: string, name: string, ageMs: number, entry?: { name: string; ageMs: number }): void {
  const path = join(tmp, name);
  mkdirSync(path);
  if (entry) {
    writeFileSync(join(path, entry.name), 'partly unpacked');
    const at = new Date(Date.now() - entry.ageMs);
    utimesSync(join(path, entry.name), at, at);
  }
  const at = new Date(Date.now() - ageMs);
  utimesSync(path, at, at);
}

describe('work folders', () => {
  const HOUR = ORPHAN_QUIET_MS;

  it('are named by kind and process, in the temp folder', () => {
    const tmp = scratchDir();
    const made = makeWorkDir('ingest', { tmp });
    expect(basename(made)).toMatch(new RegExp(`^costlens-ingest-${process.pid}-[A-Za-z0-9]{6}$`));
    expect(readdirSync(tmp)).toEqual([basename(made)]);
  });

  it('of an ended process, quiet for an hour, are removed with what they hold; the rest stay', () => {
    const tmp = scratchDir();
    const dead = endedPid();
    folder(tmp, `costlens-ingest-${dead}-aaaaaa`, HOUR + 60_000, { name: 'big.csv', ageMs: HOUR + 60_000 });
    folder(tmp, `costlens-ingest-${dead}-bbbbbb`, HOUR + 60_000, { name: 'big.csv', ageMs: 5_000 });
    folder(tmp, `costlens-ingest-${dead}-cccccc`, 5_000);
    folder(tmp, `costlens-ingest-${process.pid}-dddddd`, HOUR + 60_000);
    folder(tmp, `costlens-ingest-${process.ppid}-eeeeee`, HOUR + 60_000);
    folder(tmp, `costlens-ingest-1-iiiiii`, HOUR + 60_000); // process 1 runs, and may not be signalled by this user (EPERM)
    folder(tmp, `costlens-metrics-${dead}-ffffff`, HOUR + 60_000);
    folder(tmp, `costlens-ingest-gggggg`, HOUR + 60_000);
    folder(tmp, `other-ingest-${dead}-hhhhhh`, HOUR + 60_000);

    expect(removeOrphanedWorkDirs('ingest', { tmp })).toEqual([`costlens-ingest-${dead}-aaaaaa`]);
    expect(readdirSync(tmp).sort()).toEqual([
      `costlens-ingest-${dead}-bbbbbb`, // an entry written 5 s ago
      `costlens-ingest-${dead}-cccccc`, // made 5 s ago
      `costlens-ingest-${process.pid}-dddddd`, // this process
      `costlens-ingest-${process.ppid}-eeeeee`, // a process that runs
      `costlens-ingest-1-iiiiii`, // init
      `costlens-ingest-gggggg`, // no process id in its name (an older costlens)
      `costlens-metrics-${dead}-ffffff`, // another kind
      `other-ingest-${dead}-hhhhhh`,
    ].sort());
  });

  it('are swept when the next folder of the kind is made', () => {
    const tmp = scratchDir();
    const dead = endedPid();
    folder(tmp, `costlens-ce-${dead}-aaaaaa`, HOUR + 1_000);
    const made = makeWorkDir('ce', { tmp });
    expect(readdirSync(tmp)).toEqual([basename(made)]);
  });
});
