/**
 * A store of files a test writes (a small bill, metrics, an inventory) and, optionally, real files,
 * ingested by one `costlens ingest` once per machine instead of on every run: the written files are
 * derivedFiles (tests/helpers/derived-files.ts, a folder keyed by their names and texts) and the
 * store a cachedStore of their paths (tests/helpers/cached-stores.ts, keyed by them, their files'
 * state, src/ and the installed packages).
 * A failed ingest fails the build, naming its files and what it printed. Callers only read the
 * store (storeCopyOf in tests/helpers/cached-ingest.ts gives a copy to write to).
 */
import { createHash } from 'node:crypto';
import { cpSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathsUnder } from './cache-inputs.ts';
import { builtOnce, cachedStore } from './cached-stores.ts';
import { derivedFiles } from './derived-files.ts';
import { scratchDir } from './scratch-dirs.ts';

/** A file to ingest: the path of an existing file (a real bill), or a file's name and text, written once per machine. */
export type IngestedFile = string | { name: string; text: string };

/**
 * The cached store of `files` ingested in one `costlens ingest`, in their order, and the path of
 * each file (written ones by name, as derivedFiles gives them).
 */
export async function cachedStoreOf(files: readonly IngestedFile[]): Promise<{ db: string; paths: Record<string, string> }> {
  const texts = files.filter((file): file is { name: string; text: string } => typeof file !== 'string');
  const paths = texts.length > 0 ? await derivedFiles(texts) : {};
  const db = await cachedStore([files.map((file) => (typeof file === 'string' ? file : paths[file.name]))]);
  return { db, paths };
}

/**
 * The cached store of what `write` writes into a folder (a report folder with its manifests, several
 * files), ingested by one `costlens ingest` of the paths `write` returns: the folder is written
 * afresh on every call and keyed by its files' names and bytes (so a change to what `write` writes
 * makes another store), copied once per machine to where the store reads it. Callers only read it.
 */
export async function cachedStoreOfFolder(write: (dir: string) => string | readonly string[]): Promise<string> {
  const written = scratchDir();
  const paths = [write(written)].flat().map((path) => relative(written, path));
  const hash = createHash('sha256').update(JSON.stringify(paths));
  for (const file of pathsUnder(written)) hash.update(file).update(readFileSync(join(written, file)));
  const folder = await builtOnce(join(tmpdir(), `costlens-fixture-${hash.digest('hex').slice(0, 16)}`), async (scratch) => {
    cpSync(written, scratch, { recursive: true });
  });
  return cachedStore([paths.map((path) => join(folder, path))]);
}
