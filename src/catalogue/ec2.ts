/**
 * EC2 instance catalogue for rightsizing: shape (vCPU, memory, architecture, processor) and the
 * Linux on-demand hourly price in the main regions, read from `data/ec2/instance-types.csv`
 * (provenance and caveats in `data/ec2/README.md`).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CostlensError } from '../errors.ts';
import { REGIONS, type Region } from './ec2-sources.ts';
import { parseCsvLine } from '../lib/csv.ts';
import { packagePath } from '../lib/package-root.ts';
import { codePointOrder } from '../lib/order.ts';

export { REGIONS, type Region };

/** Where the shipped catalogue lives. */
export const DEFAULT_CATALOGUE_PATH = packagePath('data/ec2/instance-types.csv');

/** AWS instance category. */
export type InstanceCategory =
  | 'general_purpose'
  | 'compute_optimized'
  | 'memory_optimized'
  | 'storage_optimized'
  | 'accelerated_computing';

/** One EC2 instance type. Prices are USD per hour, Linux, shared tenancy; null = not offered / not known. */
export interface InstanceType {
  instanceType: string;
  family: string;
  generation: 'current' | 'previous';
  size: string;
  vcpu: number;
  memoryGib: number;
  architecture: 'x86_64' | 'arm64';
  processor: 'intel' | 'amd' | 'aws-graviton';
  category: InstanceCategory;
  prices: Record<Region, number | null>;
  /** Same-vendor newer family that is the natural move, if any. */
  newerFamily: string | null;
  /** Graviton (arm64) family to consider instead, if any. */
  gravitonFamily: string | null;
  /** GPUs / Inferentia or Trainium chips / FPGAs / media accelerators; 0 for none. */
  accelerators: number;
  /** How the regional prices were obtained (see data/ec2/README.md). */
  priceBasis: string;
}

const priceColumn = (region: Region) => `price_${region.replaceAll('-', '_')}`;

/** Columns the CSV must have; others are ignored. */
export const REQUIRED_COLUMNS = [
  'instance_type', 'family', 'generation', 'size', 'vcpu', 'memory_gib', 'architecture', 'processor', 'category',
  ...REGIONS.map(priceColumn), 'newer_family', 'graviton_family', 'accelerators', 'price_basis',
] as const;

const decimal = z.string().regex(/^\d+(\.\d+)?$/, 'expected a non-negative decimal number').transform(Number);
const positive = decimal.refine((n) => n > 0, 'expected a number greater than 0');
const familyName = z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a family name such as m5 or c7i-flex');

/**
 * '' (none) as null, else `schema`'s value, with its message when it fails. (A z.union would try
 * '' first and build an issue for every filled cell: a third of the catalogue's load time.)
 */
function emptyAsNull<T>(schema: z.ZodType<T, z.ZodTypeDef, string>) {
  return z.string().transform((text, ctx): T | null => {
    if (text === '') return null;
    const parsed = schema.safeParse(text);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) ctx.addIssue({ code: z.ZodIssueCode.custom, message: issue.message });
    return z.NEVER;
  });
}
const optionalPrice = emptyAsNull(positive);
const optionalFamily = emptyAsNull(familyName);

const rowSchema = z.object({
  instance_type: z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9-]+$/, 'expected an instance type such as m5.large'),
  family: familyName,
  generation: z.enum(['current', 'previous']),
  size: z.string().regex(/^[a-z0-9-]+$/, 'expected a size such as large or metal-24xl'),
  vcpu: positive.refine(Number.isInteger, 'expected a whole number of vCPUs'),
  memory_gib: positive,
  architecture: z.enum(['x86_64', 'arm64']),
  processor: z.enum(['intel', 'amd', 'aws-graviton']),
  category: z.enum([
    'general_purpose', 'compute_optimized', 'memory_optimized', 'storage_optimized', 'accelerated_computing',
  ]),
  ...Object.fromEntries(REGIONS.map((r) => [priceColumn(r), optionalPrice])),
  newer_family: optionalFamily,
  graviton_family: optionalFamily,
  accelerators: decimal.refine(Number.isInteger, 'expected a whole number'),
  price_basis: z.string().min(1, 'expected how the prices were obtained'),
});

function inputError(source: string, line: number, message: string, column?: string): CostlensError {
  const where = column === undefined ? `line ${line}` : `line ${line}, column ${column}`;
  return new CostlensError('input', `${source} ${where}: ${message}`, {
    hint: 'Fix the row or regenerate the file with `npx tsx src/catalogue/build-ec2-csv.ts` (see data/ec2/README.md).',
  });
}

/** Orders sizes of a family: vCPU, then memory, then accelerators, then us-east-1 price. */
function compareSizes(a: InstanceType, b: InstanceType): number {
  return (
    a.vcpu - b.vcpu ||
    a.memoryGib - b.memoryGib ||
    a.accelerators - b.accelerators ||
    (a.prices['us-east-1'] ?? Infinity) - (b.prices['us-east-1'] ?? Infinity) ||
    codePointOrder(a.instanceType, b.instanceType)
  );
}

/** A loaded, validated catalogue. */
export class InstanceCatalogue {
  private readonly byName = new Map<string, InstanceType>();
  private readonly byFamily = new Map<string, InstanceType[]>();

  /** @param types validated rows; names must be unique. */
  constructor(readonly types: readonly InstanceType[]) {
    for (const t of types) {
      this.byName.set(t.instanceType, t);
      this.byFamily.set(t.family, [...(this.byFamily.get(t.family) ?? []), t]);
    }
    for (const sizes of this.byFamily.values()) sizes.sort(compareSizes);
  }

