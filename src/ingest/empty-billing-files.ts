/**
 * Billing files that hold no line items: a header and no rows, as AWS delivers for a period
 * without charges. They load nothing and replace nothing (an empty file cannot say which source
 * it bills, so it cannot stand for "this source owes nothing this period"); the ingest summary
 * lists them, with the source and billing period when the file's manifest names them.
 */
import { describePlain } from './decompress.ts';
import type { IngestUnit, UnitFile } from './units.ts';

/** A billing file (or zip entry) that held no line items. */
export interface EmptyBillingFile {
  /** The file as the user gave it, with its zip entry when it is one. */
  file: string;
  format: string;
  /** `aws/<payer account>` when the file's manifest names the account; null otherwise. */
  source: string | null;
  /** YYYY-MM when the file's manifest (or its period folder) names it; null for a loose file, which cannot say. */
  billingPeriod: string | null;
}

/** The summary entry of `file`, a file of `unit` that held no line items. */
export function emptyBillingFile(unit: IngestUnit, file: UnitFile): EmptyBillingFile {
  return {
    file: describePlain(file.original, { entry: file.entryName }),
    format: unit.format,
    source: unit.account ? `aws/${unit.account}` : null,
    billingPeriod: unit.period ?? null,
  };
}
