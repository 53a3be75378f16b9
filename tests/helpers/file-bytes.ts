import { readFileSync } from 'node:fs';

/** Each path with its bytes as they are now: what {@link changedFiles} compares against later. */
export function keptBytes(paths: readonly string[]): (readonly [string, Buffer])[] {
  return paths.map((path) => [path, readFileSync(path)] as const);
}

/**
 * The files of `kept` whose bytes are no longer the bytes kept beside them, compared with
 * Buffer.equals (toEqual compares two Buffers element by element through its generic equality:
 * 1–2 CPU-seconds for each DuckDB file).
 */
export function changedFiles(kept: readonly (readonly [string, Buffer])[]): string[] {
  return kept.filter(([path, bytes]) => !readFileSync(path).equals(bytes)).map(([path]) => path);
}
