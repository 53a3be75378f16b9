/**
 * `--engine duckdb|athena` for the analysers: runs their work on the embedded store or on Athena
 * (aws.athena), and after an Athena run reports on stderr what the queries scanned and cost.
 */
import type { Writable } from 'node:stream';
import { formatCall } from '../aws-client/call-log.ts';
import { awsConfigFrom } from '../aws-client/config.ts';
import { choice } from './args.ts';
import { AthenaEngine } from '../engine/athena.ts';
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

/** Runs `work` with the engine `--engine` names (default duckdb) and closes it. */
export async function withChosenEngine<T>(engineFlag: string | undefined, storePath: string, ctx: EngineChoiceContext, work: (engine: Engine) => Promise<T>): Promise<T> {
  if (choice('engine', engineFlag, ['duckdb', 'athena'] as const, 'duckdb') === 'duckdb') return withEngine(storePath, work);
  const engine = AthenaEngine.fromConfig({
    aws: awsConfigFrom(ctx.config),
    env: ctx.env,
    onCall: ctx.verbose ? (call) => ctx.stderr.write(`${formatCall(call)}\n`) : undefined,
  });
  try {
    return await work(engine);
  } finally {
    await engine.close();
    const bytes = engine.costs.reduce((n, c) => n + c.dataScannedBytes, 0);
    const usd = engine.costs.reduce((n, c) => n + c.costUsd, 0);
    if (engine.costs.length) ctx.stderr.write(`athena: ${engine.costs.length} quer${engine.costs.length === 1 ? 'y' : 'ies'}, ${(bytes / 1024 ** 3).toFixed(2)} GiB scanned, $${usd.toFixed(4)}\n`);
  }
}
