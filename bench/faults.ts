/**
 * bench/faults: kill -9 at random moments, then check nothing was lost or doubled.
 *
 * - Ingests: a store holding the real FOCUS sample (1,000 rows) is given the real legacy CUR
 *   sample (1,281 lines, a new source) and the FOCUS sample again (replacing its period) by
 *   `costlens ingest` in a process of its own, killed with SIGKILL after a random delay (uniform
 *   over the duration of the latest whole ingest, start-up included). The store
 *   must open and its totals (lines, BilledCost and EffectiveCost per source and period, the ingest
 *   records, the rollups) must equal exactly those before or those after the ingest. Every tenth
 *   trial then reruns the ingest, which must reach the after state's data (its records list one
 *   ingest more when the killed one had finished).
 * - Report sends: see bench/faults-send.ts.
 *
 * Usage: node bin/run-ts.js bench/faults.ts [--trials 100] [--seed N]
 * Half the trials are ingests, half report sends. Prints the figures; exits 1 if a store was not
 * intact, a message was sent twice or one was lost.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openStore } from '../src/store/open.ts';
import { runSendTrials } from './faults-send.ts';

const { values } = parseArgs({ options: { trials: { type: 'string', default: '100' }, seed: { type: 'string' } } });
const trials = Number(values.trials);
if (!Number.isInteger(trials) || trials < 2) throw new Error(`--trials must be an integer ≥ 2; got ${values.trials}`);
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const root = resolve(import.meta.dirname, '..');
const real = resolve(root, '../shared/data/real');
const out = join(root, 'bench/out/faults');
const BIN = join(root, 'bin/costlens.js');

/** A small deterministic generator (mulberry32), so a seed replays the same delays. */
function randomFrom(start: number): () => number {
  let a = start >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs the CLI; with `killAfterMs`, sends SIGKILL then. Resolves with whether it was killed and how long it ran. */
function runCli(args: string[], killAfterMs?: number): Promise<{ killed: boolean; code: number | null; ms: number; stderr: string }> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c) => { stderr += String(c); });
  let killed = false;
  const timer = killAfterMs === undefined ? undefined : setTimeout(() => { killed = child.kill('SIGKILL'); }, killAfterMs);
  return new Promise((done) => child.once('close', (code) => {
    clearTimeout(timer);
    done({ killed, code, ms: performance.now() - started, stderr });
  }));
}

/**
 * Everything an ingest changes, summed exactly (decimals as text). `withRecords: false` leaves out
 * the ingest records, which grow with every ingest (an audit trail) even when the data is the same.
 */
async function fingerprint(db: string, withRecords = true): Promise<string> {
  const store = await openStore(db, { readOnly: true });
  try {
    const parts: unknown[] = [];
    for (const sql of [
      `SELECT x_Source, x_BillingPeriod, count(*), CAST(sum(BilledCost) AS VARCHAR), CAST(sum(EffectiveCost) AS VARCHAR) FROM line_items GROUP BY 1, 2 ORDER BY 1, 2`,
      withRecords ? `SELECT source, billing_period, target_table, rows, CAST(billed_cost AS VARCHAR), status FROM ingests ORDER BY 1, 2, 3, 4` : 'SELECT 0',
      `SELECT count(*), sum(lines), CAST(sum(billed_cost) AS VARCHAR) FROM daily_spend`,
      `SELECT count(*), sum(lines), CAST(sum(effective_cost) AS VARCHAR) FROM usage_daily`,
      `SELECT count(*) FROM tag_spend_daily`,
      `SELECT count(*) FROM tag_sets`,
    ]) {
      parts.push((await store.connection.runAndReadAll(sql)).getRows().map((r) => r.map(String)));
    }
    return JSON.stringify(parts);
  } finally {
    store.close();
  }
}

function freshCopy(template: string, db: string): void {
  for (const name of readdirSync(out)) if (name.startsWith(`${db.split('/').pop()}`)) rmSync(join(out, name), { recursive: true, force: true });
  copyFileSync(template, db);
}

