/**
 * Appends one line to a report file, creating its folder first: tests/tools/file-cpu.ts writes the
 * first file's CPU line before tests/tools/durations-reporter.ts has written anything, so on a fresh
 * checkout tests/artifacts/ does not exist yet (`npm run test:slowest -- --cpu` failed its first file).
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** Appends `line` and a newline to `file`, creating the folders on its path that do not exist. */
export function appendReportLine(file: string, line: string): void {
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, `${line}\n`);
}
