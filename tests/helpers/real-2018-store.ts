/**
 * The real October and November 2018 CURs (REAL_OCT_2018 and REAL_NOV_2018, tests/helpers/cli.ts), each ingested by its own
 * `costlens ingest`: the cached store (tests/helpers/cached-stores.ts) that tests/server/helpers.ts
 * ingestedStore(REAL_OCT_2018, REAL_NOV_2018) copies, read in place by files that do not write to it.
 */
import { cachedStore } from './cached-stores.ts';
import { REAL_NOV_2018, REAL_OCT_2018 } from './cli.ts';

/** The cached store of the real October and November 2018 files, one ingest each (callers only read it). */
export function realFilesStore(): Promise<string> {
  return cachedStore([[REAL_OCT_2018], [REAL_NOV_2018]]);
}