/** The ingest trials; returns how many stores were intact. */
async function runIngestTrials(count: number, random: () => number): Promise<{ intact: number; rerunsFailed: number; lines: string[] }> {
  const before = join(out, 'ingest-before.duckdb');
  const after = join(out, 'ingest-after.duckdb');
  const trial = join(out, 'ingest-trial.duckdb');
  const input = [join(real, 'cur-legacy-anonymous-2023-11.csv'), join(real, 'focus-1.0-sample.csv')];
  for (const path of [before, after]) rmSync(path, { force: true }), rmSync(`${path}.periods`, { recursive: true, force: true });
  const first = await runCli(['ingest', join(real, 'focus-1.0-sample.csv'), '--db', before, '--no-progress']);
  if (first.code !== 0) throw new Error(`ingest of the starting store failed: ${first.stderr}`);
  copyFileSync(before, after);
  const full = await runCli(['ingest', ...input, '--db', after, '--no-progress']);
  if (full.code !== 0) throw new Error(`the reference ingest failed: ${full.stderr}`);
  const [beforeState, afterState, afterData] = [await fingerprint(before), await fingerprint(after), await fingerprint(after, false)];
  if (beforeState === afterState) throw new Error('the reference ingest changed nothing');
  process.stderr.write(`ingest: a full run takes ${Math.round(full.ms)} ms; ${count} trials killed uniformly within it …\n`);

  let span = full.ms;
  let intact = 0;
  let asBefore = 0;
  let asAfter = 0;
  let finished = 0;
  let reruns = 0;
  let rerunsGood = 0;
  const problems: string[] = [];
  for (let i = 0; i < count; i++) {
    freshCopy(before, trial);
    const delay = Math.floor(random() * span);
    const run = await runCli(['ingest', ...input, '--db', trial, '--no-progress'], delay);
    if (!run.killed) {
      finished++;
      span = run.ms;
    }
    let state: string | null = null;
    try {
      state = await fingerprint(trial);
    } catch (error) {
      problems.push(`trial ${i} (kill at ${delay} ms): the store does not open: ${(error as Error).message}`);
    }
    if (state === beforeState) asBefore++;
    else if (state === afterState) asAfter++;
    else if (state !== null) problems.push(`trial ${i} (kill at ${delay} ms): totals equal neither the before nor the after state`);
    if (state === beforeState || state === afterState) intact++;
    if (i % 10 === 9) {
      reruns++;
      const again = await runCli(['ingest', ...input, '--db', trial, '--no-progress']);
      if (again.code === 0) span = again.ms;
      if (again.code === 0 && (await fingerprint(trial, false)) === afterData) rerunsGood++;
      else problems.push(`trial ${i}: the ingest rerun after the kill did not reach the after state's data (exit ${again.code}): ${again.stderr.split('\n')[0]}`);
    }
    process.stderr.write(`\ringest trials: ${i + 1}/${count}`);
  }
  process.stderr.write('\n');
  for (const p of problems) process.stderr.write(`PROBLEM: ${p}\n`);
  return {
    intact,
    rerunsFailed: reruns - rerunsGood,
    lines: [
      `ingests: ${count} trials (a whole run ${(full.ms / 1000).toFixed(1)} s at the start, ${(span / 1000).toFixed(1)} s at the end), stores intact ${intact}: ${asBefore} as before, ${asAfter} as after (${finished} finished before their kill); ${rerunsGood} of ${reruns} reruns after a kill reached the after state's data`,
    ],
  };
}

mkdirSync(out, { recursive: true });
const started = performance.now();
const random = randomFrom(seed);
const ingestCount = Math.ceil(trials / 2);
const sendCount = trials - ingestCount;
const ingest = await runIngestTrials(ingestCount, random);
const send = await runSendTrials(sendCount, random, join(out, 'send'));
const seconds = Math.round((performance.now() - started) / 1000);
const intact = ingest.intact + send.intact;
const lines = [
  `bench/faults: ${trials} kill -9 trials, seed ${seed}, ${seconds} s`,
  ...ingest.lines,
  ...send.lines,
  `trials ${trials}, stores intact ${intact}, duplicates sent ${send.duplicates}, messages lost ${send.lost}`,
];
process.stdout.write(`${lines.join('\n')}\n`);
process.exitCode = intact === trials && send.duplicates === 0 && send.lost === 0 && ingest.rerunsFailed === 0 ? 0 : 1;
