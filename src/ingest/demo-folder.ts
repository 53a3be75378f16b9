/**
 * A folder `costlens demo` wrote (`costlens demo --out DIR`, or `data/demo/` by `costlens start`)
 * holds the same charges twice: as a legacy CUR (`legacy-cur/`) and as a CUR 2.0 export (`cur2/`).
 * `costlens ingest DIR` therefore finds each billing period in both and refuses it, rightly; the
 * refusal's hint then gives the command that ingests the folder as `costlens start` does (its CUR
 * 2.0 export, metrics, inventory and business metrics: src/cli/start.ts, demoIngestPaths), where
 * it only said "ingest one of them".
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative, isAbsolute } from 'node:path';

/** What marks a demo folder: its two billing exports of the same charges and its planted facts (src/demo/index.ts, DEMO_OUTPUTS). */
const DEMO_LAYOUT = ['legacy-cur', 'cur2', 'truth.json'];
/** What `costlens start` ingests of a demo folder, in its order (src/cli/start.ts, demoIngestPaths). */
const DEMO_INGESTED = ['cur2', 'metrics.csv', 'inventory.csv', 'business-metrics.csv'];

/** Whether `folder` has the layout `costlens demo` writes (legacy-cur/, cur2/ and truth.json). */
function isDemoFolder(folder: string): boolean {
  return DEMO_LAYOUT.every((name) => existsSync(join(folder, name)));
}

function holds(folder: string, file: string): boolean {
  const inside = relative(folder, file);
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside);
}

/**
 * The demo folder, among the paths an ingest was given and their parent folders (a user may give
 * `DIR/legacy-cur DIR/cur2`), that holds every one of `files`; undefined when none does.
 */
export function demoFolderHolding(paths: readonly string[], files: readonly string[]): string | undefined {
  const candidates = paths.flatMap((path) => [path, dirname(path)]);
  return candidates.find((folder) => files.every((file) => holds(folder, file)) && isDemoFolder(folder));
}

/** A path as one shell word: as it is when it needs no quoting, else in single quotes. */
function shellWord(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replaceAll("'", `'\\''`)}'`;
}

/**
 * The hint of a refusal of a demo folder's billing period found in both its exports: `DIR is a
 * costlens demo folder: … costlens ingest DIR/cur2 DIR/metrics.csv DIR/inventory.csv
 * DIR/business-metrics.csv`, the folder written as the user gave it.
 */
export function demoFolderHint(folder: string): string {
  const command = `costlens ingest ${DEMO_INGESTED.map((name) => shellWord(join(folder, name))).join(' ')}`;
  return `${folder} is a costlens demo folder: its legacy-cur/ and cur2/ hold the same charges in two formats, so ingest one of them;`
    + ` to ingest the demo as costlens start does (its CUR 2.0 export, metrics, inventory and business metrics): ${command}`;
}
