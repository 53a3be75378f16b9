import { rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { demoCommand } from '../../src/cli/demo.ts';
import type { CommandContext } from '../../src/cli/command.ts';
import { CostlensError } from '../../src/errors.ts';
import { tempDir } from './helpers.ts';

function context(cwd: string): CommandContext & { out: () => string; err: () => string } {
  const sink = () => {
    const chunks: string[] = [];
    const w = new Writable({ write(chunk, _enc, cb) { chunks.push(String(chunk)); cb(); } });
    return { w, text: () => chunks.join('') };
  };
  const o = sink();
  const e = sink();
  return { stdout: o.w, stderr: e.w, env: {}, cwd, out: o.text, err: e.text };
}

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('costlens demo command', () => {
  it.each([
    [['--months', '0']],
    [['--months', 'x']],
    [['--scale', 'abc']],
    [['--scale', '0']],
    [['--seed', '-1']],
    [['--as-of', '2026-13-01']],
    [['--as-of', 'yesterday']],
    [['--bogus']],
    [['extra-positional']],
  ])('rejects %j with a usage error', async (args) => {
    const ctx = context(process.cwd());
    await expect(demoCommand.run(args, ctx)).rejects.toSatisfy((e: unknown) => e instanceof CostlensError && e.code === 'usage');
  });

  it('writes the demo into --out, prints a summary on stdout and progress on stderr, and replaces a previous demo', async () => {
    const cwd = await tempDir('cli');
    dirs.push(cwd);
    const args = ['--out', 'demo-out', '--months', '1', '--scale', '0.2', '--as-of', '2026-11-15', '--seed', '3'];
    const ctx = context(cwd);
    expect(await demoCommand.run(args, ctx)).toBe(0);
    expect(ctx.out()).toMatch(/2026-11\s+\d+ line items\s+BilledCost \d+\.\d+ USD/);
    expect(ctx.err()).toContain('demo: ');
    expect(existsSync(join(cwd, 'demo-out', 'truth.json'))).toBe(true);
    const again = context(cwd);
    expect(await demoCommand.run(args, again)).toBe(0);
    expect(again.out().split('\n')[1]).toBe(ctx.out().split('\n')[1]);
  });
});
