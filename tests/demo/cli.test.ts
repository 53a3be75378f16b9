import { rm } from 'node:fs/promises';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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

  it('refuses an --out that cannot be a folder with a usage error naming it (exit 2), before writing anything; it was an "unexpected error … this is a bug"', async () => {
    const cwd = await tempDir('cli');
    dirs.push(cwd);
    writeFileSync(join(cwd, 'notes.txt'), 'kept\n');
    writeFileSync(join(cwd, 'data'), 'kept\n');
    const hint = 'give a folder, existing or not (it is created); the demo is written into it, replacing a previous demo there';
    const refusal = async (args: string[]) => {
      const ctx = context(cwd);
      const error = await demoCommand.run(args, ctx).then(() => undefined, (e: unknown) => e);
      expect(ctx.err()).toBe('');
      return error instanceof CostlensError ? { code: error.code, exit: error.exitCode, message: error.message, hint: error.hint } : error;
    };
    expect(await refusal(['--out', 'notes.txt'])).toEqual({
      code: 'usage', exit: 2, message: `demo: --out notes.txt cannot be the folder for the demo: EEXIST: file already exists, mkdir '${join(cwd, 'notes.txt')}'`, hint,
    });
    expect(await refusal(['--out', 'notes.txt/demo'])).toEqual({
      code: 'usage', exit: 2, message: `demo: --out notes.txt/demo cannot be the folder for the demo: ENOTDIR: not a directory, mkdir '${join(cwd, 'notes.txt', 'demo')}'`, hint,
    });
    // Without --out: its default data/demo, here through the file data.
    expect(await refusal([])).toEqual({
      code: 'usage', exit: 2, message: `demo: --out data/demo (the default) cannot be the folder for the demo: ENOTDIR: not a directory, mkdir '${join(cwd, 'data', 'demo')}'`, hint,
    });
    expect([readFileSync(join(cwd, 'notes.txt'), 'utf8'), readFileSync(join(cwd, 'data'), 'utf8')]).toEqual(['kept\n', 'kept\n']);
  });
});
