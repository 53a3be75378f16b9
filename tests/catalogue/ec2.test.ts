import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CostlensError } from '../../src/errors.ts';
import { buildRows } from '../../src/catalogue/build-ec2-csv.ts';
import {
  DEFAULT_CATALOGUE_PATH,
  REGIONS,
  familySizes,
  loadInstanceCatalogue,
  lookupInstanceType,
  parseInstanceCatalogue,
  priceFor,
  type InstanceType,
} from '../../src/catalogue/ec2.ts';

const catalogue = loadInstanceCatalogue();
const csvText = readFileSync(DEFAULT_CATALOGUE_PATH, 'utf8');
const SOURCES = join(DEFAULT_CATALOGUE_PATH, '..', 'sources');

const EXPECTED_HEADER =
  'instance_type,family,generation,size,vcpu,memory_gib,architecture,processor,category,' +
  'price_us_east_1,price_us_east_2,price_us_west_1,price_us_west_2,price_eu_west_1,price_eu_central_1,' +
  'price_ap_southeast_1,price_ap_northeast_1';

/** Families the rightsizing analysis relies on (the brief's list). */
const REQUIRED_FAMILIES = [
  't1', 't2', 't3', 't3a', 't4g', 'm1', 'm2', 'm3', 'm4', 'm5', 'm5a', 'm5n', 'm5zn', 'm5d', 'm6i', 'm6a', 'm6g',
  'm6gd', 'm6id', 'm7i', 'm7i-flex', 'm7a', 'm7g', 'm8g', 'c1', 'c3', 'c4', 'c5', 'c5a', 'c5n', 'c5d', 'c6i', 'c6a',
  'c6g', 'c6gn', 'c7i', 'c7a', 'c7g', 'c8g', 'r3', 'r4', 'r5', 'r5a', 'r5b', 'r5n', 'r6i', 'r6a', 'r6g', 'r7i', 'r7a',
  'r7g', 'r8g', 'x1', 'x1e', 'x2idn', 'z1d', 'i2', 'i3', 'i3en', 'i4i', 'd2', 'd3', 'h1', 'p3', 'p4d', 'g4dn', 'g5',
  'inf1',
];

/** Resources an instance offers, for dominance comparisons. */
const dominates = (a: InstanceType, b: InstanceType) =>
  a.vcpu >= b.vcpu && a.memoryGib >= b.memoryGib && a.accelerators >= b.accelerators;

describe('EC2 instance catalogue CSV', () => {
  it('parses, with the documented header and a row per instance type', () => {
    expect(csvText.split('\n')[0].startsWith(EXPECTED_HEADER)).toBe(true);
    expect(catalogue.types.length).toBe(csvText.trimEnd().split('\n').length - 1);
    expect(catalogue.types.length).toBeGreaterThan(900);
  });

  it('has no duplicate instance types', () => {
    const names = catalogue.types.map((t) => t.instanceType);
    expect(new Set(names).size).toBe(names.length);
  });

  it('covers every family the analyses rely on, with a us-east-1 price for every type', () => {
    const families = new Set(catalogue.families());
    expect(REQUIRED_FAMILIES.filter((f) => !families.has(f))).toEqual([]);
    expect(catalogue.types.filter((t) => t.prices['us-east-1'] === null)).toEqual([]);
  });

  it('is what the builder produces from data/ec2/sources (regenerate after editing a source)', () => {
    const rebuilt = buildRows(SOURCES).map((r) => r.join(',')).join('\n') + '\n';
    expect(rebuilt).toBe(csvText);
  });

  it('keeps architecture, processor and successor columns consistent', () => {
    const families = new Set(catalogue.families());
    for (const t of catalogue.types) {
      expect(t.architecture === 'arm64', t.instanceType).toBe(t.processor === 'aws-graviton');
      if (t.newerFamily !== null) expect(families.has(t.newerFamily), `${t.instanceType} newer`).toBe(true);
      if (t.gravitonFamily !== null) {
        expect(families.has(t.gravitonFamily), `${t.instanceType} graviton`).toBe(true);
        expect(familySizes(t.gravitonFamily)[0].processor).toBe('aws-graviton');
      }
      expect(t.priceBasis).toMatch(/^(us-east-1-only|(sampled|family-ratio|anchor:[a-z0-9-]+)(\+(sampled|family-ratio|anchor:[a-z0-9-]+))*)$/);
    }
  });
});

