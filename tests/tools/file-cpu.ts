/**
 * A setup file that, when `COSTLENS_TEST_CPU` names a file, appends one JSON line per test file
 * with the CPU milliseconds its worker spent on it (`self`) and in the child processes it waited
 * for (`children`: the CLIs and servers it spawned; not the grandchildren a child leaves to init, such
 * as Chromium's), for `npm run test:slowest -- --cpu`. The file is evaluated again before every
 * test file (setup files are, even with `isolate: false`), so its first lines mark the file's start.
 */
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { afterAll, expect } from 'vitest';
import { appendReportLine } from './append-line.ts';

const out = process.env.COSTLENS_TEST_CPU;
const ticksPerSecond = 100;

/** CPU milliseconds of the child processes this one has waited for (Linux's /proc; 0 elsewhere). */
function childrenMs(): number {
  if (!existsSync('/proc/self/stat')) return 0;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / ticksPerSecond;
}

if (out) {
  const self = process.cpuUsage();
  const children = childrenMs();
  afterAll(() => {
    const used = process.cpuUsage(self);
    const line = { file: relative(process.cwd(), expect.getState().testPath ?? ''), self: Math.round((used.user + used.system) / 1000), children: Math.round(childrenMs() - children) };
    appendReportLine(out, JSON.stringify(line));
  });
}
