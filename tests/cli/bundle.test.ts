import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error bin/cli-bundle.js is plain JavaScript without declarations
import { bundleCacheDir, sourceKey } from '../../bin/cli-bundle.js';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { REAL_LEGACY_CSV, tempStore } from '../helpers/cli.ts';

const ROOT = resolve(__dirname, '../..');

function cli(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, [join(ROOT, 'bin/costlens.js'), ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A package root with two sources and esbuild's manifest, as sourceKey reads them. */
function fakeRoot(): string {
  const root = scratchDir();
  mkdirSync(join(root, 'src', 'cli'), { recursive: true });
  mkdirSync(join(root, 'node_modules', 'esbuild'), { recursive: true });
  writeFileSync(join(root, 'src', 'cli', 'main.ts'), 'export const a = 1;\n');
  writeFileSync(join(root, 'src', 'notes.md'), 'not a source\n');
  writeFileSync(join(root, 'node_modules', 'esbuild', 'package.json'), '{"version":"0.28.2"}');
  return root;
}

describe('the CLI bundle cache (bin/cli-bundle.js)', () => {
  it('keys the bundle by every source file and the installed packages: an edit, a touch, a new file or an install gives a new key; other files do not', () => {
    const root = fakeRoot();
    const first = sourceKey(root);
    expect(sourceKey(root)).toBe(first);
    writeFileSync(join(root, 'src', 'notes.md'), 'edited, still not a source\n');
    expect(sourceKey(root)).toBe(first);
    utimesSync(join(root, 'src', 'cli', 'main.ts'), new Date('2026-01-01'), new Date('2026-01-01'));
    const touched = sourceKey(root);
    expect(touched).not.toBe(first);
    writeFileSync(join(root, 'src', 'cli', 'extra.ts'), 'export {};\n');
    const added = sourceKey(root);
    expect(added).not.toBe(touched);
    // The bundle holds the npm packages too: an install (npm rewrites node_modules/.package-lock.json) gives a new key.
    writeFileSync(join(root, 'node_modules', '.package-lock.json'), '{"packages":{}}');
    expect(sourceKey(root)).not.toBe(added);
  });

  it('gives a checkout that shares node_modules (a symlink) a bundle of its own, which reads that checkout\'s queries', () => {
    const copy = scratchDir();
    for (const part of ['package.json', 'bin', 'src', 'queries']) cpSync(join(ROOT, part), join(copy, part), { recursive: true, preserveTimestamps: true });
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    expect(sourceKey(copy)).not.toBe(sourceKey(ROOT));
    mkdirSync(join(copy, 'queries', 'copy_only'));
    writeFileSync(join(copy, 'queries', 'copy_only', 'checkout_marker.sql'), '-- A query only the copy holds.\n-- @returns marker INTEGER\nSELECT 1 AS marker\n');
    const run = spawnSync(process.execPath, [join(copy, 'bin/costlens.js'), 'query', '--list'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('copy_only/checkout_marker');
    expect(existsSync(join(bundleCacheDir(ROOT), `cli-${sourceKey(copy)}`, 'main.js'))).toBe(true);
  });

  it('runs the bundle of the current sources, with the same output as the sources through tsx', () => {
    const { db } = tempStore();
    expect(cli(['ingest', REAL_LEGACY_CSV, '--db', db, '--no-progress']).code).toBe(0);
    const bundled = cli(['attribute', '--tag', 'user:name', '--period', '2023-11', '--format', 'csv', '--db', db]);
    expect(existsSync(join(bundleCacheDir(ROOT), `cli-${sourceKey(ROOT)}`, 'main.js'))).toBe(true);
    const fromSources = cli(['attribute', '--tag', 'user:name', '--period', '2023-11', '--format', 'csv', '--db', db], { COSTLENS_NO_BUNDLE: '1' });
    expect(bundled.code).toBe(0);
    expect(bundled.stdout).toBe(fromSources.stdout);
    expect(bundled.stdout.split('\r\n')[0]).toMatch(/^period,/);
  });
});
