/**
 * The sums behind the efficiency KPIs of one month and group (an account, a team, or all): EC2
 * hours and cost by purchase, architecture and generation, EBS and S3 GB-months by class, and
 * commitment coverage, added row by row from the KPI queries (money in units of 1e-10).
 */
import type { InstanceCatalogue, InstanceType } from '../../catalogue/ec2.ts';
import type { QueryRowTypes } from '../../engine/query-types.ts';
import { NO_COVERAGE, type CoverageFigures } from '../commitments/index.ts';
import { savingUnitsAtRatio } from '../findings-money.ts';

/** The parts of EC2 hours a KPI counts. */
export type Part = 'spot' | 'graviton' | 'currentGeneration';

export interface Accumulator {
  firstDay: string;
  lastDay: string;
  ec2Hours: number;
  ec2Cost: bigint;
  parts: Record<Part, { hours: number; cost: bigint }>;
  unclassifiedHours: number;
  twinHours: number;
  twinSaving: bigint;
  olderHours: number;
  olderSaving: bigint;
  ebsGbMonths: number;
  ebsCost: bigint;
  gp3GbMonths: number;
  gp2GbMonths: number;
  gp2Cost: bigint;
  s3GbMonths: number;
  s3StandardGbMonths: number;
  s3StandardCost: bigint;
  coverage: CoverageFigures;
}

export const emptyAccumulator = (day: string): Accumulator => ({
  firstDay: day, lastDay: day, ec2Hours: 0, ec2Cost: 0n, unclassifiedHours: 0, twinHours: 0, twinSaving: 0n, olderHours: 0, olderSaving: 0n,
  ebsGbMonths: 0, ebsCost: 0n, gp3GbMonths: 0, gp2GbMonths: 0, gp2Cost: 0n, s3GbMonths: 0, s3StandardGbMonths: 0, s3StandardCost: 0n,
  coverage: NO_COVERAGE,
  parts: { spot: { hours: 0, cost: 0n }, graviton: { hours: 0, cost: 0n }, currentGeneration: { hours: 0, cost: 0n } },
});

/** Whether a type is current generation: not an EC2 previous-generation family and no cheaper same-size successor. */
export function isCurrentGeneration(type: InstanceType, catalogue: InstanceCatalogue): boolean {
  if (type.generation === 'previous') return false;
  const successor = type.newerFamily ? catalogue.lookup(`${type.newerFamily}.${type.size}`) : undefined;
  const now = type.prices['us-east-1'];
  const next = successor?.prices['us-east-1'];
  return !(now !== null && next !== null && next !== undefined && next < now);
}

/** The us-east-1 list prices of a type and of its same-size type in `family`, when the second is cheaper. */
function cheaperIn(type: InstanceType, family: string | null, catalogue: InstanceCatalogue): [number, number] | null {
  if (!family) return null;
  const own = type.prices['us-east-1'];
  const other = catalogue.lookup(`${family}.${type.size}`)?.prices['us-east-1'];
  return own !== null && other !== null && other !== undefined && other < own ? [own, other] : null;
}


/** Adds a row of queries/kpi/ec2_compute_by_type.sql. */
export function addCompute(acc: Accumulator, r: QueryRowTypes['kpi/ec2_compute_by_type'], catalogue: InstanceCatalogue): void {
  const hours = r.hours ?? 0;
  const cost = r.cost ?? 0n;
  const type = catalogue.lookup(r.instance_type ?? '');
  acc.ec2Hours += hours;
  acc.ec2Cost += cost;
  const add = (part: Part) => {
    acc.parts[part].hours += hours;
    acc.parts[part].cost += cost;
  };
  if (r.purchase === 'spot') add('spot');
  if (!type) {
    acc.unclassifiedHours += hours;
    return;
  }
  if (type.architecture === 'arm64') add('graviton');
  const current = isCurrentGeneration(type, catalogue);
  if (current) add('currentGeneration');
  const twin = type.architecture === 'x86_64' ? cheaperIn(type, type.gravitonFamily, catalogue) : null;
  if (twin) {
    acc.twinHours += hours;
    acc.twinSaving += savingUnitsAtRatio(cost, twin[0], twin[1]);
  }
  const successor = current ? null : cheaperIn(type, type.newerFamily, catalogue);
  if (successor) {
    acc.olderHours += hours;
    acc.olderSaving += savingUnitsAtRatio(cost, successor[0], successor[1]);
  }
}

/** Adds a row of queries/kpi/ebs_storage_by_type.sql. */
export function addVolumes(acc: Accumulator, r: QueryRowTypes['kpi/ebs_storage_by_type']): void {
  const gb = r.gb_months ?? 0;
  acc.ebsGbMonths += gb;
  acc.ebsCost += (r.cost ?? 0n);
  if (r.volume_type === 'gp3') acc.gp3GbMonths += gb;
  if (r.volume_type === 'gp2') {
    acc.gp2GbMonths += gb;
    acc.gp2Cost += (r.cost ?? 0n);
  }
}

/** Adds a row of queries/kpi/s3_storage_by_class.sql. */
export function addS3(acc: Accumulator, r: QueryRowTypes['kpi/s3_storage_by_class']): void {
  const gb = r.gb_months ?? 0;
  acc.s3GbMonths += gb;
  if (r.storage_class === 'standard') {
    acc.s3StandardGbMonths += gb;
    acc.s3StandardCost += (r.cost ?? 0n);
  }
}
