import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { vi } from 'vitest';
import { AwsClientFactory } from '../../src/aws-client/clients.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import type { Command } from '../../src/cli/command.ts';
import { reportError } from '../../src/cli/main.ts';
import type { AwsCall } from '../../src/aws-client/call-log.ts';
import { awsConfigSchema, type AwsConfig } from '../../src/aws-client/config.ts';
import { FakeAws, type FakeService } from '../fakes/aws/server.ts';

/**
 * Starts the fake and points the SDK at it through the process environment, as a user would:
 * AWS_ENDPOINT_URL, a region, the fixed fake keys, and no shared config files or IMDS.
 */
export async function startFakeAws(services: FakeService[]): Promise<FakeAws> {
  const fake = await FakeAws.start(services, { lifetimeMs: 300_000 });
  const empty = join(scratchDir(), 'none');
  const env = { ...fake.env(), AWS_SHARED_CREDENTIALS_FILE: empty, AWS_CONFIG_FILE: empty, AWS_PROFILE: '' };
  for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
  return fake;
}

/** An `aws` config with fast retries (1 ms base delay) and any overrides. */
export function fastAwsConfig(overrides: Record<string, unknown> = {}): AwsConfig {
  return awsConfigSchema.parse({ retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 }, ...overrides });
}

/** A client factory on the current environment that records every call. */
export function recordingFactory(config: AwsConfig = fastAwsConfig()): { factory: AwsClientFactory; calls: AwsCall[] } {
  const calls: AwsCall[] = [];
  const factory = new AwsClientFactory({ config, env: process.env, onCall: (call) => calls.push(call) });
  return { factory, calls };
}

/** Writes a costlens.config.json in a fresh folder and returns its path. */
export function writeConfig(config: Record<string, unknown>): string {
  const path = join(scratchDir(), 'costlens.config.json');
  writeFileSync(path, JSON.stringify(config));
  return path;
}

/** Runs one command object as the CLI would (errors printed as main() prints them); captures its output. */
export async function runCommand(command: Command, db: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) => new Writable({ write(chunk, _encoding, done) { into.push(String(chunk)); done(); } });
  const ctx = { stdout: sink(out), stderr: sink(err), env: { ...env, COSTLENS_DB: db }, cwd: process.cwd() };
  let code: number;
  try {
    code = await command.run(args, ctx);
  } catch (error) {
    code = reportError(error, ctx);
  }
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** Exact sum of decimal strings (10 places), for independent reconciliation. */
export function sumDecimals(values: string[]): string {
  const scale = 10n ** 10n;
  const units = values.reduce((sum, v) => {
    const negative = v.startsWith('-');
    const [whole, fraction = ''] = v.replace('-', '').split('.');
    const n = BigInt(whole || '0') * scale + BigInt((fraction + '0000000000').slice(0, 10));
    return sum + (negative ? -n : n);
  }, 0n);
  const abs = units < 0n ? -units : units;
  return `${units < 0n ? '-' : ''}${abs / scale}.${(abs % scale).toString().padStart(10, '0')}`;
}
