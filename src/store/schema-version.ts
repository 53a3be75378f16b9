/**
 * The one check of a store's schema version against this build's, for every reader and writer:
 * readers need exactly this build's version; writers migrate an older store forward; nobody
 * touches a store written by a newer costlens (its newer tables would go stale or be misread).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { CostlensError } from '../errors.ts';
import { SCHEMA_VERSION } from './migrations.ts';
import { notACostlensDatabase } from './store-file.ts';

/** How a caller uses the store: `read` needs this build's version; `write` migrates an older one. */
export type StoreAccess = 'read' | 'write';

/** Why a store cannot be used: the message and hint of the error a caller raises. */
export interface SchemaVersionProblem {
  message: string;
  hint: string;
}

/** Reads the store's schema version; 0 for a new, empty file. */
export async function readSchemaVersion(connection: DuckDBConnection): Promise<number> {
  const exists = await connection.runAndReadAll(
    `SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'schema_version' AND table_schema = 'main'`,
  );
  if (Number(exists.getRows()[0][0]) === 0) return 0;
  const result = await connection.runAndReadAll(`SELECT coalesce(max(version), 0) FROM schema_version`);
  return Number(result.getRows()[0][0]);
}

/**
 * Why a store at schema `version` cannot be used for `access` by this build, or undefined when it
 * can. `path` names the store in the message (leave it out where the open file is a scratch copy).
 */
export function schemaVersionProblem(version: number, access: StoreAccess, path?: string): SchemaVersionProblem | undefined {
  const store = path === undefined ? 'the store' : `the store ${path}`;
  if (version > SCHEMA_VERSION) {
    const stale = access === 'write' ? '; writing to it would leave its newer tables stale' : '';
    return { message: `${store} has schema version ${version}, newer than this costlens (${SCHEMA_VERSION})${stale}`, hint: 'upgrade costlens' };
  }
  if (version < SCHEMA_VERSION && access === 'read') {
    return {
      message: `${store} has schema version ${version}; this costlens needs ${SCHEMA_VERSION}`,
      hint: path === undefined ? 'run `costlens migrate` (any ingest migrates it too)' : `run \`costlens migrate --db ${path}\` (any ingest migrates it too)`,
    };
  }
  return undefined;
}

/** Throws a `store` CostlensError when {@link schemaVersionProblem} finds one. */
export function requireSchemaVersion(version: number, access: StoreAccess, path?: string): void {
  // Version 0 at a named store: a DuckDB database costlens did not write (a new store is migrated without a path).
  if (version === 0 && path !== undefined) throw notACostlensDatabase(path);
  const problem = schemaVersionProblem(version, access, path);
  if (problem) throw new CostlensError('store', problem.message, { hint: problem.hint });
}
