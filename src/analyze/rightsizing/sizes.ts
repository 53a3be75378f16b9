/**
 * The arithmetic of rightsizing, free of I/O (the percentile over daily figures is taken in SQL,
 * queries/optimisation/instance_utilisation.sql): the projected utilisation of another size, and the choice of the smallest size (or cheaper family) that
 * keeps the projection within the target.
 */
import type { InstanceCatalogue, InstanceType, Region } from '../../catalogue/ec2.ts';
import { REGIONS } from '../../catalogue/ec2.ts';
import { codePointOrder } from '../../lib/order.ts';

/** Utilisation that `percent` on `from` becomes on `to`, scaled by the ratio of a capacity (vCPU, memory). */
export function project(percent: number, fromCapacity: number, toCapacity: number): number {
  return (percent * fromCapacity) / toCapacity;
}

/** What an instance uses: CPU always, memory when the CloudWatch agent reports it. */
export interface Utilisation {
  /** The configured percentile of CPU over the look-back. */
  cpuPercent: number;
  /** Mean CPU over the look-back (burstable baselines are about the average); null when unknown. */
  cpuAveragePercent: number | null;
  memoryPercent: number | null;
}

/**
 * Baseline CPU per vCPU of burstable sizes (AWS EC2 User Guide, "Key concepts and definitions
 * for burstable performance instances"): above it an instance spends CPU credits.
 */
const BURSTABLE_BASELINES: Record<string, Record<string, number>> = {
  t2: { nano: 5, micro: 10, small: 20, medium: 20, large: 30, xlarge: 22.5, '2xlarge': 17 },
  t3: { nano: 5, micro: 10, small: 20, medium: 20, large: 30, xlarge: 40, '2xlarge': 40 },
  t3a: { nano: 5, micro: 10, small: 20, medium: 20, large: 30, xlarge: 40, '2xlarge': 40 },
  t4g: { nano: 5, micro: 10, small: 20, medium: 20, large: 30, xlarge: 40, '2xlarge': 40 },
};

/** The baseline CPU % of a burstable size, or null for a fixed-performance type. */
export function burstableBaseline(type: InstanceType): number | null {
  return BURSTABLE_BASELINES[type.family]?.[type.size] ?? null;
}

/** A size that fits, with its projected utilisation and price. */
export interface SizeFit {
  type: InstanceType;
  projectedCpu: number;
  projectedMemory: number | null;
  price: number;
}

/** Hourly prices in one region, falling back to us-east-1 when the region is not catalogued. */
export interface PriceBook {
  region: string;
  /** How the prices were chosen, for the output. */
  basis: string;
  price(type: InstanceType): number | null;
}

/**
 * Prices for `region`: the catalogue's own column, or us-east-1's when the region is not in the
 * catalogue or the current type has no price there (then only ratios are meaningful).
 */
export function priceBook(catalogue: InstanceCatalogue, region: string | null, current: InstanceType): PriceBook {
  const known = region !== null && (REGIONS as readonly string[]).includes(region);
  const use = known && catalogue.priceFor(current.instanceType, region!) !== null ? region! : 'us-east-1';
  const basis = use === region ? `catalogue on-demand price, ${use}` : `catalogue on-demand price, us-east-1 (no price for ${region ?? 'an unknown region'})`;
  const book = use as Region;
  return { region: use, basis, price: (type) => type.prices[book] ?? null };
}

/**
 * Whether `utilisation` of `current` fits on `candidate` within `targetPercent`. Without memory
 * figures a candidate may not shrink memory faster than vCPU, unless `allowMemoryShrink` (the
 * low-confidence rule, {@link memoryUnmeasuredDownsize}).
 */
export function fit(current: InstanceType, candidate: InstanceType, utilisation: Utilisation, targetPercent: number, prices: PriceBook,
  allowMemoryShrink = false): SizeFit | null {
  const price = prices.price(candidate);
  if (price === null) return null;
  if (candidate.accelerators !== current.accelerators) return null;
  if (candidate.size.startsWith('metal') && !current.size.startsWith('metal')) return null;
  const projectedCpu = project(utilisation.cpuPercent, current.vcpu, candidate.vcpu);
  const projectedMemory = utilisation.memoryPercent === null ? null : project(utilisation.memoryPercent, current.memoryGib, candidate.memoryGib);
  if (projectedCpu > targetPercent + 1e-9) return null;
  if (projectedMemory !== null && projectedMemory > targetPercent + 1e-9) return null;
  // Without memory figures, never shrink memory faster than vCPU (t3.large → t3.nano keeps 2 vCPU but drops 8 GiB to 0.5).
  if (!allowMemoryShrink && projectedMemory === null && candidate.memoryGib * current.vcpu < current.memoryGib * candidate.vcpu - 1e-9) return null;
  // A burstable size must sustain the average within its baseline (else it runs out of CPU credits).
  const baseline = burstableBaseline(candidate);
  if (baseline !== null && candidate.instanceType !== current.instanceType) {
    const sustained = project(utilisation.cpuAveragePercent ?? utilisation.cpuPercent, current.vcpu, candidate.vcpu);
    if (sustained > baseline + 1e-9) return null;
  }
  return { type: candidate, projectedCpu, projectedMemory, price };
}

