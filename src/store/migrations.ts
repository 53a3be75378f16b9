/**
 * The store's migrations: one frozen file per schema version in `src/store/migrations/`
 * (`NNNN_name.sql`, applied in order, recorded in `schema_version`). A released file is never
 * edited — `tests/store/migrations.test.ts` checks each against `migrations/hashes.json` — so a
 * store stamped with version N has exactly the schema every build gives version N. Nothing here
 * imports the live SQL of other modules: a change to a rollup or table is a new file.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CostlensError } from '../errors.ts';
import { packagePath } from '../lib/package-root.ts';

/** One schema migration: applied once, in order, recorded in `schema_version`. */
export interface Migration {
  version: number;
  description: string;
  statements: string[];
}

/** The folder of frozen migration files. */
export const MIGRATIONS_DIR = packagePath('src/store/migrations');

const FILE_NAME = /^(\d{4})_[a-z0-9_]+\.sql$/;
const DESCRIPTION = /^-- description: (.+)$/m;
/** A statement ends with `;` at the end of a line. */
const STATEMENT_END = /;[ \t]*(?:\r?\n|$)/;

/**
 * Parses one migration file (`path` names it in errors): the version from its name
 * (`0004_usage_daily.sql` → 4), the description from its `-- description:` header line, and its
 * statements, each ending with `;` at the end of a line (neither the `;` nor the leading `--`
 * header lines are part of a statement).
 */
export function parseMigration(path: string, text: string): Migration {
  const fileName = basename(path);
  const name = FILE_NAME.exec(fileName);
  if (!name) throw invalid(path, 'its name is not NNNN_name.sql (four digits, then lower-case letters, digits and _)');
  const description = DESCRIPTION.exec(text)?.[1].trim();
  if (!description) throw invalid(path, 'it has no `-- description: …` line');
  const body = text.replace(/^(?:--[^\n]*\n|[ \t]*\r?\n)*/, '');
  const parts = body.split(STATEMENT_END);
  const last = parts.pop()!;
  if (last.trim() !== '') throw invalid(path, 'its last statement does not end with `;` at the end of a line');
  const statements = parts.map((part) => part.replace(/^\s+/, '').replace(/\s+$/, ''));
  if (statements.length === 0 || statements.some((s) => s === '')) throw invalid(path, 'it has an empty statement (two `;` line ends in a row) or none');
  return { version: Number(name[1]), description, statements };
}

/**
 * Reads every `NNNN_name.sql` in `dir`, in order; the versions must run 1, 2, 3 … without a gap
 * or a duplicate. Other files (hashes.json, README) are ignored; a stray `.sql` is an error.
 */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir).filter((file) => file.endsWith('.sql')).sort();
  const paths = files.map((file) => join(dir, file));
  const migrations = paths.map((path) => parseMigration(path, readFileSync(path, 'utf8')));
  migrations.forEach((migration, index) => {
    if (index > 0 && migration.version === migrations[index - 1].version) {
      throw invalid(paths[index], `version ${migration.version} is taken by ${files[index - 1]} too (each version once)`);
    }
    if (migration.version !== index + 1) {
      throw invalid(paths[index], `expected version ${index + 1} here (versions run 1, 2, 3 … in file-name order, each once)`);
    }
  });
  return migrations;
}

function invalid(path: string, reason: string): CostlensError {
  return new CostlensError('internal', `store migration ${path} is invalid: ${reason}`, {
    hint: 'see "Migrations" in README.md: name the file after the next free version and end each statement with `;`',
  });
}

/** The store's migrations, in order. Append only: a released migration is never edited. */
export const MIGRATIONS: readonly Migration[] = loadMigrations();

/** The schema version this build of costlens writes and expects. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
