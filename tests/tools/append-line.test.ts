/**
 * The CPU report's lines (tests/tools/file-cpu.ts) are appended through appendReportLine, which
 * creates the report's folder: on a fresh checkout `npm run test:slowest -- --cpu` failed its first
 * file with ENOENT on tests/artifacts/test-durations.cpu.jsonl, the folder not being there yet.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { appendReportLine } from './append-line.ts';

it('appends to a report whose folder does not exist yet, then after its lines', () => {
  const report = join(scratchDir(), 'tests', 'artifacts', 'test-durations.cpu.jsonl');
  appendReportLine(report, '{"file":"a.test.ts","self":1,"children":0}');
  appendReportLine(report, '{"file":"b.test.ts","self":2,"children":0}');
  expect(readFileSync(report, 'utf8')).toBe('{"file":"a.test.ts","self":1,"children":0}\n{"file":"b.test.ts","self":2,"children":0}\n');
});
