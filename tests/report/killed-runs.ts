/**
 * Processes the crash-safety tests kill with SIGKILL, and the moments they kill them at: the CLI
 * itself, or the report's send phase alone (send-child.ts) started ahead of time so that its
 * start-up overlaps the trial before; and a wait for what a run's send journal records, so a kill
 * lands right after a step without sleeping a fixed time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import { listJournals, readJournal, type JournalEvent } from '../../src/report/ledger-journal.ts';

const ROOT = resolve(__dirname, '../..');

/** A started process, its stderr gathered as it comes. */
export interface Started {
  child: ChildProcess;
  stderr: () => string;
  /** Resolves with the exit code and signal once the process has ended. */
  ended: Promise<[number | null, NodeJS.Signals | null]>;
}

/** Starts `node ARGS` in the repository with the extra environment; stdin is a pipe (send-child.ts reads its job there). */
export function start(args: string[], env: Record<string, string> = {}): Started {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c) => { stderr += String(c); });
  child.stdout!.resume();
  const ended = new Promise<[number | null, NodeJS.Signals | null]>((done) => child.once('close', (c, s) => done([c, s])));
  return { child, stderr: () => stderr, ended };
}

/**
 * Waits for `started` to be killed by `arm` (called with a kill function); fails if it ends on its
 * own or is not killed within the bound.
 */
export async function untilKilled(started: Started, arm: (kill: () => void) => void): Promise<{ stderr: string }> {
  let killed = false;
  arm(() => {
    if (!killed) {
      killed = true;
      started.child.kill('SIGKILL');
    }
  });
  const timer = setTimeout(() => started.child.kill('SIGKILL'), 100_000);
  const [code, signal] = await started.ended;
  clearTimeout(timer);
  arm(() => undefined);
  if (!killed) throw new Error(`the process ended (code ${code}, signal ${signal}) before the moment to kill it: ${started.stderr()}`);
  expect(signal).toBe('SIGKILL');
  return { stderr: started.stderr() };
}

/** Runs `node ARGS` until `arm` kills it (see {@link untilKilled}). */
export function runUntilKilled(args: string[], env: Record<string, string>, arm: (kill: () => void) => void): Promise<{ stderr: string }> {
  const started = start(args, env);
  started.child.stdin!.end();
  return untilKilled(started, arm);
}

/**
 * Resolves once a send journal beside the store holds an event for which `match` is true (the run
 * has recorded that step and acts on it next); polls every 5 ms, gives up (false) after `timeoutMs`.
 */
export async function journalled(storePath: string, match: (event: JournalEvent) => boolean, timeoutMs = 60_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const path of listJournals(storePath)) {
      try {
        if (readJournal(path).events.some(match)) return true;
      } catch {
        // removed between listing and reading: look again
      }
    }
    await sleep(5);
  }
  return false;
}