  /** The type named (case and surrounding space ignored), or undefined. */
  lookup(name: string): InstanceType | undefined {
    return this.byName.get(name.trim().toLowerCase());
  }

  /** Every size of a family, smallest first (vCPU, then memory, accelerators, price); [] if unknown. */
  familySizes(family: string): readonly InstanceType[] {
    return this.byFamily.get(family.trim().toLowerCase()) ?? [];
  }

  /** Family names, sorted. */
  families(): string[] {
    return [...this.byFamily.keys()].sort();
  }

  /**
   * Linux on-demand USD/hour of a type in a region; null when the type is unknown or has no price there
   * (not offered, or no sourced figure). Throws a CostlensError('input') for a region the catalogue does not carry.
   */
  priceFor(instanceType: string, region: string): number | null {
    if (!(REGIONS as readonly string[]).includes(region)) {
      throw new CostlensError('input', `region ${region} is not in the EC2 catalogue`, {
        hint: `Catalogued regions: ${REGIONS.join(', ')}.`,
      });
    }
    return this.lookup(instanceType)?.prices[region as Region] ?? null;
  }
}

/**
 * Parses and validates catalogue CSV text. Errors are CostlensError('input') naming `source`, the
 * 1-based line and the column.
 */
export function parseInstanceCatalogue(text: string, source = 'instance-types.csv'): InstanceCatalogue {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) throw inputError(source, 1, 'file is empty; expected a header row');
  const header = parseCsvLine(lines[0]);
  for (const column of REQUIRED_COLUMNS) {
    if (!header.includes(column)) throw inputError(source, 1, `missing column "${column}"`);
  }
  const types: InstanceType[] = [];
  const seen = new Map<string, number>();
  for (let i = 1; i < lines.length; i++) {
    const lineNo = i + 1;
    if (lines[i].trim() === '') throw inputError(source, lineNo, 'blank line');
    const fields = parseCsvLine(lines[i]);
    if (fields.length !== header.length) {
      throw inputError(source, lineNo, `expected ${header.length} fields, found ${fields.length}`);
    }
    const record = Object.fromEntries(header.map((h, j) => [h, fields[j].trim()]));
    const parsed = rowSchema.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const column = String(issue.path[0] ?? '');
      const index = header.indexOf(column) + 1;
      throw inputError(source, lineNo, `${issue.message} (got "${record[column] ?? ''}")`, `${column} (${index})`);
    }
    const row = parsed.data as z.infer<typeof rowSchema> & Record<string, number | null>;
    if (!row.instance_type.startsWith(`${row.family}.`)) {
      throw inputError(source, lineNo, `family ${row.family} does not match ${row.instance_type}`, 'family');
    }
    if (row.instance_type.slice(row.family.length + 1) !== row.size) {
      throw inputError(source, lineNo, `size ${row.size} does not match ${row.instance_type}`, 'size');
    }
    const first = seen.get(row.instance_type);
    if (first !== undefined) {
      throw inputError(source, lineNo, `duplicate instance type ${row.instance_type} (first on line ${first})`, 'instance_type');
    }
    seen.set(row.instance_type, lineNo);
    types.push({
      instanceType: row.instance_type,
      family: row.family,
      generation: row.generation,
      size: row.size,
      vcpu: row.vcpu,
      memoryGib: row.memory_gib,
      architecture: row.architecture,
      processor: row.processor,
      category: row.category,
      prices: Object.fromEntries(REGIONS.map((r) => [r, row[priceColumn(r)]])) as Record<Region, number | null>,
      newerFamily: row.newer_family,
      gravitonFamily: row.graviton_family,
      accelerators: row.accelerators,
      priceBasis: row.price_basis,
    });
  }
  return new InstanceCatalogue(types);
}

let defaultCatalogue: InstanceCatalogue | undefined;

/**
 * Reads and validates the catalogue CSV (default: the shipped `data/ec2/instance-types.csv`).
 * Loading the default path also makes it the catalogue used by the module-level helpers; it is read once per process.
 */
export function loadInstanceCatalogue(path: string = DEFAULT_CATALOGUE_PATH): InstanceCatalogue {
  if (path === DEFAULT_CATALOGUE_PATH && defaultCatalogue) return defaultCatalogue;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new CostlensError('input', `cannot read EC2 catalogue ${path}`, { cause, hint: 'Check the path.' });
  }
  const catalogue = parseInstanceCatalogue(text, path);
  if (path === DEFAULT_CATALOGUE_PATH) defaultCatalogue = catalogue;
  return catalogue;
}

function shipped(): InstanceCatalogue {
  return defaultCatalogue ?? loadInstanceCatalogue();
}

/** Looks a type up in `catalogue` (default: the shipped catalogue); undefined if unknown. */
export function lookupInstanceType(name: string, catalogue: InstanceCatalogue = shipped()): InstanceType | undefined {
  return catalogue.lookup(name);
}

/** Sizes of a family ordered by vCPU then memory (then accelerators, price); [] if unknown. */
export function familySizes(family: string, catalogue: InstanceCatalogue = shipped()): readonly InstanceType[] {
  return catalogue.familySizes(family);
}

/** Linux on-demand USD/hour for `instanceType` in `region`, or null (see InstanceCatalogue.priceFor). */
export function priceFor(instanceType: string, region: string, catalogue: InstanceCatalogue = shipped()): number | null {
  return catalogue.priceFor(instanceType, region);
}
