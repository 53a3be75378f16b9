/**
 * The AWS SDK v3 releases costlens pins support Node 20, and tell a Node 20 process once that later
 * releases will need Node 22 (process.emitWarning). That notice is not the user's concern, so the
 * CLI keeps it out of its output (bin/costlens.js sets AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED
 * unless the user set it). The S3 client here talks to a port on 127.0.0.1 that was just closed, and
 * fails fast.
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempStore } from '../helpers/cli.ts';

const ROOT = resolve(__dirname, '../..');
const NOTICE = 'NodeVersionSupportWarning';
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);

/** A loopback port that was free a moment ago: listened on, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as { port: number };
  await new Promise((closed) => server.close(closed));
  return port;
}

/** The environment without the switch, with fake credentials (and S3 pointed at `s3Port` on loopback, when given). */
function envWithoutSwitch(s3Port?: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_REGION: 'us-east-1' };
  if (s3Port !== undefined) env.AWS_ENDPOINT_URL_S3 = `http://127.0.0.1:${s3Port}`;
  delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
  return env;
}

describe('the AWS SDK notice about Node 22', () => {
  it.runIf(NODE_MAJOR < 22)('is printed by the pinned SDK itself on this Node (so the check below can see it)', () => {
    const run = spawnSync(process.execPath, ['-e', "new (require('@aws-sdk/client-s3').S3Client)({ region: 'us-east-1' })"], { cwd: ROOT, encoding: 'utf8', env: envWithoutSwitch() });
    expect(run.stderr).toContain(NOTICE);
  });

  it('stays out of the CLI output when a command calls AWS', async () => {
    const { db } = tempStore();
    const port = await closedPort();
    const run = spawnSync(process.execPath, [join(ROOT, 'bin/costlens.js'), 'ingest', 's3://costlens-test/cur/file.csv', '--db', db], { encoding: 'utf8', env: envWithoutSwitch(port), timeout: 60_000 });
    expect(run.status).toBe(9);
    expect(run.stderr).toMatch(new RegExp(`^costlens: s3 ListObjectsV2 failed after 5 attempts: connect ECONNREFUSED 127\\.0\\.0\\.1:${port}\n`));
    expect(run.stderr).not.toContain(NOTICE);
    expect(run.stdout).not.toContain(NOTICE);
  });
});
