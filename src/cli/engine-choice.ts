/**
 * `--engine duckdb|athena` for the analysers: runs their work on the embedded store or on Athena
 * (aws.athena), and after an Athena run reports on stderr what the queries scanned and cost.
 * While an Athena query waits in QUEUED or RUNNING, a progress line goes to stderr every
 * aws.athena.progressSeconds; SIGINT or SIGTERM during the run stops every query it started
 * that is still running (StopQueryExecution, within 5 s), prints what was stopped and scanned,
 * and exits 130 or 143.
 */
import type { Writable } from 'node:stream';
import { formatCall } from '../aws-client/call-log.ts';
import { awsConfigFrom } from '../aws-client/config.ts';
import { terminalSafe } from '../lib/control-chars.ts';
import { choice } from './args.ts';
import { AthenaEngine, type AthenaQueryCost } from '../engine/athena.ts';
import type { AthenaProgress } from '../engine/athena-client.ts';
import { withEngine } from '../engine/duckdb-engine.ts';
import type { Engine } from '../engine/engine.ts';

export interface EngineChoiceContext {
  /** The loaded costlens config (its `aws` section is read). */
  config: object;
  env: NodeJS.ProcessEnv;
  stderr: Writable;
  /** Log every AWS call on stderr. */
  verbose?: boolean;
}

/** The conventional exit codes of a process ended by a signal: 128 + its number. */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;
type StopSignal = keyof typeof SIGNAL_EXIT;

/** `1.2 GB`, `340.5 MB`: decimal units, as the other progress lines print sizes. */
function size(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${(bytes / 1e6).toFixed(1)} MB`;
}

/** `athena: forecast/daily RUNNING for 20 s, 1.2 GB scanned so far`. */
function progressLine(p: AthenaProgress): string {
  return `athena: ${terminalSafe(p.label ?? p.queryExecutionId)} ${p.state} for ${Math.round(p.elapsedMs / 1000)} s, ${size(p.dataScannedBytes)} scanned so far\n`;
}

/** `athena: 3 queries, 1.20 GiB scanned, $0.0059`. */
function summaryLine(costs: AthenaQueryCost[]): string {
  const bytes = costs.reduce((n, c) => n + c.dataScannedBytes, 0);
  const usd = costs.reduce((n, c) => n + c.costUsd, 0);
  return `athena: ${costs.length} quer${costs.length === 1 ? 'y' : 'ies'}, ${(bytes / 1024 ** 3).toFixed(2)} GiB scanned, $${usd.toFixed(4)}`;
}

/** Runs `work` with the engine `--engine` names (default duckdb) and closes it. */
export async function withChosenEngine<T>(engineFlag: string | undefined, storePath: string, ctx: EngineChoiceContext, work: (engine: Engine) => Promise<T>): Promise<T> {
  if (choice('engine', engineFlag, ['duckdb', 'athena'] as const, 'duckdb') === 'duckdb') return withEngine(storePath, work);
  const engine = AthenaEngine.fromConfig({
    aws: awsConfigFrom(ctx.config),
    env: ctx.env,
    onCall: ctx.verbose ? (call) => ctx.stderr.write(`${formatCall(call)}\n`) : undefined,
    onProgress: (p) => ctx.stderr.write(progressLine(p)),
  });
  // An interrupted run stops its queries and exits from here; the work, whose queries now fail
  // as CANCELLED, waits for that instead of reporting an error.
  let stopping: Promise<never> | undefined;
  const onSignal = (signal: StopSignal) => {
    if (stopping) process.exit(SIGNAL_EXIT[signal]); // a second Ctrl-C: at once
    ctx.stderr.write(`athena: ${signal} received, stopping the queries this run started\n`);
    stopping = engine.interrupt().then((stopped) => {
      for (const q of stopped) {
        ctx.stderr.write(q.error
          ? `athena: could not stop query ${q.queryExecutionId} (${terminalSafe(q.error)}); it may still be running: stop it in the Athena console\n`
          : `athena: stopped query ${q.queryExecutionId} (interrupted)\n`);
      }
      const costs = [...engine.costs, ...stopped];
      if (costs.length) ctx.stderr.write(`${summaryLine(costs)} (interrupted; scanned so far)\n`);
      return process.exit(SIGNAL_EXIT[signal]);
    });
  };
  const onSigint = () => onSignal('SIGINT');
  const onSigterm = () => onSignal('SIGTERM');
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  try {
    let result: T;
    try {
      result = await work(engine);
    } catch (error) {
      await stopping;
      throw error;
    }
    await stopping;
    return result;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
    await engine.close();
    if (engine.costs.length) ctx.stderr.write(`${summaryLine(engine.costs)}\n`);
  }
}
