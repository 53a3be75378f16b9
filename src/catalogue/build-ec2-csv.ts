/**
 * Generates `data/ec2/instance-types.csv` from the transcribed sources in `data/ec2/sources/`.
 *
 *   npx tsx src/catalogue/build-ec2-csv.ts [sourcesDir] [outFile]
 *
 * Rules (documented in data/ec2/README.md):
 * - the type list and the us-east-1 price come from the Karpenter price file;
 * - vCPU = size rule (medium 1, large 2, xlarge 4, Nxlarge 4N, metal-Nxl 4N, metal = largest size),
 *   memory = vCPU x family GiB-per-vCPU, unless `size-overrides.csv` says otherwise;
 * - a regional price is the sampled figure for that exact type when one was transcribed, otherwise
 *   us-east-1 x the regional ratio of the family's own sample, or of its first anchor family that has one.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderCsv } from '../lib/csv.ts';
import {
  REGIONS,
  readFamilies,
  readRegionalSamples,
  readSizeOverrides,
  readUsEast1Prices,
  type FamilySource,
  type RegionalSample,
} from './ec2-sources.ts';
import { PACKAGE_ROOT } from '../lib/package-root.ts';
import { groupBy } from '../lib/group-by.ts';
import { ascending } from '../lib/order.ts';

/** Column order of the generated CSV. */
export const CSV_HEADER = [
  'instance_type', 'family', 'generation', 'size', 'vcpu', 'memory_gib', 'architecture', 'processor', 'category',
  ...REGIONS.map((r) => `price_${r.replaceAll('-', '_')}`),
  'newer_family', 'graviton_family', 'accelerators', 'price_basis',
];

const SAMPLE_FILES = ['regional-samples.skypilot.csv', 'regional-samples.other.csv'];

/** A ratio to us-east-1, or 'absent' when the family's sample shows the region does not offer it. */
type Ratio = number | 'absent';

