import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsvLine } from '../../src/lib/csv.ts';
import { REAL_FOCUS, REAL_LEGACY_CSV, costlens, tempStore } from '../helpers/cli.ts';

/**
 * A refused ingest loses nothing and leaves nothing: into a store that did not exist it makes no
 * catalogue, no `.periods` folder and no folder for the store; into an existing store it leaves
 * every file of it (the catalogue and its `.periods` folder) byte for byte as it was. The files
 * are refused at each stage: while mapped (a missing column), while staged (malformed Tags JSON),
 * after staging (a required value empty, a second currency).
 */

const csvField = (field: string) => (/[",\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field);

/** Every file and folder under `dir` whose name starts with `prefix`, with each file's SHA-256: the store as bytes. */
function snapshot(dir: string, prefix: string): string[] {
  const entries: string[] = [];
  const walk = (path: string) => {
    const rel = relative(dir, path);
    if (statSync(path).isDirectory()) {
      entries.push(`${rel}/`);
      for (const name of readdirSync(path).sort()) walk(join(path, name));
    } else {
      entries.push(`${rel} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`);
    }
  };
  for (const name of readdirSync(dir).sort()) if (name.startsWith(prefix)) walk(join(dir, name));
  return entries;
}

describe('a refused ingest leaves nothing behind', () => {
  const { dir } = tempStore();
  const focus = readFileSync(REAL_FOCUS, 'utf8').split('\n').filter((l) => l.length > 0);
  const header = parseCsvLine(focus[0]);
  const bad: Record<string, string> = {};

  /** The FOCUS sample's first six lines, line 2 changed by `edit`. */
  function focusFile(name: string, edit: (row: Record<string, string>) => void): string {
    const rows = focus.slice(1, 7).map((line) => Object.fromEntries(parseCsvLine(line).map((v, i) => [header[i], v])));
    edit(rows[0]);
    const path = join(dir, name);
    writeFileSync(path, [header, ...rows.map((r) => header.map((h) => r[h]))].map((f) => f.map(csvField).join(',')).join('\n') + '\n');
    return path;
  }

  beforeAll(() => {
    bad.json = focusFile('bad-json.csv', (r) => (r.Tags = '{"team": web}'));
    bad.empty = focusFile('empty-period.csv', (r) => (r.BillingPeriodStart = ''));
    bad.euro = focusFile('euro.csv', (r) => (r.BillingCurrency = 'EUR'));
    bad.missing = join(dir, 'no-cost.csv');
    writeFileSync(bad.missing, focus.slice(0, 7).map((l) => parseCsvLine(l).filter((_, i) => header[i] !== 'BilledCost').map(csvField).join(',')).join('\n') + '\n');
  });

  it.each([
    ['malformed Tags JSON (refused while staged)', 'json', 'bad-json.csv:2: column "Tags"'],
    ['an empty BillingPeriodStart (refused after staging)', 'empty', 'empty-period.csv:2: column "BillingPeriodStart" is empty'],
    ['lines in two currencies (refused before the write)', 'euro', 'euro.csv: lines in 2 billing currencies'],
    ['a missing column (refused while mapped)', 'missing', 'no-cost.csv: read as FOCUS (CSV), but the column "BilledCost" is missing'],
  ])('%s into a store that did not exist, in a folder that did not exist: no store, no .periods folder, no folder', async (_what, key, message) => {
    const parent = join(dir, `new-${key}`);
    const db = join(parent, 'deeper', 'store.duckdb');
    const before = readdirSync(dir).sort();
    const run = await costlens(db, 'ingest', bad[key]);
    expect(run.code).toBe(4);
    expect(existsSync(parent)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(run.stderr.split('\n')[0]).toContain(message);
  });

  it('into a new store in an existing folder: nothing named after the store is left (the catalogue, its .periods folder, its lock)', async () => {
    const { dir: folder, db } = tempStore();
    const run = await costlens(db, 'ingest', bad.json);
    expect(run.code).toBe(4);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('into an existing store: the catalogue and every period file are byte for byte as they were, and so is the listing', async () => {
    const { dir: folder, db } = tempStore();
    expect((await costlens(db, 'ingest', REAL_LEGACY_CSV)).code).toBe(0);
    expect((await costlens(db, 'ingest', REAL_FOCUS)).code).toBe(0);
    const before = snapshot(folder, 'store.duckdb');
    expect(before.filter((e) => e.endsWith('/'))).toHaveLength(3);
    expect(before.filter((e) => e.includes('.parquet '))).toHaveLength(20);
    for (const key of ['json', 'empty', 'euro', 'missing']) {
      const run = await costlens(db, 'ingest', bad[key]);
      expect(run.code).toBe(4);
      expect(snapshot(folder, 'store.duckdb')).toEqual(before);
    }
  });
});