describe('family sizes and prices', () => {
  it('lists every family smallest first (vCPU, then memory)', () => {
    for (const family of catalogue.families()) {
      const sizes = familySizes(family);
      expect(sizes.length, family).toBeGreaterThan(0);
      for (let i = 1; i < sizes.length; i++) {
        const [a, b] = [sizes[i - 1], sizes[i]];
        expect(a.vcpu < b.vcpu || (a.vcpu === b.vcpu && a.memoryGib <= b.memoryGib), `${a.instanceType} < ${b.instanceType}`).toBe(true);
      }
    }
  });

  it('never prices a larger size below a smaller one of the same family, in any region', () => {
    for (const family of catalogue.families()) {
      const sizes = familySizes(family);
      for (const region of REGIONS) {
        for (const a of sizes) {
          for (const b of sizes) {
            const [pa, pb] = [a.prices[region], b.prices[region]];
            if (a === b || pa === null || pb === null || !dominates(b, a)) continue;
            const same = b.vcpu === a.vcpu && b.memoryGib === a.memoryGib && b.accelerators === a.accelerators;
            const label = `${region}: ${b.instanceType} vs ${a.instanceType}`;
            // Same shape (e.g. c6g.metal vs c6g.16xlarge): bare metal may carry a premium of up to ~10%.
            if (same) expect(Math.abs(pb - pa) / Math.min(pa, pb), label).toBeLessThanOrEqual(0.11);
            else expect(pb, label).toBeGreaterThanOrEqual(pa);
          }
        }
      }
    }
  });

  it('scales price with size: price per resource unit stays within 25% across a family', () => {
    for (const family of catalogue.families()) {
      const sizes = familySizes(family);
      if (sizes[0].category === 'accelerated_computing') continue; // accelerators dominate the price
      const [base] = sizes;
      for (const region of REGIONS) {
        const basePrice = base.prices[region];
        if (basePrice === null) continue;
        for (const t of sizes) {
          const price = t.prices[region];
          if (price === null) continue;
          const units = Math.max(t.vcpu / base.vcpu, t.memoryGib / base.memoryGib);
          const ratio = price / units / basePrice;
          expect(ratio, `${region} ${t.instanceType} vs ${base.instanceType}`).toBeGreaterThan(0.8);
          expect(ratio, `${region} ${t.instanceType} vs ${base.instanceType}`).toBeLessThan(1.25);
        }
      }
    }
  });

  it('orders GPU families so that a size with more of every resource costs more', () => {
    const g5 = familySizes('g5').map((t) => t.instanceType);
    expect(g5[0]).toBe('g5.xlarge');
    expect(g5.at(-1)).toBe('g5.48xlarge');
    expect(lookupInstanceType('g5.12xlarge')?.accelerators).toBe(4);
  });
});

describe('spot checks against the sources', () => {
  it.each([
    // instance, vCPU, GiB, us-east-1 USD/h (Karpenter price file, 2026-01-19)
    ['m5.large', 2, 8, 0.096],
    ['t3.micro', 2, 1, 0.0104],
    ['c5.xlarge', 4, 8, 0.17],
    ['r5.large', 2, 16, 0.126],
    ['m6g.large', 2, 8, 0.077],
    ['t2.micro', 1, 1, 0.0116],
    ['c5n.large', 2, 5.25, 0.108],
    ['i3.metal', 72, 512, 4.992],
    ['x1e.xlarge', 4, 122, 0.834],
    ['p4d.24xlarge', 96, 1152, 21.957642],
  ])('%s has %d vCPU, %d GiB and costs %d/h in us-east-1', (name, vcpu, mem, price) => {
    const t = lookupInstanceType(name);
    expect(t).toBeDefined();
    expect(t?.vcpu).toBe(vcpu);
    expect(t?.memoryGib).toBe(mem);
    expect(priceFor(name, 'us-east-1')).toBe(price);
  });

  it.each([
    // instance, region, USD/h as transcribed from the SkyPilot catalogue / other samples
    ['m5.large', 'eu-west-1', 0.107],
    ['m5.large', 'ap-northeast-1', 0.124],
    ['t3.large', 'us-west-1', 0.0992],
    ['t4g.medium', 'eu-central-1', 0.0384],
    ['c5.xlarge', 'us-west-1', 0.212],
    ['t2.micro', 'ap-southeast-1', 0.0146],
    ['x1.32xlarge', 'eu-central-1', 18.674],
  ])('%s in %s costs %d/h', (name, region, price) => {
    expect(priceFor(name, region)).toBe(price);
  });

  it('leaves a price empty where the sampled type is not offered', () => {
    expect(priceFor('g5.8xlarge', 'ap-southeast-1')).toBeNull();
    expect(priceFor('inf2.48xlarge', 'us-west-1')).toBeNull();
    expect(priceFor('p4d.24xlarge', 'eu-west-1')).toBeNull(); // us-east-1 only: no regional source
  });

  it('classifies architecture and processor vendor', () => {
    expect(lookupInstanceType('m6g.large')).toMatchObject({ architecture: 'arm64', processor: 'aws-graviton' });
    expect(lookupInstanceType('m5a.large')).toMatchObject({ architecture: 'x86_64', processor: 'amd' });
    expect(lookupInstanceType('c7i.large')).toMatchObject({ processor: 'intel', category: 'compute_optimized' });
    expect(lookupInstanceType('m4.large')).toMatchObject({ newerFamily: 'm6i', gravitonFamily: 'm6g' });
    expect(lookupInstanceType('m1.small')?.generation).toBe('previous');
  });
});

