/**
 * EBS volume price catalogue for modernisation: the list price per GB-month, per provisioned
 * IOPS-month and per MiB/s-month of each volume type by region, read from
 * `data/ebs/volume-prices.csv` (provenance and caveats in `data/ebs/README.md`).
 */
import { readFileSync } from 'node:fs';
import { CostlensError } from '../errors.ts';
import { priceCsvError, readPriceCsv } from './price-csv.ts';
import { packagePath } from '../lib/package-root.ts';

/** Where the shipped catalogue lives. */
export const DEFAULT_VOLUME_CATALOGUE_PATH = packagePath('data/ebs/volume-prices.csv');

/** Where a finding says its EBS prices come from. */
export const VOLUME_PRICE_SOURCE = 'data/ebs/volume-prices.csv (AWS EBS list prices, see data/ebs/README.md)';

/** Volume types the catalogue prices. */
export const VOLUME_TYPES = ['gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1'] as const;
export type VolumeType = (typeof VOLUME_TYPES)[number];

/** IOPS that gp3 includes in its GB price, and the most it can provision (AWS EBS volume types page). */
export const GP3_INCLUDED_IOPS = 3000;
export const GP3_MAX_IOPS = 16000;
/** Throughput (MiB/s) that gp3 includes in its GB price. */
export const GP3_INCLUDED_THROUGHPUT = 125;

/** The prices of one volume type in one region (USD; null = not charged separately / not known). */
export interface VolumePrice {
  region: string;
  volumeType: VolumeType;
  gbMonth: number;
  /** gp3: per IOPS-month above 3,000; io1: every IOPS; io2: the first 32,000. */
  iopsMonth: number | null;
  /** io2: IOPS 32,001 to 64,000. */
  iopsMonth32kTo64k: number | null;
  /** io2: IOPS above 64,000. */
  iopsMonthOver64k: number | null;
  /** gp3: per MiB/s-month above 125. */
  throughputMonth: number | null;
  basis: string;
}

const COLUMNS = ['region', 'volume_type', 'gb_month', 'iops_month', 'iops_month_32k_to_64k', 'iops_month_over_64k',
  'throughput_mibps_month', 'basis'] as const;

const HINT = 'Fix the row (columns and sources: data/ebs/README.md).';

function inputError(source: string, line: number, message: string): CostlensError {
  return priceCsvError(source, line, message, HINT);
}

/** A loaded EBS price catalogue. */
export class VolumeCatalogue {
  private readonly byKey = new Map<string, VolumePrice>();

  /** @param prices validated rows, one per region and volume type. */
  constructor(readonly prices: readonly VolumePrice[]) {
    for (const p of prices) this.byKey.set(`${p.region}|${p.volumeType}`, p);
  }

  /** The prices of `volumeType` in `region`, or undefined when the catalogue has none. */
  price(region: string, volumeType: VolumeType): VolumePrice | undefined {
    return this.byKey.get(`${region}|${volumeType}`);
  }

  /**
   * Monthly list cost of a volume of `gb` GB with `iops` provisioned IOPS and `throughput` MiB/s
   * (gp3 only: above the included 3,000 IOPS and 125 MiB/s; io1/io2: every IOPS, io2 in tiers),
   * unrounded; null when the region or a needed price is not in the catalogue.
   */
  monthlyCost(region: string, volumeType: VolumeType, gb: number, iops = 0, throughput = 0): number | null {
    const p = this.price(region, volumeType);
    if (!p) return null;
    let cost = gb * p.gbMonth;
    if (volumeType === 'gp3') {
      const extraIops = Math.max(0, iops - GP3_INCLUDED_IOPS);
      const extraThroughput = Math.max(0, throughput - GP3_INCLUDED_THROUGHPUT);
      if ((extraIops > 0 && p.iopsMonth === null) || (extraThroughput > 0 && p.throughputMonth === null)) return null;
      cost += extraIops * (p.iopsMonth ?? 0) + extraThroughput * (p.throughputMonth ?? 0);
    } else if (volumeType === 'io1' || volumeType === 'io2') {
      if (iops > 0 && p.iopsMonth === null) return null;
      if (volumeType === 'io2' && iops > 32000 && (p.iopsMonth32kTo64k === null || (iops > 64000 && p.iopsMonthOver64k === null))) return null;
      const tier1 = volumeType === 'io2' ? Math.min(iops, 32000) : iops;
      const tier2 = volumeType === 'io2' ? Math.max(0, Math.min(iops, 64000) - 32000) : 0;
      const tier3 = volumeType === 'io2' ? Math.max(0, iops - 64000) : 0;
      cost += tier1 * (p.iopsMonth ?? 0) + tier2 * (p.iopsMonth32kTo64k ?? 0) + tier3 * (p.iopsMonthOver64k ?? 0);
    }
    return cost;
  }
}

function price(text: string, source: string, line: number, column: string, required: boolean): number | null {
  if (text === '') {
    if (required) throw inputError(source, line, `column ${column} is empty; expected a price`);
    return null;
  }
  if (!/^\d+(\.\d+)?$/.test(text) || Number(text) <= 0) {
    throw inputError(source, line, `column ${column}: expected a positive decimal number (got "${text}")`);
  }
  return Number(text);
}

/** Parses and validates catalogue CSV text; errors name `source`, the line and the column. */
export function parseVolumeCatalogue(text: string, source = 'volume-prices.csv'): VolumeCatalogue {
  const prices: VolumePrice[] = [];
  const seen = new Set<string>();
  for (const { line: lineNo, region, basis, cell } of readPriceCsv(text, source, COLUMNS, HINT)) {
    const volumeType = cell('volume_type') as VolumeType;
    if (!VOLUME_TYPES.includes(volumeType)) {
      throw inputError(source, lineNo, `column volume_type: expected one of ${VOLUME_TYPES.join(', ')} (got "${volumeType}")`);
    }
    const key = `${region}|${volumeType}`;
    if (seen.has(key)) throw inputError(source, lineNo, `duplicate row for ${volumeType} in ${region}`);
    seen.add(key);
    prices.push({
      region,
      volumeType,
      gbMonth: price(cell('gb_month'), source, lineNo, 'gb_month', true)!,
      iopsMonth: price(cell('iops_month'), source, lineNo, 'iops_month', false),
      iopsMonth32kTo64k: price(cell('iops_month_32k_to_64k'), source, lineNo, 'iops_month_32k_to_64k', false),
      iopsMonthOver64k: price(cell('iops_month_over_64k'), source, lineNo, 'iops_month_over_64k', false),
      throughputMonth: price(cell('throughput_mibps_month'), source, lineNo, 'throughput_mibps_month', false),
      basis,
    });
  }
  return new VolumeCatalogue(prices);
}

/** Reads and validates the EBS price catalogue (default: the shipped `data/ebs/volume-prices.csv`). */
export function loadVolumeCatalogue(path: string = DEFAULT_VOLUME_CATALOGUE_PATH): VolumeCatalogue {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new CostlensError('input', `cannot read EBS price catalogue ${path}`, { cause, hint: 'Check the path.' });
  }
  return parseVolumeCatalogue(text, path);
}
