/**
 * Readers for the raw, transcribed source files under `data/ec2/sources/` from which
 * `data/ec2/instance-types.csv` is generated (see `build-ec2-csv.ts` and `data/ec2/README.md`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Regions carried by the catalogue, in column order. */
export const REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'eu-west-1',
  'eu-central-1',
  'ap-southeast-1',
  'ap-northeast-1',
] as const;

/** One of the regions the catalogue prices. */
export type Region = (typeof REGIONS)[number];

/** How the builder treats one instance family. */
export interface FamilySource {
  family: string;
  category: string;
  generation: string;
  architecture: string;
  processor: string;
  memPerVcpu: number | null;
  newerFamily: string;
  gravitonFamily: string;
  regionalAnchors: string[];
}

/** Exceptions to the family's size rule. */
export interface SizeOverride {
  vcpu: number | null;
  memoryGib: number | null;
  accelerators: number | null;
}

/** A sampled regional price line; `null` = no figure for that region. */
export interface RegionalSample {
  instanceType: string;
  prices: (number | null)[];
  /** The read window missed some regions: a missing region means "unknown", not "not offered". */
  partial: boolean;
  file: string;
}

/** Splits a source file into non-comment, non-empty lines. */
function dataLines(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

function optionalNumber(text: string | undefined, what: string): number | null {
  if (text === undefined || text.trim() === '') return null;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(`${what}: "${text}" is not a number`);
  return value;
}

/** Reads the Karpenter-derived us-east-1 price list ("type price" pairs, whitespace separated). */
export function readUsEast1Prices(dir: string): Map<string, number> {
  const file = 'us-east-1.karpenter-2026-01-19.txt';
  const tokens = dataLines(join(dir, file)).join(' ').split(/\s+/);
  if (tokens.length % 2 !== 0) throw new Error(`${file}: odd number of tokens`);
  const prices = new Map<string, number>();
  for (let i = 0; i < tokens.length; i += 2) {
    const type = tokens[i];
    const price = optionalNumber(tokens[i + 1], `${file} ${type}`);
    if (price === null || price <= 0) throw new Error(`${file}: ${type} has no price`);
    if (prices.has(type)) throw new Error(`${file}: ${type} listed twice`);
    prices.set(type, price);
  }
  return prices;
}

/** Reads `families.csv`. */
export function readFamilies(dir: string): Map<string, FamilySource> {
  const [header, ...rows] = dataLines(join(dir, 'families.csv'));
  if (!header.startsWith('family,category,')) throw new Error('families.csv: unexpected header');
  const families = new Map<string, FamilySource>();
  for (const row of rows) {
    const c = row.split(',');
    if (c.length !== 9) throw new Error(`families.csv: expected 9 columns in "${row}"`);
    families.set(c[0], {
      family: c[0],
      category: c[1],
      generation: c[2],
      architecture: c[3],
      processor: c[4],
      memPerVcpu: optionalNumber(c[5], `families.csv ${c[0]} mem_per_vcpu`),
      newerFamily: c[6],
      gravitonFamily: c[7],
      regionalAnchors: c[8] === '' ? [] : c[8].split(';'),
    });
  }
  return families;
}

/** Reads `size-overrides.csv`. */
export function readSizeOverrides(dir: string): Map<string, SizeOverride> {
  const [, ...rows] = dataLines(join(dir, 'size-overrides.csv'));
  const overrides = new Map<string, SizeOverride>();
  for (const row of rows) {
    const c = row.split(',');
    overrides.set(c[0], {
      vcpu: optionalNumber(c[1], `size-overrides.csv ${c[0]} vcpu`),
      memoryGib: optionalNumber(c[2], `size-overrides.csv ${c[0]} memory_gib`),
      accelerators: optionalNumber(c[3], `size-overrides.csv ${c[0]} accelerators`),
    });
  }
  return overrides;
}

/** Reads every `regional-samples.*.csv` file named. */
export function readRegionalSamples(dir: string, files: string[]): RegionalSample[] {
  const samples: RegionalSample[] = [];
  for (const file of files) {
    for (const row of dataLines(join(dir, file))) {
      const c = row.split(',');
      if (c.length !== REGIONS.length + 2) throw new Error(`${file}: expected ${REGIONS.length + 2} columns in "${row}"`);
      const prices = c.slice(1, 1 + REGIONS.length).map((v, i) => optionalNumber(v, `${file} ${c[0]} ${REGIONS[i]}`));
      if (prices[0] === null) throw new Error(`${file}: ${c[0]} has no us-east-1 price to take ratios from`);
      samples.push({ instanceType: c[0], prices, partial: c[REGIONS.length + 1].startsWith('partial'), file });
    }
  }
  return samples;
}