describe('lookups', () => {
  it('ignores case and surrounding space, and returns nothing for unknown names', () => {
    expect(lookupInstanceType(' M5.Large ')?.instanceType).toBe('m5.large');
    expect(lookupInstanceType('m99.huge')).toBeUndefined();
    expect(familySizes('nope')).toEqual([]);
    expect(priceFor('m99.huge', 'us-east-1')).toBeNull();
  });

  it('rejects a region the catalogue does not carry', () => {
    expect(() => priceFor('m5.large', 'mars-north-1')).toThrow(CostlensError);
  });
});

describe('validation errors name the line and column', () => {
  const lines = csvText.trimEnd().split('\n');
  const header = lines[0].split(',');
  const withField = (lineIndex: number, column: string, value: string) => {
    const copy = [...lines];
    const fields = copy[lineIndex].split(',');
    fields[header.indexOf(column)] = value;
    copy[lineIndex] = fields.join(',');
    return copy.join('\n');
  };
  const failure = (text: string): CostlensError => {
    try {
      parseInstanceCatalogue(text, 'test.csv');
    } catch (error) {
      expect(error).toBeInstanceOf(CostlensError);
      return error as CostlensError;
    }
    throw new Error('expected a validation error');
  };

  it('reports a bad number with its line and column', () => {
    const error = failure(withField(2, 'vcpu', 'two'));
    expect(error.code).toBe('input');
    expect(error.message).toContain('test.csv line 3, column vcpu (5)');
    expect(error.message).toContain('"two"');
  });

  it('reports a bad price, a bad enum and a mismatched family', () => {
    expect(failure(withField(4, 'price_eu_west_1', '-1')).message).toContain('line 5, column price_eu_west_1');
    expect(failure(withField(1, 'architecture', 'sparc')).message).toContain('line 2, column architecture');
    expect(failure(withField(1, 'family', 'zz9')).message).toContain('line 2, column family');
  });

  it('reports a missing column, a short row and a duplicate type', () => {
    expect(failure(lines.join('\n').replace('price_us_west_2', 'price_mars')).message).toContain(
      'line 1: missing column "price_us_west_2"',
    );
    expect(failure([...lines.slice(0, 3), 'm5.large,m5'].join('\n')).message).toContain('line 4: expected');
    expect(failure([...lines, lines[1]].join('\n')).message).toMatch(/duplicate instance type .* \(first on line 2\)/);
  });

  const dir = mkdtempSync(join(tmpdir(), 'costlens-ec2-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a catalogue from another path, naming that file in errors', () => {
    const good = join(dir, 'good.csv');
    writeFileSync(good, [...lines.slice(0, 3)].join('\n') + '\n');
    expect(loadInstanceCatalogue(good).types).toHaveLength(2);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, withField(1, 'memory_gib', 'lots'));
    expect(() => loadInstanceCatalogue(bad)).toThrow(`${bad} line 2, column memory_gib`);
    expect(() => loadInstanceCatalogue(join(dir, 'missing.csv'))).toThrow(CostlensError);
  });
});