/** vCPU implied by a size name, or null for sizes that need an explicit override. */
function vcpuFromSize(size: string): number | null {
  if (size === 'medium') return 1;
  if (size === 'large') return 2;
  if (size === 'xlarge') return 4;
  const n = /^(?:metal-)?(\d+)x(?:large|l)$/.exec(size);
  return n ? Number(n[1]) * 4 : null;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Per family, per region: mean sampled ratio to us-east-1 (or 'absent'). */
function familyRatios(samples: RegionalSample[]): Map<string, Map<string, Ratio>> {
  const sums = new Map<string, Map<string, { sum: number; n: number; absent: boolean }>>();
  for (const s of samples) {
    const family = s.instanceType.split('.')[0];
    const byRegion = sums.get(family) ?? new Map();
    sums.set(family, byRegion);
    REGIONS.forEach((region, i) => {
      const acc = byRegion.get(region) ?? { sum: 0, n: 0, absent: false };
      const price = s.prices[i];
      if (price !== null) {
        acc.sum += price / (s.prices[0] as number);
        acc.n += 1;
      } else if (!s.partial) acc.absent = true;
      byRegion.set(region, acc);
    });
  }
  const ratios = new Map<string, Map<string, Ratio>>();
  for (const [family, byRegion] of sums) {
    const out = new Map<string, Ratio>();
    for (const [region, acc] of byRegion) {
      if (acc.n > 0) out.set(region, acc.sum / acc.n);
      else if (acc.absent) out.set(region, 'absent');
    }
    ratios.set(family, out);
  }
  return ratios;
}

/** Builds the catalogue rows (header first) from the sources directory. */
export function buildRows(dir: string): string[][] {
  const prices = readUsEast1Prices(dir);
  const families = readFamilies(dir);
  const overrides = readSizeOverrides(dir);
  const samples = readRegionalSamples(dir, SAMPLE_FILES);
  const ratios = familyRatios(samples);
  const sampleByType = new Map(samples.map((s) => [s.instanceType, s]));

  const byFamily = groupBy(prices.keys(), (type) => type.split('.')[0]);
  for (const [family, types] of byFamily) if (!families.has(family)) throw new Error(`${types[0]}: family ${family} missing from families.csv`);
  for (const f of families.keys()) if (!byFamily.has(f)) throw new Error(`families.csv: ${f} has no priced type`);

  const rows: { cells: (string | number)[]; sortKey: [string, number, number, number, number] }[] = [];
  for (const [family, types] of byFamily) {
    const fam = families.get(family) as FamilySource;
    const specs = new Map<string, { vcpu: number; mem: number; acc: number }>();
    const ruleVcpu = (type: string): number | null => {
      const size = type.slice(family.length + 1);
      return overrides.get(type)?.vcpu ?? (size === 'metal' ? null : vcpuFromSize(size));
    };
    const largest = Math.max(...types.map((t) => ruleVcpu(t) ?? 0));
    for (const type of types) {
      const o = overrides.get(type);
      const vcpu = ruleVcpu(type) ?? (type.endsWith('.metal') ? largest : null);
      if (vcpu === null || vcpu <= 0) throw new Error(`${type}: no vCPU rule; add it to size-overrides.csv`);
      const mem = o?.memoryGib ?? (fam.memPerVcpu === null ? null : vcpu * fam.memPerVcpu);
      if (mem === null) throw new Error(`${type}: no memory rule; add it to size-overrides.csv`);
      specs.set(type, { vcpu, mem: round(mem, 3), acc: o?.accelerators ?? 0 });
    }
    for (const type of types) {
      const { vcpu, mem, acc } = specs.get(type) as { vcpu: number; mem: number; acc: number };
      const use1 = prices.get(type) as number;
      const sample = sampleByType.get(type);
      const bases = new Set<string>();
      const regional = REGIONS.map((region, i): number | null => {
        if (i === 0) return use1;
        if (sample && sample.prices[i] !== null) {
          bases.add('sampled');
          return sample.prices[i];
        }
        if (sample && !sample.partial) return null; // the exact type is not offered there
        for (const anchor of fam.regionalAnchors) {
          const ratio = ratios.get(anchor)?.get(region);
          if (ratio === undefined) continue;
          if (ratio === 'absent') return null;
          bases.add(anchor === family ? 'family-ratio' : `anchor:${anchor}`);
          return round(use1 * ratio, 4);
        }
        return null;
      });
      const basis = bases.size === 0 ? 'us-east-1-only' : [...bases].sort().join('+');
      rows.push({
        cells: [
          type, family, fam.generation, type.slice(family.length + 1), vcpu, mem, fam.architecture, fam.processor,
          fam.category, ...regional.map((p) => (p === null ? '' : p)), fam.newerFamily, fam.gravitonFamily, acc, basis,
        ],
        sortKey: [family, vcpu, mem, acc, use1],
      });
    }
  }
  rows.sort((a, b) => {
    const [fa, ...ka] = a.sortKey;
    const [fb, ...kb] = b.sortKey;
    if (fa !== fb) return ascending(fa, fb);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] - kb[i];
    return ascending(String(a.cells[0]), String(b.cells[0]));
  });
  return [CSV_HEADER, ...rows.map((r) => r.cells.map(String))];
}

const isMain = process.argv[1] !== undefined && /build-ec2-csv\.ts$/.test(process.argv[1]);
if (isMain) {
  const root = PACKAGE_ROOT;
  const dir = process.argv[2] ?? join(root, 'data', 'ec2', 'sources');
  const out = process.argv[3] ?? join(root, 'data', 'ec2', 'instance-types.csv');
  const rows = buildRows(dir);
  const [header, ...body] = rows;
  writeFileSync(out, renderCsv(header, body, { formulas: 'keep', eol: '\n' }));
  console.error(`wrote ${rows.length - 1} instance types to ${out}`);
}
