/**
 * The case of bench/rightsizing-agreement: a fleet of EC2 instances with 14 days of daily
 * CloudWatch CPU rows, and what AWS would recommend for each BY AWS'S DOCUMENTED RULES.
 *
 * No public AWS rightsizing export (Compute Optimizer or Cost Explorer, with current type,
 * recommended types and CPU figures per instance) could be found to ship (searched: public code
 * and web pages; only API schemas, dashboards' SQL over such exports, and hand-made test mocks
 * exist). So the reference side is constructed, and labelled so everywhere it is printed, from:
 * - Cost Explorer, "Understanding rightsizing recommendations calculations"
 *   (https://docs.aws.amazon.com/cost-management/latest/userguide/understanding-rr-calc.html):
 *   14-day look-back; idle when maximum CPU is at or below 1 % → terminate; otherwise a
 *   modification when a cheaper type has the capacity.
 * - Compute Optimizer, "Rightsizing recommendation preferences"
 *   (https://docs.aws.amazon.com/compute-optimizer/latest/ug/rightsizing-preferences.html):
 *   CPU threshold p99.5, CPU headroom 20 % (projected ≤ 80 %); up to three options; without
 *   memory metrics memory is not a constraint (the recommendation says memory was not measured).
 * - EC2 User Guide, burstable performance instances: baseline CPU per vCPU of T sizes; a T size
 *   fits only when the projected average stays within its baseline.
 * - With `crossFamily` (bench flag --cross-family), Compute Optimizer's cross-family options for
 *   fixed-performance instances: the t3 and t3a sizes join the candidates, by the same rules.
 * This file does not import costlens's rightsizing code: it restates those rules on its own.
 */
import type { InstanceCatalogue, InstanceType } from '../src/catalogue/ec2.ts';

/** One instance of the fleet: its type, hourly price and 14 daily CPU figures. */
export interface FleetInstance {
  id: string;
  type: InstanceType;
  price: number;
  /** Per day: CloudWatch daily Maximum, Average and p99.5 of CPUUtilization (%). */
  days: { maximum: number; average: number; p995: number }[];
}

/** What the documented rules recommend: terminate, modify (with up to three options, least aggressive first) or nothing. */
export interface AwsReference {
  action: 'terminate' | 'modify' | 'none';
  options: string[];
}

/** EC2 User Guide, "Key concepts and definitions for burstable performance instances": baseline % per vCPU. */
const BASELINE: Record<string, Record<string, number>> = {
  t2: { nano: 5, micro: 10, small: 20, medium: 20, large: 30, xlarge: 22.5, '2xlarge': 17 },
  t3: { nano: 5, micro: 10, small: 20, medium: 20, large: 30, xlarge: 40, '2xlarge': 40 },
  t3a: { nano: 5, micro: 10, small: 20, medium: 20, large: 30, xlarge: 40, '2xlarge': 40 },
};

/** Documented thresholds. */
export const RULES = { idleMaxCpuPercent: 1, cpuThreshold: 'p99.5', headroomPercent: 20, lookbackDays: 14, maxOptions: 3 } as const;

/** The fleet's families: fixed-performance (current and previous generation) and burstable. */
const FIXED = ['m5', 'c5', 'r5', 'm4', 'c4'];
const FIXED_SIZES = ['large', 'xlarge', '2xlarge', '4xlarge'];
const BURSTABLE = ['t2', 't3', 't3a'];
const BURSTABLE_SIZES = ['micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'];

/** A small deterministic PRNG (mulberry32), so the fleet is the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/**
 * `count` instances, about 22 % fixed-performance and 78 % burstable (the mix of the fleet that
 * issue 12 describes), each idle, lightly used or busy, with daily figures that vary ±10 %.
 */
export function buildFleet(catalogue: InstanceCatalogue, count = 1051, seed = 12): FleetInstance[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  const fleet: FleetInstance[] = [];
  while (fleet.length < count) {
    const burstable = next() < 0.78;
    const type = catalogue.lookup(`${pick(burstable ? BURSTABLE : FIXED)}.${pick(burstable ? BURSTABLE_SIZES : FIXED_SIZES)}`);
    const price = type?.prices['us-east-1'];
    if (!type || price === undefined || price === null) continue;
    const r = next();
    const profile = r < (burstable ? 0.08 : 0.1) ? 'idle' : r < (burstable ? 0.78 : 0.6) ? 'low' : 'busy';
    const p995 = profile === 'idle' ? 0.2 + next() * 0.6 : profile === 'low' ? (burstable ? 2 + next() * 13 : 3 + next() * 27) : 45 + next() * 50;
    const average = profile === 'idle' ? p995 * 0.4 : profile === 'low' ? (burstable ? 0.5 + next() * 4.5 : p995 * (0.2 + next() * 0.3)) : 20 + next() * 20;
    const peak = 1.02 + next() * 0.18;
    const days = Array.from({ length: RULES.lookbackDays }, () => {
      const f = 0.9 + next() * 0.2;
      const dayP = round2(Math.min(100, p995 * f));
      return { p995: dayP, maximum: round2(Math.min(100, profile === 'idle' ? Math.min(1, dayP * peak) : dayP * peak)), average: round2(Math.min(dayP, average * f)) };
    });
    fleet.push({ id: `i-${(0x0a000000000000 + fleet.length).toString(16).padStart(17, '0')}`, type, price, days });
  }
  return fleet;
}

/** Burstable families Compute Optimizer may propose for a fixed-performance x86 instance (with crossFamily). */
const CROSS_FAMILY = ['t3', 't3a'];

/** The documented rules applied to one instance (see the module comment). */
export function awsReference(instance: FleetInstance, catalogue: InstanceCatalogue, crossFamily = false): AwsReference {
  const maxCpu = Math.max(...instance.days.map((d) => d.maximum));
  if (maxCpu <= RULES.idleMaxCpuPercent) return { action: 'terminate', options: [] };
  // The look-back's p99.5 from daily rows: the highest daily p99.5 (conservative).
  const threshold = Math.max(...instance.days.map((d) => d.p995));
  const average = instance.days.reduce((s, d) => s + d.average, 0) / instance.days.length;
  const current = instance.type;
  const families = crossFamily && BASELINE[current.family] === undefined ? [current.family, ...CROSS_FAMILY] : [current.family];
  const options = families.flatMap((f) => catalogue.familySizes(f))
    .filter((t) => {
      const price = t.prices['us-east-1'];
      if (price === null || price === undefined || price >= instance.price || t.instanceType === current.instanceType) return false;
      if ((threshold * current.vcpu) / t.vcpu > 100 - RULES.headroomPercent) return false;
      const baseline = BASELINE[t.family]?.[t.size];
      return baseline === undefined || (average * current.vcpu) / t.vcpu <= baseline;
    })
    .sort((a, b) => (b.prices['us-east-1'] ?? 0) - (a.prices['us-east-1'] ?? 0))
    .slice(0, RULES.maxOptions)
    .map((t) => t.instanceType);
  return { action: options.length > 0 ? 'modify' : 'none', options };
}
