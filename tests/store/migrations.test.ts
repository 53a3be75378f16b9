import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, MIGRATIONS_DIR, SCHEMA_VERSION, loadMigrations, parseMigration } from '../../src/store/migrations.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { schemaVersionProblem } from '../../src/store/schema-version.ts';

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** A folder holding the given migration files, for the loader's rules. */
function folderWith(files: Record<string, string>): string {
  const dir = scratchDir();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const ONE = '-- description: one\nCREATE TABLE a (x INTEGER);\n';
const TWO = '-- description: two\nCREATE TABLE b (x INTEGER);\n';

describe('released migrations are frozen', () => {
  const released: Record<string, string> = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'hashes.json'), 'utf8'));
  const files = readdirSync(MIGRATIONS_DIR).filter((file) => file.endsWith('.sql')).sort();

  it('every migration file has its sha256 in hashes.json, and every hash its file (a new migration adds its hash)', () => {
    expect(files, 'files in src/store/migrations/ vs hashes.json: add the hash of a new file; never delete a released one').toEqual(Object.keys(released).sort());
  });

  it.each(files)('%s is byte for byte the released file (change the schema with a new migration, never by editing one)', (file) => {
    expect(sha256(join(MIGRATIONS_DIR, file))).toBe(released[file]);
  });

  it('the versions run 1, 2, 3 … in file order, each once, and the last is the schema version', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(files.map((_, i) => i + 1));
    expect(SCHEMA_VERSION).toBe(files.length);
    expect(files.map((file) => file.slice(0, 4))).toEqual(files.map((_, i) => String(i + 1).padStart(4, '0')));
  });

  it('migration 6 is the rollup tag_spend_daily: its table, then its first fill from the stored lines', () => {
    const six = MIGRATIONS[5];
    expect([six.version, six.description, six.statements.length]).toEqual([
      6, 'tag_spend_daily: billing lines rolled up per charge day, account, service, charge category, product and tag set, for attribution', 2,
    ]);
    expect(six.statements[0].split('\n')[0]).toBe('CREATE TABLE tag_spend_daily (');
    expect(six.statements[1].split('\n').at(-1)).toBe('ORDER BY 5, SubAccountId, ServiceName');
  });
});

describe('migration files: how the loader reads them', () => {
  it('a statement ends with ; at the end of a line; the header comment and the ; are not part of it', () => {
    const text = '-- description: two tables\n-- a note\n\nCREATE TABLE a (\n  x VARCHAR\n);\n\nINSERT INTO a VALUES (\'x;y\') ;\n';
    expect(parseMigration('/m/0007_two_tables.sql', text)).toEqual({
      version: 7,
      description: 'two tables',
      statements: ['CREATE TABLE a (\n  x VARCHAR\n)', `INSERT INTO a VALUES ('x;y')`],
    });
  });

  it('refuses a file whose last statement has no ;, without a description, or with a bad name', () => {
    expect(() => parseMigration('/m/0001_a.sql', '-- description: a\nCREATE TABLE a (x INTEGER)\n'))
      .toThrow('store migration /m/0001_a.sql is invalid: its last statement does not end with `;` at the end of a line');
    expect(() => parseMigration('/m/0001_a.sql', 'CREATE TABLE a (x INTEGER);\n')).toThrow('it has no `-- description: …` line');
    expect(() => parseMigration('/m/1_a.sql', ONE)).toThrow('its name is not NNNN_name.sql');
    expect(() => parseMigration('/m/0001_a.sql', '-- description: a\n;\n')).toThrow('it has an empty statement');
  });

  it('reads the folder in file-name order and ignores files that are not .sql', () => {
    const dir = folderWith({ '0002_b.sql': TWO, '0001_a.sql': ONE, 'hashes.json': '{}' });
    expect(loadMigrations(dir).map((m) => [m.version, m.description])).toEqual([[1, 'one'], [2, 'two']]);
  });

  it('refuses a gap or a duplicate version, naming the file', () => {
    const gap = folderWith({ '0001_a.sql': ONE, '0003_c.sql': TWO });
    expect(() => loadMigrations(gap)).toThrow(`store migration ${join(gap, '0003_c.sql')} is invalid: expected version 2 here`);
    const twice = folderWith({ '0001_a.sql': ONE, '0001_b.sql': TWO });
    expect(() => loadMigrations(twice)).toThrow(`store migration ${join(twice, '0001_b.sql')} is invalid: version 1 is taken by 0001_a.sql too`);
  });
});

describe('the one store-version check', () => {
  const v = SCHEMA_VERSION;

  it('readers need exactly this build\'s version', () => {
    expect(schemaVersionProblem(v, 'read', '/s.duckdb')).toBeUndefined();
    expect(schemaVersionProblem(v - 1, 'read', '/s.duckdb')).toEqual({
      message: `the store /s.duckdb has schema version ${v - 1}; this costlens needs ${v}`,
      hint: 'run `costlens migrate --db /s.duckdb` (any ingest migrates it too)',
    });
    expect(schemaVersionProblem(v + 1, 'read', '/s.duckdb')).toEqual({
      message: `the store /s.duckdb has schema version ${v + 1}, newer than this costlens (${v})`,
      hint: 'upgrade costlens',
    });
  });

  it('writers migrate an older store (or a new file) and refuse a newer one', () => {
    expect(schemaVersionProblem(0, 'write')).toBeUndefined();
    expect(schemaVersionProblem(v - 1, 'write')).toBeUndefined();
    expect(schemaVersionProblem(v + 1, 'write')).toEqual({
      message: `the store has schema version ${v + 1}, newer than this costlens (${v}); writing to it would leave its newer tables stale`,
      hint: 'upgrade costlens',
    });
  });
});
