/**
 * S3 storage price catalogue: the list price per GB-month, per 1,000 Tier1 (PUT, COPY, POST,
 * LIST) and Tier2 (GET and other) requests, per GB retrieved and per 1,000 objects monitored of
 * each storage class by region, read from `data/s3/storage-prices.csv` (provenance in
 * `data/s3/README.md`).
 */
import { readFileSync } from 'node:fs';
import { CostlensError } from '../errors.ts';
import { priceCsvError, readPriceCsv } from './price-csv.ts';
import { packagePath } from '../lib/package-root.ts';

/** Where the shipped catalogue lives. */
export const DEFAULT_S3_CATALOGUE_PATH = packagePath('data/s3/storage-prices.csv');

/** Where a finding says its S3 prices come from. */
export const S3_PRICE_SOURCE = 'data/s3/storage-prices.csv (AWS S3 list prices, first tier, see data/s3/README.md)';

/** Storage classes the catalogue prices (Intelligent-Tiering as its two access tiers). */
export const S3_CLASSES = ['STANDARD', 'INTELLIGENT_TIERING_FREQUENT', 'INTELLIGENT_TIERING_INFREQUENT', 'STANDARD_IA', 'ONEZONE_IA',
  'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'] as const;
export type S3Class = (typeof S3_CLASSES)[number];

/** The prices of one storage class in one region (USD). */
export interface S3Price {
  region: string;
  storageClass: S3Class;
  gbMonth: number;
  tier1Per1000: number;
  tier2Per1000: number;
  retrievalPerGb: number;
  monitoringPer1000Objects: number;
  minStorageDays: number;
  basis: string;
}

const COLUMNS = ['region', 'storage_class', 'gb_month', 'tier1_per_1000', 'tier2_per_1000', 'retrieval_per_gb', 'monitoring_per_1000_objects',
  'min_storage_days', 'basis'] as const;

const HINT = 'Fix the row (columns and sources: data/s3/README.md).';

function inputError(source: string, line: number, message: string): CostlensError {
  return priceCsvError(source, line, message, HINT);
}

/** A loaded S3 price catalogue. */
export class S3Catalogue {
  private readonly byKey = new Map<string, S3Price>();

  /** @param prices validated rows, one per region and storage class. */
  constructor(readonly prices: readonly S3Price[]) {
    for (const p of prices) this.byKey.set(`${p.region}|${p.storageClass}`, p);
  }

  /** The prices of `storageClass` in `region`, or undefined when the catalogue has none. */
  price(region: string, storageClass: S3Class): S3Price | undefined {
    return this.byKey.get(`${region}|${storageClass}`);
  }
}

function amount(text: string, source: string, line: number, column: string): number {
  if (!/^\d+(\.\d+)?$/.test(text)) throw inputError(source, line, `column ${column}: expected a decimal number of 0 or more (got "${text}")`);
  return Number(text);
}

/** Parses and validates catalogue CSV text; errors name `source`, the line and the column. */
export function parseS3Catalogue(text: string, source = 'storage-prices.csv'): S3Catalogue {
  const prices: S3Price[] = [];
  const seen = new Set<string>();
  for (const row of readPriceCsv(text, source, COLUMNS, HINT)) {
    const { line: lineNo, region, basis, cell } = row;
    const storageClass = cell('storage_class') as S3Class;
    if (!S3_CLASSES.includes(storageClass)) throw inputError(source, lineNo, `column storage_class: expected one of ${S3_CLASSES.join(', ')} (got "${storageClass}")`);
    if (seen.has(`${region}|${storageClass}`)) throw inputError(source, lineNo, `duplicate row for ${storageClass} in ${region}`);
    seen.add(`${region}|${storageClass}`);
    const gbMonth = amount(cell('gb_month'), source, lineNo, 'gb_month');
    if (gbMonth <= 0) throw inputError(source, lineNo, 'column gb_month: expected a price greater than 0');
    prices.push({
      region, storageClass, gbMonth, basis,
      tier1Per1000: amount(cell('tier1_per_1000'), source, lineNo, 'tier1_per_1000'),
      tier2Per1000: amount(cell('tier2_per_1000'), source, lineNo, 'tier2_per_1000'),
      retrievalPerGb: amount(cell('retrieval_per_gb'), source, lineNo, 'retrieval_per_gb'),
      monitoringPer1000Objects: amount(cell('monitoring_per_1000_objects'), source, lineNo, 'monitoring_per_1000_objects'),
      minStorageDays: amount(cell('min_storage_days'), source, lineNo, 'min_storage_days'),
    });
  }
  return new S3Catalogue(prices);
}

/** Reads and validates the S3 price catalogue (default: the shipped `data/s3/storage-prices.csv`). */
export function loadS3Catalogue(path: string = DEFAULT_S3_CATALOGUE_PATH): S3Catalogue {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new CostlensError('input', `cannot read S3 price catalogue ${path}`, { cause, hint: 'Check the path (the shipped one is data/s3/storage-prices.csv).' });
  }
  return parseS3Catalogue(text, path);
}
