/**
 * What an ingest loads: the formats it knows and the units (a manifest's period, or one loose
 * file) that load together. Planned by detect.ts, loaded by loader.ts and telemetry-loader.ts.
 */

/** `cost-explorer`: the FOCUS CSV `costlens pull ce` writes (marked by its x_SourceFormat column). */
export type BillingFormat = 'cur' | 'cur-athena' | 'cur2' | 'focus' | 'cost-explorer';
export type UnitFormat = BillingFormat | 'metrics' | 'inventory' | 'business-metrics';
export type FormatChoice = 'auto' | 'cur' | 'cur2' | 'focus';

/** Metrics, inventory and business metrics: loaded by telemetry-loader.ts from a plain file, not into `line_items`. */
export function isTelemetryFormat(format: UnitFormat): boolean {
  return format === 'metrics' || format === 'inventory' || format === 'business-metrics';
}

/** A file to load: where the user's copy is, and the plain (unpacked) copy DuckDB reads. */
export interface UnitFile {
  original: string;
  plain: string;
  bytes: number;
  /** Which file of an archive this is (0 for a plain file or an archive's first entry): the entries of a zip share `original`. */
  entry: number;
  /** The zip entry the plain copy came from. */
  entryName?: string;
  /**
   * `plain` is the user's `.gz` itself, inflated into DuckDB as it loads (gzip-pipe.ts); `bytes` is
   * the size its trailer states: only its last gzip member's, modulo 2³² (for progress; never compared).
   */
  gzipped?: true;
  /** The folder or manifest that named the file (a folder given, or a manifest found in one); none for a file named on the command line. */
  via?: { kind: 'folder' | 'manifest'; path: string };
}

/** Files that load together: one manifest's period, or one loose file. */
export interface IngestUnit {
  format: UnitFormat;
  origin: string;
  files: UnitFile[];
  period?: string;
  /** The manifest that listed the files; loose files have none. */
  manifest?: string;
  /** The payer account the manifest names. */
  account?: string;
}
