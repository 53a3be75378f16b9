#!/usr/bin/env node
// Lists the slowest test files: `npm run test:slowest [-- vitest args]` runs the suite with
// tests/tools/durations-reporter.ts beside the default reporter and prints the files by time;
// `npm run test:slowest -- --from FILE` prints an earlier run's report without running anything;
// `--write-order` also writes the report's seconds per file to tests/file-durations.json, the order
// the suite runs its files in (tests/tools/slowest-first.ts); `--cpu` also records each file's
// CPU seconds (its worker's and its waited-for child processes', tests/tools/file-cpu.ts) and lists
// the files by CPU, what the suite's time follows on a machine whose cores it keeps busy.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const writeOrder = process.argv.includes('--write-order');
const cpu = process.argv.includes('--cpu');
const args = process.argv.slice(2).filter((a) => a !== '--write-order' && a !== '--cpu');
const fromIndex = args.indexOf('--from');
const report = resolve(fromIndex >= 0 ? args[fromIndex + 1] : process.env.COSTLENS_TEST_DURATIONS ?? 'tests/artifacts/test-durations.json');
const cpuReport = report.replace(/\.json$/, '') + '.cpu.jsonl';
let status = 0;
if (fromIndex < 0) {
  if (cpu) rmSync(cpuReport, { force: true });
  const run = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=./tests/tools/durations-reporter.ts', ...args], {
    stdio: 'inherit',
    env: { ...process.env, COSTLENS_TEST_DURATIONS: report, ...(cpu ? { COSTLENS_TEST_CPU: cpuReport } : {}) },
  });
  status = run.status ?? 1;
}
const { wallMs, files } = JSON.parse(readFileSync(report, 'utf8'));
const top = Number(process.env.COSTLENS_SLOWEST ?? 20);
const seconds = (ms) => (ms / 1000).toFixed(1).padStart(7);
const sum = files.reduce((total, f) => total + f.total, 0);
console.log(`\nslowest test files (of ${files.length}; wall ${seconds(wallMs).trim()} s, worker time ${seconds(sum).trim()} s; report ${report})`);
console.log(`${'total s'.padStart(7)} ${'import'.padStart(7)} ${'run'.padStart(7)}  file`);
for (const f of [...files].sort((a, b) => b.total - a.total).slice(0, top)) {
  console.log(`${seconds(f.total)} ${seconds(f.import)} ${seconds(f.run)}  ${f.file}${f.state === 'passed' ? '' : ` (${f.state})`}`);
}
if (cpu && existsSync(cpuReport)) {
  const used = readFileSync(cpuReport, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  const total = (f) => f.self + f.children;
  const all = used.reduce((n, f) => n + total(f), 0);
  console.log(`\nby CPU (of ${used.length} files; ${seconds(all).trim()} CPU-s in test files; report ${cpuReport})`);
  console.log(`${'cpu s'.padStart(7)} ${'worker'.padStart(7)} ${'child'.padStart(7)}  file`);
  for (const f of used.sort((a, b) => total(b) - total(a)).slice(0, top)) {
    console.log(`${seconds(total(f))} ${seconds(f.self)} ${seconds(f.children)}  ${f.file}`);
  }
}
if (writeOrder) {
  const order = Object.fromEntries([...files].sort((a, b) => b.total - a.total).map((f) => [f.file, Math.round(f.total / 100) / 10]));
  writeFileSync(resolve('tests/file-durations.json'), `${JSON.stringify(order, null, 1)}\n`);
  console.log(`wrote tests/file-durations.json (${files.length} files)`);
}
process.exitCode = status;