/** The smallest size of `family` that fits (sizes ordered by vCPU, then memory); null when none does. */
export function smallestFit(catalogue: InstanceCatalogue, family: string, current: InstanceType, utilisation: Utilisation, targetPercent: number, prices: PriceBook): SizeFit | null {
  for (const candidate of catalogue.familySizes(family)) {
    const found = fit(current, candidate, utilisation, targetPercent, prices);
    if (found) return found;
  }
  return null;
}

/**
 * The same-family recommendation: the smallest size that fits, when it is cheaper than the
 * current one (null when the current size is already the smallest that fits).
 */
export function sameFamilyDownsize(catalogue: InstanceCatalogue, current: InstanceType, utilisation: Utilisation, targetPercent: number, prices: PriceBook): SizeFit | null {
  const currentPrice = prices.price(current);
  const found = smallestFit(catalogue, current.family, current, utilisation, targetPercent, prices);
  if (!found || currentPrice === null || found.type.instanceType === current.instanceType || found.price >= currentPrice) return null;
  return found;
}

/**
 * The low-confidence rule when memory is not measured and no size keeps the memory per vCPU
 * (AWS proposes these, stating that memory was not measured): the next smaller size of the same
 * family with the same vCPU count and less memory (one step, the most memory below the current),
 * when CPU fits, a burstable size's baseline covers the average CPU, and it is cheaper.
 */
export function memoryUnmeasuredDownsize(catalogue: InstanceCatalogue, current: InstanceType, utilisation: Utilisation, targetPercent: number,
  prices: PriceBook): SizeFit | null {
  if (utilisation.memoryPercent !== null) return null;
  const currentPrice = prices.price(current);
  const step = catalogue.familySizes(current.family)
    .filter((t) => t.vcpu === current.vcpu && t.memoryGib < current.memoryGib)
    .sort((a, b) => b.memoryGib - a.memoryGib)[0];
  if (!step || currentPrice === null) return null;
  const found = fit(current, step, utilisation, targetPercent, prices, true);
  return found && found.price < currentPrice ? found : null;
}

/** A cheaper family to consider: the catalogue's newer generation or Graviton family. */
export interface FamilyAlternative extends SizeFit {
  /** What the move needs, since it is more than a resize. */
  platformChange: string;
}

/**
 * The cheapest fitting size in the current family's newer-generation or Graviton family, when
 * it costs less than `below` an hour; null otherwise.
 */
export function cheaperFamily(catalogue: InstanceCatalogue, current: InstanceType, utilisation: Utilisation, targetPercent: number, prices: PriceBook, below: number): FamilyAlternative | null {
  const options: FamilyAlternative[] = [];
  if (current.newerFamily) {
    const found = smallestFit(catalogue, current.newerFamily, current, utilisation, targetPercent, prices);
    if (found) {
      const archChange = found.type.architecture !== current.architecture;
      options.push({ ...found, platformChange: archChange
        ? `platform change: ${found.type.architecture} (${found.type.processor}) instead of ${current.architecture}; needs builds for it`
        : `platform change: newer generation ${found.type.family} (${found.type.processor}); check the AMI's ENA/NVMe drivers, needs a stop/start` });
    }
  }
  if (current.gravitonFamily) {
    const found = smallestFit(catalogue, current.gravitonFamily, current, utilisation, targetPercent, prices);
    if (found) options.push({ ...found, platformChange: `platform change: Graviton (arm64) instead of ${current.architecture}; needs arm64 builds of the OS and software` });
  }
  const cheapest = options.filter((o) => o.price < below).sort((a, b) => a.price - b.price || codePointOrder(a.type.instanceType, b.type.instanceType))[0];
  return cheapest ?? null;
}
