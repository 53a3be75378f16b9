import { describe, expect, it } from 'vitest';
import { PhaseTimer, formatPhaseTimes } from '../../src/cli/phase-timer.ts';
import { REAL_LEGACY_CSV, costlens, tempStore } from '../helpers/cli.ts';

describe('ingest --verbose: the wall time of each phase', () => {
  it('a phase runs from its first event to the next phase\'s; phases met again add up; the parts sum to the total', () => {
    let now = 1_000;
    const timer = new PhaseTimer(() => now);
    const at = (ms: number, phase: string) => {
      now = ms;
      timer.mark(phase);
    };
    at(1_040, 'unpack');
    at(1_100, 'map');
    at(1_120, 'parse');
    at(1_500, 'parse'); // the same phase again: nothing changes
    at(1_510, 'map');
    at(1_530, 'parse');
    at(2_030, 'rollups');
    at(2_230, 'commit');
    now = 2_600;
    const times = timer.finish();
    expect(times).toEqual({
      phases: [['start', 40], ['unpack', 60], ['map', 40], ['parse', 890], ['rollups', 200], ['commit', 370]],
      totalMs: 1_600,
    });
    expect(times.phases.reduce((sum, [, ms]) => sum + ms, 0)).toBe(times.totalMs);
    expect(formatPhaseTimes(times)).toBe('time per phase: start 0.04 s, unpack 0.06 s, map 0.04 s, parse 0.89 s, rollups 0.20 s, commit 0.37 s (total 1.60 s)');
  });

  it('the CLI prints one line naming every phase on stderr with --verbose, nothing of it without; stdout is the same', async () => {
    const quiet = await costlens(tempStore().db, 'ingest', REAL_LEGACY_CSV);
    const verbose = await costlens(tempStore().db, 'ingest', REAL_LEGACY_CSV, '--verbose');
    expect([quiet.code, verbose.code]).toEqual([0, 0]);
    expect(verbose.stderr).toMatch(/^costlens ingest: time per phase: start \d+\.\d\d s, unpack \d+\.\d\d s, map \d+\.\d\d s, parse \d+\.\d\d s, rollups \d+\.\d\d s, commit \d+\.\d\d s \(total \d+\.\d\d s\)$/m);
    expect(quiet.stderr).not.toContain('time per phase');
    const withoutIds = (text: string) => text.replace(/ing-\d+-\w+/g, 'ING').replace(/\S+\.duckdb/g, 'STORE');
    expect(withoutIds(verbose.stdout)).toBe(withoutIds(quiet.stdout));
  });
});
