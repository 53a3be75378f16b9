import { copyFileSync, mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REAL_FOCUS, REAL_LEGACY_CSV, costlens, tempStore } from '../helpers/cli.ts';

interface Summary {
  periods: { rows: number }[];
  ignoredFiles: string[];
}

describe('symbolic links in an ingested folder: followed inside it, listed with the reason otherwise', () => {
  it('a link to a file in the folder is read once; links outside, to folders, or broken are listed as ignored', async () => {
    const { dir, db } = tempStore();
    const root = join(dir, 'delivery');
    mkdirSync(join(root, 'data'), { recursive: true });
    copyFileSync(REAL_LEGACY_CSV, join(root, 'data', 'cur.csv'));
    symlinkSync(join(root, 'data', 'cur.csv'), join(root, 'latest.csv'));
    symlinkSync(REAL_FOCUS, join(root, 'focus.csv'));
    symlinkSync('data', join(root, 'archive'));
    symlinkSync('nowhere.csv', join(root, 'broken.csv'));
    const run = await costlens(db, 'ingest', root, '--json');
    expect(run.stderr).toBe('');
    const summary = JSON.parse(run.stdout) as Summary;
    expect(summary.periods.map((p) => p.rows)).toEqual([1281]);
    expect(summary.ignoredFiles).toEqual([
      `${join(root, 'archive')} (a symbolic link to the folder ${join(root, 'data')}, whose files are read where they are)`,
      `${join(root, 'broken.csv')} (a symbolic link whose target does not exist)`,
      `${join(root, 'focus.csv')} (a symbolic link to ${realpathSync(REAL_FOCUS)}, outside ${root}: not followed)`,
      `${join(root, 'latest.csv')} (the same file as ${join(root, 'data', 'cur.csv')}, read once)`,
    ]);
  });

  it('a data name linking to a file that would not be read by its own name (hidden) is followed', async () => {
    const { dir, db } = tempStore();
    const root = join(dir, 'delivery');
    mkdirSync(root);
    copyFileSync(REAL_LEGACY_CSV, join(root, '.cur-staged'));
    symlinkSync('.cur-staged', join(root, 'cur.csv'));
    const summary = JSON.parse((await costlens(db, 'ingest', root, '--json')).stdout) as Summary;
    expect(summary.periods.map((p) => p.rows)).toEqual([1281]);
    expect(summary.ignoredFiles).toEqual([`${join(root, '.cur-staged')} (the same file as ${join(root, 'cur.csv')}, read once)`]);
  });

  it('a folder whose only data file is a link leading outside names it, and says so in its hint', async () => {
    const { dir, db } = tempStore();
    const root = join(dir, 'links-only');
    mkdirSync(root);
    symlinkSync(REAL_LEGACY_CSV, join(root, 'cur.csv'));
    const run = await costlens(db, 'ingest', root);
    expect([run.code, run.stderr]).toEqual([4, [
      `costlens: ${root}: no billing, metrics, inventory or business metrics files found in this folder: 1 file not read: `
        + `cur.csv (a symbolic link to ${realpathSync(REAL_LEGACY_CSV)}, outside ${root}: not followed)`,
      '  hint: symbolic links that leave the folder are not followed: give their targets directly',
      '',
    ].join('\n')]);
  });
});
