#!/usr/bin/env node
// Entry point: runs the CLI from its bundle cache (bin/cli-bundle.js), else its TypeScript sources
// through tsx's loader (no build step needed either way).
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundledMain } from './cli-bundle.js';

// costlens pins AWS SDK v3 releases that support Node 20 (see package-lock.json); their notice
// that later releases need Node 22 is not the user's concern, so keep it out of CLI output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// A reader that stops early (`costlens sql ... | head`) closes the pipe: stop quietly, as Unix tools do.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

async function sourceMain() {
  const { register } = await import('tsx/esm/api');
  register();
  return (await import('../src/cli/main.ts')).main;
}

const main = (await bundledMain(dirname(dirname(fileURLToPath(import.meta.url))))) ?? (await sourceMain());
process.exitCode = await main(process.argv.slice(2));
